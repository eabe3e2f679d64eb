"""dates_resolve.py turns one date phrase ("last Monday", "mid-April", "9 May 2020") into a When.

Phrases are resolved against the anchor, the article's publication date. Our own rules cover
the way English news writes dates; dateparser is imported lazily and asked only about phrases
our rules do not resolve and that look like a calendar date (they name a month or have a
numeric date), because it turns durations ("48 hours") and names ("24/7") into dates.

Choices (see README, "Dates"):

* A period is given by its first day (``value``) and last day (``end``); ``end`` is None for a
  single day. Weeks run Monday to Sunday.
* With ``past=True`` (news reports what has happened) a period that contains the anchor ends
  at the anchor ("this month", "earlier this week", "since April").
* "early / mid / late" split a month into days 1-10, 11-20, 21-end and a year into Jan-Apr,
  May-Aug, Sep-Dec; the precision stays month or year.
* "last night" is the day before the anchor; "overnight" is the night before the anchor:
  value the day before, end the anchor day.
* A weekday is the most recent such day on or before the anchor ("Monday" on a Monday is the
  anchor day); "last Monday" is strictly before the anchor.
* A day and month without a year take the anchor's year unless that puts them more than
  :data:`FUTURE_SLACK_DAYS` after the anchor, in which case the year before.
* Relative phrases without an anchor keep their text and get no value, never today's date.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from geoevent.model import When
from geoevent.rules import RuleError, builtin_path, numbered_tsv

__all__ = ["resolve_date", "FUTURE_SLACK_DAYS", "parse_full_date", "FULL_DATE_RE"]

# A year-less "July 30" in an article of 27 July is this year's (a schedule, or a dateline
# in another time zone), not last year's.
FUTURE_SLACK_DAYS = 7
# Years further ahead of the anchor than this are not event dates ("in 2090").
MAX_YEARS_AHEAD = 10
MIN_YEAR = 1800
MAX_YEAR_NO_ANCHOR = 2100

_KINDS = {"month", "weekday", "number", "part", "season", "vague"}
_PARTS = {"early", "mid", "late"}


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    parts: dict[str, str]
    seasons: dict[str, tuple[int, int]]
    vague: frozenset[str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    """Return the date vocabulary of ``rules/dates_words.tsv``, validated."""
    path = builtin_path("dates_words.tsv")
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    numbers: dict[str, int] = {}
    parts: dict[str, str] = {}
    seasons: dict[str, tuple[int, int]] = {}
    vague: set[str] = set()
    for number, (word, kind, value, *_) in numbered_tsv(path, 3):
        word = word.lower()
        try:
            if kind not in _KINDS:
                raise ValueError(f'unknown kind "{kind}"')
            if kind == "month":
                months[word] = _bounded(value, 1, 12)
            elif kind == "weekday":
                weekdays[word] = _bounded(value, 0, 6)
            elif kind == "number":
                numbers[word] = _bounded(value, 1, 1000)
            elif kind == "part":
                if value not in _PARTS:
                    raise ValueError(f'part must be one of {sorted(_PARTS)}, not "{value}"')
                parts[word] = value
            elif kind == "season":
                first, _, last = value.partition("-")
                seasons[word] = (_bounded(first, 1, 12), _bounded(last, 1, 12))
            else:
                vague.add(_strip_fillers(word))
        except ValueError as exc:
            raise RuleError(f"{path}: entry {number} ({word!r}): {exc}") from None
    return _Words(months, weekdays, numbers, parts, seasons, frozenset(vague))


def _bounded(value: str, low: int, high: int) -> int:
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{value} is not in {low}..{high}")
    return number


# --------------------------------------------------------------------------- normalising

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2019": "'", "\u00a0": " "})
_ISO_TIME = re.compile(r"\b(\d{4}-\d{2}-\d{2})t\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?")
_TIME = re.compile(
    r"(?:\b(?:at|around|about|from|shortly after|shortly before|just after|just before|after|before)\s+)?"
    r"(?:\b\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s*[ap]\.?\s?m\b\.?"
    r"|\b(?:noon|midday|midnight|dawn|dusk|daybreak|nightfall)\b)"
    r"(?:\s+(?:gmt|utc|local time|[ecmp][sd]?t|bst|cet|cest|ist|pkt|eat|wat|cat|ast)\b)?"
)
_FILLERS = (
    "on", "in", "at", "during", "around", "about", "circa", "approximately", "sometime",
    "over", "the", "of", "as of", "as early as", "some time in", "in the course of", "for",
    "or about", "or around", "reportedly", "as reported",
)
_FILLER_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(f) for f in sorted(_FILLERS, key=len, reverse=True)) + r")\s+)+"
)
_TIME_OF_DAY_OF = re.compile(
    r"^(?:(?:early|late|small)\s+)?(?:morning|afternoon|evening|night|hours|early hours|small hours)\s+of\s+"
)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")


def _strip_fillers(s: str) -> str:
    """Return ``s`` without leading prepositions and articles ("on the" ...)."""
    return _FILLER_RE.sub("", s)


def _normalise(text: str) -> str:
    """Return the phrase lower-cased, times removed, punctuation and ordinals dropped."""
    s = text.translate(_DASHES).lower().strip()
    s = _ISO_TIME.sub(r"\1", s)
    s = _TIME.sub(" ", s)
    s = re.sub(r"\([^()\d]*\)", " ", s)           # "(as reported)", "(month of reporting)"
    s = re.sub(r"[(),;:\"!?\[\]]", " ", s)
    s = re.sub(r"(?<=[a-z])\.", "", s)          # "Sept." "Jan." "a.m."
    s = re.sub(r"\.(?=\s|$)", " ", s)           # a sentence's final stop
    s = re.sub(r"^(?:on )?the (\d{1,2})(?:st|nd|rd|th)$", r"day-of-month \1", s)
    s = _ORDINAL.sub("", s)
    s = re.sub(r"\bmid-\s*", "mid ", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = " ".join(s.split())
    s = s.replace("'s", "")                    # "last year's"
    s = s.replace("this past ", "last ")
    return s


# --------------------------------------------------------------------------- calendar helpers


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class _Span:
    """A resolved phrase: the first day, the last day (None for one day) and the precision."""

    value: date
    end: date | None
    precision: str

    @property
    def last(self) -> date:
        return self.end or self.value


class _Vague(Exception):
    """The phrase is about time but names no date we can trust."""


class _NeedsAnchor(Exception):
    """The phrase is a date relative to the publication date and there is none."""


def _year_ok(year: int, anchor: date | None) -> bool:
    if year < MIN_YEAR:
        return False
    if anchor is None:
        return year <= MAX_YEAR_NO_ANCHOR
    return year <= anchor.year + MAX_YEARS_AHEAD


def _clip(span: _Span, anchor: date | None, past: bool) -> _Span:
    """Return ``span`` ending at the anchor when it contains it and events are in the past."""
    if past and anchor is not None and span.end is not None and span.value <= anchor < span.end:
        return _Span(span.value, anchor, span.precision)
    return span


# --------------------------------------------------------------------------- absolute dates


@dataclass(frozen=True)
class _Partial:
    """A calendar date with the parts the text gave (a year-less "17 July" has year None)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"\d{1,2}")
