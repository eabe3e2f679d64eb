"""Tests of the scorer (geoevent/evaluate.py) with fake predictors, and of the gold files."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geoevent.evaluate import (
    ACTION_TYPES,
    FIELDS,
    GoldDoc,
    GoldError,
    GoldEvent,
    Report,
    compare_to_baseline,
    country_code,
    haversine_km,
    load,
    load_acled_csv,
    load_gold,
    match_events,
    same_admin1,
    same_date,
    score,
)

GOLD_DIR = Path(__file__).parent / "gold"
GOLD = GOLD_DIR / "events.jsonl"
ACLED_SAMPLE = GOLD_DIR / "acled_sample.csv"


def as_prediction(event: GoldEvent, doc_id: str = "d") -> dict[str, Any]:
    """Return a gold event in the Event.to_dict() shape, as a perfect extractor would give it."""
    loc = event.location
    admin1 = loc.get("admin1") if loc else None
    return {
        "doc": doc_id,
        "id": f"{doc_id}-1",
        "actor": {"text": "x", **event.actor} if event.actor else None,
        "action": {"text": event.action, "lemma": event.action, "type": event.action, "negated": False},
        "target": {"text": "x", **event.target} if event.target else None,
        "count": {"text": "x", **event.count, "qualifier": None, "of": None} if event.count else None,
        "location": None if loc is None else {
            "text": loc.get("name"), "name": loc.get("name"),
            "admin1": admin1 if isinstance(admin1, str) or admin1 is None else admin1[0],
            "country": loc["country"], "country_name": None, "lat": loc.get("lat"), "lon": loc.get("lon"),
            "geonameid": None, "precision": loc.get("precision"), "score": 1.0,
        },
        "date": None if event.date is None else {"text": "x", **event.date, "end": None},
        "sentence": "a sentence", "start": 0, "end": 10, "confidence": 1.0, "plover": None,
        "acled": dict(event.acled) if event.acled else None, "published": None, "mentions": [],
    }


def perfect(docs: list[GoldDoc]):
    by_id = {d.id: d for d in docs}

    def predict(text: str, published: date | None, doc_id: str) -> list[dict[str, Any]]:
        return [as_prediction(e, doc_id) for e in by_id[doc_id].events]

    return predict


def empty(text: str, published: date | None, doc_id: str) -> list[dict[str, Any]]:
    return []


KAGARA = GoldEvent(
    action="kill", alt=("attack",), actor={"name": "gunmen", "country": "NG", "type": "unidentified"},
    count={"value": 3, "min": 3, "max": 3},
    location={"name": "Kagara", "admin1": "Niger", "country": "NG", "lat": 10.1866, "lon": 6.2549},
    date={"value": "2020-05-09", "precision": "day"},
    acled={"event_type": "Violence against civilians", "sub_event_type": "Attack"},
)
PROTEST = GoldEvent(
    action="protest", count={"value": 200, "min": 200, "max": None},
    location={"name": "Basra", "admin1": ["Basra", "Al Basrah"], "country": "IQ", "lat": 30.5085, "lon": 47.7804},
    date={"value": "2019-11-05", "precision": "day"},
)
DOCS = [
    GoldDoc("kagara", "On 9 May 2020, unidentified gunmen killed 3 civilians in Kagara.", None, (KAGARA,), "attack"),
    GoldDoc("basra", "Hundreds protested in Basra on Tuesday.", date(2019, 11, 6), (PROTEST,), "protest"),
    GoldDoc("sport", "Pakistan crushed Sri Lanka by nine wickets.", None, (), "no_event"),
]


# --------------------------------------------------------------------------- scoring


def test_perfect_predictor_scores_one_everywhere():
    report = score(DOCS, perfect(DOCS))
    scores = report.scores()
    assert scores["events.f1"] == 1.0
    assert set(scores) >= {"action_type", "count_exact", "within_50km", "date", "admin1", "actor_country"}
    assert all(value == 1.0 for value in scores.values()), scores
    assert report.errors == []


def test_perfect_predictor_on_the_real_gold_scores_one_everywhere():
    docs = load_gold(GOLD)
    report = score(docs, perfect(docs))
    assert all(value == 1.0 for value in report.scores().values()), report.scores()
    assert report.events.gold == report.events.matched > 100


def test_empty_predictor_has_recall_zero_and_no_field_scores():
    report = score(DOCS, empty)
    assert report.events.recall == 0.0
    assert report.events.precision is None
    assert report.scores() == {"events.recall": 0.0}
    assert [e.kind for e in report.errors] == ["missed", "missed"]


def test_wrong_count_lowers_count_accuracy_only():
    def predict(text, published, doc_id):
        events = perfect(DOCS)(text, published, doc_id)
        if doc_id == "kagara":
            events[0]["count"]["value"] = 5
        return events

    scores = score(DOCS, predict).scores()
    assert scores["count_exact"] == 0.5
    assert scores["count_in_range"] == 0.5
    assert all(value == 1.0 for name, value in scores.items() if not name.startswith("count")), scores


def test_false_event_lowers_precision_and_is_listed():
    def predict(text, published, doc_id):
        events = perfect(DOCS)(text, published, doc_id)
        if doc_id == "sport":
            events.append(as_prediction(KAGARA, doc_id) | {"sentence": "Pakistan crushed Sri Lanka"})
        return events

    report = score(DOCS, predict)
    assert report.events.precision == pytest.approx(2 / 3)
    assert report.events.recall == 1.0
    assert report.by_category["no_event"].predicted == 1
    [error] = report.errors
    assert error.kind == "false" and "crushed" in error.sentence and "false event" in error.describe()


def test_failing_predictor_fails_one_document_only():
    def predict(text, published, doc_id):
        if doc_id == "basra":
            raise RuntimeError("boom")
        return perfect(DOCS)(text, published, doc_id)

    report = score(DOCS, predict)
    assert report.failed == 1 and report.events.matched == 1
    assert any(e.kind == "failed" and "boom" in e.predicted for e in report.errors)


def test_place_far_away_is_wrong_within_50km_but_right_country():
    def predict(text, published, doc_id):
        events = perfect(DOCS)(text, published, doc_id)
        if doc_id == "kagara":   # Kontagora, ~95 km from Kagara, same state
            events[0]["location"].update(name="Kontagora", lat=10.4, lon=5.47)
        return events

    report = score(DOCS, predict)
    assert report.fields["within_50km"].accuracy == 0.5
    assert report.fields["within_161km"].accuracy == 1.0
    assert report.fields["location_country"].accuracy == 1.0
    assert report.events.matched == 2


def test_optional_events_neither_missed_nor_false():
    doc = GoldDoc("d", "t", None, (KAGARA, GoldEvent(action="injure", optional=True)), None)
    injure = {"action": {"type": "injure"}, "sentence": "s"}
    with_optional = score([doc], lambda t, p, i: [as_prediction(KAGARA), injure])
    without = score([doc], lambda t, p, i: [as_prediction(KAGARA)])
    for report in (with_optional, without):
        assert (report.events.gold, report.events.predicted, report.events.matched) == (1, 1, 1)


def test_alternative_action_types_are_accepted():
    pred = as_prediction(KAGARA)
    pred["action"]["type"] = "attack"
    assert score(DOCS[:1], lambda t, p, i: [pred]).fields["action_type"].accuracy == 1.0
    pred["action"]["type"] = "armed_clash"   # same family: matched, but the type is wrong
    report = score(DOCS[:1], lambda t, p, i: [pred])
    assert report.events.matched == 1 and report.fields["action_type"].accuracy == 0.0


def test_matching_pairs_each_event_with_its_best_prediction():
    second = GoldEvent(action="abduct", count={"value": 2, "min": 2, "max": 2}, location=KAGARA.location,
                       date=KAGARA.date)
    preds = [as_prediction(second), as_prediction(KAGARA)]
    assert sorted((g, p) for g, p, _ in match_events([KAGARA, second], preds)) == [(0, 1), (1, 0)]


def test_unrelated_prediction_elsewhere_is_not_matched():
    pred = {"action": {"type": "visit"}, "location": {"country": "FR", "lat": 48.85, "lon": 2.35}}
    assert match_events([KAGARA], [pred]) == []


def test_report_to_dict_is_json_and_has_every_field():
    report = score(DOCS, perfect(DOCS))
    data = json.loads(json.dumps(report.to_dict(errors=True)))
    assert set(data["fields"]) == set(FIELDS)
    assert data["events"]["f1"] == 1.0 and data["errors"] == []
    assert "events" in report.summary()


# --------------------------------------------------------------------------- comparisons


@pytest.mark.parametrize(
    "a, b, km",
    [
        ((0.0, 0.0), (0.0, 1.0), 111.19),                       # one degree of longitude at the equator
        ((10.1866, 6.2549), (10.1866, 6.2549), 0.0),
        ((51.5074, -0.1278), (48.8566, 2.3522), 343.5),         # London - Paris
        ((34.4335, 35.8442), (32.8874, 13.1873), 2095.0),      # Tripoli LB - Tripoli LY
    ],
)
def test_haversine(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, rel=0.01, abs=0.01)
    assert haversine_km(*a, *b) == pytest.approx(haversine_km(*b, *a))


@pytest.mark.parametrize(
    "gold, predicted, ok",
    [
        ("Donetsk", "Donetska oblast", True),
        (["Basra", "Al Basrah"], "Al Başrah", True),
        ("Niger", "Niger State", True),
        ("North Kivu", "Nord-Kivu", True),
        ("Idleb", "Idlib", True),
        ("Kano", "Katsina", False),
        ("Niger", None, False),
    ],
)
def test_same_admin1(gold, predicted, ok):
    assert same_admin1(gold, predicted) is ok


@pytest.mark.parametrize(
    "gold, predicted, ok",
    [
        ({"value": "2023-05-06", "precision": "day"}, "2023-05-06", True),
        ({"value": "2023-05-06", "precision": "day"}, "2023-05-07", False),
        ({"value": "2023-05-01", "precision": "week"}, "2023-05-07", True),
        ({"value": "2023-05-01", "precision": "week"}, "2023-05-08", False),
        ({"value": "2021-04-01", "precision": "month"}, "2021-04-18", True),
        ({"value": "2021-01-01", "precision": "year"}, "2021-12-31", True),
        ({"value": "2021-01-01", "precision": "day"}, None, False),
    ],
)
def test_same_date(gold, predicted, ok):
    assert same_date(gold, predicted) is ok


def test_compare_to_baseline_lists_only_real_drops():
    report = {"scores": {"events.f1": 0.60, "count_exact": 0.79, "date": 0.90}}
    baseline = {"scores": {"events.f1": 0.70, "count_exact": 0.80, "admin1": 0.5}}
    drops = compare_to_baseline(report, baseline, tolerance=0.02)
    assert len(drops) == 2
    assert drops[0].startswith("admin1: missing")
    assert drops[1].startswith("events.f1: 0.600 < baseline 0.700")
    assert compare_to_baseline(report, {"events.f1": 0.61}) == []   # a flat baseline works too


# --------------------------------------------------------------------------- the gold file


@pytest.fixture(scope="module")
def gold_docs() -> list[GoldDoc]:
    return load_gold(GOLD)


def test_gold_file_loads_with_enough_texts(gold_docs):
    assert len(gold_docs) >= 60
    assert sum(1 for d in gold_docs if not d.events) >= 5          # texts with no event at all
    assert sum(len(d.events) for d in gold_docs) >= 120


def test_every_gold_line_is_a_valid_record():
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        assert set(record) <= {"id", "category", "published", "text", "events", "fatalities"}, number
        for event in record["events"]:
            assert set(event) <= {"actor", "action", "target", "count", "location", "date", "acled", "optional"}


def test_gold_action_types_are_documented(gold_docs):
    documented = set(re.findall(r"^\| `(\w+)` \|", (GOLD_DIR / "README.md").read_text(encoding="utf-8"), re.M))
    assert documented == ACTION_TYPES
    for doc in gold_docs:
        for event in doc.events:
            assert event.accepted_actions <= ACTION_TYPES, doc.id


def test_taxonomy_matches_the_action_rules():
    path = Path(__file__).parents[1] / "geoevent" / "rules" / "actions.jsonl"
    if not path.exists():
        pytest.skip("no action rules")
    types = {json.loads(line)["type"] for part in (path, *sorted(path.parent.glob("actions_*.jsonl")))
             for line in part.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith(("#", "//")) and "type" in json.loads(line)}
    assert types == ACTION_TYPES


def test_gold_places_and_dates_are_sane(gold_docs):
    for doc in gold_docs:
        for event in doc.events:
            loc = event.location
            if loc and loc.get("lat") is not None:
                assert -90 <= loc["lat"] <= 90 and -180 <= loc["lon"] <= 180, doc.id
                assert loc["lat"] or loc["lon"], doc.id                 # (0, 0) is an unset place
            if event.date and doc.published:
                assert date.fromisoformat(event.date["value"]) <= doc.published, doc.id
            if event.count and event.count["min"] is not None and event.count["max"] is not None:
                assert event.count["min"] <= event.count["value"] <= event.count["max"], doc.id


def test_gold_deaths_add_up_the_death_tolls(gold_docs):
    by_id = {d.id: d for d in gold_docs}
    assert by_id["article-ph-northern-samar-2021"].fatalities == 4       # 3 rebels and a soldier
    assert by_id["article-co-jamundi-2024"].fatalities == 1              # the 3 wounded do not count
    assert by_id["article-pk-may9-2023"].fatalities == 4                 # rioters are no death toll
    assert by_id["article-in-manipur-2023"].fatalities is None           # an optional toll: unscored
    assert by_id["none-pk-cricket-2023"].fatalities == 0


def test_predicted_deaths_are_kill_counts_added_up(gold_docs):
    [doc] = [d for d in gold_docs if d.id == "article-ph-northern-samar-2021"]

    def per_group(text, published, doc_id):   # one kill record per group, as the extractor gives
        clash, evacuate = perfect([doc])(text, published, doc_id)
        rebels = json.loads(json.dumps(clash))
        rebels["action"]["type"], rebels["count"]["value"] = "kill", 3
        soldier = json.loads(json.dumps(rebels))
        soldier["count"]["value"] = 1
        return [clash, evacuate, rebels, soldier]

    report = score([doc], per_group)
    assert report.fields["fatalities_exact"].accuracy == 1.0
    assert report.events.predicted == 4 and report.events.matched == 2


def test_gold_covers_the_hard_cases(gold_docs):
    text = " ".join(d.text for d in gold_docs)
    for phrase in ("dozens", "between 30 and 40", "at least 12", "Share on Facebook", "Most Popular Articles"):
        assert phrase in text
    countries = {e.location["country"] for d in gold_docs for e in d.events if e.location}
    assert len(countries) >= 25
    tripolis = {e.location["country"] for d in gold_docs for e in d.events
                if e.location and e.location["name"] == "Tripoli"}
    assert tripolis == {"LB", "LY"}


def test_bad_gold_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = {"id": "a", "text": "t", "published": None, "events": []}
    bad = {"id": "b", "text": "t", "published": None, "events": [{"action": {"type": "explode"}}]}
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad.jsonl:2: b: event 1: unknown action type 'explode'"):
        load_gold(path)


# --------------------------------------------------------------------------- ACLED input


@pytest.fixture(scope="module")
def acled_docs() -> list[GoldDoc]:
    return load_acled_csv(ACLED_SAMPLE)


def test_acled_rows_become_documents(acled_docs):
    by_id = {d.id: d for d in acled_docs}
    assert len(acled_docs) == 8                       # 10 rows: one without notes, two share a note
    kagara = by_id["NIG0001"]
    assert kagara.source == "acled" and kagara.fatalities == 3 and kagara.published is None
    [event] = kagara.events
    assert event.action == "attack" and "kill" in event.alt
    assert event.count == {"value": 3, "min": 3, "max": 3}
    assert event.location["country"] == "NG" and event.location["lat"] == pytest.approx(10.1866)
    assert event.date == {"value": "2020-05-09", "precision": "day"}
    assert event.acled == {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
    assert event.actor == {"name": "Unidentified Armed Group (Nigeria)", "country": "NG", "type": "militia",
                           "acled": "Unidentified Armed Group (Nigeria)", "inter": 3}


def test_acled_rows_sharing_a_note_are_one_clash(acled_docs):
    [doc] = [d for d in acled_docs if d.id == "SOM0007"]
    [event] = doc.events
    assert event.action == "armed_clash" and event.count["value"] == 5 and doc.fatalities == 5


def test_acled_dates_countries_and_precision(acled_docs):
    by_id = {d.id: d for d in acled_docs}
    assert by_id["DRC0002"].events[0].date["value"] == "2022-06-13"          # ISO form
    assert by_id["CIV0006"].events[0].date == {"value": "2021-03-14", "precision": "week"}
    assert {d.id: d.events[0].location["country"] for d in acled_docs} == {
        "NIG0001": "NG", "DRC0002": "CD", "UKR0003": "UA", "SYR0004": "SY",
        "PSE0005": "PS", "CIV0006": "CI", "SOM0007": "SO", "IRN0009": "IR",
    }
    assert by_id["UKR0003"].events[0].actor["country"] == "RU"     # "Military Forces of Russia (2000-)"


@pytest.mark.parametrize(
    "name, code",
    [("Democratic Republic of Congo", "CD"), ("Russia", "RU"), ("Iran", "IR"), ("Syria", "SY"),
     ("Palestine", "PS"), ("Ivory Coast", "CI"), ("Nigeria", "NG"), ("Turkey", "TR"), ("Atlantis", None)],
)
def test_country_code(name, code):
    assert country_code(name) == code


def test_acled_scoring_checks_event_type_and_fatalities(acled_docs):
    report = score(acled_docs, perfect(acled_docs))
    assert report.scores()["acled_event_type"] == 1.0
    assert report.fields["fatalities_exact"].total == len(acled_docs)
    assert report.fields["fatalities_exact"].accuracy == 1.0
    assert report.fields["count_exact"].total == 0                  # ACLED does not annotate counts

    def one_kill_short(text, published, doc_id):
        events = perfect(acled_docs)(text, published, doc_id)
        if doc_id == "SYR0004":
            events[0]["count"]["value"] = 8
        return events

    assert score(acled_docs, one_kill_short).fields["fatalities_exact"].correct == len(acled_docs) - 1


def test_load_detects_the_format(tmp_path, acled_docs):
    assert len(load(GOLD)) == len(load_gold(GOLD))
    assert len(load(ACLED_SAMPLE)) == len(acled_docs)
    renamed = tmp_path / "export.txt"
    renamed.write_text(ACLED_SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(load(renamed)) == len(acled_docs)
    (tmp_path / "x.txt").write_text("hello\n", encoding="utf-8")
    with pytest.raises(GoldError):
        load(tmp_path / "x.txt")


def test_acled_csv_without_notes_column_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("event_date,country\n09 May 2020,Nigeria\n", encoding="utf-8")
    with pytest.raises(GoldError, match="missing column"):
        load_acled_csv(path)


def test_report_is_a_dataclass_with_defaults():
    assert Report().scores() == {}


# ---------------------------------------------------------------- ACLED actors and incidents


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        ("Military Forces of Nigeria (2023-)", "Military Forces of Nigeria", True),
        ("Military Forces of Niger (2021-2023)", "military forces of niger", True),
        ("Protesters (Kenya)", "Protesters (Kenya)", True),
        ("Protesters (Kenya)", "Protesters (Uganda)", False),
        ("Al Shabaab", None, False),
    ],
)
def test_actor_names_compare_without_period(gold, predicted, expected):
    from geoevent.evaluate.report import same_actor_name

    assert same_actor_name(gold, predicted) is expected


def test_acled_actor1_and_inter1_are_scored(acled_docs):
    def named(text, published, doc_id):
        events = perfect(acled_docs)(text, published, doc_id)
        doc = next(d for d in acled_docs if d.text == text)
        for event, gold in zip(events, doc.events):
            event["acled"] = {**event["acled"], "actor1": gold.actor["acled"], "inter1": gold.actor["inter"]}
        return events

    report = score(acled_docs, named)
    assert report.scores()["actor1_acled"] == 1.0 and report.scores()["inter1"] == 1.0

    def unnamed(text, published, doc_id):
        events = named(text, published, doc_id)
        for event in events:
            event["acled"]["actor1"], event["acled"]["inter1"] = "Someone", 9
            event["actor"] = None
        return events

    report = score(acled_docs, unnamed)
    assert report.scores()["actor1_acled"] == 0.0 and report.scores()["inter1"] == 0.0


def test_fatalities_read_incident_totals(acled_docs):
    [doc] = [d for d in acled_docs if d.id == "NIG0001"]

    def incident(text, published, doc_id):   # two records of one incident, the total on each
        return [{"incident": "x#1", "action": {"type": t}, "count": {"value": 3},
                 "acled": {"event_type": "Violence against civilians", "fatalities": 3}} for t in ("kill", "attack")]

    assert score([doc], incident).fields["fatalities_exact"].correct == 1


@pytest.mark.parametrize("incidents, expected", [
    (["a", "a", "b"], (2, 1)),          # two records of the matched incident a, and a false b
    ([None, None], (2, 1)),            # records without an incident id count one by one
    (["a", "a"], (1, 1)),
])
def test_incident_precision_counts_records_of_one_incident_once(acled_docs, incidents, expected):
    [doc] = [d for d in acled_docs if d.id == "NIG0001"]

    def predict(text, published, doc_id):   # the first record matches; the others are visits
        records = [{"incident": incidents[0], "action": {"type": "kill"}, "count": {"value": 3}}]
        records += [{"incident": i, "action": {"type": "visit"}, "count": None} for i in incidents[1:]]
        return records

    report = score([doc], predict)
    assert (report.incidents.predicted, report.incidents.matched) == expected
