"""country_cues.py gives the countries a story names through words of their own: police
forces, parliaments, offices, titles and currencies of one country (``places_country_cues.tsv``).

A court story that speaks of "the Gardai" and "the Taoiseach" is set in Ireland though it never
says so; the ranking weighs its namesake towns as if the country were named.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from geoevent.geo.words import words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc


@lru_cache(maxsize=8)
def _cue_pattern(cues: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict[str, str]]:
    """Return one pattern of all the cues (those in capitals as written, the others in any case)
    and the country of each cue, keyed by its matched text as written or in lower case."""
    countries: dict[str, str] = {}
    parts = []
    for word, code in sorted(cues, key=lambda c: -len(c[0])):
        exact = word.isupper() or any(ch.isdigit() for ch in word)
        key = word if exact else word.lower()
        if key in countries:
            continue
        countries[key] = code
        # (an apostrophe may be typographic: "sheriff’s office")
        body = re.escape(word).replace("'", "['’]")
        parts.append(body if exact else f"(?i:{body})")
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])") if parts else re.compile(r"(?!)")
    return pattern, countries


def cue_countries(doc: Doc) -> Counter:
    """Return the countries the cue words of ``doc`` name, once for each distinct cue: a
    story's police named five times is one sign, its police and its parliament two."""
    pattern, countries = _cue_pattern(words_of(doc).country_cues)
    seen: set[str] = set()
    found: Counter = Counter()
    for m in pattern.finditer(doc.text):
        text = m.group(0).replace("’", "'")
        code = countries.get(text) or countries.get(text.lower())
        if code and text.lower() not in seen:
            seen.add(text.lower())
            found[code] += 1
    return found


__all__ = ["cue_countries"]
