"""generic_divisions.py keeps divisions whose names are only generic words ("West Coast", "North
West", "Central", "Eastern Province") to stories set in their own country.

Many countries call a first- or second-level division by a compass word, alone or before a
generic land noun (``places_land_nouns.tsv``): Nigeria's North East, Kenya's Central, South
Africa's North West, New Zealand's West Coast. Such a name means that division only in a story of
its country; in a story set elsewhere it is that story's own coast or north ("the West Coast" of
an American story), a part of a country the gazetteer does not hold. A wrong division abroad
is worse than no place: the story's events keep the places it names otherwise.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from geoevent.geo.mentions import COMPASS, _Span
from geoevent.geo.words import words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Words a generic division name may hold besides compass words and land nouns ("the North").
_GLUE = frozenset({"the", "-", "of"})
_DIVISIONS = ("admin1", "admin2")


def is_generic_name(doc: Doc, span: _Span) -> bool:
    """Return True for a mention made only of compass words ("North West", "Central") and land
    nouns ("West Coast", "Eastern Province"), with at least one compass word."""
    words = [t.lower_ for t in doc[span.start:span.end] if t.lower_ not in _GLUE]
    land = words_of(doc).land_nouns
    return bool(words) and any(w in COMPASS for w in words) and all(w in COMPASS or w in land for w in words)


def drop_generic_divisions_abroad(doc: Doc, spans: Sequence[_Span], named: Counter) -> set[int]:
    """Remove from each generic-named mention (:func:`is_generic_name`) the divisions outside the
    countries the story is set in: those it names (``named``: countries, nationality words, cue
    words, the dateline) and those of the towns and divisions chosen for its other mentions.
    Return the ids of the mentions left with no candidate (their candidates are emptied, as
    ``vouch_bare_names`` does, so that they vouch for nothing); a story that shows no country
    keeps every candidate."""
    generic = [s for s in spans if s.cands and is_generic_name(doc, s)]
    if not generic:
        return set()
    ids = {id(s) for s in generic}
    story = {c for c, n in named.items() if n > 0} | {
        s.chosen.country for s in spans if id(s) not in ids and s.chosen is not None
        and s.chosen.feature in ("place", "admin2", "admin1")}
    if not story:
        return set()
    emptied = set()
    for span in generic:
        kept = [c for c in span.cands if c.feature not in _DIVISIONS or c.country in story]
        if len(kept) == len(span.cands):
            continue
        span.cands = kept
        if not kept:
            span.chosen = None
            emptied.add(id(span))
        elif span.chosen not in kept:
            span.chosen = kept[0]
    return emptied


__all__ = ["drop_generic_divisions_abroad", "is_generic_name"]
