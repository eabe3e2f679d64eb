"""ACLED types that the final actors, the weapon, the incident or the note's tag decide
(geoevent/extraction/acled_types.py). Texts written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from geoevent.extraction.acled_types import opening_tag


def _types(extractor, text):
    return {(e.action.type, (e.acled or {}).get("event_type"), (e.acled or {}).get("sub_event_type"))
            for e in extractor.extract(text, published=date(2024, 5, 20))}


def _has(extractor, text, action, event_type, sub):
    found = _types(extractor, text)
    assert (action, event_type, sub) in found, found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Weapons seizure: On 2 May 2024, police seized four rifles in Dosso.",
         ("Strategic developments", "Disrupted weapons use")),
        ("Movement of forces: On 2 May 2024, armed men were seen near Dosso.",
         ("Strategic developments", "Change to group/activity")),
        ("Other: On 2 May 2024, shots were heard in Dosso.", ("Strategic developments", "Other")),
        ("  Looting : the shop was emptied.", ("Strategic developments", "Looting/property destruction")),
        # not a tag of ACLED's, or not at the start of the note
        ("Reuters: On 2 May 2024, shots were heard in Dosso.", None),
        ("On 2 May 2024, other: shots.", None),
        ("", None),
    ],
)
def test_opening_tag(text, expected):
    assert opening_tag(text) == expected


@pytest.mark.parametrize(
    "text, action, event_type, sub",
    [
        # class "notes that open with ACLED's tag": the tag decides, whatever the verb
        ("Other: On 12 March 2024, soldiers fired shots in the air near the market of Dosso, Niger.",
         "attack", "Strategic developments", "Other"),
        ("Property destruction: On 12 March 2024, unknown men set fire to a field of millet in Dosso, Niger.",
         "attack", "Strategic developments", "Looting/property destruction"),
        # class "violence by an unarmed crowd": an outcome whose actor is told in the sentence before
        ("On 12 March 2024, farmers and herders clashed in the village of Gaya, Niger. Two people were killed.",
         "kill", "Riots", "Mob violence"),
        ("On 12 March 2024, traders and drivers fought with sticks in Maradi, Niger. Four people were injured.",
         "injure", "Riots", "Mob violence"),
        # class "remote violence told by its weapon, not its verb"
        ("On 12 March 2024, an explosive device went off near a bus in Maradi, Niger, injuring three passengers.",
         "injure", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("On 12 March 2024, a suicide bomber attacked a mosque in Maradi, Niger, killing five worshippers.",
         "kill", "Explosions/Remote violence", "Suicide bomb"),
    ],
)
def test_retyped_by_class(extractor, text, action, event_type, sub):
    _has(extractor, text, action, event_type, sub)


@pytest.mark.parametrize(
    "text, action, event_type, sub",
    [
        # a weapon made harmless is no explosion
        ("On 12 March 2024, police seized explosives from gunmen who attacked a village near Maradi, Niger, "
         "killing two farmers.", "kill", "Violence against civilians", "Attack"),
        # small-arms fire beside explosives: fought face to face
        ("On 12 March 2024, rebels attacked an army post in Maradi, Niger, with explosives and rifle fire, "
         "wounding two soldiers.", "injure", "Battles", "Armed clash"),
        # armed men who kill are no crowd
        ("On 12 March 2024, gunmen and soldiers clashed in the village of Gaya, Niger. Two people were killed.",
         "kill", "Battles", "Armed clash"),
    ],
)
def test_not_retyped(extractor, text, action, event_type, sub):
    _has(extractor, text, action, event_type, sub)


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "notes told by their tag alone": the tag names the act, the first clause its actor
        ("Movement of forces: On 4 June 2024, about forty armed men on motorbikes were spotted near Gaya, Niger.",
         [("deploy", "Strategic developments", "Change to group/activity", "unidentified_armed_group")]),
        ("Security measures: On 4 June 2024, the governor of Dosso suspended all hunting permits in the region.",
         [("security_measure", "Strategic developments", "Change to group/activity", "government")]),
        ("Weapons seizure: On 4 June 2024, in Gaya, Niger, twelve pistols were handed in.",
         [("seize_weapons", "Strategic developments", "Disrupted weapons use", None)]),
        # a tag of an act we do not model gives one record of the "development" type
        ("Other: On 4 June 2024, a new mayor was sworn in at Gaya, Niger.",
         [("development", "Strategic developments", "Other", "government")]),
        ("Elections/referendum: On 4 June 2024, the ruling party won the municipal vote in Dosso, Niger.",
         [("development", "Strategic developments", "Other", "political_party")]),
        # the actor of a passive first clause is its "by" phrase
        ("Non-violent activity: On 4 June 2024, forty detainees were freed by soldiers near Gaya, Niger.",
         [("development", "Strategic developments", "Other", "military")]),
        # a later sentence's background record does not stand for the tagged development
        ("Other: On 4 June 2024, the junta announced the release of a union leader in Niamey, Niger. "
         "Police arrested him in April 2024.",
         [("arrest", "Strategic developments", "Other", "police"),
          ("development", "Strategic developments", "Other", "military")]),
        # a tag that names no act gives no record; a note without a tag neither
        ("Mass grave: On 4 June 2024, a grave was reported near Gaya, Niger.", []),
        ("On 4 June 2024, about forty armed men on motorbikes were spotted near Gaya, Niger.", []),
    ],
)
def test_tagged_note_alone(extractor, text, expected):
    found = [(e.action.type, e.acled["event_type"], e.acled["sub_event_type"], e.actor.type if e.actor else None)
             for e in extractor.extract(text, published=date(2024, 6, 5))]
    assert found == expected


@pytest.mark.parametrize(
    "text, action, actor_text, target_text",
    [
        # class "a group's acronym read as the verb 'is'"
        ("On 3 April 2023, presumed IS Sahel militants assaulted farmers near Ayorou, Niger.",
         "attack", "IS Sahel militants", "farmers"),
        ("On 3 April 2023, JNIM or IS Sahel abducted two traders near Menaka, Mali.", "abduct", None, "two traders"),
        # a real passive keeps its patient
        ("On 3 April 2023, a trader is abducted near Menaka, Mali, by gunmen.", "abduct", "gunmen", "a trader"),
        # class "beatings and other bodily harm by people"
        ("On 3 April 2023, a group of youths flogged a suspected thief in Kano, Nigeria.",
         "attack", "a group of youths", "a suspected thief"),
    ],
)
def test_roles_read_right(extractor, text, action, actor_text, target_text):
    found = [(e.action.type, e.actor.text if e.actor else None, e.target.text if e.target else None)
             for e in extractor.extract(text, published=date(2023, 4, 4))]
    assert (action, actor_text, target_text) in found, found


@pytest.mark.parametrize(
    "text, deaths",
    [
        # class "family groups": a couple is two, "his wife" one beside the counted groups
        ("On 3 April 2023, gunmen killed a couple and their two children in Kaduna, Nigeria.", 4),
        ("On 3 April 2023, gunmen killed a man, his wife and their three children in Kaduna, Nigeria.", 5),
        ("On 3 April 2023, gunmen killed a farmer and his son in Kaduna, Nigeria.", 2),
        ("On 3 April 2023, gunmen killed two herders and stole their cattle in Kaduna, Nigeria.", 2),
    ],
)
def test_family_groups_counted(extractor, text, deaths):
    found = {(e.acled or {}).get("fatalities") for e in extractor.extract(text, published=date(2023, 4, 4)) if e.acled}
    assert found == {deaths}


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "a demonstration met by force": shots at the crowd, people hurt
        ("On 9 May 2024, traders protested against new market fees in Zinder, Niger. Police opened fire to "
         "disperse them and two traders were wounded.", "Excessive force against protesters"),
        # the authorities step in without hurting anyone
        ("On 9 May 2024, students marched against the closure of their faculty in Zinder, Niger. Police "
         "dispersed the march with tear gas.", "Protest with intervention"),
        # neither: a peaceful protest, also when a death is what the crowd protests about
        ("On 9 May 2024, students marched against the closure of their faculty in Zinder, Niger.", "Peaceful protest"),
        ("On 9 May 2024, residents marched in Zinder, Niger, to denounce the killing of a trader.", "Peaceful protest"),
    ],
)
def test_protest_sub_types(extractor, text, expected):
    found = {e.acled["sub_event_type"] for e in extractor.extract(text, published=date(2024, 5, 10))
             if e.acled and e.acled["event_type"] == "Protests"}
    assert found == {expected}


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "a battle that changes who holds a place"
        ("On 2 June 2025, the army clashed with rebels in Kibati, DR Congo. The soldiers took control of the village.",
         {"Government regains territory"}),
        ("On 2 June 2025, rebels overtook the town of Kibati, DR Congo, after clashes with the army.",
         {"Non-state actor overtakes territory"}),
        # a clash with no change of hands stays a clash
        ("On 2 June 2025, the army clashed with rebels in Kibati, DR Congo.", {"Armed clash"}),
    ],
)
def test_territory_in_battle(extractor, text, expected):
    found = {e.acled["sub_event_type"] for e in extractor.extract(text, published=date(2025, 6, 3))
             if e.acled and e.acled["event_type"] == "Battles"}
    assert found == expected


@pytest.mark.parametrize("text", ["Apple overtook Microsoft as the most valuable company last year.",
                                  "Germany overtook France in car exports in 2004.",
                                  "Last year older shoppers overtook teenagers as the largest group of buyers."])
def test_overtaking_in_business_is_no_territory(extractor, text):
    assert [e for e in extractor.extract(text) if e.action.type in ("capture_territory", "abduct", "arrest")] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "an attack met by armed defence"
        ("On 5 May 2024, militants attacked the village of Dori, Burkina Faso. The local self-defence group "
         "repelled the assailants.", {("Battles", "Armed clash")}),
        ("On 5 May 2024, gunmen attacked a market in Dori, Burkina Faso, and exchanged fire with the police.",
         {("Battles", "Armed clash")}),
        # an attack nobody resisted stays violence against civilians
        ("On 5 May 2024, militants attacked the village of Dori, Burkina Faso, and burned the granaries.",
         {("Violence against civilians", "Attack")}),
    ],
)
def test_attack_met_by_defence(extractor, text, expected):
    found = {(e.acled["event_type"], e.acled["sub_event_type"]) for e in extractor.extract(text, published=date(2024, 5, 6))
             if e.acled and e.action.type in ("attack", "armed_clash")}
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 5 May 2024, a mob of residents lynched two suspected gang members in Hinche, Haiti.",
        "On 5 May 2024, residents lynched a man accused of theft in Hinche, Haiti.",
    ],
)
def test_mob_justice(extractor, text):
    found = {(e.acled["event_type"], e.acled["sub_event_type"]) for e in extractor.extract(text, published=date(2024, 5, 6))
             if e.acled}
    assert found == {("Riots", "Mob violence")}


@pytest.mark.parametrize(
    "text, actor1",
    [
        # class "people fleeing told beside the incident": their own incident, not a side of it
        ("On 3 May 2024, residents fled as militants captured the town of Djibo, Burkina Faso.",
         "Unidentified Armed Group (Burkina Faso)"),
        ("On 3 May 2024, soldiers fled their base when militants captured the town of Djibo, Burkina Faso.",
         "Unidentified Armed Group (Burkina Faso)"),
    ],
)
def test_flight_is_apart_from_the_capture(extractor, text, actor1):
    found = extractor.extract(text, published=date(2024, 5, 4))
    capture = [e for e in found if e.action.type == "capture_territory"]
    flee = [e for e in found if e.action.type == "flee"]
    assert capture and flee and capture[0].incident != flee[0].incident
    assert capture[0].acled["actor1"] == actor1


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "a bomb thrown by hand", told in one sentence or over two
        ("On 2 June 2021, an unknown man threw a bomb at the district office in Bago, Myanmar, injuring four people.",
         {"Grenade"}),
        ("On 2 June 2021, an unknown man threw a homemade bomb at the district office in Bago, Myanmar. "
         "Four people were injured.", {"Grenade"}),
        # a device that was planted stays a remote explosive
        ("On 2 June 2021, a bomb planted near the district office in Bago, Myanmar, exploded, injuring four people.",
         {"Remote explosive/landmine/IED"}),
    ],
)
def test_explosion_detail(extractor, text, expected):
    found = {e.acled["sub_event_type"] for e in extractor.extract(text, published=date(2021, 6, 3))
             if e.acled and e.acled["event_type"] == "Explosions/Remote violence"}
    assert found == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "sexual violence told beside other violence"
        ("On 2 June 2024, gunmen abducted a woman near Kenscoff, Haiti. She was raped before her release.",
         {"Sexual violence"}),
        ("On 2 June 2024, gunmen raped and killed a girl in Kenscoff, Haiti.", {"Sexual violence"}),
        # without it, an abduction stays one
        ("On 2 June 2024, gunmen abducted a woman near Kenscoff, Haiti.", {"Abduction/forced disappearance"}),
    ],
)
def test_sexual_violence_in_incident(extractor, text, expected):
    found = {e.acled["sub_event_type"] for e in extractor.extract(text, published=date(2024, 6, 3))
             if e.acled and e.acled["event_type"] == "Violence against civilians"}
    assert found == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # barricades alone keep a demonstration a protest; burning them makes it a riot
        ("On 2 July 2025, in Hinche, Haiti, angry villagers marched and put barricades across the main road.",
         "Protests"),
        ("On 2 July 2025, in Hinche, Haiti, angry villagers marched and burned barricades on the main road.",
         "Riots"),
    ],
)
def test_barricades_alone_are_no_riot(extractor, text, expected):
    found = {e.acled["event_type"] for e in extractor.extract(text, published=date(2025, 7, 3))
             if e.acled and e.action.type == "protest"}
    assert found == {expected}


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "bases set up"
        ("On 4 May 2025, the militia established a camp near the river in Jilib, Somalia.",
         "Headquarters or base established"),
        ("On 4 May 2025, the army deployed two battalions to Jilib, Somalia.", "Change to group/activity"),
    ],
)
def test_base_established(extractor, text, expected):
    found = {e.acled["sub_event_type"] for e in extractor.extract(text, published=date(2025, 5, 5))
             if e.acled and e.action.type == "deploy"}
    assert found == {expected}
