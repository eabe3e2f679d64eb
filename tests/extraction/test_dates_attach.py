"""Tests of date_mentions and date_for_trigger with the real English model."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geoevent.extraction.dates import DateMention, date_for_trigger, date_mentions
from geoevent.model import When

ANCHOR = date(2021, 7, 27)          # a Tuesday
SEEDS = Path("/work/shared/seeds")


def _trigger(doc, word: str, nth: int = 0):
    return [t for t in doc if t.text == word][nth]


def _date_of(nlp, text: str, trigger: str, nth: int = 0) -> When | None:
    doc = nlp(text)
    return date_for_trigger(_trigger(doc, trigger, nth), date_mentions(doc, ANCHOR))


@pytest.mark.parametrize(
    ("text", "phrase", "value", "end"),
    [
        ("Police said on Monday that gunmen attacked a checkpoint.", "on Monday", "2021-07-26", None),
        ("Earlier this month, 35 soldiers crossed the border.", "Earlier this month", "2021-07-01", "2021-07-27"),
        ("The Taliban have captured territory since early May.", "since early May", "2021-05-01", "2021-07-27"),
        ("Reports have been circulating since mid-April.", "since mid-April", "2021-04-11", "2021-07-27"),
        ("Fighting raged between 3 and 5 May in the north.", "between 3 and 5 May", "2021-05-03", "2021-05-05"),
        ("On the night of 9 May, soldiers raided the village.", "On the night of 9 May", "2021-05-09", None),
        ("Gunmen killed five people overnight.", "overnight", "2021-07-26", "2021-07-27"),
    ],
)
def test_date_mentions_find_phrases_the_model_misses(nlp, text, phrase, value, end) -> None:
    doc = nlp(text)
    found = {doc[m.start:m.end].text: m.when for m in date_mentions(doc, ANCHOR)}
    assert phrase in found
    assert (found[phrase].value, found[phrase].end) == (value, end)


def test_date_mentions_leave_out_durations_and_numbers(nlp) -> None:
    doc = nlp("The siege lasted three days and 1,000 people fled at 5 p.m. on 24/7 patrols.")
    assert date_mentions(doc, ANCHOR) == []


def test_date_mentions_are_typed(nlp) -> None:
    doc = nlp("Gunmen attacked the town on Monday.")
    (mention,) = date_mentions(doc, ANCHOR)
    assert isinstance(mention, DateMention)
    assert doc[mention.start:mention.end].text == "on Monday"
    assert mention.when == When("on Monday", "2021-07-26", "day")


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        # the date that modifies the trigger
        ("On 9 May 2020, unidentified gunmen killed 3 civilians in Kidal.", "killed", "2020-05-09"),
        ("Militants attacked a convoy on Monday in Kunar.", "attacked", "2021-07-26"),
        ("Police said on Monday that gunmen killed five people last week.", "killed", "2021-07-19"),
        ("Police said on Monday that gunmen killed five people last week.", "said", "2021-07-26"),
        ("The group, founded in 2005, attacked a convoy on Monday.", "attacked", "2021-07-26"),
        ("The group, founded in 2005, attacked a convoy on Monday.", "founded", "2005-01-01"),
        ("Earlier in July, more than 1,000 soldiers fled across the border.", "fled", "2021-07-01"),
        ("Gunmen killed and wounded several people overnight.", "wounded", "2021-07-26"),
        # the clause's head carries the date
        ("Officials said yesterday that rebels had seized the town.", "seized", "2021-07-26"),
        # a verb with no date of its own takes the nearest date of its sentence
        ("In Kidal, gunmen who stormed a market killed three traders on 9 May.", "stormed", "2021-05-09"),
    ],
)
def test_date_for_trigger(nlp, text, trigger, value) -> None:
    when = _date_of(nlp, text, trigger)
    assert when is not None and when.value == value


def test_a_date_naming_another_event_is_not_attached(nlp) -> None:
    text = "Troops were expelled from the base after the September 11, 2001 attacks."
    assert _date_of(nlp, text, "expelled") is None


def test_vague_date_wins_over_a_date_of_another_clause(nlp) -> None:
    text = "Militants have attacked the town in recent weeks, officials said on Tuesday."
    assert _date_of(nlp, text, "attacked") == When("recent weeks")


def test_paragraph_opening_date_carries_to_later_sentences(nlp) -> None:
    text = ("On 9 May 2020, unidentified gunmen killed 3 civilians in Kidal. "
            "The attackers also looted shops.\n"
            "Police arrested two suspects.")
    doc = nlp(text)
    mentions = date_mentions(doc, ANCHOR)
    assert date_for_trigger(_trigger(doc, "looted"), mentions).value == "2020-05-09"
    assert date_for_trigger(_trigger(doc, "arrested"), mentions) is None   # a new paragraph


def test_no_date_gives_none_never_the_anchor(nlp) -> None:
    assert _date_of(nlp, "Gunmen killed three civilians in Kidal.", "killed") is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="no seed articles")
def test_seed_article(nlp) -> None:
    text = (SEEDS / "000_40fc1236936537a0.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    mentions = date_mentions(doc, ANCHOR)
    values = {doc[m.start:m.end].text: m.when.value for m in mentions}
    assert values["Monday"] == "2021-07-26"
    assert values["Earlier this month"] == "2021-07-01"
    assert values["Earlier in July"] == "2021-07-01"
    assert values["since early May"] == "2021-05-01"
    assert values["on July 17"] == "2021-07-17"
    assert values["since mid-April"] == "2021-04-11"
    assert values["in May"] == "2021-05-01"
    assert values["in 2005"] == "2005-01-01"
    assert values["recent weeks"] is None
    assert date_for_trigger(_trigger(doc, "fled"), mentions).value == "2021-07-01"
    assert date_for_trigger(_trigger(doc, "expelled"), mentions).value == "2005-01-01"
    assert date_for_trigger(_trigger(doc, "requested", 1), mentions).value == "2021-07-01"


def test_same_day_takes_the_paragraph_date(nlp) -> None:
    text = ("On 9 May 2020, unidentified gunmen killed 3 civilians in Kidal. "
            "Soldiers arrested two suspects the same day.")
    assert _date_of(nlp, text, "arrested").value == "2020-05-09"


def test_a_later_conjunct_keeps_its_own_date(nlp) -> None:
    text = "Gunmen stormed the village at dawn on 3 May and burned it down on 5 May."
    assert _date_of(nlp, text, "stormed").value == "2021-05-03"
    assert _date_of(nlp, text, "burned").value == "2021-05-05"
