"""Triggers, types, negation and modality, on sentences parsed by the real model."""
from __future__ import annotations

import pytest

from geoevent.extraction.actions import is_irrealis, negation
from geoevent.rules import RuleError
from geoevent.rules.ruleset import RuleSet, builtin_rules


def triggers(nlp, text):
    lexicon = builtin_rules().actions
    doc = nlp(text)
    return [(t.action_type.type, t.lemma) for sent in doc.sents for t in lexicon.find_triggers(sent)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("At least 46 Afghan soldiers have taken refuge in Pakistan.", [("seek_refuge", "take refuge")]),
        ("An airstrike killed 6 Taliban militants and injured 5 others.",
         [("air_strike", "airstrike"), ("kill", "kill"), ("injure", "injure")]),
        ("Troops opened fire on the crowd.", [("attack", "open fire")]),
        ("Police fired on the protesters.", [("attack", "fire on")]),
        ("32 dead in a suicide bombing in Kabul.", [("kill", "dead"), ("bombing", "suicide bombing")]),
        ("More than 1,000 soldiers fled across the border into Tajikistan.", [("flee", "flee")]),
        ("The death toll rose to 32.", [("kill", "death toll")]),
        ("Police arrested 12 protesters.", [("arrest", "arrest")]),
        ("The rebels seized control of the town.", [("capture_territory", "seize control")]),
        ("Thousands of people took to the streets of Khartoum.", [("protest", "take to street")]),
        ("The company reported higher profits.", []),
        ("The deaths of the two men shocked the town.", []),
        ("Shares rose 5% on Monday.", []),
    ],
)
def test_triggers(nlp, text, expected):
    assert triggers(nlp, text) == expected


@pytest.mark.parametrize(
    "text, word, negated",
    [
        ("Police did not arrest anyone.", "arrest", True),
        ("The army denied firing on protesters.", "firing", True),
        ("There were no deaths in the attack.", "deaths", True),
        ("Police arrested 12 people.", "arrested", False),
    ],
)
def test_negation(nlp, text, word, negated):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert negation(token) is negated


@pytest.mark.parametrize(
    "text, word, irrealis",
    [
        ("Rebels threatened to attack the town.", "attack", True),
        ("The army plans to withdraw its troops.", "withdraw", True),
        ("Protesters will march on Friday.", "march", True),
        ("If police arrest him, there will be riots.", "arrest", True),
        ("Rebels attacked the town.", "attacked", False),
        ("The army said it had withdrawn its troops.", "withdrawn", False),
    ],
)
def test_irrealis(nlp, text, word, irrealis):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert is_irrealis(token) is irrealis


def test_user_rules_extend_and_override(nlp, tmp_path):
    extra = tmp_path / "mine.jsonl"
    extra.write_text(
        '{"type": "kill", "extend": true, "verbs": ["liquidate"]}\n'
        '{"type": "cyber_attack", "plover": "ASSAULT", "verbs": ["hack"], "nouns": ["cyberattack"]}\n'
    )
    lexicon = RuleSet.load([extra]).actions
    doc = nlp("Agents liquidated two informers after a cyberattack.")
    found = {t.action_type.type for s in doc.sents for t in lexicon.find_triggers(s)}
    assert found == {"kill", "cyber_attack"}
    assert "murder" in lexicon.types["kill"].verbs   # extended, not replaced


def test_bad_rule_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "kill", "verbs": ["x"]}\n{"type": "kill", "verbs": "shoot"}\n')
    with pytest.raises(RuleError, match=r"bad.jsonl:2: \"verbs\" must be a list"):
        RuleSet.load([bad])


def test_every_builtin_type_is_documented():
    from geoevent.extraction.acled_types import note_tags

    lexicon = builtin_rules().actions
    # a type without triggers is given only by the opening tag of an ACLED note ("Other:")
    tagged = {named[2] for named in note_tags().values()}
    for action_type in lexicon.types.values():
        assert action_type.description, action_type.type
        assert action_type.verbs or action_type.nouns or action_type.phrases or action_type.type in tagged, \
            action_type.type
