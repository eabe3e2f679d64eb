"""context.py places what the gazetteer cannot by the story around it: the towns a story is
about (those its other places vouch for, ``_support``; a town alone far from the rest is a
stray), and the facilities, streets and local places placed at the town written after them, a
town of their sentence, the story's town or its division (``_place_facilities``)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from geoevent.geo.mentions import PlaceMention, _feature_at, _Span, _way_words
from geoevent.geo.names import fold
from geoevent.geo.points import distance_km
from geoevent.geo.rank import near_km

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _place_facilities(doc: Doc, facilities: Sequence[_Span], mentions: list[PlaceMention],
                      dateline_end: int = 0) -> list[PlaceMention]:
    """Return ``mentions`` with the facilities whose name holds no known town ("Elm Street",
    "the Regent Theatre") placed in a town the text names: the one written right after the
    facility ("the Regent Theatre in Leeds", "the Civic Hall, Leeds"), else the nearest in
    its sentence, else the town the text is about (the dateline's, else ``_main_town``).

    A town that nothing else in the text vouches for while its other places cluster elsewhere
    (``_strays``) is passed over as the town the text is about: a namesake picked wrongly, or a
    place abroad that the story only compares to. Such a stray named like a square or a street
    ("Union Square" in a story of Austin's streets), and a building placed at a town its name
    holds that no town or division of the story is near, are themselves placed like the
    facilities."""
    support = _support(mentions)
    strays = _strays(support)
    # (a building named after a town, "the Camden Arena" in a story of Seattle, needs a town
    # or division nearby: that the story names the town's country says little)
    strays_nearby = _strays(_support(mentions, with_countries=False))
    misplaced = [m for m in mentions if (id(m) in strays and _named_like_a_way(doc, m))
               or (m.source == "facility" and m.place.precision == "place" and id(m) in strays_nearby)]
    if misplaced:
        mentions = [m for m in mentions if not any(m is q for q in misplaced)]
        facilities = sorted([*facilities, *(_Span(m.start, m.end, "facility") for m in misplaced)], key=lambda f: f.start)
    # towns the model itself tagged as places (a name only the gazetteer saw may be a
    # person's), and the dateline's
    tagged = [m for m in mentions if m.place.precision in ("place", "admin2")
              and (m.source in ("ner", "parenthetical", "ner-misfit") or m.end <= dateline_end)]
    towns = _story_towns(mentions, tagged, strays, had_tagged=bool(tagged) or any(m.source in ("ner", "parenthetical", "ner-misfit") for m in misplaced))
    # a neighbourhood, village or mountain may also sit in the division written after it
    # ("Mount Kenya, Nyeri County")
    divisions = [m for m in mentions if m.place.precision == "admin1" and m.source != "modifier"]
    if not towns and not divisions:
        return sorted([*mentions, *misplaced], key=lambda m: m.start)
    # the dateline's town is where the reporter is ("GOMA, Congo -")
    main = next((m for m in tagged if m.end <= dateline_end), None) or _main_town(towns, support)
    out = list(mentions)
    for span in facilities:
        ds = doc[span.start:span.end]
        # (the town written right after a facility places it, whatever the rest of the text says)
        near = sorted(tagged + divisions, key=lambda m: m.start) if span.source == "unknown" else tagged
        # (a village or suburb the gazetteer lacks lies in the country the text is about: a
        # town abroad in its sentence is where someone moved to or from)
        in_sentence = tagged if span.source != "unknown" or main is None else [
            m for m in tagged if m.place.country == main.place.country]
        town = _town_after(doc, span, near) or _town_in_sentence(doc, span, in_sentence) or main
        if town is None and span.source == "unknown":
            # (a local place of a story that names no town lies in the division it names most:
            # "the Valley" of a story set in a state)
            town = _main_town(divisions, support)
        if town is None:
            out.extend(m for m in misplaced if m.start == span.start)    # (left as they were)
            continue
        out.append(PlaceMention(
            start=span.start, end=span.end, start_char=ds.start_char, end_char=ds.end_char,
            text=ds.text, place=replace(town.place, text=ds.text, score=round(0.5 * (town.place.score or 1), 3)),
            source="unknown-context" if span.source == "unknown" else "facility-context",
        ))
    out.sort(key=lambda m: m.start)
    return out


def _story_towns(mentions: Sequence[PlaceMention], tagged: Sequence[PlaceMention], strays: set[int],
                 had_tagged: bool) -> list[PlaceMention]:
    """Return the towns that may be the one the text is about: the tagged ones that are no
    strays; when every tagged town is a stray, a town named inside a longer name ("the Austin
    Water Company") that is none; else the tagged towns all the same."""
    kept = [m for m in tagged if id(m) not in strays]
    if kept or not had_tagged:
        return kept or list(tagged)
    inside = [m for m in mentions if m.place.precision in ("place", "admin2") and m.source in ("embedded", "facility")
              and id(m) not in strays]
    return inside or list(tagged)


def _named_like_a_way(doc: Doc, mention: PlaceMention) -> bool:
    """Return True for a town mention whose name ends with a street word ("Union Square")."""
    return mention.end - mention.start > 1 and doc[mention.end - 1].lower_.rstrip(".") in _way_words(doc)


def _main_town(towns: Sequence[PlaceMention], support: dict[int, int]) -> PlaceMention | None:
    """Return the town the text is about: the one mentioned most and vouched for most by the
    other places it names (``_support``), the first on a tie. (A club's town abroad named five
    times is not where a story of a country's towns and people happens.)"""
    if not towns:
        return None
    counts = Counter((m.place.name, m.place.country) for m in towns)
    return max(towns, key=lambda m: (counts[(m.place.name, m.place.country)] + support.get(id(m), 0), -m.start))


def _support(mentions: Sequence[PlaceMention], with_countries: bool = True) -> dict[int, int]:
    """Return, by id() of each town or division mention, how many other places of the text vouch
    for it: its country (unless ``with_countries`` is False), its first-level division, a town or
    district within the nearness distance. A repeat of its own name does not count, nor a
    place set by context."""
    places = [m for m in mentions if m.place.precision in ("place", "admin2", "admin1", "country")
              and not m.source.endswith("context") and (with_countries or m.place.precision != "country")]
    countries: Counter = Counter()
    divisions: Counter = Counter()
    towns: Counter = Counter()
    for m in places:
        key, p = fold(m.text), m.place
        if p.precision == "country":
            countries[(key, p.country)] += 1
        elif p.precision == "admin1":
            divisions[(key, p.country, p.admin1)] += 1
        else:
            towns[(key, p.country, p.lat, p.lon)] += 1
    by_country: Counter = Counter()
    for (_, code), n in countries.items():
        by_country[code] += n
    by_division: Counter = Counter()
    for (_, code, admin1), n in divisions.items():
        by_division[(code, admin1)] += n
    # towns sorted by latitude: only those within the nearness distance north or south count
    near = sorted(towns.items(), key=lambda item: item[0][2])
    lats = [k[2] for k, _ in near]
    reach = near_km()
    degrees = reach / 111.0
    support: dict[int, int] = {}
    memo: dict[tuple, int] = {}
    for m in places:
        p = m.place
        if p.precision == "country" or not p.country:
            continue
        key = fold(m.text)
        k = (key, p.country, p.admin1, p.lat, p.lon)
        if k not in memo:
            n = by_country[p.country] - countries[(key, p.country)]
            n += by_division[(p.country, p.admin1)] - divisions[(key, p.country, p.admin1)]
            for (other, code, lat, lon), count in near[bisect_left(lats, p.lat - degrees):bisect_right(lats, p.lat + degrees)]:
                if other != key and code == p.country and distance_km(lat, lon, p.lat, p.lon) < reach:
                    n += count
            memo[k] = n
        support[id(m)] = memo[k]
    return support


def _strays(support: dict[int, int]) -> set[int]:
    """Return the ids of the town and division mentions that no other place of the text vouches
    for while another has two places vouching for it: a story whose places cluster in one
    region does not happen in the one town named like a place abroad."""
    if max(support.values(), default=0) < 2:
        return set()
    return {k for k, n in support.items() if n == 0}


def _town_after(doc: Doc, span: _Span, towns: Sequence[PlaceMention]) -> PlaceMention | None:
    """Return the town written right after a facility: "... Theatre in Leeds", "... Hall, Leeds",
    "... Prison (CCP) in Leeds"."""
    k = span.end
    if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        k += 3      # an abbreviation in brackets
    if k < len(doc) and _feature_at(doc, k):
        k += 1      # "Nawa district, Ghazni", "Kadoma village of Gusau"
    if k < len(doc) and doc[k].lower_ in ("in", "at", ",", "near", "outside", "of"):
        k += 1
        while k < len(doc) and doc[k].lower_ in ("the", "central", "downtown"):
            k += 1
        return next((m for m in towns if m.start == k), None)
    return None


#: Prepositions of a journey: a town after them is where someone went or came from
MOTION_PREPS = frozenset({"to", "from", "for", "towards", "via"})


def _journey_end(doc: Doc, start: int, span: _Span) -> bool:
    """Return True for a name a verb goes to or comes from ("flew to X", "drove in from X";
    not "home to X")."""
    k = start - 1
    return k >= 0 and not (span.start <= k < span.end) and doc[k].lower_ in MOTION_PREPS and doc[k].head.pos_ == "VERB"


def _town_in_sentence(doc: Doc, span: _Span, towns: Sequence[PlaceMention]) -> PlaceMention | None:
    """Return the town nearest a facility in its own sentence, if any; not a town the sentence
    goes to or comes from ("married at the chapel, then left for Rome"): a journey's end or
    start is elsewhere than the facility."""
    sent = doc[span.start].sent
    near = [m for m in towns if sent.start <= m.start < sent.end and not _journey_end(doc, m.start, span)]
    return min(near, key=lambda m: abs(m.start - span.start)) if near else None
