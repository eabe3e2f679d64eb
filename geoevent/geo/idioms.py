"""idioms.py recognises the idioms of local news that say a name is a place, whatever label the
model gave it: where a person lives ("a Rockmart man", "Jane Roe, 41, of X"), what an
apposition calls it ("X, a town of 4,000"), and a town's own force ("X police said"). The word
lists are ``places_residents.tsv`` and the feature and land nouns (geo/words.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from geoevent.geo.words import words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _residence_cue(doc: Doc, start: int, end: int) -> bool:
    """Return True for the idioms of local news that say where a person lives or where a firm
    sits, whatever label the model gave the name: "Jane Roe, 41, of Cedartown," and "Tom
    Fields of Summerville" (a person's name, maybe an age, then "of X"); "a Rockmart man", "the
    Lindale woman", "a Cartersville resident" (a noun of ``places_residents.tsv`` after X);
    "a Kent-based firm", "the Leeds-born singer" (kind "hyphen"); "Gwinnett police said" (a local force,
    ``places_residents.tsv`` kind "force"); "the mayor of X", "north of X" (kind "of");
    "Lindale, a town of 4,000" (an apposition that calls it a town)."""
    if end + 1 < len(doc) and doc[end].text in ("-", "–") and doc[end + 1].lower_ in words_of(doc).hyphen_words \
            and not doc[end].whitespace_:
        return True
    if end < len(doc) and doc[end].lower_ in words_of(doc).resident_nouns and (
            (start > 0 and doc[start - 1].lower_ in ("a", "an", "the"))
            or (end + 1 < len(doc) and doc[end + 1].ent_type_ == "PERSON" and doc[end + 1].ent_iob_ == "B")):
        return True     # "a Rockmart man", "Cedartown resident Jane Roe", "former Rome mayor John Doe"
    if _kind_after(doc, end):
        return True
    if start >= 2 and doc[start - 1].lower_ == "of" and (
            _person_of(doc, start) or doc[start - 2].lower_ in words_of(doc).of_nouns):
        return True     # "Jane Roe, 41, of X", "the mayor of X", "north of X"
    return _force_after(doc, end)


def _kind_after(doc: Doc, end: int) -> bool:
    """Return True for a name that an apposition calls a town, a city or a county: "Lindale, a
    town of 4,000,", "Aragon, a small city in Polk County" (the noun heads its phrase: not "X,
    a city councilman")."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("a", "an", "the"):
        return False
    words = words_of(doc).features
    for k in range(end + 2, min(len(doc) - 1, end + 5)):
        word = doc[k].lower_
        if words.get(word) == "local" or word in words_of(doc).land_nouns:
            return doc[k + 1].pos_ not in ("NOUN", "PROPN")
        if not doc[k].is_lower or doc[k].pos_ not in ("ADJ", "ADV", "NOUN"):
            return False
    return False


def _force_after(doc: Doc, end: int) -> bool:
    """Return True if a local force's noun heads the phrase a name opens: "Gwinnett police
    said", "Summerville police arrested" (not "the X police station", a building)."""
    return end < len(doc) and doc[end].is_lower and doc[end].lower_ in words_of(doc).force_nouns and (
        end + 1 >= len(doc) or doc[end + 1].pos_ not in ("NOUN", "PROPN"))


def _person_of(doc: Doc, start: int) -> bool:
    """Return True for "Jane Roe, 41, of X" and "Tom Fields of X" ("of" at ``start - 1``)."""
    k = start - 2
    if doc[k].text == "," and k >= 1:
        k -= 1
        if doc[k].like_num and k >= 2 and doc[k - 1].text == ",":
            k -= 2      # "Jane Roe, 41, of X"
    return doc[k].ent_type_ == "PERSON" and doc[k].ent_iob_ != "" and k < start - 1
