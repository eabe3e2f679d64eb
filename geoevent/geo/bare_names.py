"""bare_names.py decides where a name with a local feature word that the gazetteer lacks may lie.

Local news names townships, boroughs, villages and quarters that GeoNames does not hold as
written ("Franklin Township", "Dalton Town"): the look-up then falls back to the bare name
("Franklin"), whose places are namesakes, most of them far from the story (the biggest town of
the name, in another state, for a township of a story set among a state's towns). Such a
fallback may keep only a candidate that the story vouches for, as the rest of the resolver
vouches for places: one inside the division written after the name ("X Township, Ohio"), one
of a first-level division the story names, or one near a town it names in that division; or
the name's one place, when it lies beside a place of another name of the story. When none is
vouched for, the name is a local place the gazetteer lacks and is placed by its context like
one (``context._place_facilities``: the town or division written after it, a town of its
sentence, the story's town), or nowhere when the story names no town or division. A big town
that is the bare name's one sense keeps its place in a story that names no other town or
division ("Kano City"), and in a story set in its country when the word calls the name a town
("Hull City"; ``places_town_words.tsv``): a township or a borough is no big town of its name.
A bracket places a name by itself (``brackets.py``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from geoevent.geo.gazetteer import Candidate, Gazetteer
from geoevent.geo.mentions import _feature_words, _is_cap, _listed_division, _Span
from geoevent.geo.names import fold
from geoevent.geo.points import distance_km
from geoevent.geo.rank import FirstPass, _choose, near_km
from geoevent.geo.words import words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Sources whose candidates something other than the name itself chose: a bracket, a nationality
#: word, a facility's or an organisation's name.
_PLACED_OTHERWISE = frozenset({"parenthetical", "demonym", "modifier", "embedded", "facility"})


class BareName(NamedTuple):
    """The bare name a mention stands on, and the feature word the gazetteer lacks it with."""

    name: str                   # "Franklin"
    word: str                   # "township", in lower case
    partner: int | None = None  # for A of "A and B Town", id() of B's mention


def bare_names(doc: Doc, spans: Sequence[_Span], gazetteer: Gazetteer) -> dict[int, BareName]:
    """Return, by id() of the span, the bare name whose candidates a mention stands on because
    the gazetteer lacks its whole name with its local feature word: "Franklin" for
    "Franklin Township"; each name of "Franklin and Jackson townships" when the gazetteer
    has no "Franklin township"; and "Milford" of "Milford and Dalton Town", where the model cut
    one name of two places sharing a capitalised feature word ("Dalton Town" being unknown too)
    and did not tag the first as a place.
    A name cut before a capitalised feature word ("Dunstan| Town") stands on its bare name too.
    A name known as written ("Gaza City", "Morris County") or placed by a bracket is none; nor
    one with a feature word in lower case after it ("Kano city", "Makurdi town": the town X),
    nor a country's ("U.S. District Court")."""
    words = _feature_words(doc)
    out: dict[int, BareName] = {}
    for span in spans:
        if not _may_be_bare(span):
            continue
        text = doc[span.start:span.end].text
        last = doc[span.end - 1]
        if span.end - span.start > 1 and words.get(last.lower_) == "local" and not gazetteer.is_known(text):
            out[id(span)] = BareName(doc[span.start:span.end - 1].text, last.lower_)
            continue
        if span.end - span.start == 1 and words.get(last.lower_) == "local" and last.is_title:
            # the feature word alone, capitalised, names the story's own one ("in the Valley",
            # "across the Township"), not a namesake village of that name
            out[id(span)] = BareName(text, last.lower_)
            continue
        word = doc[span.end] if span.end < len(doc) else None
        if word is not None and words.get(word.lower_) == "local" and word.is_title and not word.is_sent_start \
                and not (span.end + 1 < len(doc) and _is_cap(doc[span.end + 1])) \
                and not gazetteer.is_known(f"{text} {word.text}"):
            # the model or the look-up cut the name before its word (not a longer name's
            # first words: "Harare City Council")
            out[id(span)] = BareName(text, word.lower_)
            continue
        listed = _listed_division(doc, span.end)
        if listed and words.get(listed) == "local" and not gazetteer.is_known(f"{text} {listed}"):
            out[id(span)] = BareName(text, listed)
    # "A and B Town": the capitalised feature word of B's name is A's too, when the model did
    # not tag A as a place of its own ("Trenton and Hamilton Township" names the city Trenton)
    by_start = {s.start: s for s in spans}
    for span in spans:
        if id(span) in out or not _may_be_bare(span) or span.source == "ner" or span.end >= len(doc) \
                or doc[span.end].lower_ not in ("and", "&"):
            continue
        nxt = by_start.get(span.end + 1)
        if nxt is None or id(nxt) not in out:
            continue
        word = doc[nxt.end - 1]
        text = doc[span.start:span.end].text
        if nxt.end - nxt.start > 1 and word.is_title and not gazetteer.is_known(f"{text} {word.text}"):
            out[id(span)] = BareName(text, out[id(nxt)].word, id(nxt))
    return out