_DECADE = re.compile(r"(\d{3}0)s")


def _as_day(token: str) -> int | None:
    if _DAY.fullmatch(token):
        number = int(token)
        if 1 <= number <= 31:
            return number
    return None


def _as_year(token: str) -> int | None:
    if _YEAR.fullmatch(token):
        return int(token)
    return None


def _parse_partial(s: str, anchor: date | None) -> _Partial | None:
    """Return the calendar parts of an absolute date phrase, or None if it is not one."""
    words = _words()
    match = _ISO_DATE.fullmatch(s)
    if match:
        return _Partial(int(match[1]), int(match[2]), int(match[3]))
    match = _NUMERIC_DATE.fullmatch(s)
    if match:
        return _numeric(int(match[1]), int(match[3]), _full_year(match[4], anchor), anchor)
    tokens = [t for t in s.split() if t != "of"]
    if len(tokens) > 1 and tokens[0] in words.weekdays:
        tokens = tokens[1:]                      # "Tuesday 27 July": the date decides
    if not tokens or len(tokens) > 3:
        return None
    month_at = [i for i, t in enumerate(tokens) if t in words.months]
    if len(month_at) > 1:
        return None
    if not month_at:
        if len(tokens) == 1 and (year := _as_year(tokens[0])) is not None:
            return _Partial(year)
        return None
    i = month_at[0]
    month = words.months[tokens[i]]
    rest = tokens[:i] + ["|"] + tokens[i + 1:]
    if rest == ["|"]:
        return _Partial(None, month)
    # day month [year] | month day [year] | month year | year month day
    if len(rest) == 2:
        other = rest[0] if rest[1] == "|" else rest[1]
        if (year := _as_year(other)) is not None and rest[0] == "|":
            return _Partial(year, month)
        day = _as_day(other)
        return _Partial(None, month, day) if day is not None else None
    if len(rest) == 3:
        if rest[1] == "|":                       # 17 July 2021
            day, year = _as_day(rest[0]), _as_year(rest[2])
        elif rest[0] == "|":                     # July 17 2021
            day, year = _as_day(rest[1]), _as_year(rest[2])
        else:                                    # 2021 July 17
            day, year = _as_day(rest[2]), _as_year(rest[0])
        if day is None or year is None:
            return None
        return _Partial(year, month, day)
    return None


