"""Small towns chosen far from every other place of their story (geo/strays.py): a local place
the gazetteer lacks that shares a far town's name is placed by the story's context; a town
abroad that the story places itself stays. Texts invented for these tests."""
from __future__ import annotations

import pytest

from geoevent.geo.resolve import find_places


def placed(nlp, gazetteer, text: str, name: str) -> tuple[str, str]:
    """Return the country and the source of the first mention of ``name``."""
    m = next(m for m in find_places(nlp(text), gazetteer) if m.text == name)
    return m.place.country, m.source


# a name shared with a small town on another continent, in a story whose places cluster in one
# city: a suburb or a corner of that city, placed there
@pytest.mark.parametrize(("text", "name", "country"), [
    ("Police in Johannesburg said protesters blocked roads in Soweto and Pretoria on Monday. "
     "Shots were fired near Alkmaar, and two people were arrested in Pretoria.", "Alkmaar", "ZA"),
    ("Firefighters in Leeds and Bradford were called out twice on Sunday. Residents near Zakopane "
     "said the smoke reached their homes before Leeds crews arrived.", "Zakopane", "GB"),
    # a building named with such a town
    ("Police in Johannesburg and Pretoria closed roads on Monday. Thousands of fans packed the "
     "Alkmaar Centre for the final, and Pretoria fans marched after it.", "Alkmaar Centre", "ZA"),
])
def test_far_namesake_placed_by_context(nlp, gazetteer, text, name, country):
    assert placed(nlp, gazetteer, text, name) == (country, "unknown-context")


# a town abroad the story places itself stays: its country is named, it is near the story's
# other places, or the story has no vicinity of its own (one other town only)
@pytest.mark.parametrize(("text", "name", "country"), [
    ("Flood water closed roads in Leeds and Bradford on Sunday. The new coach, a native of Poland, "
     "grew up in Zakopane before he moved to England.", "Zakopane", "PL"),
    ("Firefighters in Leeds and Bradford were called out twice on Sunday. Crews later put out a "
     "blaze at a warehouse in Zutphen, police said.", "Zutphen", "NL"),
    ("Flood water closed roads in Leeds on Sunday. The new coach grew up in Zakopane.", "Zakopane", "PL"),
    # where someone comes from or goes to lies anywhere
    ("Firefighters in Seattle, Tacoma and Everett were called out twice on Sunday. A volunteer "
     "crew from Hays helped the Tacoma crews.", "Hays", "US"),
])
def test_town_abroad_kept(nlp, gazetteer, text, name, country):
    assert placed(nlp, gazetteer, text, name)[0] == country


# the same small town of the story's own country: placed by context when the story's places
# cluster far from it, left alone when they are scattered (no vicinity to place it in)
@pytest.mark.parametrize(("towns", "admin1"), [
    ("Seattle, Tacoma and Everett", "Washington"),
    ("Seattle, Miami and Boston", "Kansas"),
])
def test_vicinity_needs_a_cluster(nlp, gazetteer, towns, admin1):
    last = towns.split(" and ")[-1]
    text = (f"Firefighters in {towns} were called out twice on Sunday. Residents near Hays said the "
            f"smoke reached their homes before {last} crews arrived.")
    m = next(m for m in find_places(nlp(text), gazetteer) if m.text == "Hays")
    assert m.place.admin1 == admin1


# known limit: a birthplace abroad whose country the story never names, in a story set among
# towns of one region, is read as a local place of that region
@pytest.mark.xfail(strict=True, reason="a birthplace abroad with no country named is taken for a local place")
def test_birthplace_abroad_without_its_country(nlp, gazetteer):
    text = "Flood water closed roads in Leeds and Bradford on Sunday. The club's new coach grew up in Zakopane."
    assert placed(nlp, gazetteer, text, "Zakopane")[0] == "PL"


def test_rule_off_keeps_the_namesake(nlp, gazetteer, monkeypatch):
    import geoevent.geo.strays as strays

    monkeypatch.setattr(strays, "stray_km", lambda: float("inf"))
    text = ("Police in Johannesburg said protesters blocked roads in Soweto and Pretoria on Monday. "
            "Shots were fired near Alkmaar, and two people were arrested in Pretoria.")
    assert placed(nlp, gazetteer, text, "Alkmaar")[0] == "NL"
