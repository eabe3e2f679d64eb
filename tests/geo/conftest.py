"""Fixtures for the geo tests: the full gazetteer (built once per machine) and a tiny one."""
from __future__ import annotations

import pytest

from geoevent.geo.gazetteer import Gazetteer

TINY = [
    {"name": "Pakistan", "feature": "country", "country": "PK", "lat": 33.72, "lon": 73.04,
     "population": 212_000_000},
    {"name": "Georgia", "feature": "country", "country": "GE", "lat": 41.69, "lon": 44.83,
     "population": 3_700_000},
    {"name": "United States", "feature": "country", "country": "US", "lat": 38.9, "lon": -77.0,
     "population": 327_000_000, "names": ["US", "U.S."]},
    {"name": "Georgia", "feature": "admin1", "country": "US", "lat": 32.7, "lon": -83.4,
     "population": 4_700_000, "admin1": "Georgia", "admin1_code": "US-GA"},
    {"name": "Khyber Pakhtunkhwa", "feature": "admin1", "country": "PK", "lat": 34.5,
     "lon": 72.0, "population": 10_000_000, "admin1": "Khyber Pakhtunkhwa", "admin1_code": "PK-KP"},
    {"name": "Chitral", "feature": "place", "country": "PK", "lat": 35.85, "lon": 71.79,
     "population": 57_000, "geonameid": 1180295, "admin1": "Khyber Pakhtunkhwa",
     "admin1_code": "PK-KP"},
    {"name": "Atlanta", "feature": "place", "country": "US", "lat": 33.75, "lon": -84.39,
     "population": 463_000, "geonameid": 4180439, "admin1": "Georgia", "admin1_code": "US-GA"},
    {"name": "Tbilisi", "feature": "place", "country": "GE", "lat": 41.69, "lon": 44.83,
     "population": 1_050_000, "geonameid": 611717, "admin1": "Tbilisi", "admin1_code": "GE-TB"},
    {"name": "Mobile", "feature": "place", "country": "US", "lat": 30.69, "lon": -88.04,
     "population": 183_000, "geonameid": 4076598, "admin1": "Alabama", "admin1_code": "US-AL"},
]


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """Return the full gazetteer (the index is built on the first run, then cached)."""
    return Gazetteer.default()


@pytest.fixture(scope="session")
def tiny_gazetteer(tmp_path_factory) -> Gazetteer:
    """Return a gazetteer of a few hand-written places."""
    return Gazetteer.from_records(TINY, tmp_path_factory.mktemp("gaz") / "tiny.sqlite")
