"""resolve.py finds the place mentions of a parsed document and resolves them to gazetteer places.

Mentions come from spaCy's entities (GPE, LOC, FAC; NORP only when the text is a country's
name, as the small model tags "Tajikistan") and from a look-up of capitalised proper-noun
runs in the gazetteer, which catches the towns the model misses or mislabels ("Chitral" as ORG).
Each mention's candidates are then scored in two passes over the whole document:

1. priors (a country beats a division beats a town of the same name, bigger towns first,
   main names before alternates), words around the mention ("Kunar province", "X, Y",
   "X in Y", "Nigeria's Niger State", "Gusau local government area"), an ACLED-style bracket
   "Kagara (Rafi, Niger)" (the admin1 that holds the place; the bracket is no mention of its
   own), and the countries the document names or whose nationality words it uses ("Lebanese
   security sources");
2. the places chosen in pass 1: the same country, the same division ("Atlanta" pulls
   "Georgia" to the US state), nearness, and the dateline's country ("NIAMEY -").

A nationality word right after "in"/"into"/"to" with nothing but punctuation, a conjunction or
"territory"/"soil"/"border" after it is taken as its country ("took refuge in Pakistani").

The steps live in their own modules: mentions.py (spans and candidates), idioms.py (the local-news
idioms that say a name is a place), embedded.py (places named inside other names: facilities,
events, public bodies), brackets.py (ACLED brackets and addresses), datelines.py, demonyms.py
(nationality words), rank.py (candidate scoring), bare_names.py (names with a local feature
word the gazetteer lacks, "Franklin Township": which namesakes the story vouches for), strays.py
(small towns far from the rest of their story), airports.py, country_cues.py, generic_divisions.py
and context.py (the towns a story is about, and the facilities and local places placed by
them); this module runs them in order and holds the document context (``document_place``,
``nationality_place``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geoevent.geo.airports import stretch_over_airport_words
from geoevent.geo.bare_names import bare_names, vouch_bare_names
from geoevent.geo.context import _named_like_a_way, _place_facilities
from geoevent.geo.brackets import (
    _abbreviations_after_place, _apply_parentheticals, _link_containers, _place_by_container, _prefer_address_divisions,
)
from geoevent.geo.country_cues import cue_countries
from geoevent.geo.datelines import _dateline_division, _dateline_end, _line_capitals, _opening_capitals_end
from geoevent.geo.demonyms import _cap_words, _demonym_countries, _demonym_country, _demonym_modifiers, _demonym_places
from geoevent.geo.gazetteer import Candidate, Gazetteer
from geoevent.geo.embedded import _embedded_names, _embedded_place
from geoevent.geo.generic_divisions import drop_generic_divisions_abroad
from geoevent.geo.mentions import (
    PlaceMention,
    LIST_JOINS, _collect_spans, _entity_parts, _facility_words, _feature_hint,
    _closes_address, _feature_words, _way_words, _foreign_village, _gazetteer_span_ok, _is_cap, _is_facility, _locative_before, _lookup, _Span,
)
from geoevent.geo.words import use_words
from geoevent.geo.names import fold
from geoevent.geo.strays import stray_towns
from geoevent.geo.rank import FirstPass, _choose, candidate_features, explain_name, ranking_weights, score_features
from geoevent.model import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class RankedMention:
    """A mention's candidates with their ranking features, as the last pass saw them (for
    fitting the weights and for explaining a choice)."""

    start_char: int
    end_char: int
    text: str
    candidates: tuple[Candidate, ...]
    features: tuple[dict[str, float], ...]


def find_places(doc: Doc, gazetteer: Gazetteer, trace: list[RankedMention] | None = None,
                skip: Sequence[tuple[int, int]] = ()) -> list[PlaceMention]:
    """Return every place mention of ``doc``, resolved, in document order. ``trace`` collects
    each mention's candidates and ranking features. Names within ``skip`` (character spans of
    page clutter: link lists, "Most Popular" blocks) are left out: they name other stories'
    places, which must not vouch for this story's namesakes (a link to an essay on "Orwell's
    1984" would otherwise pull "Geneva" to the Ohio town beside Orwell, Ohio)."""
    # a dateline is written in capitals ("ADRÉ, Chad -"): its names are places, not acronyms
    use_words(doc, gazetteer)    # the rule set's nationality and feature words (geo/words.py)
    dateline_end = _dateline_end(doc) or _opening_capitals_end(doc, gazetteer)
    spans = _collect_spans(doc, gazetteer, dateline_end)
    spans = sorted(spans + _line_capitals(doc, gazetteer, spans), key=lambda s: s.start)
    spans = stretch_over_airport_words(doc, spans, gazetteer)     # "Heathrow| airport": the airport
    if skip:
        spans = [s for s in spans if not any(a <= doc[s.start].idx < b for a, b in skip)]
    kept: list[_Span] = []
    unknown: list[_Span] = []
    unknown_places: list[_Span] = []    # places the gazetteer lacks: placed by context
    # street and building names the model cut short ("West Lake| Street", "the corner of
    # Lake and Nicollet| streets", "St. Paul|'s Cathedral"): not the namesake towns or
    # divisions; placed by context
    streets = _streets_cut_short(doc, spans)
    spans = _join_cut_names(doc, spans, gazetteer)
    for span in list(spans):
        if any(street.start <= span.start and span.end <= street.end for street in streets):
            continue    # a street, or a word of one ("Cathedral" of "St. Mary's Cathedral")
        span.cands = _lookup(gazetteer, doc, span, dateline_end)
        if span.cands:
            span.hint = _feature_hint(doc, span)
            kept.append(span)
        elif span.source == "ner" and (span.label in ("GPE", "LOC") or _dash_address(doc, span)) and (
                parts := _known_parts(doc, span, gazetteer, dateline_end)):
            # the model joined names into one entity ("Alton, Hampshire", "south east
            # London", "Spain Portugal"; "Jacmel - Bas Ville" even as a facility): each known
            # part is a mention of its own
            kept.extend(parts)
        elif span.source in ("ner", "facility") and _is_facility(doc, span):
            unknown.append(span)
        elif span.source == "ner" and span.label in ("GPE", "LOC") and (areas := _areas_in_name(doc, span, gazetteer)):
            # a compound of continents' or oceans' names the gazetteer lacks ("Africa-wide"):
            # that broad area, not a town; each of them when it joins two ("Asia-Pacific",
            # "the Atlantic-Arctic gateway"), not the first for both
            if len(areas) == 1:
                span.cands, span.source = areas[0][1], "facility"
                kept.append(span)
            else:
                for k, cands in areas:
                    part = _Span(k, k + 1, "facility", label=span.label)
                    part.cands = cands
                    kept.append(part)
        elif _unknown_place_ok(doc, span):
            span.source = "unknown"
            unknown_places.append(span)
    facilities: list[_Span] = list(streets)    # facilities with no town in their name: placed by context
    countries = {s.cands[0].country for s in kept if s.source == "ner" and s.cands[0].feature != "place"
                 and not s.cands[0].alternate}
    # (a town the model tags as a place on its own vouches for a building named after it)
    named_alone = frozenset(fold(doc[s.start:s.end].text) for s in kept if s.source == "ner")
    for span in list(unknown_places):
        # a place the gazetteer lacks whose name holds a known one ("Kampala Hills", "the
        # Nairobi Gardens") lies in that one
        if span.end - span.start > 1 and (cands := _embedded_place(doc, span, gazetteer, countries, named_alone)):
            span.cands, span.source = cands, "facility"
            kept.append(span)
            unknown_places.remove(span)
    kept.sort(key=lambda s: s.start)
    if unknown:
        for span in unknown:
            # a street named after a place ("Kelso Road", "York Avenue") lies in the town
            # the text is about, not in that place; a building's name holds its town
            # ("Cebu Cathedral", "Leesburg Airport")
            way = doc[span.end - 1].lower_.rstrip(".") in _way_words(doc) and not any(
                t.lower_ in ("'s", "’s") for t in doc[span.start:span.end])     # "Nairobi's Moi Avenue"
            span.cands = [] if way else _embedded_place(doc, span, gazetteer, countries, named_alone)
            if span.cands:
                span.source = "facility"
                kept.append(span)
            elif span.end - span.start > 1 and doc[span.end - 1].lower_.rstrip(".") in _facility_words(doc) \
                    and (span.label != "ORG" or _locative_before(doc, span.start, weak=False)
                         or doc[span.end - 1].lower_.rstrip(".") in _way_words(doc)):
                # "Elm Street", "the Regent Theatre"; a name the model tags ORG is a building
                # when a preposition of place governs it ("dead at Mercy General Hospital",
                # "the news conference at Harbour Arena"), else an institution ("Mercy General
                # Hospital said")
                facilities.append(span)
        kept.sort(key=lambda s: s.start)
    spans = _apply_parentheticals(doc, kept, gazetteer)
    spans.extend(_demonym_places(doc, spans, gazetteer))
    spans.extend(_abbreviations_after_place(doc, spans, gazetteer))
    spans.extend(_dateline_division(doc, spans, gazetteer, dateline_end))
    spans.sort(key=lambda s: s.start)
    modifiers = _demonym_modifiers(doc, spans, gazetteer)
    # countries the entities surely name (countries and divisions), to vouch for weaker names
    ner_countries = {s.cands[0].country for s in spans
                     if s.source in ("ner", "parenthetical", "demonym")
                     and s.cands[0].feature != "place" and not s.cands[0].alternate}
    # (nationality words do not vouch for villages: "Australian builder" + "Docklands" is London)
    ner_countries.update(s.cands[0].country for s in spans if s.end <= dateline_end)
    demonyms = _demonym_countries(doc, spans, gazetteer)
    # the countries a village abroad must answer to: those the entities name, the nationality
    # words (the namesake abroad of a village Malian troops patrolled is not meant) and the
    # places a bracket vouches for
    home = ner_countries | set(demonyms) | {s.cands[0].country for s in spans if s.source == "parenthetical"} | {
        s.cands[0].country for s in spans if s.cands[0].feature in ("admin1", "admin2")
        and not s.cands[0].alternate and _closes_address(doc, s)} | {
        s.cands[0].country for s in spans if s.cands[0].feature == "admin1" and s.hint == "admin1"
        and len({c.country for c in s.cands}) == 1} | {
        s.cands[0].country for s in spans if s.source == "ner" and s.cands[0].population >= 100_000
        and not s.cands[0].alternate and len({c.country for c in s.cands}) == 1}
    # (and the division that closes an address, "in Jacmel - Bas Ville, Sud-Est, ...", whatever
    # label the model gave it, a division named with its division word, "the Kharkov Region",
    # even spelt another way, and a big city the model tagged that no other country has)
    _drop_alternates_abroad(spans, home)
    modifiers += _embedded_names(doc, spans + modifiers, gazetteer, home)
    if modifiers:
        spans = sorted(spans + modifiers, key=lambda s: s.start)
    spans = [s for s in spans if (s.source in ("ner", "parenthetical", "demonym", "modifier", "facility", "embedded")
                                  or s.end <= dateline_end
                                  or _gazetteer_span_ok(doc, s, ner_countries, gazetteer, home))
             and not _foreign_village(doc, s, home, gazetteer) and not _name_cut_short(doc, s)]
    if not spans:
        return []
    _link_containers(doc, spans)
    _prefer_address_divisions(doc, spans)
    _place_by_container(spans)
    facilities += unknown_places
    if facilities:
        taken = {k for s in spans for k in range(s.start, s.end)}
        facilities = [f for f in facilities if not any(k in taken for k in range(f.start, f.end))]

    # countries the document names outright, and those its nationality words name ("Lebanese
    # security sources"): a story mostly happens where its people come from
    named: Counter = Counter()
    for span in spans:
        # (a nationality word used as a modifier counts once, among the nationality words)
        if span.cands[0].feature == "country" and not span.cands[0].alternate and span.source not in ("modifier", "embedded"):
            named[span.cands[0].country] += 1
    named.update(demonyms)
    named.update(cue_countries(doc))    # "the Gardai", "the Knesset": their country (geo/country_cues.py)

    for span in spans:
        _choose(span, spans, named, None)
    # the dateline's place says where the reporter is ("NIAMEY -", "ADRÉ, Chad -")
    for span in spans:
        if span.end <= dateline_end and span.chosen is not None:
            named[span.chosen.country] += 2
    abroad = drop_generic_divisions_abroad(doc, spans, named, gazetteer)    # "the West Coast" of a story set elsewhere
    # countries of the towns and divisions chosen in pass 1 (named countries count already)
    first = FirstPass.of(spans)
    for span in spans:
        if len(span.cands) > 1:
            _choose(span, spans, named, first)

    # a name with a local feature word that the gazetteer lacks ("Franklin Township") keeps
    # a place of its bare name only where the story vouches for one, else it is placed by its
    # context like any local place the gazetteer lacks (geo/bare_names.py)
    unplaced = vouch_bare_names(doc, spans, bare_names(doc, spans, gazetteer), named, gazetteer, first)
    unplaced |= stray_towns(doc, spans, unplaced, named, dateline_end)    # far namesakes (geo/strays.py)
    if unplaced:
        # (a phrase in lower case, "a south city diner", names no place at all)
        facilities.extend(_Span(s.start, s.end, "unknown", label=s.label) for s in spans
                          if id(s) in unplaced and _is_cap(doc[s.start]))
        facilities.sort(key=lambda f: f.start)
    unplaced |= abroad
    _lists_of_one_kind(doc, spans)

    mentions = []
    for span in spans:
        if id(span) in unplaced:
            continue
        c = span.chosen
        assert c is not None
        text = doc[span.start:span.end].text
        if trace is not None and span.features:
            ds = doc[span.start:span.end]
            trace.append(RankedMention(ds.start_char, ds.end_char, text, tuple(span.cands), tuple(span.features)))
        place = Place(
            text=text, name=c.name, admin1=c.admin1 if c.feature not in ("country", "region") else None,
            admin2=c.admin2 if c.feature in ("place", "admin2") else None,
            country=c.country or None, country_name=c.country_name, lat=round(c.lat, 5),
            lon=round(c.lon, 5), geonameid=c.geonameid, precision=c.feature,
            score=round(span.score, 3),
        )
        ds = doc[span.start:span.end]
        mentions.append(PlaceMention(
            start=span.start, end=span.end, start_char=ds.start_char, end_char=ds.end_char,
            text=text, place=place,
            role="modifier" if span.source in ("modifier", "embedded") else "container" if span.contained else "mention",
            source=span.source, candidates=tuple(span.cands),
        ))
    if facilities or any(_named_like_a_way(doc, m) or (m.source == "facility" and m.place.precision == "place")
                         for m in mentions):
        mentions = _place_facilities(doc, facilities, mentions, dateline_end)
    return mentions


