"""matching.py pairs predicted events with gold events, and compares places, dates and names.

In each document, predicted events are paired with gold events greedily by similarity (action
type, count, place, date); :func:`same_date` and :func:`same_admin1` are the lenient comparisons
the scores use. Names are folded and distances measured with the package's own functions.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from ..geo.points import distance_km
from ..geo.names import fold
from .gold import ACTION_FAMILIES, GoldEvent, _count_value, _get

#: Great-circle distance in km between two points in degrees (the gazetteer's own function).
haversine_km = distance_km

#: Weights of the similarity that pairs gold and predicted events (they add up to 1).
WEIGHTS = {"action": 0.45, "count": 0.15, "location": 0.30, "date": 0.10}
#: A pair whose actions are related (same type or family) matches from this similarity on ...
MIN_SIMILARITY = 0.40
#: ... and a pair of unrelated actions only from this one (same place and count, say).
MIN_SIMILARITY_UNRELATED = 0.45
#: Subtracted from pairs with an optional gold event, so required events win ties.
OPTIONAL_PENALTY = 0.05
NEAR_KM = 50.0
FAR_KM = 161.0   # ~100 miles, the usual "right region" radius of geoparsing evaluations
EARTH_RADIUS_KM = 6371.0088

_GENERIC_ADMIN_WORDS = frozenset({
    "state", "province", "region", "governorate", "oblast", "oblast'", "department", "departement",
    "district", "division", "county", "prefecture", "territory", "area", "muhafazat", "wilayah",
    "wilaya", "capital", "city", "special", "zone", "of", "the", "autonomous", "federal",
})
_LEADING_ARTICLES = ("al ", "el ", "ar ", "as ", "ad ", "an ", "ash ", "at ")


#: Compass words of French, Spanish and Portuguese division names ("Nord-Kivu", "Norte de Santander").
_COMPASS = {"nord": "north", "norte": "north", "sud": "south", "sur": "south", "sul": "south",
            "est": "east", "este": "east", "ouest": "west", "oeste": "west"}


def _admin1_key(name: str) -> str:
    words = [_COMPASS.get(w, w) for w in fold(name).split() if w not in _GENERIC_ADMIN_WORDS]
    key = " ".join(words)
    for article in _LEADING_ARTICLES:
        if key.startswith(article):
            key = key[len(article):]
    return key


def same_admin1(gold: str | Sequence[str] | None, predicted: str | None) -> bool:
    """Return True if ``predicted`` names the first-level division ``gold`` (a name or a list).

    Names are compared leniently, because gazetteers spell divisions differently ("Donetska
    oblast" / "Donetsk", "Al Başrah" / "Basra"): after folding and dropping words like "state"
    or "province", one name may contain the other or be a close spelling of it.
    """
    if not gold or not predicted:
        return False
    names = [gold] if isinstance(gold, str) else list(gold)
    got = _admin1_key(predicted)
    if not got:
        return False
    for name in names:
        want = _admin1_key(name)
        if not want:
            continue
        if want == got or re.search(rf"\b{re.escape(want)}\b", got) or re.search(rf"\b{re.escape(got)}\b", want):
            return True
        if SequenceMatcher(None, want, got).ratio() >= 0.8:
            return True
    return False


def same_date(gold: dict[str, Any], predicted: str | None) -> bool:
    """Return True if the ISO date ``predicted`` falls in the gold date at the gold's precision."""
    if not predicted:
        return False
    try:
        got = date.fromisoformat(str(predicted)[:10])
    except ValueError:
        return False
    want = date.fromisoformat(gold["value"])
    precision = gold.get("precision", "day")
    if precision == "week":
        return got.isocalendar()[:2] == want.isocalendar()[:2]
    if precision == "month":
        return (got.year, got.month) == (want.year, want.month)
    if precision == "year":
        return got.year == want.year
    return got == want


def _family(action: str | None) -> frozenset[str]:
    for family in ACTION_FAMILIES:
        if action in family:
            return family
    return frozenset()


def _in_range(count: dict[str, Any], value: int | float) -> bool:
    low, high = count.get("min"), count.get("max")
    if low is None and high is None:   # "about 8,000": allow 10% either way
        target = count.get("value")
        return target is not None and abs(value - target) <= 0.1 * target
    return (low is None or value >= low) and (high is None or value <= high)


def _distance(gold: dict[str, Any] | None, pred: dict[str, Any]) -> float | None:
    if not gold or gold.get("lat") is None:
        return None
    lat, lon = _get(pred, "location", "lat"), _get(pred, "location", "lon")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return None
    return distance_km(gold["lat"], gold["lon"], lat, lon)


def similarity(gold: GoldEvent, pred: dict[str, Any]) -> float:
    """Return how alike a gold and a predicted event are, 0..1 (action, count, place, date)."""
    action = _get(pred, "action", "type")
    if action in gold.accepted_actions:
        s_action = 1.0
    elif _family(action) & gold.accepted_actions:
        s_action = 0.5
    else:
        s_action = 0.0

    value = _count_value(pred)
    gold_value = gold.count.get("value") if gold.count else None
    if gold_value is None and value is None:
        s_count = 0.5
    elif gold_value is None or value is None:
        s_count = 0.25
    elif value == gold_value:
        s_count = 1.0
    elif _in_range(gold.count or {}, value):
        s_count = 0.8
    else:
        s_count = 0.0

    pred_country = (_get(pred, "location", "country") or "").upper()
    if gold.location is None:
        s_place = 0.5 if not pred.get("location") else 0.25
    else:
        km = _distance(gold.location, pred)
        if km is not None and km <= NEAR_KM:
            s_place = 1.0
        elif km is not None and km <= FAR_KM:
            s_place = 0.7
        elif pred_country and pred_country == gold.location.get("country"):
            s_place = 0.4
        else:
            s_place = 0.0

    if gold.date is None:
        s_date = 0.5
    elif same_date(gold.date, _get(pred, "date", "value")):
        s_date = 1.0
    else:
        s_date = 0.25 if not _get(pred, "date", "value") else 0.0

    return (WEIGHTS["action"] * s_action + WEIGHTS["count"] * s_count
            + WEIGHTS["location"] * s_place + WEIGHTS["date"] * s_date)


def match_events(
    gold: Sequence[GoldEvent], predicted: Sequence[dict[str, Any]]
) -> list[tuple[int, int, float]]:
    """Return (gold index, predicted index, similarity) pairs, best first, each event used once.

    Greedy on similarity: with a handful of events per document it finds the same pairs as an
    optimal assignment in practice, and its choices are easy to explain in an error listing.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            sim = similarity(g, p)
            action = _get(p, "action", "type")
            related = action in g.accepted_actions or bool(_family(action) & g.accepted_actions)
            if sim < (MIN_SIMILARITY if related else MIN_SIMILARITY_UNRELATED):
                continue
            rank = sim - (OPTIONAL_PENALTY if g.optional else 0.0)
            candidates.append((rank, sim, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, sim, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi, sim))
    return pairs

