"""counts.py turns number phrases into :class:`~geoevent.model.Count` values and finds a noun's count.

Two layers:

* :func:`parse_count` reads a phrase as written ("at least 46", "tens of thousands",
  "between 30 and 40") and gives a ``Count``; it is pure and cached.
* :func:`count_for` reads the dependency parse around a noun ("At least 46 Afghan soldiers",
  "hundreds of Afghan forces", "32 dead") and gives the noun's count, or ``None`` when the
  figure is money, a percentage, an age, a year, a time, a measure, a duration or a rank.

Conventions (documented in the README):

``qualifier``
    ``exact`` (min = max = value), ``at_least`` (min = value), ``more_than`` (min = value: the
    stated figure, not value + 1, as ACLED records "more than 100" as 100), ``approx_below``
    ("nearly", "almost": max = value), ``less_than`` ("fewer than": max = value), ``about``
    (no bounds), ``up_to`` ("up to", "as many as": max = value), ``range`` ("30 to 40":
    value = min, the conservative end), ``vague`` ("dozens": value = min = the conservative figure).
vague figures
    ACLED's convention: tens 10, dozens 12, scores 20, hundreds 100, thousands 1,000,
    tens of thousands 10,000, hundreds of thousands 100,000, millions 1,000,000;
    "several", "a few" and "a handful" are 3, "several hundred" 300.
    "Many", "numerous", "some", "a number of" give no count.

The word tables live in ``geoevent/rules/counts.jsonl``; :func:`load_count_rules` adds users' files.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geoevent.model import Count
from geoevent.rules import chain_files, read_jsonl, require

if TYPE_CHECKING:  # the caller parses; this module only reads tokens
    from spacy.tokens import Doc, Token

QUALIFIERS = ("exact", "at_least", "more_than", "approx_below", "less_than", "about", "up_to",
              "range", "vague")
_KINDS = ("number", "multiplier", "abbreviation", "fraction", "vague", "none", "qualifier", "unit")

from .deps import AMOD, APPOS, COMPOUND, CONJ, DET, NUMMOD, POBJ, PREP, QUANTMOD  # noqa: F401
# Children of a figure that belong to its phrase ("At least 46", "some 300", "a dozen", "$5").
_FIGURE_DEPS = frozenset({QUANTMOD, "advmod", AMOD, DET, "predet", COMPOUND, NUMMOD, "nmod",
                          "punct", "npadvmod"})
# Children of a noun that may carry its figure, most trusted first.
_NOUN_COUNT_DEPS = (NUMMOD, QUANTMOD, AMOD, DET, "predet", COMPOUND)
# Words that introduce a noun phrase but add nothing to its figure: not worth widening `text` for.
_DETERMINERS = frozenset({("the",), ("these",), ("those",), ("its",), ("their",), ("his",), ("her",),
                          ("all",), ("all", "the"), ("all", "of")})
# Words after a figure that belong to it ("46 or more", "40-odd", "60 or so").
_FIGURE_TAILS = frozenset({"more", "less", "fewer", "so", "odd", "plus", "+", "over", "above", "to", "and", "or"})
# Entity labels of a figure that is never a count of things.
_NOT_COUNT_ENTS = frozenset({"MONEY", "PERCENT", "TIME", "PRODUCT", "FAC", "LAW", "WORK_OF_ART"})
# Words that head "X of <noun>" without being in the tables ("the number of", "a total of").
_AMOUNT_NOUNS = frozenset({"number", "lot", "lots", "handful", "couple", "pair", "dozen"})


# --------------------------------------------------------------------------- rules


@dataclass(eq=False)
class CountRules:
    """The word tables of ``counts.jsonl``: numbers, multipliers, vague amounts, qualifiers, units."""

    numbers: dict[str, int] = field(default_factory=dict)         # "forty" / "no one" -> value
    multipliers: dict[str, int] = field(default_factory=dict)     # "million" -> 10**6
    abbreviations: dict[str, int] = field(default_factory=dict)   # "m" of "1.2m" -> 10**6
    fractions: dict[str, float] = field(default_factory=dict)     # "half" -> 0.5
    vague: dict[tuple[str, ...], int] = field(default_factory=dict)
    none: set[tuple[str, ...]] = field(default_factory=set)
    prefixes: dict[tuple[str, ...], str] = field(default_factory=dict)
    suffixes: dict[tuple[str, ...], str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)           # one word -> category
    unit_phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    _abbrev_re: re.Pattern[str] | None = field(default=None, repr=False)

    __hash__ = object.__hash__  # identity: built once, shared, and a key of the parse cache

    def add(self, record: dict[str, Any]) -> None:
        """Add one validated record of a rule file."""
        kind = record["kind"]
        words = tuple(_tokens(_normalise(record["text"])))
        if kind == "number":
            self.numbers[" ".join(words)] = record["value"]
        elif kind == "multiplier":
            self.multipliers[words[0]] = record["value"]
        elif kind == "abbreviation":
            self.abbreviations[words[0]] = record["value"]
            self._abbrev_re = None
        elif kind == "fraction":
            self.fractions[words[0]] = float(record["value"])
        elif kind == "vague":
            self.vague[words] = record["value"]
        elif kind == "none":
            self.none.add(words)
        elif kind == "qualifier":
            table = self.prefixes if record["position"] == "prefix" else self.suffixes
            table[words] = record["qualifier"]
        elif kind == "unit":
            if len(words) == 1:
                self.units[words[0]] = record["category"]
            else:
                self.unit_phrases[words] = record["category"]

    @property
    def abbreviation_re(self) -> re.Pattern[str]:
        """Match digits with a multiplier written on them ("1.2m", "3bn")."""
        if self._abbrev_re is None:
            alts = "|".join(sorted(map(re.escape, self.abbreviations), key=len, reverse=True))
            self._abbrev_re = re.compile(rf"^(\d+(?:\.\d+)?)({alts or '(?!)'})$")
        return self._abbrev_re


_KEYS = {"number": {"value"}, "multiplier": {"value"}, "abbreviation": {"value"}, "fraction": {"value"},
         "vague": {"value"}, "none": set(), "qualifier": {"qualifier", "position"}, "unit": {"category"}}


def _validate(record: dict[str, Any]) -> None:
    """Raise ValueError for a bad count line: an unknown kind or key, a missing or wrong value."""
    kind = require(record, "kind", str)
    if kind not in _KINDS:
        raise ValueError(f'"kind" must be one of {", ".join(_KINDS)}')
    unknown = set(record) - {"kind", "text", "note"} - _KEYS[kind]
    if unknown:
        raise ValueError(f'unknown key "{sorted(unknown)[0]}" for a {kind}')
    text = require(record, "text", str)
    if not _tokens(_normalise(text)):
        raise ValueError('"text" is empty')
    if kind in ("multiplier", "abbreviation", "fraction") and " " in text.strip():
        raise ValueError(f'a {kind} is one word')
    if kind in ("number", "multiplier", "abbreviation", "vague"):
        value = require(record, "value", int)
        if isinstance(value, bool) or value < 0:
            raise ValueError('"value" must be a non-negative integer')
    elif kind == "fraction":
        if not 0 < require(record, "value", (int, float)) < 1:
            raise ValueError('"value" of a fraction must be between 0 and 1')
    elif kind == "qualifier":
        if require(record, "qualifier", str) not in QUALIFIERS:
            raise ValueError(f'"qualifier" must be one of {", ".join(QUALIFIERS)}')
        if require(record, "position", str) not in ("prefix", "suffix"):
            raise ValueError('"position" must be "prefix" or "suffix"')
    elif kind == "unit":
        require(record, "category", str)


def load_count_rules(extra: Iterable[str | Path] = ()) -> CountRules:
    """Return the built-in count words extended by users' files in the ``counts.jsonl`` format."""
    rules = CountRules()
    for path in chain_files("counts.jsonl", extra):
        for record in read_jsonl(path, _validate):
            rules.add(record)
    return rules