def _lists_of_one_kind(doc: Doc, spans: Sequence[_Span]) -> None:
    """Resolve a name listed among places of one kind to that kind: in "fires burned across
    Oregon, Washington and Idaho" or "envoys of Georgia, Armenia and Azerbaijan" a name that
    is also a town is the state or the country like the names beside it, in their country. A
    name that its own words place ("X, Y", "X district", a bracket) keeps its choice."""
    # "X, Y" with a town X is the town and its division; with a division X, a list
    towns_in = {s.container for s in spans if s.container is not None and s.chosen is not None
                and s.chosen.feature in ("place", "admin2")}
    for k, span in enumerate(spans):
        if span.chosen is None or len(span.cands) < 2 or k in towns_in or span.hint or span.within is not None \
                or (span.container is not None and span.chosen.feature in ("place", "admin2")):
            continue
        siblings = []
        j = k
        while j > 0 and _listed_together(doc, spans[j - 1], spans[j], towns_in, j - 1):
            j -= 1
            siblings.append(spans[j])
        j = k
        while j + 1 < len(spans) and _listed_together(doc, spans[j], spans[j + 1], towns_in, j):
            j += 1
            siblings.append(spans[j])
        # (countries listed together are of one kind whatever their codes)
        kinds = {(s.chosen.feature, "" if s.chosen.feature == "country" else s.chosen.country)
                 for s in siblings if s.chosen is not None}
        if len(kinds) != 1 or len(siblings) != sum(s.chosen is not None for s in siblings):
            continue
        feature, country = next(iter(kinds))
        if feature not in ("admin1", "country") or span.chosen.feature == feature:
            continue
        # (a country's candidate by another name is a part of its compound name: "Trinidad"
        # listed among countries is Trinidad and Tobago)
        same = [c for c in span.cands if c.feature == feature and (not c.alternate or feature == "country")
                and (feature == "country" or c.country == country)]
        if same:
            span.chosen = same[0]


