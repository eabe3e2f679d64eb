"""datelines.py finds place names in capitals that open a text or a line as a dateline
("KABUL, July 9 -", "PENSACOLA – City workers ...", "KANSAS CITY Lawmakers voted ..."),
which spaCy often misses or tags as organisations. Split from mentions.py.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from geoevent.geo.brackets import _after_town_abbreviations
from geoevent.geo.mentions import _abbreviation_dot, _is_cap, _Span, _stop_words
from geoevent.geo.names import fold
from geoevent.pipeline import DATELINE_DASHES

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from geoevent.geo.gazetteer import Gazetteer


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
    return end if gazetteer.is_known(doc[:end].text) and not _stop_words(doc).get(fold(doc[:end].text)) else 0


def _line_capitals(doc: Doc, gazetteer: Gazetteer, spans: Sequence[_Span]) -> list[_Span]:
    """Return the place names in capitals that open a line or follow a byline as a dateline
    ("PENSACOLA – City workers ...", "LAS CRUCES – Police ...", "FORT BLISS, Texas -", "...
    Wire Service NAIROBI (Wire) —"): up to four words in capitals the gazetteer knows,
    then a dash, a bracket or a comma. (The dateline that opens the text is found before.)"""
    weak = {s.start: s for s in spans if s.source != "ner"}
    taken = {i for s in spans for i in range(s.start, s.end) if s.start not in weak}
    out = []
    for k in range(1, len(doc)):
        token = doc[k]
        if k in taken or not (token.is_alpha and token.text.isupper() and len(token) > 1):
            continue
        prev = doc[k - 1]
        if _abbreviation_dot(doc, k - 1):
            continue    # "WORTH" of "FT. WORTH": no new line
        if not (prev.is_space or "\n" in prev.whitespace_ or prev.text in (".", "|") or (
                _is_cap(prev) and not prev.text.isupper())):
            continue
        end = k
        while end < min(len(doc), k + 5) and end not in taken and (
                doc[end].text.isupper() and (doc[end].is_alpha or doc[end].text.endswith("."))
                or _abbreviation_dot(doc, end)):
            end += 1
        if end >= len(doc) or doc[end].text not in ("—", "–", "-", "--", "(", ","):
            continue
        text = doc[k:end].text
        key = fold(text)
        if len(key) < 4 or _stop_words(doc).get(key) in ("calendar", "never", "area") or not gazetteer.is_known(text):
            continue
        inner = [weak[i] for i in range(k, end) if i in weak and weak[i].end <= end]
        if k in weak and weak[k].end == end:
            weak[k].source = "ner"      # found already, on weaker evidence ("PENSACOLA" as ORG)
        elif len(inner) == 1 and not any(i in taken for i in range(k, end)):
            # the last word alone, on weaker evidence ("PETERSBURG" of "ST. PETERSBURG" as ORG)
            inner[0].start, inner[0].end, inner[0].source = k, end, "ner"
        elif not any(i in taken or i in weak for i in range(k, end)):
            out.append(_Span(k, end, "ner", label="GPE"))
        taken.update(range(k, end))
    return out


# Tokens that close a dateline's second name: its dash, "(AP)", a date after a comma
DATELINE_STOPS = DATELINE_DASHES | frozenset({"(", ",", ":"})


def _dateline_division(doc: Doc, spans: Sequence[_Span], gazetteer: Gazetteer, dateline_end: int) -> list[_Span]:
    """Return the second name of a dateline ("FORT X, Wash. -", "SMALLVILLE, Oregon (AP) -")
    when no mention holds it yet, and mark it a first-level division when it names one and no
    country: a dateline's second name is a state, a province or a country, never a town. The
    model often leaves it out (a town the gazetteer lacks before it, an abbreviation read only
    after a known town, "Oregon -" tagged as an organisation with its dash), and without it a
    story datelined in a town the gazetteer lacks gives no place to read its other names by."""
    if not dateline_end:
        return []
    start = next((t.i for t in doc[:dateline_end] if not t.is_space), dateline_end)
    comma = next((t.i for t in doc[start:dateline_end] if t.text == ","), None)
    if comma is None or not 0 < comma - start <= 4 or comma + 1 >= dateline_end:
        return []
    if not all(_is_cap(t) or _abbreviation_dot(doc, t.i) for t in doc[start:comma]):
        return []
    k = comma + 1
    end = next((t.i for t in doc[k:dateline_end + 1] if t.text in DATELINE_STOPS), dateline_end)
    if not k < end <= k + 4:
        return []
    found = next((s for s in spans if s.start == k), None)
    if found is None:
        if any(s.start < end and k < s.end for s in spans):
            return []
        found = _Span(k, end, "ner")
        table = _after_town_abbreviations(doc)
        division = gazetteer.admin1(table[doc[k].text]) if end == k + 1 and doc[k].text in table else None
        found.cands = [division] if division is not None else gazetteer.candidates(doc[k:end].text, 25)
        if not any(c.feature in ("admin1", "country") and not c.alternate for c in found.cands):
            return []   # a month ("MARACAY, March -"), an agency: no division's name
        new = [found]
    else:
        new = []
    main = [c for c in found.cands if not c.alternate]
    if any(c.feature == "admin1" for c in main) and not any(c.feature == "country" for c in main):
        found.hint = "admin1"
    return new


def _dateline_end(doc: Doc) -> int:
    """Return the token offset where a dateline ends ("GOMA, Democratic Republic of Congo -",
    "NIAMEY -", "KABUL, July 9 (Reuters) -"): its dash; 0 when the text opens with none."""
    from geoevent.pipeline import dateline_of

    found = dateline_of(doc)
    return found[1] - 1 if found else 0
