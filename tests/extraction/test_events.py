"""Event assembly on parsed sentences: roles, counts by role, places, incidents and merging."""
from __future__ import annotations

from datetime import date

import pytest



def events(extractor, text, published=None):
    return [e.to_dict() for e in extractor.extract(text, published=published)]


def summary(found):
    return [(e["action"]["type"], e["count"] and e["count"]["value"], e["location"] and e["location"]["name"]) for e in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the count belongs to the role: killed 6, injured 5
        ("An airstrike killed 6 Taliban militants and injured 5 others in Kunduz.",
         [("kill", 6, "Kunduz"), ("injure", 5, "Kunduz")]),
        # coordinated groups: a record each, never a sum, never 2 alone
        ("Two soldiers and seven militants died in the clashes near Gao.",
         [("kill", 2, "Gao"), ("kill", 7, "Gao")]),
        # passive with a by-phrase
        ("Twenty passengers were abducted by gunmen near Kaduna.", [("abduct", 20, "Kaduna")]),
        # one record per destination
        ("Hundreds of soldiers escaped to Tajikistan, Iran and China.",
         [("flee", 100, "Tajikistan"), ("flee", 100, "Iran"), ("flee", 100, "China")]),
        # origin is not the destination
        ("Thousands of families fled Afghanistan for Pakistan.", [("flee", 1000, "Pakistan")]),
        # a protest verb needs protesters; purpose clauses are no events
        ("Several hundred protesters gathered in Kirkuk to demand jobs.", [("protest", 300, "Kirkuk")]),
        ("Families gathered in Basra for the wedding.", []),
        # a threat is typed as a threat, not as the attack
        ("The rebels threatened to attack Kinshasa.", [("threaten", None, "Kinshasa")]),
        # a game is no war
        ('"We attacked from the first ball," the captain said.', []),
    ],
)
def test_events(extractor, text, expected):
    assert summary(events(extractor, text)) == expected


def test_means_folds_into_outcome(extractor):
    found = events(extractor, "A Russian missile strike on Kharkiv killed four civilians on Saturday.",
                   published=date(2024, 2, 18))
    assert summary(found) == [("kill", 4, "Kharkiv")]
    acled = found[0]["acled"]
    assert (acled["event_type"], acled["sub_event_type"]) == ("Explosions/Remote violence",
                                                              "Shelling/artillery/missile attack")
    assert (acled["actor1"], acled["inter1"], acled["actor2"], acled["inter2"], acled["fatalities"]) == \
        ("Military Forces of Russia", 8, "Civilians (Ukraine)", 7, 4)


def test_crowd_violence_is_a_riot(extractor):
    found = events(extractor, "In Lahore, protesters stormed the residence of an army commander.")
    assert [e["action"]["type"] for e in found] == ["riot"]
    assert found[0]["acled"]["event_type"] == "Riots"


def test_light_verb_gives_the_place(extractor):
    found = events(extractor, "Protests were also reported in Mombasa and Kisumu.")
    assert summary(found) == [("protest", None, "Mombasa"), ("protest", None, "Kisumu")]


def test_incident_told_in_three_sentences_is_one_record(extractor):
    text = ("On 14 March 2021, Al-Shabaab militants attacked an army base near Afgooye. "
            "The soldiers repelled the assault after an exchange of fire. 4 militants were killed.")
    found = events(extractor, text)
    assert summary(found) == [("kill", 4, "Afgooye")]
    assert len(found[0]["mentions"]) == 3


def test_undated_sentence_carries_the_day_before(extractor):
    text = "Gunmen attacked a school in Kagara on Wednesday. One student was killed during the raid."
    found = events(extractor, text, published=date(2021, 2, 18))
    killed = [e for e in found if e["action"]["type"] == "kill"][0]
    assert killed["date"]["value"] == "2021-02-17"
    assert killed["date"]["carried"] is True


def test_background_and_future_are_not_events(extractor):
    text = ("KIGALI - Rwanda began a week of mourning on Sunday for the 1994 genocide. "
            "Opposition groups will march through Kigali next week.")
    assert events(extractor, text, published=date(2024, 4, 8)) == []


def test_negated_event_is_kept_and_marked(extractor):
    found = events(extractor, "Police did not arrest any protesters in Tbilisi.")
    assert [(e["action"]["type"], e["action"]["negated"]) for e in found] == [("arrest", True)]