def _listed_together(doc: Doc, left: _Span, right: _Span, towns_in: set[int], k: int) -> bool:
    """Return True when only list words (a comma, "and", "or") stand between two mentions
    (``left`` is ``spans[k]``) and they are no town and its division ("X, Y")."""
    between = [t.lower_ for t in doc[left.end:right.start]]
    return 1 <= len(between) <= 2 and all(w in LIST_JOINS for w in between) and k not in towns_in and k + 1 not in towns_in


def nationality_place(doc: Doc, gazetteer: Gazetteer) -> Place | None:
    """Return, for a text that names no place at all, the country its nationality words name
    most ("Nigerien soldiers repelled an attack on their base") at country precision, else None:
    a text that names a nationality is never placed nowhere. (The word is no place mention.)"""
    use_words(doc, gazetteer)
    demonyms = _demonym_countries(doc, (), gazetteer)
    if not demonyms:
        return None
    code = max(demonyms, key=lambda c: (demonyms[c], c))
    country = gazetteer.country(code)
    token = next((t for t in _cap_words(doc) if _demonym_country(t.text, doc) == code), None)
    if country is None or token is None:
        return None
    return Place(text=token.text, name=country.name, country=country.country,
                 country_name=country.country_name, lat=round(country.lat, 5),
                 lon=round(country.lon, 5), geonameid=country.geonameid, precision="country",
                 score=0.5)


