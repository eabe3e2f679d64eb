"""Recall on more idioms of conflict notes: bracketed asides, events of another time in a
subordinate clause, a toll given as a range, kin as a group of civilians. Sentences written by
us."""
from __future__ import annotations

from datetime import date

import pytest


PUBLISHED = date(2024, 5, 10)


def records(extractor, text):
    return [(e.action.type, (e.acled or {}).get("event_type"), e.count.value if e.count else None)
            for e in extractor.extract(text, published=PUBLISHED)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "bracketed asides": a killing told in brackets is not the outcome of the
        # sentence's own assault, which stands as a record of its own
        ("On 3 May 2024, the brothers of the chief [killed in an ambush last month] assaulted a councillor "
         "at the market in Kaya.", ("attack", "Riots", None)),
        ("On 3 May 2024, police clashed with gang members in Delmas (gang members had clashed with them "
         "there the day before).", ("armed_clash", "Battles", None)),
        # class "an outcome of another time": a death before the arson is not its outcome
        ("On 3 May 2024, angry youths set fire to the police station in Kano after a suspect died in custody.",
         ("attack", "Riots", None)),
        # class "a toll given as a range": the lower figure, as ACLED codes it
        ("On 3 May 2024, a mine exploded under an army convoy near Bol, Chad. Between 7 and 10 soldiers were killed.",
         ("kill", "Explosions/Remote violence", 7)),
        # notes translated from French call soldiers "militaries"
        ("On 3 May 2024, a mine exploded under an army convoy near Bol, Chad. Seven militaries were killed.",
         ("kill", "Explosions/Remote violence", 7)),
    ],
)
def test_recall_of_note_idioms(extractor, text, expected):
    assert expected in records(extractor, text)


def test_an_outcome_still_takes_its_means(extractor):
    """The means of the main clause still types its own outcome ("attacked ..., killing five")."""
    found = records(extractor, "On 3 May 2024, gunmen attacked a village in Zamfara, killing five residents.")
    assert found == [("kill", "Violence against civilians", 5)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # class "a gathering that voices a claim": a protest whoever gathers
        ("On 3 May 2024, dozens of unemployed graduates gathered outside the parliament in Libreville, "
         "calling on the government to hire them.", ("protest", "Protests", 12)),
        ("On 3 May 2024, hundreds of traders gathered at the town hall in Kaya to demand the reopening "
         "of the market.", ("protest", "Protests", 100)),
        # class "peace conferences"
        ("On 3 May 2024, two clan militias held a peace conference in Galkayo.", ("meet", None, None)),
        # class "communal violence": mob violence, and so are its casualties
        ("On 3 May 2024, inter-communal violence broke out in the villages near Bouza.",
         ("riot", "Riots", None)),
        ("On 3 May 2024, two herders died in intra-communal violence near Bouza.",
         ("kill", "Riots", 2)),
    ],
)
def test_gatherings_and_conferences(extractor, text, expected):
    assert expected in records(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        # a gathering with no claim is no protest; a press conference is no meeting of parties
        "On 3 May 2024, families gathered at the cemetery in Kaya to remember the dead.",
        "On 3 May 2024, fans gathered outside the stadium in Leeds, singing songs.",
    ],
)
def test_gatherings_without_a_claim(extractor, text):
    assert "protest" not in [t for t, _, _ in records(extractor, text)]
