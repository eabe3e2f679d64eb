"""evaluate.py scores place finding and resolution against a gold file of annotated sentences.

Gold file: JSON Lines, one ``{"text": ..., "places": [...]}`` per line; each place has the
``text`` as written (its first occurrence after the previous gold place is meant, or the one
inside the optional ``at`` string: ``"at": "in Washington"``), and the
expected ``name``, ``admin1``, ``country``, ``lat``, ``lon`` and ``precision``
(``lat``/``lon``/``admin1`` are null for a country).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geoevent.geo.build import distance_km
from geoevent.geo.gazetteer import Gazetteer
from geoevent.geo.names import fold
from geoevent.geo.resolve import PlaceMention, find_places


@dataclass(frozen=True)
class GoldPlace:
    text: str
    start_char: int
    end_char: int
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str


def read_gold(path: str | Path) -> list[tuple[str, list[GoldPlace]]]:
    """Return ``(text, gold places)`` pairs from a gold file."""
    out = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        text, cursor, places = record["text"], 0, []
        for p in record["places"]:
            # "at": a longer string around the mention when its first occurrence is not meant
            at = text.find(p["at"], cursor) if p.get("at") else cursor
            start = text.find(p["text"], max(at, cursor))
            if start < 0:
                raise ValueError(f"{path}:{number}: {p['text']!r} not in the text")
            cursor = start + len(p["text"])
            places.append(GoldPlace(p["text"], start, cursor, p["country"], p.get("admin1"),
                                    p.get("lat"), p.get("lon"), p.get("precision", "place")))
        out.append((text, places))
    return out


def _same_admin1(predicted: str | None, expected: str) -> bool:
    if not predicted:
        return False
    a, b = fold(predicted), fold(expected)
    return a == b or a in b or b in a


def _match(gold: GoldPlace, mentions: list[PlaceMention]) -> PlaceMention | None:
    for m in mentions:
        if m.start_char < gold.end_char and gold.start_char < m.end_char:
            return m
    return None


def score_places(gold_path: str | Path, nlp: Any, gazetteer: Gazetteer,
                 errors: list[str] | None = None) -> dict[str, float]:
    """Return mention recall and precision, country and admin1 accuracy, and the share of
    resolved towns and divisions within 50 km and 161 km of the gold point.

    Accuracies are over the gold mentions that were found. ``errors`` collects a line per miss.
    """
    found = total = predicted = spurious = 0
    country_ok = admin1_ok = admin1_n = km50 = km161 = km_n = 0
    for text, golds in read_gold(gold_path):
        mentions = find_places(nlp(text), gazetteer)
        predicted += len(mentions)
        for m in mentions:
            if not any(m.start_char < g.end_char and g.start_char < m.end_char for g in golds):
                spurious += 1
                if errors is not None:
                    errors.append(f"spurious {m.text!r} -> {m.place.label()} in: {text}")
        for g in golds:
            total += 1
            m = _match(g, mentions)
            if m is None:
                if errors is not None:
                    errors.append(f"missed {g.text!r} in: {text}")
                continue
            found += 1
            p = m.place
            country_ok += p.country == g.country
            if g.precision != "country" and g.admin1:
                admin1_n += 1
                good = _same_admin1(p.admin1 or (p.name if p.precision == "admin1" else None), g.admin1)
                admin1_ok += good
                if errors is not None and not good:
                    errors.append(f"admin1 {g.text!r} -> {p.admin1!r}, expected {g.admin1!r}")
            if g.lat is not None and g.lon is not None and g.precision != "country":
                km_n += 1
                d = distance_km(p.lat or 0.0, p.lon or 0.0, g.lat, g.lon) if p.lat is not None else 1e9
                km50 += d <= 50
                km161 += d <= 161
            if errors is not None and (p.country != g.country or (g.lat is not None and km_n and
                                       p.lat is not None and distance_km(p.lat, p.lon, g.lat, g.lon) > 161)):
                errors.append(f"wrong {g.text!r} -> {p.label()} ({p.lat}, {p.lon}) in: {text}")
    return {
        "gold_mentions": total,
        "mention_recall": found / total if total else 0.0,
        "mention_precision": (predicted - spurious) / predicted if predicted else 0.0,
        "country_accuracy": country_ok / found if found else 0.0,
        "admin1_accuracy": admin1_ok / admin1_n if admin1_n else 0.0,
        "within_50km": km50 / km_n if km_n else 0.0,
        "within_161km": km161 / km_n if km_n else 0.0,
    }


__all__ = ["GoldPlace", "read_gold", "score_places"]
