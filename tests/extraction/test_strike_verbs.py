"""A strike told by the verb alone: a state's armed forces that strike a place or a group are
remote violence; a deal struck, a workers' strike, lightning, or a weapon the sentence names
are not an air strike of the verb. Sentences written by us."""
from __future__ import annotations

from datetime import date

import pytest


PUBLISHED = date(2024, 5, 10)


def types(extractor, text):
    return [(e.action.type, (e.acled or {}).get("sub_event_type"))
            for e in extractor.extract(text, published=PUBLISHED)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # an armed force or its aircraft strikes a place or a group: the verb names the strike
        ("On 2 May 2024, the air force struck a village near Gao.", ("air_strike", "Air/drone strike")),
        ("On 2 May 2024, government warplanes struck a rebel camp near Kidal.",
         ("air_strike", "Air/drone strike")),
        ("On 2 May 2024, Russian forces struck Kharkiv overnight with drones.", ("air_strike", "Air/drone strike")),
        ("On 2 May 2024, army helicopters struck a rebel column near Kidal.", ("air_strike", "Air/drone strike")),
        ("On 2 May 2024, the Nigerian Air Force struck a bandit enclave in Zamfara.",
         ("air_strike", "Air/drone strike")),
    ],
)
def test_armed_forces_striking_is_a_strike(extractor, text, expected):
    assert expected in types(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        # class "troops that struck on the ground": no aircraft, drone or air force named
        "On 2 May 2024, Russian forces struck Kharkiv overnight.",
        "On 2 May 2024, Malian soldiers struck a jihadist base near Gao.",
        "On 2 May 2024, Nigerian troops struck a bandit camp in Zamfara.",
    ],
)
def test_ground_forces_striking_is_an_attack(extractor, text):
    found = types(extractor, text)
    assert "air_strike" not in [t for t, _ in found]
    assert "attack" in [t for t, _ in found]


@pytest.mark.parametrize(
    "text, unexpected",
    [
        # other senses of the verb, decided by its arguments
        ("On 2 May 2024, the company struck a deal with its lenders in London.", "air_strike"),
        ("On 2 May 2024, workers struck at the car plant in Oxford over pay.", "air_strike"),
        ("On 2 May 2024, a farmer was struck by lightning near Exeter.", "air_strike"),
        ("On 2 May 2024, the minister struck a hopeful note in Paris.", "air_strike"),
        # a non-state group's strike is not read as an air strike
        ("On 2 May 2024, militants struck a village near Maiduguri.", "air_strike"),
        # the weapon the sentence names is the means, not the verb
        ("On 2 May 2024, an army truck struck a landmine near Dori.", "air_strike"),
        ("On 2 May 2024, a missile struck a block of flats in Odesa.", "air_strike"),
    ],
)
def test_other_strikes_are_no_air_strike(extractor, text, unexpected):
    assert unexpected not in [t for t, _ in types(extractor, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a weapon's abbreviation tagged as a name is still the weapon
        ("On 2 May 2024, an IED exploded beside a military convoy near Dori.",
         ("bombing", "Remote explosive/landmine/IED")),
        # a vehicle that strikes a device: the device's blast, not a strike of the vehicle's force
        ("On 2 May 2024, an army truck struck an IED near Dori. Two soldiers were wounded.",
         ("injure", "Remote explosive/landmine/IED")),
    ],
)
def test_devices_that_explode(extractor, text, expected):
    assert expected in types(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        # names that spell a weapon word are not weapons
        "On 2 May 2024, Shell reported higher profits in London.",
        "On 2 May 2024, the Mine Workers Union met ministers in Pretoria.",
    ],
)
def test_names_are_no_devices(extractor, text):
    assert "bombing" not in [t for t, _ in types(extractor, text)]
