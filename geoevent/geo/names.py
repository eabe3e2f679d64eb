"""names.py turns place names as written into the look-up keys the gazetteer index uses."""
from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['’ʼʻ`´‘]")
_NON_WORD = re.compile(r"[\W_]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Letters that NFKD does not split into a base letter and a mark.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                          "ł": "l", "Ł": "L", "ı": "i", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"})


def fold(text: str) -> str:
    """Return the look-up key of ``text``: ASCII, lower case, apostrophes dropped, other
    punctuation and runs of spaces turned into one space ("Mek'ele" -> "mekele",
    "Sar-e Pul" -> "sar e pul", "Côte d'Ivoire" -> "cote divoire")."""
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text.lower()))
    return _NON_ALNUM.sub(" ", text.encode("ascii", "ignore").decode()).strip()


def is_latin_name(name: str) -> bool:
    """Return True if ``name`` is written in Latin letters and starts with a capital, the shape of
    an English-usable alternate name (not a romanised key like "kanw" or a code like "KAN")."""
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    folded = unicodedata.normalize("NFKD", name)
    return all(ch.isascii() or unicodedata.combining(ch) or ch in "’ʼ‘" for ch in folded)


__all__ = ["fold", "is_latin_name"]