def _full_year(text: str, anchor: date | None) -> int:
    """Return a four-digit year; "21" is 2021 unless that is after the anchor's year."""
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text)
    limit = (anchor.year if anchor is not None else 2030) + 1
    return year if year <= limit else year - 100


def _numeric(a: int, b: int, year: int, anchor: date | None) -> _Partial | None:
    """Return the date of "a/b/yyyy": day first unless only month first is possible.

    When both readings are valid and differ, only the year is certain, unless one of them
    lies after the anchor.
    """
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    readings = sorted(set(readings))
    if anchor is not None and len(readings) > 1:
        readings = [d for d in readings if d <= anchor + timedelta(days=FUTURE_SLACK_DAYS)] or readings
    if len(readings) == 1:
        d = readings[0]
        return _Partial(d.year, d.month, d.day)
    if readings:
        return _Partial(year)
    return None


def _resolve_partial(p: _Partial, anchor: date | None, past: bool) -> _Span | None:
    """Return the span of calendar parts, taking a missing year from the anchor."""
    if p.month is None:
        if p.year is None or p.day is not None or not _year_ok(p.year, anchor):
            return None
        return _Span(date(p.year, 1, 1), date(p.year, 12, 31), "year")
    year = p.year
    if year is None:
        if anchor is None:
            raise _NeedsAnchor
        year = _year_for(p.month, p.day, anchor, past)
        if year is None:
            return None
    if not _year_ok(year, anchor):
        return None
    if p.day is None:
        return _Span(date(year, p.month, 1), _month_end(year, p.month), "month")
    try:
        return _Span(date(year, p.month, p.day), None, "day")
    except ValueError:
        return None


def _year_for(month: int, day: int | None, anchor: date, past: bool) -> int | None:
    """Return the year that puts a year-less month (and day) next to the anchor."""
    if day is None:
        if past:
            return anchor.year if month <= anchor.month else anchor.year - 1
        return anchor.year if month >= anchor.month else anchor.year + 1
    for offset in range(0, 9):                   # 29 February needs a leap year
        year = anchor.year - offset if past else anchor.year + offset
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if past and candidate > anchor + timedelta(days=FUTURE_SLACK_DAYS if offset == 0 else 0):
            continue
        if not past and candidate < anchor:
            continue
        return year
    return None


# --------------------------------------------------------------------------- relative dates

_DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "later today": 0, "early today": 0,
    "yesterday": -1, "yesterday morning": -1, "yesterday afternoon": -1, "yesterday evening": -1,
    "last night": -1, "late last night": -1, "early yesterday": -1, "late yesterday": -1,
    "last evening": -1, "the night before last": -2, "day before yesterday": -2,
    "tomorrow": 1, "tomorrow morning": 1, "tomorrow night": 1,
}
_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "fortnight": "fortnight",
          "fortnights": "fortnight", "month": "month", "months": "month", "year": "year",
          "years": "year", "decade": "decade", "decades": "decade"}
_TIME_UNITS = {"hour", "hours", "minute", "minutes", "second", "seconds", "night", "nights"}
_FEW = ("a few", "few", "several", "some", "a couple of", "couple of", "a couple", "many", "a number of")
# "early in the month" is "early this month"
_THE_PERIOD = {"the week": "this week", "week": "this week", "the month": "this month",
               "month": "this month", "the year": "this year", "year": "this year"}
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _words().numbers.get(word)


def _weekday_on_or_before(anchor: date, weekday: int, past: bool) -> date:
    if past:
        return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)
    return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)


