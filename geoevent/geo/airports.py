"""airports.py puts airports on the map: "Heathrow airport", "Dulles International Airport".

News name airports after villages far from them, after people or after districts; the bare name
is then a namesake town abroad or nothing ("Heathrow" is also a small Florida town). The
``airportsdata`` package (MIT, pure data) lists the world's airports with their IATA codes,
points and towns. When :mod:`geoevent.geo.build` builds the index, :func:`add_airports` adds
each airport with an IATA code as a place (its own point, the admin1, admin2 and size of the
town it serves) whose only names hold an airport word: "heathrow airport", "london heathrow
airport". A bare "Heathrow" never finds it, so a person's name cannot become an airport. An
airport whose name is that of a town near it ("Kandahar International Airport") is left out:
"X airport" there is the town's airport, and the town is what the text names.

At run time :func:`stretch_over_airport_words` stretches a name over the airport word after it ("Heathrow|
airport", a name the model cut or did not tag) when the whole is a name the index knows.
The airport words are data: ``rules/places_airports.tsv``.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from geoevent.geo.mentions import COMPASS, CONNECTORS, _ids, _is_cap, _Span, _token_ids
from geoevent.geo.names import fold
from geoevent.geo.points import distance_km
from geoevent.rules import builtin_path

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from geoevent.geo.build import PlaceRecord
    from geoevent.geo.gazetteer import Gazetteer

#: How near the airport (km) a town of the same name as the airport's must lie for "X airport"
#: to be that town's airport ("Kandahar airport"), not an airport named after something else.
TOWN_NEAR_KM = 50.0
#: How near (km) the town of the airport's own "city" field must lie to give the airport its
#: size, and the nearest town to give it its divisions (see :func:`add_airports`).
CITY_NEAR_KM = 80.0
SERVED_NEAR_KM = 30.0
#: The longest name before an airport word, in tokens ("Washington Dulles International").
MAX_NAME_TOKENS = 5
AIRPORT_WORD_KINDS = ("word", "qualifier", "generic")


@lru_cache(maxsize=1)
def airport_words() -> dict[str, frozenset[str]]:
    """Return kind -> words of ``rules/places_airports.tsv`` (``word``: "airport", "air base";
    ``qualifier``: "international"; ``generic``: "city", "county"); RuleError with file and
    line for an unknown kind."""
    from geoevent.rules import RuleError, numbered_tsv

    path = builtin_path("places_airports.tsv")
    found: dict[str, set[str]] = {kind: set() for kind in AIRPORT_WORD_KINDS}
    for number, (word, kind, *_) in numbered_tsv(path, 2):
        if kind not in found:
            raise RuleError(f"{path}:{number}: unknown kind {kind!r} (one of {', '.join(AIRPORT_WORD_KINDS)})")
        found[kind].add(fold(word))
    return {kind: frozenset(words) for kind, words in found.items()}


def airports_path() -> Path | None:
    """Return the path of airportsdata's CSV file; None when it is not installed."""
    from geoevent.rules import package_file

    return package_file("airportsdata", "airports.csv")


def airport_keys(name: str, city: str, town_near: Callable[[str], bool]) -> set[str]:
    """Return the look-up keys of an airport: its name and the name without its town ("london
    heathrow airport", "heathrow airport" for "London Heathrow Airport" of London), each with an
    airport word, and with "international" when the name has it. A form whose core ("Heathrow")
    is the airport's town or a town near it (``town_near(key)``) gives no key, nor does a name
    without its town that is left with generic words only ("City" of "London City Airport");
    an airport with no such core gives none at all. (No key of the IATA code: "New Airport"
    would be New Orleans' airport.)"""
    words = airport_words()
    generic = words["generic"] | COMPASS
    city_key = fold(_town_of(city))
    forms = [fold(name)]
    if city_key and forms[0].startswith(city_key + " "):
        forms.append(forms[0][len(city_key) + 1:])      # "Amsterdam Airport Schiphol" -> "Airport Schiphol"
    keys: set[str] = set()
    for form in forms:
        folded = f" {form} "
        found = {w for w in words["word"] if f" {w} " in folded}
        if not found:
            continue
        core = folded
        for w in words["word"] | words["qualifier"]:
            core = core.replace(f" {w} ", " ")
        core = " ".join(core.split())
        if len(core) < 3 or core == city_key or town_near(core):
            continue
        if form is not forms[0] and all(w in generic for w in core.split()):
            continue
        keys.update(f"{core} {w}" for w in found | {"airport"})
        if " international " in folded:
            keys.add(f"{core} international airport")
        if form is forms[0]:
            keys.add(form)
    return keys


