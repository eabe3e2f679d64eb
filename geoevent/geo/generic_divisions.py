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

    from geoevent.geo.gazetteer import Candidate, Gazetteer

#: Words a generic division name may hold besides compass words and land nouns ("the North").
_GLUE = frozenset({"the", "-", "of"})
_DIVISIONS = ("admin1", "admin2")


def is_generic_name(doc: Doc, span: _Span) -> bool:
    """Return True for a mention made only of compass words ("North West", "Central") and land
    nouns ("West Coast", "Eastern Province"), with at least one compass word."""
    words = [t.lower_ for t in doc[span.start:span.end] if t.lower_ not in _GLUE]
    land = words_of(doc).land_nouns
    return bool(words) and any(w in COMPASS for w in words) and all(w in COMPASS or w in land for w in words)


def drop_generic_divisions_abroad(doc: Doc, spans: Sequence[_Span], named: Counter, gazetteer: Gazetteer) -> set[int]:
    """Remove from each generic-named mention (:func:`is_generic_name`) the divisions outside the
    countries the story is set in: those it names (``named``: countries, nationality words, cue
    words, the dateline) and those of the towns and divisions chosen for its other mentions.
    Return the ids of the mentions left with no candidate (their candidates are emptied, as
    ``vouch_bare_names`` does, so that they vouch for nothing); a story that shows no country
    keeps every candidate. A name with a division word whose home division bears only the bare
    name ("North West province" where the province is called "North West") takes that one
    (:func:`_home_divisions`)."""
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
        if not any(c.feature in _DIVISIONS for c in kept):
            kept = _home_divisions(doc, span, story, gazetteer) + kept
        span.cands = kept
        if not kept:
            span.chosen = None
            emptied.add(id(span))
        elif span.chosen not in kept:
            span.chosen = kept[0]
    return emptied


def _home_divisions(doc: Doc, span: _Span, story: set[str], gazetteer: Gazetteer) -> list[Candidate]:
    """Return the first-level divisions in the ``story``'s countries that bear the name of
    ``span`` without its last word, when that word is a division word of level admin1
    (``places_features.tsv``: "province", "region"); the gazetteer may know the full form only
    as another name of a namesake abroad."""
    last = doc[span.end - 1].lower_
    if span.end - span.start < 2 or words_of(doc).features.get(last) != "admin1":
        return []
    bare = doc[span.start:span.end - 1].text
    if doc[span.start].lower_ == "the":
        bare = doc[span.start + 1:span.end - 1].text
    return [c for c in gazetteer.candidates(bare) if c.feature == "admin1" and c.country in story and not c.alternate]


__all__ = ["drop_generic_divisions_abroad", "is_generic_name"]