def _known_parts(doc: Doc, span: _Span, gazetteer: Gazetteer, dateline_end: int) -> list[_Span]:
    """Return the parts of an unknown entity that the gazetteer knows, with their candidates."""
    parts = []
    for part in _entity_parts(doc, span, gazetteer):
        part.cands = _lookup(gazetteer, doc, part, dateline_end)
        if part.cands:
            part.hint = _feature_hint(doc, part)
            parts.append(part)
    return parts


def _name_cut_short(doc: Doc, span: _Span) -> bool:
    """Return True for the first word of a village's longer name that the model or the look-up
    cut short: "X" of "near X Y Z village" is no town of its own."""
    if span.source in ("parenthetical", "demonym", "modifier", "embedded") or span.end - span.start > 1:
        return False
    k = span.end
    while k < len(doc) and _is_cap(doc[k]) and doc[k].is_alpha and not doc[k].ent_type_ and k - span.end < 3:
        k += 1
    return k > span.end and k < len(doc) and _feature_words(doc).get(doc[k].lower_) == "local"


def _dash_address(doc: Doc, span: _Span) -> bool:
    """Return True for an entity of two names set apart by a spaced dash, a town and its
    quarter ("Jacmel - Bas Ville"), whatever label the model gave it."""
    return any(doc[k].text in ("-", "–") and doc[k].whitespace_ and doc[k - 1].whitespace_
               for k in range(span.start + 1, span.end - 1))