def _period(unit: str, anchor: date, shift: int) -> _Span:
    """Return the week, month or year ``shift`` periods away from the one holding the anchor."""
    if unit == "week":
        monday = _monday(anchor) + timedelta(weeks=shift)
        return _Span(monday, monday + timedelta(days=6), "week")
    if unit == "month":
        year, month = _add_months(anchor.year, anchor.month, shift)
        return _Span(date(year, month, 1), _month_end(year, month), "month")
    year = anchor.year + shift
    return _Span(date(year, 1, 1), date(year, 12, 31), "year")


def _weekend(anchor: date, shift: int, past: bool) -> _Span:
    saturday = _weekday_on_or_before(anchor, 5, past)
    if past and anchor.weekday() == 6:
        saturday = anchor - timedelta(days=1)
    saturday += timedelta(weeks=shift)
    return _Span(saturday, saturday + timedelta(days=1), "day")


def _apply_part(part: str, span: _Span, anchor: date | None, past: bool) -> _Span | None:
    """Return the early / mid / late part of a month, year or week."""
    if span.precision == "day" and span.end is None:
        return span                               # "late Monday" is Monday
    # a whole month, or one clipped at the anchor ("late this month")
    same_month = (span.last.year, span.last.month) == (span.value.year, span.value.month)
    if span.precision == "month" and span.value.day == 1 and same_month:
        first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}[part]
        month_end = _month_end(span.value.year, span.value.month).day
        value = span.value.replace(day=first)
        end = span.value.replace(day=min(last, month_end))
        return _clip(_Span(value, end, "month"), anchor, past)
    if span.precision == "year":
        year = span.value.year
        first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        return _clip(_Span(date(year, first, 1), _month_end(year, last), "year"), anchor, past)
    if span.precision == "week":
        first, last = {"early": (0, 2), "mid": (1, 3), "late": (3, 6)}[part]
        monday = span.value
        week = _Span(monday + timedelta(days=first), monday + timedelta(days=last), "week")
        return _clip(week, anchor, past)
    return None


_NAMED_PERIOD = re.compile(r"(last|this|next|past|previous|the|coming)\s+(week|month|year|weekend)")


#: Periods that end on the publication date: (length in days, precision).
_TRAILING_PERIODS = {
    "the past week": (7, "week"), "past week": (7, "week"), "the last week": (7, "week"),
    "the past seven days": (7, "week"), "the last seven days": (7, "week"),
    "the past 24 hours": (2, "day"), "the last 24 hours": (2, "day"), "the previous 24 hours": (2, "day"),
    "the past 48 hours": (3, "day"), "the last 48 hours": (3, "day"),
    "the past month": (30, "month"), "the last month": (30, "month"),
}


