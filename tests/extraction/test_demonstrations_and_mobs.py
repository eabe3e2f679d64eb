"""Demonstrations met by the state and damage done by crowds, typed as ACLED's codebook types
them: crowd control (tear gas, water cannon) on demonstrators is a protest with intervention,
not violence against civilians; demonstrators or groups of residents who smash, burn or
ransack property riot. Sentences written by us."""
from __future__ import annotations

from datetime import date

import pytest


PUBLISHED = date(2024, 5, 10)


def typed(extractor, text):
    return [(e.action.type, (e.acled or {}).get("event_type"), (e.acled or {}).get("sub_event_type"))
            for e in extractor.extract(text, published=PUBLISHED)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "a demonstration dispersed": crowd control with no separate protest record
        ("On 2 May 2024, police fired tear gas at protesters in Nairobi.",
         ("Protests", "Protest with intervention")),
        ("On 2 May 2024, riot police fired teargas at demonstrators in Harare.",
         ("Protests", "Protest with intervention")),
        # ... and beside the protest record, the whole demonstration is one with intervention
        ("On 2 May 2024, hundreds of students marched in Dakar. Police fired tear gas at them.",
         ("Protests", "Protest with intervention")),
        # shots at the crowd are excessive force, tear gas or not
        ("On 2 May 2024, hundreds of students marched in Dakar. Police fired shots and tear gas at them.",
         ("Protests", "Excessive force against protesters")),
    ],
)
def test_crowd_control_on_demonstrators(extractor, text, expected):
    found = [(t, s) for _, t, s in typed(extractor, text)]
    assert expected in found
    assert ("Violence against civilians", "Attack") not in found


def test_fired_at_names_the_target(extractor):
    """"Fired tear gas at protesters": what was fired is no target; whom it was fired at is."""
    events = extractor.extract("On 2 May 2024, police fired tear gas at protesters in Nairobi.", published=PUBLISHED)
    assert [e.target.type for e in events if e.target is not None] == ["protesters"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "a crowd's damage": demonstrators who smash, burn or vandalise property riot
        ("On 2 May 2024, protesters smashed windows of the town hall in Bamako.",
         ("riot", "Riots", "Violent demonstration")),
        ("On 2 May 2024, demonstrators vandalised shops in Lagos.", ("riot", "Riots", "Violent demonstration")),
        ("On 2 May 2024, demonstrators set fire to a police station in Conakry.",
         ("riot", "Riots", "Violent demonstration")),
        # class "a mob of residents": a group of civilians that damages property riots too; with
        # no demonstration told around it, it is mob violence (ACLED: no demonstration, a mob)
        ("On 2 May 2024, residents burned the house of a suspected witch in Bamenda.",
         ("riot", "Riots", "Mob violence")),
        ("On 2 May 2024, angry youths ransacked the district office in Kaya.",
         ("riot", "Riots", "Mob violence")),
        ("On 2 May 2024, rioters vandalised the offices of an opposition party in Kananga.",
         ("riot", "Riots", "Mob violence")),
        ("On 2 May 2024, supporters of the ruling party beat an opposition candidate in Warri.",
         ("riot", "Riots", "Mob violence")),
        # ... and a violent demonstration when the paragraph tells a demonstration: a protest, a
        # claim voiced, roads barricaded, tyres burned
        ("On 2 May 2024, youths protesting the arrest of a trader ransacked the district office in Kaya.",
         ("riot", "Riots", "Violent demonstration")),
        ("On 2 May 2024, angry youths ransacked the district office in Kaya, demanding the release of a trader.",
         ("riot", "Riots", "Violent demonstration")),
        ("On 2 May 2024, residents burned tyres and ransacked the town hall in Kaya.",
         ("riot", "Riots", "Violent demonstration")),
        # a mob's work is mob violence
        ("On 2 May 2024, a mob set fire to two houses in Kano.", ("riot", "Riots", "Mob violence")),
        # class "beatings by a force or a crowd"
        ("On 2 May 2024, a mob beat a suspected thief in Bamenda.", ("riot", "Riots", "Mob violence")),
        # the injuries a group of civilians inflicts, even when the parser joins the noun to "beat"
        ("On 2 May 2024, angry villagers beat and inflicted wounds on a cattle thief near Bamenda.",
         ("attack", "Riots", "Mob violence")),
        ("On 2 May 2024, several traders beat and inflicted injuries on a young thief at the market in Kumba.",
         ("attack", "Riots", "Mob violence")),
        ("On 2 May 2024, police beat protesters in Kampala.",
         ("attack", "Protests", "Excessive force against protesters")),
    ],
)
def test_crowds_that_damage_or_beat_riot(extractor, text, expected):
    assert expected in typed(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        # "smash" and "beat" of sport and markets: no crowd of people damages anything
        "On 2 May 2024, the sprinter smashed the world record in Oslo.",
        "On 2 May 2024, Arsenal beat Chelsea 2-0 in London.",
        "On 2 May 2024, the company beat forecasts for the quarter in New York.",
        "On 2 May 2024, the retailer smashed its sales targets in Leeds.",
        # winners are people too: a player, a nation's team, a film that wins a prize
        "On 2 May 2024, the Chilean beat his rival 6-3 6-4 in Madrid.",
        "On 2 May 2024, the best juniors will never beat the best seniors, the coach said in Leeds.",
        "On 2 May 2024, the documentary won the main prize in Cannes, beating two French films.",
    ],
)
def test_figurative_smash_and_beat(extractor, text):
    assert typed(extractor, text) == []


def test_own_things_are_no_mob_damage(extractor):
    """Class "a mob of residents" needs another's property: people who plunder their own
    memories riot nowhere."""
    text = "On 2 May 2024, people who loved the old shows are plundering their memories for new films."
    assert "riot" not in [t for t, _, _ in typed(extractor, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "a toll of the crowd the means named": the bare number counts those the means hit
        ("On 2 May 2024, police fired live rounds at protesters in Kampala, killing two.",
         ("kill", "Protests", "Excessive force against protesters")),
        ("On 2 May 2024, troops attacked a rebel base near Gao, killing 12.", ("kill", "Battles", "Armed clash")),
        ("On 2 May 2024, gunmen attacked villagers in Zamfara, killing 12.",
         ("kill", "Violence against civilians", "Attack")),
    ],
)
def test_a_bare_toll_counts_those_the_means_hit(extractor, text, expected):
    assert expected in typed(extractor, text)
