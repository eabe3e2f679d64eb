"""Namesakes the story's own places decide: a dateline's division when the gazetteer lacks its
town, and the ranking features that weigh a candidate by where the story's other places are."""
from __future__ import annotations

import pytest

from geoevent.geo.resolve import find_places


def resolved(nlp, gazetteer, text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(m.text, m.place.admin1, m.place.country, m.place.precision) for m in find_places(nlp(text), gazetteer)]


# A dateline whose town the gazetteer lacks (invented names) still names the story's
# first-level division, abbreviated or in full; a country after the town stays a country.
@pytest.mark.parametrize(("text", "expected"), [
    ("FORT QUIMBLEY, Wash. - Guard units trained on Tuesday before the winter storms.",
     ("Wash.", "Washington", "US", "admin1")),
    ("FORT QUIMBLEY, Washington - Guard units trained on Tuesday before the winter storms.",
     ("Washington", "Washington", "US", "admin1")),
    ("BRAMBLE FLATS, Ill. (AP) - Flood water closed two roads on Monday.",
     ("Ill.", "Illinois", "US", "admin1")),
    ("Bramble Flats, Texas - A tornado tore roofs off a dozen homes on Monday.",
     ("Texas", "Texas", "US", "admin1")),
    ("PORT WENDLEBY, N.S. - Fishing crews stayed ashore as the gale rose.",
     ("N.S.", "Nova Scotia", "CA", "admin1")),
    # the model often tags the state with the dateline's dash as an organisation
    ("CAMP HOLLISTRAND, Oregon - Guard units trained on Tuesday.", ("Oregon", "Oregon", "US", "admin1")),
    ("MILLBANK FALLS, Montana - Ranchers counted their losses on Tuesday.", ("Montana", "Montana", "US", "admin1")),
])
def test_dateline_division_after_unknown_town(nlp, gazetteer, text, expected):
    assert resolved(nlp, gazetteer, text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the town is known: the abbreviation is its state, the town stays the dateline's place
    ("FRESNO, Calif. (AP) - Growers met on Monday.",
     [("FRESNO", "California", "US", "place"), ("Calif.", "California", "US", "admin1")]),
    ("LONDON, Ontario - Police said on Monday that the road was closed.",
     [("LONDON", "Ontario", "CA", "place"), ("Ontario", "Ontario", "CA", "admin1")]),
    # a country after an unknown town is the country
    ("KAMBALO CAMP, Kenya - Aid workers arrived on Monday.", [("Kenya", None, "KE", "country")]),
    # a month after the town is no division, though a town bears its name
    ("MARACAY, March - Protesters gathered outside the court.", [("MARACAY", "Aragua", "VE", "place")]),
    # no dateline: an abbreviation that is also a word is no place after an unknown name
    ("Bramble Flats, Ill. said the mayor on Monday.", []),
])
def test_dateline_division_left_alone(nlp, gazetteer, text, expected):
    assert resolved(nlp, gazetteer, text) == expected


# A namesake far from every other place the story names loses to the one among them, the
# more the further it lies (rank.far_from_chosen); a namesake as near as the others is left to
# its size.
@pytest.mark.parametrize(("text", "mention", "admin1"), [
    ("Crews cleared snow in Lewiston, Auburn and Portland on Tuesday.", "Portland", "Maine"),
    ("Storm damage closed schools in Aurora, Newmarket and Richmond Hill on Monday.", "Aurora", "Ontario"),
    ("Flood water reached homes in Perth, Dundee and Stirling overnight.", "Perth", "Scotland"),
    ("The fair drew crowds from Paris, Sulphur Springs and Greenville.", "Paris", "Texas"),
    ("Buses stopped running between Glendale, Burbank and Pasadena.", "Glendale", "California"),
    ("Voters in Newport, Cwmbran and Pontypool go to the polls on Thursday.", "Newport", "Wales"),
    ("Floods hit Hempstead, Freeport and Long Beach on Sunday.", "Long Beach", "New York"),
    # a namesake in another country is left to the countries the story names
    ("Police in Hamilton and Burlington closed roads after the storm.", "Hamilton", "Ontario"),
])
def test_namesake_near_the_story(nlp, gazetteer, text, mention, admin1):
    found = {m.text: m.place.admin1 for m in find_places(nlp(text), gazetteer)}
    assert found[mention] == admin1


# A bare first-level division's name that a smaller town elsewhere shares means the division,
# unless the story places the town (rank.town_named_like_division).
@pytest.mark.parametrize(("text", "mention", "admin1", "precision"), [
    ("Lawmakers in Nevada passed a water bill on Tuesday.", "Nevada", "Nevada", "admin1"),
    ("Farmers in Indiana planted late this year because of the rain.", "Indiana", "Indiana", "admin1"),
    ("Ranchers in Montana lost cattle in the blizzard.", "Montana", "Montana", "admin1"),
    ("Drivers in Ontario faced long delays on Tuesday.", "Ontario", "Ontario", "admin1"),
    ("Police in Victoria said the bushfire was under control, while Melbourne residents stayed indoors.",
     "Victoria", "Victoria", "admin1"),
    # the capital named like a state across the country stays the capital
    ("Officials in Washington said the budget would pass.", "Washington", "District of Columbia", "place"),
    ("Ranchers in Wyoming sold fewer calves this autumn.", "Wyoming", "Wyoming", "admin1"),
    ("Voters in Delaware chose a new senator on Tuesday.", "Delaware", "Delaware", "admin1"),
    # the story names the town's neighbours: the town
    ("Schools in Columbus and Delaware closed after the storm.", "Delaware", "Ohio", "place"),
    ("Traffic backed up between Grand Rapids and Wyoming on Monday.", "Wyoming", "Michigan", "place"),
    ("WASHINGTON (AP) - Ranchers in Wyoming sold fewer calves this autumn, officials said.",
     "Wyoming", "Wyoming", "admin1"),
])
def test_lone_division_name(nlp, gazetteer, text, mention, admin1, precision):
    place = {m.text: m.place for m in find_places(nlp(text), gazetteer)}[mention]
    assert (place.admin1, place.precision) == (admin1, precision)
