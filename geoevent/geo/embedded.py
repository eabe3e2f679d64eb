"""embedded.py finds the places named inside other names: the town in a facility's name
("Leesburg Airport"), the place that opens a building's, an event's or a body's name ("the Ohio
State Fair"), and the jurisdiction a public body is named after ("the Cobb County Sheriff's
Office"). Each is a mention with role "modifier" unless the resolver decides otherwise.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from geoevent.geo.mentions import (
    _facility_words, _feature_words, _is_cap, _org_words, _short_code_ok, _Span, _stop_words, _way_words,
)
from geoevent.geo.names import fold
from geoevent.geo.words import words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from geoevent.geo.gazetteer import Candidate, Gazetteer


#: People from which a town named at the start of another name ("the London X School", "the
#: Kenya X Festival") is that town wherever the document is; a smaller one must be vouched for.
NAMED_CITY = 100_000


def _embedded_place(doc: Doc, span: _Span, gazetteer: Gazetteer, countries: set[str],
                    named: frozenset[str] = frozenset()) -> list[Candidate]:
    """Return the candidates of the town a facility's name contains ("Cebu Cathedral" ->
    Cebu, "Leesburg Airport" -> Leesburg): the longest run of capitalised words, outside the
    facility word, that names a country, a division or a town of 10,000 people (its main name),
    in a country the document names when it names any ("Old Town Leesburg" is no Saint Lucian
    "Town"), or a city of 100,000 people or a division whose name the document also uses as a
    place on its own (``named``, folded: "the London Guildhall School" of a story of Irish towns
    that says "studies in London"), as :func:`_embedded_names` reads a name's first words."""
    words = _facility_words(doc)
    stop = _stop_words(doc)
    tokens = [k for k in range(span.start, span.end) if doc[k].lower_ not in words]
    for size in range(min(len(tokens), 4), 0, -1):
        for first in range(len(tokens) - size + 1):
            run = tokens[first:first + size]
            if run[-1] - run[0] != size - 1 or not all(_is_cap(doc[k]) for k in run):
                continue
            text = doc[run[0]:run[-1] + 1].text
            if stop.get(fold(text)) or run[-1] + 1 - run[0] == span.end - span.start:
                continue
            cands = [c for c in gazetteer.candidates(text, 25) if not c.alternate and (
                c.feature != "place" or c.population >= 10_000)]
            if countries:
                cands = [c for c in cands if c.country in countries or (
                    fold(text) in named and (c.feature != "place" or c.population >= NAMED_CITY))]
            if cands and _short_code_ok(text, fold(text)):
                return cands
    return []


#: Entity labels of names that may open with a place's name ("the Kenya Coffee Festival", "the
#: Ohio State Fair", "the Gauteng Legislature").
NAMED_THINGS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})


