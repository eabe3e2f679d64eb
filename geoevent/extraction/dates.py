"""dates.py finds the publication date of an article and the date of each event in it.

* :func:`find_anchor` reads the dateline or "Published:" line near the top of the text.
* :func:`resolve_date` (from :mod:`geoevent.extraction.dates_resolve`) turns one phrase into a When.
* :func:`date_mentions` finds and resolves every date phrase of a parsed Doc.
* :func:`date_for_trigger` picks the date phrase that belongs to an event's trigger.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from geoevent.extraction.dates_resolve import (
    FULL_DATE_RE,
    DateWords,
    parse_full_date,
    resolve_date,
    resolve_date_fast,
)
from geoevent.model import When
from geoevent.pipeline import opening_dateline

__all__ = [
    "ANCHOR_SOURCE",
    "DateMention",
    "date_for_trigger",
    "date_mentions",
    "find_anchor",
    "resolve_date",
]

ANCHOR_SOURCE = "dateline"
ANCHOR_MAX_LINES = 15
ANCHOR_MAX_CHARS = 1500

# --------------------------------------------------------------------------- the anchor

_LABEL = re.compile(
    r"^\W*(?P<label>(?:first\s+|originally\s+)?published|posted|(?:last\s+)?updated|(?:last\s+)?modified|"
    r"date(?:\s+published)?|dated|released)\b(?:\s+(?:on|at))?\s*[:\-|]?\s*",
    re.IGNORECASE,
)
_SPACED_DASHES = (" -", " —", " –")
_TIME_TAIL = re.compile(
    r"\b\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?|"
    r"\b(?:gmt|utc|[ecmp][sd]?t|bst|cet|cest|ist|pkt|am|pm)\b",
    re.IGNORECASE,
)
_WEEKDAY_WORD = re.compile(
    r"\b(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:day|nesday|urday)?\b\.?", re.IGNORECASE
)


def find_anchor(text: str) -> tuple[date, str] | None:
    """Return the publication date of an article and its source (``"dateline"``), or None.

    Only the first :data:`ANCHOR_MAX_LINES` lines (and :data:`ANCHOR_MAX_CHARS` characters) are
    read. A "Published:" or "Posted on" line wins over a dateline or a line holding just a date,
    which win over an "Updated" line. A date needs a day, a month and a year: "KABUL, July 9
    (Reuters)" gives none.
    """
    if not text:
        return None
    head = text[:ANCHOR_MAX_CHARS]
    best: tuple[int, int, date] | None = None
    for number, line in enumerate(head.splitlines()[:ANCHOR_MAX_LINES]):
        found = _line_anchor(line.strip())
        if found is None:
            continue
        rank, day = found
        if best is None or (rank, number) < best[:2]:
            best = (rank, number, day)
    if best is None:
        return None
    return best[2], ANCHOR_SOURCE


def _line_anchor(line: str) -> tuple[int, date] | None:
    """Return (rank, date) for a line that dates the article; lower ranks are better."""
    if not line or len(line) > 300:
        return None
    label = _LABEL.match(line)
    if label:
        day = _first_full_date(line[label.end():label.end() + 80])
        if day is not None:
            kind = label["label"].lower()
            return (2 if ("updated" in kind or "modified" in kind) else 0), day
        return None
    # "KABUL, July 9, 2021 (Reuters) -": a dateline (pipeline.py's one detector) holding a date
    # (the detector needs a free-standing dash or a colon; a date needs digits)
    if line[0].isupper() and any(ch.isdigit() for ch in line) and (":" in line or any(
            dash in line for dash in _SPACED_DASHES)):
        dateline = opening_dateline(line)
        day = _first_full_date(dateline) if dateline else None
        if day is not None:
            return 1, day
    if len(line) <= 80:
        match = FULL_DATE_RE.search(line)
        if match:
            rest = line[:match.start()] + " " + line[match.end():]
            rest = _WEEKDAY_WORD.sub(" ", _TIME_TAIL.sub(" ", rest))
            words = re.findall(r"[A-Za-z]{2,}", rest)
            if len(words) <= 3:
                day = parse_full_date(match)
                if day is not None:
                    return 1, day
    return None


def _first_full_date(text: str) -> date | None:
    for match in FULL_DATE_RE.finditer(text):
        day = parse_full_date(match)
        if day is not None and 1900 <= day.year <= 2100:
            return day
    return None


# --------------------------------------------------------------------------- mentions in a Doc


@dataclass(frozen=True)
class DateMention:
    """A date phrase of a Doc: tokens ``start``..``end`` (exclusive) and its resolved When."""

    start: int
    end: int
    when: When

    @property
    def text(self) -> str:
        return self.when.text


_ENT_LABELS = ("DATE", "TIME")
# words that may open a date phrase the small model does not tag ("since early May")
_STARTERS = frozenset(
    "since between from on in at early mid late earlier later last this next over during "
    "yesterday today tonight overnight the past recent end beginning start middle".split()
)
_STRONG = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|overnight|"
    r"week|weekend|month|year|ago|night|\d{4}|\d{1,2}(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)
# _STRONG without word boundaries: a cheap test that never misses a window _STRONG would match
_LOOSE = re.compile(_STRONG.pattern.replace(r"\b", ""), re.IGNORECASE)
_MAX_SCAN = 10
# entities whose names may hold a date that dates nothing ("the July 26 Movement")
_NAMING_ENTS = frozenset({"EVENT", "ORG", "FAC", "LAW", "WORK_OF_ART", "PRODUCT", "NORP", "PERSON"})


def date_mentions(doc: Doc, anchor: date | None, words: DateWords | None = None) -> list[DateMention]:
    """Return every date phrase of ``doc`` resolved against ``anchor``, in text order.

    DATE and TIME entities are resolved; phrases the model misses or cuts short ("since early
    May", "between 3 and 5 May", "the night of 9 May") are found by trying the resolver on
    the token runs that start with a date word. Durations, times of day and numbers that are
    no dates are left out; vague phrases ("in recent weeks") are kept with no value.
    """
    mentions: dict[tuple[int, int], DateMention] = {}
    for ent in doc.ents:
        if ent.label_ not in _ENT_LABELS:
            continue
        when = resolve_date(ent.text, anchor, words=words)
        if when is not None:
            mentions[(ent.start, ent.end)] = DateMention(ent.start, ent.end, when)
    for found in _scan(doc, anchor, words):
        inside = [k for k in mentions if k[0] < found.end and found.start < k[1]]
        covers = all(found.start <= s and e <= found.end for s, e in inside)
        if covers and (found.start, found.end) not in mentions:
            for key in inside:
                del mentions[key]
            mentions[(found.start, found.end)] = found
    return sorted(mentions.values(), key=lambda m: m.start)


def _scan(doc: Doc, anchor: date | None, words: DateWords | None = None) -> Iterable[DateMention]:
    """Yield the longest date phrase starting at each date word (without dateparser)."""
    n = len(doc)
    if not n:
        return
    # the tokens' attributes, read once as arrays: a Token object per look-up made this loop
    # the costliest step of extraction
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER, ORTH, SENT_START

    rows = doc.to_array([ORTH, LOWER, LIKE_NUM, IS_SPACE, IS_PUNCT, HEAD, DEP, ENT_TYPE, IDX, SENT_START]).tolist()
    strings = doc.vocab.strings
    ids = _scan_ids()
    texts = [strings[row[0]] for row in rows]
    text = doc.text
    # each token's sentence end (Token.sent walks the sentence on every call)
    sent_ends = [n] * n
    if doc.has_annotation("SENT_START"):
        end = n
        for k in range(n - 1, -1, -1):
            sent_ends[k] = end
            if k == 0 or rows[k][9] == 1:
                end = k
    i = 0
    while i < n:
        word = texts[i]
        if not (rows[i][1] in ids.starters or rows[i][2] or (word[:1].isupper() and _STRONG.fullmatch(word) is not None)):
            i += 1
            continue
        top = min(n, sent_ends[i], i + _MAX_SCAN)
        first = rows[i][8]
        if _LOOSE.search(text, first, rows[top - 1][8] + len(texts[top - 1])) is None:
            i += 1                                # no phrase from here can hold a date word
            continue
        best: DateMention | None = None
        for j in range(top, i, -1):
            last = rows[j - 1]
            phrase = text[first:last[8] + len(texts[j - 1])]
            if last[3] or last[4] or "\n" in phrase:
                continue
            if 0 < last[5] < _NEGATIVE and last[6] in ids.noun_modifiers:   # its head is after it
                continue                          # "the June meeting": the phrase runs on into a noun
            if not _STRONG.search(phrase) or not all(
                    rows[k][1] not in ids.ambiguous or texts[k][:1].isupper() for k in range(i, j)):
                continue                          # a month or weekday in lower case ("may", "sun")
            if any(rows[k][7] in ids.naming for k in range(i, j)):
                continue                          # "the September 11 attacks" is an EVENT's name
            when = resolve_date_fast(phrase, anchor, words=words)
            if when is not None:
                best = DateMention(i, j, when)
                break
        if best is not None:
            yield best
            i = best.end
        else:
            i += 1


#: HEAD is the offset of a token's head, read as an unsigned number: a head before the token is
#: this or more
_NEGATIVE = 1 << 63


@dataclass(frozen=True)
class _ScanIds:
    """The word lists of :func:`_scan` as spaCy string ids."""

    starters: frozenset[int]
    ambiguous: frozenset[int]
    noun_modifiers: frozenset[int]
    naming: frozenset[int]


@lru_cache(maxsize=1)
def _scan_ids() -> _ScanIds:
    from spacy.strings import get_string_id

    def ids(words: Iterable[str]) -> frozenset[int]:
        return frozenset(get_string_id(w) for w in words)

    return _ScanIds(ids(_STARTERS), ids(_AMBIGUOUS_NAMES), ids(_NOUN_MODIFIER_DEPS), ids(_NAMING_ENTS))


_AMBIGUOUS_NAMES = frozenset({"may", "march", "sun", "sat", "wed", "mar", "jan", "dec"})


def _cased_ok(span: Span) -> bool:
    """Return False for a month or weekday written in lower case ("may", "sun")."""
    for token in span:
        if token.lower_ in _AMBIGUOUS_NAMES and not token.text[:1].isupper():
            return False
    return True


# --------------------------------------------------------------------------- attaching dates

# a date that names a noun ("the September 11, 2001 attacks", "the 2005 election")
_NOUN_MODIFIER_DEPS = frozenset({"compound", "nummod", "amod", "poss", "nmod", "appos"})
# vague phrases that point back to a date already given ("the same day")
_ANAPHORIC = re.compile(r"\b(?:same|that)\s+(?:day|night|morning|evening|afternoon|week)\b", re.IGNORECASE)
_TIME_NOUNS = frozenset({"night", "morning", "afternoon", "evening", "hours", "day", "week", "weekend",
                         "dawn", "end", "beginning", "start", "middle", "eve"})


def date_for_trigger(trigger: Token, mentions: list[DateMention]) -> When | None:
    """Return the When of the date phrase that belongs to ``trigger``, or None.

    In order: a date that modifies the trigger (or a verb coordinated with it, or one whose
    clause it is in); else the nearest date of the sentence that does not name a noun;
    else the date that opens the paragraph ("On 9 May 2020, ..."). Never the publication
    date: an event without a date phrase gets None.
    """
    if not mentions:
        return None
    doc = trigger.doc
    sent = trigger.sent
    ancestors = list(trigger.ancestors)
    scored: list[tuple[int, int, int, DateMention]] = []
    for mention in mentions:
        if not (sent.start <= mention.start < sent.end):
            continue
        governor, names_noun = _governor(doc[mention.start:mention.end])
        if governor is None:
            continue
        distance = min(abs(trigger.i - mention.start), abs(trigger.i - (mention.end - 1)))
        vague = 0 if mention.when.value else 1
        if governor.i == trigger.i:
            tier = 0
        elif _coordinated(governor, trigger):
            tier = 1
        elif names_noun:
            continue                              # it dates a noun, not this event
        elif governor in ancestors:
            tier = 2                              # the date of the clause the trigger is in
        elif governor.pos_ in ("NOUN", "PROPN") and trigger in governor.ancestors:
            tier = 2                              # "attacked a convoy on Monday" read as the convoy's
        else:
            tier = 3
        if tier == 3 and vague:
            continue
        scored.append((tier, vague, distance, mention))
    if scored:
        best = min(scored, key=lambda item: item[:3])[3].when
        if best.value is not None or not _ANAPHORIC.search(best.text):
            return best
        opener = _paragraph_opener(trigger, mentions)   # "the same day": the paragraph's date
        return opener.when if opener is not None else best
    opener = _paragraph_opener(trigger, mentions)
    return opener.when if opener is not None else None


def _governor(span: Span) -> tuple[Token | None, bool]:
    """Return the word a date phrase modifies, and whether that word is a noun it names."""
    token = span.root
    for _ in range(4):
        # climb out of "on [Monday]", "since [early May]" -> the word the phrase is attached to
        while token.dep_ in ("pobj", "pcomp") and token.head.dep_ in ("prep", "agent"):
            token = token.head
        head = token.head
        if head.i == token.i:
            return None, False
        names = (token.dep_ in _NOUN_MODIFIER_DEPS or (token.dep_ == "prep" and token.lower_ == "of")) \
            and head.pos_ in ("NOUN", "PROPN")
        if names and head.lower_ in _TIME_NOUNS:
            token = head                          # "the night of [9 May]": the night is the date
            continue
        return head, names                        # "the attacks of September 11, 2001" name a noun
    return None, False


def _coordinated(governor: Token, trigger: Token) -> bool:
    """Return True if the date's word shares its date with the trigger.

    A date on the first of two coordinated verbs covers the second ("killed and wounded ...
    overnight"); a date on a light verb covers its object ("carried out an attack on Monday").
    """
    if trigger.dep_ in ("conj", "xcomp") and trigger.head.i == governor.i:
        return True
    # a date on a later conjunct ("were set up ... and closed in 2005") is that verb's own
    if governor.dep_ == "xcomp" and governor.head.i == trigger.i:
        return True
    return trigger.head.i == governor.i and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")


_LEADING_WORDS = frozenset({"on", "in", "at", "during", "between", "from", "since", "overnight", "by"})


def _paragraph_opener(trigger: Token, mentions: list[DateMention]) -> DateMention | None:
    """Return the date that opens the trigger's paragraph when the trigger is in a later sentence."""
    doc = trigger.doc
    i = trigger.sent.start - 1
    while i >= 0 and not _ends_line(doc[i]):
        i -= 1
    start = i + 1                                 # the paragraph's first word
    while start < trigger.i and doc[start].is_space:
        start += 1
    if doc[start].sent.start == trigger.sent.start:
        return None                               # the trigger is in the opening sentence
    for mention in mentions:
        if mention.start < start:
            continue
        lead = doc[start:mention.start]
        # "On 9 May 2020, ..." / "9 May 2020: ..." / "Overnight, ...": the date leads
        if mention.when.value and len(lead) <= 1 and all(t.lower_ in _LEADING_WORDS for t in lead):
            return mention
        break
    return None


def _ends_line(token: Token) -> bool:
    return (token.is_space and "\n" in token.text) or "\n" in token.whitespace_
