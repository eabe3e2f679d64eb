"""brackets.py reads the ACLED bracket and address idioms around place names.

"Kagara (Rafi, Niger)" (the divisions that hold a place; the bracket is no mention of its own),
"X, Y", "X in Y" and "Y's X" (Y contains X), "Ivanivka, Donetsk" (the division that holds X),
and division abbreviations after a town ("SPRINGFIELD, Ill.").
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from geoevent.geo.admin1_match import _core
from geoevent.geo.gazetteer import Candidate, Gazetteer
from geoevent.geo.mentions import (
    BROAD_FEATURES, CONNECTORS, _feature_hint, _feature_words, _ids, _is_cap, _Span, _token_ids,
)
from geoevent.geo.names import fold, region_code
from geoevent.geo.points import distance_km
from geoevent.geo.words import words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class _Within:
    """The "(Rafi, Niger)" after a place name: the divisions that hold it."""

    key: str                         # folded admin1 name as written
    admin1_codes: frozenset[str]
    countries: frozenset[str]


@dataclass(frozen=True)
class _Paren:
    start: int                       # the place name before the bracket
    end: int
    open: int                        # the bracket tokens
    close: int
    parts: tuple[tuple[int, int], ...]
    named: bool = True               # False: the bracket follows no place name ("the market
    #                                  campus (A2, A1)"); its first part stands for the place


def _parentheticals(doc: Doc) -> list[_Paren]:
    """Return the ACLED-style brackets after a place name: "Kagara (Rafi, Niger)", "Gao (Gao,
    Gao)", "Hyderabad (Hyderabad, Sindh)": one to three capitalised names split by commas."""
    out: list[_Paren] = []
    for k in _token_ids(doc, _ids(("(",))):
        token = doc[k]
        if token.i == 0:
            continue
        name_end = token.i
        if doc[name_end - 1].text == ")":
            # a bracket after a bracket, "X (a note) (A2, A1)": the divisions hold X
            name_end = next((j for j in range(name_end - 2, max(0, name_end - 12), -1) if doc[j].text in "()"), 0)
            if name_end < 1 or doc[name_end].text != "(":
                continue
        before = doc[name_end - 1]
        # "Kagara (Rafi, Niger)"; also "Rikwe Chongoi village (Kaura, Kaduna)"
        named = _is_cap(before) or (before.lower_ in _feature_words(doc) and name_end >= 2 and _is_cap(doc[name_end - 2]))
        if not named and not (before.is_alpha or before.text == ","):
            continue
        close = next((k for k in range(token.i + 2, min(len(doc), token.i + 14)) if doc[k].text == ")"), None)
        if close is None:
            continue
        # a lead-in of a few lower-case words before the names: "(location coded to A3, A2, A1)"
        first = token.i + 1
        while first < close and first - token.i <= 4 and doc[first].is_alpha and doc[first].is_lower:
            first += 1
        lead_in = first > token.i + 1
        parts, start, ok = [], first, True
        for k in range(first, close + 1):
            if doc[k].text in (",", ")"):
                if k == start or not _is_cap(doc[start]):
                    ok = False
                    break
                parts.append((start, k))
                start = k + 1
            elif not (_is_cap(doc[k]) or doc[k].lower_ in CONNECTORS or (
                    k > start and doc[k].lower_ in _feature_words(doc))):
                ok = False      # (a feature word may close a part: "(Kalay township, Sagaing Region)")
                break
        if not ok or not (2 if lead_in else 1) <= len(parts) <= 3:
            continue
        if not named:
            # a bracket of divisions after a common noun ("at the university campus (A2, A1)",
            # "in a farming community, (A2, A1)"): the place is the bracket's first division
            if len(parts) >= 2:
                out.append(_Paren(parts[0][0], parts[0][1], token.i, close, tuple(parts), named=False))
            continue
        begin = name_end - 1
        while begin > 0 and name_end - begin < 8:
            prev = doc[begin - 1]
            if (not prev.whitespace_ and prev.is_alpha or prev.text == "-") or _is_cap(prev) or (
                    prev.lower_ in CONNECTORS and begin > 1 and _is_cap(doc[begin - 2])):
                begin -= 1      # "Croix-des-Bouquets", "Dera Ismail Khan", "Bab al-Hawa"
            else:
                break
        while begin < name_end and not _is_cap(doc[begin]):
            begin += 1
        if doc[begin].is_sent_start and begin + 1 < name_end:
            begin += 1      # "Rebels attacked ..." : a capital at the start of a sentence
        out.append(_Paren(begin, name_end, token.i, close, tuple(parts)))
    return out


