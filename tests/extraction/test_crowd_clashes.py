"""Clashes and who fought them: the sides of a clash are the actors of what it left (the dead,
the hurt), crowds and partisans who clash riot rather than fight a battle, and "fighting
between A and B" names both sides. Sentences written by us."""
from __future__ import annotations

from datetime import date

import pytest

PUBLISHED = date(2024, 5, 10)


def coded(extractor, text):
    return [(e.action.type, (e.acled or {}).get("event_type"), e.actor.type if e.actor else None)
            for e in extractor.extract(text, published=PUBLISHED)]


@pytest.mark.parametrize(
    "text, actor_type, event_type",
    [
        # class "an outcome hanging on a clash": the clash noun is no actor, the crowd beside it is
        ("Rioters torched cars in the eastern town on Sunday as clashes over a land dispute left nine people dead.",
         "rioters", "Riots"),
        # ... the parser hangs "leaving" on the main verb: the clash's own subject did the harm
        ("Police said on Friday they had detained 12 men after supporters of two rival candidates clashed "
         "in the market, leaving several people injured.", "protesters", "Riots"),
        # ... told over two sentences: "the fighting" is the clash told before, its sides the actors
        ("On 3 May 2024, supporters of two parties clashed with sticks in Parakou. The fighting left three people "
         "wounded.", "protesters", "Riots"),
        # ... an outcome with no actor of its own told "in clashes between A and B"
        ("Three people were killed in clashes between protesters and police in Lahore on Monday.",
         "protesters", "Riots"),
        # ... a clash of armed sides stays a battle (near miss: same shape, armed sides)
        ("Soldiers clashed with militants near the border on Sunday, leaving four people dead.",
         "military", "Battles"),
    ],
)
def test_outcome_of_a_clash_takes_its_sides(extractor, text, actor_type, event_type):
    outcomes = [(t, a) for kind, t, a in coded(extractor, text) if kind in ("kill", "injure")]
    assert (event_type, actor_type) in outcomes


@pytest.mark.parametrize(
    "text, event_type",
    [
        # class "a crowd kills": a crowd, a mob or residents who beat or burn people to death riot
        ("A crowd burned to death two suspected robbers in Kumasi on Friday.", "Riots"),
        # the parser reads "beat" as a noun and joins "burned" to the crowd
        ("A crowd in Lagos beat and burned to death five suspected kidnappers on Sunday, police said.", "Riots"),
        # near miss: gunmen who kill are an armed group, not a mob
        ("Gunmen shot dead two farmers in Kumasi on Friday.", "Violence against civilians"),
    ],
)
def test_a_crowd_that_kills_riots(extractor, text, event_type):
    assert event_type in {t for kind, t, _ in coded(extractor, text) if kind == "kill"}


@pytest.mark.parametrize(
    "text, event_type",
    [
        # class "partisans clash": parties that clash brawl as a mob, they fight no battle
        ("On 3 May 2024, two rival political parties clashed in Monrovia during the vote.", "Riots"),
        # near miss: rival armed groups that clash fight a battle
        ("On 3 May 2024, two rival armed groups clashed in Tripoli.", "Battles"),
    ],
)
def test_partisans_who_clash_riot(extractor, text, event_type):
    assert {t for kind, t, _ in coded(extractor, text) if kind == "armed_clash"} == {event_type}


@pytest.mark.parametrize(
    "text, actor, target",
    [
        # class "fighting/clashes between A and B": both are sides, even when the parser reads
        # "A and B forces" as one phrase
        ("Heavy fighting between the Taliban and government forces broke out in Kunduz on Sunday.",
         "Taliban", "Military Forces of Afghanistan"),
        ("Clashes between Al Shabaab and Somali troops erupted near Afgoye on Monday.",
         "Al Shabaab", "Military Forces of Somalia"),
    ],
)
def test_fighting_between_names_both_sides(extractor, text, actor, target):
    events = [e for e in extractor.extract(text, published=date(2019, 5, 10)) if e.action.type == "armed_clash"]
    assert [(e.acled["event_type"], e.acled["sub_event_type"], e.acled["actor1"], e.acled["actor2"])
            for e in events] == [("Battles", "Armed clash", actor, target)]


def test_fronts_in_two_provinces_are_two_incidents(extractor):
    """Class "two fronts in one story": a clash in one province and a district overrun in
    another are two incidents, so the clash keeps its own sub-event type."""
    text = ("The soldiers were posted in Kunar province, where fighting between the Taliban and government "
            "forces has been heavy in recent weeks.\n\nFurther north, the insurgents overran two districts in "
            "Badakhshan province.")
    found = {e.action.type: e.acled["sub_event_type"] for e in extractor.extract(text, published=date(2019, 5, 10))
             if e.acled}
    assert found["armed_clash"] == "Armed clash"


