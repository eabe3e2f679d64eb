"""A name with a local feature word that the gazetteer lacks ("X Township", "X Town") stands on
its bare name's places only where the story vouches for one (geo/bare_names.py). The stories
are our own; the townships and towns are real, as the gazetteer must know them."""
from __future__ import annotations

import pytest

from geoevent.geo.resolve import find_places


def found(nlp, gazetteer, text):
    return {m.text: m for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "mention", "admin1"), [
    # a township of a story set among a state's towns is its namesake in that state, not the
    # biggest place of its name elsewhere (a capital, a state's city)
    ("Residents of Elmora and Bayway packed a hearing in Elizabeth on Tuesday. A new clinic will "
     "open in Jackson Township next spring.", "Jackson Township", "New Jersey"),
    ("A fire destroyed a barn in Franklin Township on Sunday, officials in New Brunswick said. Crews "
     "from Edison and Piscataway helped.", "Franklin Township", "New Jersey"),
    ("Voters in Akron and Canton approved the levy, while Jackson Township rejected it.",
     "Jackson Township", "Ohio"),
    ("Police in Elizabeth said the fire began in Wayne Township late on Sunday.", "Wayne Township", "New Jersey"),
    # the state written after the name, or in the dateline, places it
    ("FRANKLIN TOWNSHIP, N.J. - The school board voted on Tuesday to delay the budget.",
     "FRANKLIN TOWNSHIP", "New Jersey"),
    ("JACKSON TOWNSHIP, Ohio - The school board voted on Tuesday to delay the budget.", "JACKSON TOWNSHIP", "Ohio"),
    ("A crash on Route 1 in Franklin Township, N.J., closed two lanes on Friday.", "Franklin Township", "New Jersey"),
    # a town the story names beside it vouches for the township's namesake in its state, and the
    # two names of "A and B Township" vouch for each other
    ("Residents of Clifton and Wayne Township met the mayor on Friday.", "Wayne Township", "New Jersey"),
    ("Residents of Clifton and Wayne Township met the mayor on Friday.", "Clifton", "New Jersey"),
    ("Residents of New Brunswick and Franklin Township met the mayor on Friday.", "Franklin Township", "New Jersey"),
    # a name of one place only, beside a place of the other name, though the ranking took that
    # other name's namesake far away
    ("Schools in Lancaster and Manheim Township reopened on Monday.", "Manheim Township", "Pennsylvania"),
    # a city the model tags as a place keeps its place beside a township the gazetteer lacks
    ("Voters in Trenton and Hamilton Township approved the budget.", "Trenton", "New Jersey"),
])
def test_township_takes_the_namesake_its_story_vouches_for(nlp, gazetteer, text, mention, admin1):
    place = found(nlp, gazetteer, text)[mention].place
    assert (place.country, place.admin1) == ("US", admin1)


@pytest.mark.parametrize(("text", "mention", "admin1"), [
    # no namesake in the story's state: a local place the gazetteer lacks, placed in the
    # story's vicinity rather than at a city of the same name in another state or country
    ("The council of Hamilton Township met in Trenton on Monday.", "Hamilton Township", "New Jersey"),
    ("Voters in Trenton and Hamilton Township approved the budget.", "Hamilton Township", "New Jersey"),
    ("Residents of Newark and Elizabeth packed a hearing on Tuesday. A new clinic will open in Monroe "
     "Township next spring.", "Monroe Township", "New Jersey"),
    ("Officers from Media Borough and Upper Providence Township searched the woods near West Chester.",
     "Providence Township", "Pennsylvania"),
    ("Schools in Lower Merion Township and Haverford Township closed early, officials in Philadelphia said.",
     "Haverford Township", "Pennsylvania"),
    ("The council in Lincoln Township, near Kalamazoo and Portage, approved a new park.",
     "Lincoln Township", "Michigan"),
    # the state written after the township holds no town of its name: the township is placed
    # in the state
    ("A storm hit Lincoln Township, Ohio, on Monday.", "Lincoln Township", "Ohio"),
    # the feature word alone names the story's own valley, not a village called so far away; in
    # a story that names no town it lies in the division the story names
    ("Shops in the Valley reopened on Monday, officials in Youngstown said.", "Valley", "Ohio"),
    ("Officials in Ohio said small shops across the Valley hired more workers last year.", "Valley", "Ohio"),
])
def test_township_without_a_vouched_namesake_lies_in_the_story_vicinity(nlp, gazetteer, text, mention, admin1):
    m = found(nlp, gazetteer, text)[mention]
    assert m.source == "unknown-context"
    assert (m.place.country, m.place.admin1) == ("US", admin1)


