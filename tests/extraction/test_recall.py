"""Recall on the idioms of conflict notes (issue 11, section 4), and the date a reporting verb
gives to its quoted clause. Sentences written by us."""
from __future__ import annotations

from datetime import date

import pytest


PUBLISHED = date(2024, 5, 10)   # a Friday


def kinds(extractor, text):
    return [(e.action.type, (e.acled or {}).get("event_type")) for e in extractor.extract(text, published=PUBLISHED)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # sexual violence: the model's lemma of "raped" is "rap"
        ("On 3 May 2024, unknown gunmen raped two women near the village of Dori.",
         ("sexual_violence", "Violence against civilians")),
        # arson of property
        ("On 3 May 2024, militants burned a school and a clinic in Dori.",
         ("destroy_property", "Strategic developments")),
        # looting of livestock
        ("On 3 May 2024, armed bandits stole cattle from herders near Dori.",
         ("destroy_property", "Strategic developments")),
        # riots told by barricades or stones
        ("On 3 May 2024, residents barricaded the main road in Dori.", ("riot", "Riots")),
        ("On 3 May 2024, youths threw stones at police officers in Dori.", ("riot", "Riots")),
        ("On 3 May 2024, supporters of the party burned tyres in the streets of Dori to protest the ruling.",
         ("riot", "Riots")),
        # surrenders
        ("On 3 May 2024, twelve insurgents surrendered to the army in Dori.", ("agree", "Strategic developments")),
        # weapons seizures
        ("On 3 May 2024, police seized nine rifles and ammunition in Dori.",
         ("seize_weapons", "Strategic developments")),
        # security measures
        ("On 3 May 2024, the governor imposed a curfew in Dori.", ("security_measure", "Strategic developments")),
        # gunshots heard
        ("On 3 May 2024, gunshots were heard in Dori overnight.", ("attack", "Violence against civilians")),
        # protests told by a sit-in or a gathering whose purpose is to protest
        ("On 3 May 2024, nurses staged a sit-in at the hospital in Dori.", ("protest", "Protests")),
        ("On 3 May 2024, drivers gathered at the roundabout in Dori to protest against fuel prices.",
         ("protest", "Protests")),
        # movement of forces
        ("On 3 May 2024, the militia established a checkpoint in Dori.", ("deploy", "Strategic developments")),
        # whippings by armed groups
        ("On 3 May 2024, jihadists whipped three shopkeepers in the market of Dori.",
         ("attack", "Violence against civilians")),
        # a weapon written as a capital abbreviation, its verb standing for the incident
        ("On 3 May 2024, an IED exploded near a market in Dori.",
         ("bombing", "Explosions/Remote violence")),
    ],
)
def test_note_idioms_give_an_event(extractor, text, expected):
    assert expected in kinds(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "The chef burned the toast twice on the live show.",
        "The striker surrendered the lead in the last minute.",
        "Fans threw their scarves onto the pitch after the final whistle.",
        "The chef burned the toast to protest against the new menu.",
        "The singer whipped the crowd into a frenzy at the stadium.",
        "Heavy winds lashed the harbour overnight.",
    ],
)
def test_figurative_uses_give_no_event(extractor, text):
    """Sport and kitchen uses of the new triggers stay out (issue 11, section 6)."""
    assert kinds(extractor, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # the quote is a sentence of its own: "said ... on Tuesday" dates it
        ('Fighting spread across the north. The army said in a statement on Tuesday: '
         '"Forty rebels surrendered to our troops in the district."', "2024-05-07"),
        # within one sentence
        ("The governor told reporters on Wednesday that gunmen had burned the market.", "2024-05-08"),
        # a quote with its own date keeps it
        ('The army said on Tuesday: "On 2 May, forty rebels surrendered to our troops."', "2024-05-02"),
    ],
)
def test_reporting_verb_dates_its_reported_clause(extractor, text, expected):
    found = extractor.extract(text, published=PUBLISHED)
    assert found and found[0].date is not None and found[0].date.value == expected


def test_merged_mention_dates_an_undated_first_mention(extractor):
    text = ("Sixty soldiers have taken refuge in the neighbouring country after losing their posts. "
            "The border guard said in a statement on Monday "
            '"Sixty soldiers asked for refuge after they could no longer hold their posts."')
    found = [e for e in extractor.extract(text, published=PUBLISHED) if e.action.type == "seek_refuge"]
    assert len(found) == 1 and found[0].date is not None and found[0].date.value == "2024-05-06"


def test_a_gathering_for_another_purpose_is_no_protest(extractor):
    assert kinds(extractor, "Fans gathered in the square in Dori to watch the final.") == []