def _drop_alternates_abroad(spans: Sequence[_Span], home: set[str]) -> None:
    """Remove from a name's candidates the places abroad that bear it only as another name when
    the name is also the main name of a place in a country the document is about (a name beside
    Nigerian divisions is a Nigerian village, not a big town abroad also called so)."""
    if not home:
        return
    for span in spans:
        if len(span.cands) > 1 and any(c.country in home and not c.alternate for c in span.cands):
            span.cands = [c for c in span.cands if c.country in home or not c.alternate]


def _unknown_place_ok(doc: Doc, span: _Span) -> bool:
    """Return True for a name the model tags as a place that the gazetteer lacks, when the words
    around it say place: "moved back to Umlazi", "in Kadoma village", "Kirkstall Brow, Leeds"
    (a neighbourhood, a village, a township). Such a name is placed in the town or division the
    text names next to it, like a facility."""
    if span.source != "ner" or span.label not in ("GPE", "LOC") or span.end - span.start > 4:
        return False
    text = doc[span.start:span.end].text
    if not _is_cap(doc[span.start]) or any(t.like_num for t in doc[span.start:span.end]) or text.isupper():
        return False        # acronyms, numbers and words in capitals: "FDLR", "Route 66"
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s"):
        return False        # "in Nokia's plant": a firm's or a person's
    if _in_brackets(doc, span):
        return False        # a bracket's district names where the place before it lies
    k = span.start - 1
    while k >= 0 and doc[k].lower_ in ("the", "northern", "southern", "eastern", "western", "central"):
        k -= 1
    return (k >= 0 and doc[k].lower_ in UNKNOWN_PLACE_PREPS) or bool(_feature_hint(doc, span)) or (
        span.end < len(doc) and doc[span.end].text == "," and span.end + 1 < len(doc) and _is_cap(doc[span.end + 1]))