def _may_be_bare(span: _Span) -> bool:
    """Return True for a mention whose candidates its own name chose (no bracket, facility or
    nationality word placed it) and that is no country's name."""
    return span.source not in _PLACED_OTHERWISE and span.within is None and bool(span.cands) and not (
        span.cands[0].feature == "country" and not span.cands[0].alternate)


def vouch_bare_names(doc: Doc, spans: Sequence[_Span], bare: dict[int, BareName], named: Counter,
                     gazetteer: Gazetteer, first: FirstPass | None = None) -> set[int]:
    """Narrow each bare-name mention (``bare_names``) to the candidates its story vouches for and
    return the ids of those it vouches for none of: local places the gazetteer lacks, to be
    placed by their context (their candidates are emptied, so that their namesakes vouch for
    nothing). The evidence is the other mentions as ranked (``first`` is the first pass, to rank
    again the candidates left); a bare name kept is evidence for the others in turn ("Newark
    and Monroe Township": the city vouches for the township's namesake in its state)."""
    pending = [s for s in spans if id(s) in bare]
    if not pending:
        return set()
    evidence = [s for s in spans if id(s) not in bare and s.chosen is not None
                and s.chosen.feature in ("place", "admin2", "admin1")]
    # the countries the story is set in: those it names, and those of its towns and divisions
    countries = set(named) | {s.chosen.country for s in evidence}
    by_id = {id(s): s for s in spans}
    while pending:
        kept = []
        for span in pending:
            partner = by_id.get(bare[id(span)].partner)
            partner_pool = _pool(partner, bare[id(partner)].name, gazetteer) if partner is not None else []
            cands = _vouched_candidates(doc, span, bare[id(span)], spans, evidence, countries, named, gazetteer,
                                        partner_pool)
            if cands is None:
                continue
            kept.append(span)
            if cands != span.cands:
                span.cands = cands
                _choose(span, spans, named, first)
        if not kept:
            break
        pending = [s for s in pending if not any(s is k for k in kept)]
        evidence += [s for s in kept if s.chosen is not None]
        countries |= {s.chosen.country for s in kept if s.chosen is not None}
    for span in pending:
        span.cands, span.chosen = [], None
    return {id(s) for s in pending}


