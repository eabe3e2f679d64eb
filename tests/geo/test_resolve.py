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


@pytest.mark.parametrize(("text", "expected"), [
    # "the state of X" names a division; a division word after a noun names a part of X
    ("Aid reached the state of Georgia last week.", [("Georgia", "US", "admin1")]),
    ("Aid reached the mountain region of Georgia last week.", [("Georgia", "GE", "country")]),
])
def test_division_word_before_of(nlp, tiny_gazetteer, text, expected):
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
    ("The Ghanaian government denied the report on Monday.", "Ghanaian"),
    # people, their arms and institutions are no land; nor is an origin compound
    ("Chilean special forces flew to the north.", "Chilean"),
    ("Israeli air strikes hit two towns overnight.", "Israeli"),
    ("The magazine covers African American art.", "African"),
    ("The magazine covers African American art.", "American"),
    ("Many Canadians travel south in winter.", "Canadians"),
])
def test_nationality_words_that_are_no_place(nlp, gazetteer, text, absent):
    assert absent not in {m.text for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "mention", "country"), [
    # a nationality word before a noun of land names its country's land (role "modifier")
    ("Shells fell on villages near the Ghanaian border overnight.", "Ghanaian", "GH"),
    ("Trucks queued for days on the Kenyan-Ugandan border.", "Ugandan", "UG"),
    ("The Peruvian capital was calm after the vote.", "Peruvian", "PE"),
    # ...and before any thing of its land that is not people, arms or an institution
    ("Exporters are watching the Chilean copper market closely.", "Chilean", "CL"),
    ("The couple booked a European holiday after the wedding.", "European", None),
    ("Tariffs have hurt Canadian steel mills this year.", "Canadian", "CA"),
])
def test_nationality_word_before_land(nlp, gazetteer, text, mention, country):
    found = {m.text: m for m in find_places(nlp(text), gazetteer)}
    assert (found[mention].place.country, found[mention].role) == (country, "modifier")


@pytest.mark.parametrize(("text", "present"), [
    # a building's name the model tags ORG is a place when a preposition of place governs it
    ("Police in Leeds said the man was pronounced dead at Mercy General Hospital on Friday.", True),
    # ...and an institution when it acts
    ("Mercy General Hospital said the man in Leeds had died.", False),
])
def test_org_tagged_building(nlp, gazetteer, text, present):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert ("Mercy General Hospital" in found) == present
    if present:
        assert found["Mercy General Hospital"].name == "Leeds"


@pytest.mark.parametrize(("text", "mention", "country"), [
    # a bracket's division name that other countries share says nothing against a big city
    ("On 3 May 2024, traders protested in Abidjan (Plateau) over new taxes.", "Abidjan", "CI"),
    # ...but still rules out a small namesake abroad
    ("On 3 May 2024, gunmen attacked Boni (Douentza, Mopti).", "Boni", "ML"),
])
def test_bracket_with_shared_division_name(nlp, gazetteer, text, mention, country):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].country == country


@pytest.mark.parametrize(("text", "name", "precision"), [
    # a village the gazetteer lacks takes its bracket's district, spelt another way
    ("On 2 May 2024, militants attacked Kobawa village (Filinguey, Tillaberi).", "Filingué", "admin2"),
])
def test_bracket_district_spelt_another_way(nlp, gazetteer, text, name, precision):
    place = find_places(nlp(text), gazetteer)[0].place
    assert (place.name, place.precision) == (name, precision)


@pytest.mark.parametrize(("text", "mention", "admin1"), [
    # an abbreviation that is also a word is a division only after a place and a comma
    ("SPRINGFIELD, Ill. (AP) - Officials said the water is safe.", "SPRINGFIELD", "Illinois"),
    ("SPRINGFIELD, Ill. (AP) - Officials said the water is safe.", "Ill.", "Illinois"),
    ("The dog was found behind a house in Slidell, La., on Monday.", "La.", "Louisiana"),
    ("Her mother was ill. She stayed in Slidell.", "Ill.", None),
])
def test_abbreviation_after_town(nlp, gazetteer, text, mention, admin1):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert (found[mention].admin1 if mention in found else None) == admin1


