"""The RuleSet: users' files extend every rule file, with no code change; bad lines are errors."""
from __future__ import annotations

import json
import pickle

import pytest
from click.testing import CliRunner

from geoevent.cli import main
from geoevent.extractor import Extractor
from geoevent.rules import RuleError
from geoevent.rules.ruleset import RuleSet, builtin_rules

#: A new violent action type and a new actor type, as a user would write them.
HIJACK = {
    "type": "hijack", "family": "violence", "violent": True, "person_count": True,
    "count_role": "target", "plover": "ASSAULT",
    "acled": {"vs_civilians": ["Violence against civilians", "Abduction/forced disappearance"],
              "default": ["Battles", "Armed clash"]},
    "verbs": ["hijack"], "nouns": ["hijacking"], "description": "ships and vehicles seized with their people",
}
SEA_RAIDERS_CLASS = "sea_raiders\tarmed,nonstate_armed,victim,domestic,political\t3\tarmed crews raiding ships\n"
SEA_RAIDERS_HEADS = "sea raiders\tsea_raiders\nsea raider\tsea_raiders\n"
TEXT = "Sea raiders hijacked 12 fishermen off Eyl in Somalia on Monday."


@pytest.fixture()
def user_files(tmp_path):
    actions = tmp_path / "hijack.jsonl"
    actions.write_text(json.dumps(HIJACK) + "\n", encoding="utf-8")
    classes = tmp_path / "my_actor_classes.tsv"
    classes.write_text(SEA_RAIDERS_CLASS, encoding="utf-8")
    heads = tmp_path / "heads.tsv"
    heads.write_text(SEA_RAIDERS_HEADS, encoding="utf-8")
    return [actions, classes, heads]


def test_new_violent_type_and_actor_type_end_to_end(user_files):
    rules = RuleSet.load(user_files)
    assert rules.is_violent("hijack") and rules.inter("sea_raiders") == 3
    assert rules.is_a("sea_raiders", "armed") and "hijack" in rules.family("violence")
    result = CliRunner().invoke(main, ["extract", "-", "-f", "jsonl", "-q", "--published", "2024-03-06",
                                       *(a for f in user_files for a in ("--rules", str(f)))],
                                input=TEXT, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["action"]["type"] == "hijack"
    assert (record["actor"]["name"], record["actor"]["type"]) == ("Sea raiders", "sea_raiders")
    assert (record["target"]["type"], record["count"]["value"]) == ("civilians", 12)
    acled = record["acled"]
    assert (acled["event_type"], acled["sub_event_type"]) == ("Violence against civilians",
                                                              "Abduction/forced disappearance")
    # the new actor type's ACLED category (3, political militia) names and codes the actor
    assert (acled["actor1"], acled["inter1"], acled["interaction"]) == ("Unidentified Armed Group (Somalia)", 3, 37)
    assert record["plover"] == "ASSAULT" and record["date"]["value"] == "2024-03-04"
    # without the user's files the same text has no such type
    assert all(e.action.type != "hijack" for e in Extractor().extract(TEXT))


def test_place_alias_from_rules_is_resolved(tmp_path):
    places = tmp_path / "places.jsonl"
    places.write_text(json.dumps({"kind": "place", "name": "Arundu Sector", "country": "PK",
                                  "lat": 35.295, "lon": 71.527, "names": ["Arundu"]}) + "\n", encoding="utf-8")
    text = "Border guards clashed with militants in Arundu Sector on Monday."
    result = CliRunner().invoke(main, ["extract", "-", "-f", "jsonl", "-q", "--rules", str(places)],
                                input=text, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    location = record["location"]
    assert (location["name"], location["country"], location["lat"], location["lon"]) == ("Arundu Sector", "PK", 35.295, 71.527)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("a.jsonl", '{"type": "kill", "extend": true, "verbz": ["slay"]}\n', r'a\.jsonl:1: unknown key "verbz"'),
        ("a.jsonl", '// mine\n{"type": "hack", "plover": "ASAULT", "verbs": ["hack"]}\n', r'a\.jsonl:2: unknown PLOVER type "ASAULT"'),
        ("a.jsonl", '{"type": "hack", "acled": {"default": ["Battles", "Attack"]}, "verbs": ["hack"]}\n',
         r'a\.jsonl:1: "Attack" is not an ACLED sub-event type of "Battles"'),
        ("a.jsonl", '{"type": "hack", "acled": {"vs_aliens": ["Battles", "Armed clash"]}, "verbs": ["hack"]}\n',
         r'a\.jsonl:1: "acled": unknown condition "vs_aliens"'),
        ("a.jsonl", '{"type": "hack", "actor_types": ["aliens"], "verbs": ["hack"]}\n', r'a\.jsonl:1: "actor_types": unknown actor type'),
        ("a.jsonl", '{"type": "hack", "violent": "yes", "verbs": ["hack"]}\n', r'a\.jsonl:1: "violent" must be true or false'),
        ("a.jsonl", '{"kind": "place", "name": "X", "country": "PK", "lat": 95, "lon": 1}\n', r"a\.jsonl:1: lat/lon out of range"),
        ("a.jsonl", '{"kind": "planet", "name": "X"}\n', r'a\.jsonl:1: unknown "kind"'),
        ("my_actor_classes.tsv", "pirates\tarmed\t9\n", r"my_actor_classes\.tsv:1: ACLED_INTER must be 1-8"),
        ("my_clutter.tsv", "(unclosed\tbutton\n", r"my_clutter\.tsv:1: bad pattern"),
        ("mine.cfg", "[confidence]\nactors = 0.3\n", r"mine\.cfg:2: unknown setting 'actors'"),
    ],
)
def test_bad_user_lines_are_errors_with_file_and_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        RuleSet.load([path])