@pytest.mark.parametrize(("text", "absent"), [
    # a story that names no other place gives no vicinity: a small namesake far away is no
    # reading of the name, nor of the first name of "A and B Town" that the model cut
    ("A storm hit Franklin Township on Monday.", "Franklin Township"),
    ("Troops entered Kagara Town on Monday.", "Kagara"),
    ("Residents of Milford and Dalton Town chose a new councillor on Thursday.", "Dalton Town"),
    ("Residents of Milford and Dalton Town chose a new councillor on Thursday.", "Milford"),
    ("Residents of Hollowmere and Dunstan Town complained about flooding at a meeting on Friday.", "Dunstan"),
])
def test_unvouched_name_without_vicinity_is_no_place(nlp, gazetteer, text, absent):
    assert absent not in found(nlp, gazetteer, text)


@pytest.mark.parametrize(("text", "mention", "name", "country"), [
    # "X City" is the town X itself: a big town that is its name's one sense stands alone, or in
    # a story set in its country even far from the story's other towns
    ("The Kano City council met on Monday.", "Kano City", "Kano", "NG"),
    ("Supporters travelled from Plymouth and Exeter to watch Hull City play on Saturday.",
     "Hull City", "Kingston upon Hull", "GB"),
    # a story that names no town but the name's country: the name's only place there stands
    ("Nigerian troops entered Kagara Town on Monday.", "Kagara Town", "Kagara", "NG"),
    # a name known as written, and a lower-case word after a town, keep the town
    ("Two rockets hit Gaza City on Monday.", "Gaza City", "Gaza", "PS"),
    ("Shops reopened in Kherson city on Monday, Ukrainian officials said.", "Kherson", "Kherson", "UA"),
    ("Gunmen attacked Kunduz city overnight, officials in Kabul said.", "Kunduz", "Kunduz", "AF"),
    ("The governor of Lagos said troops had been sent to Kano city.", "Kano", "Kano", "NG"),
])
def test_a_town_called_so_keeps_its_place(nlp, gazetteer, text, mention, name, country):
    place = found(nlp, gazetteer, text)[mention].place
    assert (place.name, place.country, place.precision) == (name, country, "place")


@pytest.mark.parametrize(("text", "expected"), [
    ("Crews reached Franklin Township on Monday.", {"Franklin Township": "Franklin"}),
    # each name of a list closed by a plural feature word
    ("Flooding closed roads in Jackson and Franklin townships, officials in Morristown said.",
     {"Jackson": "Jackson", "Franklin": "Franklin"}),
    # the first name of "A and B Township", unless the model tags it as a place of its own
    ("Residents of Clifton and Wayne Township met the mayor on Friday.", {"Clifton": "Clifton", "Wayne Township": "Wayne"}),
    ("Voters in Trenton and Hamilton Township approved the budget.", {"Hamilton Township": "Hamilton"}),
    # a name known as written, a lower-case word after a town, a country before a body's name:
    # no bare name
    ("Two rockets hit Gaza City on Monday.", {}),
    ("Curfew was imposed in Kano city after clashes on Sunday.", {}),
    ("The case went to the U.S. District Court in Newark on Monday.", {}),
])
def test_bare_names(nlp, gazetteer, text, expected):
    from geoevent.geo.bare_names import bare_names
    from geoevent.geo.mentions import _collect_spans, _lookup
    from geoevent.geo.words import use_words

    doc = nlp(text)
    use_words(doc, gazetteer)
    spans = _collect_spans(doc, gazetteer)
    for span in spans:
        span.cands = _lookup(gazetteer, doc, span)
    spans = [s for s in spans if s.cands]
    bare = bare_names(doc, spans, gazetteer)
    assert {doc[s.start:s.end].text: bare[id(s)].name for s in spans if id(s) in bare} == expected


def test_user_town_words_reach_geo(tmp_path):
    from geoevent.extractor import Extractor
    from geoevent.geo.words import builtin_words

    (tmp_path / "my_places_town_words.tsv").write_text("township\n", encoding="utf-8")
    words = Extractor(rules=[tmp_path / "my_places_town_words.tsv"]).gazetteer.words
    assert {"township", "city"} <= words.town_words
    assert "township" not in builtin_words().town_words
