"""Words that name a country without naming it (its police, parliament, offices, currency) weigh
a story's namesake towns like the country's name; divisions named only by generic words ("West
Coast", "Central", "Eastern Province") are meant only in a story of their own country."""
from __future__ import annotations

import pytest
import spacy

from geoevent.geo.country_cues import cue_countries
from geoevent.geo.generic_divisions import is_generic_name
from geoevent.geo.mentions import _Span
from geoevent.geo.resolve import find_places


def country_of(nlp, gazetteer, text: str, name: str) -> str | None:
    found = [m.place.country for m in find_places(nlp(text), gazetteer) if m.text == name]
    return found[0] if found else None


# The same story with a plain "police" and with a word of one country's own: the namesake of
# that country wins (each pair's plain sentence goes elsewhere, so the cue is what decides).
@pytest.mark.parametrize(("cue", "town", "plain", "cued"), [
    ("Gardai", "Newbridge", "GB", "IE"),
    ("Gardaí", "Killarney", "CA", "IE"),
    ("The Garda", "Waterford", "US", "IE"),
    ("Scotland Yard detectives", "Lancaster", "US", "GB"),
    ("RCMP officers", "Victoria", "HK", "CA"),
    ("Mounties", "Richmond", "US", "CA"),
    ("FBI agents", "Cambridge", "GB", "US"),
    ("FBI agents", "Salem", "IN", "US"),
])
def test_a_country_cue_decides_namesakes(nlp, gazetteer, cue, town, plain, cued):
    sentence = "{} searched a house in {} on Monday after a man was injured."
    assert country_of(nlp, gazetteer, sentence.format("Police", town), town) == plain
    assert country_of(nlp, gazetteer, sentence.format(cue, town), town) == cued


@pytest.mark.parametrize(("text", "expected"), [
    ("The Taoiseach met Gardai twice; the Gardai said more.", {"IE": 2}),
    ("The fbi and the Fbi are not the FBI.", {"US": 1}),          # capitals as written
    ("Knesset members and the Bundestag met.", {"IL": 1, "DE": 1}),
    ("Deputies from the sheriff’s office arrived.", {"US": 1}),    # a typographic apostrophe
    ("Prices were quoted in naira and yen.", {"NG": 1, "JP": 1}),
    ("The Dailies reported a Gardaiville fair.", {}),               # whole words only
    ("The parliament and the police met the MP.", {}),             # words of many countries
])
def test_cue_countries(text, expected):
    assert dict(cue_countries(spacy.blank("en")(text))) == expected


def test_user_cues_reach_the_ranking(tmp_path):
    from geoevent.extractor import Extractor

    (tmp_path / "my_places_country_cues.tsv").write_text("Zorvan Guard\tNZ\n", encoding="utf-8")
    words = Extractor(rules=[tmp_path / "my_places_country_cues.tsv"]).gazetteer.words
    assert ("Zorvan Guard", "NZ") in words.country_cues and ("Knesset", "IL") in words.country_cues


def test_a_cue_needs_a_country_code(tmp_path):
    from geoevent.rules import RuleError
    from geoevent.rules.ruleset import RuleSet

    (tmp_path / "my_places_country_cues.tsv").write_text("# word\tcountry\nZorvan Guard\tNewZ\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"my_places_country_cues\.tsv:2: expected WORD<TAB>CODE"):
        RuleSet.load([tmp_path / "my_places_country_cues.tsv"])


@pytest.mark.parametrize(("name", "expected"), [
    ("West Coast", True), ("the North West", True), ("North-West", True), ("Central", True),
    ("Eastern Province", True), ("Upper East", True),
    ("Western Cape", False), ("North Carolina", False), ("West Bengal", False), ("Coast", False),
])
def test_generic_division_names(name, expected):
    doc = spacy.blank("en")(name)
    assert is_generic_name(doc, _Span(0, len(doc), "ner")) is expected


# A generic division name keeps its division in a story of its country and gives no place in
# a story set elsewhere (None: the mention is not reported).
@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Wildfires spread along the West Coast as crews from Oregon and California fought the flames.",
     "West Coast", None),
    ("Kenyan farmers in Central Province protested on Tuesday.", "Central Province", None),
    ("Ghanaian police said traders protested in the Upper East on Friday.", "Upper East", "GH"),
    ("Floods displaced hundreds of families in Zambia's Eastern Province, officials in Lusaka said.",
     "Eastern Province", "ZM"),
    # the gazetteer knows the full form only as another name of namesakes abroad: the bare name at home
    ("Protesters gathered in Mahikeng, the capital of North West province, South African police said.",
     "North West province", "ZA"),
    ("Sri Lankan troops were deployed in the Northern Province after riots in Jaffna.", "Northern Province", "LK"),
])
def test_generic_divisions_stay_at_home(nlp, gazetteer, text, name, expected):
    assert country_of(nlp, gazetteer, text, name) == expected