@pytest.mark.parametrize(("text", "mention", "admin1"), [
    # a dateline in capitals without a dash
    ("OKLAHOMA CITY Lawmakers here voted on Tuesday to fund two new bridges.", "OKLAHOMA CITY", "Oklahoma"),
    ("FRESNO, Calif. - A maker of cold-chain sensors said on Monday.", "FRESNO", "California"),
    ("BREAKING NEWS Gunmen attacked a school.", "BREAKING NEWS", None),
])
def test_opening_capitals(nlp, gazetteer, text, mention, admin1):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert (found[mention].admin1 if mention in found else None) == admin1


@pytest.mark.parametrize(("text", "texts"), [
    # names the model joined into one entity are mentions of their own
    ("The youth was from south east London, officials said.", ["London"]),
    ("Jobless rates are high in Portugal, Greece Italy and Spain.", ["Portugal", "Greece", "Italy", "Spain"]),
])
def test_joined_entities_split(nlp, gazetteer, text, texts):
    assert [m.text for m in find_places(nlp(text), gazetteer)] == texts


def test_modifier_is_not_the_document_place(nlp, gazetteer):
    mentions = find_places(nlp("Fighting near the Ghanaian border displaced farmers from Bawku."), gazetteer)
    assert document_place(mentions).country == "GH"
    assert document_place([m for m in mentions if m.role == "modifier"]) is None


@pytest.mark.parametrize(("text", "texts"), [
    # the bracket is a constraint, not a mention of its own
    ("On 16 October 2022, PTI supporters held a rally in Hyderabad (Hyderabad, Sindh).", ["Hyderabad"]),
    ("On 3 June 2021, JNIM attacked a post near Gao (Gao, Gao).", ["Gao"]),
])
def test_parenthetical_is_no_extra_mention(nlp, gazetteer, text, texts):
    assert [m.text for m in find_places(nlp(text), gazetteer)] == texts


@pytest.mark.parametrize(("text", "mention", "country"), [
    # a known name the model tags as a product or a date is a place when a preposition of place
    # or a list of places says so
    ("Fighters were stationed in Moyale near the border.", "Moyale", "KE"),
    ("Tourists were stranded in Malindi near the border.", "Malindi", "KE"),
])
def test_mislabelled_known_name(nlp, gazetteer, text, mention, country):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].country == country


@pytest.mark.parametrize(("text", "texts"), [
    # a facility is placed in the town written right after it, not the town named most
    ("Police in Leeds and doctors in Leeds said the band had played at the Grand Theatre in York.", "York"),
    ("Police in Leeds and doctors in Leeds said the band had played at the Grand Theatre, York, on Monday.", "York"),
])
def test_facility_placed_in_town_after_it(nlp, gazetteer, text, texts):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    theatre = next(p for t, p in found.items() if "Theatre" in t)
    assert theatre.name == texts


@pytest.mark.parametrize(("text", "mention", "name"), [
    # a place the model tags that the gazetteer lacks takes the town or division written after it
    ("The family moved from Leeds to a flat in Kirkstall Brow, Leeds, last spring.", "Kirkstall Brow", "Leeds"),
    # a compass word before a known name: the name places it
    ("The bank expanded its lending in Southern Europe last year.", "Europe", "Europe"),
    # a name the gazetteer lacks that holds a known place's name lies in that place, not in the
    # town the text names elsewhere
    ("Officials in Mombasa said hundreds of families had camped in Nairobi Hills since the floods.",
     "Nairobi Hills", "Nairobi"),
    ("Police in Lyon said the march ended peacefully in Monaco Gardens late on Saturday.", "Monaco Gardens", "Monaco"),
])
def test_unknown_place_placed_by_context(nlp, gazetteer, text, mention, name):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].name == name


