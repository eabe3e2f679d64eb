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

from geoevent.geo.points import distance_km
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


#: GeoWebNews toponym types that name the place itself (the paper's "literal" group).
LITERAL_TYPES = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion"})
#: The accuracy radius of the geoparsing literature (100 miles).
WITHIN_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    """One annotated toponym of a geoparsing gold file (GeoWebNews-style)."""

    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None
    country: str | None
    type: str | None


def is_toponym_file(path: str | Path) -> bool:
    """Return True if ``path`` is a JSON Lines file whose first record has ``text`` and
    ``toponyms`` (the GeoWebNews-style geoparsing format)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    return isinstance(record, dict) and "toponyms" in record and "text" in record
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return False


def read_toponyms(path: str | Path) -> list[tuple[str, str, list[GoldToponym]]]:
    """Return ``(id, text, toponyms)`` for each article of a geoparsing gold file; a bad line
    raises ValueError naming the file and line."""
    out = []
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                tops = [GoldToponym(int(t["start"]), int(t["end"]), t["text"], t.get("lat"), t.get("lon"),
                                    t.get("geonameid"), t.get("country"), t.get("type"))
                        for t in record["toponyms"]]
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a toponym record ({exc})") from None
            out.append((str(record.get("id", number)), text, tops))
    return out


def _tally() -> dict[str, Any]:
    return {"gold": 0, "found": 0, "resolved": 0, "exact_id": 0, "with_id": 0, "within": 0, "km": []}


def _add(t: dict[str, Any], gold: GoldToponym, m: PlaceMention | None) -> float | None:
    t["gold"] += 1
    if m is None:
        return None
    t["found"] += 1
    p = m.place
    exact = gold.geonameid is not None and p.geonameid == gold.geonameid
    if gold.geonameid is not None:
        t["with_id"] += 1
        t["exact_id"] += exact
    if gold.lat is None or gold.lon is None:
        return None
    t["resolved"] += 1
    km = 0.0 if exact else (distance_km(p.lat, p.lon, gold.lat, gold.lon) if p.lat is not None else 20_000.0)
    t["km"].append(km)
    t["within"] += km <= WITHIN_KM
    return km


def _summary(t: dict[str, Any]) -> dict[str, Any]:
    km = sorted(t["km"])
    return {
        "gold": t["gold"],
        "recall": round(t["found"] / t["gold"], 4) if t["gold"] else None,
        "exact_geonameid": round(t["exact_id"] / t["with_id"], 4) if t["with_id"] else None,
        "within_161km": round(t["within"] / t["resolved"], 4) if t["resolved"] else None,
        "mean_km": round(sum(km) / len(km), 1) if km else None,
        "median_km": round(km[len(km) // 2], 1) if km else None,
    }


def score_toponyms(path: str | Path, nlp: Any, gazetteer: Gazetteer,
                   errors: list[str] | None = None) -> dict[str, Any]:
    """Return geoparsing scores on a GeoWebNews-style gold file: mention recall (all toponyms and
    the literal ones), precision (reported mentions that overlap a gold toponym), exact GeoNames
    id, the share within 161 km of the gold point (an exact id counts as within) and the mean
    and median error in km, overall and by toponym type. ``errors`` collects a line per miss."""
    articles = read_toponyms(path)
    overall, literal = _tally(), _tally()
    by_type: dict[str, dict[str, Any]] = {}
    predicted = spurious = 0
    docs = nlp.pipe(text for _, text, _ in articles)
    for (doc_id, text, golds), doc in zip(articles, docs):
        mentions = find_places(doc, gazetteer)
        predicted += len(mentions)
        for m in mentions:
            if not any(m.start_char < g.end and g.start < m.end_char for g in golds):
                spurious += 1
                if errors is not None:
                    errors.append(f"{doc_id}: spurious {m.text!r} -> {m.place.label()}  "
                                  f"[{_context(text, m.start_char, m.end_char)}]")
        for g in golds:
            m = next((m for m in mentions if m.start_char < g.end and g.start < m.end_char), None)
            km = _add(overall, g, m)
            if g.type in LITERAL_TYPES:
                _add(literal, g, m)
            if g.type:
                _add(by_type.setdefault(g.type, _tally()), g, m)
            if errors is None:
                continue
            if m is None:
                errors.append(f"{doc_id}: missed {g.text!r} ({g.type})  [{_context(text, g.start, g.end)}]")
            elif km is not None and km > WITHIN_KM:
                errors.append(f"{doc_id}: far {g.text!r} ({g.type}) -> {m.place.label()} "
                              f"{km:.0f} km, gold {g.country} ({g.lat}, {g.lon})  "
                              f"[{_context(text, g.start, g.end)}]")
    return {
        "articles": len(articles),
        "predicted": predicted,
        "precision": round((predicted - spurious) / predicted, 4) if predicted else None,
        "all": _summary(overall),
        "literal": _summary(literal),
        "by_type": {k: _summary(v) for k, v in sorted(by_type.items())},
    }


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"...{left}<<{text[start:end]}>>{right}..."


def toponym_table(scores: dict[str, Any]) -> str:
    """Return the geoparsing scores as a plain-text table for people."""
    lines = [f"articles {scores['articles']}, reported mentions {scores['predicted']}, "
             f"precision {_pct(scores['precision'])}", "",
             f"{'toponyms':<22}{'gold':>6}{'recall':>9}{'exact id':>10}{'<=161km':>9}{'mean km':>9}{'median':>8}"]
    rows = [("all", scores["all"]), ("literal", scores["literal"])] + [
        (f"  {k}", v) for k, v in scores["by_type"].items()]
    for name, s in rows:
        lines.append(f"{name:<22}{s['gold']:>6}{_pct(s['recall']):>9}{_pct(s['exact_geonameid']):>10}"
                     f"{_pct(s['within_161km']):>9}{_num(s['mean_km']):>9}{_num(s['median_km']):>8}")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


__all__ = ["GoldPlace", "read_gold", "score_places", "GoldToponym", "LITERAL_TYPES", "is_toponym_file",
           "read_toponyms", "score_toponyms", "toponym_table"]
