"""resolve.py finds the place mentions of a parsed document and resolves them to gazetteer places.

Mentions come from spaCy's entities (GPE, LOC, FAC; NORP only when the text is a country's
name, as the small model tags "Tajikistan") and from a look-up of capitalised proper-noun
runs in the gazetteer, which catches the towns the model misses or mislabels ("Chitral" as ORG).
Each mention's candidates are then scored in two passes over the whole document:

1. priors (a country beats a division beats a town of the same name, bigger towns first,
   main names before alternates), words around the mention ("Kunar province", "X, Y",
   "X in Y", "Nigeria's Niger State") and the countries the document names;
2. the places chosen in pass 1: the same country, the same division ("Atlanta" pulls
   "Georgia" to the US state), and nearness.
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
    from spacy.tokens import Doc, Span, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
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


@dataclass(frozen=True)
class PlaceMention:
    """One place mention in a document, resolved."""

    start: int                      # token offsets in the Doc
    end: int
    start_char: int
    end_char: int
    text: str
    place: Place
    role: str = "mention"           # mention / container (the "Y" of "X, Y") / dateline
    source: str = "ner"             # ner / ner-misfit (an ORG/NORP entity) / ner-person / gazetteer
    candidates: tuple[Candidate, ...] = field(default=(), repr=False, compare=False)


@lru_cache(maxsize=1)
def _feature_words() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_tsv(builtin_path("places_features.tsv"), 2)}


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


def _is_cap(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def _short_code_ok(text: str, key: str) -> bool:
    # "US", "UK", "DRC" must be written in capitals: "Us" is a pronoun.
    return len(key.replace(" ", "")) > 3 or text.replace(".", "").isupper()


def _strip_ent(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in ("the", "a") or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_space):
        end -= 1
    return start, end


def _collect_spans(doc: Doc, gazetteer: Gazetteer) -> list[_Span]:
    stop = _stop_words()
    features = _feature_words()
    spans: list[_Span] = []
    taken = [False] * len(doc)
    blocked = [False] * len(doc)
    for ent in doc.ents:
        label = ent.label_
        start, end = _strip_ent(doc, ent.start, ent.end)
        if start >= end:
            continue
        text = doc[start:end].text
        key = fold(text)
        source = None
        if label in PLACE_LABELS:
            kind = stop.get(key)
            if kind == "direction":
                # "North West" is a region of England and of Cameroon: only with "region"
                if end < len(doc) and doc[end].lower_ in _feature_words():
                    source = "ner"
            elif kind not in ("calendar", "area") and _short_code_ok(text, key):
                source = "ner"
        elif label in ("NORP", "ORG", "PERSON"):
            # The small model tags many places NORP ("Tajikistan"), ORG ("Chitral", "Kano
            # State") or PERSON ("Rutshuru"): keep a known name that is no organisation.
            source = _misfit(doc, start, end, label, gazetteer, stop)
        if source:
            spans.append(_Span(start, end, source))
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
        if taken[i] or blocked[i] or not _is_cap(token) or token.pos_ not in ("PROPN", "NOUN", "ADJ", "X"):
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
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and nxt.lower_ not in _feature_words():
            return None
        if not _locative_before(doc, start) and not (nxt is not None and nxt.lower_ in _feature_words()):
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
    return any(c.feature != "place" or c.population >= 100_000 for c in cands if not c.alternate)


def _gazetteer_span_ok(doc: Doc, span: _Span, countries: set[str], gazetteer: Gazetteer) -> bool:
    """Return True if a name only the gazetteer found is a place in this context: after "in",
    before ", <place>", with a feature word, a big or well-known place, or a town of a country
    the document names ("Printer Friendly Page" is no town in Maryland)."""
    if _evidence(doc, span.start, span.end, gazetteer, weak=span.source == "gazetteer"):
        return True
    if _feature_hint(doc, span) or (span.end - span.start > 1 and span.source == "gazetteer"):
        return True
    main = [c for c in span.cands if not c.alternate]
    if not main:
        return False        # "White House" is an alternate name of Casablanca: too weak alone
    if any(c.feature != "place" for c in main):
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
    for c in span.cands:
        if c.country in countries or c.feature != "place" or c.population >= 50_000:
            return False
    return True


def _feature_hint(doc: Doc, span: _Span) -> str | None:
    words = _feature_words()
    if span.end < len(doc):
        hint = words.get(doc[span.end].lower_)
        if hint:
            return hint
    last = doc[span.end - 1].lower_
    if span.end - span.start > 1 and last in words:
        return words[last]
    # "the province of Kunar", "the state of Borno"
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in words:
        return words[doc[span.start - 2].lower_]
    return None


def _lookup(gazetteer: Gazetteer, doc: Doc, span: _Span) -> list[Candidate]:
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
    if len(text) <= 4 and text.replace(".", "").isupper():
        # "US", "DRC", "FCT" are names of countries and divisions; "BA" is no town in Fiji
        cands = [c for c in cands if c.feature != "place"]
    return cands


def _prior(c: Candidate) -> float:
    """Return the log-odds-like prior of a candidate: about log10 of its population, a country
    above a division above a town of the same size, big cities above their namesakes."""
    size = math.log10(c.population + 10)
    if c.feature == "country":
        score = size + 1.5
    elif c.feature == "admin1":
        score = size + 0.5
    else:
        score = 1.3 * size + (1.0 if c.population >= 150_000 else 0.0)
    return score - (1.5 if c.alternate else 0.0)


def find_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Return every place mention of ``doc``, resolved, in document order."""
    spans = _collect_spans(doc, gazetteer)
    kept: list[_Span] = []
    for span in spans:
        span.cands = _lookup(gazetteer, doc, span)
        if span.cands:
            span.hint = _feature_hint(doc, span)
            kept.append(span)
    spans = kept
    # countries the entities surely name (countries and divisions), to vouch for weaker names
    ner_countries = {s.cands[0].country for s in spans
                     if s.source == "ner" and s.cands[0].feature != "place" and not s.cands[0].alternate}
    spans = [s for s in spans if (s.source == "ner" or _gazetteer_span_ok(doc, s, ner_countries, gazetteer))
             and not _foreign_village(doc, s, ner_countries, gazetteer)]
    if not spans:
        return []
    _link_containers(doc, spans)

    # countries the document names outright
    named = Counter()
    for span in spans:
        if span.cands[0].feature == "country" and not span.cands[0].alternate:
            named[span.cands[0].country] += 1

    for span in spans:
        _choose(span, spans, named, None)
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
        place = Place(
            text=text, name=c.name, admin1=c.admin1 if c.feature != "country" else None,
            country=c.country, country_name=c.country_name, lat=round(c.lat, 5),
            lon=round(c.lon, 5), geonameid=c.geonameid, precision=c.feature,
            score=round(span.score, 3),
        )
        ds = doc[span.start:span.end]
        mentions.append(PlaceMention(
            start=span.start, end=span.end, start_char=ds.start_char, end_char=ds.end_char,
            text=text, place=place, role="container" if span.contained else "mention",
            source=span.source, candidates=tuple(span.cands),
        ))
    return mentions


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


