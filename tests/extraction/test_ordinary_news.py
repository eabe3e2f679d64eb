"""Ordinary news is not conflict: history in an undated story and territory words used for
markets and jobs give no event, while the real events beside them still do."""
from __future__ import annotations

import pytest

from geoevent.extractor import Extractor


@pytest.fixture(scope="module")
def extractor(nlp):
    found = Extractor()
    found.nlp = nlp
    return found


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
    # real territory still counts: a place, or a place noun with a modifier that names a force
    ("Rebels took control of the town of Bunia on Monday.", "2024-05-10", [("capture_territory", "Bunia")]),
    ("Jihadists captured a military base near Menaka on Tuesday.", "2024-05-10",
     [("capture_territory", "Ménaka")]),
]


@pytest.mark.parametrize("text, published, expected", CASES)
def test_ordinary_news_and_real_events(extractor, text, published, expected):
    events = extractor.extract(text, published=published)
    assert [(e.action.type, e.location and e.location.name) for e in events] == expected
