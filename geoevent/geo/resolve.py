"""resolve.py finds the place mentions of a parsed document and resolves them to gazetteer places.

Mentions come from spaCy's entities (GPE, LOC, FAC; NORP only when the text is a country's
name, as the small model tags "Tajikistan") and from a look-up of capitalised proper-noun
runs in the gazetteer, which catches the towns the model misses or mislabels ("Chitral" as ORG).
Each mention's candidates are then scored in two passes over the whole document:

1. priors (a country beats a division beats a town of the same name, bigger towns first,
   main names before alternates), words around the mention ("Kunar province", "X, Y",
   "X in Y", "Nigeria's Niger State", "Gusau local government area"), an ACLED-style bracket
   "Kagara (Rafi, Niger)" (the admin1 that holds the place; the bracket is no mention of its
   own), and the countries the document names or whose nationality words it uses ("Lebanese
   security sources");
2. the places chosen in pass 1: the same country, the same division ("Atlanta" pulls
   "Georgia" to the US state), nearness, and the dateline's country ("NIAMEY -").

A nationality word right after "in"/"into"/"to" with nothing but punctuation, a conjunction or
"territory"/"soil"/"border" after it is taken as its country ("took refuge in Pakistani").
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from geoevent.geo.build import distance_km
from geoevent.geo.gazetteer import Candidate, Gazetteer
from geoevent.geo.names import fold
from geoevent.model import Place
from geoevent.rules import builtin_path, read_tsv

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Features whose name alone says place: countries, first-level divisions, seas and regions
#: (a district or a town of the same name needs more: "Orange", "Mobile").
BROAD_FEATURES = frozenset({"country", "admin1", "region"})
# Entity labels whose tokens are not searched in the gazetteer: people, organisations, dates...
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "PERCENT",
                             "CARDINAL", "ORDINAL", "QUANTITY", "WORK_OF_ART", "EVENT", "LAW",
                             "PRODUCT", "LANGUAGE"})
# Words that make an organisation of a place name: "Pakistan Army", "Washington Post".
ORG_WORDS = frozenset(
    "army police force forces post times news journal herald tribune university college party "
    "ministry government bank council airlines airways club fc united city-fc league press "
    "agency institute school hospital company corporation group media television tv radio "
    "authority commission committee front movement brigade regiment corps guard guards".split()
)
LOCATIVE = frozenset(
    "in at near from to into across outside inside around towards toward through via of "
    "between nearby off within along opposite beyond".split()
)
CONNECTORS = frozenset("of the and de del da do dos das e el al ad ar as ash la le les du des di y - ' &".split())
DASHES = frozenset({"—", "–", "-", "--", "(", ":"})
# A nationality word after these is a typo for the country ("took refuge in Pakistani")...
DEMONYM_PLACE_PREPS = frozenset({"in", "into", "to", "inside"})
# ...when nothing follows it but punctuation, a conjunction or one of these nouns ("in Pakistani
# territory"); "in Pakistani custody" is no place.
DEMONYM_PLACE_NOUNS = frozenset({"territory", "soil", "border", "borders", "side", "airspace",
                                 "waters", "land"})


@dataclass(frozen=True)
class PlaceMention:
    """One place mention in a document, resolved."""

    start: int                      # token offsets in the Doc
    end: int
    start_char: int
    end_char: int
    text: str
    place: Place
    role: str = "mention"           # mention / container (the "Y" of "X, Y") / dateline / modifier
    #                                 ("the Syrian capital": a country's land, never an event's place)
    source: str = "ner"             # ner / ner-misfit (an ORG/NORP entity) / ner-person / gazetteer
    #                                 / parenthetical ("Kagara (Rafi, Niger)") / demonym ("in Pakistani")
    candidates: tuple[Candidate, ...] = field(default=(), repr=False, compare=False)


@lru_cache(maxsize=1)
def _feature_words() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_tsv(builtin_path("places_features.tsv"), 2)}


def _feature_at(doc: Doc, i: int) -> str | None:
    """Return the level of the feature word or phrase that starts at token ``i`` ("province",
    "local government area"), or None."""
    words = _feature_words()
    if i >= len(doc):
        return None
    for size in (3, 2):
        if i + size <= len(doc):
            level = words.get(" ".join(t.lower_ for t in doc[i:i + size]))
            if level:
                return level
    return words.get(doc[i].lower_)


@lru_cache(maxsize=1)
def _facility_words() -> frozenset[str]:
    return frozenset(row[0].lower() for row in read_tsv(builtin_path("places_facilities.tsv"), 1))


def _is_facility(doc: Doc, span: _Span) -> bool:
    """Return True for a facility's name: a FAC entity, or a name ending with a facility word."""
    return span.label == "FAC" or span.source == "facility" or (
        span.end - span.start > 1 and doc[span.end - 1].lower_ in _facility_words())


def _embedded_place(doc: Doc, span: _Span, gazetteer: Gazetteer, countries: set[str]) -> list[Candidate]:
    """Return the candidates of the town a facility's name contains ("Cebu Cathedral" ->
    Cebu, "Leesburg Airport" -> Leesburg): the longest run of capitalised words, outside the
    facility word, that names a country, a division or a town of 10,000 people (its main name),
    in a country the document names when it names any ("Old Town Leesburg" is no Saint Lucian
    "Town")."""
    words = _facility_words()
    stop = _stop_words()
    tokens = [k for k in range(span.start, span.end) if doc[k].lower_ not in words]
    for size in range(min(len(tokens), 4), 0, -1):
        for first in range(len(tokens) - size + 1):
            run = tokens[first:first + size]
            if run[-1] - run[0] != size - 1 or not all(_is_cap(doc[k]) for k in run):
                continue
            text = doc[run[0]:run[-1] + 1].text
            if stop.get(fold(text)) or run[-1] + 1 - run[0] == span.end - span.start:
                continue
            cands = [c for c in gazetteer.candidates(text, 25) if not c.alternate and (
                c.feature != "place" or c.population >= 10_000)]
            if countries:
                cands = [c for c in cands if c.country in countries]
            if cands and _short_code_ok(text, fold(text)):
                return cands
    return []


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, str]:
    return {fold(row[0]): row[1] for row in read_tsv(builtin_path("places_stopwords.tsv"), 2)}


@dataclass
class _Span:
    start: int
    end: int
    source: str
    hint: str | None = None          # admin1 / local, from a feature word next to the name
    cands: list[Candidate] = field(default_factory=list)
    container: int | None = None     # index of the mention that contains this one ("X, Y")
    contained: bool = False
    chosen: Candidate | None = None
    score: float = 0.0
    within: _Within | None = None    # the divisions an ACLED-style "(admin2, admin1)" names
    label: str = ""                  # the spaCy entity label, when an entity gave the span
    features: list[dict[str, float]] = field(default_factory=list)   # per candidate, last pass


@dataclass(frozen=True)
class _Within:
    """The "(Rafi, Niger)" after a place name: the divisions that hold it."""

    key: str                         # folded admin1 name as written
    admin1_codes: frozenset[str]
    countries: frozenset[str]


@dataclass(frozen=True)
class _Paren:
    start: int                       # the place name before the bracket
    end: int
    open: int                        # the bracket tokens
    close: int
    parts: tuple[tuple[int, int], ...]


