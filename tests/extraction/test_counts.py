"""Tests for geoevent.extraction.counts: number phrases to Count values, and a noun's count in a parse."""
from __future__ import annotations

import pytest

from geoevent.extraction.counts import (
    QUALIFIERS,
    conjunct_counts,
    count_for,
    counted_noun,
    counts_in_conjunction,
    load_count_rules,
    parse_count,
)
from geoevent.model import Count
from geoevent.rules import RuleError

# (text, value, min, max, qualifier)
FIGURES = [
    ("46", 46, 46, 46, "exact"),
    ("1,200", 1200, 1200, 1200, "exact"),
    ("1.2 million", 1_200_000, 1_200_000, 1_200_000, "exact"),
    ("1.2m", 1_200_000, 1_200_000, 1_200_000, "exact"),
    ("half a million", 500_000, 500_000, 500_000, "exact"),
    ("a quarter of a million", 250_000, 250_000, 250_000, "exact"),
    ("forty-six", 46, 46, 46, "exact"),
    ("Forty six", 46, 46, 46, "exact"),
    ("twenty one", 21, 21, 21, "exact"),
    ("twenty-one thousand", 21_000, 21_000, 21_000, "exact"),
    ("one hundred and twenty", 120, 120, 120, "exact"),
    ("two thousand five hundred", 2500, 2500, 2500, "exact"),
    ("a hundred", 100, 100, 100, "exact"),
    ("a dozen", 12, 12, 12, "exact"),
    ("two dozen", 24, 24, 24, "exact"),
    ("half a dozen", 6, 6, 6, "exact"),
    ("a", 1, 1, 1, "exact"),
    ("an", 1, 1, 1, "exact"),
    ("one", 1, 1, 1, "exact"),
    ("a couple of", 2, 2, 2, "exact"),
    ("both", 2, 2, 2, "exact"),
    ("another", 1, 1, 1, "exact"),
    ("no one", 0, 0, 0, "exact"),
    ("zero", 0, 0, 0, "exact"),
    ("the 46", 46, 46, 46, "exact"),
    ("a total of 46", 46, 46, 46, "exact"),
    ("a further 20", 20, 20, 20, "exact"),
    ("only 11", 11, 11, 11, "exact"),
    ("2,000", 2000, 2000, 2000, "exact"),
]

QUALIFIED = [
    ("at least 46", 46, 46, None, "at_least"),
    ("At least 46", 46, 46, None, "at_least"),
    ("not less than 5", 5, 5, None, "at_least"),
    ("no fewer than 10", 10, 10, None, "at_least"),
    ("46 or more", 46, 46, None, "at_least"),
    ("more than 1,000", 1000, 1000, None, "more_than"),
    ("More than 1,200", 1200, 1200, None, "more_than"),
    ("over 100", 100, 100, None, "more_than"),
    ("upwards of 50", 50, 50, None, "more_than"),
    ("in excess of 200", 200, 200, None, "more_than"),
    ("more than a dozen", 12, 12, None, "more_than"),
    ("40+", 40, 40, None, "more_than"),
    ("nearly 300", 300, None, 300, "approx_below"),
    ("almost 40", 40, None, 40, "approx_below"),
    ("close to 50", 50, None, 50, "approx_below"),
    ("just under 100", 100, None, 100, "approx_below"),
    ("nearly half a million", 500_000, None, 500_000, "approx_below"),
    ("fewer than 10", 10, None, 10, "less_than"),
    ("about 1.2 million", 1_200_000, None, None, "about"),
    ("around 30", 30, None, None, "about"),
    ("approximately 30", 30, None, None, "about"),
    ("roughly 30", 30, None, None, "about"),
    ("some 300", 300, None, None, "about"),
    ("an estimated 2,000", 2000, None, None, "about"),
    ("estimated 5", 5, None, None, "about"),
    ("about a dozen", 12, None, None, "about"),
    ("40-odd", 40, None, None, "about"),
    ("60 or so", 60, None, None, "about"),
    ("up to 50", 50, None, 50, "up_to"),
    ("as many as 70", 70, None, 70, "up_to"),
    ("between 30 and 40", 30, 30, 40, "range"),
    ("30 to 40", 30, 30, 40, "range"),
    ("30-40", 30, 30, 40, "range"),
    ("30\u201340", 30, 30, 40, "range"),
    ("30 or 40", 30, 30, 40, "range"),
    ("one or two", 1, 1, 2, "range"),
    ("thirty to forty thousand", 30_000, 30_000, 40_000, "range"),
    ("between 1 and 1.5 million", 1_000_000, 1_000_000, 1_500_000, "range"),
]