@pytest.mark.parametrize(("text", "absent"), [
    # a firm's or a person's name after "in" is no place
    ("Officials in Leeds said the firm opened a plant in Kestrali's home town.", "Kestrali"),
    # a bracket's district is no mention of its own
    ("On 2 May 2024, gunmen attacked Kadoma (Kwarbai, Zamfara) and Gusau.", "Kwarbai"),
    # a name with a hyphen inside is one name, not its pieces
    ("Gunmen attacked residents in Port-au-Prince - Bas Ville, Ouest, on Monday.", "Prince"),
])
def test_unknown_names_that_are_no_place(nlp, gazetteer, text, absent):
    assert absent not in {m.text for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "mention"), [
    # a street is a place whatever label the model gives it, and lies in the town of the text,
    # not in the place it is named after
    ("Police in Leeds said the van was found on Kelso Road after the crash.", "Kelso Road"),
    ("Police in Leeds said the stolen van was left in Bradford Road overnight.", "Bradford Road"),
])
def test_street_placed_in_town_of_text(nlp, gazetteer, text, mention):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].name == "Leeds"


@pytest.mark.parametrize(("text", "mention", "name"), [
    # a place named at the start of an event's, a building's or a body's name is a mention of it
    ("The Kenya Coffee Festival drew crowds to the capital this week.", "Kenya", "Kenya"),
])
def test_place_at_start_of_a_name(nlp, gazetteer, text, mention, name):
    found = [m for m in find_places(nlp(text), gazetteer) if m.text == mention]
    assert found and found[0].place.name == name and found[0].role in ("modifier", "mention")


@pytest.mark.parametrize(("text", "absent"), [
    # an organisation proper names no place (a public body does: tests/geo/test_place_idioms.py);
    # nor does a hyphenated division's first half
    ("Kenya Airways said two flights were held.", "Kenya"),
    ("Protesters blocked a road in Jeremie (Jeremie, Grand'Anse) in Sud-Est (Haiti).", "Sud"),
])
def test_names_inside_organisations(nlp, gazetteer, text, absent):
    assert absent not in {m.text for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "mention", "country"), [
    # a place name in capitals opening a line or after a byline is a dateline
    ("Storm damage was reported across the coast.\nPENSACOLA – City workers cleared roads on Monday.", "PENSACOLA", "US"),
    ("By a staff writer, Wire Service NAIROBI (Wire) — Traders closed their shops.", "NAIROBI", "KE"),
])
def test_dateline_inside_text(nlp, gazetteer, text, mention, country):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].country == country


@pytest.mark.parametrize(("text", "absent"), [
    # the last word of a longer capitalised name is no big town abroad
    ("On 2 May 2025, youths threw stones at police in the Kibera Bristol quarter of Nairobi, Kenya.", "Bristol"),
])
def test_last_word_of_a_longer_name_abroad(nlp, gazetteer, text, absent):
    assert absent not in {m.text for m in find_places(nlp(text), gazetteer)}


@pytest.mark.parametrize(("text", "mention", "country"), [
    # a name that is a village's own name in the document's country beats a big town abroad that
    # bears it only as another name
    ("On 3 May 2024, gunmen killed two farmers in Bogoro, Plateau State.", "Bogoro", "NG"),
])
def test_alternate_name_abroad_yields(nlp, gazetteer, text, mention, country):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].country == country


# Two towns called Ferndale: a big one in one country and a small one beside Millbury in
# another; the text names Ferndale twice and Millbury once. The first pass takes the big
# namesake for both mentions; a repeat of the name is no evidence of its own, so it must not
# vouch for that choice (geo/rank.py: FirstPass.echoes).
ECHO_GAZETTEER = [
    {"name": "Ferndale", "feature": "place", "country": "AU", "lat": -33.8, "lon": 151.0,
     "population": 80_000, "geonameid": 900001, "admin1": "New South Wales", "admin1_code": "AU-NSW"},
    {"name": "Ferndale", "feature": "place", "country": "CA", "lat": 44.5, "lon": -80.0,
     "population": 9_000, "geonameid": 900002, "admin1": "Ontario", "admin1_code": "CA-ON"},
    {"name": "Millbury", "feature": "place", "country": "CA", "lat": 44.4, "lon": -80.2,
     "population": 8_000, "geonameid": 900003, "admin1": "Ontario", "admin1_code": "CA-ON"},
]


