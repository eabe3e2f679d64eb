"""dates_calendar.py holds what the date resolver stands on: the date vocabulary of
``rules/dates_words.tsv``, phrase normalising and calendar arithmetic over periods (``_Span``)."""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from geoevent.rules import RuleError, chain_files, numbered_tsv

# A year-less "July 30" in an article of 27 July is this year's (a schedule, or a dateline
# in another time zone), not last year's.
FUTURE_SLACK_DAYS = 7
# Years further ahead of the anchor than this are not event dates ("in 2090").
MAX_YEARS_AHEAD = 10
MIN_YEAR = 1800
MAX_YEAR_NO_ANCHOR = 2100

_KINDS = {"month", "weekday", "number", "part", "season", "vague"}
_PARTS = {"early", "mid", "late"}


@dataclass(frozen=True, eq=False)
class DateWords:
    """The date vocabulary of ``rules/dates_words.tsv`` (and users' files of that format)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    parts: dict[str, str]
    seasons: dict[str, tuple[int, int]]
    vague: frozenset[str]


def load_date_words(extra: Iterable[Any] = ()) -> DateWords:
    """Return the date vocabulary of ``rules/dates_words.tsv`` extended by users' files of that
    format, validated (RuleError naming the file and line)."""
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    numbers: dict[str, int] = {}
    parts: dict[str, str] = {}
    seasons: dict[str, tuple[int, int]] = {}
    vague: set[str] = set()
    for path in chain_files("dates_words.tsv", extra):
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
                raise RuleError(f"{path}:{number}: {word!r}: {exc}") from None
    return DateWords(months, weekdays, numbers, parts, seasons, frozenset(vague))


def _words() -> DateWords:
    """The built-in date vocabulary (the built-in RuleSet's), for callers given none."""
    from ..rules.ruleset import builtin_rules

    return builtin_rules().date_words


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