def _apply_parentheticals(doc: Doc, spans: list[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Return ``spans`` with each bracketed "(admin2, admin1)" turned into a constraint on the
    name before it, not a mention of its own. A name the gazetteer lacks ("Kagara") takes the
    admin2 town or the admin1 division the bracket names, so the event still has its place."""
    parens = _parentheticals(doc)
    if not parens:
        return spans
    out = list(spans)
    for paren in parens:
        a1_start, a1_end = paren.parts[_first_level_part(doc, paren, gazetteer)]
        a1_text = _part_text(doc, a1_start, a1_end)
        a1_cands = [c for c in gazetteer.candidates(a1_text, 25) if c.feature == "admin1"]
        spelt_otherwise = not a1_cands
        if not a1_cands:
            # a division spelt another way ("Helmund", "Togdher", "Zaporozhye")
            a1_cands = [c for c in gazetteer.divisions_like(a1_text) if c.feature == "admin1"]
            if not a1_cands and (base := _without_compass(doc, a1_text)):
                # a part of a division named by its compass point (a state written "X-North"):
                # the division itself
                a1_cands = [c for c in gazetteer.candidates(base, 25) if c.feature == "admin1"]
                spelt_otherwise = not a1_cands
            if a1_cands:
                a1_text = a1_cands[0].name
        enclosing = a1_cands
        key = fold(a1_text)
        if not a1_cands and len(paren.parts) >= 2:
            # the bracket's last name is a second-level division in GeoNames' terms (Burkina
            # Faso's provinces: "Tindiga (Tongomayel, Soum)"): it encloses the place just the same
            enclosing = [c for c in gazetteer.candidates(a1_text, 25) if c.feature == "admin2"]
            # (a district known as written is no look-alike: "X (X, A2)" stays in
            # the bracket's province though a town abroad is also called Yamba)
            spelt_otherwise = not enclosing
            enclosing = enclosing or [c for c in gazetteer.divisions_like(a1_text) if c.feature == "admin2"]
            if enclosing:
                key = fold(enclosing[0].admin1 or a1_text)
        x_text = doc[paren.start:paren.end].text
        x_cands = gazetteer.candidates(x_text, 25)
        if not x_cands and _part_text(doc, paren.start, paren.end) != x_text:
            # the name without its feature word: "X township (A2, A1)"
            x_text = _part_text(doc, paren.start, paren.end)
            x_cands = gazetteer.candidates(x_text, 25)
        if not paren.named and not enclosing:
            continue        # a bracket after a common noun counts only when it names divisions
        if enclosing and len({c.country for c in enclosing}) > 1:
            # a division name several countries use, and nothing else in the bracket says which:
            # a division whose own name is spelt otherwise (a hyphen for a space, a word
            # dropped: "North-East" for "North East", "Savanes District" for "Savanes") yields to
            # one spelt as written. (A name in other words, "North-West" for "Nord-Ouest", is
            # another language's, as good as the one written.)
            as_written = [c for c in enclosing if not _spelt_otherwise(c.name, a1_text)]
            named_here = {c.country for c in x_cands} | {
                c.country for a, b in paren.parts[:-1] for c in gazetteer.candidates(_part_text(doc, a, b), 25)}
            if as_written and len(as_written) < len(enclosing) and not named_here & {c.country for c in enclosing}:
                enclosing = as_written
        if enclosing:
            # a division name many countries share ("Plateau", "North East", "Northwestern"):
            # the bracket's other names say which country is meant ("Port Loko Town (Maforki,
            # Port Loko, Northwestern)" is in Sierra Leone, not Zambia's North-Western)
            inner_cands = [c for a, b in paren.parts[:-1] for c in gazetteer.candidates(_part_text(doc, a, b), 25)]
            named = {c.country for c in x_cands + inner_cands}
            common = named & {c.country for c in enclosing}
            if common:
                enclosing = [c for c in enclosing if c.country in common]
            elif paren.named and (any(c.feature in BROAD_FEATURES or c.population >= 100_000 for c in x_cands + inner_cands) or (
                    spelt_otherwise and any(not c.alternate for c in inner_cands))):
                # a namesake abroad: the bracket constrains nothing ("Dakar (Plateau)" is a
                # neighbourhood, not Nigeria's Plateau State); the names it holds place the event.
                # (A village only namesakes abroad know stays with the bracket's division: the
                # bracket rules out "Pensa" in Russia; so do small namesakes of its districts.)
                out = [s for s in out if s.end <= paren.start or s.start > paren.close]
                span = _Span(paren.start, paren.end, "parenthetical")
                span.cands = [c for c in x_cands + inner_cands if c.feature in BROAD_FEATURES or c.population >= 100_000] or [
                    c for c in inner_cands if not c.alternate]
                # (a division known only by a look-alike in another country yields to the
                # bracket's district known as written in this one)
                span.hint = _feature_hint(doc, span)
                out.append(span)
                continue
        if not enclosing and not any(c.admin1 and fold(c.admin1) == key for c in x_cands):
            # "(SDF)", "(Reuters)": no division. An ACLED bracket whose division the gazetteer
            # does not name ("Jenin (Jenin, Jenin)") still names no place of its own: its names
            # must not outvote the place before it
            inner = [c for a, b in paren.parts for c in gazetteer.candidates(doc[a:b].text, 5)]
            if len(paren.parts) == 2 and inner and not any(c.feature == "country" for c in inner):
                out = [sp for sp in out if not (paren.open < sp.start and sp.end <= paren.close)]
            continue
        # "(admin2, admin1)", "(admin3, admin2, admin1)": the most specific division known
        inner_parts = [_part_text(doc, a, b) for a, b in paren.parts[:-1]]
        within = _Within(key, frozenset(c.admin1_code for c in enclosing if c.admin1_code),
                         frozenset(c.country for c in enclosing))
        span = _Span(paren.start, paren.end, "parenthetical", within=within)
        # the bracket rules out namesakes abroad: "Boni (Douentza, Mopti)" is not Bonn
        span.cands = [c for c in x_cands if _within_score(c, within) > 0] if within.countries else x_cands
        for part in inner_parts:
            if span.cands:
                break
            span.cands = _enclosing_admin2(gazetteer, part, within)
        if not paren.named and not (_bracket_agrees(x_cands, enclosing) or span.cands):
            continue        # a bracket after a common noun counts only when its names nest
        out = [s for s in out if s.end <= paren.start or s.start > paren.close]
        if not span.cands:
            span.cands = enclosing
        if span.cands:
            span.hint = _feature_hint(doc, span)
            out.append(span)
    out.sort(key=lambda s: s.start)
    return out


def _first_level_part(doc: Doc, paren: _Paren, gazetteer: Gazetteer) -> int:
    """Return the index of the bracket part that names the widest division: the last one, as
    ACLED writes "(admin2, admin1)", unless the last is no division and an earlier part is a
    first-level division that holds it (a bracket written the other way round, "(admin1,
    admin2)")."""
    last = len(paren.parts) - 1
    a, b = paren.parts[last]
    last_cands = gazetteer.candidates(_part_text(doc, a, b), 25)
    if len(paren.parts) < 2 or any(c.feature == "admin1" for c in last_cands):
        return last
    for k, (a, b) in enumerate(paren.parts[:-1]):
        codes = {c.admin1_code for c in gazetteer.candidates(_part_text(doc, a, b), 25)
                 if c.feature == "admin1" and c.admin1_code}
        if codes and any(c.admin1_code in codes for c in last_cands if not c.alternate):
            return k
    return last


def _without_compass(doc: Doc, name: str) -> str | None:
    """Return a division name without the compass word joined to its end by a hyphen
    ("Kachin-South" -> "Kachin"), else None."""
    head, dash, tail = name.rpartition("-")
    if dash and head and words_of(doc).stop_words.get(fold(tail)) == "direction":
        return head
    return None


def _spelt_otherwise(name: str, written: str) -> bool:
    """Return True for a division's name that is the written one with other punctuation or with
    a generic word more or less ("North-East" for "North East", "Savanes District" for
    "Savanes"), not the written name itself."""
    return name.lower() != written.lower() and (fold(name) == fold(written) or _core(name) == _core(written))


def _bracket_agrees(x_cands: Sequence[Candidate], enclosing: Sequence[Candidate]) -> bool:
    """Return True when a bracket's first name lies in (or is) the division its last names."""
    codes = {c.admin1_code for c in enclosing if c.admin1_code}
    return any(c.admin1_code in codes for c in x_cands if not c.alternate)


def _part_text(doc: Doc, start: int, end: int) -> str:
    """Return a bracket part's name without the feature word that closes it ("Sagaing Region" ->
    "Sagaing", "Kalay District" -> "Kalay")."""
    if end - start > 1 and doc[end - 1].lower_ in _feature_words(doc):
        return doc[start:end - 1].text
    return doc[start:end].text


def _prefer_address_divisions(doc: Doc, spans: list[_Span]) -> None:
    """In an address "X, Y" whose Y is both a town and a division, keep Y's division readings
    that hold a place called X: "Ivanivka, Donetsk" is the Donetsk region (it has an
    Ivanivka), "Paris, Texas" the state."""
    for span in spans:
        if span.container is None:
            continue
        outer = spans[span.container]
        if [t.text for t in doc[span.end:outer.start]] != [","]:
            continue
        divisions = [c for c in outer.cands if c.feature in ("admin1", "admin2")]
        if not divisions or len(divisions) == len(outer.cands):
            continue
        codes = {c.admin1_code for c in span.cands if c.feature != "admin1"}
        holding = [c for c in divisions if c.admin1_code in codes]
        if holding:
            outer.cands = holding


def _place_by_container(spans: list[_Span]) -> None:
    """Give a small town named in "X, Y" or "X in Y" whose every candidate lies outside each
    division Y may be the candidates of Y: the gazetteer lacks that X and knows only namesakes elsewhere
    ("X, Kherson" is no village of another oblast, "a hamlet near X in Y (A2, A1)" no
    town of another province); the event still lands in the place that holds it."""
    for span in spans:
        if span.container is None or span.source == "parenthetical" or span.within is not None:
            continue
        container = spans[span.container]
        # (a town the ACLED bracket places, "near X in Y (A2, A1)", holds X as a division would)
        kinds = ("admin1", "admin2", "place") if container.within is not None else ("admin1", "admin2")
        outer = [c for c in container.cands if c.feature in kinds]
        if not outer or not span.cands or any(c.feature != "place" or c.population >= 50_000 for c in span.cands):
            continue    # (a list of towns, "Leeds, York, Hull", holds no address)
        # a town Y may hold X too ("a university in Y" where Y is a city and, abroad, a
        # district): X lies outside Y only when it lies outside every reading of Y
        if not any(_inside(c, o) for c in span.cands for o in container.cands):
            span.cands = outer


def _inside(inner: Candidate, outer: Candidate) -> bool:
    """Return True when ``inner`` may lie in ``outer`` (the same country, division or, for a
    town, the same first-level division)."""
    if outer.feature == "country":
        return inner.country == outer.country
    if outer.feature == "admin2":
        return inner.country == outer.country and inner.admin1_code == outer.admin1_code and (
            not inner.admin2 or inner.admin2 == outer.admin2 or _part_of(inner.admin2, outer.admin2))
    if outer.admin1_code == region_code(outer.country, outer.name):
        # a region news names that is no division of GeoNames (places_regions.tsv: "Donbas",
        # "Berkshire", "County Tyrone"): its towns carry other divisions' codes, so a
        # town of its country near its centre lies in it
        return inner.country == outer.country and distance_km(inner.lat, inner.lon, outer.lat, outer.lon) <= _region_radius_km()
    return inner.country == outer.country and (not inner.admin1_code or inner.admin1_code == outer.admin1_code)


def _part_of(part: str, whole: str | None) -> bool:
    """True for a division named after the one it was split from: "West Northamptonshire" and
    "Cheshire East" are parts of the Northamptonshire and Cheshire that news still name (the
    build gives such a county its own record, from its parts)."""
    return bool(whole) and f" {fold(whole)} " in f" {fold(part)} " and fold(whole) != fold(part)


def _region_radius_km() -> float:
    # how far from a region's centre a town of its country may lie: settings.cfg [places]
    from geoevent.rules.settings import builtin_settings

    return builtin_settings().value("places", "region_radius_km")


def _enclosing_admin2(gazetteer: Gazetteer, name: str, within: _Within) -> list[Candidate]:
    """Return the second-level division an ACLED bracket names for a village the gazetteer does
    not know ("Kpabagou (Kandi, Alibori)"): the district itself, else the town it is
    named after (a commune, LGA or cercle is mostly named after its seat), at precision admin2."""
    cands = gazetteer.candidates(name, 25) or gazetteer.divisions_like(name)
    inside = [c for c in cands if c.feature in ("admin2", "place") and _within_score(c, within) > 3]
    if not inside and within.admin1_codes:
        # a district spelt another way inside the bracket's division ("Adan Yabaal", "Hpapun")
        inside = gazetteer.spelt_like_within(name, within.admin1_codes)
    inside.sort(key=lambda c: (c.feature != "admin2", -c.population))
    return [c if c.feature == "admin2" else replace(c, feature="admin2", admin2=c.name, geonameid=None)
            for c in inside[:1]]


def _within_score(c: Candidate, within: _Within) -> float:
    if (c.admin1_code and c.admin1_code in within.admin1_codes) or (c.admin1 and fold(c.admin1) == within.key):
        return 5.0
    if c.country in within.countries:
        return 1.0
    return -2.0


def _after_town_abbreviations(doc: Doc) -> dict[str, str]:
    return words_of(doc).after_town_abbreviations


def _abbreviations_after_place(doc: Doc, spans: Sequence[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Return the division abbreviations that are also common words ("Ill.", "La.", "N.B.")
    written right after a place and a comma ("SPRINGFIELD, Ill. (AP)", "in Slidell, La., on"),
    the only place they are read as divisions."""
    table = _after_town_abbreviations(doc)
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for span in spans:
        k = span.end + 1
        if k < len(doc) and doc[span.end].text == "," and k not in taken and doc[k].text in table:
            division = gazetteer.admin1(table[doc[k].text])
            if division is not None:
                found = _Span(k, k + 1, "ner")
                found.cands = [division]
                out.append(found)
    return out


def _link_containers(doc: Doc, spans: list[_Span]) -> None:
    """Mark "X, Y", "X in Y", "Y's X" pairs: Y contains X."""
    for k, span in enumerate(spans[:-1]):
        nxt = spans[k + 1]
        between = [t.lower_ for t in doc[span.end:nxt.start]]
        if between in ([","], [",", "in"], ["in"], [",", "in", "the"], ["in", "the"], ["(",],
                       [",", "in", "the", "eastern"]) or (
            len(between) <= 4 and between[:1] in ([","], ["in"]) and between[-1:] == ["in"]
        ):
            span.container = k + 1
            nxt.contained = True
        elif between in (["'s"], ["’s"]):
            nxt.container = k
            span.contained = True