def _relative(s: str, anchor: date | None, past: bool) -> _Span | None:
    """Return the span of a phrase relative to the anchor, or None if it is not one.

    Raises _NeedsAnchor when it is one and there is no anchor, _Vague when it is too vague.
    """
    words = _words()

    def need() -> date:
        if anchor is None:
            raise _NeedsAnchor
        return anchor

    if s in _DAY_WORDS:
        a = need()
        return _Span(a + timedelta(days=_DAY_WORDS[s]), None, "day")
    if s in _TRAILING_PERIODS:
        # "over the past week", "in the last 24 hours": the period that ends on the anchor
        a = need()
        days, precision = _TRAILING_PERIODS[s]
        return _Span(a - timedelta(days=days - 1), a, precision)
    if s in ("overnight", "last overnight", "overnight last night"):
        a = need()
        return _Span(a - timedelta(days=1), a, "day")

    # weekdays: "Monday", "last Monday", "Monday night", "overnight Monday", "Monday last week"
    match = re.fullmatch(r"(?:(last|this|past|next|overnight|early|late)\s+)?(\w+)" + _DAYPART
                         + r"(?:\s+(last|this|next) week)?", s)
    if match and match[2] in words.weekdays:
        a = need()
        weekday = words.weekdays[match[2]]
        if match[3]:
            shift = {"last": -1, "this": 0, "next": 1}[match[3]]
            return _Span(_monday(a) + timedelta(weeks=shift, days=weekday), None, "day")
        if match[1] == "next":
            return _Span(a + timedelta(days=(weekday - a.weekday()) % 7 or 7), None, "day")
        day = _weekday_on_or_before(a, weekday, past)
        if match[1] in ("last", "past") and day == a:
            day -= timedelta(days=7)
        return _Span(day, None, "day")

    # "last week", "this month", "next year", "the weekend", "last weekend"
    match = _NAMED_PERIOD.fullmatch(s)
    if match or s == "weekend":
        which, unit = (match[1], match[2]) if match else ("the", "weekend")
        if which in ("past", "previous", "coming") and unit != "weekend":
            raise _Vague
        a = need()
        if which == "the" and unit != "weekend":
            return None                           # "the week" names no week
        shift = {"last": -1, "past": -1 if unit != "weekend" else 0, "previous": -1, "this": 0,
                 "the": 0, "next": 1, "coming": 1}[which]
        if unit == "weekend":
            if which == "last" and a.weekday() < 5:
                shift = 0                        # "last weekend" on a Tuesday: the one just gone
            if which in ("next", "coming"):
                return _weekend(a, 1 if a.weekday() >= 5 else 0, past=False) if shift else None
            return _weekend(a, shift, past)
        span = _period(unit, a, shift)
        return _clip(span, anchor, past) if shift == 0 else span

    # "earlier this month", "later this year", "earlier in July", "earlier in the week"
    match = re.fullmatch(r"(earlier|later)\s+(?:in\s+)?(.+)", s)
    if match:
        inner = match[2]
        inner = _THE_PERIOD.get(inner, inner)
        day = _resolve_core(inner, anchor, past)
        if day is not None and day.end is None:
            return day                            # "later on Sunday" is that Sunday
        # "later this month" runs to the month's end even for past events
        span = _resolve_core(inner, anchor, past and match[1] == "earlier")
        if span is None:
            return None
        a = need()
        if match[1] == "earlier":
            if span.value > a:
                return None
            return _Span(span.value, min(span.last, a), span.precision)
        if span.value <= a <= span.last:
            return _Span(a, span.last, span.precision)
        return span

    # "two days ago", "three weeks ago", "a year ago"
    match = re.fullmatch(r"(.+?)\s+(\w+)\s+(ago|earlier|before|later|after|back)", s)
    if match:
        count_text, unit_word, direction = match[1], match[2], match[3]
        if unit_word in _TIME_UNITS or count_text in _FEW or unit_word not in _UNITS:
            if unit_word in _UNITS or unit_word in _TIME_UNITS:
                raise _Vague
            return None
        count = _number(count_text.removeprefix("some "))
        if count is None:
            return None                           # "two protesters, a week after"
        if direction != "ago" and direction != "back":
            raise _Vague                          # "three days later": later than what?
        a = need()
        unit = _UNITS[unit_word]
        if unit == "day":
            return _Span(a - timedelta(days=count), None, "day")
        if unit in ("week", "fortnight"):
            day = a - timedelta(weeks=count * (2 if unit == "fortnight" else 1))
            return _Span(_monday(day), _monday(day) + timedelta(days=6), "week")
        if unit == "month":
            return _period("month", a, -count)
        if unit == "year":
            return _period("year", a, -count)
        raise _Vague                              # "two decades ago"

    # "the first week of July", "the last week of May 2021"
    match = re.fullmatch(r"(first|second|third|fourth|last|final) week of (.+)", s)
    if match:
        month = _resolve_core(match[2], anchor, past)
        if month is None or month.precision != "month" or month.value.day != 1:
            return None
        month_end = _month_end(month.value.year, month.value.month)
        if match[1] in ("last", "final"):
            return _clip(_Span(month_end - timedelta(days=6), month_end, "week"), anchor, past)
        first = month.value + timedelta(weeks=("first", "second", "third", "fourth").index(match[1]))
        return _clip(_Span(first, first + timedelta(days=6), "week"), anchor, past)

    # "last May", "this May", "May last year", "spring 2020", "last summer"
    match = (re.fullmatch(r"(last|this|next)\s+(\w+)", s)
             or re.fullmatch(r"(\w+)\s+(last|this|next)\s+year", s))
    if match:
        if match[1] in ("last", "this", "next"):
            which, name = match[1], match[2]
            year_shift = None
        else:
            name, which = match[1], match[2]
            year_shift = {"last": -1, "this": 0, "next": 1}[which]
        if name in words.months:
            a = need()
            month = words.months[name]
            if year_shift is not None:
                year = a.year + year_shift
            elif which == "last":
                year = a.year if month < a.month else a.year - 1
            elif which == "next":
                year = a.year if month > a.month else a.year + 1
            else:
                year = a.year
            return _Span(date(year, month, 1), _month_end(year, month), "month")
        if name in words.seasons:
            a = need()
            return _season(name, a, which, year_shift, past)

    # "summer 2020", "the spring of 2021"
    match = re.fullmatch(r"(\w+)\s+(?:of\s+)?(\d{4})", s)
    if match and match[1] in words.seasons and _year_ok(int(match[2]), anchor):
        year = int(match[2])
        first, last = words.seasons[match[1]]
        if first > last:                          # winter 2021: December 2020 to February 2021
            return _Span(date(year - 1, first, 1), _month_end(year, last), "month")
        return _Span(date(year, first, 1), _month_end(year, last), "month")
    return None


