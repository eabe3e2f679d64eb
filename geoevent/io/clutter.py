"""Clutter: the character ranges of scraped page furniture that must not yield events.

Scraped articles come with share buttons, bylines, author bios, newsletter pleas and lists of
other headlines ("Most Popular Articles") -- lines that read like news but are not this
article's news. :func:`clutter_spans` finds them line by line:

* a line matching a phrase from ``rules/clutter.tsv`` (see its header for the kinds);
* a short link-like line: Title Case words, ``|`` separators, or wholly in parentheses;
* after a list header ("Related Articles", "More from ..."), the short title-like lines that
  follow, up to the next line that reads as a paragraph.

Lines that read as sentences (six words or more, ending with ``. ! ? " : ;``) are kept unless
an always-clutter phrase (plea, bio, disclaimer, cookie notice, copyright) is in them.
Everything is linear in the length of the text; very long lines are never clutter.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..rules import RuleError, builtin_path, numbered_tsv

RULES_FILE = "clutter.tsv"
# Kinds marked only on lines that do not read as sentences; the others are always marked.
GUARDED_KINDS = frozenset({"button", "byline", "list"})
ALWAYS_KINDS = frozenset({"plea", "bio", "disclaimer", "cookie", "copyright"})
KINDS = GUARDED_KINDS | ALWAYS_KINDS

# Lines longer than this are article text (or one huge unbroken run): never clutter.
_MAX_LINE_CHARS = 1200
_MAX_ALWAYS_WORDS = 80          # an always-kind phrase inside a longer line is quoted, not clutter
_MAX_LINK_WORDS = 12            # link-like lines: navigation, buttons, short titles
_MAX_LIST_ITEM_WORDS = 25       # a headline in a list of headlines
_MIN_SENTENCE_WORDS = 6

_SENTENCE_END = tuple('.!?":;\u201d\u2019\'')
_LIST_ITEM_BAD_END = tuple('.":;,\u201d\u2019\'')
_INNER_SENTENCE_BREAK = re.compile(r"[a-z0-9)][.!?]\s+[A-Z\"\u201c]")
_ENUMERATOR = re.compile(r"^(?:\d{1,3}[.)]|[-\u2022*\u00b7\u2013])\s+")   # "1. ", "2) ", "- ", "• "
_WORD_CHARS = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")
_SMALL_WORDS = frozenset(
    "a an and as at but by de for from in into is it of on or per the to up via vs with".split()
)


@dataclass(frozen=True)
class ClutterRule:
    """One phrase of ``clutter.tsv``: a compiled pattern and what kind of clutter it marks."""

    pattern: re.Pattern[str]
    kind: str


def load_clutter_rules(extra: Iterable[str | Path] = ()) -> tuple[ClutterRule, ...]:
    """Return the built-in clutter rules followed by those of the users' ``extra`` files.

    Raises :class:`geoevent.rules.RuleError` naming the file and line of a bad rule.
    """
    extra = tuple(str(path) for path in extra)
    return _builtin_rules() + tuple(rule for path in extra for rule in _read_rules(path))


@lru_cache(maxsize=1)
def _builtin_rules() -> tuple[ClutterRule, ...]:
    return tuple(_read_rules(builtin_path(RULES_FILE)))


def _read_rules(path: str | Path) -> Iterator[ClutterRule]:
    for number, (pattern, kind, *_) in numbered_tsv(path, 2):
        if kind not in KINDS:
            raise RuleError(f"{path}:{number}: unknown clutter kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise RuleError(f"{path}:{number}: bad pattern ({exc})") from None
        yield ClutterRule(compiled, kind)


def clutter_spans(text: str, rules: Sequence[ClutterRule] | None = None) -> list[tuple[int, int]]:
    """Return sorted, non-overlapping ``(start, end)`` ranges of ``text`` that are page clutter.

    A range covers whole lines (without their final newline); neighbouring clutter lines with
    only blank lines between them form one range.
    """
    rules = _builtin_rules() if rules is None else rules
    spans: list[tuple[int, int]] = []
    in_list = False
    for start, end in _units(text):
        line = text[start:end].strip()
        if not line:
            continue
        marked, opens_list = _classify(line, rules)
        if not marked and in_list and _is_list_item(line):
            marked = True
        elif not marked:
            in_list = False
        in_list = in_list or opens_list
        if marked:
            if spans and not text[spans[-1][1]:start].strip():
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return spans


def is_clutter(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Return True when more than half of ``text[start:end]`` lies in the clutter ``spans``."""
    if end <= start or not spans:
        return False
    covered = 0
    index = max(bisect.bisect_right(spans, (start, end)) - 1, 0)
    for span_start, span_end in spans[index:]:
        if span_start >= end:
            break
        covered += max(0, min(end, span_end) - max(start, span_start))
    return covered * 2 > end - start