# ACLED's conservative figures for vague amounts
VAGUE = [
    ("tens", 10, 10, None, "vague"),
    ("dozens", 12, 12, None, "vague"),
    ("dozens of", 12, 12, None, "vague"),
    ("scores", 20, 20, None, "vague"),
    ("hundreds", 100, 100, None, "vague"),
    ("Hundreds of", 100, 100, None, "vague"),
    ("thousands", 1000, 1000, None, "vague"),
    ("tens of thousands", 10_000, 10_000, None, "vague"),
    ("hundreds of thousands", 100_000, 100_000, None, "vague"),
    ("millions", 1_000_000, 1_000_000, None, "vague"),
    ("several", 3, 3, None, "vague"),
    ("a few", 3, 3, None, "vague"),
    ("a handful", 3, 3, None, "vague"),
    ("several hundred", 300, 300, None, "vague"),
    ("at least dozens", 12, 12, None, "at_least"),
]

NOT_COUNTS = [
    "many", "numerous", "some", "a number of", "countless",           # no figure
    "$5 million", "5 million dollars", "Rs 300", "£2.1bn", "46 euros",  # money
    "46%", "46 percent", "46 per cent",                                 # percentages
    "46-year-old", "a 46-year-old", "aged 46",                          # ages
    "in 2005", "2021", "2005-2010",                                     # years
    "5 p.m.", "10:30", "5pm",                                           # times
    "145 kilometers", "5 km", "10 miles", "3 tonnes",                   # measures
    "three days", "two weeks", "48 hours",                              # durations
    "first", "3rd", "21st",                                             # ordinals
    "555-1234", "0300-1234567", "12345678",                             # phone numbers and ids
    "one of the", "one another", "No. 10", "#10",                       # not counts
    "", "  ", "soldiers", "1.5",
]


@pytest.mark.parametrize(("text", "value", "low", "high", "qualifier"), FIGURES + QUALIFIED + VAGUE)
def test_parse_count(text: str, value: int, low: int | None, high: int | None, qualifier: str) -> None:
    count = parse_count(text)
    assert count is not None, text
    assert (count.value, count.min, count.max, count.qualifier) == (value, low, high, qualifier)
    assert count.text == text.strip()
    assert count.of is None


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_parse_count_rejects(text: str) -> None:
    assert parse_count(text) is None


def test_parse_count_qualifiers_are_documented() -> None:
    for text, *_, qualifier in FIGURES + QUALIFIED + VAGUE:
        assert qualifier in QUALIFIERS, text


def test_parse_count_is_cached() -> None:
    assert parse_count("at least 46") is parse_count("at least 46")


def test_user_rules_extend_the_builtin_words(tmp_path) -> None:
    extra = tmp_path / "counts.jsonl"
    extra.write_text('{"kind": "vague", "text": "a slew", "value": 5}\n'
                     '{"kind": "qualifier", "text": "a tad over", "qualifier": "more_than", "position": "prefix"}\n',
                     encoding="utf-8")
    rules = load_count_rules([extra])
    assert parse_count("a slew", rules) == Count("a slew", 5, 5, None, "vague")
    assert parse_count("a tad over 30", rules).qualifier == "more_than"
    assert parse_count("a slew") is None                       # the built-in words are untouched


