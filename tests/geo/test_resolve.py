from __future__ import annotations

import pytest

from geoevent.geo.resolve import document_place, find_places


def places(nlp, gaz, text):
    return [(m.text, m.place.country, m.place.precision) for m in find_places(nlp(text), gaz)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Protesters marched in Atlanta as lawmakers in Georgia met.",
     [("Atlanta", "US", "place"), ("Georgia", "US", "admin1")]),
    ("Officials in Tbilisi said Georgia would not back down.",
     [("Tbilisi", "GE", "place"), ("Georgia", "GE", "country")]),
    ("The commander opposite Arundu Sector, Chitral asked Pakistan for refuge.",
     [("Chitral", "PK", "place"), ("Pakistan", "PK", "country")]),
    ("Mobile phone networks were cut in Pakistan.", [("Pakistan", "PK", "country")]),
])
def test_tiny_gazetteer(nlp, tiny_gazetteer, text, expected):
    assert places(nlp, tiny_gazetteer, text) == expected


@pytest.mark.parametrize(("text", "mention", "name", "admin1", "country", "precision"), [
    ("Gunmen killed 12 people in Kano on Sunday.", "Kano", "Kano", "Kano", "NG", "place"),
    ("The governor of Kano State imposed a curfew.", "Kano State", "Kano", "Kano", "NG", "admin1"),
    ("Pupils were abducted in Kagara, in Nigeria's Niger State.", "Niger State", "Niger", "Niger", "NG", "admin1"),
    ("Neighbouring Niger has seen a surge in attacks.", "Niger", "Niger", None, "NE", "country"),
    ("Rockets hit Kandahar airport overnight.", "Kandahar", "Kandahār", "Kandahar", "AF", "place"),
    ("Fighting went on in Kandahar province.", "Kandahar province", "Kandahar", "Kandahar", "AF", "admin1"),
    ("Soldiers fled from the eastern province of Kunar.", "Kunar", "Kunar", "Kunar", "AF", "admin1"),
    ("Police said the suspect was arrested in Springfield, Illinois.", "Springfield", "Springfield", "Illinois", "US", "place"),
    ("More than 1,000 troops fled into Tajikistan.", "Tajikistan", "Tajikistan", None, "TJ", "country"),
    ("Thousands fled to Goma after fighting in Rutshuru.", "Rutshuru", "Rutshuru", "North Kivu", "CD", "place"),
])
def test_full_gazetteer(nlp, gazetteer, text, mention, name, admin1, country, precision):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    place = found[mention]
    assert (place.name, place.admin1, place.country, place.precision) == (name, admin1, country, precision)


@pytest.mark.parametrize(("text", "absent"), [
    ("Victoria Beckham opened a store in London.", "Victoria"),
    ("George Washington crossed the river.", "Washington"),
    ("Michael Jordan gave money to schools.", "Jordan"),
    ("The Washington Post reported new sanctions.", "Washington"),
    ("The Pakistan Army said 46 soldiers crossed.", "Pakistan"),
    ("Afghan National Army soldiers fled.", "Afghan"),
    ("Printer Friendly Page", "Friendly"),
    ("Police said on Monday that Nice weather helped.", "Police"),
    ("In May, officials met.", "May"),
])
def test_not_places(nlp, gazetteer, text, absent):
    assert absent not in {m.text for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "expected"), [
    ("KABUL — Taliban fighters attacked a checkpoint in Kunar province, officials in Pakistan said.", "Kabul"),
    ("KABUL, July 9 (Reuters) - Fighting spread in Kunar province.", "Kabul"),
    ("Fighting spread in Kunar. Kunar officials said Kunar was cut off from Pakistan.", "Kunar"),
])
def test_document_place(nlp, gazetteer, text, expected):
    doc = nlp(text)
    assert document_place(find_places(doc, gazetteer), doc).name == expected


def test_document_place_without_mentions(nlp, gazetteer):
    doc = nlp("Nothing happened.")
    assert document_place(find_places(doc, gazetteer), doc) is None


def test_mention_offsets(nlp, gazetteer):
    text = "Clashes in Quetta, Balochistan."
    m = find_places(nlp(text), gazetteer)[0]
    assert text[m.start_char:m.end_char] == m.text == "Quetta"
    assert m.place.admin1 == "Balochistan" and 0 < m.place.score <= 1


@pytest.mark.parametrize(("text", "mention", "country", "admin1", "precision"), [
    # ACLED notes: "(admin2, admin1)" after the place names the division that holds it
    ("On 9 May 2020, gunmen killed 3 civilians in Kagara (Rafi, Niger).", "Kagara", "NG", "Niger", "place"),
    ("On 16 October 2022, PTI supporters held a rally in Hyderabad (Hyderabad, Sindh).", "Hyderabad", "PK", "Sindh", "place"),
    ("On 12 April 2022, a gang abducted 3 people in Croix-des-Bouquets (Croix-des-Bouquets, Ouest).",
     "Croix-des-Bouquets", "HT", "Ouest", "place"),
    ("On 3 June 2021, JNIM attacked a post near Gao (Gao, Gao).", "Gao", "ML", "Gao", "place"),
    # nationality words and datelines say which country the story is in
    ("Clashes in the districts of Tripoli killed three people, Lebanese security sources said.",
     "Tripoli", "LB", "North Lebanon", "place"),
    ("NIAMEY - Jihadists ambushed an army unit near the town of Torodi, close to the border with Burkina Faso.",
     "Torodi", "NE", "Tillaberi", "place"),
    ("ADRÉ, Chad - More than 6,000 people crossed from Sudan into Chad.", "ADRÉ", "TD", "Ouadai", "place"),
    ("GOMA, Democratic Republic of Congo - Rebels shelled the city.", "GOMA", "CD", "North Kivu", "place"),
    # a nationality word where the country is meant
    ("Some 200 Afghan soldiers have taken refuge in Pakistani, officials said.", "Pakistani", "PK", None, "country"),
    ("The men crossed into Afghan territory at night.", "Afghan", "AF", None, "country"),
    # feature words vouch for names the model tags NORP/ORG/PRODUCT
    ("The attackers stormed Kadawa village in Gusau local government area late on Saturday.",
     "Gusau", "NG", "Zamfara", "place"),
    ("Gunmen abducted 42 people in Kagara in Nigeria's Niger state on Wednesday.", "Niger", "NG", "Niger", "admin1"),
])
def test_context_and_notes(nlp, gazetteer, text, mention, country, admin1, precision):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    place = found[mention]
    assert (place.country, place.admin1 if precision != "admin1" else place.name, place.precision) == \
        (country, admin1, precision)


@pytest.mark.parametrize(("text", "absent"), [
    ("The journalist died in Pakistani custody last year.", "Pakistani"),
    ("Pakistani troops moved to the border.", "Pakistani"),
])
def test_nationality_words_that_are_no_place(nlp, gazetteer, text, absent):
    assert absent not in {m.text for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "texts"), [
    # the bracket is a constraint, not a mention of its own
    ("On 16 October 2022, PTI supporters held a rally in Hyderabad (Hyderabad, Sindh).", ["Hyderabad"]),
    ("On 3 June 2021, JNIM attacked a post near Gao (Gao, Gao).", ["Gao"]),
])
def test_parenthetical_is_no_extra_mention(nlp, gazetteer, text, texts):
    assert [m.text for m in find_places(nlp(text), gazetteer)] == texts
