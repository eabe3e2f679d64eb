"""Users' rule files (``--rules``) reach every step: place resolution (places, aliases, nationality
words, feature words) and ACLED coding (named groups, event types, riot cues, totals). The names
are made up, so only the user's file can resolve them."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geoevent.cli import main

PLACE = '{"kind": "place", "name": "Zorvan Sector", "country": "ML", "lat": 14.25, "lon": -3.5}\n'
GROUP = '{"kind": "acled_group", "acled": "Zorvan Liberation Front", "inter": 2, "aliases": ["Zorvan Front"]}\n'


def extract(tmp_path, files: dict[str, str], text: str, command: str = "extract") -> tuple[list[dict], str]:
    """Run ``geoevent COMMAND`` on ``text`` with ``files`` as --rules; its JSON lines and stderr."""
    args = [command, "-", "-q", "--format", "jsonl"]
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        args += ["--rules", str(tmp_path / name)]
    result = CliRunner().invoke(main, args, input=text, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr


@pytest.mark.parametrize("files, text, expected", [
    # a place with its coordinates
    ({"mine.jsonl": PLACE}, "Gunmen killed four villagers in Zorvan Sector on Monday.\n",
     {"country": "ML", "lat": 14.25, "lon": -3.5, "precision": "place"}),
    # a nationality word: a text that names no place is put in its country
    ({"my_demonyms.tsv": "Zorvanese\tML\n"}, "Zorvanese soldiers killed three rebels on Monday.\n",
     {"country": "ML", "precision": "country"}),
    # an alias of a country
    ({"my_places_aliases.tsv": "Zorvania\tML\t-\n"}, "Fighting in Zorvania killed five soldiers on Monday.\n",
     {"country": "ML", "precision": "country"}),
])
def test_user_places_resolve(tmp_path, files, text, expected):
    events, _ = extract(tmp_path, files, text)
    assert events
    location = events[0]["location"] or {}
    assert {k: location.get(k) for k in expected} == expected


@pytest.mark.parametrize("files, text", [
    ({"my_demonyms.tsv": "Zorvanese\tML\n"}, "Zorvanese soldiers killed three rebels on Monday.\n"),
    ({"my_places_aliases.tsv": "Zorvania\tML\t-\n"}, "Fighting in Zorvania killed five soldiers on Monday.\n"),
])
def test_without_the_file_nothing_resolves(tmp_path, files, text):
    events, _ = extract(tmp_path, {}, text)
    assert all((e["location"] or {}).get("country") != "ML" for e in events)


def test_user_feature_words_reach_place_finding(tmp_path):
    from geoevent.extractor import Extractor

    (tmp_path / "my_places_features.tsv").write_text("wereda\tlocal\n", encoding="utf-8")
    words = Extractor(rules=[tmp_path / "my_places_features.tsv"]).gazetteer.words
    assert words.features["wereda"] == "local" and words.features["province"] == "admin1"


def test_user_acled_group_names_the_actor(tmp_path):
    text = "Fighters of the Zorvan Front killed five soldiers in an attack on an army base in Mali on Monday.\n"
    events, _ = extract(tmp_path, {"groups.jsonl": GROUP}, text)
    assert any((e["acled"] or {}).get("actor1") == "Zorvan Liberation Front" for e in events)
    events, _ = extract(tmp_path, {}, text)
    assert not any((e["acled"] or {}).get("actor1") == "Zorvan Liberation Front" for e in events)


def test_user_acled_group_replacing_a_builtin_one_warns(tmp_path):
    line = '{"kind": "acled_group", "acled": "Al Shabaab", "inter": 2, "aliases": ["Zorvan Front"]}\n'
    _, stderr = extract(tmp_path, {"groups.jsonl": line}, "Nothing happened.\n")
    assert stderr.count("warning") == 1 and '"Al Shabaab"' in stderr and "groups.jsonl:1" in stderr


def test_user_fatality_total_statement_is_read(tmp_path):
    # a made-up way of stating a total: "(toll 9)"
    text = "Gunmen shot dead two guards at a checkpoint in Mali on Monday (toll 9).\n"
    events, _ = extract(tmp_path, {"my_fatality_totals.tsv": "\\(toll (\\d+)\\)\ta made-up total\n"}, text)
    assert any((e["acled"] or {}).get("fatalities") == 9 for e in events)
    events, _ = extract(tmp_path, {}, text)
    assert not any((e["acled"] or {}).get("fatalities") == 9 for e in events)


@pytest.mark.parametrize("name, content, where", [
    ("my_acled_categories.tsv", "rebels\tnine\tX\n", "my_acled_categories.tsv:1"),
    ("my_fatality_totals.tsv", "(unclosed\tbad\n", "my_fatality_totals.tsv:1"),
    ("my_demonyms.tsv", "Zorvanese\tml\n", "my_demonyms.tsv:1"),
    ("groups.jsonl", '{"kind": "acled_group", "acled": "X", "inter": 12, "aliases": ["X"]}\n', "groups.jsonl:1"),
    ("my_means.tsv", "catapult\tweapon\n", "my_means.tsv:1"),
    ("my_event_nouns.tsv", "kind\tstandoff\n", "my_event_nouns.tsv:1"),
])
def test_bad_user_rule_names_file_and_line(tmp_path, name, content, where):
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "-", "-q", "--rules", str(tmp_path / name)], input="x\n")
    assert result.exit_code == 2
    assert where in result.stderr


@pytest.mark.parametrize("name, content, check", [
    ("my_means.tsv", "catapult\tnoun\n", lambda r: "catapult" in r.means["noun"] and "drone" in r.means["noun"]),
    ("my_event_nouns.tsv", "noun\tstandoff\n", lambda r: "standoff" in r.event_nouns and "raid" in r.event_nouns),
    ("my_event_nouns.tsv", "family\tcoercion\n", lambda r: "arrest" in r.event_nouns),
])
def test_user_word_lists_extend_the_builtin_ones(tmp_path, name, content, check):
    from geoevent.rules.ruleset import RuleSet

    (tmp_path / name).write_text(content, encoding="utf-8")
    assert check(RuleSet.load([tmp_path / name]))


@pytest.mark.parametrize("files, text, expected", [
    # a made-up tag opening a note: the note takes the tag's types
    ({"my_acled_note_tags.tsv": "Zorvan drill\tStrategic developments\tOther\t-\n"},
     "Zorvan drill: On 3 May, soldiers attacked a village in Mali.\n", ("Strategic developments", "Other")),
    # a made-up sign that the attacked side fought back: the attack is a battle
    ({"my_acled_battle_cues.tsv": "\\bzorvan riposte\\b\tmade up\n"},
     "Gunmen attacked a village in Mali on Monday and killed two farmers; a zorvan riposte followed.\n",
     ("Battles", "Armed clash")),
    # a made-up act of police stepping in: a protest with intervention
    ({"my_acled_intervention_cues.tsv": "\\bzorvanised\\b\tmade up\n"},
     "Hundreds of traders protested in Bamako, Mali on Monday; police zorvanised the crowd.\n",
     ("Protests", "Protest with intervention")),
])
def test_user_acled_coding_cues_are_read(tmp_path, files, text, expected):
    def types(events):
        return {((e["acled"] or {}).get("event_type"), (e["acled"] or {}).get("sub_event_type")) for e in events}

    with_file, _ = extract(tmp_path, files, text)
    without, _ = extract(tmp_path, {}, text)
    assert expected in types(with_file)
    assert expected not in types(without)


@pytest.mark.parametrize("content, actor, expected", [
    # a made-up word that makes a gang's capitalised first word no name of its own
    ("zorvan\tnot_a_name\n", "Zorvan gang members", "Unidentified Gang (Haiti)"),
    # a made-up force noun that, with "the", names the event country's own forces
    ("zorvan guards\town_force\tmilitary\n", None, None),
])
def test_user_acled_words_extend_the_builtin_ones(tmp_path, content, actor, expected):
    from geoevent.extraction.acled import acled_actor, acled_rules_for
    from geoevent.model import Actor
    from geoevent.rules.ruleset import RuleSet

    (tmp_path / "my_acled_words.tsv").write_text(content, encoding="utf-8")
    rules = acled_rules_for(RuleSet.load([tmp_path / "my_acled_words.tsv"]))
    word = content.split("\t")[0]
    assert word in rules.words[content.split("\t")[1].strip()]
    assert "the" in rules.words["not_a_name"] and rules.own_forces["army"] == "military"
    if actor is not None:
        assert acled_actor(Actor(actor, actor, None, "criminal"), "HT", None, rules)[0] == expected


@pytest.mark.parametrize("text", [
    # a made-up verb of saying after a nationality's force, or after a bare definite force noun:
    # the force is a source of the report, not its perpetrator
    "Nigerian police zorvaned that gunmen attacked a village",
    "the police zorvaned that gunmen attacked a village",
])
def test_user_source_words_make_a_force_a_source(tmp_path, text):
    from geoevent.extraction.acled import acled_rules_for, load_acled_rules, state_forces_in_text
    from geoevent.rules.ruleset import RuleSet

    (tmp_path / "my_acled_words.tsv").write_text("zorvaned\tsource\n", encoding="utf-8")
    rules = acled_rules_for(RuleSet.load([tmp_path / "my_acled_words.tsv"]))
    assert state_forces_in_text(text, "NG", load_acled_rules()) == [("Police Forces of Nigeria", 1)]
    assert state_forces_in_text(text, "NG", rules) == []


@pytest.mark.parametrize("content, text, before, after", [
    # a verb whose subject only witnesses the event its object names: no actor from it
    ("glimpse\twitness\n", "Villagers glimpsed an attack on the market in Gao on Monday.\n",
     [("attack", "civilians")], []),
    # a cause that makes a death an event: a lone death of it is a killing
    ("burn\tdeath_cause\n", "A man died of his burns in Gao on Monday.\n", [], [("kill", None)]),
])
def test_user_word_classes_extend_the_event_steps(tmp_path, content, text, before, after):
    def coded(events):
        return [(e["action"]["type"], (e["actor"] or {}).get("type")) for e in events]

    assert coded(extract(tmp_path, {}, text)[0]) == before
    assert coded(extract(tmp_path, {"my_word_classes.tsv": content}, text)[0]) == after


def places_of(tmp_path, files: dict[str, str], text: str) -> list[str]:
    mentions, _ = extract(tmp_path, files, text, command="places")
    return [m["text"] for m in mentions]


@pytest.mark.parametrize("files, text, gone", [
    # a user's stop word: a town's name that, in the user's news, is something else
    ({"my_places_stopwords.tsv": "Kayes\tcalendar\n"}, "Officials said Bamako and Kayes were quiet on Monday.\n", "Kayes"),
])
def test_user_place_stop_words_reach_place_finding(tmp_path, files, text, gone):
    assert gone in places_of(tmp_path, {}, text)
    assert gone not in places_of(tmp_path, files, text)


@pytest.mark.parametrize("name, content, check", [
    ("my_places_facilities.tsv", "kraal\n", lambda w: "kraal" in w.facility_words and "hospital" in w.facility_words),
    ("my_places_facilities.tsv", "gasse\tway\n", lambda w: "gasse" in w.way_words and "street" in w.way_words),
    ("my_places_people_nouns.tsv", "herders\n", lambda w: "herders" in w.people_nouns),
    ("my_places_region_adjectives.tsv", "Zorvanic\tZorvan Hills\n", lambda w: w.region_adjectives.get("Zorvanic") == "Zorvan Hills"),
    ("my_places_residents.tsv", "raised\thyphen\n", lambda w: "raised" in w.hyphen_words and "based" in w.hyphen_words),
    ("my_places_residents.tsv", "villagers\tresident\n", lambda w: "villagers" in w.resident_nouns and "man" in w.resident_nouns),
    ("my_places_bodies.tsv", "gendarmerie\n", lambda w: "gendarmerie" in w.body_words and "police" in w.body_words),
    ("my_places_org_words.tsv", "gazette\n", lambda w: "gazette" in w.org_words and "airways" in w.org_words),
])
def test_user_place_word_lists_reach_geo(tmp_path, name, content, check):
    from geoevent.extractor import Extractor
    from geoevent.geo.words import builtin_words

    (tmp_path / name).write_text(content, encoding="utf-8")
    words = Extractor(rules=[tmp_path / name]).gazetteer.words
    assert check(words)
    assert not check(builtin_words())


@pytest.mark.parametrize("name, content, message", [
    # place finding reads its tuning numbers from the built-in settings.cfg only: a user's
    # override is refused in one line rather than silently ignored
    ("mine.cfg", "[places]\nnear_km = 150\n", r"mine\.cfg:2: the \[places\] settings cannot be overridden"),
    ("mine.jsonl", '{"kind": "setting", "section": "places", "key": "region_radius_km", "value": 50}\n',
     r"mine\.jsonl:1: the \[places\] settings cannot be overridden"),
])
def test_place_settings_are_builtin_only(tmp_path, name, content, message):
    from geoevent.rules import RuleError
    from geoevent.rules.ruleset import RuleSet

    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        RuleSet.load([tmp_path / name])


@pytest.mark.parametrize("name, content, message", [
    # a misspelt kind column would leave the row unused: it is an error naming file and line
    ("my_places_residents.tsv", "# word\tkind\nvillagers\tresidnet\n", r"my_places_residents\.tsv:2: unknown kind 'residnet'"),
    ("my_places_stopwords.tsv", "Hope\tnevr\n", r"my_places_stopwords\.tsv:1: unknown kind 'nevr'"),
    ("my_places_facilities.tsv", "gasse\twya\n", r"my_places_facilities\.tsv:1: unknown kind 'wya'"),
])
def test_user_place_list_rejects_an_unknown_kind(tmp_path, name, content, message):
    from geoevent.rules import RuleError
    from geoevent.rules.ruleset import RuleSet

    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        RuleSet.load([tmp_path / name])


@pytest.mark.parametrize("content, field", [
    # the words that tie a place to an event are word classes a user's file extends
    ("kebele\tplace_noun\n", "place_nouns"),
    ("amid\tplace_prep\n", "place_preps"),
    ("flare-up\tlight_verb\n", "light_verbs"),
])
def test_user_word_classes_reach_event_places(tmp_path, content, field):
    from geoevent.extraction.where import WhereWords
    from geoevent.rules.ruleset import RuleSet

    word = content.split("\t")[0]
    assert word not in getattr(WhereWords.of(RuleSet.load()), field)
    (tmp_path / "my_word_classes.tsv").write_text(content, encoding="utf-8")
    assert word in getattr(WhereWords.of(RuleSet.load([tmp_path / "my_word_classes.tsv"])), field)
