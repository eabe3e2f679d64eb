"""Ordinary news is not conflict: history in an undated story, territory words used for
markets and jobs, and the words of violence used for sport, business, films, talk, mishaps and
what may happen give no violent event, while real events with the same words still do."""
from __future__ import annotations

import pytest



# (text, published, the (action type, location) pairs expected)
CASES = [
    # an undated story is told from the latest date it names: what is years older is history
    ("The insurer reported record claims for 2005. A cyclone killed about 8,000 people on the "
     "coast of Bangladesh in 1991.", None, []),
    # ... but not a plan it names ("until 2027") that would make the day's news history
    ("On 3 March 2025, in Mopti, residents held a demonstration against the governor, who "
     "plans to stay in office until 2027.", None, [("protest", "Mopti")]),
    # territory words for markets, jobs and offices
    ("The new regulator took over supervision of the pensions sector in January.", "2024-02-01", []),
    ("Analysts doubt that tablets will take over home computing soon.", "2024-02-01", []),
    # a phrase's word inside a title is no trigger word ("leave dead" in a film's name)
    ("The jury gave the prize to Vera Drake, leaving Dead Man's Shoes without an award.", "2024-02-01", []),
    ("The gunmen left 12 villagers dead in Zamfara on Monday.", "2024-03-05", [("kill", "Zamfara")]),
    # an undated event in the simple past told after a year older than the text's latest date
    # is that year's history; a date phrase of its own, even a relative one, keeps it
    ("The currency collapsed in 2001 after the default. Angry crowds took to the streets and clashed "
     "with police in Buenos Aires. Exports rose by 9% in 2004.", None, []),
    ("Exports fell in 2003. Last month angry crowds clashed with police in Rosario.", None,
     [("armed_clash", "Rosario")]),
    ("Exports fell in 2003. Angry crowds clashed with police in Rosario on 3 May 2004.", None,
     [("armed_clash", "Rosario")]),
    # real territory still counts: a place, or a place noun with a modifier that names a force
    ("Rebels took control of the town of Bunia on Monday.", "2024-05-10", [("capture_territory", "Bunia")]),
    ("Jihadists captured a military base near Menaka on Tuesday.", "2024-05-10",
     [("capture_territory", "Ménaka")]),
]


@pytest.mark.parametrize("text, published, expected", CASES)
def test_ordinary_news_and_real_events(extractor, text, published, expected):
    events = extractor.extract(text, published=published)
    assert [(e.action.type, e.location and e.location.name) for e in events] == expected


VIOLENT = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots"})

