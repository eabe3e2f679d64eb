"""The representative point of a division or country, computed from its towns by a named method."""
from __future__ import annotations

import pytest

from geoevent.geo.points import POINT_METHODS, division_point, point_methods


def town(lat: float, lon: float, population: int = 1000, name: str = "T") -> dict:
    return {"latitude": lat, "longitude": lon, "population": population, "name": name}


# three small towns crowd the south-west corner, one big town and one small one lie far away
TOWNS = [town(0, 0), town(0, 1), town(1, 0), town(10, 10, 100_000), town(20, 20)]


@pytest.mark.parametrize("method, expected", [
    ("mean", (6.2, 6.2)),
    ("box", (10.0, 10.0)),            # the middle of the box around every town
    ("median", (1.0, 1.0)),           # median latitude and longitude, each on its own axis
    ("box50", (5.0, 5.0)),            # the middle of the central half on each axis
])
def test_point_methods(method: str, expected: tuple[float, float]) -> None:
    assert division_point(TOWNS, method) == pytest.approx(expected)


def test_weighted_is_pulled_into_the_big_town() -> None:
    lat, lon = division_point(TOWNS, "weighted")
    mean_lat, _ = division_point(TOWNS, "mean")
    assert abs(lat - 10) < abs(mean_lat - 10)


def test_cells_count_a_crowded_corner_once() -> None:
    # the three corner towns share one 5-degree cell: the mean of three cell centres (2.5, 12.5
    # and 22.5 on each axis), not of five towns
    from geoevent.geo.points import _cell_centre
    assert _cell_centre(TOWNS, 5.0) == pytest.approx((12.5, 12.5))


@pytest.mark.parametrize("capital, expected", [
    (town(1, 0, name="Capital"), (1, 0)),
    (None, None),                     # no capital known: the population-weighted centre
])
def test_country_at_its_capital(capital: dict | None, expected) -> None:
    point = division_point(TOWNS, "capital", capital)
    assert point == (expected if expected else division_point(TOWNS, "weighted"))


def test_the_chosen_methods_are_known() -> None:
    chosen = point_methods()
    assert set(chosen) == {"country", "admin1", "admin2"}
    for kind, method in chosen.items():
        assert method in POINT_METHODS or (kind == "country" and method == "capital")


@pytest.mark.parametrize("name, country, division", [
    ("Ancona", "IT", "Provincia di Ancona"),   # there under a longer name: the ISO name is a key
    ("Benesov", "CZ", "Okres Benesov"),
    ("Boffa", "GN", "Boffa"),                  # missing from the town source: placed at its seat
    ("Dabola", "GN", "Dabola"),
])
def test_iso_second_level_divisions(gazetteer, name: str, country: str, division: str) -> None:
    found = [c for c in gazetteer.candidates(name, 25) if c.feature == "admin2" and c.country == country]
    assert [c.name for c in found] == [division]
