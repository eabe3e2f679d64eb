"""Actors named as ACLED names them, class by class (issue 11, item 1). Texts written for these
tests; each table is one class of notes."""
from __future__ import annotations

from datetime import date

import pytest

from geoevent.extraction.acled import acled_actor, air_unit, load_acled_rules
from geoevent.model import Actor


@pytest.fixture(scope="module")
def rules():
    return load_acled_rules()


def _actor1(extractor, text: str, published: date = date(2024, 5, 20)) -> tuple[str | None, int | None]:
    found = [e for e in extractor.extract(text, published=published) if e.acled]
    assert found, text
    return found[0].acled["actor1"], found[0].acled["inter1"]


# ---------------------------------------------------------------- gangs named by their own name


@pytest.mark.parametrize(
    "actor, expected",
    [
        # the name may come before "gang members", after "members of the", or start with a figure
        (Actor("Red Hill gang members", "Red Hill gang members", None, "criminal"), ("Red Hill Gang", 3)),
        (Actor("two members of the 77 Lions Gang", "members", None, "criminal"), ("77 Lions Gang", 3)),
        (Actor("the Dokan gang", "Dokan gang", None, "criminal"), ("Dokan Gang", 3)),
        # a gang named by its kind only stays unidentified
        (Actor("The gang", "gang", None, "criminal"), ("Unidentified Gang (Haiti)", 3)),
        (Actor("gang members", "gang members", None, "criminal"), ("Unidentified Gang (Haiti)", 3)),
    ],
)
def test_gang_named_by_its_own_name(rules, actor, expected):
    assert acled_actor(actor, "HT", None, rules) == expected


# ---------------------------------------------------------------- nobody named: the type's actor


@pytest.mark.parametrize(
    "text, expected",
    [
        # arrests are the police's when the text names nobody
        ("On 3 May 2024, four men suspected of robbery were arrested in Kisumu.", ("Police Forces of Kenya", 1)),
        # armed activity reported with nobody behind it (ACLED's "Other" strategic development)
        ("Other: On 3 May 2024, in Jacmel, Sud-Est, gunshots were heard all night around the port.",
         ("Unidentified Armed Group (Haiti)", 3)),
        # a named arrester is kept
        ("On 3 May 2024, soldiers arrested four men suspected of robbery in Kisumu.", ("Military Forces of Kenya", 1)),
    ],
)
def test_nobody_named_takes_the_types_actor(extractor, text, expected):
    assert _actor1(extractor, text) == expected


# ---------------------------------------------------------------- units of state forces


@pytest.mark.parametrize(
    "actor, place, expected",
    [
        # a unit the text names is named after its state's forces
        (Actor("gendarmes", "gendarmes", None, "police"), "BF", ("Police Forces of Burkina Faso Gendarmerie", 1)),
        # where the gendarmerie answers to the army, it is the military's
        (Actor("the gendarmerie", "gendarmerie", None, "police"), "NE", ("Military Forces of Niger Gendarmerie", 1)),
        (Actor("military police", "military police", None, "police"), "CD",
         ("Military Forces of the Democratic Republic of Congo Military Police", 1)),
        (Actor("prison guards", "prison guards", None, None), "NG", ("Police Forces of Nigeria Prison Guards", 1)),
        (Actor("Malian special forces", "special forces", "ML", "military"), "ML", ("Military Forces of Mali Special Forces", 1)),
        # a unit abroad is its own state's
        (Actor("Chadian special forces", "special forces", "TD", "military"), "NE", ("Military Forces of Chad Special Forces", 8)),
        # no unit named: the force itself
        (Actor("soldiers", "soldiers", None, "military"), "NE", ("Military Forces of Niger", 1)),
    ],
)
def test_state_force_units(rules, actor, place, expected):
    assert acled_actor(actor, place, None, rules) == expected


@pytest.mark.parametrize(
    "name, sub_event_type, expected",
    [
        # the countries whose air and drone strikes ACLED credits to their air force
        ("Military Forces of Russia", "Air/drone strike", "Military Forces of Russia Air Force"),
        ("Military Forces of Ukraine", "Air/drone strike", "Military Forces of Ukraine Air Force"),
        # their shelling is the military's; other countries' strikes are their military's
        ("Military Forces of Russia", "Shelling/artillery/missile attack", "Military Forces of Russia"),
        ("Military Forces of Myanmar", "Air/drone strike", "Military Forces of Myanmar"),
        ("Unidentified Military Forces", "Air/drone strike", "Unidentified Military Forces"),
        (None, "Air/drone strike", None),
    ],
)
def test_air_units(rules, name, sub_event_type, expected):
    assert air_unit(name, sub_event_type, rules) == expected


def test_air_strike_by_a_country_with_an_air_unit(extractor):
    text = "On 3 May 2024, a Russian drone hit a school in Kherson, injuring two civilians."
    assert _actor1(extractor, text) == ("Military Forces of Russia Air Force", 8)


# ---------------------------------------------------------------- militias of a community