def _vouched_candidates(doc: Doc, span: _Span, bare: BareName, spans: Sequence[_Span], evidence: Sequence[_Span],
                        countries: set[str], named: Counter, gazetteer: Gazetteer,
                        partner_pool: Sequence[Candidate] = ()) -> list[Candidate] | None:
    """Return the candidates of a bare-name mention that the story vouches for (see the module
    docstring), its own when its choice may stand unvouched, or None. ``partner_pool`` holds
    the places of B's name for A of "A and B Town"."""
    key = fold(bare.name)
    # (a repeat of the bare name, "Franklin" after "Franklin Township", is no evidence:
    # the ranking gave it the same namesake)
    others = [s.chosen for s in evidence if s.chosen is not None and fold(doc[s.start:s.end].text) != key]
    pool = _pool(span, bare.name, gazetteer)
    container = spans[span.container].chosen if span.container is not None else None
    if container is not None:
        vouched = [c for c in pool if _inside(c, container)]
    else:
        vouched = [c for c in pool if _vouched(c, others)]
    if vouched:
        return vouched
    if container is None and len(pool) == 1 and not pool[0].alternate and any(
            _vouched(pool[0], [c for c in s.cands if not c.alternate]) for s in evidence
            if fold(doc[s.start:s.end].text) != key):
        # a name of one place only, beside a place of another mention's name: the township
        # named after its one borough, though the ranking took the other name's namesake far
        # away ("Lancaster and Manheim Township": Manheim, Pennsylvania)
        return pool
    chosen = span.chosen
    if chosen is None or container is not None:
        return None
    # "A and B Town": A's own reading stands when B's name has a place beside it (the two
    # vouch for each other: "Clifton and Wayne Township"), not when B's places lie far from it
    if partner_pool and any(_vouched(c, [chosen]) for c in partner_pool):
        return span.cands
    # a name called a town is that town: a big town that is the name's one sense stands in a
    # story set in its country ("Hull City" in a story of English towns far from Hull);
    # a township or a borough is no big town of its name ("Upper Providence Township" of a
    # story set in Pennsylvania is no city of Rhode Island)
    town = bare.word in words_of(doc).town_words
    if _one_big_sense(chosen, pool) and (not others or (town and chosen.country in countries)):
        return span.cands
    # a story that names no other town or division gives no vicinity to place the name in: the
    # name's only place in a country the story names stands ("Nigerian troops entered X Town")
    if not others and chosen.country in named and _one_sense_in_country(chosen, pool):
        return span.cands
    return None


def _pool(span: _Span, name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Return the places a bare-name mention may take: its candidates and every other place of
    the bare name (the look-up keeps the biggest only; a township's namesake in the story's
    state may be a small town), main names first."""
    pool = list(span.cands) + [c for c in gazetteer.candidates(name, 200) if c not in span.cands]
    # (another name of a place is no namesake of the township: a town's old name; the main
    # names decide, unless the name is known only so)
    return [c for c in pool if not c.alternate] or pool


def _inside(c: Candidate, container: Candidate) -> bool:
    """Return True when ``c`` lies in the place written after the name ("X Township, Ohio")."""
    if container.feature == "country":
        return c.country == container.country
    if container.feature == "admin1":
        return bool(c.admin1_code) and c.admin1_code == container.admin1_code
    if container.feature == "admin2":
        return c.country == container.country and c.admin1_code == container.admin1_code and (
            bool(c.admin2) and c.admin2 == container.admin2)
    if container.feature == "place":
        return c.country == container.country and distance_km(c.lat, c.lon, container.lat, container.lon) < near_km()
    return False


def _vouched(c: Candidate, others: Sequence[Candidate]) -> bool:
    """Return True for a candidate of a first-level division the story names, or near a town or
    district it names and in its division (the nearness of ``settings.cfg``, as
    ``rank._near_bonus`` counts a town of the same division): a township is rarely the namesake
    town across a state line ("Hamilton Township" of a story set in Trenton is no town of New
    York state)."""
    reach = near_km()
    for o in others:
        if o.country != c.country:
            continue
        if o.feature == "admin1":
            if o.admin1_code and o.admin1_code == c.admin1_code:
                return True
        elif (o.admin1_code == c.admin1_code or not (o.admin1_code and c.admin1_code)) \
                and distance_km(c.lat, c.lon, o.lat, o.lon) < reach:
            return True
    return False


def _one_big_sense(c: Candidate, pool: Sequence[Candidate]) -> bool:
    """Return True for a big town whose name means no other big place far from it ("Kano":
    the city and its state; not "Washington": the capital and the state far apart)."""
    big = big_town()
    if c.population < big:
        return False
    reach = near_km()
    return all(o is c or o.alternate or o.population < big
               or distance_km(c.lat, c.lon, o.lat, o.lon) < reach for o in pool)


def big_town() -> float:
    """The population of a town news names without context (``settings.cfg`` [places])."""
    from geoevent.rules.settings import builtin_settings

    return builtin_settings().value("places", "big_town")


def _one_sense_in_country(c: Candidate, pool: Sequence[Candidate]) -> bool:
    """Return True when the name means no other place of ``c``'s country far from it."""
    reach = near_km()
    return all(o is c or o.alternate or o.country != c.country
               or distance_km(c.lat, c.lon, o.lat, o.lon) < reach for o in pool)