def _embedded_names(doc: Doc, spans: Sequence[_Span], gazetteer: Gazetteer, countries: set[str]) -> list[_Span]:
    """Return the places named at the start of a building's, an event's or a body's name ("the
    Ohio State Fair", "the Kenya Coffee Festival", "the Gauteng Legislature", "the Alaska
    Purchase"; not an organisation proper such as "the Washington Post"): a country; or a division or a city of 100,000 people
    in a country the document is about, or a name the document also uses as a place. Each is a
    mention of the place (role "modifier": never an event's place by itself).

    A public body named after the place it serves ("the Cobb County Sheriff's Office", "the
    Ohio Department of Health", "the Dallas Police Department", "the Fulton Fire Department";
    words in ``places_bodies.tsv``) names that place literally, its jurisdiction: a division
    named in full ("X County") or by its name, wherever the document is, and a town of any
    size in a country the document is about."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    named = {fold(doc[s.start:s.end].text) for s in spans}
    stop = _stop_words(doc)
    bodies = words_of(doc).body_words
    features = _feature_words(doc)
    out = []
    for ent in doc.ents:
        if ent.label_ not in NAMED_THINGS or any(k in taken for k in range(ent.start, ent.end)):
            continue
        words = {t.lower_ for t in ent}
        body = bool(words & bodies) and ent.label_ in ("ORG", "FAC")
        # an organisation proper ("the Washington Post", "Kenya Airways") names no place, unless
        # its name opens with a division's full name: the bodies and schools of a county
        # ("the Floyd County Commission", "the Polk County School District")
        proper = ent.label_ == "ORG" and bool((words & _org_words(doc)) - bodies)
        if doc[ent.end - 1].lower_.rstrip(".") in _way_words(doc):
            continue    # a street named after a place ("South Boston Avenue") lies in the text's town
        start = ent.start + (doc[ent.start].lower_ == "the")
        for size in (3, 2, 1):
            end = start + size
            if end >= ent.end or not all(_is_cap(t) for t in doc[start:end]) or not doc[end - 1].whitespace_:
                continue    # ("Nord-Ouest" is one name)
            text = doc[start:end].text
            key = fold(text)
            if stop.get(key) or not _short_code_ok(text, key):
                continue
            division = [c for c in gazetteer.candidates(text, 25) if c.feature in ("admin1", "admin2")
                        and not c.alternate and fold(c.name) == key] if size > 1 and doc[end - 1].lower_ in features else []
            if proper:
                if division:
                    span = _Span(start, end, "embedded")
                    span.cands = division
                    out.append(span)
                    break
                continue
            # (a division or a city by its own name: "National" is no short form of a "National
            # Capital Region", "Lagos State" is Lagos)
            cands = [c for c in gazetteer.candidates(text, 10) if not c.alternate and (
                c.feature == "country" or ((c.feature in ("admin1", "admin2") or c.population >= NAMED_CITY)
                                           and (c.country in countries or key in named)
                                           and (key == fold(c.name) or key.startswith(fold(c.name) + " "))))]
            if not cands and body:
                cands = _jurisdictions(gazetteer, text, key, countries, features)
                if cands and size > 1 and doc[end - 1].lower_ in features and not gazetteer.is_known(text):
                    end -= 1    # "the Ohio Department of Health", "the Georgia State Patrol": Ohio, Georgia
            cands = cands or division     # "the Paulding County Board of Commissioners"
            if cands:
                span = _Span(start, end, "embedded")
                span.cands = cands
                out.append(span)
                break
    return out


def _jurisdictions(gazetteer: Gazetteer, text: str, key: str, countries: set[str],
                   features: dict[str, str]) -> list[Candidate]:
    """Return the places a public body's name may serve ("Cobb County" of "the Cobb County
    Sheriff's Office", "Marietta" of "the Marietta Police Department"): the divisions of that
    name in the countries the document is about, or anywhere when the name carries its division
    word ("X County") or the document names no country; the towns of that name in those
    countries, or the cities of 100,000 people when it names none."""
    out = []
    full = key.split()[-1] in features
    cands = gazetteer.candidates(text, 25)
    if not cands and full and " " in key:
        # "the Georgia State Patrol": the division "Georgia", written without its word
        bare = key.rsplit(" ", 1)[0]
        cands = [c for c in gazetteer.candidates(bare, 25) if c.feature in ("admin1", "admin2") and fold(c.name) == bare]
    for c in cands:
        if c.alternate or c.feature not in ("admin1", "admin2", "place"):
            continue
        # ("the Summerville City Council" serves the town of Summerville)
        town = c.feature == "place" and key.startswith(fold(c.name) + " ") and features.get(key.split()[-1]) == "local"
        if key != fold(c.name) and not (c.feature != "place" and key.startswith(fold(c.name) + " ")) and not town:
            continue
        if c.country in countries or (c.feature != "place" and (full or not countries)) or (
                not countries and c.population >= NAMED_CITY):
            out.append(c)
    return out
