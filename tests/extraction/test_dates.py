"""Tests of resolve_date and find_anchor: phrase tables against a fixed anchor."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from geoevent.extraction.dates import find_anchor, resolve_date
from geoevent.model import When

ANCHOR = date(2021, 7, 27)          # a Tuesday
MONDAY = date(2021, 7, 26)


@pytest.mark.parametrize(
    ("phrase", "value", "precision", "end"),
    [
        # absolute
        ("July 17", "2021-07-17", "day", None),
        ("on July 17", "2021-07-17", "day", None),
        ("17 July 2021", "2021-07-17", "day", None),
        ("17th of July", "2021-07-17", "day", None),
        ("2021-07-17", "2021-07-17", "day", None),
        ("Sept. 11", "2020-09-11", "day", None),
        ("September 11, 2001", "2001-09-11", "day", None),
        ("Tue 27 Jul 2021", "2021-07-27", "day", None),
        ("27/07/2021", "2021-07-27", "day", None),
        ("in 2005", "2005-01-01", "year", "2005-12-31"),
        ("2005", "2005-01-01", "year", "2005-12-31"),
        ("the 1990s", "1990-01-01", "year", "1999-12-31"),
        ("2001-2011", "2001-01-01", "year", "2011-12-31"),
        ("May", "2021-05-01", "month", "2021-05-31"),
        ("in May", "2021-05-01", "month", "2021-05-31"),
        ("August", "2020-08-01", "month", "2020-08-31"),
        ("May 2021", "2021-05-01", "month", "2021-05-31"),
        ("December 25", "2020-12-25", "day", None),
        ("July 30", "2021-07-30", "day", None),          # within FUTURE_SLACK_DAYS
        ("February 29", "2020-02-29", "day", None),
        ("on the 17th", "2021-07-17", "day", None),
        # ranges
        ("between 3 and 5 May", "2021-05-03", "day", "2021-05-05"),
        ("from 3 to 5 May 2020", "2020-05-03", "day", "2020-05-05"),
        ("9-10 May", "2021-05-09", "day", "2021-05-10"),
        ("the night of 9-10 May", "2021-05-09", "day", "2021-05-10"),
        ("May 3-5", "2021-05-03", "day", "2021-05-05"),
        ("between May and July", "2021-05-01", "month", "2021-07-31"),
        # weekdays
        ("Monday", "2021-07-26", "day", None),
        ("on Monday", "2021-07-26", "day", None),
        ("last Monday", "2021-07-26", "day", None),
        ("Tuesday", "2021-07-27", "day", None),          # the anchor's own weekday
        ("last Tuesday", "2021-07-20", "day", None),
        ("Wednesday", "2021-07-21", "day", None),
        ("Monday night", "2021-07-26", "day", None),
        ("late on Sunday", "2021-07-25", "day", None),
        ("in the early hours of Sunday", "2021-07-25", "day", None),
        ("Monday at 5 p.m.", "2021-07-26", "day", None),
        ("Friday last week", "2021-07-23", "day", None),
        # days
        ("today", "2021-07-27", "day", None),
        ("yesterday", "2021-07-26", "day", None),
        ("last night", "2021-07-26", "day", None),
        ("overnight", "2021-07-26", "day", "2021-07-27"),
        ("two days ago", "2021-07-25", "day", None),
        ("2 days ago", "2021-07-25", "day", None),
        # weeks
        ("last week", "2021-07-19", "week", "2021-07-25"),
        ("this week", "2021-07-26", "week", "2021-07-27"),
        ("earlier this week", "2021-07-26", "week", "2021-07-27"),
        ("three weeks ago", "2021-07-05", "week", "2021-07-11"),
        ("a fortnight ago", "2021-07-12", "week", "2021-07-18"),
        ("over the weekend", "2021-07-24", "day", "2021-07-25"),
        ("at the weekend", "2021-07-24", "day", "2021-07-25"),
        ("last weekend", "2021-07-24", "day", "2021-07-25"),
        # months
        ("last month", "2021-06-01", "month", "2021-06-30"),
        ("this month", "2021-07-01", "month", "2021-07-27"),
        ("earlier this month", "2021-07-01", "month", "2021-07-27"),
        ("Earlier in July", "2021-07-01", "month", "2021-07-27"),
        ("later this month", "2021-07-27", "month", "2021-07-31"),
        ("two months ago", "2021-05-01", "month", "2021-05-31"),
        ("early May", "2021-05-01", "month", "2021-05-10"),
        ("mid-May", "2021-05-11", "month", "2021-05-20"),
        ("mid May", "2021-05-11", "month", "2021-05-20"),
        ("in mid-April", "2021-04-11", "month", "2021-04-20"),
        ("late May", "2021-05-21", "month", "2021-05-31"),
        ("end of May", "2021-05-21", "month", "2021-05-31"),
        ("the end of last month", "2021-06-21", "month", "2021-06-30"),
        ("late this month", "2021-07-21", "month", "2021-07-27"),
        ("last May", "2021-05-01", "month", "2021-05-31"),
        ("May last year", "2020-05-01", "month", "2020-05-31"),
        ("since April", "2021-04-01", "month", "2021-07-27"),
        ("since early May", "2021-05-01", "month", "2021-07-27"),
        ("since mid-April", "2021-04-11", "month", "2021-07-27"),
        ("last summer", "2020-06-01", "month", "2020-08-31"),
        # years
        ("last year", "2020-01-01", "year", "2020-12-31"),
        ("this year", "2021-01-01", "year", "2021-07-27"),
        ("earlier this year", "2021-01-01", "year", "2021-07-27"),
        ("late last year", "2020-09-01", "year", "2020-12-31"),
        ("early 2020", "2020-01-01", "year", "2020-04-30"),
        ("two years ago", "2019-01-01", "year", "2019-12-31"),
        ("since 1990", "1990-01-01", "year", "2021-07-27"),
        # the way ACLED notes and wire copy write them
        ("On or about 9 May 2020", "2020-05-09", "day", None),
        ("9 May 2020 (as reported)", "2020-05-09", "day", None),
        ("9 and 10 May", "2021-05-09", "day", "2021-05-10"),
        ("12.07.21", "2021-07-12", "day", None),
        ("later on Sunday", "2021-07-25", "day", None),
        ("this past weekend", "2021-07-24", "day", "2021-07-25"),
        ("the first week of July", "2021-07-01", "week", "2021-07-07"),
        ("the summer of 2020", "2020-06-01", "month", "2020-08-31"),
        ("05/06/99", "1999-01-01", "year", "1999-12-31"),          # day or month first: unknown
        # periods that end on the publication date
        ("the past week", "2021-07-21", "week", "2021-07-27"),
        ("over the past week", "2021-07-21", "week", "2021-07-27"),
    ],
)
def test_resolve_date(phrase: str, value: str, precision: str, end: str | None) -> None:
    assert resolve_date(phrase, ANCHOR) == When(phrase, value, precision, end)


@pytest.mark.parametrize(
    "phrase",
    ["recent weeks", "in recent days", "in recent months", "recently", "the past three days",
     "over the past 24 hours", "the previous day", "three days later", "a few days ago",
     "last few weeks"],
)
def test_vague_phrases_have_no_value(phrase: str) -> None:
    assert resolve_date(phrase, ANCHOR) == When(phrase)


@pytest.mark.parametrize(
    "phrase",
    ["Monday", "last week", "yesterday", "two days ago", "July 17", "May", "earlier this month",
     "since early May", "over the weekend"],
)
def test_relative_without_anchor_keeps_text_only(phrase: str) -> None:
    assert resolve_date(phrase, None) == When(phrase)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("17 July 2021", "2021-07-17"), ("in 2005", "2005-01-01"), ("May 2021", "2021-05-01")],
)
def test_absolute_without_anchor(phrase: str, value: str) -> None:
    when = resolve_date(phrase, None)
    assert when is not None and when.value == value


@pytest.mark.parametrize(
    "phrase",
    [
        "31 February", "February 30, 2021", "0/0/2021", "99-99-2021",   # impossible dates
        "in 2090", "17 July 2090",                                        # far future
        "at 5 p.m.", "5:30", "10:31 GMT", "noon",                         # times alone
        "1,000", "9/11", "24/7", "65-year-old", "46", "3",                # numbers
        "for three days", "two years", "48 hours", "three days", "a decade", "two-day",
        "daily", "weekly", "", "   ", "-", "the week", "hello world", "may",
        "17 and 31 July", "two protesters, a week after", "July 26 Movement", "the 17th century",
        "x" * 200,
    ],
)
def test_bad_input_gives_none(phrase: str) -> None:
    assert resolve_date(phrase, ANCHOR) is None


def test_anchor_may_be_a_datetime() -> None:
    assert resolve_date("yesterday", datetime(2021, 7, 27, 10, 31)).value == "2021-07-26"


def test_weekday_on_the_anchor_day_is_the_anchor() -> None:
    assert resolve_date("Monday", MONDAY).value == "2021-07-26"
    assert resolve_date("last Monday", MONDAY).value == "2021-07-19"


def test_future_preference() -> None:
    assert resolve_date("Monday", ANCHOR, past=False).value == "2021-08-02"
    assert resolve_date("December 25", ANCHOR, past=False).value == "2021-12-25"
    assert resolve_date("this month", ANCHOR, past=False).end == "2021-07-31"


def test_dateparser_fallback_reads_odd_calendar_dates() -> None:
    assert resolve_date("Jul-17-2021", ANCHOR).value == "2021-07-17"
    assert resolve_date("July the 17th", ANCHOR).value == "2021-07-17"


def test_resolving_is_fast() -> None:
    import time

    phrases = ["Monday", "last week", "17 July 2021", "since early May", "in 2005",
               "three weeks ago", "recent weeks", "mid-April", "48 hours", "1,000"]
    start = time.perf_counter()
    for n in range(200):                      # distinct anchors defeat the cache
        anchor = date(2020, 1, 1).fromordinal(ANCHOR.toordinal() - n)
        for phrase in phrases:
            resolve_date(phrase, anchor)
    assert time.perf_counter() - start < 2.0  # 2,000 uncached phrases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KABUL, July 9 (Reuters) - Gunmen killed five people.", None),
        ("KABUL, July 9, 2021 (Reuters) - Gunmen killed five people.", date(2021, 7, 9)),
        ("Title\nBy Jane Doe\nPublished: 27 July 2021\nUpdated: 28 July 2021\nText", date(2021, 7, 27)),
        ("Title\nUpdated: 28 July 2021\nPublished: 27 July 2021\nText", date(2021, 7, 27)),
        ("Title\nUpdated 2021-07-27 10:31 GMT\nBody text here.", date(2021, 7, 27)),
        ("Title\nJuly 27, 2021\nBody", date(2021, 7, 27)),
        ("Headline\nTue 27 Jul 2021 10.31 BST\nBody", date(2021, 7, 27)),
        ("Posted on July 27, 2021 by admin\nBody", date(2021, 7, 27)),
        ("Tuesday, July 27, 2021 10:31 AM ET\nbody", date(2021, 7, 27)),
        ("Last Updated: 27/07/2021\nbody", date(2021, 7, 27)),
        ("On 9 May 2020, unidentified gunmen killed 3 civilians in Kidal (Mali), and looted shops.", None),
        ("LONDON (Reuters) - text", None),
        ("", None),
        ("x\n" * 30 + "Published: 27 July 2021", None),
    ],
)
def test_find_anchor(text: str, expected: date | None) -> None:
    found = find_anchor(text)
    if expected is None:
        assert found is None
    else:
        assert found == (expected, "dateline")


def test_dateparser_is_imported_lazily() -> None:
    import subprocess
    import sys

    code = ("import sys, datetime; from geoevent.extraction.dates import resolve_date; "
            "resolve_date('17 July 2021', datetime.date(2021, 7, 27)); "
            "print('dateparser' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
