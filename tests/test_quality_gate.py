"""The quality gate: the extractor may not score below the pinned baseline on our gold set.

Raise the baseline with `python benchmarks/pin_baseline.py --write` when scores improve, and
say so in the commit message.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geoevent.evaluate import compare_to_baseline, extractor_predictor, load, score

GOLD = Path(__file__).resolve().parent / "gold"
TOLERANCE = 0.02


@pytest.fixture(scope="module")
def report():
    from geoevent.extractor import Extractor

    return score(load(GOLD / "events.jsonl"), extractor_predictor(Extractor()))


def test_no_score_below_the_baseline(report):
    baseline = json.loads((GOLD / "baseline.json").read_text(encoding="utf-8"))
    assert compare_to_baseline(report.to_dict(), baseline, tolerance=TOLERANCE) == []


def test_the_baseline_pins_the_headline_scores():
    pinned = json.loads((GOLD / "baseline.json").read_text(encoding="utf-8"))["scores"]
    for name in ("events.f1", "events.recall", "events.precision", "action_type", "count_exact",
                 "location_country", "within_161km", "date"):
        assert name in pinned, name


def test_no_document_fails(report):
    assert report.failed == 0
