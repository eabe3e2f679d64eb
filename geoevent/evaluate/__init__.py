"""evaluate scores predicted events against gold events: who did what, where, how many, when.

Two gold formats are read: our JSON Lines (:mod:`.gold`) and an ACLED export (:mod:`.acled`).
:mod:`.matching` pairs predicted with gold events; :mod:`.report` scores them and lists errors.
"""
from __future__ import annotations

from pathlib import Path

from .acled import country_code, load_acled_csv
from .gold import ACTION_TYPES, GoldDoc, GoldError, GoldEvent, load_gold, read_text
from .matching import haversine_km, match_events, same_admin1, same_date, similarity
from .report import (FIELDS, EventCounts, Predict, Report, ScoreError, Tally, compare_to_baseline,
                     extractor_predictor, score)


def load(path: str | Path) -> list[GoldDoc]:
    """Return the documents of a gold file, our JSONL or an ACLED CSV (told by extension or header)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return load_gold(path)
    if suffix in (".csv", ".tsv"):
        return load_acled_csv(path)
    head = read_text(path)[:2000].lstrip()
    if head.startswith("{"):
        return load_gold(path)
    if "event_date" in head.split("\n", 1)[0]:
        return load_acled_csv(path)
    raise GoldError(f"{path}: neither our gold JSONL nor an ACLED CSV (no event_date column)")


__all__ = [
    "ACTION_TYPES", "FIELDS", "GoldDoc", "GoldEvent", "GoldError", "Predict", "Report", "ScoreError",
    "EventCounts", "Tally", "compare_to_baseline", "country_code", "extractor_predictor", "haversine_km",
    "load", "load_acled_csv", "load_gold", "match_events", "same_admin1", "same_date", "score",
    "similarity",
]
