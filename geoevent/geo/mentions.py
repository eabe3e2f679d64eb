"""mentions.py finds the spans of a parsed document that name places, and their gazetteer candidates.

Spans come from spaCy's entities (GPE, LOC, FAC; ORG, NORP and PERSON entities that are known
place names) and from capitalised proper-noun runs the gazetteer knows; the words around a span
(feature words such as "province", "in X", "X, Y", an address, a dateline) decide whether a name
only the gazetteer saw is a place, and which candidates it has. Also the token look-ups the
other place modules share.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from geoevent.geo.gazetteer import Candidate, Gazetteer
from geoevent.geo.idioms import _force_after, _residence_cue
from geoevent.geo.names import fold
from geoevent.geo.words import words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from geoevent.geo.brackets import _Within
    from geoevent.model import Place


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
    #                                 / facility-context ("the Regent Theatre in Leeds": the town's
    #                                 place) / unknown-context (a place the gazetteer lacks, "in
    #                                 Kirkstall Brow, Leeds": the town's or division's place)
    candidates: tuple[Candidate, ...] = field(default=(), repr=False, compare=False)


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Features whose name alone says place: countries, first-level divisions, seas and regions
#: (a district or a town of the same name needs more: "Orange", "Mobile").
BROAD_FEATURES = frozenset({"country", "admin1", "region"})
# Entity labels whose tokens are not searched in the gazetteer: people, organisations, dates...
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "PERCENT",
                             "CARDINAL", "ORDINAL", "QUANTITY", "WORK_OF_ART", "EVENT", "LAW",
                             "PRODUCT", "LANGUAGE"})
# Entity labels the small model gives to place names it does not know well (a town tagged as a
# PRODUCT or a DATE): such a name is a place when the words around it say so.
MISLABELS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "DATE"})
LOCATIVE = frozenset(
    "in at near from to into across outside inside around towards toward through via of "
    "between nearby off within along opposite beyond".split()
)
COMPASS = frozenset("north south east west northern southern eastern western central upper lower "
                    "northeast northwest southeast southwest north-east north-west south-east south-west".split())
CONNECTORS = frozenset("of the and de del da do dos das e el al ad ar as ash la le les du des di y - ' &".split())
#: The words that join the names of a list ("X, Y and Z", "X or Y").
LIST_JOINS = frozenset({",", "and", "or", "&"})


def _feature_words(doc: Doc) -> dict[str, str]:
    # the rule set's feature words, put on the Doc by find_places (geo/words.py)
    return words_of(doc).features


def _feature_at(doc: Doc, i: int) -> str | None:
    """Return the level of the feature word or phrase that starts at token ``i`` ("province",
    "local government area"), or None."""
    words = _feature_words(doc)
    if i >= len(doc):
        return None
    first = doc[i].lower_
    for size in (3, 2) if first in words_of(doc).phrase_starts else ():
        if i + size <= len(doc):
            level = words.get(" ".join(t.lower_ for t in doc[i:i + size]))
            if level:
                return level
    return words.get(first)


def _facility_words(doc: Doc) -> frozenset[str]:
    return words_of(doc).facility_words


def _org_words(doc: Doc) -> frozenset[str]:
    # words that make an organisation of a place name ("Pakistan Army"): places_org_words.tsv
    return words_of(doc).org_words


def _way_words(doc: Doc) -> frozenset[str]:
    return words_of(doc).way_words


def _way_ids(doc: Doc) -> frozenset[int]:
    return _way_ids_of(_way_words(doc))


@lru_cache(maxsize=4)
def _way_ids_of(words: frozenset[str]) -> frozenset[int]:
    # the way words as written in names ("Street", "St."), as spaCy string ids
    return _ids(tuple(sorted({w.capitalize() for w in words} | {w.capitalize() + "." for w in words})))


def _is_facility(doc: Doc, span: _Span) -> bool:
    """Return True for a facility's name: a FAC entity, or a name ending with a facility word."""
    return span.label == "FAC" or span.source == "facility" or (
        span.end - span.start > 1 and doc[span.end - 1].lower_ in _facility_words(doc))


