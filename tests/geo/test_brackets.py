"""ACLED brackets "(admin2, admin1)": the country they name when the note names none."""
from __future__ import annotations

import pytest

from geoevent.geo.resolve import find_places


@pytest.mark.parametrize(("text", "mention", "country", "admin1"), [
    # a bracket of divisions after a common noun places the event in its first division
    ("On 5 June 2023, students marched at the university campus (Maiduguri, Borno).", "Maiduguri", "NG", "Borno"),
    ("On 2 July 2022, herders killed a farmer in a farming community, (Argungu, Kebbi).", "Argungu", "NG", "Kebbi"),
    # a bracket written the other way round, "(admin1, admin2)"
    ("On 2 March 2022, bandits robbed a lorry near Matameye (Zinder, Matameye).", "Matameye", "NE", "Zinder"),
    # a division name two countries use: the one spelt as written wins over a look-alike
    ("On 8 May 2024, a mine exploded in Kombatiga (Tandoukou, Savanes).", "Kombatiga", "TG", "Savanes"),
    ("On 1 May 2023, two clans clashed in Tanzuko (Sakpiegu, North East).", "Tanzuko", "GH", "North East"),
    # a district known as written stays in the bracket's province though a town abroad bears its name
    ("On 9 April 2022, gunmen attacked a market in Kamba (Kamba, Tapoa).", "Kamba", "BF", "Est"),
])
def test_bracket_names_the_country(nlp, gazetteer, text, mention, country, admin1):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    place = found[mention]
    assert (place.country, place.admin1) == (country, admin1)


@pytest.mark.parametrize(("text", "absent"), [
    # a bracket after a common noun whose names do not nest is no address
    ("The two parties (Kano, Accra) met on Monday.", "Kano"),
])
def test_bracket_that_does_not_nest(nlp, gazetteer, text, absent):
    found = {m.text: m for m in find_places(nlp(text), gazetteer)}
    assert absent not in found or found[absent].source != "parenthetical"


@pytest.mark.parametrize(("text", "mention", "country", "admin1"), [
    # a part of a division named by its compass point is the division
    ("On 3 March 2022, soldiers shelled Oktwin (Taungoo township, Bago-East region).", "Oktwin", "MM", "Bago"),
    # a bracket after a bracket of notes holds the place before both
    ("On 4 April 2022, a mine exploded near Kyaukme (reported by locals) (Kyaukme township, Shan-South state).",
     "Kyaukme", "MM", "Shan"),
])
def test_bracket_division_variants(nlp, gazetteer, text, mention, country, admin1):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert (found[mention].country, found[mention].admin1) == (country, admin1)


@pytest.mark.parametrize(("text", "mention", "country"), [
    # a division named with its division word, spelt another way, vouches for its country's towns
    ("Pupils marched through the town Lozova to protest a ban across the Kharkov Region, "
     "and a convoy of U.S. troops waited.", "Lozova", "UA"),
])
def test_division_word_vouches_for_towns(nlp, gazetteer, text, mention, country):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].country == country


@pytest.mark.parametrize(("text", "absent"), [
    # a common word the model takes for a name is no town
    ("Gunmen robbed women gathering firewood in the bush near a Malian village.", "bush"),
    # a name only the gazetteer sees, a small division abroad, in a story about another country
    ("Malian troops came under fire from Grad rockets near their base.", "Grad"),
])
def test_no_place(nlp, gazetteer, text, absent):
    assert absent not in {m.text for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "mention", "country", "source"), [
    # a bracket that opens with a few lower-case words before its divisions
    ("On 2 June 2024, a shooting was reported in the county of Lebanon (location coded to Lebanon, "
     "Lebanon County, Pennsylvania).", "Lebanon", "US", "parenthetical"),
    # a name written in two words that GeoNames writes in one
    ("On 2 June 2024, youths blocked a road in Binger Ville to protest power cuts.", "Binger Ville", "CI", "ner"),
])
def test_note_idioms(nlp, gazetteer, text, mention, country, source):
    found = {m.text: m for m in find_places(nlp(text), gazetteer)}
    assert (found[mention].place.country, found[mention].source) == (country, source)


@pytest.mark.parametrize(("text", "absent"), [
    # a name of two words known only as another name of a town abroad
    ("On 2 June 2024, in Jacmel, Sud-Est, residents marched to Libre Ville and the town hall.", "Libre Ville"),
])
def test_alternate_abroad_of_several_words(nlp, gazetteer, text, absent):
    assert absent not in {m.text for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "mention", "admin1"), [
    # "X, Y" whose X the gazetteer knows only in another division: the village of Y it names
    ("On 3 May 2023, troops shelled near Balakliia, Donetsk. Casualties unknown.", "Balakliia", "Donetsk Oblast"),
    # ... but not when Y is also a city that holds X: a district of Y's name abroad is not meant
    ("Nurses marched outside Osmania University in Hyderabad on Friday.", "Osmania University", "Telangana"),
])
def test_namesake_outside_its_division(nlp, gazetteer, text, mention, admin1):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].admin1 == admin1


@pytest.mark.parametrize(("text", "mention", "name"), [
    # a bracket's place named with its feature word
    ("On 5 May 2022, soldiers shelled near Pyay township (Pyay district, Bago region).", "Pyay township", "Pyay"),
    # a namesake elsewhere of a village near a town the bracket places: the town
    ("On 5 May 2022, gunmen fired at a patrol near Tiassale in Bouake (Bouake, Gbeke).", "Tiassale", "Bouaké"),
])
def test_bracket_places(nlp, gazetteer, text, mention, name):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].name == name


@pytest.mark.parametrize(("text", "absent"), [
    # the first word of a village's longer name is no town of its own
    ("On 5 May 2022, near Bago Kone Gyi village of Pyay township, troops burned houses.", "Bago"),
])
def test_name_cut_short(nlp, gazetteer, text, absent):
    assert absent not in {m.text for m in find_places(nlp(text), gazetteer)}
