"""Fit ``stray_km`` (geoevent/rules/settings.cfg [places]): how far from every other place of
its story a small town is read as a local namesake and placed by context (geo/strays.py).

    python benchmarks/fit_stray_distance.py [--places ../shared/dev/places_dev.jsonl]
                                            [--acled ../shared/dev/acled_dev.csv]
                                            [--folds 2] [--write]

Each candidate distance (0 = the rule off) is scored per document: on GeoWebNews, the literal
toponyms found and placed within 161 km of the gold point (an exact GeoNames id counts), out of
those found; on the ACLED notes, the mentions of the note's own ``location`` placed within 50 km
of the event's point, out of the notes that name it (a mention lost counts as wrong). The score
of a distance is the sum of the two counts of right places. Documents are split into folds (by a
fixed order); for each fold the best distance on the other folds is chosen and scored on the
held-out one, beside the rule off on the same documents. The distance written with ``--write``
is the one that wins on all documents, the farthest on a tie (the rule off before all): a tie
says the nearer distance re-places nothing it should.
Parses are cached beside the gazetteer index, as for fit_place_ranking.py.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from geoevent.geo.evaluate import LITERAL_TYPES  # noqa: E402
from geoevent.geo.names import fold  # noqa: E402
from geoevent.geo.points import distance_km  # noqa: E402
from geoevent.rules import builtin_path  # noqa: E402

#: Candidate distances (km); 0 is the rule off.
DISTANCES = (0, 300, 500, 750, 1000, 1500, 2000, 5000)


def gwn_scores(path: Path, nlp, gazetteer) -> list[tuple[str, int, int]]:
    """Return ``(document id, literal toponyms placed within 161 km, literal toponyms found)``."""
    from fit_place_ranking import parses

    from geoevent.geo.resolve import find_places

    articles = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    out = []
    for article, doc in zip(articles, parses(nlp, [a["text"] for a in articles], "gwn-docs")):
        mentions = find_places(doc, gazetteer)
        right = found = 0
        for g in article["toponyms"]:
            if g.get("type") not in LITERAL_TYPES or g.get("lat") is None:
                continue
            m = next((m for m in mentions if m.start_char < g["end"] and g["start"] < m.end_char), None)
            if m is None:
                continue
            found += 1
            p = m.place
            right += (g.get("geonameid") is not None and p.geonameid == g["geonameid"]) or (
                p.lat is not None and distance_km(p.lat, p.lon, g["lat"], g["lon"]) <= 161)
        out.append((article["id"], right, found))
    return out


def acled_scores(path: Path, nlp, gazetteer) -> list[tuple[str, int, int]]:
    """Return ``(note id, 1 when the note's location is placed within 50 km, 1)`` for the notes
    whose text names their own location."""
    from fit_place_ranking import parses

    from geoevent.geo.resolve import find_places

    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("notes") and r.get("latitude")]
    out = []
    for number, (row, doc) in enumerate(zip(rows, parses(nlp, [r["notes"] for r in rows], "fit-acled-docs"))):
        location = fold(row.get("location") or "")
        if not location or not re.search(re.escape(location), fold(row["notes"])):
            continue
        lat, lon = float(row["latitude"]), float(row["longitude"])
        mentions = [m for m in find_places(doc, gazetteer) if fold(m.text) == location]
        right = any(m.place.lat is not None and distance_km(m.place.lat, m.place.lon, lat, lon) <= 50
                    for m in mentions)
        out.append((f"acled-{number}", int(right), 1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=Path, default=HERE.parent.parent / "shared/dev/places_dev.jsonl")
    parser.add_argument("--acled", type=Path, default=HERE.parent.parent / "shared/dev/acled_dev.csv")
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="write the distance that wins on all documents")
    args = parser.parse_args()

    import geoevent.geo.strays as strays
    from geoevent.geo.gazetteer import Gazetteer
    from geoevent.pipeline import load_pipeline

    nlp, gazetteer = load_pipeline(), Gazetteer.default()
    # per distance: document id -> (GeoWebNews right, found, ACLED right, named)
    table: dict[float, dict[str, tuple[int, int, int, int]]] = {}
    for d in DISTANCES:
        strays.stray_km = (lambda d=d: float(d) if d > 0 else float("inf"))
        rows = {k: (r, n, 0, 0) for k, r, n in gwn_scores(args.places, nlp, gazetteer)}
        rows.update({k: (0, 0, r, n) for k, r, n in acled_scores(args.acled, nlp, gazetteer)})
        table[d] = rows
        gwn_r = sum(v[0] for v in rows.values())
        gwn_n = sum(v[1] for v in rows.values())
        ac_r = sum(v[2] for v in rows.values())
        ac_n = sum(v[3] for v in rows.values())
        print(f"{d:>6} km  GeoWebNews literal within 161 km {gwn_r}/{gwn_n} = {gwn_r / gwn_n:.2%}   "
              f"ACLED location within 50 km {ac_r}/{ac_n} = {ac_r / ac_n:.2%}", flush=True)

    docs = sorted(table[DISTANCES[0]])
    folds = [docs[k::args.folds] for k in range(args.folds)]

    def right(d: float, ids) -> int:
        return sum(table[d][k][0] + table[d][k][2] for k in ids)

    held = held_off = 0
    for k, test in enumerate(folds):
        train = [x for j, f in enumerate(folds) if j != k for x in f]
        best = max(DISTANCES, key=lambda d: (right(d, train), d or float("inf")))
        held += right(best, test)
        held_off += right(0, test)
        print(f"fold {k + 1}: best on the other folds {best} km; held out {right(best, test)} right "
              f"(rule off {right(0, test)})")
    print(f"cross-validated: {held} right with the fitted distance, {held_off} with the rule off")
    chosen = max(DISTANCES, key=lambda d: (right(d, docs), d or float("inf")))
    print(f"on all documents: {chosen} km")
    if args.write:
        path = builtin_path("settings.cfg")
        text = Path(path).read_text(encoding="utf-8")
        Path(path).write_text(re.sub(r"(?m)^stray_km = .*$", f"stray_km = {chosen}", text), encoding="utf-8")
        print(f"wrote stray_km = {chosen} to {path}")


if __name__ == "__main__":
    main()