@pytest.mark.parametrize(("text", "expected"), [
    ("Floods closed the bridge in Ferndale on Monday. Farmers from Millbury said the road to "
     "Ferndale was under water.", {"Ferndale": {"CA"}, "Millbury": {"CA"}}),
])
def test_repeated_name_does_not_vouch_for_itself(nlp, tmp_path, text, expected):
    from geoevent.geo.gazetteer import Gazetteer

    gaz = Gazetteer.from_records(ECHO_GAZETTEER, tmp_path / "echo.sqlite")
    found: dict[str, set[str]] = {}
    for m in find_places(nlp(text), gaz):
        found.setdefault(m.text, set()).add(m.place.country)
    assert found == expected


@pytest.mark.parametrize(("text", "mention", "name"), [
    # a compound of a continent's name the gazetteer lacks is that continent, not a town nearby
    # one that joins two areas names each of them, not the first for both
    ("Scientists measured warm water in the Atlantic-Arctic gateway.", "Atlantic", "Atlantic"),
    ("Scientists measured warm water in the Atlantic-Arctic gateway.", "Arctic", "Arctic"),
    ("The ministers discussed trade and security in Asia-Pacific on Monday.", "Asia", "Asia"),
    ("The ministers discussed trade and security in Asia-Pacific on Monday.", "Pacific", "Pacific"),
])
def test_area_compound_is_the_area(nlp, gazetteer, text, mention, name):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert (found[mention].name, found[mention].precision) == (name, "region")


@pytest.mark.parametrize(("text", "mention", "name"), [
    # both names of "X and Y streets" are streets of the town the text names, not namesakes
    ("The driver hit a pole at the corner of Lake and Nicollet streets in Minneapolis, police said.", "Lake", "Minneapolis"),
    ("The driver hit a pole at the corner of Lake and Nicollet streets in Minneapolis, police said.", "Nicollet", "Minneapolis"),
    # a street named after a place lies in the text's town, not in that place
    ("A cyclist was hurt in the 200 block of South Boston Avenue in Tulsa on Monday.", "South Boston Avenue", "Tulsa"),
    # a saint's building is no town named after the saint; its word is no town either
    ("Pilgrims filled St. Mary's Cathedral in Sydney on Sunday.", "St. Mary's Cathedral", "Sydney"),
    ("Crowds gathered outside St. Paul's Cathedral in London on Sunday.", "St. Paul's Cathedral", "London"),
])
def test_street_names_placed_in_the_town(nlp, gazetteer, text, mention, name):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].name == name


@pytest.mark.parametrize(("text", "mention", "country"), [
    # a name cut after its first words is the whole known name, not a namesake of its tail
    ("Aid groups opened a new shelter in Nova Iguacu on Tuesday.", "Nova Iguacu", "BR"),
    # (and a name the model splits in two entities stays one)
    ("Aid groups opened a new shelter in Sierra Vista on Tuesday.", "Sierra Vista", "US"),
])
def test_name_cut_after_its_first_words(nlp, gazetteer, text, mention, country):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert found[mention].country == country


def _town(name, lat, lon, admin1_code):
    from geoevent.geo.gazetteer import Candidate

    return Candidate(geonameid=None, name=name, feature="place", country="GB", country_name=None,
                     admin1="England", admin1_code=admin1_code, lat=lat, lon=lon, population=50_000)