def _stop_words(doc: Doc) -> dict[str, str]:
    return words_of(doc).stop_words


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
    stop = _stop_words(doc)
    features = _feature_words(doc)
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
            parts = [] if source else _address_parts(doc, start, end, gazetteer)
            if parts:
                # "Reading, Berkshire" tagged as one organisation: a town and its county
                for a, b in parts:
                    spans.append(_Span(a, b, "ner-misfit", label=label))
                    for i in range(a, b):
                        taken[i] = True
                continue
        elif label in MISLABELS and (_feature_at(doc, end) or (
                _is_cap(doc[start]) and not any(t.is_digit or t.like_num for t in doc[start:end])
                and _evidence(doc, start, end, gazetteer, weak=False))):
            # a known name the model tags as a product, an event or a date: "Niger state" as
            # PRODUCT (a feature word after it), a town after "arrested in" as PRODUCT or
            # as DATE, the third town of a list of towns (a preposition of place or a list of
            # places around it)
            source = _misfit(doc, start, end, "ORG", gazetteer, stop)
        if not source and label in ("ORG", "PRODUCT") and end - start > 1 and \
                doc[end - 1].lower_ in _facility_words(doc):
            source = "facility"     # "Rainbow Children's Hospital", "Leeds Academy"
        if not source and label in ("PERSON", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "NORP") and \
                end - start > 1 and doc[end - 1].lower_.rstrip(".") in _way_words(doc):
            source = "facility"     # "Kelso Road" tagged WORK_OF_ART or PERSON
        if source:
            spans.append(_Span(start, end, source, label=label))
            for i in range(start, end):
                taken[i] = True
        elif label in BLOCKING_LABELS:
            for i in range(ent.start, ent.end):
                blocked[i] = True
    spans = _merge_adjacent(doc, spans, gazetteer, taken)
    spans.extend(_untagged_ways(doc, taken, blocked))

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
            elif (tok.lower_ not in CONNECTORS and not _abbreviation_dot(doc, j)) or j == i:
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
            ok = _locative_before(doc, i) or _strong_name(gazetteer, text) or best - i > 1 or _residence_cue(doc, i, best)
        elif best - i == 1 and doc[i].pos_ != "PROPN":
            ok = _locative_before(doc, i) and _strong_name(gazetteer, text)
        if ok and best < n and doc[best].lower_ in _org_words(doc) and not _force_after(doc, best):
            ok = False      # ("Rome Police Department" is a name; "Rome police said" a town's force)
        if ok:
            spans.append(_Span(i, best, "gazetteer"))
            for k in range(i, best):
                taken[k] = True
        i = best if ok else i + 1
    spans.sort(key=lambda s: s.start)
    return spans


def _untagged_ways(doc: Doc, taken: list[bool], blocked: list[bool]) -> list[_Span]:
    """Return the names of streets and squares the model did not tag: one to three capitalised
    words or an ordinal before "Street", "Road", "Avenue"... ("Mill Road", "Fifth Avenue")."""
    out = []
    for k in _token_ids(doc, _way_ids(doc)):
        if taken[k] or blocked[k] or k == 0:
            continue
        start = k
        while start > 0 and k - start < 3 and not taken[start - 1] and not blocked[start - 1] and (
                _is_cap(doc[start - 1]) and not doc[start - 1].is_sent_start or doc[start - 1].lower_ in (
                "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")):
            start -= 1
        if start == k and not (k > 0 and _is_cap(doc[k - 1])):
            continue
        if start < k:
            out.append(_Span(start, k + 1, "facility", label="FAC"))
            for i in range(start, k + 1):
                taken[i] = True
    return out


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
    if words & _org_words(doc) or end - start > 4 or not _is_cap(doc[start]):
        return None     # (a common word the model took for a name: "in the bush" is no town)
    if end < len(doc) and doc[end].lower_ in _org_words(doc) and not _force_after(doc, end):
        return None     # ("Summerville police said": a town's force, not an organisation's name)
    if _address_division(doc, start, end, gazetteer):
        return "ner-misfit"     # "in Bois-Neuf, Artibonite, ...": the division closing an address
    if stop.get(fold(text)) in ("calendar", "never", "area", "direction"):
        return None
    listed = _listed_division(doc, end)
    known = gazetteer.is_known(text) or (
        end - start > 1 and doc[end - 1].lower_ in _feature_words(doc)
        and gazetteer.is_known(doc[start:end - 1].text)) or bool(listed and gazetteer.is_known(f"{text} {listed}"))
    if not known:
        return None
    if label == "NORP":
        # "Omdurman" ends a phrase; "Afghan" in "the Afghan border" qualifies a noun.
        nxt = doc[end] if end < len(doc) else None
        if gazetteer.country_code(text) or _residence_cue(doc, start, end):
            return "ner-misfit"     # ("a Rockmart man": a town the model took for a nationality)
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and not _feature_at(doc, end):
            return None
        if not _locative_before(doc, start) and not _feature_at(doc, end):
            return None
    if label == "PERSON":
        if stop.get(fold(text)) == "person" and not _locative_before(doc, start) and not _residence_cue(doc, start, end) \
                and not listed:
            return None
        return "ner-person"
    return "ner-misfit"


