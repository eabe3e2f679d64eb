"""Golden tests: the bundled samples give the events an analyst would code, field by field.

Each expected event is matched against the extractor's records by the fields it names; every
field it names must agree. The expectations were written by reading the samples, not by
copying the tool's output.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def records(extractor, name: str) -> list[dict[str, Any]]:
    path = SAMPLES / name
    return [e.to_dict() for e in extractor.extract(path.read_text(encoding="utf-8"), doc_id=str(path))]


def get(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def matching(found: list[dict[str, Any]], expected: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in found if all(get(r, k) == v for k, v in expected.items())]


AFGHAN = [
    {"action.type": "seek_refuge", "count.value": 46, "count.qualifier": "at_least", "actor.country": "AF",
     "actor.type": "military", "location.name": "Chitral", "location.country": "PK", "date.value": "2021-07-26"},
    {"action.type": "seek_refuge", "count.value": 35, "location.country": "PK", "date.value": "2021-07-01",
     "date.precision": "month"},
    {"action.type": "flee", "count.value": 1000, "count.qualifier": "more_than", "location.country": "TJ"},
    {"action.type": "flee", "count.value": 100, "count.qualifier": "vague", "location.country": "TJ"},
    {"action.type": "flee", "count.value": 100, "count.qualifier": "vague", "location.country": "IR"},
    {"action.type": "flee", "count.value": 100, "count.qualifier": "vague", "location.country": "CN"},
    {"action.type": "flee", "count.value": 100, "count.qualifier": "vague", "location.country": "PK"},
    {"action.type": "capture_territory", "actor.type": "rebels", "location.name": "Badakhshan", "location.country": "AF"},
]
NAIROBI = [
    {"action.type": "arrest", "count.value": 312, "actor.country": "KE", "actor.type": "police",
     "location.name": "Nairobi", "date.value": "2023-07-07", "acled.sub_event_type": "Arrests"},
    {"action.type": "protest", "count.value": 1000, "count.qualifier": "vague", "location.name": "Nairobi"},
    {"action.type": "armed_clash", "count.value": 300, "location.name": "Kisumu", "acled.event_type": "Riots"},
]
ZAMFARA = [
    {"action.type": "kill", "count.value": 12, "actor.type": "unidentified_armed_group", "location.name": "Zamfara",
     "location.country": "NG", "acled.event_type": "Violence against civilians"},
    {"action.type": "abduct", "count.value": 40, "count.qualifier": "about", "location.country": "NG"},
    {"action.type": "injure", "count.value": 5, "location.country": "NG"},
    {"action.type": "kill", "count.value": 7, "actor.type": "military"},
    {"action.type": "flee", "count.value": 2000, "count.qualifier": "more_than", "actor.type": "civilians"},
]


@pytest.mark.parametrize(
    "sample, expected",
    [("afghan_border.txt", e) for e in AFGHAN]
    + [("nairobi_protest.txt", e) for e in NAIROBI]
    + [("zamfara_attack.txt", e) for e in ZAMFARA],
)
def test_sample_event(extractor, sample, expected):
    found = records(extractor, sample)
    assert matching(found, expected), f"no record in {sample} has {expected}"


def test_one_record_per_destination(extractor):
    found = records(extractor, "afghan_border.txt")
    escapes = matching(found, {"action.type": "flee", "count.value": 100})
    assert sorted(r["location"]["country"] for r in escapes) == ["CN", "IR", "PK", "TJ"]
    assert len({r["start"] for r in escapes}) == 1


def test_repeated_event_is_merged_with_its_evidence(extractor):
    refuge = matching(records(extractor, "afghan_border.txt"), {"action.type": "seek_refuge", "count.value": 46})
    assert len(refuge) == 1
    assert len(refuge[0]["mentions"]) == 2


def test_planned_protest_is_no_event(extractor):
    found = records(extractor, "nairobi_protest.txt")
    assert not [r for r in found if "next week" in r["sentence"] and r["action"]["type"] == "protest"]


def test_publication_date_comes_from_the_dateline(extractor):
    found = records(extractor, "zamfara_attack.txt")
    assert {r["published"] for r in found} == {"2024-03-11"}
    assert {r["published_source"] for r in found} == {"dateline"}
