"""demonyms.py reads nationality words as places: "took refuge in Pakistani", "the Syrian
capital", and the countries a text's nationality words name ("Lebanese security sources").
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from geoevent.geo.gazetteer import Gazetteer
from geoevent.geo.mentions import _is_cap, _Span, _token_ids
from geoevent.geo.words import words_of
from geoevent.rules import builtin_path, read_tsv

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# A nationality word after these is a typo for the country ("took refuge in Pakistani")...
DEMONYM_PLACE_PREPS = frozenset({"in", "into", "to", "inside"})
# ...when nothing follows it but punctuation, a conjunction or one of these nouns ("in Pakistani
# territory"); "in Pakistani custody" is no place.
DEMONYM_PLACE_NOUNS = frozenset({"territory", "soil", "border", "borders", "side", "airspace",
                                 "waters", "land"})


def _demonym_country(text: str, doc: Doc) -> str | None:
    """Return the country a nationality word or short country name names ("Afghan" -> "AF"),
    by the nationality words ``doc`` is resolved with (the RuleSet's, see geo/words.py)."""
    return words_of(doc).country(text)


def _cap_words(doc: Doc) -> Iterable[Token]:
    """Yield the one-token capitalised words of ``doc`` that name a nationality or a country."""
    # the words as spaCy string ids, to find them without a Python loop over every token
    # (find_places must stay near a millisecond a document)
    for k in _token_ids(doc, words_of(doc).one_word_ids):
        token = doc[k]
        if _is_cap(token):
            yield token


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
                    i + 2 < len(doc) and _demonym_country(doc[i + 2].text, doc))) or (
                nxt.pos_ in ("ADP", "SCONJ") and nxt.lower_ != "of")):
            continue
        span = _country_span(token, gazetteer, "demonym")
        if span is not None:
            out.append(span)
    return out


def _country_span(token: Token, gazetteer: Gazetteer, source: str) -> _Span | None:
    """Return a one-word span whose candidate is the country a nationality word names."""
    code = _demonym_country(token.text, token.doc)
    country = gazetteer.country(code) if code else None
    if country is None:
        return None
    span = _Span(token.i, token.i + 1, source)
    span.cands = [country]
    return span


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
                _is_cap(doc[j]) and _demonym_country(doc[j].text, doc))):
            j += 1
        if j >= len(doc) or doc[j].lower_ not in nouns or doc[j].pos_ not in ("NOUN", "PROPN"):
            continue
        if gazetteer.country_code(token.text):     # a country's name is found as such
            continue
        span = _country_span(token, gazetteer, "modifier")
        if span is not None:
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
        code = _demonym_country(token.text, token.doc)
        if code and not gazetteer.country_code(token.text):     # a country's name counts already
            found[code] += 1
    return found
