"""ACLED coding: actors named as ACLED names them, incidents with their totals, the agent behind
the means. Texts written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from geoevent.extraction.acled import acled_actor, country_name, groups_in_text, iso_numeric, load_acled_rules
from geoevent.extraction.incidents import group_incidents, stated_total
from geoevent.model import Action, Actor, Event, Place, When


@pytest.fixture(scope="module")
def rules():
    return load_acled_rules()


# ---------------------------------------------------------------- naming one actor (no parse)


@pytest.mark.parametrize(
    "actor, place, day, expected",
    [
        # state forces by type and country, with ACLED's article
        (Actor("Nigerien soldiers", "Nigerien soldiers", "NE", "military"), "NE", None, ("Military Forces of Niger", 1)),
        (Actor("Congolese police", "Congolese police", "CD", "police"), "CD", None,
         ("Police Forces of the Democratic Republic of Congo", 1)),
        (Actor("the government", "government", None, "government"), "ML", None, ("Government of Mali", 1)),
        # state forces outside their country are external forces
        (Actor("Russian troops", "Russian troops", "RU", "military"), "UA", None, ("Military Forces of Russia", 8)),
        # crowds and victims by kind and country of the event
        (Actor("protesters", "protesters", None, "protesters"), "KE", None, ("Protesters (Kenya)", 6)),
        (Actor("a mob", "mob", None, "rioters"), "BD", None, ("Rioters (Bangladesh)", 5)),
        (Actor("villagers", "villagers", None, "civilians"), "MX", None, ("Civilians (Mexico)", 7)),
        (Actor("gunmen", "gunmen", None, "unidentified_armed_group"), "ML", None, ("Unidentified Armed Group (Mali)", 3)),
        (Actor("gang members", "gang members", None, "criminal"), "HT", None, ("Unidentified Gang (Haiti)", 3)),
        # named groups in ACLED's spelling, whatever the spelling of the text
        (Actor("al-Shabab fighters", "al-Shabab", "SO", "rebels"), "SO", None, ("Al Shabaab", 2)),
        (Actor("JNIM militants", "JNIM", "ML", "rebels"), "BF", None, ("JNIM: Group for Support of Islam and Muslims", 2)),
        (Actor("M23 rebels", "M23", "CD", "rebels"), "CD", None, ("M23: March 23 Movement", 2)),
        (Actor("Wagner mercenaries", "Wagner", "RU", "military"), "ML", None, ("Wagner Group", 8)),
        # a group ACLED renamed: the name of the event's day
        (Actor("ISGS militants", "ISGS", None, "rebels"), "NE", "2018-05-01", ("Islamic State (Greater Sahara)", 2)),
        (Actor("ISGS militants", "ISGS", None, "rebels"), "NE", "2023-05-01", ("Islamic State (Sahel)", 2)),
        # "Islamic State" names the branch of the country
        (Actor("Islamic State fighters", "Islamic State", None, "rebels"), "SO", None, ("Islamic State Somalia Province", 2)),
        # an ethnic word names a militia only when the actor is armed
        (Actor("Fulani gunmen", "Fulani gunmen", None, "unidentified_armed_group"), "NG", None,
         ("Fulani Ethnic Militia (Nigeria)", 4)),
        (Actor("Fulani herders", "Fulani herders", None, "civilians"), "NG", None, ("Civilians (Nigeria)", 7)),
        # a gang named in the text keeps its own name
        (Actor("the Grand Fort gang", "Grand Fort gang", None, "criminal"), "HT", None, ("Grand Fort Gang", 3)),
        # nothing to name
        (None, "NG", None, (None, None)),
        (Actor("soldiers", "soldiers", None, "military"), None, None, (None, 1)),
    ],
)
def test_acled_actor(rules, actor, place, day, expected):
    assert acled_actor(actor, place, day, rules) == expected


def test_countries_and_iso(rules):
    assert [country_name(c, rules) for c in ("CD", "CI", "NE", "RU")] == [
        "Democratic Republic of Congo", "Ivory Coast", "Niger", "Russia"]
    assert [iso_numeric(c) for c in ("NE", "AF", "HT")] == [562, 4, 332]
    assert rules.regions["NE"] == "Western Africa" and rules.regions["HT"] == "Caribbean"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Security sources suspect JNIM and/or ISGS fighters of burying the mine.",
         ["JNIM: Group for Support of Islam and Muslims and/or Islamic State (Sahel)"]),
        ("Al-Shabaab claimed responsibility.", ["Al Shabaab"]),
        ("Soldiers repelled the attack.", []),
        # the group acted upon is not the one responsible
        ("Soldiers carried out an operation against Al-Shabaab.", []),
    ],
)
def test_groups_in_text(rules, text, expected):
    assert [name for name, _ in groups_in_text(text, "BF", "2024-01-10", rules)] == expected


def test_groups_in_undated_text_take_one_name(rules):
    found = groups_in_text("a mine left by JNIM or ISGS gunmen", "BF", None, rules)
    assert found == [("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)", 2)]


# ---------------------------------------------------------------- incidents (no parse)


def _event(k: int, kind: str, day: str | None, place: str | None, acled: bool = True) -> Event:
    where = Place(text=place, name=place, country="NG", precision="place", geonameid=len(place)) if place else None
    return Event(doc="d", id=f"d#{k}", actor=None, action=Action(kind, kind, kind), target=None, count=None,
                 location=where, date=When(day, day, "day") if day else None, sentence=f"{place} {k}.",
                 start=k * 10, end=k * 10 + 5, confidence=0.5,
                 acled={"event_type": "Battles", "sub_event_type": "Armed clash"} if acled else None)


@pytest.mark.parametrize(
    "events, expected",
    [
        # one day, one place: one incident, an undated record joins it
        ([_event(1, "attack", "2024-01-02", "Kano"), _event(2, "kill", "2024-01-02", "Kano"),
          _event(3, "injure", None, "Kano")], [[0, 1, 2]]),
        # another day or another town is another incident
        ([_event(1, "attack", "2024-01-02", "Kano"), _event(2, "kill", "2024-01-03", "Kano")], [[0], [1]]),
        ([_event(1, "attack", "2024-01-02", "Kano"), _event(2, "kill", "2024-01-02", "Zaria")], [[0], [1]]),
        # a record without an ACLED type is alone and leaves the incident open
        ([_event(1, "attack", "2024-01-02", "Kano"), _event(2, "meet", "2024-01-02", "Kano", acled=False),
          _event(3, "kill", "2024-01-02", "Kano")], [[0, 2], [1]]),
    ],
)
def test_group_incidents(events, expected):
    assert sorted(group_incidents(events)) == sorted(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A ranger was shot dead. Two more rangers succumbed in hospital (total of 3 fatalities).", 3),
        ("Fatalities coded as 0.", 0),
        ("Exact toll unclear: deaths coded as 7.", 7),
        ("The death toll rose to 12 on Monday.", 12),
        ("Gunmen killed a man. 2 fatalities.", 2),
        ("Gunmen killed three people.", None),
        # a figure split evenly over several events: this one's share
        ("Some 64 fatalities split across 12 events.", 5),
        ("Nine fatalities split between three incidents.", 3),
        ("7 fatalities split over 3 locations, coded as 3 here.", 3),
    ],
)
def test_stated_total(text, expected):
    assert stated_total(text) == expected


# ---------------------------------------------------------------- end to end (real model)


def _coded(extractor, text, published=date(2024, 5, 20)):
    return [e.to_dict() for e in extractor.extract(text, published=published)]


@pytest.mark.parametrize(
    "text, actor1, inter1, actor2, fatalities",
    [
        ("On 12 May 2024, Al-Shabaab militants attacked a military base in Baidoa, killing four soldiers.",
         "Al Shabaab", 2, "Military Forces of Somalia", 4),
        ("On 12 May 2024, hundreds of protesters marched in Nairobi against new taxes.",
         "Protesters (Kenya)", 6, None, 0),
        ("On 12 May 2024, unknown gunmen killed three villagers in Kagara, Niger State.",
         "Unidentified Armed Group (Nigeria)", 3, "Civilians (Nigeria)", 3),
        # an incident told in several records keeps one total (4 police, 3 attackers)
        ("On 12 May 2024, four police officers died and six were hurt when militants stormed a post in "
         "Mandera. Three of the attackers were also killed.", None, None, "Police Forces of Kenya", 7),
        # residents who kill are rioters (civilians are only victims in ACLED)
        ("On 12 May 2024, residents lynched a suspected thief in Kumasi.", "Rioters (Ghana)", 5, None, 1),
        # the group a note names as responsible
        ("On 12 May 2024, a roadside bomb went off near Djibo. Security sources suspect JNIM fighters of burying it.",
         "JNIM: Group for Support of Islam and Muslims", 2, None, 0),
        # state forces named by nationality and weapon, acting abroad: external forces
        ("On 12 May 2024, a farmer was hurt when a Russian landmine went off in a field near Izium, Kharkiv.",
         "Military Forces of Russia", 8, "Civilians (Ukraine)", 0),
        # demonstrators who burn tyres and barricade roads riot; a protest the police disperse does not
        ("On 12 May 2024, traders demonstrated in Bauchi, blocked a highway with barricades and set tyres alight.",
         "Rioters (Nigeria)", 5, None, 0),
        ("On 12 May 2024, students protested in Bauchi; police fired tear gas to disperse them.",
         "Protesters (Nigeria)", 6, None, 0),
        # arrests at a demonstration are a protest with intervention
        ("On 12 May 2024, activists held a sit-in in Bauchi. Police intervened, arresting 23 activists.",
         "Protesters (Nigeria)", 6, "Police Forces of Nigeria", 0),
        # a source is no perpetrator
        ("On 12 May 2024, three people were killed in Kano, Nigerian police said.",
         "Unidentified Armed Group (Nigeria)", 3, None, 3),
    ],
)
def test_incident_coding(extractor, text, actor1, inter1, actor2, fatalities):
    found = [e for e in _coded(extractor, text) if e["acled"]]
    assert found and len({e["incident"] for e in found}) == 1
    acled = found[0]["acled"]
    if actor1 is not None:
        assert (acled["actor1"], acled["inter1"]) == (actor1, inter1)
    if actor2 is not None:
        assert acled["actor2"] == actor2
    assert acled["fatalities"] == fatalities
    assert acled["interaction"] == (int("".join(sorted(f"{acled['inter1']}{acled['inter2'] or 0}")))
                                    if acled["inter2"] else acled["inter1"] * 10)


@pytest.mark.parametrize(
    "text, actor, target",
    [
        # the means is no actor: the one behind it is (issue 11, sect. 3)
        ("A drone strike by government forces killed 8 insurgents and wounded 3 in Kismayo.", "government forces", "insurgents"),
        ("Mortar rounds fired by Al-Shabaab militants killed three civilians in Mogadishu.", "Al-Shabaab", "civilians"),
        ("An explosive device planted by JNIM militants killed two soldiers near Gao.", "Jama'at Nusrat al-Islam wal-Muslimin", "soldiers"),
        ("Two soldiers were killed by unknown assailants in Diffa.", "unknown assailants", "soldiers"),
        ("Three guards died after raids by Taliban fighters in Kunduz.", "Taliban", "guards"),
    ],
)
def test_agent_behind_the_means(extractor, text, actor, target):
    found = [e for e in _coded(extractor, text) if e["action"]["type"] in ("kill", "injure")]
    assert found
    for event in found:   # "wounded 3": the 3 are insurgents too
        assert (event["actor"]["name"], event["target"]["name"]) == (actor, target)


@pytest.mark.parametrize(
    "text, actor",
    [
        # a light verb gives its subject to the event noun: "engaged in clashes with"
        ("On 12 May 2024, army units engaged in fierce clashes with bandits near Gusau.", "army units"),
        ("On 12 May 2024, soldiers took part in the attack on Kagara.", "soldiers"),
    ],
)
def test_light_verb_gives_the_actor(extractor, text, actor):
    found = [e for e in _coded(extractor, text) if e["action"]["type"] in ("armed_clash", "attack")]
    assert found and found[0]["actor"]["name"] == actor


@pytest.mark.parametrize(
    "name, bad, message",
    [
        ("acled_groups.jsonl", '{"acled": "X", "inter": 9, "aliases": ["x"]}', "inter"),
        ("acled_groups.jsonl", '{"acled": "X", "inter": 2, "aliases": ["x"], "alias": 1}', "unknown key"),
        ("acled_categories.tsv", "military\t12\tMilitary Forces of {of_country}", "inter must be"),
        ("acled_words.tsv", "brigade\tforce_noun", "unknown word class"),
        ("acled_words.tsv", "brigade\town_force", "needs its type"),
    ],
)
def test_bad_rule_lines_name_file_and_line(tmp_path, name, bad, message):
    import shutil

    from geoevent.rules import RuleError, builtin_path

    for file in ("acled_groups.jsonl", "acled_categories.tsv", "acled_countries.tsv", "acled_regions.tsv",
                 "acled_words.tsv"):
        shutil.copy(builtin_path(file), tmp_path / file)
    with open(tmp_path / name, "a", encoding="utf-8") as out:
        out.write(bad + "\n")
    with pytest.raises(RuleError, match=rf"{name}:\d+: .*{message}"):
        load_acled_rules(str(tmp_path))