def _is_cap(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def _short_code_ok(text: str, key: str) -> bool:
    # "US", "UK", "DRC" must be written in capitals: "Us" is a pronoun. An abbreviation with its
    # full stop ("Va.", "Pa.", "Ga.") is no pronoun either.
    return len(key.replace(" ", "")) > 3 or text.replace(".", "").isupper() or (
        text.endswith(".") and len(text) >= 3 and text[0].isupper())


def _strip_ent(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in ("the", "a") or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_space):
        end -= 1
    return start, end


def _collect_spans(doc: Doc, gazetteer: Gazetteer, dateline_end: int = 0) -> list[_Span]:
    stop = _stop_words()
    features = _feature_words()
    spans: list[_Span] = []
    taken = [False] * len(doc)
    blocked = [False] * len(doc)
    for ent in doc.ents:
        label = ent.label_
        start, end = _strip_ent(doc, ent.start, ent.end)
        if start >= end or taken[start]:
            continue
        end = _hyphen_end(doc, start, end, gazetteer)
        text = doc[start:end].text
        key = fold(text)
        source = None
        if label in PLACE_LABELS:
            kind = stop.get(key)
            if kind == "direction":
                # "North West" is a region of England and of Cameroon: only with "region", or
                # closing an address ("in Mirebalais, Centre, ...")
                if _feature_at(doc, end) or _address_division(doc, start, end, gazetteer):
                    source = "ner"
            elif kind not in ("calendar", "area") and _short_code_ok(text, key):
                source = "ner"
        elif label in ("NORP", "ORG", "PERSON"):
            # The small model tags many places NORP ("Tajikistan"), ORG ("Chitral", "Kano
            # State") or PERSON ("Rutshuru"): keep a known name that is no organisation.
            source = _misfit(doc, start, end, label, gazetteer, stop)
        elif label in ("PRODUCT", "EVENT", "WORK_OF_ART", "LAW") and _feature_at(doc, end):
            # "Niger state" tagged PRODUCT: a feature word after a known name says place
            source = _misfit(doc, start, end, "ORG", gazetteer, stop)
        if not source and label in ("ORG", "PRODUCT") and end - start > 1 and \
                doc[end - 1].lower_ in _facility_words():
            source = "facility"     # "Rainbow Children's Hospital", "Leeds Academy"
        if source:
            spans.append(_Span(start, end, source, label=label))
            for i in range(start, end):
                taken[i] = True
        elif label in BLOCKING_LABELS:
            for i in range(ent.start, ent.end):
                blocked[i] = True
    spans = _merge_adjacent(doc, spans, gazetteer, taken)

    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if taken[i] or blocked[i] or not _is_cap(token) or (
                token.pos_ not in ("PROPN", "NOUN", "ADJ", "X") and i >= dateline_end):
            i += 1
            continue
        best = None
        j = i
        limit = min(n, i + 6)
        ends = []
        while j < limit and not taken[j] and not blocked[j]:
            tok = doc[j]
            if _is_cap(tok) or (j > i and tok.lower_[:2] in ("d'", "d’") and len(tok) > 2):
                ends.append(j + 1)
            elif tok.lower_ not in CONNECTORS or j == i:
                break
            j += 1
        for end in reversed(ends):
            text = doc[i:end].text
            key = fold(text)
            if key and key not in features and _short_code_ok(text, key) and (
                    gazetteer.is_known(text) or (end - i == 1 and gazetteer.is_known("al " + key))):
                best = end
                break
        if best is None:
            i += 1
            continue
        text = doc[i:best].text
        key = fold(text)
        kind = stop.get(key)
        ok = True
        if kind in ("calendar", "never", "area", "direction"):
            ok = False
        elif best <= dateline_end:
            ok = True       # "GOMA, Democratic Republic of Congo -", "ADRÉ, Chad -": the dateline names places
        elif kind == "person":
            ok = _locative_before(doc, i) or _comma_place_after(doc, best, gazetteer)
        elif token.is_sent_start or (i > 0 and doc[i - 1].text in ('"', "“", "‘", "'")):
            # A capital at the start of a sentence says nothing: ask for a clear place.
            ok = _locative_before(doc, i) or _strong_name(gazetteer, text) or best - i > 1
        elif best - i == 1 and doc[i].pos_ != "PROPN":
            ok = _locative_before(doc, i) and _strong_name(gazetteer, text)
        if ok and best < n and doc[best].lower_ in ORG_WORDS:
            ok = False
        if ok:
            spans.append(_Span(i, best, "gazetteer"))
            for k in range(i, best):
                taken[k] = True
        i = best if ok else i + 1
    spans.sort(key=lambda s: s.start)
    return spans


def _hyphen_end(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> int:
    """Return the end of an entity the model cut at a hyphen ("Croix" of "Croix-des-Bouquets"),
    when the whole hyphenated name is a known place."""
    k = end
    while k + 1 < len(doc) and doc[k].text == "-" and not doc[k - 1].whitespace_ \
            and not doc[k].whitespace_ and doc[k + 1].is_alpha:
        k += 2
    if k > end and gazetteer.is_known(doc[start:k].text):
        return k
    # "Democratic Republic of" + "Congo": the model stopped at a connector
    if doc[end - 1].lower_ in ("of", "the", "and", "de", "del", "al") and end - start > 1:
        for k in range(min(len(doc), end + 3), end, -1):
            if _is_cap(doc[k - 1]) and gazetteer.is_known(doc[start:k].text):
                return k
    return end


def _misfit(doc: Doc, start: int, end: int, label: str, gazetteer: Gazetteer,
            stop: dict[str, str]) -> str | None:
    """Return "ner-misfit" if an ORG/PERSON/NORP entity is a known place name worth checking."""
    span = doc[start:end]
    text = span.text
    words = {t.lower_ for t in span}
    if words & ORG_WORDS or end - start > 4:
        return None
    if end < len(doc) and doc[end].lower_ in ORG_WORDS:
        return None
    if _address_division(doc, start, end, gazetteer):
        return "ner-misfit"     # "in Bois-Neuf, Artibonite, ...": the division closing an address
    if stop.get(fold(text)) in ("calendar", "never", "area", "direction"):
        return None
    known = gazetteer.is_known(text) or (
        end - start > 1 and doc[end - 1].lower_ in _feature_words()
        and gazetteer.is_known(doc[start:end - 1].text))
    if not known:
        return None
    if label == "NORP":
        # "Omdurman" ends a phrase; "Afghan" in "the Afghan border" qualifies a noun.
        nxt = doc[end] if end < len(doc) else None
        if gazetteer.country_code(text):
            return "ner-misfit"
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and not _feature_at(doc, end):
            return None
        if not _locative_before(doc, start) and not _feature_at(doc, end):
            return None
    if label == "PERSON":
        if stop.get(fold(text)) == "person" and not _locative_before(doc, start):
            return None
        return "ner-person"
    return "ner-misfit"


def _merge_adjacent(doc: Doc, spans: list[_Span], gazetteer: Gazetteer, taken: list[bool]) -> list[_Span]:
    """Join entity pieces the model split: "the Democratic Republic of the" + "Congo",
    "Jammu" + "and" + "Kashmir", when the joined name is known."""
    spans.sort(key=lambda s: s.start)
    out: list[_Span] = []
    k = 0
    while k < len(spans):
        span = spans[k]
        merged = False
        for m in range(min(len(spans) - 1, k + 2), k, -1):
            nxt = spans[m]
            if nxt.start - span.end > 2 or any(
                    doc[t].lower_ not in CONNECTORS for t in range(span.end, nxt.start)):
                continue
            if gazetteer.is_known(doc[span.start:nxt.end].text):
                for t in range(span.end, nxt.end):
                    taken[t] = True
                out.append(_Span(span.start, nxt.end, "ner"))
                k = m + 1
                merged = True
                break
        if not merged:
            # "the Democratic Republic of the" alone: drop the dangling connectors
            end = span.end
            while end - span.start > 1 and doc[end - 1].lower_ in CONNECTORS:
                end -= 1
            span.end = end
            out.append(span)
            k += 1
    return out


def _evidence(doc: Doc, start: int, end: int, gazetteer: Gazetteer, weak: bool = True) -> bool:
    """Return True if the words around a name say it is a place: "in X", "X, Y", "X and Y in",
    "Sindh and X"."""
    if _locative_before(doc, start, weak) or _comma_place_after(doc, end, gazetteer):
        return True
    if end + 1 < len(doc) and doc[end].lower_ in ("and", "or", "in") and _is_cap(doc[end + 1]) \
            and gazetteer.is_known(doc[end + 1].text):
        return True
    if start >= 2 and doc[start - 1].lower_ in (",", "and", "or") and _is_cap(doc[start - 2]) and (
            doc[start - 2].ent_type_ in PLACE_LABELS or doc[start - 2].lower_ in _feature_words()
            or gazetteer.is_known(doc[start - 2].text)):
        return True       # "Sindh and Punjab", "Arundu Sector, Chitral"
    return False


def _locative_before(doc: Doc, start: int, weak: bool = True) -> bool:
    k = start - 1
    while k >= 0 and doc[k].lower_ in ("the", "a", "an", "northern", "southern", "eastern",
                                       "western", "central", "north", "south", "east", "west"):
        k -= 1
    # "of" says place in "the capital of Tigray" but not in "the works of Orwell"
    return k >= 0 and doc[k].lower_ in LOCATIVE and (weak or doc[k].lower_ != "of")


def _comma_place_after(doc: Doc, end: int, gazetteer: Gazetteer) -> bool:
    return end + 1 < len(doc) and doc[end].text == "," and _is_cap(doc[end + 1]) and \
        gazetteer.is_known(doc[end + 1].text)


def _strong_name(gazetteer: Gazetteer, text: str) -> bool:
    cands = gazetteer.candidates(text, 3)
    return any(c.feature in BROAD_FEATURES or c.population >= 100_000 for c in cands if not c.alternate)


def _gazetteer_span_ok(doc: Doc, span: _Span, countries: set[str], gazetteer: Gazetteer) -> bool:
    """Return True if a name only the gazetteer found is a place in this context: after "in",
    before ", <place>", with a feature word, a big or well-known place, or a town of a country
    the document names ("Printer Friendly Page" is no town in Maryland)."""
    if _evidence(doc, span.start, span.end, gazetteer, weak=span.source == "gazetteer"):
        return True
    if _closes_address(doc, span) and any(c.feature in ("admin1", "admin2") for c in span.cands):
        return True     # "near Bois-Neuf, Nippes, a mob ...": the address's division
    if _feature_hint(doc, span) or (span.end - span.start > 1 and span.source == "gazetteer"):
        return True
    main = [c for c in span.cands if not c.alternate]
    if not main:
        return False        # "White House" is an alternate name of Casablanca: too weak alone
    if any(c.feature in BROAD_FEATURES for c in main):
        return True
    if span.source != "gazetteer" and span.end - span.start == 1:
        # "Orwell", "Congress": a surname or a body unless the words around say place
        return any(c.population >= 100_000 for c in main) and span.source != "ner-person"
    if any(c.population >= 100_000 for c in main):
        return True
    # a lone capitalised word inside a title-cased phrase ("Printer Friendly Page") is no town
    neighbours = [doc[k] for k in (span.start - 1, span.end) if 0 <= k < len(doc)]
    if span.source == "gazetteer" and (
            any(_is_cap(t) and not t.is_sent_start for t in neighbours) or doc[span.start].pos_ != "PROPN"):
        return False
    return any(c.country in countries and c.population >= 5000 for c in main)


def _foreign_village(doc: Doc, span: _Span, countries: set[str], gazetteer: Gazetteer) -> bool:
    """Return True for a small town abroad in a document about other countries: "Fife" in a
    story about Scotland is no town in Washington state, "Tatton" no town in Australia."""
    if not countries or _comma_place_after(doc, span.end, gazetteer):
        return False
    if _feature_at(doc, span.end) or (span.start >= 2 and doc[span.start - 1].lower_ == "of"
                                      and _feature_at(doc, span.start - 2)):
        return False        # "the town of Torodi", "Gusau local government area": surely a place
    for c in span.cands:
        if c.country in countries or c.feature != "place" or c.population >= 50_000:
            return False
    return True


def _feature_hint(doc: Doc, span: _Span) -> str | None:
    words = _feature_words()
    hint = _feature_at(doc, span.end)
    if hint:
        return hint
    last = doc[span.end - 1].lower_
    if span.end - span.start > 1 and last in words:
        return words[last]
    # "the province of Kunar", "the state of Borno"
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in words:
        return words[doc[span.start - 2].lower_]
    return None


def _lookup(gazetteer: Gazetteer, doc: Doc, span: _Span, dateline_end: int = 0) -> list[Candidate]:
    text = doc[span.start:span.end].text
    cands = gazetteer.candidates(text, 25)
    words = _feature_words()
    if not cands and span.end - span.start > 1 and doc[span.end - 1].lower_ in words:
        # "Kharkiv Oblast", "Niger State", "Arundu Sector": look up the name without the word.
        cands = gazetteer.candidates(doc[span.start:span.end - 1].text, 25)
    if not cands:
        # "Qamishli" is "Al Qamishli" in GeoNames, "Al-Hasakah" is "Hasakah" in news
        key = fold(text)
        for prefix in ("al ", "el ", "ad ", "ar ", "as ", "ash "):
            if key.startswith(prefix):
                cands = gazetteer.candidates(key[len(prefix):], 25)
                break
        else:
            cands = gazetteer.candidates("al " + key, 25)
        cands = [c for c in cands if c.feature != "country"]
    address = _closes_address(doc, span)
    if span.source in ("ner", "ner-misfit") and (_feature_hint(doc, span) or address) and not any(
            c.feature in ("country", "admin1", "admin2") for c in cands):
        # a division the model tags as a place, spelt another way: "in Sangar village,
        # Helmund.", "Pokrovka, Zaporozhye region"; in an address's division slot it beats a
        # hamlet abroad of the exact spelling ("near Bois-Neuf, Grand Anse, ...")
        base = doc[span.start:span.end - 1].text if span.end - span.start > 1 and doc[span.end - 1].lower_ in words else text
        similar = [c for c in gazetteer.divisions_like(base) if c.feature == "admin1" or _feature_hint(doc, span)]
        if similar and (not cands or address):
            cands = similar
    if len(text) <= 4 and text.replace(".", "").isupper() and span.end > dateline_end:
        # "US", "DRC", "FCT" are abbreviations of countries and divisions; "BA" is neither a town
        # in Fiji nor Fiji's Ba Province (a name written in capitals is no abbreviation of itself)
        key = fold(text)
        cands = [c for c in cands if c.feature == "country" or (c.feature != "place" and fold(c.name) != key)]
    return cands


def _closes_address(doc: Doc, span: _Span) -> bool:
    """Return True for the last part of an address "X, Y" that ends its clause: "in Bois-Neuf,
    Artibonite, armed men ...", "shelled Pokrovka, Zaporozhye."."""
    return _address_end(doc, span.start, span.end)


def _address_end(doc: Doc, start: int, end: int) -> bool:
    # "Bois-Neuf, Artibonite,", "the Lascahobas commune, Centre,"
    return start >= 2 and doc[start - 1].text == "," and (
        _is_cap(doc[start - 2]) or doc[start - 2].lower_ in _feature_words()) and (
        end >= len(doc) or doc[end].text in (".", ";", ",") or doc[end].is_sent_start)


def _address_division(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """Return True if ``doc[start:end]`` closes an address "X, Y," and names a first- or
    second-level division, whatever label the model gave it ("Artibonite" as NORP, "Grand Anse"
    as ORG, "Centre" as a compass word)."""
    if not _address_end(doc, start, end) or end - start > 4:
        return False
    text = doc[start:end].text
    return any(c.feature in ("admin1", "admin2") and not c.alternate for c in gazetteer.candidates(text, 10)) \
        or any(c.feature == "admin1" for c in gazetteer.divisions_like(text, 3))


@dataclass(frozen=True)
class RankedMention:
    """A mention's candidates with their ranking features, as the last pass saw them (for
    fitting the weights and for explaining a choice)."""

    start_char: int
    end_char: int
    text: str
    candidates: tuple[Candidate, ...]
    features: tuple[dict[str, float], ...]


def find_places(doc: Doc, gazetteer: Gazetteer, trace: list[RankedMention] | None = None) -> list[PlaceMention]:
    """Return every place mention of ``doc``, resolved, in document order. ``trace`` collects
    each mention's candidates and ranking features."""
    # a dateline is written in capitals ("ADRÉ, Chad -"): its names are places, not acronyms
    dateline_end = _dateline_end(doc) or _opening_capitals_end(doc, gazetteer)
    spans = _collect_spans(doc, gazetteer, dateline_end)
    kept: list[_Span] = []
    unknown: list[_Span] = []
    for span in list(spans):
        span.cands = _lookup(gazetteer, doc, span, dateline_end)
        if span.cands:
            span.hint = _feature_hint(doc, span)
            kept.append(span)
        elif span.source == "ner" and span.label in ("GPE", "LOC") and (parts := _entity_parts(doc, span, gazetteer)):
            # the model joined names into one entity ("Alton, Hampshire", "south east
            # London", "Spain Portugal"): each known part is a mention of its own
            for part in parts:
                part.cands = _lookup(gazetteer, doc, part, dateline_end)
                if part.cands:
                    part.hint = _feature_hint(doc, part)
                    kept.append(part)
        elif span.source in ("ner", "facility") and _is_facility(doc, span):
            unknown.append(span)
    facilities: list[_Span] = []       # facilities with no town in their name: placed by context
    if unknown:
        countries = {s.cands[0].country for s in kept if s.source == "ner" and s.cands[0].feature != "place"
                     and not s.cands[0].alternate}
        for span in unknown:
            span.cands = _embedded_place(doc, span, gazetteer, countries)
            if span.cands:
                span.source = "facility"
                kept.append(span)
            elif span.end - span.start > 1 and doc[span.end - 1].lower_ in _facility_words() \
                    and (span.label != "ORG" or _locative_before(doc, span.start, weak=False)):
                # "Elm Street", "the Regent Theatre"; a name the model tags ORG is a building
                # when a preposition of place governs it ("dead at Mercy General Hospital",
                # "the news conference at Harbour Arena"), else an institution ("Mercy General
                # Hospital said")
                facilities.append(span)
        kept.sort(key=lambda s: s.start)
    spans = _apply_parentheticals(doc, kept, gazetteer)
    spans.extend(_demonym_places(doc, spans, gazetteer))
    spans.extend(_abbreviations_after_place(doc, spans, gazetteer))
    spans.sort(key=lambda s: s.start)
    modifiers = _demonym_modifiers(doc, spans, gazetteer)
    # countries the entities surely name (countries and divisions), to vouch for weaker names
    ner_countries = {s.cands[0].country for s in spans
                     if s.source in ("ner", "parenthetical", "demonym")
                     and s.cands[0].feature != "place" and not s.cands[0].alternate}
    # (nationality words do not vouch for villages: "Australian builder" + "Docklands" is London)
    ner_countries.update(s.cands[0].country for s in spans if s.end <= dateline_end)
    demonyms = _demonym_countries(doc, spans, gazetteer)
    if modifiers:
        spans = sorted(spans + modifiers, key=lambda s: s.start)
    spans = [s for s in spans if (s.source in ("ner", "parenthetical", "demonym", "modifier", "facility")
                                  or s.end <= dateline_end
                                  or _gazetteer_span_ok(doc, s, ner_countries, gazetteer))
             and not _foreign_village(doc, s, ner_countries, gazetteer)]
    if not spans:
        return []
    _link_containers(doc, spans)
    _prefer_address_divisions(doc, spans)
    if facilities:
        taken = {k for s in spans for k in range(s.start, s.end)}
        facilities = [f for f in facilities if not any(k in taken for k in range(f.start, f.end))]

    # countries the document names outright, and those its nationality words name ("Lebanese
    # security sources"): a story mostly happens where its people come from
    named: Counter = Counter()
    for span in spans:
        if span.cands[0].feature == "country" and not span.cands[0].alternate:
            named[span.cands[0].country] += 1
    named.update(demonyms)

    for span in spans:
        _choose(span, spans, named, None)
    # the dateline's place says where the reporter is ("NIAMEY -", "ADRÉ, Chad -")
    for span in spans:
        if span.end <= dateline_end and span.chosen is not None:
            named[span.chosen.country] += 2
    # countries of the towns and divisions chosen in pass 1 (named countries count already)
    chosen_countries = Counter(s.chosen.country for s in spans
                               if s.chosen and s.chosen.feature != "country")
    for span in spans:
        if len(span.cands) > 1:
            _choose(span, spans, named, chosen_countries)

    mentions = []
    for span in spans:
        c = span.chosen
        assert c is not None
        text = doc[span.start:span.end].text
        if trace is not None and span.features:
            ds = doc[span.start:span.end]
            trace.append(RankedMention(ds.start_char, ds.end_char, text, tuple(span.cands), tuple(span.features)))
        place = Place(
            text=text, name=c.name, admin1=c.admin1 if c.feature not in ("country", "region") else None,
            admin2=c.admin2 if c.feature in ("place", "admin2") else None,
            country=c.country or None, country_name=c.country_name, lat=round(c.lat, 5),
            lon=round(c.lon, 5), geonameid=c.geonameid, precision=c.feature,
            score=round(span.score, 3),
        )
        ds = doc[span.start:span.end]
        mentions.append(PlaceMention(
            start=span.start, end=span.end, start_char=ds.start_char, end_char=ds.end_char,
            text=text, place=place,
            role="modifier" if span.source == "modifier" else "container" if span.contained else "mention",
            source=span.source, candidates=tuple(span.cands),
        ))
    if facilities:
        mentions = _place_facilities(doc, facilities, mentions)
    return mentions


def nationality_place(doc: Doc, gazetteer: Gazetteer) -> Place | None:
    """Return, for a text that names no place at all, the country its nationality words name
    most ("Nigerien soldiers repelled an attack on their base") at country precision, else None:
    a text that names a nationality is never placed nowhere. (The word is no place mention.)"""
    demonyms = _demonym_countries(doc, (), gazetteer)
    if not demonyms:
        return None
    code = max(demonyms, key=lambda c: (demonyms[c], c))
    country = gazetteer.country(code)
    token = next((t for t in _cap_words(doc) if _demonym_country(t.text) == code), None)
    if country is None or token is None:
        return None
    return Place(text=token.text, name=country.name, country=country.country,
                 country_name=country.country_name, lat=round(country.lat, 5),
                 lon=round(country.lon, 5), geonameid=country.geonameid, precision="country",
                 score=0.5)


def _place_facilities(doc: Doc, facilities: Sequence[_Span], mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Return ``mentions`` with the facilities whose name holds no known town ("Elm Street",
    "the Regent Theatre") placed in the town the text is about: the town or district it
    mentions most."""
    # towns the model itself tagged as places: a name only the gazetteer saw may be a person's
    towns = [m for m in mentions if m.place.precision in ("place", "admin2") and m.source in ("ner", "parenthetical")]
    if not towns:
        return mentions
    # the town the text is about: the one mentioned most, the first on a tie
    counts = Counter((m.place.name, m.place.country) for m in towns)
    town = max(towns, key=lambda m: (counts[(m.place.name, m.place.country)], -m.start))
    out = list(mentions)
    for span in facilities:
        ds = doc[span.start:span.end]
        out.append(PlaceMention(
            start=span.start, end=span.end, start_char=ds.start_char, end_char=ds.end_char,
            text=ds.text, place=replace(town.place, text=ds.text, score=round(0.5 * (town.place.score or 1), 3)),
            source="facility-context",
        ))
    out.sort(key=lambda m: m.start)
    return out


def _parentheticals(doc: Doc) -> list[_Paren]:
    """Return the ACLED-style brackets after a place name: "Kagara (Rafi, Niger)", "Gao (Gao,
    Gao)", "Hyderabad (Hyderabad, Sindh)": one to three capitalised names split by commas."""
    out: list[_Paren] = []
    for k in _token_ids(doc, _ids(("(",))):
        token = doc[k]
        if token.i == 0:
            continue
        before = doc[token.i - 1]
        # "Kagara (Rafi, Niger)"; also "Rikwe Chongoi village (Kaura, Kaduna)"
        if not (_is_cap(before) or (before.lower_ in _feature_words() and token.i >= 2 and _is_cap(doc[token.i - 2]))):
            continue
        close = next((k for k in range(token.i + 2, min(len(doc), token.i + 14)) if doc[k].text == ")"), None)
        if close is None:
            continue
        parts, start, ok = [], token.i + 1, True
        for k in range(token.i + 1, close + 1):
            if doc[k].text in (",", ")"):
                if k == start or not _is_cap(doc[start]):
                    ok = False
                    break
                parts.append((start, k))
                start = k + 1
            elif not (_is_cap(doc[k]) or doc[k].lower_ in CONNECTORS or (
                    k > start and doc[k].lower_ in _feature_words())):
                ok = False      # (a feature word may close a part: "(Kalay township, Sagaing Region)")
                break
        if not ok or not 1 <= len(parts) <= 3:
            continue
        begin = token.i - 1
        while begin > 0 and token.i - begin < 8:
            prev = doc[begin - 1]
            if (not prev.whitespace_ and prev.is_alpha or prev.text == "-") or _is_cap(prev) or (
                    prev.lower_ in CONNECTORS and begin > 1 and _is_cap(doc[begin - 2])):
                begin -= 1      # "Croix-des-Bouquets", "Dera Ismail Khan", "Bab al-Hawa"
            else:
                break
        while begin < token.i and not _is_cap(doc[begin]):
            begin += 1
        if doc[begin].is_sent_start and begin + 1 < token.i:
            begin += 1      # "Rebels attacked ..." : a capital at the start of a sentence
        out.append(_Paren(begin, token.i, token.i, close, tuple(parts)))
    return out


def _apply_parentheticals(doc: Doc, spans: list[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Return ``spans`` with each bracketed "(admin2, admin1)" turned into a constraint on the
    name before it, not a mention of its own. A name the gazetteer lacks ("Kagara") takes the
    admin2 town or the admin1 division the bracket names, so the event still has its place."""
    parens = _parentheticals(doc)
    if not parens:
        return spans
    out = list(spans)
    for paren in parens:
        a1_start, a1_end = paren.parts[-1]
        a1_text = _part_text(doc, a1_start, a1_end)
        a1_cands = [c for c in gazetteer.candidates(a1_text, 25) if c.feature == "admin1"]
        if not a1_cands:
            # a division spelt another way ("Helmund", "Togdher", "Zaporozhye")
            a1_cands = [c for c in gazetteer.divisions_like(a1_text) if c.feature == "admin1"]
            if a1_cands:
                a1_text = a1_cands[0].name
        enclosing = a1_cands
        key = fold(a1_text)
        if not a1_cands and len(paren.parts) >= 2:
            # the bracket's last name is a second-level division in GeoNames' terms (Burkina
            # Faso's provinces: "Tindiga (Tongomayel, Soum)"): it encloses the place just the same
            enclosing = [c for c in gazetteer.candidates(a1_text, 25) if c.feature == "admin2"] or [
                c for c in gazetteer.divisions_like(a1_text) if c.feature == "admin2"]
            if enclosing:
                key = fold(enclosing[0].admin1 or a1_text)
        x_text = doc[paren.start:paren.end].text
        x_cands = gazetteer.candidates(x_text, 25)
        if enclosing:
            # a division name many countries share ("Plateau", "North East", "Northwestern"):
            # the bracket's other names say which country is meant ("Port Loko Town (Maforki,
            # Port Loko, Northwestern)" is in Sierra Leone, not Zambia's North-Western)
            inner_cands = [c for a, b in paren.parts[:-1] for c in gazetteer.candidates(_part_text(doc, a, b), 25)]
            named = {c.country for c in x_cands + inner_cands}
            common = named & {c.country for c in enclosing}
            if common:
                enclosing = [c for c in enclosing if c.country in common]
            elif any(c.feature in BROAD_FEATURES or c.population >= 100_000 for c in x_cands + inner_cands):
                # a namesake abroad: the bracket constrains nothing ("Dakar (Plateau)" is a
                # neighbourhood, not Nigeria's Plateau State); the names it holds place the event.
                # (A village only namesakes abroad know stays with the bracket's division: the
                # bracket rules out "Pensa" in Russia; so do small namesakes of its districts.)
                out = [s for s in out if s.end <= paren.start or s.start > paren.close]
                span = _Span(paren.start, paren.end, "parenthetical")
                span.cands = [c for c in x_cands + inner_cands if c.feature in BROAD_FEATURES or c.population >= 100_000]
                span.hint = _feature_hint(doc, span)
                out.append(span)
                continue
        if not enclosing and not any(c.admin1 and fold(c.admin1) == key for c in x_cands):
            # "(SDF)", "(Reuters)": no division. An ACLED bracket whose division the gazetteer
            # does not name ("Jenin (Jenin, Jenin)") still names no place of its own: its names
            # must not outvote the place before it
            inner = [c for a, b in paren.parts for c in gazetteer.candidates(doc[a:b].text, 5)]
            if len(paren.parts) == 2 and inner and not any(c.feature == "country" for c in inner):
                out = [sp for sp in out if not (paren.open < sp.start and sp.end <= paren.close)]
            continue
        # "(admin2, admin1)", "(admin3, admin2, admin1)": the most specific division known
        inner_parts = [_part_text(doc, a, b) for a, b in paren.parts[:-1]]
        within = _Within(key, frozenset(c.admin1_code for c in enclosing if c.admin1_code),
                         frozenset(c.country for c in enclosing))
        out = [s for s in out if s.end <= paren.start or s.start > paren.close]
        span = _Span(paren.start, paren.end, "parenthetical", within=within)
        # the bracket rules out namesakes abroad: "Boni (Douentza, Mopti)" is not Bonn
        span.cands = [c for c in x_cands if _within_score(c, within) > 0] if within.countries else x_cands
        for part in inner_parts:
            if span.cands:
                break
            span.cands = _enclosing_admin2(gazetteer, part, within)
        if not span.cands:
            span.cands = enclosing
        if span.cands:
            span.hint = _feature_hint(doc, span)
            out.append(span)
    out.sort(key=lambda s: s.start)
    return out


def _part_text(doc: Doc, start: int, end: int) -> str:
    """Return a bracket part's name without the feature word that closes it ("Sagaing Region" ->
    "Sagaing", "Kalay District" -> "Kalay")."""
    if end - start > 1 and doc[end - 1].lower_ in _feature_words():
        return doc[start:end - 1].text
    return doc[start:end].text


def _prefer_address_divisions(doc: Doc, spans: list[_Span]) -> None:
    """In an address "X, Y" whose Y is both a town and a division, keep Y's division readings
    that hold a place called X: "Ivanivka, Donetsk" is the Donetsk region (it has an
    Ivanivka), "Paris, Texas" the state."""
    for span in spans:
        if span.container is None:
            continue
        outer = spans[span.container]
        if [t.text for t in doc[span.end:outer.start]] != [","]:
            continue
        divisions = [c for c in outer.cands if c.feature in ("admin1", "admin2")]
        if not divisions or len(divisions) == len(outer.cands):
            continue
        codes = {c.admin1_code for c in span.cands if c.feature != "admin1"}
        holding = [c for c in divisions if c.admin1_code in codes]
        if holding:
            outer.cands = holding


def _enclosing_admin2(gazetteer: Gazetteer, name: str, within: _Within) -> list[Candidate]:
    """Return the second-level division an ACLED bracket names for a village the gazetteer does
    not know ("Kpabagou (Kandi, Alibori)"): the district itself, else the town it is
    named after (a commune, LGA or cercle is mostly named after its seat), at precision admin2."""
    cands = gazetteer.candidates(name, 25) or gazetteer.divisions_like(name)
    inside = [c for c in cands if c.feature in ("admin2", "place") and _within_score(c, within) > 3]
    if not inside and within.admin1_codes:
        # a district spelt another way inside the bracket's division ("Adan Yabaal", "Hpapun")
        inside = gazetteer.spelt_like_within(name, within.admin1_codes)
    inside.sort(key=lambda c: (c.feature != "admin2", -c.population))
    return [c if c.feature == "admin2" else replace(c, feature="admin2", admin2=c.name, geonameid=None)
            for c in inside[:1]]


def _within_score(c: Candidate, within: _Within) -> float:
    if (c.admin1_code and c.admin1_code in within.admin1_codes) or (c.admin1 and fold(c.admin1) == within.key):
        return 5.0
    if c.country in within.countries:
        return 1.0
    return -2.0


def _demonym_country(text: str) -> str | None:
    from geoevent.extraction.actors import demonym_country

    return demonym_country(text)


def _cap_words(doc: Doc) -> Iterable[Token]:
    """Yield the one-token capitalised words of ``doc`` that name a nationality or a country."""
    for k in _token_ids(doc, _nationality_ids()):
        token = doc[k]
        if _is_cap(token):
            yield token


@lru_cache(maxsize=1)
def _nationality_ids() -> frozenset[int]:
    # the words of the nationality file, as spaCy string ids, to find them without a Python loop
    # over every token (find_places must stay near a millisecond a document)
    words = {row[0] for row in read_tsv(builtin_path("demonyms.tsv"), 2) if " " not in row[0]}
    words |= {w.upper() for w in words}
    return _ids(tuple(sorted(words)))


@lru_cache(maxsize=8)
def _ids(words: tuple[str, ...]) -> frozenset[int]:
    from spacy.strings import get_string_id

    return frozenset(get_string_id(w) for w in words)


def _token_ids(doc: Doc, ids: frozenset[int]) -> list[int]:
    """Return the offsets of the tokens whose text is one of ``ids`` (spaCy string ids)."""
    from spacy.attrs import ORTH

    if not len(doc):
        return []
    return [k for k, orth in enumerate(doc.to_array(ORTH).tolist()) if orth in ids]


def _demonym_places(doc: Doc, spans: list[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Return the nationality words written where a country is meant: "have taken refuge in
    Pakistani, officials said", "crossed into Afghan territory"."""
    out = []
    taken = {i for s in spans for i in range(s.start, s.end)}
    for token in _cap_words(doc):
        i = token.i
        if i == 0 or i in taken or doc[i - 1].lower_ not in DEMONYM_PLACE_PREPS:
            continue
        if token.ent_type_ not in ("NORP", "") or gazetteer.country_code(token.text):
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        # what may follow: punctuation, "territory", a conjunction, or a new phrase ("refuge in
        # Pakistani after ..."); not a noun ("in Pakistani custody")
        if nxt is not None and not (nxt.is_punct or nxt.lower_ in DEMONYM_PLACE_NOUNS or (
                nxt.lower_ in ("and", "or", "but") and not (
                    i + 2 < len(doc) and _demonym_country(doc[i + 2].text))) or (
                nxt.pos_ in ("ADP", "SCONJ") and nxt.lower_ != "of")):
            continue
        code = _demonym_country(token.text)
        country = gazetteer.country(code) if code else None
        if country is not None:
            span = _Span(i, i + 1, "demonym")
            span.cands = [country]
            out.append(span)
    return out


@lru_cache(maxsize=1)
def _after_town_abbreviations() -> dict[str, str]:
    return {row[0]: row[2] for row in read_tsv(builtin_path("places_abbreviations_after_town.tsv"), 3)}


def _abbreviations_after_place(doc: Doc, spans: Sequence[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Return the division abbreviations that are also common words ("Ill.", "La.", "N.B.")
    written right after a place and a comma ("SPRINGFIELD, Ill. (AP)", "in Slidell, La., on"),
    the only place they are read as divisions."""
    table = _after_town_abbreviations()
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for span in spans:
        k = span.end + 1
        if k < len(doc) and doc[span.end].text == "," and k not in taken and doc[k].text in table:
            division = gazetteer.admin1(table[doc[k].text])
            if division is not None:
                found = _Span(k, k + 1, "ner")
                found.cands = [division]
                out.append(found)
    return out


@lru_cache(maxsize=1)
def _land_nouns() -> frozenset[str]:
    return frozenset(row[0].lower() for row in read_tsv(builtin_path("places_land_nouns.tsv"), 1))


def _demonym_modifiers(doc: Doc, spans: Sequence[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Return the nationality words that modify a noun of land ("the Syrian capital", "near the
    Turkish border", "the Syrian-Turkish border", a British city"): each names its country's
    land (the class GeoWebNews calls a literal modifier). A nationality word before people or
    institutions ("Turkish forces", "the Syrian government") is no place."""
    out = []
    taken = {i for s in spans for i in range(s.start, s.end)}
    nouns = _land_nouns()
    for token in _cap_words(doc):
        i = token.i
        if i in taken or token.ent_type_ not in ("NORP", "GPE", ""):
            continue
        # the noun after the word and any nationality words joined to it ("Syrian-Turkish")
        j = i + 1
        while j < len(doc) and (doc[j].text in ("-", "/", "and") or (
                _is_cap(doc[j]) and _demonym_country(doc[j].text))):
            j += 1
        if j >= len(doc) or doc[j].lower_ not in nouns or doc[j].pos_ not in ("NOUN", "PROPN"):
            continue
        if gazetteer.country_code(token.text):     # a country's name is found as such
            continue
        code = _demonym_country(token.text)
        country = gazetteer.country(code) if code else None
        if country is not None:
            span = _Span(i, i + 1, "modifier")
            span.cands = [country]
            out.append(span)
    return out


def _demonym_countries(doc: Doc, spans: Sequence[_Span], gazetteer: Gazetteer) -> Counter:
    """Return the countries the nationality words of ``doc`` name ("Pakistani", "Nigerien"),
    outside place mentions."""
    found: Counter = Counter()
    inside = {i for s in spans for i in range(s.start, s.end)}
    for token in _cap_words(doc):
        if token.i in inside or token.ent_type_ not in ("NORP", "", "ORG", "PERSON"):
            continue
        if token.pos_ not in ("ADJ", "PROPN", "NOUN"):
            continue
        code = _demonym_country(token.text)
        if code and not gazetteer.country_code(token.text):     # a country's name counts already
            found[code] += 1
    return found


def _entity_parts(doc: Doc, span: _Span, gazetteer: Gazetteer) -> list[_Span]:
    """Return the parts of an entity the gazetteer does not know as a whole: its pieces
    between commas, without the lower-case words that open them ("south east London"), and,
    for a piece of two or three words that each name a country, each word ("Spain Portugal"; not
    a town of three words)."""
    pieces, start = [], span.start
    for k in range(span.start, span.end + 1):
        if k == span.end or doc[k].text == ",":
            a = start
            while a < k and not _is_cap(doc[a]):
                a += 1
            if a < k:
                pieces.append((a, k))
            start = k + 1
    if pieces == [(span.start, span.end)]:
        a, b = pieces[0]
        if not 2 <= b - a <= 3 or not all(gazetteer.country_code(doc[k].text) for k in range(a, b)):
            return []
        pieces = [(k, k + 1) for k in range(a, b)]
    return [_Span(a, b, "ner", label=span.label) for a, b in pieces]


def _opening_capitals_end(doc: Doc, gazetteer: Gazetteer) -> int:
    """Return the end of a place name in capitals that opens the text as a dateline without a
    dash ("KANSAS CITY Lawmakers voted ...", "NORTH KIVU, March 3 (AFP):", "FRESNO,
    Calif."), else 0: up to four words in capitals the gazetteer knows, then punctuation or a
    word that is not in capitals."""
    end = 0
    while end < min(len(doc), 4) and doc[end].is_alpha and doc[end].text.isupper() and len(doc[end]) > 1:
        end += 1
    if not end or end >= len(doc) or doc[end].text.isupper() and doc[end].is_alpha:
        return 0
    if not (doc[end].is_punct or _is_cap(doc[end])):
        return 0
    return end if gazetteer.is_known(doc[:end].text) and not _stop_words().get(fold(doc[:end].text)) else 0


def _dateline_end(doc: Doc) -> int:
    """Return the token offset where a dateline ends ("GOMA, Democratic Republic of Congo -",
    "NIAMEY -", "KABUL, July 9 (Reuters) -"): its dash; 0 when the text opens with none."""
    from geoevent.pipeline import dateline_of

    found = dateline_of(doc)
    return found[1] - 1 if found else 0


def _link_containers(doc: Doc, spans: list[_Span]) -> None:
    """Mark "X, Y", "X in Y", "Y's X" pairs: Y contains X."""
    for k, span in enumerate(spans[:-1]):
        nxt = spans[k + 1]
        between = [t.lower_ for t in doc[span.end:nxt.start]]
        if between in ([","], [",", "in"], ["in"], [",", "in", "the"], ["in", "the"], ["(",],
                       [",", "in", "the", "eastern"]) or (
            len(between) <= 4 and between[:1] in ([","], ["in"]) and between[-1:] == ["in"]
        ):
            span.container = k + 1
            nxt.contained = True
        elif between in (["'s"], ["’s"]):
            nxt.container = k
            span.contained = True


@lru_cache(maxsize=1)
def ranking_weights() -> dict[str, float]:
    """Return the fitted weights of the ranking features (``rules/places_ranking.tsv``)."""
    weights = {}
    for name, value, *_ in read_tsv(builtin_path("places_ranking.tsv"), 2):
        weights[name] = float(value)
    return weights


def candidate_features(c: Candidate, span: _Span | None = None, spans: Sequence[_Span] = (),
                       named: Counter | None = None, chosen_countries: Counter | None = None,
                       same_name_places: frozenset = frozenset(), others_named: bool = False) -> dict[str, float]:
    """Return the ranking features of candidate ``c`` for a mention (nonzero values only): its
    size and kind, the words around the mention ("Kunar province"), the countries the document
    names, the ACLED bracket, the "X, Y" container and the places chosen around it."""
    f: dict[str, float] = {"log_population": math.log10(c.population + 10)}
    if c.feature == "place":
        f["log_population_town"] = f["log_population"]
        if c.population >= 150_000:
            f["big_city"] = 1.0
    else:
        f[f"is_{c.feature}"] = 1.0
    if c.alternate:
        f["alternate_name"] = 1.0
    if span is None:
        return f
    if span.hint == "admin1":
        if c.feature == "admin1":
            f["hint_division_admin1"] = 1.0
        elif c.feature == "country":
            f["hint_division_country"] = 1.0
    elif span.hint == "local":
        f["hint_local_town" if c.feature in ("place", "admin2") else "hint_local_other"] = 1.0
    elif c.feature == "admin1" and (c.country, c.admin1) in same_name_places:
        f["division_named_like_town"] = 1.0      # bare "Kano", "Kandahar": the city
    named = named or Counter()
    if named.get(c.country):
        f["country_named"] = 1.0
        if named[c.country] > 1:
            f["country_named_more"] = float(min(named[c.country] - 1, 2))
    elif others_named:
        f["other_countries_named"] = 1.0     # a country the document says nothing of
    if span.within is not None:
        f["bracket"] = _within_score(c, span.within)
    container = spans[span.container] if span.container is not None else None
    if container and container.chosen is None and container.cands:
        f["container"] = _containment(c, container.cands[0])
    if container and container.chosen is not None:
        f["container_chosen"] = _containment(c, container.chosen)
    inner = sum(_containment(s_in.chosen, c) for s_in in spans
                if s_in.container is not None and spans[s_in.container] is span and s_in.chosen is not None)
    if inner:
        f["contains_chosen"] = inner
    if chosen_countries is not None:
        others = chosen_countries.get(c.country, 0)
        if span.chosen is not None and span.chosen.country == c.country:
            others -= 1
        # (-1 when this mention's own first choice was a country: it does not vouch for itself)
        f["same_country_as_chosen"] = float(min(others, 2))
        near = _near_bonus(span, c, spans)
        if near:
            f["near_chosen"] = near
    return {k: v for k, v in f.items() if v}


def score_features(features: dict[str, float]) -> float:
    """Return the ranking score of a candidate's features under the fitted weights."""
    weights = ranking_weights()
    return sum(weights.get(k, 0.0) * v for k, v in features.items())


def _choose(span: _Span, spans: Sequence[_Span], named: Counter,
            chosen_countries: Counter | None) -> None:
    best_score, scores = None, []
    same_name_places = frozenset((c.country, c.admin1) for c in span.cands if c.feature == "place")
    # "Georgia" alone names Georgia in ``named``: only what other words name counts here
    own = span.cands[0].country if span.cands[0].feature == "country" and not span.cands[0].alternate else None
    others_named = any(n > (1 if code == own else 0) for code, n in named.items())
    span.features = []
    for c in span.cands:
        features = candidate_features(c, span, spans, named, chosen_countries, same_name_places, others_named)
        s = score_features(features)
        span.features.append(features)
        scores.append(s)
        if best_score is None or s > best_score:
            best_score = s
            span.chosen = c
    if len(scores) == 1:
        span.score = 0.9 if span.source == "ner" else 0.7
    else:
        top = max(scores)
        total = sum(math.exp(x - top) for x in scores)
        span.score = (1.0 / total) * (0.95 if span.source == "ner" else 0.8)


def _containment(inner: Candidate, outer: Candidate) -> float:
    if outer.feature == "country":
        return 2.0 if inner.country == outer.country else -0.5
    if outer.feature == "admin1":
        if inner.admin1_code and inner.admin1_code == outer.admin1_code and inner is not outer:
            return 3.0
        return 1.0 if inner.country == outer.country else -0.5
    if outer.feature == "admin2":
        if inner.admin2 and inner.admin2 == outer.admin2 and inner.admin1_code == outer.admin1_code \
                and inner is not outer:
            return 3.0
        return 1.0 if inner.country == outer.country else -0.5
    if outer.feature == "region":
        return 0.0
    if inner.country == outer.country:
        return 1.0 + (1.0 if inner.admin1_code == outer.admin1_code else 0.0)
    return -0.5


def _near_bonus(span: _Span, c: Candidate, spans: Sequence[_Span]) -> float:
    if c.feature == "country":
        return 0.0
    bonus = 0.0
    for other in spans:
        o = other.chosen
        if other is span or o is None or o.feature == "country":
            continue
        if c.feature == "admin1" and o.admin1_code == c.admin1_code and o.feature == "place":
            bonus += 1.5       # a town of this division is named too
        elif o.admin1_code and o.admin1_code == c.admin1_code and o is not c:
            bonus += 0.6
        elif distance_km(c.lat, c.lon, o.lat, o.lon) < 300:
            bonus += 0.4
        if bonus >= 2.0:
            break
    return min(bonus, 2.0)


def document_place(mentions: Sequence[PlaceMention], doc: Doc | None = None) -> Place | None:
    """Return the document's main place: the dateline ("KABUL —", "KABUL, July 9 (Reuters) -")
    when there is one, else the place mentioned most (the more precise one on a tie)."""
    if not mentions:
        return None
    first = mentions[0]
    if doc is not None and _is_dateline(doc, first):
        return first.place
    counts: Counter = Counter()
    order: dict = {}
    by_key: dict = {}
    rank = {"place": 3, "admin2": 2, "admin1": 1, "country": 0, "region": -1}
    for k, m in enumerate(mentions):
        if m.role == "modifier":
            continue
        key = (m.place.geonameid, m.place.name, m.place.country)
        counts[key] += 1
        order.setdefault(key, k)
        by_key.setdefault(key, m.place)
    if not counts:
        return None
    key = max(counts, key=lambda x: (counts[x], rank.get(by_key[x].precision or "", 0), -order[x]))
    return by_key[key]


def _is_dateline(doc: Doc, mention: PlaceMention) -> bool:
    """True when the mention is in the dateline that opens the text."""
    from geoevent.pipeline import dateline_of

    found = dateline_of(doc)
    return found is not None and found[0] <= mention.start and mention.end < found[1]


def explain_name(name: str, gazetteer: Gazetteer, limit: int = 10) -> list[dict]:
    """Return the candidates of a bare ``name``, best first, each with its ranking score and the
    features that weigh most in it (``"log_population +6.3"``), as plain dicts for people.
    Without a document only the name's own features count (size, kind, alternate name)."""
    rows = []
    weights = ranking_weights()
    for c in gazetteer.candidates(name, limit=max(limit, 25)):
        features = candidate_features(c)
        parts = sorted(((weights.get(k, 0.0) * v, k) for k, v in features.items()), key=lambda x: -abs(x[0]))
        rows.append({
            "score": round(score_features(features), 2), "name": c.name, "precision": c.feature,
            "admin2": c.admin2, "admin1": c.admin1 if c.feature not in ("country", "region") else None,
            "country": c.country or None, "population": c.population, "lat": round(c.lat, 4),
            "lon": round(c.lon, 4), "geonameid": c.geonameid,
            "deciding": ", ".join(f"{k} {w:+.1f}" for w, k in parts[:3] if w),
        })
    rows.sort(key=lambda r: -r["score"])
    return rows[:limit]


def resolve_text(text: str, nlp, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Return the place mentions of ``text`` (parses it with ``nlp``; for quick use and tests)."""
    return find_places(nlp(text), gazetteer or Gazetteer.default())


__all__ = ["PlaceMention", "RankedMention", "find_places", "document_place", "nationality_place", "resolve_text",
           "candidate_features", "score_features", "ranking_weights", "explain_name"]