def _season(name: str, anchor: date, which: str | None, year_shift: int | None, past: bool) -> _Span:
    """Return a season's months; "last summer" is the most recent one that has ended."""
    first, last = _words().seasons[name]
    wraps = first > last

    def span_for(year: int) -> _Span:            # the season that starts in ``year``
        end_year = year + 1 if wraps else year
        return _Span(date(year, first, 1), _month_end(end_year, last), "month")

    if year_shift is not None:
        return span_for(anchor.year + year_shift - (1 if wraps else 0))
    current = span_for(anchor.year if not wraps or anchor.month >= first else anchor.year - 1)
    if which == "last":
        while current.last >= anchor:
            current = span_for(current.value.year - 1)
        return current
    if which == "next":
        while current.value <= anchor:
            current = span_for(current.value.year + 1)
        return current
    return _clip(current, anchor, past)


# --------------------------------------------------------------------------- the grammar

_DURATION = re.compile(
    r"(?:(?:for|nearly|almost|more than|less than|over|up to|some|about|around|at least|just)\s+)*"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few|several|"
    r"a couple of|couple of|many|\w+teen|twenty|thirty|forty|fifty|hundred|hundreds of|dozens of|a dozen)"
    r"(?:[- ](?:hour|day|night|week|month|year|decade|minute)s?)(?:[- ](?:long|old))?"
)
_WITHIN_PAST = re.compile(
    r"(?:past|last|previous|next|coming|first|following|recent)\s+(?:\S+\s+){1,2}"
    r"(?:hours?|days?|nights?|weeks?|months?|years?|decades?)"
)
_RANGE_SPLIT = re.compile(r"\s*(?:\bthrough\b|\bthru\b|\buntil\b|\btill\b|\bto\b|-|\band\b)\s*")


def _resolve_core(s: str, anchor: date | None, past: bool) -> _Span | None:
    """Return the span of a normalised phrase (fillers are stripped here)."""
    words = _words()
    s = _strip_fillers(s)
    while True:
        stripped = _strip_fillers(_TIME_OF_DAY_OF.sub("", s))
        if stripped == s:
            break
        s = stripped
    if not s:
        return None
    if s in words.vague or re.fullmatch(r"(?:recent|past few|last few|coming|next few)\s+\w+", s):
        raise _Vague
    if s.startswith(("before ", "after ", "until ", "till ", "by ", "within ", "from now")):
        return None                               # a bound, not a date

    # "since April": from April to the anchor
    if s.startswith("since "):
        inner = _resolve_core(s[6:], anchor, past)
        if inner is None:
            return None
        if anchor is None:
            return _Span(inner.value, None, inner.precision)
        if inner.value > anchor:
            return None
        return _Span(inner.value, anchor, inner.precision)

    if _DURATION.fullmatch(s):
        return None
    if _WITHIN_PAST.fullmatch(s):
        raise _Vague                              # "the past three days", "recent weeks"

    decade = _DECADE.fullmatch(s)
    if decade:
        year = int(decade[1])
        if not _year_ok(year, anchor):
            return None
        return _Span(date(year, 1, 1), date(year + 9, 12, 31), "year")

    # early / mid / late + a month, a year or a named period
    for part_word in sorted(words.parts, key=len, reverse=True):
        if s.startswith(part_word + " ") or s.startswith(part_word + "-"):
            rest = s[len(part_word) + 1:]
            rest = _THE_PERIOD.get(rest, rest)
            inner = _resolve_core(rest, anchor, past)
            if inner is None:
                return None
            return _apply_part(words.parts[part_word], inner, anchor, past)

    relative = _relative(s, anchor, past)
    if relative is not None:
        return relative

    partial = _parse_partial(s, anchor)
    if partial is not None:
        return _resolve_partial(partial, anchor, past)

    if _ISO_DATE.match(s) is None and _NUMERIC_DATE.fullmatch(s) is None:
        ranged = _range(s, anchor, past)
        if ranged is not None:
            return ranged

    # "on the 17th": a day of the anchor's month (or the month before)
    match = re.fullmatch(r"day-of-month (\d{1,2})", s)
    if match and (day := _as_day(match[1])) is not None:
        a = anchor
        if a is None:
            raise _NeedsAnchor
        for back in range(0, 3):
            year, month = _add_months(a.year, a.month, -back)
            if day <= calendar.monthrange(year, month)[1] and date(year, month, day) <= a:
                return _Span(date(year, month, day), None, "day")
    return None