# (text, the violent action types expected): figurative uses first, then real ones with the
# same words. Written for these tests.
FIGURATIVE = [
    # sport: a contest between teams or players
    ("Forwards coach Dan Reilly was left out of the squad for Sunday's league clash with Leinster.", []),
    ("The veteran battled past two seeds to take the title in Doha.", []),
    ("The keeper was fired up on the pitch after the break.", []),
    # business and law: markets, deals, ideas
    ("The brewer has won a takeover battle for a rival distiller with a higher bid.", []),
    ("Dock workers have been fighting change at the port for a decade.", []),
    ("The bank struggled to execute its new plans for the retail arm.", []),
    ("Eleven search warrants were executed in Leeds and Bristol.", []),
    ("The service went down after an attack by spammers or hackers, the company said.", []),
    # talk: a judgement is no attack
    ("Church leaders attacked the novel as blasphemy.", []),
    # films, games and pictures
    ("The new film depicts a bomb attack on a crowded stadium.", []),
    ("Most of the footage was shot in Lisbon last spring.", []),
    ("The thriller was shot in Glasgow over six weeks.", []),
    ("Players can shoot at a range of game animals on the ranch.", []),
    ("The game lets people shoot at targets from their own homes.", []),
    # what may happen, what is planned or called for, what happens every day
    ("Loose panels could injure people if the door is opened while driving.", []),
    ("The hero must stop a sect that plots to blow up the old cathedral.", []),
    ("Fans in that city get shot at every day, the singer claimed.", []),
    # mishaps and disasters: harm done by no one
    ("The singer injured herself during a rehearsal in Leeds.", []),
    ("The flood hit the delta overnight. At least 300 people were killed, officials said.", []),
    ("A retired actor died of a heart attack at his home.", []),
    # a pit is no landmine; "mine" is a pronoun too
    ("The group runs four copper mines in the north of Zambia.", []),
    ("His phone is old, but I got mine last year.", []),
    # a raid by the police with no force is a search
    ("Tax police raided the offices of the oil company in Moscow on Tuesday.", []),
    # a state of affairs, a tally of a long period, and what a court case is about
    ("About 2,000 people were killed under the junta's rule, a report says.", []),
    ("There were 40 knife crime deaths in the city between May 2021 and 2022, police figures show.", []),
    ("Oil prices rose on worries about unrest in the Gulf.", []),
    ("The former officer faces charges relating to the murder of a trader.", []),
    ("The night the driver was shot dead, the defendant was at home, a court has heard.", []),
    # "off" of a killing: a story kills a character off
    ("In the sequel, the rebel hero is killed off by Commander Vex in the first scene.", []),
    # a verb of depiction over the violence, whatever its subject (a title tagged as no work)
    ("Night Harbour portrays a massacre of fishermen in a northern town.", []),
    ("Red Harbour recreates a car bomb attack on a crowded station.", []),
    # "bodies" as organisations
    ("The kit maker has deals with 30 other national Olympic bodies.", []),
    ("The two governing bodies agreed new rules in Zurich.", []),
    # a shot of a sport: the contest word says what kind of shot
    ("She fired a backhand shot down the line to win the set.", []),
    # what talk attacks: a quality named by a bare mass noun
    ("Campaigners attack TV channel sleaze in a new report.", []),
    # a fight told as lasting longer than a month is a long struggle, not an incident
    ("The oil group has fought the government for 18 months in the courts of Moscow.", []),
    ("Veterans have been fighting the ministry for years over their pensions.", []),
    # nations or towns named as the sides of a fight, with no force named, are teams
    ("The winger is fit for Sunday's Five Nations clash with France at the Stade de France.", []),
    # the reader or player as the one who fights: a game's play
    ("The new title casts you as a band of marines fighting on Pacific islands.", []),
    ("In the game you shoot guards in a prison near Oslo.", []),
    # a direct quote with no one named, no force, no place and no day of its own is talk
    ('"They were beating up our boy out there," the coach said after the game.', []),
    # what talk attacks: a label in quotation marks
    ("Campaigners attack BBC 'smut' in a new report.", []),
    # real violence with the same words stays
    ("Rebels battled soldiers near Beni for two days last week.", ["armed_clash"]),
    ("Gunmen staged the deadliest attack for years on a market in Borno on Monday.", ["attack"]),
    ("Militants attacked the 'Unity' camp near Gao on Sunday.", ["attack"]),
    ("Troops clashed with Eritrea's army near Badme on Monday.", ["armed_clash"]),
    ("Marines fought insurgents in Falluja on Monday.", ["armed_clash"]),
    ('"Gunmen shot my brother outside our house in Kano on Monday," a neighbour said.', ["attack"]),
    ("Protesters attacked the 'Liberty' hotel in Jos on Friday.", ["riot"]),
    ("Rescuers found 30 bodies in the river near Kano on Monday.", ["kill"]),
    ("Soldiers killed off the wounded in a village near Beni, witnesses said.", ["kill"]),
    ("A gunman fired a shot at the judge's car in Kano on Monday.", ["attack"]),
    ("Protesters attacked police in Nairobi on Monday.", ["riot"]),
    ("Rebels clashed with soldiers near Goma on Tuesday, killing 12.", ["kill"]),   # one incident
    ("Gunmen shot dead three farmers in Zamfara on Monday.", ["kill"]),
    ("A landmine exploded under a bus near Kandahar, killing five passengers.", ["kill"]),
    ("Police raided a hideout in Kano and shot dead two suspects.", ["kill"]),
    ("Riot police battled with fans outside the stadium in Rome on Saturday.", ["armed_clash"]),
    ("Protesters attacked the governor's office in Jos on Friday.", ["riot"]),
    ("Riots broke out in several towns near Oran after the vote.", ["riot"]),
    ("A crowd lynched a suspected thief in Kisumu on Sunday.", ["kill"]),
    ("Villagers seized a gang member in Gonaives on Monday and executed him as a warning.", ["kill"]),
]


@pytest.mark.parametrize("text, expected", FIGURATIVE)
def test_violence_words_by_their_arguments(extractor, text, expected):
    events = extractor.extract(text, published="2024-06-05")
    found = [e.action.type for e in events if (e.acled or {}).get("event_type") in VIOLENT and not e.action.negated]
    assert sorted(set(found)) == expected