def default_rules() -> CountRules:
    """Return the built-in count words (those of the built-in RuleSet)."""
    from ..rules.ruleset import builtin_rules

    return builtin_rules().counts


# --------------------------------------------------------------------------- phrases

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DIGIT_RANGE = re.compile(r"(?<=\d)\s*-\s*(?=\d)")
_WORD_HYPHEN = re.compile(r"(?<=[a-z0-9])-(?=[a-z])|(?<=[a-z])-(?=[0-9])")
_PLUS = re.compile(r"(?<=\d)\+")
_WORDS = re.compile(r"\S+")
_EDGE_PUNCT = "\"'()[]{},;:!?\u2018\u2019\u201c\u201d"
_KEEP_DOT = ("a.m.", "p.m.", "no.", "nos.", "approx.", "c.", "ca.", "est.")

_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")
_AGE = re.compile(r"\d\s*-?\s*(?:years?|months?|weeks?|days?)\s*-?\s*old\b|\baged?\b")
_CURRENCY_SIGN = re.compile(r"[$£€¥₹₦₱₩]")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b|\d\s*(?:a\.?m\b|p\.?m\b|a\.m\.|p\.m\.|hrs\b|gmt\b)")
_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
_RANK = re.compile(r"\bnos?\.\s*\d|#\s*\d|\bnumber\s+\d")
_EXCLUDE = (_AGE, _CURRENCY_SIGN, _TIME, _ORDINAL, _RANK)
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")
_ID_LIKE = re.compile(r"^0\d|^\d{8,}$")
_PHONE = re.compile(r"\d{3,}-\d{4,}")               # "555-1234"; "5,000-10,000" has commas
_RANGE_SEPARATORS = ("-", "to", "or")


