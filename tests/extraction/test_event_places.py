"""Where an ACLED-style note's event happened, when the sentence names a country beside a
narrower place (texts written by us)."""
from __future__ import annotations

import pytest



@pytest.mark.parametrize(("text", "country", "precision"), [
    # the country qualifies an army; the village that opens the sentence is where
    ("On 2 July 2021, near Nam Hkam village (Lashio Township, Lashio District, Shan State), the TNLA "
     "fired two mortar shells at the Lashio-based Myanmar military LIB-45.", "MM", "admin2"),
    # a bracket of divisions after a common noun, its district spelt another way
    ("On 3 May 2024, police officers shot dead a suspect while attacking a hideout in the Umuaka "
     "community (Ikot Ekpenne, Akwa Ibom).", "NG", "admin2"),
])
def test_event_place(extractor, text, country, precision):
    found = [e.to_dict()["location"] for e in extractor.extract(text)]
    assert found and found[0] and (found[0]["country"], found[0]["precision"]) == (country, precision)


@pytest.mark.parametrize(("text", "name"), [
    # the note says where it codes the event: that place, not the hamlet before it
    ("On 9 March 2024, gunmen killed two farmers in Ungwan Dutse hamlet, coded to Kagarko (Kagarko, Kaduna).",
     "Kagarko"),
    ("On 9 March 2024, gunmen abducted a trader in Sabon Gari hamlet, Kaduna State, coded to Zaria.", "Zaria"),
])
def test_coded_place(extractor, text, name):
    found = [e.to_dict()["location"] for e in extractor.extract(text)]
    assert found and found[0] and found[0]["name"] == name


@pytest.mark.parametrize(("text", "name"), [
    # a country's building in a town: the town is where
    ("On 2 May 2023, market traders protested at the gate of the Embassy of China in Lome (Golfe, Maritime) "
     "over permits.", "Lomé"),
    # a note's "(coded as X)" names a place even where no preposition does
    ("On 4 May 2021, soldiers cleared the roads along the eastern border (coded as Gaoua at geoprecision 3) "
     "and arrested 12 smugglers.", "Gaoua"),
])
def test_event_place_named(extractor, text, name):
    found = [e.to_dict()["location"] for e in extractor.extract(text)]
    assert found and found[0] and found[0]["name"] == name


@pytest.mark.parametrize(("text", "name"), [
    # class "a place named the scene of an event": the appositive site noun ties the event noun
    # to the place, here beside an earlier place the event did not happen in
    ("Twelve soldiers crossed into Tajikistan last week, officials in Dushanbe said. Tajikistan has taken in "
     "hundreds. The soldiers had served in the northern province of Takhar, the scene of heavy fighting "
     "between the rebels and the army.", "Takhar"),
    ("Traders left Kano on Monday for Maiduguri, the epicentre of the riots that killed nine people.",
     "Maiduguri"),
    # ... as the predicate of "be" (found through its clause before this rule, kept as a guard)
    ("Aid workers arrived in Kenya on Friday. Garissa was the site of the attack that killed 14 students.",
     "Garissa"),
])
def test_event_place_is_named_site(extractor, text, name):
    violent = [e for e in extractor.extract(text) if e.action.type in ("armed_clash", "kill")]
    assert [e.location.name if e.location else None for e in violent] == [name]


_STORY = ("Police fired tear gas at protesters in Athens on Tuesday, officials said. The protesters had "
          "marched against new taxes agreed with lenders from the United States and Europe.\n\n")
_HEADLINES = ("Tornado damages homes in Paris, Texas\n\nMayor of Tyler opens new library\n\n"
              "Storm knocks out power across Corsicana\n")


@pytest.mark.parametrize(("text", "country"), [
    # class "page clutter vouches for no place": the towns of a related-links list (here three
    # Texan towns near Athens, Texas) are other stories' places, not this one's context
    (_STORY + "Related Articles\n\n" + _HEADLINES, "GR"),
    (_STORY + "Most Popular\n\n" + _HEADLINES, "GR"),
])
def test_clutter_places_do_not_vouch(extractor, text, country):
    protests = [e for e in extractor.extract(text) if e.action.type == "protest"]
    assert [e.location.country for e in protests] == [country]


def test_places_leave_out_clutter(extractor):
    """`geoevent places` reports no toponym of page clutter, and resolves the story's own as
    the events path does."""
    found = extractor.places(_STORY + "Related Articles\n\n" + _HEADLINES)
    assert [(m.text, m.place.country) for m in found if m.place.precision == "place"] == [("Athens", "GR")]