@pytest.mark.parametrize(
    "actor, place, expected",
    [
        # a militia named by its town or village is that community's
        (Actor("the Kalgo militia", "Kalgo militia", None, "militia"), "NG", ("Kalgo Communal Militia (Nigeria)", 4)),
        (Actor("Tanda vigilantes", "vigilantes", None, "militia"), "NE",
         ("Tanda Communal Militia (Niger)", 4)),
        # a Somali clan militia by its lineage, deepest first; a clan nobody names
        (Actor("Hawadle militiamen", "Hawadle militiamen", None, "militia"), "SO",
         ("Hawiye-Hawadle Sub-Clan Militia (Somalia)", 4)),
        (Actor("Marehan militiamen", "Marehan militiamen", None, "militia"), "SO", ("Darod-Marehan Sub-Clan Militia (Somalia)", 4)),
        (Actor("Abgal clan fighters", "Abgal clan fighters", None, "unidentified_armed_group"), "SO",
         ("Hawiye-Abgal Sub-Clan Militia (Somalia)", 4)),
        (Actor("an unnamed clan militia", "clan militia", None, "militia"), "SO", ("Unidentified Clan Militia (Somalia)", 4)),
        # a clan's elders are no militia
        (Actor("Marehan elders", "Marehan elders", None, "civilians"), "SO", ("Civilians (Somalia)", 7)),
        # told by kind, by nationality or by an acronym: the codebook's generic name
        (Actor("the militia", "militia", None, "militia"), "NG", ("Unidentified Communal Militia (Nigeria)", 4)),
        (Actor("pro-government militias", "militias", None, "militia"), "NG", ("Unidentified Communal Militia (Nigeria)", 4)),
        (Actor("Nigerian vigilantes", "vigilantes", "NG", "militia"), "NG", ("Unidentified Communal Militia (Nigeria)", 4)),
        (Actor("ABC vigilantes", "ABC vigilantes", None, "militia"), "NG", ("Unidentified Communal Militia (Nigeria)", 4)),
    ],
)
def test_militia_of_a_community(rules, actor, place, expected):
    assert acled_actor(actor, place, None, rules) == expected


# ---------------------------------------------------------------- an actor's country


@pytest.mark.parametrize(
    "text, expected",
    [
        # forces, gunmen and crowds with no nationality belong to the country of their event
        ("On 3 May 2024, soldiers killed two suspected robbers in Kisumu.", "KE"),
        ("On 3 May 2024, gunmen abducted a trader in Kisumu.", "KE"),
        ("On 3 May 2024, dozens protested in Kisumu against rising fuel prices.", "KE"),
        # a nationality wins over the place
        ("On 3 May 2024, Ugandan soldiers killed two suspected robbers in Kisumu.", "UG"),
    ],
)
def test_actor_country_from_the_place(extractor, text, expected):
    found = [e for e in extractor.extract(text, published=date(2024, 5, 20)) if e.actor is not None]
    assert found and found[0].actor.country == expected


# ---------------------------------------------------------------- crowds by nationality, renamed groups


@pytest.mark.parametrize(
    "text, expected",
    [
        # a crowd named by its nationality is of that country, else of the country it gathers in
        ("On 10 May 2024, some 40 Chadian traders protested in Maradi against new market fees.", ("Protesters (Chad)", 6)),
        ("On 10 May 2024, traders protested in Maradi against new market fees.", ("Protesters (Niger)", 6)),
    ],
)
def test_crowd_country(extractor, text, expected):
    assert _actor1(extractor, text) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2024-02-01", "Islamic State West Africa Province (ISWAP)"),
        ("2021-01-01", "Islamic State (West Africa) - Lake Chad Faction"),
    ],
)
def test_renamed_group_takes_the_name_of_its_day(rules, day, expected):
    assert acled_actor(Actor("ISWAP fighters", "ISWAP", None, "rebels"), "NG", day, rules) == (expected, 2)


@pytest.mark.parametrize(
    "text, expected",
    [
        # administrators of a province or district act for the government
        ("On 3 May 2024, the prefect imposed a night curfew on Maradi.", "Government of Niger"),
        ("On 3 May 2024, the high commissioner imposed a night curfew on Maradi.", "Government of Niger"),
    ],
)
def test_officials_are_the_government(extractor, text, expected):
    found = [e for e in extractor.extract(text, published=date(2024, 5, 20)) if e.actor is not None]
    assert found and found[0].actor.acled == expected


# ---------------------------------------------------------------- the country's own forces, unparsed


@pytest.mark.parametrize(
    "text, expected",
    [
        # "the troops" no clause has as its subject are still the country's forces
        ("On 3 May 2024, the troops stationed in Loikaw fired mortar rounds into a nearby village, wounding two residents.",
         ("Military Forces of Myanmar", 1)),
        # forces that are hit, a base, or a source are not the actor
        ("On 3 May 2024, a landmine wounded two soldiers near the army base in Loikaw.",
         ("Unidentified Armed Group (Myanmar)", 3)),
        ("On 3 May 2024, a bomb exploded near Loikaw, the police said.", ("Unidentified Armed Group (Myanmar)", 3)),
    ],
)
def test_own_forces_named_by_kind(extractor, text, expected):
    assert _actor1(extractor, text) == expected


@pytest.mark.parametrize(
    "actor, expected",
    [
        # pirates are ACLED's own kind of armed group, named by the country of the attack
        (Actor("pirates", "pirates", None, "criminal"), ("Pirates (Benin)", 3)),
        (Actor("armed pirates", "armed pirates", None, "criminal"), ("Pirates (Benin)", 3)),
        (Actor("kidnappers", "kidnappers", None, "criminal"), ("Unidentified Gang (Benin)", 3)),
    ],
)
def test_pirates(rules, actor, expected):
    assert acled_actor(actor, "BJ", None, rules) == expected


@pytest.mark.parametrize(
    "actor, expected",
    [
        # regional forces of Somalia ACLED names apart, in the spellings of the news
        (Actor("Puntland Dervish troops", "Puntland Dervish troops", None, "military"),
         ("Military Forces of Somalia Puntland Dervish Force", 1)),
        (Actor("Somaliland troops", "Somaliland troops", None, "military"), ("Military Forces of Somaliland", 1)),
    ],
)
def test_regional_forces(rules, actor, expected):
    assert acled_actor(actor, "SO", None, rules) == expected