@pytest.mark.parametrize("line", [
    '{"kind": "vague", "text": "a slew", "value": "five"}',
    '{"kind": "vage", "text": "a slew", "value": 5}',
    '{"kind": "qualifier", "text": "a tad", "qualifier": "roughly", "position": "prefix"}',
    '{"kind": "number", "value": 5}',
    '{"kind": "vague", "text": "a slew", "value": 5, "valeu": 6}',
])
def test_bad_rule_line_names_the_line(tmp_path, line: str) -> None:
    extra = tmp_path / "bad.jsonl"
    extra.write_text(f"# comment\n{line}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"bad\.jsonl:2:"):
        load_count_rules([extra])


# ----------------------------------------------------------------------- sentences (real model)

# (sentence, token text, count text, value, min, max, qualifier, of)
SENTENCES = [
    ("At least 46 Afghan soldiers, including five officers, have taken refuge in Pakistan.",
     "soldiers", "At least 46", 46, 46, None, "at_least", "soldiers"),
    ("At least 46 Afghan soldiers, including five officers, have taken refuge in Pakistan.",
     "46", "At least 46", 46, 46, None, "at_least", "soldiers"),
    ("An airstrike killed 6 Taliban militants and injured 5 others.",
     "militants", "6", 6, 6, 6, "exact", "militants"),
    ("An airstrike killed 6 Taliban militants and injured 5 others.",
     "others", "5", 5, 5, 5, "exact", "others"),
    ("Police arrested more than 1,200 protesters.",
     "protesters", "more than 1,200", 1200, 1200, None, "more_than", "protesters"),
    ("Stepped up attacks have forced hundreds of Afghan government forces to escape.",
     "forces", "hundreds", 100, 100, None, "vague", "forces"),
    ("Stepped up attacks have forced hundreds of Afghan government forces to escape.",
     "hundreds", "hundreds", 100, 100, None, "vague", "forces"),
    ("Earlier in July, more than 1,000 Afghan security personnel fled across the border.",
     "personnel", "more than 1,000", 1000, 1000, None, "more_than", "personnel"),
    ("A 25-year-old man was shot dead.", "man", "A", 1, 1, 1, "exact", "man"),
    ("Gunmen abducted 20 passengers and demanded a $50,000 ransom.",
     "passengers", "20", 20, 20, 20, "exact", "passengers"),
    ("Tens of thousands of protesters marched in the capital.",
     "protesters", "Tens of thousands", 10_000, 10_000, None, "vague", "protesters"),
    ("Tens of thousands of protesters marched in the capital.",
     "Tens", "Tens of thousands", 10_000, 10_000, None, "vague", "protesters"),
    ("Dozens of people were injured in the blast.", "people", "Dozens", 12, 12, None, "vague", "people"),
    ("The blast left 32 dead and 159 wounded.", "dead", "32", 32, 32, 32, "exact", "dead"),
    ("The blast left 32 dead and 159 wounded.", "32", "32", 32, 32, 32, "exact", "dead"),
    ("The blast left 32 dead and 159 wounded.", "159", "159", 159, 159, 159, "exact", None),
    ("The bomb killed 12, including four children.", "12", "12", 12, 12, 12, "exact", None),
    ("The 46 soldiers were stationed in Kunar.", "soldiers", "46", 46, 46, 46, "exact", "soldiers"),
    ("Between 30 and 40 people were killed.", "people", "Between 30 and 40", 30, 30, 40, "range", "people"),
    ("Thirty to forty people died in the attack.", "people", "Thirty to forty", 30, 30, 40, "range", "people"),
    ("About 1.2 million people fled the fighting.",
     "people", "About 1.2 million", 1_200_000, None, None, "about", "people"),
    ("About 1.2m people fled the fighting.", "people", "About 1.2m", 1_200_000, None, None, "about", "people"),
    ("Up to 50 people were killed.", "people", "Up to 50", 50, None, 50, "up_to", "people"),
    ("As many as 70 soldiers were killed.", "soldiers", "As many as 70", 70, None, 70, "up_to", "soldiers"),
    ("Nearly 200 children were killed.", "children", "Nearly 200", 200, None, 200, "approx_below", "children"),
    ("Some 2,000 people marched, an estimated 2,000 people marched.",
     "people", "Some 2,000", 2000, None, None, "about", "people"),
    ("Officials said an estimated 2,000 people marched.",
     "people", "an estimated 2,000", 2000, None, None, "about", "people"),
    ("Several soldiers were hurt.", "soldiers", "Several", 3, 3, None, "vague", "soldiers"),
    ("A dozen police were arrested.", "police", "A dozen", 12, 12, 12, "exact", "police"),
    ("Two dozen people were arrested.", "people", "Two dozen", 24, 24, 24, "exact", "people"),
    ("Five of the soldiers were killed.", "soldiers", "Five", 5, 5, 5, "exact", "soldiers"),
    ("Both drivers were killed.", "drivers", "Both", 2, 2, 2, "exact", "drivers"),
    ("No casualties were reported.", "casualties", "No", 0, 0, 0, "exact", "casualties"),
    ("Twenty-one people were killed.", "people", "Twenty-one", 21, 21, 21, "exact", "people"),
    ("A total of 46 soldiers were killed.", "soldiers", "A total of 46", 46, 46, 46, "exact", "soldiers"),
    ("Some 2000 people protested in the capital.", "people", "Some 2000", 2000, None, None, "about", "people"),
    ("46 or more civilians died.", "civilians", "46 or more", 46, 46, None, "at_least", "civilians"),
]


@pytest.mark.parametrize(("sentence", "word", "text", "value", "low", "high", "qualifier", "of"), SENTENCES)
def test_count_for(nlp, sentence, word, text, value, low, high, qualifier, of) -> None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == word)
    assert count_for(token) == Count(text, value, low, high, qualifier, of)