def _normalise(text: str) -> str:
    text = _DASHES.sub("-", text.lower()).replace("\u00a0", " ")
    text = _THOUSANDS.sub("", text)
    text = _PLUS.sub(" + ", text)
    text = _DIGIT_RANGE.sub(" - ", text)
    return _WORD_HYPHEN.sub(" ", text)


def _tokens(text: str) -> list[str]:
    out = []
    for raw in _WORDS.findall(text):
        word = raw.strip(_EDGE_PUNCT)
        if word.endswith(".") and word not in _KEEP_DOT:
            word = word.rstrip(".")
        if word:
            out.append(word)
    return out


def _strip(words: list[str], table: dict[tuple[str, ...], str], suffix: bool) -> tuple[list[str], str | None]:
    """Remove the longest phrase of ``table`` at the start (or the end) of ``words``."""
    for size in range(min(5, len(words)), 0, -1):
        part = tuple(words[-size:]) if suffix else tuple(words[:size])
        if part in table:
            return (words[:-size] if suffix else words[size:]), table[part]
    return words, None


def _number(words: list[str], rules: CountRules) -> float | None:
    """Return the value of a figure in digits and/or words ("1.2 million", "forty-six"), or None."""
    if not words:
        return None
    phrase = " ".join(words)
    if phrase in rules.numbers:
        return float(rules.numbers[phrase])
    total = current = 0.0
    seen = False
    last = len(words) - 1
    for i, word in enumerate(words):
        nxt = words[i + 1] if i < last else None
        if word in ("a", "an"):
            # "a" alone is one; "a hundred", "a dozen", "half a million", "a quarter of a million"
            if last == 0:
                return 1.0
            if nxt in rules.multipliers:
                current = current or 1.0
                continue
            if nxt in rules.fractions and not current:
                continue
            return None
        if word == "and":
            # "one hundred and twenty"; "and" never joins two figures ("30 and 40")
            if nxt is None or not (total or (current and current % 100 == 0)):
                return None
            continue
        if word == "of" and i and words[i - 1] in rules.fractions and nxt in ("a", "an"):
            continue                                # "a quarter of a million"
        if _DIGITS.match(word):
            if current:
                return None
            current = float(word)
        elif (m := rules.abbreviation_re.match(word)) is not None:
            if current:
                return None
            total += float(m.group(1)) * rules.abbreviations[m.group(2)]
        elif word in rules.numbers:
            value = rules.numbers[word]
            if current and (value >= 100 or (value >= 10 and current % 100) or (value < 10 and current % 10)):
                return None                         # "five six", "twenty thirty"
            current += value
        elif word in rules.fractions:
            if current or nxt is None:
                return None
            current = rules.fractions[word]
        elif word in rules.multipliers:
            mult = rules.multipliers[word]
            if mult < 1000:                          # hundred, dozen, score multiply what precedes
                current = (current or 1.0) * mult
            else:
                total += (current or 1.0) * mult
                current = 0.0
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + current
    rounded = round(value)
    return float(rounded) if abs(value - rounded) < 1e-6 else None


