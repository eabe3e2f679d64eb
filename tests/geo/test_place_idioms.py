"""Place names that news writes in idioms the model often mislabels: public bodies named after
the place they serve, and the idioms of local news that say where a person lives."""
import pytest

from geoevent.geo.resolve import find_places


def _found(nlp, gazetteer, text):
    return {m.text: m for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "mention", "name", "admin1"), [
    # a police force, a sheriff's office, a department, a council, named after its jurisdiction
    ("The Cobb County Sheriff's Office said a deputy was hurt in Marietta, Georgia.", "Cobb County", "Cobb County", "Georgia"),
    ("The Ohio Department of Health reported 40 new cases on Monday.", "Ohio", "Ohio", None),
    ("Officers of the Dallas Police Department arrested two men on Friday.", "Dallas", "Dallas", "Texas"),
    ("The Rome Police Department said the crash happened in Floyd County, Georgia.", "Rome", "Rome", "Georgia"),
    ("The Ghana Police Service said two men were held.", "Ghana", "Ghana", None),
    ("Stockport Council said the bins would be emptied on Tuesday.", "Stockport", "Stockport", "England"),
    # an organisation whose name opens with a division's full name: that division
    ("The Floyd County Commission voted to raise taxes, officials in Rome, Georgia said.", "Floyd County", "Floyd County", "Georgia"),
    ("The Paulding County Board of Commissioners approved the budget on Tuesday.", "Paulding County", "Paulding County", "Georgia"),
    ("The Chatham County School District will close schools in Savannah on Friday.", "Chatham County", "Chatham County", "Georgia"),
    # a town's council named "X City Council", a state's patrol named "X State Patrol"
    ("The Summerville City Council met on Monday to discuss roads in Chattooga County, Georgia.",
     "Summerville", "Summerville", "Georgia"),
    ("The Georgia State Patrol said the road was closed.", "Georgia", "Georgia", None),
])
def test_place_of_a_public_body(nlp, gazetteer, text, mention, name, admin1):
    found = _found(nlp, gazetteer, text)
    assert mention in found
    m = found[mention]
    assert m.place.name == name and m.role == "modifier"     # never an event's place by itself
    assert admin1 is None or m.place.admin1 == admin1


@pytest.mark.parametrize(("text", "absent"), [
    # newspapers, airlines, banks and a country's forces are no mention of their place
    ("The Dallas Morning News reported the story on Sunday.", "Dallas"),
    ("The Washington Post reported new sanctions.", "Washington"),
    ("Kenya Airways cancelled two flights on Monday.", "Kenya"),
    ("The Pakistan Army said 46 soldiers crossed.", "Pakistan"),
])
def test_organisation_proper_names_no_place(nlp, gazetteer, text, absent):
    assert absent not in _found(nlp, gazetteer, text)


@pytest.mark.parametrize(("text", "mention", "admin1"), [
    # "NAME, AGE, of X", "NAME of X": where a person lives
    ("John Barnes, 41, of Cedartown, was charged with theft.", "Cedartown", "Georgia"),
    ("Tom Fields of Summerville was named head coach.", "Summerville", None),
    # "a X man", "a X resident", "a X native": a town qualifying people
    ("A Rockmart man was arrested Tuesday after a chase.", "Rockmart", "Georgia"),
    ("The suspect, a Cartersville resident, was held without bond.", "Cartersville", "Georgia"),
    ("A Tallapoosa native, she moved away in 1990.", "Tallapoosa", "Georgia"),
    # "X-based": where a firm sits
    ("The Kent-based team signed three new drivers for the season in England.", "Kent", None),
    # "X police said": a town's or county's own force
    ("Gwinnett police said the victim was found dead.", "Gwinnett", "Georgia"),
    ("Cartersville police arrested two teens at the mall.", "Cartersville", "Georgia"),
    ("Summerville police said the man was charged on Monday.", "Summerville", None),
    # "the mayor of X", "north of X": a noun that takes a place after "of"
    ("The mayor of Cedartown resigned on Monday.", "Cedartown", "Georgia"),
    ("Families north of Rockmart lost power after the storm.", "Rockmart", "Georgia"),
    # a resident or a mayor before a person's name; an apposition that calls X a town
    ("Cedartown resident Jane Doe won the prize at the fair.", "Cedartown", "Georgia"),
    ("Former Rockmart mayor John Smith died on Sunday.", "Rockmart", "Georgia"),
    ("A Rockmart councilman said the vote would be held on Monday.", "Rockmart", "Georgia"),
    ("Lindale, a town of 4,000, lost its only grocery store.", "Lindale", None),
])
def test_residence_idioms(nlp, gazetteer, text, mention, admin1):
    found = _found(nlp, gazetteer, text)
    assert mention in found
    assert admin1 is None or found[mention].place.admin1 == admin1