def _choose(span: _Span, spans: Sequence[_Span], named: Counter,
            chosen_countries: Counter | None) -> None:
    container = spans[span.container] if span.container is not None else None
    inner = [s for s in spans if s.container is not None and spans[s.container] is span]
    best_score, scores = None, []
    same_name_places = {(c.country, c.admin1) for c in span.cands if c.feature == "place"}
    for c in span.cands:
        s = _prior(c)
        if span.hint == "admin1":
            s += 3.0 if c.feature == "admin1" else (-3.0 if c.feature == "country" else 0.0)
        elif span.hint == "local":
            s += 2.0 if c.feature == "place" else -3.0
        elif c.feature == "admin1" and (c.country, c.admin1) in same_name_places:
            s -= 1.2        # bare "Kano", "Kandahar": the city, unless "province/state" follows
        if named.get(c.country):
            s += 1.0 + 0.25 * min(named[c.country] - 1, 2)
        if container and container.chosen is None and container.cands:
            s += _containment(c, container.cands[0]) * 1.0
        if container and container.chosen is not None:
            s += _containment(c, container.chosen) * 1.5
        for s_in in inner:
            if s_in.chosen is not None:
                s += _containment(s_in.chosen, c) * 1.5
        if chosen_countries is not None:
            others = chosen_countries.get(c.country, 0)
            if span.chosen is not None and span.chosen.country == c.country:
                others -= 1
            s += 0.3 * min(others, 2)
            s += _near_bonus(span, c, spans)
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
    rank = {"place": 2, "admin1": 1, "country": 0}
    for k, m in enumerate(mentions):
        key = (m.place.geonameid, m.place.name, m.place.country)
        counts[key] += 1
        order.setdefault(key, k)
        by_key.setdefault(key, m.place)
    key = max(counts, key=lambda x: (counts[x], rank.get(by_key[x].precision or "", 0), -order[x]))
    return by_key[key]


def _is_dateline(doc: Doc, mention: PlaceMention) -> bool:
    if mention.start > 3:
        return False
    before = doc[:mention.start]
    if any(t.is_alpha and not t.is_upper for t in before if t.text != "\n"):
        return False
    after = doc[mention.end:mention.end + 8]
    texts = [t.text for t in after]
    if not texts:
        return False
    if texts[0] in DASHES or texts[0].startswith(("—", "–")):
        return True
    if texts[0] == "," and mention.text.isupper():
        return True
    if texts[0] == ",":
        # "Kabul, July 9 (Reuters) -", "Kabul, Afghanistan —"
        rest = " ".join(texts[1:])
        return "(" in rest or any(t in DASHES for t in texts[1:])
    return False


def resolve_text(text: str, nlp, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Return the place mentions of ``text`` (parses it with ``nlp``; for quick use and tests)."""
    return find_places(nlp(text), gazetteer or Gazetteer.default())


__all__ = ["PlaceMention", "find_places", "document_place", "resolve_text"]
