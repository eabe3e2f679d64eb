"""dates_relative.py resolves phrases relative to the anchor: "two days ago", "last week",
"earlier this month", "Monday night", "late last year", "this summer"."""
from __future__ import annotations

import re
from datetime import date, timedelta

from .dates_calendar import (
    DateWords,
    _add_months,
    _clip,
    _month_end,
    _monday,
    _NeedsAnchor,
    _Span,
    _Vague,
    _year_ok,
)


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


def _number(word: str, words: DateWords) -> int | None:
    if word.isdigit():
        return int(word)
    return words.numbers.get(word)


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


def _relative(s: str, anchor: date | None, past: bool, words: DateWords) -> _Span | None:
    from .dates_resolve import _resolve_core   # "the night of [9 May]": the grammar resolves the inside

    """Return the span of a phrase relative to the anchor, or None if it is not one.

    Raises _NeedsAnchor when it is one and there is no anchor, _Vague when it is too vague.
    """

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
        day = _resolve_core(inner, anchor, past, words)
        if day is not None and day.end is None:
            return day                            # "later on Sunday" is that Sunday
        # "later this month" runs to the month's end even for past events
        span = _resolve_core(inner, anchor, past and match[1] == "earlier", words)
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
        count = _number(count_text.removeprefix("some "), words)
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
        month = _resolve_core(match[2], anchor, past, words)
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
            return _season(name, a, which, year_shift, past, words)

    # "summer 2020", "the spring of 2021"
    match = re.fullmatch(r"(\w+)\s+(?:of\s+)?(\d{4})", s)
    if match and match[1] in words.seasons and _year_ok(int(match[2]), anchor):
        year = int(match[2])
        first, last = words.seasons[match[1]]
        if first > last:                          # winter 2021: December 2020 to February 2021
            return _Span(date(year - 1, first, 1), _month_end(year, last), "month")
        return _Span(date(year, first, 1), _month_end(year, last), "month")
    return None


def _season(name: str, anchor: date, which: str | None, year_shift: int | None, past: bool,
            words: DateWords) -> _Span:
    """Return a season's months; "last summer" is the most recent one that has ended."""
    first, last = words.seasons[name]
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


