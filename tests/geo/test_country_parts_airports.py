"""Parts of compound country names, two-word nationality and region adjectives, airports."""
from __future__ import annotations

import pytest

from geoevent.geo.build import _name_parts
from geoevent.geo.resolve import find_places


def resolved(nlp, gazetteer, text: str) -> dict[str, tuple]:
    return {m.text: (m.place.name, m.place.country, m.place.precision) for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("name", "parts"), [
    ("Trinidad and Tobago", ["Trinidad", "Tobago"]),
    ("Saint Vincent and the Grenadines", ["Saint Vincent", "Grenadines"]),
    ("Saint Helena, Ascension and Tristan da Cunha", ["Saint Helena", "Ascension", "Tristan da Cunha"]),
    ("Korea, Republic of", []),
    ("Papua New Guinea", []),
])
def test_name_parts(name, parts):
    assert _name_parts(name) == parts


@pytest.mark.parametrize(("text", "mention", "country", "precision"), [
    # a part after the whole: the country the story names, not a namesake town abroad
    ("Ministers of Trinidad and Tobago met on Monday. Later, officials in Trinidad said the vote "
     "was delayed.", "Trinidad", "TT", "country"),
    ("Voters in Bosnia and Herzegovina went to the polls. Turnout in Herzegovina was low.",
     "Herzegovina", "BA", "country"),
    # a part that is a first-level division of its own is that division
    ("Ferries from Trinidad and Tobago to Tobago were cancelled on Friday.", "Tobago", "TT", "admin1"),
    # the whole, even when the model cut it at its "and"
    ("Ferries to Saint Vincent and the Grenadines were cancelled.", "Saint Vincent and the Grenadines", "VC", "country"),
    ("The Turks and Caicos Islands reported ten new cases.", "Turks and Caicos Islands", "TC", "country"),
    # a part listed among countries is its country (and so is any name listed among countries)
    ("Fans from Barbados, Jamaica and Trinidad cheered the team.", "Trinidad", "TT", "country"),
    ("Storms battered Dominica, Barbados and Antigua on Sunday.", "Antigua", "AG", "country"),
    # a part that the text places elsewhere keeps its namesake
    ("The council met in Trinidad, Colorado, on Monday.", "Trinidad", "US", "place"),
])
def test_country_parts(nlp, gazetteer, text, mention, country, precision):
    found = resolved(nlp, gazetteer, text)
    assert found[mention][1:] == (country, precision)


@pytest.mark.parametrize("text", [
    # a nationality word is never a part ("Turks" of "Turks and Caicos Islands")
    "Turks and Greeks met in Ankara on Monday.",
    # a compass word before a known name reads as a part of that place, not a country's part
    "Storms hit South Georgia farms on Monday.",
])
def test_no_country_part(nlp, gazetteer, text):
    found = resolved(nlp, gazetteer, text)
    assert not any(country in ("TC", "GS") for _, country, _ in found.values())


@pytest.mark.parametrize(("text", "mention", "name", "country"), [
    # compass word + continent adjective: the region, never the United States
    ("Latin American history shows the perils of debt.", "Latin American", "Latin America", None),
    ("Central American coffee farms were hit by rust.", "Central American", "Central America", None),
    ("The South American rainforest is burning.", "South American", "South America", None),
    ("The North American market for trucks is slowing.", "North American", "North America", None),
    ("The West African coast was hit by a storm.", "West African", "West Africa", None),
    # two-word nationality words name their country
    ("The North Korean border was closed.", "North Korean", "North Korea", "KP"),
    ("The South African economy shrank last year.", "South African", "South Africa", "ZA"),
    ("Two soldiers crossed into North Korean territory on Monday.", "North Korean", "North Korea", "KP"),
    # a pair that is no name keeps the word's own land
    ("Northern Nigerian towns were attacked.", "Nigerian", "Nigeria", "NG"),
    ("Eastern European markets fell.", "European", "Europe", None),
    ("The American market is strong.", "American", "United States", "US"),
])
def test_compound_adjectives(nlp, gazetteer, text, mention, name, country):
    found = resolved(nlp, gazetteer, text)
    assert found[mention][:2] == (name, country)


@pytest.mark.parametrize("text", [
    "Latin American leaders met to discuss trade.",
    "North American buyers met to discuss trade.",
])
def test_continent_compound_names_no_country(nlp, gazetteer, text):
    # people of a continent's part: no place, and no vote for the United States
    from geoevent.geo.demonyms import _demonym_countries
    from geoevent.geo.words import use_words

    doc = nlp(text)
    use_words(doc, gazetteer)
    assert "US" not in _demonym_countries(doc, (), gazetteer)
    assert not any(m.place.country == "US" for m in find_places(doc, gazetteer))


@pytest.mark.parametrize(("text", "mention", "name", "country"), [
    # an airport named after a village far from it, a person or a district: the airport
    ("The passengers were stopped at Heathrow airport on Friday.", "Heathrow airport", "London Heathrow Airport", "GB"),
    ("Delays spread from Heathrow Airport to other hubs.", "Heathrow Airport", "London Heathrow Airport", "GB"),
    ("She flew into Dulles International Airport last night.", "Dulles International Airport",
     "Washington Dulles International Airport", "US"),
    ("Flights at Schiphol airport were cancelled.", "Schiphol airport", "Amsterdam Airport Schiphol", "NL"),
    # an airport named after its own town is the town's: the town the text names
    ("Rockets hit Kandahar airport overnight.", "Kandahar", "Kandahār", "AF"),
    ("Gunmen attacked Mogadishu airport on Monday.", "Mogadishu", "Mogadishu", "SO"),
])
def test_airports(nlp, gazetteer, text, mention, name, country):
    found = resolved(nlp, gazetteer, text)
    assert found[mention][:2] == (name, country)


@pytest.mark.parametrize("text", [
    # without an airport word the name is no airport: a person, or nothing
    "Frank Heathrow said the plan was good.",
    # generic words left without their town name no airport ("New", "County", "City")
    "The New Airport Road was closed.",
    "The county airport reopened on Monday.",
])
def test_no_airport(nlp, gazetteer, text):
    found = resolved(nlp, gazetteer, text)
    assert not any("Airport" in name for name, _, _ in found.values())


@pytest.mark.parametrize(("name", "city", "near", "keys"), [
    ("London Heathrow Airport", "London", set(),
     {"london heathrow airport", "heathrow airport"}),
    ("Amsterdam Airport Schiphol", "Amsterdam", set(),
     {"amsterdam airport schiphol", "amsterdam schiphol airport", "schiphol airport"}),
    ("Kandahar International Airport", "Kandahar", {"kandahar"}, set()),
    ("Napa County Airport", "Napa", set(), {"napa county airport"}),
    ("Mora Airport", "", {"mora"}, set()),
])
def test_airport_keys(name, city, near, keys):
    from geoevent.geo.airports import airport_keys

    assert airport_keys(name, city, lambda key: key in near) == keys