# (sentence, token text): the figure is money, an age, a year, a time, a measure, a duration, a rank
NO_COUNT = [
    ("Gunmen demanded a $50,000 ransom.", "50,000"),
    ("They demanded 5 million dollars.", "dollars"),
    ("Prices rose by 46 percent.", "percent"),
    ("Prices rose 46% last year.", "46"),
    ("The attack happened in 2005.", "2005"),
    ("The attack at 5 p.m. killed no one.", "5"),
    ("The town lies 145 kilometres from Kabul.", "kilometres"),
    ("The siege lasted three days.", "days"),
    ("The talks lasted 48 hours.", "hours"),
    ("The 11 September attacks changed the world.", "attacks"),
    ("A man, 46, was killed by a bomb.", "46"),
    ("Charlie Bell has died of cancer aged 44.", "44"),
    ("Hailey, who has died at the age of 84, was known.", "84"),
    ("He was killed on Flight 370 near Route 66.", "Flight"),
    ("One of the attackers died.", "attackers"),
    ("They killed one another.", "one"),
    ("Many of the soldiers fled.", "soldiers"),
    ("A number of people fled.", "people"),
    ("Many soldiers fled.", "soldiers"),
    ("Soldiers fled.", "Soldiers"),
    ("The soldiers fled.", "soldiers"),
]


@pytest.mark.parametrize(("sentence", "word"), NO_COUNT)
def test_count_for_rejects(nlp, sentence: str, word: str) -> None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == word)
    assert count_for(token) is None


def test_subcount_is_not_the_head_count(nlp) -> None:
    doc = nlp("Afghan soldiers, including five officers, have taken refuge in Pakistan.")
    soldiers, officers = doc[1], doc[5]
    assert count_for(soldiers) is None
    assert count_for(officers) == Count("five", 5, 5, 5, "exact", "officers")


def test_age_is_not_the_count(nlp) -> None:
    doc = nlp("A 25-year-old man was shot dead.")
    assert count_for(doc[1]) is None                           # "25" is an age
    assert count_for(doc[6]).value == 1


@pytest.mark.parametrize(("sentence", "word", "noun"), [
    ("Stepped up attacks have forced hundreds of Afghan government forces to escape.", "hundreds", "forces"),
    ("Tens of thousands of protesters marched in the capital.", "Tens", "protesters"),
    ("Tens of thousands of protesters marched in the capital.", "thousands", "protesters"),
    ("At least 46 Afghan soldiers have taken refuge in Pakistan.", "46", "soldiers"),
    ("At least 46 Afghan soldiers have taken refuge in Pakistan.", "soldiers", "soldiers"),
    ("Five of the soldiers were killed.", "Five", "soldiers"),
    ("Several soldiers were hurt.", "Several", "soldiers"),
])
def test_counted_noun(nlp, sentence: str, word: str, noun: str) -> None:
    doc = nlp(sentence)
    assert counted_noun(next(t for t in doc if t.text == word)).text == noun


@pytest.mark.parametrize(("sentence", "word", "expected"), [
    ("Two soldiers and seven militants were killed.", "soldiers", [(2, "soldiers"), (7, "militants")]),
    ("Two soldiers and seven militants were killed.", "militants", [(2, "soldiers"), (7, "militants")]),
    ("Up to 50 people and as many as 70 soldiers and nearly 200 children were killed.", "people",
     [(50, "people"), (70, "soldiers"), (200, "children")]),
    ("Soldiers and seven militants were killed.", "Soldiers", [(7, "militants")]),
    ("An airstrike killed 6 Taliban militants and injured 5 others.", "militants", [(6, "militants")]),
])
def test_counts_in_conjunction(nlp, sentence: str, word: str, expected: list[tuple[int, str]]) -> None:
    doc = nlp(sentence)
    counts = counts_in_conjunction(next(t for t in doc if t.text == word))
    assert [(c.value, c.of) for c in counts] == expected


def test_conjunct_counts_keep_the_tokens(nlp) -> None:
    doc = nlp("Soldiers and seven militants were killed, along with hundreds of civilians and dozens of police.")
    pairs = conjunct_counts(doc[0])
    assert [(c.value if c else None, tok.text) for c, tok in pairs] == [(None, "Soldiers"), (7, "militants")]
    pairs = conjunct_counts(next(t for t in doc if t.text == "civilians"))
    assert [(c.value if c else None, tok.text) for c, tok in pairs] == [(100, "civilians"), (12, "police")]
