"""points.py places a division or a country at one representative point computed from its towns,
and measures the great-circle distance between two points.

The methods (the towns' mean, population-weighted mean, median, the middle of their box, of
the settled grid cells, or the capital) are chosen per kind in ``rules/places_points.tsv``, which
``benchmarks/fit_division_points.py`` fits on the dev data; ``build.py`` uses them when it
writes the gazetteer index.
"""
from __future__ import annotations

import math

from geoevent.rules import builtin_path


def _mean_centre(cities: list[dict]) -> tuple[float, float]:
    """Return the plain mean of the towns' points."""
    lat = sum(c["latitude"] for c in cities) / len(cities)
    lon = sum(c["longitude"] for c in cities) / len(cities)
    return round(lat, 5), round(lon, 5)


def _weighted_centre(cities: list[dict]) -> tuple[float, float]:
    """Return the towns' mean weighted by population (pulled into the big cities)."""
    total = sum(max(c["population"], 1) for c in cities)
    lat = sum(c["latitude"] * max(c["population"], 1) for c in cities) / total
    lon = sum(c["longitude"] * max(c["population"], 1) for c in cities) / total
    return round(lat, 5), round(lon, 5)


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _median_centre(cities: list[dict]) -> tuple[float, float]:
    """Return the median latitude and median longitude of the towns (blind to outlying islands)."""
    return (round(_quantile([c["latitude"] for c in cities], 0.5), 5),
            round(_quantile([c["longitude"] for c in cities], 0.5), 5))


def _box_centre(cities: list[dict], trim: float = 0.0) -> tuple[float, float]:
    """Return the middle of the box around the towns, leaving ``trim`` of them out on each side."""
    lats = [c["latitude"] for c in cities]
    lons = [c["longitude"] for c in cities]
    lat = (_quantile(lats, trim) + _quantile(lats, 1 - trim - 1e-9)) / 2
    lon = (_quantile(lons, trim) + _quantile(lons, 1 - trim - 1e-9)) / 2
    return round(lat, 5), round(lon, 5)


def _cell_centre(cities: list[dict], size: float) -> tuple[float, float]:
    """Return the mean of the grid cells (``size`` degrees) that hold towns: each settled cell
    counts once, so a crowded corner (the towns of a big city's belt) pulls no more than an
    empty-looking one, and the point moves towards the middle of the settled land."""
    cells = {(math.floor(c["latitude"] / size), math.floor(c["longitude"] / size)) for c in cities}
    lat = sum((a + 0.5) * size for a, _ in cells) / len(cells)
    lon = sum((b + 0.5) * size for _, b in cells) / len(cells)
    return round(lat, 5), round(lon, 5)


#: Ways to place a division or country from its towns. Which one each kind uses is data
#: (``rules/places_points.tsv``), chosen by ``benchmarks/fit_division_points.py``.
POINT_METHODS = {
    "mean": _mean_centre,
    "weighted": _weighted_centre,
    "median": _median_centre,
    "box": _box_centre,
    "box90": lambda cities: _box_centre(cities, 0.05),
    "box80": lambda cities: _box_centre(cities, 0.10),
    "box50": lambda cities: _box_centre(cities, 0.25),
    "cells10": lambda cities: _cell_centre(cities, 0.1),
    "cells25": lambda cities: _cell_centre(cities, 0.25),
    "cells50": lambda cities: _cell_centre(cities, 0.5),
    "cells100": lambda cities: _cell_centre(cities, 1.0),
}
#: A country may also sit at its capital (the place news datelines name).
COUNTRY_ONLY_METHODS = ("capital",)
_DEFAULT_POINTS = {"country": "capital", "admin1": "mean", "admin2": "mean"}


def point_methods() -> dict[str, str]:
    """Return the point method of each kind (country, admin1, admin2) from ``places_points.tsv``;
    ValueError naming the file and line for an unknown kind or method."""
    chosen = dict(_DEFAULT_POINTS)
    path = builtin_path("places_points.tsv")
    if not path.exists():
        return chosen
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, method = (line.split("\t") + [""])[:2]
        allowed = set(POINT_METHODS) | (set(COUNTRY_ONLY_METHODS) if kind == "country" else set())
        if kind not in chosen or method not in allowed:
            raise ValueError(f"{path}:{number}: expected a kind ({', '.join(chosen)}) and a method "
                             f"({', '.join(sorted(allowed))}), got {line!r}")
        chosen[kind] = method
    return chosen


def division_point(towns: list[dict], method: str, capital: dict | None = None) -> tuple[float, float]:
    """Return the representative point of a division or country from its towns by ``method``."""
    if method == "capital":
        if capital is not None:
            return capital["latitude"], capital["longitude"]
        method = "weighted"
    return POINT_METHODS[method](towns)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


__all__ = ["COUNTRY_ONLY_METHODS", "POINT_METHODS", "distance_km", "division_point", "point_methods"]