@pytest.mark.parametrize(("other", "expected"), [
    # a town of the same first-level division nearby vouches for the candidate
    (_town("Near", 54.6, -1.6, "GB-ENG"), 0.6),
    # one of a division as big as a nation, 400 km away, does not
    (_town("Far", 51.5, -0.1, "GB-ENG"), 0.0),
])
def test_same_division_vouches_only_nearby(other, expected):
    from geoevent.geo.mentions import _Span
    from geoevent.geo.rank import _near_bonus

    candidate = _town("Here", 54.9, -1.5, "GB-ENG")
    span, neighbour = _Span(0, 1, "ner"), _Span(2, 3, "ner")
    neighbour.chosen = other
    assert _near_bonus(span, candidate, [span, neighbour]) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "mention", "admin1", "country"), [
    # the town a story is about is one its other places vouch for, not the first town it names
    # when that one lies alone far from the rest (a namesake, or a place only compared to)
    ("A visitor said the old market reminded her of Portland. Farmers from Denton, Frisco and Plano "
     "now sell their produce in McKinney every Saturday. Crowds gather at the Heritage Hall by noon.",
     "Heritage Hall", "Texas", "US"),
    # a square named like a neighbourhood far from every other place of the story is a square of
    # the story's town
    ("Police in Austin said a bus crashed near Union Square on Monday. Drivers from Round Rock and "
     "Pflugerville were hurt, and a woman from San Marcos was taken to hospital in Austin.",
     "Union Square", "Texas", "US"),
    # a suburb the gazetteer lacks lies in the country the story is about, not in the town abroad
    # that its sentence names
    ("Mothers in Soweto and Pretoria marched on Friday. One of them had moved from a shack in "
     "Zandvliet to a flat in Breda last year.", "Zandvliet", "Gauteng", "ZA"),
    # the dateline's town is where the reporter is, whatever towns the text names more
    ("KISUMU, Kenya - Three fishermen drowned when their boat capsized off Dunga Beach on Sunday. "
     "Officials in Nairobi and Nakuru said the lake police would search again. Relatives waited "
     "at the Lakeside Hospital overnight.", "Lakeside Hospital", "Kisumu", "KE"),
    # a building named after a town that lies far from every other place of the story stands
    # in the story's town, not in that namesake
    ("Fans from Seattle, Tacoma and Everett filled the Camden Arena on Friday night.", "Camden Arena",
     "Washington", "US"),
    # a town the sentence travels to is no place of the facility it names
    ("Neighbours in Leeds and Bradford threw a party for the pair. They married at the Grange Chapel "
     "in June before flying to Lisbon.", "Grange Chapel", "England", "GB"),
    # a building named after a big city the story names on its own stands in that city, even
    # abroad: the story's country does not pull it home
    ("The choir from Ennis, Navan and Tralee sang across Ireland all summer. In Dublin and Sligo "
     "the crowds were big. Its leader now studies in London. In May she won a scholarship to the "
     "London Music School.", "London Music School", "England", "GB"),
])
def test_context_town_is_the_story_town(nlp, gazetteer, text, mention, admin1, country):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert (found[mention].admin1, found[mention].country) == (admin1, country)


@pytest.mark.parametrize(("text", "mention", "name", "precision"), [
    # a name listed among states is the state, not the capital or the town of that name
    ("Wildfires burned across Oregon, Washington and Idaho on Monday, forestry officials said.",
     "Washington", "Washington", "admin1"),
    ("Growers in Montana and Wyoming reported frost damage this week.", "Wyoming", "Wyoming", "admin1"),
    # a town written with its state stays the town, and the state its division
    ("The band played in Tacoma, Washington and in Boise on Friday.", "Tacoma", "Tacoma", "place"),
    ("The band played in Tacoma, Washington and in Boise on Friday.", "Washington", "Washington", "admin1"),
])
def test_name_listed_among_divisions(nlp, gazetteer, text, mention, name, precision):
    found = {m.text: m.place for m in find_places(nlp(text), gazetteer)}
    assert (found[mention].name, found[mention].precision) == (name, precision)