def add_airports(records: list[PlaceRecord]) -> int:
    """Add the airports with an IATA code to ``records`` (see the module docstring), each with
    the divisions of the nearest town within ``SERVED_NEAR_KM`` and the population of the town
    it serves (its "city" field, within ``CITY_NEAR_KM``), each standing in for the other when
    missing. Returns how many."""
    from geoevent.geo.build import PlaceRecord

    path = airports_path()
    if path is None:
        return 0
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("iata") and _point(row)]
    # only the names and map cells the airports ask about are gathered from the towns (the
    # build must stay fast): every core a name may have, every town of a "city" field
    asked: set[str] = set()
    wanted: set[tuple[str, int, int]] = set()
    for row in rows:
        airport_keys(row["name"], row["city"], lambda key: asked.add(key) or False)
        asked.add(fold(_town_of(row["city"])))
        ci, cj = _cell(*_point(row))
        wanted.update((row["country"], ci + di, cj + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1))
    by_key: dict[tuple[str, str], list[PlaceRecord]] = defaultdict(list)
    cells: dict[tuple[str, int, int], list[PlaceRecord]] = defaultdict(list)
    for record in records:
        if record.feature == "place":
            for key in asked.intersection(record.names):
                by_key[(record.country, key)].append(record)
            cell = (record.country, *_cell(record.lat, record.lon))
            if cell in wanted:
                cells[cell].append(record)
    added = 0
    for row in rows:
        lat, lon = _point(row)
        country = row["country"]

        def near(key: str, limit: float = TOWN_NEAR_KM) -> list[tuple[float, PlaceRecord]]:
            return sorted(((d, t) for t in by_key.get((country, key), ())
                           if (d := distance_km(lat, lon, t.lat, t.lon)) < limit), key=lambda x: x[0])

        keys = airport_keys(row["name"], row["city"], lambda key: bool(near(key)))
        if not keys:
            continue
        # the airport lies in the divisions of the nearest town; it is as big as the town it serves
        ci, cj = _cell(lat, lon)
        around = [(distance_km(lat, lon, t.lat, t.lon), t) for di in (-1, 0, 1) for dj in (-1, 0, 1)
                  for t in cells.get((country, ci + di, cj + dj), ())]
        nearest = min((x for x in around if x[0] < SERVED_NEAR_KM), key=lambda x: x[0], default=None)
        served = next(iter(near(fold(_town_of(row["city"])), CITY_NEAR_KM)), None) if row["city"] else None
        land = (nearest or served or (None, None))[1]
        size = (served or nearest or (None, None))[1]
        record = PlaceRecord(
            name=row["name"], feature="place", country=country, lat=lat, lon=lon,
            population=size.population if size else 0, admin1=land.admin1 if land else None,
            admin1_code=land.admin1_code if land else None, admin2=land.admin2 if land else None,
        )
        for key in sorted(keys):
            record.add_name(key)
        records.append(record)
        added += 1
    return added


def _point(row: dict[str, str]) -> tuple[float, float] | None:
    """Return an airportsdata row's point, None when it has none."""
    try:
        return float(row["lat"]), float(row["lon"])
    except (KeyError, TypeError, ValueError):
        return None


def _cell(lat: float, lon: float) -> tuple[int, int]:
    """Return the quarter-degree map cell of a point (about 28 km)."""
    return int(lat * 4 // 1), int(lon * 4 // 1)


def _town_of(city: str) -> str:
    """Return the town of airportsdata's "city" field without the island it may carry
    ("Jambi-Sumatra Island" -> "Jambi") or a bracket ("Musina(Messina)" -> "Musina")."""
    city = city.split("(")[0].strip()
    head, _, tail = city.rpartition("-")
    return head if head and tail.endswith(("Island", "Islands")) else city


@lru_cache(maxsize=4)
def _word_ids(words: frozenset[str]) -> frozenset[int]:
    # the airport words as written in text ("airport", "Airport", "AIRPORT"; "Base" of "Air Base")
    last = {w.split()[-1] for w in words}
    return _ids(tuple(sorted({form for w in last for form in (w, w.capitalize(), w.upper())})))


def stretch_over_airport_words(doc: Doc, spans: list[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Return ``spans`` with each name written before an airport word stretched over it when
    the whole is an airport the index knows: "Heathrow| airport" (the model tagged "Heathrow"),
    "Schiphol airport" (untagged). The longest capitalised run wins; a span that the whole
    contains goes, one that reaches beyond it stays and the airport is not read."""
    words = airport_words()["word"]
    out = list(spans)
    for k in _token_ids(doc, _word_ids(words)):
        two = k > 0 and f"{doc[k - 1].lower_} {doc[k].lower_}" in words
        if not two and doc[k].lower_ not in words:
            continue
        word_start, end = (k - 1 if two else k), k + 1
        for start in range(max(0, word_start - MAX_NAME_TOKENS), word_start):
            if not _is_cap(doc[start]) or not all(_is_cap(t) or t.lower_ in CONNECTORS
                                                  for t in doc[start:word_start]):
                continue
            if not gazetteer.is_known(doc[start:end].text):
                continue
            inside = [s for s in out if s.start < end and start < s.end]
            if any(s.start < start or s.end > end for s in inside) or any(
                    s.start == start and s.end == end for s in inside):
                break
            model = next((s for s in inside if s.source.startswith("ner")), None)
            out = [s for s in out if not any(s is t for t in inside)]
            out.append(_Span(start, end, model.source if model else "gazetteer", label=model.label if model else "FAC"))
            break
    return sorted(out, key=lambda s: s.start)
