"""words.py reads the word lists that both extraction and place finding use: nationality words
(``demonyms.tsv``) and place feature words (``places_features.tsv``).

The RuleSet reads them here once (the built-in file, then the users' files) and hands them to
the actor lexicon, the ACLED naming rules and, through the gazetteer, to ``geo/``. This module
imports nothing from ``extraction/``, so ``geo/`` may use the built-in lists as its default.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import RuleError, RuleText, builtin_path, numbered_tsv

#: Word lists of place finding (besides nationality and feature words) that a user's TSV file
#: extends (``my_places_stopwords.tsv``), with the columns a row needs; read by ``geo/words.py``.
PLACE_LIST_KINDS = {"places_facilities": 1, "places_stopwords": 2, "places_land_nouns": 1,
                    "places_people_nouns": 1, "places_region_adjectives": 2, "places_abbreviations_after_town": 3,
                    "places_bodies": 1, "places_residents": 2, "places_org_words": 1, "places_town_words": 1,
                    "places_country_cues": 2}

#: The kinds a row's second column may name, for the place lists that have one (``""``: the
#: column may be left out); a misspelt kind is an error, not a row silently left unused.
PLACE_LIST_CHOICES = {"places_residents": ("resident", "of", "force", "hyphen"),
                      "places_stopwords": ("never", "person", "calendar", "direction", "area"),
                      "places_facilities": ("", "way")}

#: The place lists whose second column is a country's ISO 3166-1 alpha-2 code.
PLACE_LIST_CODES = ("places_country_cues",)

DEMONYM_KINDS = ("nationality", "country")
FEATURE_LEVELS = ("admin1", "local", "region")
_CODE = re.compile(r"[A-Z]{2}")


class Demonym(NamedTuple):
    """A row of ``demonyms.tsv``: a nationality word or a country name, its ISO code, its kind."""

    word: str
    country: str
    kind: str = "nationality"


def numbered_demonyms(path: Path | RuleText) -> Iterator[tuple[int, Demonym]]:
    """Yield ``(line number, Demonym)`` of a file in the format of ``demonyms.tsv``: WORD, CODE
    and optionally KIND (``nationality``, the default, or ``country``)."""
    for number, row in numbered_tsv(path, 2):
        kind = row[2] if len(row) > 2 and row[2] else "nationality"
        if not row[0] or not _CODE.fullmatch(row[1]):
            raise RuleError(f"{path}:{number}: expected WORD<TAB>CODE (two capital letters)[<TAB>KIND]")
        if kind not in DEMONYM_KINDS:
            raise RuleError(f'{path}:{number}: unknown kind "{kind}" (expected nationality or country)')
        yield number, Demonym(row[0], row[1], kind)


def numbered_place_rows(path: Path | RuleText, kind: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` of a place word list (one of :data:`PLACE_LIST_KINDS`);
    RuleError with file and line for a row whose kind column is not one of the list's kinds."""
    choices = PLACE_LIST_CHOICES.get(kind)
    for number, row in numbered_tsv(path, PLACE_LIST_KINDS[kind]):
        value = row[1] if len(row) > 1 else ""
        if choices is not None and value not in choices:
            shown = ", ".join(c or "(none)" for c in choices)
            raise RuleError(f"{path}:{number}: unknown kind {value!r} (one of {shown})")
        if kind in PLACE_LIST_CODES and not _CODE.fullmatch(value):
            raise RuleError(f"{path}:{number}: expected WORD<TAB>CODE (two capital letters), got {value!r}")
        yield number, row


@lru_cache(maxsize=1)
def builtin_demonyms() -> tuple[Demonym, ...]:
    """The rows of the built-in ``demonyms.tsv``, read once per process."""
    return tuple(d for _, d in numbered_demonyms(builtin_path("demonyms.tsv")))


def read_feature_words(extra: Iterable[Path | RuleText] = ()) -> dict[str, str]:
    """Return the place feature words and their levels (``places_features.tsv``, then ``extra``;
    later rows win): "province" -> admin1, "district" -> local, ..."""
    found = dict(builtin_feature_words())
    for path in extra:
        found.update(_feature_rows(path))
    return found


@lru_cache(maxsize=1)
def builtin_feature_words() -> dict[str, str]:
    """The rows of the built-in ``places_features.tsv``, read once per process (do not modify)."""
    return _feature_rows(builtin_path("places_features.tsv"))


def _feature_rows(path: Path | RuleText) -> dict[str, str]:
    found: dict[str, str] = {}
    for number, row in numbered_tsv(path, 2):
        if row[1] not in FEATURE_LEVELS:
            raise RuleError(f"{path}:{number}: level must be admin1, local or region, not {row[1]!r}")
        found[row[0].lower()] = row[1]
    return found


__all__ = ["Demonym", "builtin_demonyms", "builtin_feature_words", "numbered_demonyms", "numbered_place_rows",
           "read_feature_words"]