def _vague(words: list[str], rules: CountRules) -> int | None:
    """Return the figure of a vague amount ("dozens", "tens of thousands"), or None."""
    key = tuple(words)
    if key in rules.vague:
        return rules.vague[key]
    # plurals chained by "of" multiply: "hundreds of thousands" = 100 x 1000
    parts = words[::2]
    if len(words) < 3 or len(words) % 2 == 0 or any(w != "of" for w in words[1::2]):
        return None
    value = 1
    for part in parts:
        if (part,) not in rules.vague or rules.vague[(part,)] < 10:
            return None
        value *= rules.vague[(part,)]
    return value


def _is_unit(words: list[str], rules: CountRules) -> bool:
    if any(w in rules.units for w in words):
        return True
    if rules.unit_phrases:
        joined = f" {' '.join(words)} "
        return any(f" {' '.join(p)} " in joined for p in rules.unit_phrases)
    return False


def _bounds(qualifier: str, value: int) -> tuple[int | None, int | None]:
    if qualifier == "exact":
        return value, value
    if qualifier in ("at_least", "more_than", "vague"):
        return value, None
    if qualifier in ("approx_below", "less_than", "up_to"):
        return None, value
    return None, None


def _figure(words: list[str], rules: CountRules, allow_year: bool) -> tuple[int, int | None, str] | None:
    """Return (value, max of a range or None, "number"/"range"/"vague") for a bare figure."""
    if not words or tuple(words) in rules.none:
        return None
    vague = _vague(words, rules)
    if vague is not None:
        return vague, None, "vague"
    if len(words) == 1 and (_ID_LIKE.match(words[0]) or (not allow_year and _YEAR.match(words[0]))):
        return None
    value = _number(words, rules)
    if value is not None:
        return int(value), None, "number"
    # ranges: "between 30 and 40", "30 to 40", "30-40", "30 or 40", "30 to 40 thousand"
    separators: tuple[str, ...] = _RANGE_SEPARATORS
    if words[0] in ("between", "from"):
        words = words[1:]
        separators = ("and", *_RANGE_SEPARATORS)
    for i, word in enumerate(words):
        if i == 0 or word not in separators:
            continue
        left, right = words[:i], words[i + 1:]
        low, high = _number(left, rules), _number(right, rules)
        if low is None or high is None:
            continue
        tail = right[-1]
        if tail in rules.multipliers and left[-1] not in rules.multipliers and low < high / rules.multipliers[tail]:
            low *= rules.multipliers[tail]           # "30 to 40 thousand"
        if not allow_year and any(_YEAR.match(w) for w in (*left, *right)):
            return None                              # "2005-2010"
        if low >= high or (word == "-" and high > 10 * max(low, 1)):
            return None                              # "2-1000": a score or an id, not a range
        return int(low), int(high), "range"
    return None