def _address_parts(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Return the two halves of an entity written "X, Y" when each is a known place and Y a
    division or a country ("Reading, Berkshire", "Omagh, County Tyrone" tagged as one
    organisation or person), else []."""
    commas = [k for k in range(start + 1, end - 1) if doc[k].text == ","]
    if len(commas) != 1 or end - start > 6:
        return []
    k = commas[0]
    x, y = doc[start:k].text, doc[k + 1:end].text
    if not (_is_cap(doc[start]) and _is_cap(doc[k + 1]) and gazetteer.is_known(x)):
        return []
    if not any(c.feature in ("admin1", "admin2", "country") and not c.alternate for c in gazetteer.candidates(y, 10)):
        return []
    return [(start, k), (k + 1, end)]


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
                    doc[t].lower_ not in CONNECTORS and not _abbreviation_dot(doc, t) for t in range(span.end, nxt.start)):
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


def _abbreviation_dot(doc: Doc, k: int) -> bool:
    """Return True for the full stop of a short abbreviation in capitals that the tokenizer split
    off, inside a name: "ST. LOUIS", "FT. WORTH", "MT. PLEASANT" (datelines of US news)."""
    return k > 0 and doc[k].text == "." and not doc[k - 1].whitespace_ and 2 <= len(doc[k - 1].text) <= 3 \
        and doc[k - 1].text.isupper() and doc[k - 1].is_alpha and doc[k].whitespace_ != ""


def _evidence(doc: Doc, start: int, end: int, gazetteer: Gazetteer, weak: bool = True) -> bool:
    """Return True if the words around a name say it is a place: "in X", "X, Y", "X and Y in",
    "Sindh and X"."""
    if _locative_before(doc, start, weak) or _comma_place_after(doc, end, gazetteer):
        return True
    if end + 1 < len(doc) and doc[end].lower_ in ("and", "or", "in") and _is_cap(doc[end + 1]) \
            and gazetteer.is_known(doc[end + 1].text):
        return True
    if start >= 2 and doc[start - 1].lower_ in (",", "and", "or") and _is_cap(doc[start - 2]) and (
            doc[start - 2].ent_type_ in PLACE_LABELS or doc[start - 2].lower_ in _feature_words(doc)
            or gazetteer.is_known(doc[start - 2].text)):
        return True       # "Sindh and Punjab", "Arundu Sector, Chitral"
    return False


def _locative_before(doc: Doc, start: int, weak: bool = True) -> bool:
    k = start - 1
    while k >= 0 and doc[k].lower_ in ("the", "a", "an", "northern", "southern", "eastern",
                                       "western", "central", "north", "south", "east", "west"):
        k -= 1
    # "of" says place in "the capital of Tigray" but not in "the works of Orwell"; a note's
    # "(coded as X)" names where it codes the event
    return k >= 0 and (doc[k].lower_ in LOCATIVE and (weak or doc[k].lower_ != "of")
                       or (k >= 1 and doc[k].lower_ == "as" and doc[k - 1].lower_ == "coded"))


def _comma_place_after(doc: Doc, end: int, gazetteer: Gazetteer) -> bool:
    return end + 1 < len(doc) and doc[end].text == "," and _is_cap(doc[end + 1]) and \
        gazetteer.is_known(doc[end + 1].text)


def _strong_name(gazetteer: Gazetteer, text: str) -> bool:
    cands = gazetteer.candidates(text, 3)
    return any(c.feature in BROAD_FEATURES or c.population >= 100_000 for c in cands if not c.alternate)


def _gazetteer_span_ok(doc: Doc, span: _Span, countries: set[str], gazetteer: Gazetteer,
                       home: set[str] | None = None) -> bool:
    """Return True if a name only the gazetteer found is a place in this context: after "in",
    before ", <place>", with a feature word, a big or well-known place, or a town of a country
    the document names ("Printer Friendly Page" is no town in Maryland)."""
    k = span.end
    while span.source == "gazetteer" and k < len(doc) and _is_cap(doc[k]) and k - span.end < 4:
        k += 1
    if k > span.end and k < len(doc) and doc[k].lower_ in _feature_words(doc):
        return False        # the first words of a longer name: "X" of "X Y Z village"
    if _evidence(doc, span.start, span.end, gazetteer, weak=span.source == "gazetteer"):
        return True
    if _closes_address(doc, span) and any(c.feature in ("admin1", "admin2") for c in span.cands):
        return True     # "near Bois-Neuf, Nippes, a mob ...": the address's division
    if _feature_hint(doc, span) or (span.end - span.start > 1 and span.source == "gazetteer"):
        return True
    main = [c for c in span.cands if not c.alternate]
    local = main + [c for c in span.cands if c.alternate and c.feature in ("admin1", "admin2")
                    and fold(c.name).startswith(fold(doc[span.start:span.end].text) + " ")]
    if local and _residence_cue(doc, span.start, span.end) and (
            not (home or countries) or any(c.country in (home or countries) for c in local)):
        # "a Rockmart man", "Jane Roe, 41, of Cedartown": a town by its own name; "Gwinnett
        # police said": a division without its word ("Gwinnett County"). Local news names the
        # towns of its own country so: a namesake abroad is no reading of such an idiom.
        return True
    if not main:
        return False        # "White House" is an alternate name of Casablanca: too weak alone
    if any(c.feature in BROAD_FEATURES for c in main):
        return True
    if span.source != "gazetteer" and span.end - span.start == 1:
        # "Orwell", "Congress": a surname or a body unless the words around say place
        return any(c.population >= 100_000 for c in main) and span.source != "ner-person"
    home = home or countries
    if span.source == "gazetteer" and home and span.start > 0 and _is_cap(doc[span.start - 1]) \
            and not doc[span.start - 1].is_sent_start and not any(c.country in home for c in main):
        return False        # the last word of a longer name, abroad: "the Kibera Bristol quarter"
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
    if not countries or _comma_container_abroad(doc, span, gazetteer):
        return False
    if span.hint == "local" and all(c.country not in countries and c.feature in ("place", "admin1", "admin2") and (
            c.alternate or c.feature == "place" or c.population < 50_000) for c in span.cands):
        return True     # a village the text names, matched only to a look-alike or small division abroad
    if (span.end - span.start > 1 or (span.end < len(doc) and _is_cap(doc[span.end]) and doc[span.start].whitespace_)) \
            and all(c.alternate and c.country not in countries for c in span.cands):
        # a name of several words, or the first word of a longer name, known only as another
        # name of a town abroad
        return True
    # (a name only the gazetteer saw, or one the model tagged as no place, may also be a small
    # division abroad: a rocket launcher named like a Slovenian municipality is no place)
    small = ("place", "admin1", "admin2") if span.source in ("gazetteer", "ner-misfit", "ner-person") else ("place",)
    for c in span.cands:
        if c.country in countries or c.feature not in small or c.population >= 50_000:
            return False
    return True


def _comma_container_abroad(doc: Doc, span: _Span, gazetteer: Gazetteer) -> bool:
    """Return True for "X, Y" where Y is a known place of the same country as one of X's
    candidates ("Fife, Washington"): the writer placed the village abroad. A list of places
    ("in Ashgrove, Millbay, Stonefield and ...") vouches for no country."""
    if not _comma_place_after(doc, span.end, gazetteer):
        return False
    after = {c.country for c in gazetteer.candidates(doc[span.end + 1].text, 10)}
    return any(c.country in after for c in span.cands)


def _listed_division(doc: Doc, end: int) -> str | None:
    """Return the division word, in the singular, that closes a list of names in the plural:
    "county" for each name of "Polk and Floyd counties" and "Dade, Walker and Catoosa
    counties", "province" for "Kunar and Nangarhar provinces" (``end`` ends one of the names)."""
    k = end
    while k < len(doc) and k - end < 12 and (doc[k].lower_ in LIST_JOINS or _is_cap(doc[k])):
        k += 1
    if k >= len(doc) or (k > end and doc[k - 1].text == ","):
        return None
    word = doc[k].lower_
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-2] if word.endswith(("shes", "ches")) else word[:-1]
    return singular if word.endswith("s") and singular in _feature_words(doc) else None