def test_offsets_are_true_to_the_text(extractor):
    text = "Headline without a stop\n\nKABUL - Gunmen killed 3 people in Kabul on Monday.\n"
    for event in events(extractor, text):
        assert text[event["start"]:event["end"]] == event["sentence"]
        for mention in event["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["sentence"]


def test_acled_note_bracket_rules_out_namesakes_abroad(extractor):
    text = ("On 3 January 2023, JNIM militants ambushed a FAMa convoy near Boni (Douentza, Mopti). "
            "5 soldiers were killed. [size=no report]")
    found = events(extractor, text)
    assert [(e["action"]["type"], e["count"]["value"], e["location"]["country"]) for e in found] == [("kill", 5, "ML")]
    assert found[0]["date"]["value"] == "2023-01-03"


def test_a_zero_toll_is_a_negated_event(extractor):
    text = "On 14 February 2022, police arrested 23 protesters in Kano city (Kano Municipal, Kano). Fatalities: 0."
    found = {e["action"]["type"]: e for e in events(extractor, text)}
    assert found["arrest"]["count"]["value"] == 23
    assert found["kill"]["action"]["negated"] is True and found["kill"]["count"]["value"] == 0


@pytest.mark.parametrize(
    "text, name, country",
    [
        ("Sudan's paramilitary Rapid Support Forces said on Monday they had taken control of Wad Madani.",
         "they", "SD"),
        ("Russia's defence ministry said its forces had taken full control of Avdiivka.", "its forces", "RU"),
    ],
)
def test_pronoun_actor_is_the_speaker(extractor, text, name, country):
    found = events(extractor, text)
    assert found and found[0]["actor"]["country"] == country
    assert found[0]["actor"]["text"] == name          # as written; name and type are the speaker's


def test_the_actor_is_behind_the_weapon(extractor):
    text = "On 12 June 2022, a bomb hidden by Al Shabaab went off near Wanlaweyn, killing 2 soldiers."
    found = events(extractor, text)
    assert [(e["action"]["type"], e["actor"]["name"], e["count"]["value"]) for e in found] == [("kill", "Al-Shabaab", 2)]
    assert found[0]["acled"]["sub_event_type"] == "Remote explosive/landmine/IED"


@pytest.mark.parametrize(
    "text",
    [
        "Senator Kerry attacked President Bush's economic record during his campaign.",
        "The Liberal Democrats will have to fight to get their voice heard.",
        "Yukos loses US bankruptcy battle",
        "The much-anticipated horror game shot straight to the top of the charts.",
    ],
)
def test_metaphorical_violence_is_no_event(extractor, text):
    assert [e for e in events(extractor, text) if extractor.rules.is_violent(e["action"]["type"])] == []


def test_a_toll_is_dated_by_what_it_counts(extractor):
    text = ("The death toll from a powerful earthquake that struck Morocco late on Friday rose to "
            "2,012 on Sunday, the interior ministry said.")
    found = events(extractor, text, published=date(2023, 9, 11))
    assert [(e["action"]["type"], e["count"]["value"], e["date"]["value"]) for e in found] == [("kill", 2012, "2023-09-08")]


def test_a_nationality_on_a_weapon_names_state_forces(extractor):
    found = events(extractor, "A Ukrainian drone attack set fire to an oil depot in Russia's Belgorod region.")
    assert [(e["action"]["type"], e["actor"]["country"], e["actor"]["type"], e["location"]["country"]) for e in found] \
        == [("air_strike", "UA", "military", "RU")]


@pytest.mark.parametrize(
    "text",
    [
        # things, not people, as the counted or attacked party
        "The retailer is also fighting two lawsuits over its hiring practices.",
        "Hackers launched 120 denial-of-service attacks on 40 separate servers last month.",
        "Listeners said the station was bombarded with complaints after the broadcast.",
        # a named person against a thing
        "The singer Ella Marsh has attacked the tabloid magazines over the story.",
        # a named past event, told as background
        "Sales of the jet were hit by the 2001 attacks, the company said.",
        # a date after "fired on" is no shooting
        "The presenter said she had been fired on 3 March.",
        # a company is no victim
        "The rival bid would kill off Harlow Mining, analysts said.",
    ],
)
def test_ordinary_news_gives_no_violence(extractor, text):
    assert [e for e in events(extractor, text) if extractor.rules.is_violent(e["action"]["type"])] == []


@pytest.mark.parametrize(
    "text, kind",
    [
        ("A group of youths attacked the town hall in Kindu and ransacked the offices.", "attack"),
        ("Twenty houses were set on fire in Djibo on Monday.", "attack"),
        ("Unknown men opened fire on a bus near Kidal.", "attack"),
        ("Two explosive devices were destroyed by soldiers near Gao.", "destroy_property"),
        ("Residents lynched a suspected thief in Awka.", "kill"),
    ],
)
def test_real_violence_is_kept(extractor, text, kind):
    assert kind in [e["action"]["type"] for e in events(extractor, text)]


@pytest.mark.parametrize(
    "text, kind, acled",
    [
        # the means of the sentence before: one incident told in two sentences
        ("A drone strike hit a market in Gao on Monday. At least five civilians were killed.", "kill",
         ("Explosions/Remote violence", "Air/drone strike")),
        # a mob of civilians: mob violence, not violence against civilians
        ("Angry villagers lynched two suspected thieves in Kano on Monday.", "kill", ("Riots", "Mob violence")),
        # the state against protesters
        ("Police shot dead three protesters in Nairobi on Monday.", "kill",
         ("Protests", "Excessive force against protesters")),
        ("Police arrested 40 protesters in Lagos on Monday.", "arrest", ("Protests", "Protest with intervention")),
        # demonstrators who barricade roads with burning tyres riot (ACLED codes the whole event)
        ("Hundreds of traders demonstrated in Cotonou on Monday. They barricaded the roads and burned tyres.",
         "protest", ("Riots", "Violent demonstration")),
        ("Hundreds of traders demonstrated peacefully in Cotonou on Monday.", "protest", ("Protests", "Peaceful protest")),
        # a bomb defused is a disrupted weapon, not an explosion
        ("Soldiers defused a bomb near Mopti on Monday.", "bombing", ("Strategic developments", "Disrupted weapons use")),
    ],
)
def test_acled_type_by_the_codebook(extractor, text, kind, acled):
    found = [e for e in events(extractor, text) if e["action"]["type"] == kind]
    assert found and (found[-1]["acled"]["event_type"], found[-1]["acled"]["sub_event_type"]) == acled


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Residents reported heavy fighting in Bahir Dar overnight.", "armed_clash"),
        ("About 2,000 people fled fighting between rebels and the army near Goma.", "armed_clash"),
    ],
)
def test_a_witness_is_no_actor(extractor, text, kind):
    found = [e for e in events(extractor, text) if e["action"]["type"] == kind]
    assert found and (found[0]["actor"] is None or found[0]["actor"]["type"] != "civilians")
