"""List, per matched ACLED event, the predicted place beside the gold one, for the events whose
country, admin1 or 50 km point is wrong (or every matched event with ``--all``).

    python benchmarks/place_errors.py [--acled ../shared/dev/acled_dev.csv] [--all] [--json]

Reads the dev notes where they are and never copies them into the project. Each line gives
the document id, the gold place (location, admin1, country, point), the predicted place
(name, admin2, admin1, country, precision, source text) and the distance in km; then the note.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from geoevent.evaluate import load_acled_csv, match_events, same_admin1  # noqa: E402
from geoevent.evaluate.matching import NEAR_KM, _distance  # noqa: E402
from geoevent.evaluate.report import extractor_predictor  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acled", default=str(HERE.parent.parent / "shared/dev/acled_dev.csv"))
    parser.add_argument("--all", action="store_true", help="every matched event, not only the wrong ones")
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    args = parser.parse_args()
    predict = extractor_predictor()
    for doc in load_acled_csv(args.acled):
        predicted = predict(doc.text, doc.published, doc.id)
        for gi, pi, _ in match_events(doc.events, predicted):
            g, p = doc.events[gi].location, predicted[pi].get("location") or {}
            if not g:
                continue
            km = _distance(g, predicted[pi])
            wrong = {"country": (p.get("country") or "").upper() != g["country"],
                     "admin1": bool(g.get("admin1")) and not same_admin1(g["admin1"], p.get("admin1")),
                     "50km": km is None or km > NEAR_KM}
            if not args.all and not any(wrong.values()):
                continue
            row = {"doc": doc.id, "wrong": [k for k, v in wrong.items() if v],
                   "gold": {k: g.get(k) for k in ("name", "admin1", "country", "lat", "lon")},
                   "predicted": {k: p.get(k) for k in ("text", "name", "admin2", "admin1", "country", "precision")},
                   "km": None if km is None else round(km), "note": doc.text}
            if args.json:
                print(json.dumps(row, ensure_ascii=False))
            else:
                print(f"{doc.id} {','.join(row['wrong'])} km={row['km']}\n  gold {row['gold']}\n"
                      f"  pred {row['predicted']}\n  {doc.text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