@lru_cache(maxsize=8192)
def _parse(text: str, rules: CountRules, allow_year: bool = False) -> Count | None:
    norm = _normalise(text)
    if any(p.search(norm) for p in _EXCLUDE) or _PHONE.search(text):
        return None
    words = _tokens(norm)
    if not words or words[0] == "one" and len(words) > 1 and words[1] in ("of", "another"):
        return None                                  # "one of the", "one another"
    if words[-2:] == ["of", "the"]:
        words = words[:-1]
    if words and words[-1] == "of":
        words = words[:-1]                           # "hundreds of", "a couple of"
    # "2005" is a year, "2,005" is not: decide before the commas go
    allow_year = allow_year or not any(_YEAR.match(w) for w in _tokens(text.lower()))
    if _is_unit(words, rules):
        return None
    # the phrase as a whole first ("another", "a couple"), then without its qualifiers
    prefix = suffix = None
    figure = _figure(words, rules, allow_year)
    while figure is None:
        rest, found = _strip(words, rules.prefixes, suffix=False)
        if found is not None:
            prefix = found if prefix in (None, "exact") else prefix
        else:
            rest, found = _strip(words, rules.suffixes, suffix=True)
            if found is None:
                return None
            suffix = suffix or found
        if not rest:
            return None
        words = rest
        figure = _figure(words, rules, allow_year)
    value, high, kind = figure
    if kind == "range":
        return Count(text=text.strip(), value=value, min=value, max=high, qualifier="range")
    qualifier = next((q for q in (prefix, suffix) if q not in (None, "exact")), None)
    qualifier = qualifier or ("vague" if kind == "vague" else "exact")
    low, top = _bounds(qualifier, value)
    return Count(text=text.strip(), value=value, min=low, max=top, qualifier=qualifier)


def parse_count(text: str, rules: CountRules | None = None) -> Count | None:
    """Return the Count a number phrase states ("at least 46" -> 46, at_least), or None.

    None for what is not a count of things: money, percentages, ages, years, times, ordinals,
    ranks, measures and durations, and amount words without a figure ("many", "a number of").
    """
    return _parse(text, rules or default_rules(), False)


# --------------------------------------------------------------------------- parsed sentences


def _is_amount(token: Token, rules: CountRules) -> bool:
    """True for a word that states an amount of something else ("hundreds", "five", "many")."""
    if token.like_num or token.pos_ == "NUM":
        return True
    low = token.lower_
    return ((low,) in rules.vague or low in rules.multipliers or (low,) in rules.none
            or low in _AMOUNT_NOUNS or (low in rules.numbers and token.pos_ in ("NOUN", "PRON")))


def _of_object(token: Token) -> Token | None:
    """Return the object of an "of" after ``token`` ("hundreds of forces" -> forces)."""
    for child in token.rights:
        if child.dep_ == PREP and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == POBJ:
                    return obj
    return None


def _amount_head(token: Token, rules: CountRules) -> Token | None:
    """Return the amount word before "of <token>" ("forces" -> "hundreds"), if any."""
    prep = token.head
    if token.dep_ == POBJ and prep.lower_ == "of" and prep.dep_ == PREP and prep.head.i < prep.i:
        if _is_amount(prep.head, rules):
            return prep.head
    return None


def _climb(token: Token, rules: CountRules) -> Token:
    """Move from a part of a figure to the word that heads it ("Tens" -> "thousands", "40" of "30-40")."""
    while token.head is not token and _is_amount(token.head, rules) and (
            token.dep_ in (QUANTMOD, COMPOUND)
            or (token.dep_ in (CONJ, PREP) and token.like_num and 0 < token.i - token.head.i <= 3)):
        token = token.head
    return token