def _way_after(doc: Doc, span: _Span) -> int | None:
    """Return how many tokens to add to a name that the model cut before its street word, for a
    street: 1 for a capitalised one ("West Lake Street" tagged "West Lake"), 0 for the plural
    after two names ("Lake and Nicollet streets"), 2 for a possessive before a capitalised
    building word ("St. Paul's Cathedral"); else None. A lower-case singular ("the
    Kandahar road") is a road towards the town, which places an event near it: not a street."""
    if span.end >= len(doc):
        return None
    word = doc[span.end]
    lower = word.lower_.rstrip(".")
    ways = _way_words(doc)
    if lower in ways and word.is_title and span.end - span.start <= 3:
        return 1
    if word.lower_ in ("'s", "’s") and span.end + 1 < len(doc) and doc[span.end + 1].is_title \
            and doc[span.end + 1].lower_ in _facility_words(doc):
        return 2        # a saint's or a founder's building: "St. Paul's Cathedral", "St Mary's Hospital"
    if lower.endswith("s") and lower[:-1] in ways and span.start >= 2 and doc[span.start - 1].lower_ in ("and", "&"):
        return 0
    return None


def _join_cut_names(doc: Doc, spans: list[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Return ``spans`` with each name that the model or the look-up cut after its first words
    ("Nova| Iguacu", "U.S.| Virgin Islands", "Turks and| Caicos Islands", "Saint Vincent and
    the| Grenadines") stretched back over them, when the whole is a name the gazetteer knows (a
    span that held those words goes): else the tail alone is a namesake ("Islands" in Hong Kong)
    or a part of the whole, or nothing."""
    out = list(spans)
    for span in spans:
        if not any(span is s for s in out):
            continue
        for k in (4, 3, 2, 1):
            start = span.start - k
            if start < 0 or not _is_cap(doc[start]) or not all(
                    _is_cap(t) or t.lower_ in NAME_JOINS for t in doc[start:span.start]):
                continue
            if any(s.start < start < s.end for s in out):
                continue    # the words belong to a longer span
            text = doc[start:span.end].text
            if not gazetteer.is_known(text):
                continue
            out = [s for s in out if s is span or not (start <= s.start and s.end <= span.start)]
            span.start = start
            break
    return out


def _streets_cut_short(doc: Doc, spans: Sequence[_Span]) -> list[_Span]:
    """Return the spans that are street names the model cut before their street word, each
    stretched over a capitalised street word that follows it; both names of "X and Y streets"."""
    out: list[_Span] = []
    for k, span in enumerate(spans):
        way = _way_after(doc, span)
        if way is None:
            continue
        span.end += way
        out.append(span)
        if way == 0:     # "Lake and Nicollet streets": the name before "and" is a street too
            out.extend(s for s in spans[:k] if s.end == span.start - 1 and not any(s is o for o in out))
    return out


def _areas_in_name(doc: Doc, span: _Span, gazetteer: Gazetteer) -> list[tuple[int, list[Candidate]]]:
    """Return, for a name the gazetteer lacks, its capitalised words that name a continent, an
    ocean or a sea spanning several countries ("Atlantic" and "Arctic" in "Atlantic-Arctic"),
    each with that area as its one candidate, by token index; else []."""
    out = []
    for token in doc[span.start:span.end]:
        if not _is_cap(token) or not token.is_alpha:
            continue
        areas = [c for c in gazetteer.candidates(token.text, 5)
                 if c.feature == "region" and not c.country and not c.alternate]
        if areas:
            out.append((token.i, areas[:1]))
    return out


def _in_brackets(doc: Doc, span: _Span) -> bool:
    """Return True for a name inside a short bracket: "Kadoma (Gusau, Zamfara)"."""
    before = next((doc[k].text for k in range(span.start - 1, max(-1, span.start - 9), -1) if doc[k].text in "()"), None)
    after = next((doc[k].text for k in range(span.end, min(len(doc), span.end + 8)) if doc[k].text in "()"), None)
    return before == "(" and after == ")"


#: Lower-case words inside a name that joins places ("Trinidad and Tobago", "Saint Vincent and
#: the Grenadines"): a name cut after them is stretched back over them (``_join_cut_names``)
NAME_JOINS = frozenset({"and", "&", "the"})


# Prepositions that put a name the gazetteer lacks on the map ("moved back to Umlazi" is
# "to" a place, but "talking to Jenkins" is not: "to" and "of" are left out)
UNKNOWN_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "into", "towards"})


def document_place(mentions: Sequence[PlaceMention], doc: Doc | None = None) -> Place | None:
    """Return the document's main place: the dateline ("KABUL —", "KABUL, July 9 (Reuters) -")
    when there is one, else the place mentioned most (the more precise one on a tie)."""
    if not mentions:
        return None
    first = mentions[0]
    if doc is not None and _is_dateline(doc, first):
        return first.place
    counts: Counter = Counter()
    order: dict = {}
    by_key: dict = {}
    rank = {"place": 3, "admin2": 2, "admin1": 1, "country": 0, "region": -1}
    for k, m in enumerate(mentions):
        if m.role == "modifier":
            continue
        key = (m.place.geonameid, m.place.name, m.place.country)
        counts[key] += 1
        order.setdefault(key, k)
        by_key.setdefault(key, m.place)
    if not counts:
        return None
    key = max(counts, key=lambda x: (counts[x], rank.get(by_key[x].precision or "", 0), -order[x]))
    return by_key[key]


def _is_dateline(doc: Doc, mention: PlaceMention) -> bool:
    """True when the mention is in the dateline that opens the text."""
    from geoevent.pipeline import dateline_of

    found = dateline_of(doc)
    return found is not None and found[0] <= mention.start and mention.end < found[1]


def resolve_text(text: str, nlp, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Return the place mentions of ``text`` (parses it with ``nlp``; for quick use and tests)."""
    return find_places(nlp(text), gazetteer or Gazetteer.default())


__all__ = ["PlaceMention", "RankedMention", "find_places", "document_place", "nationality_place", "resolve_text",
           "candidate_features", "score_features", "ranking_weights", "explain_name"]