@pytest.mark.parametrize(("text", "absent"), [
    # surnames before "family", words for people before "man": no towns
    ("The Marsh family moved to a new house last year.", "Marsh"),
    ("A white man and a black woman were questioned by officers.", "White"),
    ("An Arab man was detained at the border crossing.", "Arab"),
    # a government named after its leader is no town of his name
    ("The Ford government cut funding for the program, police said.", "Ford"),
    ("The collected works of Orwell were read aloud at the festival.", "Orwell"),
    ("John Smith, a city councilman, said the vote was close.", "Smith"),
])
def test_residence_idioms_not_places(nlp, gazetteer, text, absent):
    assert absent not in {m.text.capitalize() for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "names"), [
    # a list of names closed by a plural division word: each is such a division
    ("Deputies from Harris and Fort Bend counties searched the bayou near Houston, Texas.",
     {"Harris": "Harris County", "Fort Bend": "Fort Bend County"}),
    ("Flooding closed roads in Lancaster and Chester counties in Pennsylvania.",
     {"Lancaster": "Lancaster County", "Chester": "Chester County"}),
    ("The storm hit Dade, Walker and Catoosa counties in Georgia.",
     {"Dade": "Dade County", "Walker": "Walker County", "Catoosa": "Catoosa County"}),
])
def test_names_before_plural_division_word(nlp, gazetteer, text, names):
    found = _found(nlp, gazetteer, text)
    assert {k: found[k].place.name for k in names if k in found} == names


@pytest.mark.parametrize(("text", "mention", "admin1"), [
    # a dateline in capitals whose name opens with an abbreviation ("ST.", "FT.")
    ("ST. LOUIS – City police arrested two men on Friday.", "ST. LOUIS", "Missouri"),
    ("FT. WORTH, Texas — A man was hurt on Monday.", "FT. WORTH", "Texas"),
    ("He was hurt. ST. PETERSBURG, Fla. — Officials said the road was closed.", "ST. PETERSBURG", "Florida"),
])
def test_dateline_with_abbreviation(nlp, gazetteer, text, mention, admin1):
    found = _found(nlp, gazetteer, text)
    assert mention in found and found[mention].place.admin1 == admin1


@pytest.mark.parametrize(("text", "mention", "name", "town"), [
    # counties news names that GeoNames splits into other divisions; "County X" written first
    ("The race was held at Silverstone, Northamptonshire on Sunday.", "Northamptonshire", "Northamptonshire", "Silverstone"),
    ("A man was arrested in Omagh, County Tyrone, on Friday.", "County Tyrone", "County Tyrone", "Omagh"),
    ("The farm lies near Ballyjamesduff in County Cavan, Ireland.", "County Cavan", "Cavan", None),
    ("Flooding hit homes in Reading, Berkshire, on Monday.", "Berkshire", "Berkshire", "Reading"),
    # a county GeoNames split into parts named after it ("Cheshire East") holds their towns
    ("Police closed a road in Nantwich, Cheshire, on Friday.", "Cheshire", "Cheshire", "Nantwich"),
])
def test_counties_and_their_towns(nlp, gazetteer, text, mention, name, town):
    found = _found(nlp, gazetteer, text)
    assert mention in found and found[mention].place.name == name
    # a town of the county keeps its own place ("Omagh, County Tyrone" is Omagh)
    assert town is None or found[town].place.name == town


@pytest.mark.parametrize(("text", "mention", "admin1"), [
    # a county built from the parts GeoNames split it into lies in their first-level division
    ("Police closed a road in Nantwich, Cheshire, on Friday.", "Cheshire", "England"),
    ("Flooding hit homes in rural Somerset on Monday.", "Somerset", "England"),
])
def test_split_county_keeps_its_division(nlp, gazetteer, text, mention, admin1):
    found = _found(nlp, gazetteer, text)
    assert mention in found and found[mention].place.admin1 == admin1
