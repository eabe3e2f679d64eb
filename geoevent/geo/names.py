"""names.py turns place names as written into the look-up keys the gazetteer index uses."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"['’ʼʻ`´‘]")
_NON_WORD = re.compile(r"[\W_]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# the combining marks NFKD splits off accented letters ("é" -> "e" + U+0301)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters that NFKD does not split into a base letter and a mark.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                          "ł": "l", "Ł": "L", "ı": "i", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return the look-up key of ``text``: ASCII, lower case, apostrophes dropped, other
    punctuation and runs of spaces turned into one space ("Mek'ele" -> "mekele",
    "Sar-e Pul" -> "sar e pul", "Côte d'Ivoire" -> "cote divoire")."""
    if not text.isascii():      # most names are plain ASCII: skip the Unicode work for them
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_LETTERS)))
    text = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text.lower()))
    return _NON_ALNUM.sub(" ", text.encode("ascii", "ignore").decode()).strip()


def region_code(country: str, name: str) -> str:
    """Return the admin1 code the index gives a region of ``places_regions.tsv`` ("Donbas":
    "UA.donbas"): no GeoNames or ISO code looks so, which is how the resolver tells such a
    region from a division (geo/brackets.py)."""
    return f"{country}.{fold(name)}"


def is_latin_name(name: str) -> bool:
    """Return True if ``name`` is written in Latin letters and starts with a capital, the shape of
    an English-usable alternate name (not a romanised key like "kanw" or a code like "KAN")."""
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    folded = unicodedata.normalize("NFKD", name)
    return all(ch.isascii() or unicodedata.combining(ch) or ch in "’ʼ‘" for ch in folded)


_SKELETON_PAIRS = (("zh", "z"), ("kh", "k"), ("dh", "d"), ("gh", "g"), ("ph", "f"), ("sh", "s"),
                   ("c", "k"), ("q", "k"), ("y", "i"), ("w", "u"))
_VOWELS = re.compile(r"(?<=.)[aeiou]")
_REPEATS = re.compile(r"(.)\1+")


def skeleton(text: str) -> str:
    """Return the spelling-blind key of a division name: its folded consonants, first letter
    kept, doubled letters single, "zh"/"kh"/"c"/"q" as "z"/"k"/"k"/"k". Transliterations of one
    name share it ("Helmand"/"Helmund", "Togdheer"/"Togdher", "Zaporizhzhia"/"Zaporozhye",
    "Tillaberi"/"Tillabery", "Kharkiv"/"Kharkov"); "" when the name is too short to tell."""
    key = plain = fold(text).replace(" ", "")
    for old, new in _SKELETON_PAIRS:
        key = key.replace(old, new)
    key = _REPEATS.sub(r"\1", _VOWELS.sub("", key))
    return key if len(key) >= 4 or (len(key) == 3 and len(plain) >= 6) else ""


__all__ = ["fold", "is_latin_name", "skeleton"]
