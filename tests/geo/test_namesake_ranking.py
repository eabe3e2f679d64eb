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
    ("FRESNO, Calif. (AP) - Growers met on Monday.", ("FRESNO", "California", "US", "place")),
    ("LONDON, Ontario - Police said on Monday that the road was closed.", ("LONDON", "Ontario", "CA", "place")),
    # a country after an unknown town is the country
    ("KAMBALO CAMP, Kenya - Aid workers arrived on Monday.", ("Kenya", None, "KE", "country")),
    # no dateline: an abbreviation that is also a word is no place after an unknown name
    ("Bramble Flats, Ill. said the mayor on Monday.", None),
])
def test_dateline_division_left_alone(nlp, gazetteer, text, expected):
    found = resolved(nlp, gazetteer, text)
    assert (found[0] if found else None) == expected