def counted_noun(token: Token, rules: CountRules | None = None) -> Token:
    """Return the noun whose number ``token`` states: "hundreds" -> "forces", "46" -> "soldiers".

    A token that is itself the counted noun (or counts nothing) is returned unchanged.
    """
    rules = rules or default_rules()
    token = _climb(token, rules)
    if _is_amount(token, rules):
        obj = _of_object(token)
        if obj is not None:
            return counted_noun(obj, rules) if _is_amount(obj, rules) and _of_object(obj) is not None else obj
        if token.dep_ in (NUMMOD, AMOD) and token.head.i > token.i:
            return token.head
    return token


def _figure_span(figure: Token, noun: Token | None, rules: CountRules) -> tuple[int, int]:
    """Return the first and last index of the figure phrase headed by ``figure``."""
    keep = [figure.i]
    stack = [figure]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if noun is not None and child.i == noun.i:
                continue
            if child.dep_ == PREP and child.lower_ == "of":
                continue                             # "five [of the soldiers]"
            low = child.lower_
            if child.i > tok.i:
                # after the figure only its own tail: "46 or more", "30-40", "two dozen", "40-odd"
                near = child.i - tok.i <= 3
                if not near or not (child.like_num or child.pos_ in ("NUM", "CCONJ", "PUNCT")
                                    or low in _FIGURE_TAILS or low in rules.multipliers):
                    continue
            elif not (child.dep_ in _FIGURE_DEPS or child.like_num or child.pos_ == "NUM"):
                continue
            keep.append(child.i)
            stack.append(child)
    lo, hi = min(keep), max(keep)
    if noun is not None and lo <= noun.i <= hi:
        return figure.i, figure.i
    doc = figure.doc
    while hi > figure.i and (doc[hi].is_punct or doc[hi].pos_ == "CCONJ" or doc[hi].lower_ in ("to", "and", "or")):
        hi -= 1                                       # a dangling "and" or "-" whose other side went
    while lo < figure.i and doc[lo].is_punct:
        lo += 1
    if figure.text == "+" and lo == figure.i and lo > 0 and figure.doc[lo - 1].like_num:
        lo -= 1                                       # "40+ soldiers": the parser loses the "40"
    return lo, hi


def _extend_left(doc: Doc, start: int, rules: CountRules) -> int:
    """Move ``start`` left over a qualifier written before the figure ("an estimated", "some")."""
    try:
        floor = doc[start].sent.start
    except ValueError:                                # no sentence boundaries
        floor = 0
    best = start
    for size in range(1, 5):
        if start - size < floor or doc[start - size].is_punct:
            break
        words = tuple(_tokens(_normalise(doc[start - size:start].text)))
        if words in rules.prefixes and words not in _DETERMINERS:
            best = start - size
    return best


def _unit(token: Token, rules: CountRules) -> str | None:
    return rules.units.get(token.lower_) or rules.units.get(token.lemma_.lower())


def _is_age(figure: Token) -> bool:
    """True for a figure that is an age: "aged 46", "at the age of 46"."""
    head = figure.head
    if head.lower_ in ("aged", "age", "ages"):
        return True
    if head.lower_ == "of" and head.head.lower_ == "age":
        return True
    return False


def _count_of_figure(figure: Token, noun: Token | None, of: str | None, rules: CountRules) -> Count | None:
    doc = figure.doc
    lo, hi = _figure_span(figure, noun, rules)
    lo = _extend_left(doc, lo, rules)
    if lo > 0 and doc[lo - 1].lower_ == "between" and any(t.lower_ == "and" for t in doc[lo:hi + 1]):
        lo -= 1                                       # "Between 7 and 10 soldiers": the parser cut off "between"
    span = doc[lo:hi + 1]
    if any(t.ent_type_ in _NOT_COUNT_ENTS for t in span):
        return None                                   # "$5m", "46%", "Boeing's 777", "Route 66"
    if lo > 0 and (_unit(doc[lo - 1], rules) in ("money", "rank") or doc[lo - 1].lower_ == "per"):
        return None                                   # "Rs 300", "No 10", "per thousand"
    if hi + 1 < len(doc) and (doc[hi + 1].text == "%" or (_unit(doc[hi + 1], rules) and doc[hi + 1] != noun)):
        return None                                   # "the 11 September attacks", "a 10 km march"
    if _is_age(figure):
        return None
    # a bare year-like figure counts things only before a plural noun ("2000 protesters")
    allow_year = noun is not None and noun.tag_ in ("NNS", "NNPS") and figure.ent_type_ != "DATE"
    count = _parse(span.text, rules, allow_year)
    if count is None:
        return None
    return Count(text=span.text, value=count.value, min=count.min, max=count.max,
                 qualifier=count.qualifier, of=of)