def test_a_country_wide_summary_is_no_incident_of_a_province(extractor):
    """Class "a country-wide summary and a provincial event": territory taken across the country
    over weeks (placed at the country, no day) and fighting in one province are two incidents,
    so the fighting stays an armed clash."""
    text = ("Rebel attacks in recent weeks have seized several towns across Mali and forced hundreds of soldiers "
            "to flee.\n\nOfficials said the troops had been posted in the Mopti region, where fighting between the "
            "rebels and government forces has been heavy.")
    events = extractor.extract(text, published=date(2023, 5, 10))
    clash = [e for e in events if e.action.type == "armed_clash"]
    taken = [e for e in events if e.action.type == "capture_territory"]
    assert [e.acled["sub_event_type"] for e in clash] == ["Armed clash"]
    assert taken and clash[0].incident not in {e.incident for e in taken}


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "X did A to do B": the firing happened, its purpose names whom it was meant for
        ("Police fired tear gas to disperse demonstrators in Nairobi on Tuesday.",
         ("crowd_control", "protesters", "Protests", "Protest with intervention")),
        ("Riot police used water cannon to break up a crowd of students in Dakar on Monday.",
         ("crowd_control", "civilians", "Protests", "Protest with intervention")),
        ("Police fired tear gas at protesters in Nairobi on Tuesday.",
         ("crowd_control", "protesters", "Protests", "Protest with intervention")),
    ],
)
def test_crowd_control_with_a_purpose(extractor, text, expected):
    found = [(e.action.type, e.target.type if e.target else None, e.acled["event_type"], e.acled["sub_event_type"])
             for e in extractor.extract(text, published=PUBLISHED) if e.acled]
    assert found == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # near misses: a purpose of troops sent is no event of the sending; stage effects are no gas
        "Troops were sent to Kidal on Monday to attack the rebels.",
        "The film crew used tear gas effects to film the riot scene.",
    ],
)
def test_a_purpose_alone_is_no_event(extractor, text):
    assert [e.action.type for e in extractor.extract(text, published=PUBLISHED)] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "a demonstration and its dispersal": one event, a protest with intervention
        ("On 3 May 2024, hundreds of traders marched in Lagos. Police fired tear gas to disperse them.",
         [("protest", "Protest with intervention")]),
        # near miss: shots beside the tear gas are force; the firing stays a record of its own
        ("On 3 May 2024, hundreds of traders marched in Lagos. Police fired shots and tear gas at them.",
         [("protest", "Excessive force against protesters"), ("crowd_control", "Excessive force against protesters")]),
    ],
)
def test_a_dispersal_is_its_demonstrations_event(extractor, text, expected):
    assert [(e.action.type, e.acled["sub_event_type"]) for e in extractor.extract(text, published=PUBLISHED)] == expected


@pytest.mark.parametrize(
    "text, actor",
    [
        # class "investigators are no actors": who looks into or answers an event did not do it
        ("Officers are investigating a shooting in Kano on Monday.", None),
        ("Police are investigating the killing of two farmers in Benue.", None),
        ("The army is looking into an ambush on a convoy near Gao.", None),
        ("The governor condemned the attack on the market in Maiduguri.", None),
        # near miss: a light verb keeps its subject as the agent
        ("Militants launched an attack on a checkpoint in Borno on Sunday.", "rebels"),
    ],
)
def test_investigators_are_no_actors(extractor, text, actor):
    found = [e.actor.type if e.actor else None for e in extractor.extract(text, published=PUBLISHED)
             if e.action.type in ("attack", "kill")]
    assert found == [actor]


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "a soldier or policeman attacked off duty": ACLED codes the victim as a civilian
        ("Militants shot dead a police officer outside his home in Srinagar on Thursday.",
         ("Violence against civilians", "civilians")),
        ("Gunmen killed a retired soldier in Maiduguri on Monday.", ("Violence against civilians", "civilians")),
        ("Gunmen killed an off-duty policeman in Kano on Monday.", ("Violence against civilians", "civilians")),
        # near misses: an officer at his post, or a post attacked, is state forces in a battle
        ("Militants shot dead a police officer at a checkpoint in Srinagar on Thursday.", ("Battles", "police")),
        ("Militants attacked a police post in Srinagar on Thursday, killing two officers.", ("Battles", "police")),
    ],
)
def test_off_duty_forces_are_civilians(extractor, text, expected):
    found = [(e.acled["event_type"], e.target.type) for e in extractor.extract(text, published=PUBLISHED)
             if e.action.type == "kill"]
    assert found == [expected]