def _feature_hint(doc: Doc, span: _Span) -> str | None:
    words = _feature_words(doc)
    hint = _feature_at(doc, span.end)
    if hint:
        return hint
    listed = _listed_division(doc, span.end)
    if listed:
        return words[listed]    # "Polk and Floyd counties": each name is a county
    last = doc[span.end - 1].lower_
    if span.end - span.start > 1 and last in words:
        return words[last]
    # "the province of Kunar", "the state of Borno"; not "the mountain region of X", "the Kurdish
    # region of X": a division word after a noun or a name is a part of X, not X (while "the
    # border town of X", "the fishing village of X" are X)
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in words:
        level = words[doc[span.start - 2].lower_]
        if level == "admin1" and span.start >= 3 and doc[span.start - 3].pos_ in ("NOUN", "PROPN"):
            return None
        return level
    return None


def _lookup(gazetteer: Gazetteer, doc: Doc, span: _Span, dateline_end: int = 0) -> list[Candidate]:
    text = doc[span.start:span.end].text
    cands = gazetteer.candidates(text, 25)
    words = _feature_words(doc)
    if not cands and span.end - span.start > 1 and doc[span.end - 1].lower_ in words:
        # "Kharkiv Oblast", "Niger State", "Arundu Sector": look up the name without the word.
        cands = gazetteer.candidates(doc[span.start:span.end - 1].text, 25)
    if not cands and span.end - span.start > 1 and doc[span.start].lower_.rstrip(".") in ("county", "co"):
        # "County Cavan", "Co. Kerry": Irish usage puts the division word first; the county is
        # the division of that name, not a town
        rest = doc[span.start + 1 + (doc[span.start + 1].text == "."):span.end].text
        cands = [c for c in gazetteer.candidates(rest, 25) if c.feature in ("admin1", "admin2")]
    if not cands:
        # "Qamishli" is "Al Qamishli" in GeoNames, "Al-Hasakah" is "Hasakah" in news
        key = fold(text)
        for prefix in ("al ", "el ", "ad ", "ar ", "as ", "ash "):
            if key.startswith(prefix):
                cands = gazetteer.candidates(key[len(prefix):], 25)
                break
        else:
            cands = gazetteer.candidates("al " + key, 25)
        if not cands and span.end - span.start == 2 and all(t.is_alpha for t in doc[span.start:span.end]):
            # a name written in two words that GeoNames writes in one ("Binger Ville")
            # (as another name: weaker than a name as written, and abroad no match at all)
            cands = [replace(c, alternate=True) for c in gazetteer.candidates(key.replace(" ", ""), 25) if not c.alternate]
        cands = [c for c in cands if c.feature != "country"]
    listed = _listed_division(doc, span.end)
    if listed:
        # "Polk and Floyd counties": the divisions named "Polk County" and "Floyd County", when
        # the gazetteer has them, rather than the towns or other divisions called "Polk"
        full = [c for c in gazetteer.candidates(f"{text} {listed}", 25)
                if not c.alternate and c.feature in ("admin1", "admin2") and fold(c.name) == fold(f"{text} {listed}")]
        cands = full or cands
    address = _closes_address(doc, span)
    if span.source in ("ner", "ner-misfit") and (_feature_hint(doc, span) or address) and not any(
            c.feature in ("country", "admin1", "admin2") for c in cands):
        # a division the model tags as a place, spelt another way: "in Sangar village,
        # Helmund.", "Pokrovka, Zaporozhye region"; in an address's division slot it beats a
        # hamlet abroad of the exact spelling ("near Bois-Neuf, Grand Anse, ...")
        base = doc[span.start:span.end - 1].text if span.end - span.start > 1 and doc[span.end - 1].lower_ in words else text
        similar = [c for c in gazetteer.divisions_like(base) if c.feature == "admin1" or _feature_hint(doc, span)]
        # (a division word beats a town that bears the look-alike spelling as another name:
        # "the Kharkov Region" is the region, not its capital)
        if similar and (not cands or address or (
                _feature_hint(doc, span) == "admin1" and all(c.alternate for c in cands))):
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
        _is_cap(doc[start - 2]) or doc[start - 2].lower_ in _feature_words(doc)) and (
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


def _entity_parts(doc: Doc, span: _Span, gazetteer: Gazetteer) -> list[_Span]:
    """Return the parts of an entity the gazetteer does not know as a whole: its pieces
    between commas, without the lower-case words that open them ("south east London"), and,
    for a piece of two or three words that each name a country, each word ("Spain Portugal"; not
    a town of three words)."""
    pieces, start = [], span.start
    for k in range(span.start, span.end + 1):
        if k == span.end or doc[k].text == "," or (doc[k].text in ("-", "–", "/") and (
                doc[k].whitespace_ or doc[k - 1].whitespace_)):
            # (also "Nairobi - Westlands": names set apart by a dash; "Port-au-Prince" is one name)
            a = start
            # "south east London"; also "Northern Europe", "East Anglia", "South Texas": a
            # compass word before a known name (the part of it is placed at the whole)
            while a < k and (not _is_cap(doc[a]) or (doc[a].lower_ in COMPASS and k - a > 1)):
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