def _abbreviated(noun: Token, rules: CountRules) -> Count | None:
    """Return the count of "1.2m people", where the tokenizer splits the figure and the parse is lost."""
    doc = noun.doc
    i = noun.i
    while (i > 0 and doc[i - 1].dep_ in (AMOD, COMPOUND) and doc[i - 1].head.i == noun.i
           and doc[i - 1].lower_ not in rules.abbreviations):
        i -= 1
    if i < 2 or doc[i - 1].lower_ not in rules.abbreviations or not _DIGITS.match(doc[i - 2].text):
        return None
    lo = _extend_left(doc, i - 2, rules)
    text = doc[lo:i].text
    count = _parse(text.replace(f"{doc[i - 2].text} {doc[i - 1].text}", doc[i - 2].text + doc[i - 1].text),
                   rules)
    if count is None:
        return None
    return Count(text=text, value=count.value, min=count.min, max=count.max,
                 qualifier=count.qualifier, of=noun.text)


def _count_of_amount(head: Token, rules: CountRules) -> Count | None:
    """The amount word heads the phrase: "hundreds of forces", "five of the soldiers", "killed 12"."""
    noun = _of_object(head)
    if noun is not None and _is_amount(noun, rules) and _of_object(noun) is not None:
        noun = counted_noun(noun)                     # "hundreds of thousands of people"
    if head.lower_ == "one" and (noun is not None or any(
            c.lower_ == "another" or c.dep_ in (DET, AMOD) for c in head.children)):
        return None                                   # "one of the attackers", "one another", "a new one"
    if head.dep_ == APPOS and head.like_num:
        return None                                   # "a man, 46,": an age
    if head.dep_ == NUMMOD and head.head.i < head.i:
        return None                                   # "Flight 370", "Route 66"
    if noun is not None and _unit(noun, rules):
        return None                                   # "five of the days"
    of = noun.text if noun is not None else None
    if noun is None:
        after = head.nbor(1) if head.i + 1 < len(head.doc) else None
        if after is not None and after.head == head and after.dep_ == AMOD:
            of = after.text                           # "leaving 2 dead"
    return _count_of_figure(head, noun, of, rules)


