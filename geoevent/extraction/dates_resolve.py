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

from .dates_calendar import (  # noqa: F401  (FUTURE_SLACK_DAYS is part of this module's API)
    _TIME_OF_DAY_OF,
    FUTURE_SLACK_DAYS,
    DateWords,
    _add_months,
    _month_end,
    _NeedsAnchor,
    _normalise,
    _Span,
    _strip_fillers,
    _Vague,
    _words,
    _year_ok,
)
from .dates_relative import _THE_PERIOD, _TIME_UNITS, _UNITS, _apply_part, _relative

__all__ = ["resolve_date", "FUTURE_SLACK_DAYS", "parse_full_date", "FULL_DATE_RE", "DateWords"]

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


def _parse_partial(s: str, anchor: date | None, words: DateWords) -> _Partial | None:
    """Return the calendar parts of an absolute date phrase, or None if it is not one."""
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


def _resolve_core(s: str, anchor: date | None, past: bool, words: DateWords) -> _Span | None:
    """Return the span of a normalised phrase (fillers are stripped here)."""
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
        inner = _resolve_core(s[6:], anchor, past, words)
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
            inner = _resolve_core(rest, anchor, past, words)
            if inner is None:
                return None
            return _apply_part(words.parts[part_word], inner, anchor, past)

    relative = _relative(s, anchor, past, words)
    if relative is not None:
        return relative

    partial = _parse_partial(s, anchor, words)
    if partial is not None:
        return _resolve_partial(partial, anchor, past)

    if _ISO_DATE.match(s) is None and _NUMERIC_DATE.fullmatch(s) is None:
        ranged = _range(s, anchor, past, words)
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


def _range(s: str, anchor: date | None, past: bool, words: DateWords) -> _Span | None:
    """Return the span of "between 3 and 5 May", "9-10 May", "May 3 to 5", "2001-2011"."""
    between = s.startswith("between ")
    s = re.sub(r"^(?:between|from)\s+", "", s)
    pieces = _RANGE_SPLIT.split(s, maxsplit=1)
    if len(pieces) != 2 or not pieces[0] or not pieces[1]:
        return None
    # "9 and 10 May" is a range; "17 and 31 July" are two dates
    loose = not between and re.search(r"\band\b", s) is not None
    left_text, right_text = pieces
    right = _parse_partial(right_text, anchor, words)
    left = _parse_partial(left_text, anchor, words)
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

def _dateparser_span(s: str, anchor: date | None, past: bool, words: DateWords) -> _Span | None:
    """Return dateparser's reading of a calendar-looking phrase that our rules missed."""
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


def resolve_date(text: str, anchor: date | None = None, *, past: bool = True,
                 words: DateWords | None = None) -> When | None:
    """Return the When of a date phrase resolved against ``anchor``, or None if it is no date.

    A phrase that is about time but too vague ("in recent weeks"), or relative with no anchor
    ("Monday"), gives a When with its text and no value. ``past`` says events lie on or
    before the anchor, which decides year-less dates and bare weekdays.
    """
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    return _resolve_cached(text, anchor, past, True, words or _words())


@lru_cache(maxsize=65536)
def _resolve_cached(text: str, anchor: date | None, past: bool, fallback: bool, words: DateWords) -> When | None:
    if not isinstance(text, str):
        return None
    clean = " ".join(text.split())
    if not clean or len(clean) > 80 or clean in ("may", "march"):
        return None                               # lower-case "may" is the verb
    s = _normalise(clean)
    if not s or not re.search(r"[a-z0-9]", s):
        return None
    try:
        span = _resolve_core(s, anchor, past, words)
        if span is None and fallback:
            span = _dateparser_span(_strip_fillers(s), anchor, past, words)
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


def resolve_date_fast(text: str, anchor: date | None = None, *, past: bool = True,
                      words: DateWords | None = None) -> When | None:
    """Return :func:`resolve_date` without the dateparser fallback (for scanning many n-grams)."""
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    return _resolve_cached(text, anchor, past, False, words or _words())


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
