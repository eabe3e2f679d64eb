"""Score the extractor on our gold set and (with --write) pin the scores as the quality baseline.

    python benchmarks/pin_baseline.py            # print the scores and the drops, if any
    python benchmarks/pin_baseline.py --write    # raise the baseline (say so in the commit)

The gate (tests/test_quality_gate.py) fails when a score falls below the pinned one by more
than the tolerance.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from geoevent.evaluate import compare_to_baseline, extractor_predictor, load, score

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "events.jsonl"
BASELINE = ROOT / "tests" / "gold" / "baseline.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="pin the current scores as the baseline")
    args = parser.parse_args()
    scores = score(load(GOLD), extractor_predictor()).scores()
    print(json.dumps(scores, indent=2, sort_keys=True))
    if BASELINE.exists():
        drops = compare_to_baseline(scores, json.loads(BASELINE.read_text()))
        print("drops:", drops or "none")
    if args.write:
        pinned = {k: round(v, 3) for k, v in sorted(scores.items())}
        BASELINE.write_text(json.dumps({"scores": pinned}, indent=2) + "\n")
        print(f"pinned {len(pinned)} scores in {BASELINE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