def _classify(line: str, rules: Sequence[ClutterRule]) -> tuple[bool, bool]:
    """Return ``(is clutter, opens a headline list)`` for one stripped line."""
    if len(line) > _MAX_LINE_CHARS:
        return False, False
    words = _WORD_CHARS.findall(line)
    sentence = _reads_as_sentence(line, words)
    if sentence:   # only an always-kind phrase marks a sentence, and only a short one
        rules = [r for r in rules if r.kind in ALWAYS_KINDS] if len(words) <= _MAX_ALWAYS_WORDS else ()
    for rule in rules:
        if not rule.pattern.search(line):
            continue
        if rule.kind in ALWAYS_KINDS and len(words) <= _MAX_ALWAYS_WORDS:
            return True, False
        if rule.kind in GUARDED_KINDS and not sentence:
            return True, rule.kind == "list"
    return (not sentence and _is_link_like(line, words)), False


def _reads_as_sentence(line: str, words: list[str]) -> bool:
    # a Title Case line ending with ":" is a header ("To View Comments or Join the Conversation:")
    return (
        len(words) >= _MIN_SENTENCE_WORDS
        and line.endswith(_SENTENCE_END)
        and not _is_title_case(words)
    )


def _is_link_like(line: str, words: list[str]) -> bool:
    """Return True for navigation-like lines: Title Case, "|" separated, or in parentheses."""
    if not words or len(words) > _MAX_LINK_WORDS:
        return False
    if "|" in line:
        return True
    if line.startswith("(") and line.endswith(")"):
        return True
    if line.endswith(tuple('.!?";,\u201d')):
        return False
    if line.endswith(":") and len(words) > 8:
        return False
    return _is_title_case(words)


def _is_title_case(words: list[str]) -> bool:
    """Return True when every word but short function words starts with a capital or digit."""
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant or not any(w[0].isalpha() for w in significant):
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in significant)


def _is_list_item(line: str) -> bool:
    """Return True for a headline-like line in a list of headlines: short, one sentence, and
    not ending like a paragraph (a "?" or "!" headline is fine). A list number or bullet in
    front ("1. Five killed as bus plunges off bridge") is not part of the headline."""
    line = _ENUMERATOR.sub("", line)
    if len(line) > _MAX_LINE_CHARS or line.endswith(_LIST_ITEM_BAD_END):
        return False
    if _INNER_SENTENCE_BREAK.search(line):
        return False
    return len(_WORD_CHARS.findall(line)) <= _MAX_LIST_ITEM_WORDS


def _units(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of each line, or of each paragraph if the text is hard-wrapped
    (most lines cut at a fixed width, so a line is not a unit of meaning)."""
    lines: list[tuple[int, int]] = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        lines.append((start, end))
        start = end + 1
    if not _is_hard_wrapped(text, lines):
        return lines
    blocks: list[tuple[int, int]] = []
    block_start: int | None = None
    block_end = 0
    for start, end in lines:
        if text[start:end].strip():
            block_start = start if block_start is None else block_start
            block_end = end
        elif block_start is not None:
            blocks.append((block_start, block_end))
            block_start = None
    if block_start is not None:
        blocks.append((block_start, block_end))
    return blocks


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    lengths = [end - start for start, end in lines if text[start:end].strip()]
    if len(lengths) < 5 or max(lengths) > 120:
        return False
    wrapped = sum(
        1 for start, end in lines
        if 50 <= end - start <= 120 and not text[start:end].rstrip().endswith(_SENTENCE_END)
    )
    return wrapped >= 0.3 * len(lengths)


__all__ = ["ClutterRule", "clutter_spans", "is_clutter", "load_clutter_rules"]