def _range(s: str, anchor: date | None, past: bool) -> _Span | None:
    """Return the span of "between 3 and 5 May", "9-10 May", "May 3 to 5", "2001-2011"."""
    between = s.startswith("between ")
    s = re.sub(r"^(?:between|from)\s+", "", s)
    pieces = _RANGE_SPLIT.split(s, maxsplit=1)
    if len(pieces) != 2 or not pieces[0] or not pieces[1]:
        return None
    # "9 and 10 May" is a range; "17 and 31 July" are two dates
    loose = not between and re.search(r"\band\b", s) is not None
    left_text, right_text = pieces
    right = _parse_partial(right_text, anchor)
    left = _parse_partial(left_text, anchor)
    words = _words()
    if right is None and left is not None and left.month and _as_day(right_text) is not None:
        right = _Partial(left.year, left.month, _as_day(right_text))      # "May 3 to 5 (2021)"
        tail = right_text.split()
        if len(tail) == 2 and _as_year(tail[1]) is not None:
            right = _Partial(_as_year(tail[1]), left.month, right.day)
    if right is None:
        return None
    if left is None:
        day = _as_day(left_text)
        if day is not None and right.day is not None:
            left = _Partial(right.year, right.month, day)                 # "3 and 5 May"
        elif left_text in words.months and right.month is not None:
            left = _Partial(right.year, words.months[left_text])        # "May to July 2021"
        else:
            return None
    if left.year is None and right.year is not None:
        if left.month is None:
            return None
        year = right.year - (1 if right.month is not None and left.month > right.month else 0)
        left = _Partial(year, left.month, left.day)
    if (left.day is None) != (right.day is None) or (left.month is None) != (right.month is None):
        return None
    end = _resolve_partial(right, anchor, past)
    if end is None:
        return None
    if left.year is None:
        year = end.value.year - (1 if left.month > end.value.month else 0)
        left = _Partial(year, left.month, left.day)
    start = _resolve_partial(left, anchor, past)
    if start is None or start.value > end.value:
        return None
    if loose and (start.precision != "day" or (end.value - start.value).days > 2):
        return None
    return _Span(start.value, end.last, start.precision)


# --------------------------------------------------------------------------- dateparser fallback

def _dateparser_span(s: str, anchor: date | None, past: bool) -> _Span | None:
    """Return dateparser's reading of a calendar-looking phrase that our rules missed."""
    words = _words()
    tokens = re.findall(r"[a-z]+|\d+", s)
    if not any(t in words.months for t in tokens):
        return None                               # numeric dates are ours alone (see _numeric)
    if any(t in _UNITS or t in _TIME_UNITS for t in tokens) or len(tokens) > 6:
        return None
    if anchor is None and not any(_as_year(t) for t in tokens):
        raise _NeedsAnchor
    base = datetime.combine(anchor, datetime.min.time()) if anchor is not None else None
    try:
        data = _parser_for(base, past).get_date_data(s)
    except Exception:                             # dateparser raises many kinds on odd input
        return None
    found, period = data.date_obj, data.period
    if found is None:
        return None
    day = found.date()
    # keep only what the text wrote: its month, its year (or, without one, the anchor's year)
    years = {y for t in tokens if (y := _as_year(t)) is not None}
    months = {words.months[t] for t in tokens if t in words.months}
    if not _year_ok(day.year, anchor) or day.month not in months:
        return None
    if years and day.year not in years:
        return None
    if not years and anchor is not None and not (
        anchor - timedelta(days=366) <= day <= anchor + timedelta(days=FUTURE_SLACK_DAYS)
    ):
        return None
    if period == "year":
        return _Span(date(day.year, 1, 1), date(day.year, 12, 31), "year")
    if period == "month":
        return _Span(day.replace(day=1), _month_end(day.year, day.month), "month")
    if period != "day":
        return None
    # a day only if the text wrote that day, so that no day is made up
    if str(day.day) not in tokens and f"{day.day:02d}" not in tokens:
        return _Span(day.replace(day=1), _month_end(day.year, day.month), "month")
    return _Span(day, None, "day")