def test_replacing_a_builtin_type_warns_in_one_line(tmp_path, capsys):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"type": "kill", "family": "violence", "violent": true, "verbs": ["liquidate"]}\n'
                    '{"type": "injure", "extend": true, "verbs": ["bruise"]}\n', encoding="utf-8")
    rules = RuleSet.load([path])
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and 'mine.jsonl:1 replaces the action type "kill"' in lines[0]
    assert rules.action_type("kill").verbs == {"liquidate"}
    assert "wound" in rules.action_type("injure").verbs and "bruise" in rules.action_type("injure").verbs


def test_ruleset_pickles_by_value(tmp_path, user_files):
    rules = RuleSet.load(user_files)
    for path in user_files:
        path.unlink()   # a worker does not need the files
    copy = pickle.loads(pickle.dumps(rules))
    assert copy.is_violent("hijack") and copy.actors.head_noun("sea raiders").type == "sea_raiders"
    assert pickle.loads(pickle.dumps(builtin_rules())) is builtin_rules()


def test_users_counts_clutter_and_settings_reach_extraction(tmp_path):
    counts = tmp_path / "counts.jsonl"
    counts.write_text('{"kind": "vague", "text": "scads", "value": 5}\n', encoding="utf-8")
    clutter = tmp_path / "site_clutter.tsv"
    clutter.write_text("^Sponsored story\\b\tplea\n", encoding="utf-8")
    settings = tmp_path / "tuning.cfg"
    settings.write_text("[confidence]\nbase = 0.3\n", encoding="utf-8")
    extractor = Extractor(rules=[counts, clutter, settings])
    text = ("Gunmen killed scads of soldiers in Gao on Monday.\n\n"
            "Sponsored story: rebels attacked 40 villages in Mopti.\n")
    events = extractor.extract(text)
    assert [(e.action.type, e.count.value if e.count else None) for e in events] == [("kill", 5)]
    assert Extractor().extract(text)[0].count is None   # the built-in words do not know "scads"
    untuned = Extractor(rules=[counts]).extract(text)[0]
    assert events[0].confidence == pytest.approx(untuned.confidence - 0.1)


@pytest.mark.parametrize("name", ["kill", "protest", "withdraw", "meet"])
def test_every_builtin_type_has_its_properties(name):
    atype = builtin_rules().action_type(name)
    assert atype.family and atype.description
    assert (atype.plover is None) or atype.plover.isupper()


def test_users_date_words_reach_resolution(tmp_path):
    from datetime import date

    from geoevent.extraction.dates_resolve import resolve_date

    path = tmp_path / "my_dates_words.tsv"
    path.write_text("monsoon\tseason\t6-9\n", encoding="utf-8")
    words = RuleSet.load([path]).date_words
    when = resolve_date("last monsoon", date(2024, 3, 6), words=words)
    assert (when.value, when.end) == ("2023-06-01", "2023-09-30")
    assert resolve_date("last monsoon", date(2024, 3, 6)) is None or resolve_date("last monsoon", date(2024, 3, 6)).value is None
    bad = tmp_path / "bad_dates_words.tsv"
    bad.write_text("# mine\nsmarch\tmonth\t13\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"bad_dates_words\.tsv:2:"):
        RuleSet.load([bad])
