"""strays.py finds the small towns chosen far from every other place their story names.

Local news names suburbs, townships, street corners, landmarks and venues that the gazetteer
lacks; when one shares its name with a small town elsewhere, that town is often the name's only
candidate, or the ranking takes it for want of a better one, and the mention lands on another
continent from the rest of the story (a township of a story set in one city read as the town of
that name abroad; a hilltop of a coastal city read as a desert town of another state). Such a
town, far (``settings.cfg`` [places] ``stray_km``, fitted by
``benchmarks/fit_stray_distance.py``) from every other town or division the story chose, in a
story whose other places give a vicinity, is read as a local place the gazetteer lacks and
placed by its context like one (``context._place_facilities``: the town written after it, a
town of its sentence in the story's country, the story's town, its division).

What stays: a big town (news names those without context), a name that its own words place
("X, Y", a bracket, a nationality word, an institution's name), the dateline, a town named as
often as any other place (the story's own), a town whose country the story names outright
while none of its other places lies there (a birthplace abroad, "born in a small town in
Poland"), a town someone comes from or travels to ("a crew from X", "flew to X"), and any
town of a story with no vicinity to place it in: no dateline town, and no
cluster of other places (a story of far places may happen in any of them). "<town>'s <name>"
takes the place of that town.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from geoevent.geo.gazetteer import Candidate
from geoevent.geo.mentions import _is_cap, _Span, _way_words
from geoevent.geo.names import fold
from geoevent.geo.points import distance_km
from geoevent.geo.rank import near_km

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Sources whose names chose their own candidates, and buildings whose name holds a town
#: ("<town> Centre", whose namesake far away is no better a guess than for a bare name): the
#: others were placed by a bracket, a nationality word or a name of an organisation or event.
_OWN_NAME = frozenset({"ner", "ner-misfit", "ner-person", "gazetteer", "facility"})

#: Sources of places that give the story a vicinity (``context._place_facilities`` places by
#: the towns the model tagged, the dateline's and the divisions).
_TAGGED = frozenset({"ner", "parenthetical", "ner-misfit"})


def stray_towns(doc: Doc, spans: Sequence[_Span], unplaced: set[int], named: Counter,
                dateline_end: int = 0) -> set[int]:
    """Return the ids of the mentions in ``spans`` whose chosen small town lies beyond
    ``stray_km`` of every other town or division the story chose, in a story that gives
    another vicinity (see the module docstring). ``unplaced`` holds the ids already left to
    their context; ``named`` counts the countries the story names outright or by nationality."""
    reach = stray_km()
    if reach == float("inf"):
        return set()
    from geoevent.geo.bare_names import big_town

    big = big_town()
    chosen = [s for s in spans if id(s) not in unplaced and s.chosen is not None
              and s.chosen.feature in ("place", "admin2", "admin1") and s.source not in ("modifier", "embedded")]
    out: set[int] = set()
    for span in chosen:
        c = span.chosen
        if not _may_stray(doc, span, big, dateline_end):
            continue
        key = fold(doc[span.start:span.end].text)
        others = [s for s in chosen if fold(doc[s.start:s.end].text) != key and s.source != "ner-person"]
        if not all(_apart_km(c, s.chosen) > reach for s in others):
            continue
        owner = _owner_before(doc, span, others)
        if owner is not None:
            # "<town>'s <name>": a place of that town, whatever the namesake abroad
            span.cands, span.chosen, span.source = [owner.chosen], owner.chosen, "facility"
            continue
        if not _gives_vicinity(doc, others, dateline_end, near_km()):
            continue
        # a journey's end or a person's origin lies anywhere: "came from X", "a soldier from X"
        if _journey_end(doc, span):
            continue
        # a birthplace abroad: the story names its country, and none of its other places lies there
        if named.get(c.country) and not any(s.chosen.country == c.country for s in others):
            continue
        # the town the story is about: named again and again, as often as any other place
        counts = Counter(fold(doc[s.start:s.end].text) for s in chosen)
        if counts[key] > 1 and counts[key] >= max(counts[fold(doc[s.start:s.end].text)] for s in others):
            continue
        out.add(id(span))
    return out


def _journey_end(doc: Doc, span: _Span) -> bool:
    """Return True for a name after "from", whatever governs it (where someone or something comes
    from: "a soldier from X"), or where a verb goes to or comes from (``context._journey_end``:
    "flew to X")."""
    from geoevent.geo.context import _journey_end as verb_journey_end

    return (span.start >= 1 and doc[span.start - 1].lower_ == "from") or verb_journey_end(doc, span.start, span)


def _owner_before(doc: Doc, span: _Span, others: Sequence[_Span]) -> _Span | None:
    """Return the town whose possessive stands right before ``span`` ("<town>'s <name>"), if any."""
    k = span.start - 1
    if k < 1 or doc[k].lower_ not in ("'s", "’s"):
        return None
    return next((s for s in others if s.end == k and s.chosen.feature in ("place", "admin2")), None)


def _may_stray(doc: Doc, span: _Span, big: float, dateline_end: int) -> bool:
    """Return True for a mention of a small town that its own name chose, with no words of its
    own placing it ("X, Y"; "Y" of "X, Y"; a bracket) and outside the dateline."""
    c = span.chosen
    return (c is not None and c.feature == "place" and c.population < big and span.source in _OWN_NAME
            and span.container is None and not span.contained and span.within is None
            and span.end > dateline_end and _is_cap(doc[span.start])
            and doc[span.end - 1].lower_.rstrip(".") not in _way_words(doc))
    # (a town named like a street or a square, "Union Square", is placed as one by resolve.py)


def _gives_vicinity(doc: Doc, others: Sequence[_Span], dateline_end: int, near: float) -> bool:
    """Return True when the story's other places give a vicinity to place a name in: a dateline
    town, or a cluster of at least two of their names, half of them or more, that vouch for
    each other (within ``near`` km, or a town and its division), with a tagged town or a
    division among them. Places scattered over a country or the world give none: a story of
    far places may happen in any of them."""
    if any(s.end <= dateline_end and s.chosen.feature in ("place", "admin2") for s in others):
        return True
    if not any(s.chosen.feature == "admin1" or s.source in _TAGGED for s in others):
        return False
    by_name: dict[str, Candidate] = {}
    for s in others:
        by_name.setdefault(fold(doc[s.start:s.end].text), s.chosen)
    widest = max((sum(_apart_km(a, b) < near or _apart_km(b, a) < near for b in by_name.values())
                  for a in by_name.values()), default=0)
    return widest >= 2 and 2 * widest >= len(by_name)


def _apart_km(c: Candidate, other: Candidate) -> float:
    """Return how far ``c`` lies from another chosen place: 0 inside a division it belongs to."""
    if other.feature == "admin1" and other.country == c.country and other.admin1_code \
            and other.admin1_code == c.admin1_code:
        return 0.0
    return distance_km(c.lat, c.lon, other.lat, other.lon)


def stray_km() -> float:
    """How far from every other place of its story a small town is read as a local namesake
    (km; ``settings.cfg`` [places] ``stray_km``; 0 or less turns the rule off)."""
    from geoevent.rules.settings import builtin_settings

    value = builtin_settings().value("places", "stray_km")
    return value if value > 0 else float("inf")
