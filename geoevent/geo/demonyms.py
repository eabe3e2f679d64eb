"""demonyms.py reads nationality words as places: "took refuge in Pakistani", "the Syrian
capital", and the countries a text's nationality words name ("Lebanese security sources").
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from geoevent.geo.gazetteer import Candidate, Gazetteer
from geoevent.geo.mentions import COMPASS, _ids, _is_cap, _Span, _token_ids
from geoevent.geo.words import words_of

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
        # ("crossed into North Korean territory": the pair's country, after the preposition)
        compound = _compound_adjective(doc, i, gazetteer)
        start = compound[0] if compound is not None else i
        if start == 0 or i in taken or start in taken or doc[start - 1].lower_ not in DEMONYM_PLACE_PREPS:
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
        if compound is not None:
            span = _Span(start, i + 1, "demonym")
            span.cands = [compound[1]]
        else:
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


def _land_nouns(doc: Doc) -> frozenset[str]:
    return words_of(doc).land_nouns


def _people_nouns(doc: Doc) -> frozenset[str]:
    return words_of(doc).people_nouns


def _region_adjectives(doc: Doc) -> dict[str, str]:
    return words_of(doc).region_adjectives


def _demonym_modifiers(doc: Doc, spans: Sequence[_Span], gazetteer: Gazetteer) -> list[_Span]:
    """Return the nationality and continent adjectives that qualify a thing of their land: a
    noun of land ("the Syrian capital", "near the Turkish border", "the Syrian-Turkish
    border"), or any noun that is not people or an institution ("the Chilean copper market",
    "Canadian steel mills", "a European holiday", "a Kenyan Maasai village"): each names its country's or continent's
    land (GeoWebNews' literal modifiers and mixed uses). A nationality word before people or
    institutions ("Turkish forces", "the Syrian government") is no place; nor is a nationality
    noun ("the Afghans")."""
    out = []
    taken = {i for s in spans for i in range(s.start, s.end)}
    nouns = _land_nouns(doc)
    people = _people_nouns(doc)
    regions = _region_adjectives(doc)
    words = list(_cap_words(doc)) + [doc[k] for k in _token_ids(doc, _ids(tuple(sorted(regions))))]
    for token in words:
        i = token.i
        if i in taken or token.ent_type_ not in ("NORP", "GPE", "", "LANGUAGE") or _ethnic_compound(doc, i):
            continue
        # the noun after the word and any nationality words joined to it ("Syrian-Turkish")
        j = i + 1
        while j < len(doc) and (doc[j].text in ("-", "/", "and") or (
                _is_cap(doc[j]) and _demonym_country(doc[j].text, doc))):
            j += 1
        if j >= len(doc) or doc[j].pos_ not in ("NOUN", "PROPN", "ADJ"):
            continue
        if doc[j].lower_ not in nouns and (token.ent_type_ == "LANGUAGE" or not _qualifies_thing(doc, i, j, people)):
            continue    # (a language's name names land only before a noun of land: "the English city")
        compound = _compound_adjective(doc, i, gazetteer)
        if compound is not None:
            # "North Korean", "Latin American", "West African": the pair's land, not "Korean"'s
            # or "American"'s
            start, cand = compound
            if start not in taken:
                span = _Span(start, i + 1, "modifier")
                span.cands = [cand]
                out.append(span)
                taken.update((start, i))
            continue
        if token.text in regions:
            span = _region_span(token, regions[token.text], gazetteer)
        elif gazetteer.country_code(token.text):     # a country's name is found as such
            continue
        else:
            span = _country_span(token, gazetteer, "modifier")
        if span is not None:
            out.append(span)
            taken.add(i)
    return out


#: Words that open a two-word nationality or region adjective ("North Korean", "South African",
#: "Latin American", "West African", "Central Asian"): compass words and "Latin".
COMPOUND_OPENERS = COMPASS | {"latin"}


def _compound_adjective(doc: Doc, i: int, gazetteer: Gazetteer) -> tuple[int, Candidate] | None:
    """Return, for a nationality or continent adjective after a capitalised compass word or
    "Latin" (``doc[i-1]``), the pair's start and the place the pair names as one: the country of
    a two-word nationality ("North Korean" -> North Korea, "South African" -> South Africa), or
    the broad region the gazetteer knows under the pair's land noun, the adjective's "-n" or
    "-an" ending dropped ("Latin American" -> Latin America, "Central American" -> Central
    America, "West African" -> West Africa: never the United States or Africa at large). None
    when no such word comes before or the pair is no name ("Northern Nigerian", "Eastern
    European", "Western American" name the word's own country or continent)."""
    k = i - 1
    if k < 0 or not _is_cap(doc[k]) or doc[k].lower_ not in COMPOUND_OPENERS or not doc[k].whitespace_:
        return None
    code = _demonym_country(doc[k:i + 1].text, doc)
    country = gazetteer.country(code) if code else None
    if country is not None:
        return k, country
    word = doc[i].text
    for noun in (word[:-1], word[:-2]):
        region = next((c for c in gazetteer.candidates(f"{doc[k].text} {noun}", 5) if c.feature == "region"), None)
        if region is not None:
            return k, region
    return None


def _ethnic_compound(doc: Doc, i: int) -> bool:
    """Return True for a word of a compound of two nationality words written apart, which names
    people of one origin living in another land ("African American", "Irish American"), not a
    place; "the Syrian-Turkish border" is written with a hyphen."""
    def nationality(k: int) -> bool:
        return 0 <= k < len(doc) and _is_cap(doc[k]) and (
            bool(_demonym_country(doc[k].text, doc)) or doc[k].text in _region_adjectives(doc))
    return (nationality(i + 1) and bool(doc[i].whitespace_)) or (nationality(i - 1) and bool(doc[i - 1].whitespace_))


def _qualifies_thing(doc: Doc, i: int, j: int, people: frozenset[str]) -> bool:
    """Return True if the adjective at ``i`` qualifies a noun phrase starting at ``j`` that names
    no people or institution: "Chilean vineyards", "the Peruvian economy", "a Kenyan Maasai village"
    (not "Turkish forces", "the Peruvian Interior Ministry", "Pakistani special forces")."""
    if doc[i].pos_ != "ADJ" or doc[j].pos_ == "PROPN":
        return False        # "the Afghans", "Russian President ...": a noun or a title
    k = j
    while k < len(doc) and k < j + 4 and doc[k].pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT") \
            and doc[k].text not in (",", ".", ";", ":", "(", ")"):
        if doc[k].lower_ in people:
            return False
        k += 1
    return k > j


def _region_span(token: Token, name: str, gazetteer: Gazetteer) -> _Span | None:
    """Return a one-word span whose candidate is the continent a continent adjective names."""
    region = next((c for c in gazetteer.candidates(name, 5) if c.feature == "region" and not c.alternate), None)
    if region is None:
        return None
    span = _Span(token.i, token.i + 1, "modifier")
    span.cands = [region]
    return span


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
        compound = _compound_adjective(doc, token.i, gazetteer)
        if compound is not None:
            # "North Korean" names North Korea, "Latin American" no country at all
            code = compound[1].country if compound[1].feature == "country" else None
        if code and not gazetteer.country_code(token.text):     # a country's name counts already
            found[code] += 1
    return found