def count_for(token: Token, rules: CountRules | None = None) -> Count | None:
    """Return the count of the noun phrase of ``token`` ("soldiers" -> 46 at_least), or None.

    ``token`` may be the counted noun ("soldiers"), an amount word ("hundreds" in "hundreds of
    forces") or the figure itself ("46"; "32" in "32 dead"). ``text`` is the figure as written
    ("At least 46"), ``of`` the counted word as written ("soldiers", "forces", "dead"), or None
    when the figure stands alone ("killed 12"). A sub-count ("including five officers") is never
    the count of the head noun; a figure that is money, a percentage, an age, a year, a time,
    a measure, a duration or a rank is no count.
    """
    rules = rules or default_rules()
    token = _climb(token, rules)
    if token.lower_ in ("another", "other") and token.head.lower_ in ("one", "each"):
        return None                                   # "one another", "each other"
    article = True
    if token.dep_ in (NUMMOD, AMOD) and token.head.i > token.i and _is_amount(token, rules):
        token = token.head                            # "46" of "46 soldiers": count the noun
        article = False                               # ... but "2005" of "a 2005 raid" is no "a"
    head = token if _is_amount(token, rules) else _amount_head(token, rules)
    if head is not None:
        return _count_of_amount(head, rules)
    if _unit(token, rules):
        return None                                   # "three days", "5 km", "46 percent"
    # the noun carries its figure: "At least 46 Afghan soldiers", "several soldiers", "no casualties"
    for dep in _NOUN_COUNT_DEPS:
        for child in token.lefts:
            if child.dep_ != dep:
                continue
            low = child.lower_
            if dep == COMPOUND and not child.like_num:
                continue                              # "her single", "the Five show"
            if low in rules.numbers and dep == DET and token.pos_ == "PROPN":
                continue                              # "No Way Out", "Oh no Bill"
            if (child.like_num or child.pos_ == "NUM" or low in rules.multipliers or (low,) in rules.vague
                    or low in rules.numbers or (dep == AMOD and any(c.dep_ == QUANTMOD for c in child.children))):
                count = _count_of_figure(child, token, token.text, rules)
                if count is not None:
                    return count
    count = _abbreviated(token, rules)
    if count is not None:
        return count
    # "a man", "a 25-year-old man" (the age is no count), "a $50,000 ransom"
    if article and token.tag_ in ("NN", "NNP"):
        for child in token.lefts:
            if child.dep_ == DET and child.lower_ in ("a", "an"):
                return Count(text=child.text, value=1, min=1, max=1, qualifier="exact", of=token.text)
    return None


def conjunct_counts(token: Token, rules: CountRules | None = None) -> list[tuple[Count | None, Token]]:
    """Return ``(count or None, token)`` for ``token``'s noun and each of its conjuncts, in order.

    The token is the one each count belongs to ("soldiers", "militants"), so the caller can tell
    which group is counted and which is not ("soldiers and seven militants" -> [(None, soldiers),
    (7, militants)]).
    """
    rules = rules or default_rules()
    noun = counted_noun(token, rules)
    anchor = _amount_head(noun, rules) or noun
    members = {anchor.i: anchor}
    members.update((t.i, t) for t in anchor.conjuncts)
    if anchor.dep_ == "dobj" and not anchor.conjuncts:
        # "killed a couple and their two children": the parser hangs the second object on the verb
        members.update((t.i, t) for t in anchor.head.children
                       if t.dep_ == "conj" and t.i > anchor.i and t.pos_ in ("NOUN", "PROPN"))
    found = [(count_for(members[i], rules), counted_noun(members[i], rules)) for i in sorted(members)]
    if any(c is not None for c, _ in found):
        # class "family members named by a possessive": "a man, his wife and their three
        # children" -- "his wife" is one person beside the counted groups
        found = [(_one_possessed(t) if c is None else c, t) for c, t in found]
    return found


def _one_possessed(token: Token) -> Count | None:
    """One, for a singular noun with a possessive and no figure ("his wife", "their son")."""
    if token.tag_ != "NN" or not any(c.dep_ == "poss" for c in token.lefts):
        return None
    return Count(text=token.doc[token.left_edge.i:token.i + 1].text, value=1, min=1, max=1,
                 qualifier="exact", of=token.text)


def counts_in_conjunction(token: Token, rules: CountRules | None = None) -> list[Count]:
    """Return the counts of ``token``'s noun and of its conjuncts, in order ("two soldiers and seven militants").

    The caller sums them for a total or keeps them apart per group; conjuncts without a count
    are left out (see :func:`conjunct_counts` to keep them with their tokens).
    """
    return [count for count, _ in conjunct_counts(token, rules) if count is not None]


__all__ = ["QUALIFIERS", "CountRules", "load_count_rules", "default_rules", "parse_count",
           "count_for", "counted_noun", "counts_in_conjunction", "conjunct_counts"]