@lru_cache(maxsize=64)
def _parser_for(base: datetime | None, past: bool) -> Any:
    """Return a dateparser parser for one anchor (imported here: dateparser is slow to import)."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past" if past else "future",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


# --------------------------------------------------------------------------- public


def resolve_date(text: str, anchor: date | None = None, *, past: bool = True) -> When | None:
    """Return the When of a date phrase resolved against ``anchor``, or None if it is no date.

    A phrase that is about time but too vague ("in recent weeks"), or relative with no anchor
    ("Monday"), gives a When with its text and no value. ``past`` says events lie on or
    before the anchor, which decides year-less dates and bare weekdays.
    """
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    return _resolve_cached(text, anchor, past, True)


@lru_cache(maxsize=65536)
def _resolve_cached(text: str, anchor: date | None, past: bool, fallback: bool) -> When | None:
    if not isinstance(text, str):
        return None
    clean = " ".join(text.split())
    if not clean or len(clean) > 80 or clean in ("may", "march"):
        return None                               # lower-case "may" is the verb
    s = _normalise(clean)
    if not s or not re.search(r"[a-z0-9]", s):
        return None
    try:
        span = _resolve_core(s, anchor, past)
        if span is None and fallback:
            span = _dateparser_span(_strip_fillers(s), anchor, past)
    except _Vague:
        return When(clean)
    except _NeedsAnchor:
        return When(clean)
    except (ValueError, OverflowError):
        return None
    if span is None:
        return None
    end = span.end.isoformat() if span.end is not None and span.end != span.value else None
    return When(clean, span.value.isoformat(), span.precision, end)


def resolve_date_fast(text: str, anchor: date | None = None, *, past: bool = True) -> When | None:
    """Return :func:`resolve_date` without the dateparser fallback (for scanning many n-grams)."""
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    return _resolve_cached(text, anchor, past, False)


# --------------------------------------------------------------------------- full dates


def _month_pattern() -> str:
    names = sorted(_words().months, key=len, reverse=True)
    return "|".join(names)


@lru_cache(maxsize=1)
def _full_date_re() -> re.Pattern[str]:
    month = _month_pattern()
    weekday = "|".join(sorted(_words().weekdays, key=len, reverse=True))
    return re.compile(
        rf"(?:\b(?:{weekday})\.?,?\s+)?"
        rf"(?:\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{month})\b\.?,?\s+(?P<y1>\d{{4}})\b"
        rf"|\b(?P<m2>{month})\b\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b"
        rf"|\b(?P<y3>\d{{4}})[-/.](?P<mo3>\d{{1,2}})[-/.](?P<d3>\d{{1,2}})(?!\d)"
        rf"|\b(?P<a4>\d{{1,2}})[/.-](?P<b4>\d{{1,2}})[/.-](?P<y4>\d{{4}})\b)",
        re.IGNORECASE,
    )


class _LazyPattern:
    """The full-date regex, compiled on first use (it is built from the rule file)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_full_date_re(), name)


FULL_DATE_RE = _LazyPattern()


def parse_full_date(match: re.Match[str], anchor: date | None = None) -> date | None:
    """Return the date of a :data:`FULL_DATE_RE` match (a day, a month and a year), or None."""
    months = _words().months
    g = match.groupdict()
    try:
        if g["y1"]:
            return date(int(g["y1"]), months[g["m1"].lower()], int(g["d1"]))
        if g["y2"]:
            return date(int(g["y2"]), months[g["m2"].lower()], int(g["d2"]))
        if g["y3"]:
            return date(int(g["y3"]), int(g["mo3"]), int(g["d3"]))
        partial = _numeric(int(g["a4"]), int(g["b4"]), int(g["y4"]), anchor)
    except (ValueError, KeyError):
        return None
    if partial is None or partial.day is None or partial.month is None or partial.year is None:
        return None
    return date(partial.year, partial.month, partial.day)
