"""List the literal toponyms of a GeoWebNews-style file that ``find_places`` misses, each with
the reason, grouped and counted, to see which classes of misses to fix.

    python benchmarks/gwn_missed_toponyms.py [--places ../shared/dev/places_dev.jsonl] [--all-types]
                                             [--class PREFIX] [--json out.json] [--quiet]

Reads the dev file where it is and never copies it into the project. A missed toponym (no
reported mention overlaps it) gets one reason:

- ``inside-name:LABEL`` the toponym is part of a longer entity (an organisation, a facility,
  an event: "the X Police Department", "X University"); ``+org-word``/``+facility-word`` when
  that entity holds a word of places_org_words.tsv or of the facility list;
- ``ner-LABEL`` the model tagged the name itself as PERSON, ORG, NORP... and the look-up kept it
  not (``unknown`` when the gazetteer does not know the name either);
- ``ner-place-rejected`` tagged GPE/LOC/FAC but no span was kept (a stop word, a short code);
- ``untagged`` no entity; ``+unknown`` when the gazetteer does not know the name, ``+in-caps-run``
  when it sits in a longer run of capitalised words, ``+lower`` when written in lower case;
- ``no-candidate`` a span was found but the gazetteer gave it no candidate;
- ``filter:context`` / ``filter:foreign-village`` / ``filter:cut-short`` / ``street`` the span
  had candidates and that step dropped it (``_gazetteer_span_ok``, ``_foreign_village``,
  ``_name_cut_short``, the street cut short);
- ``dropped-later`` a span with candidates that none of those steps dropped (a bracket, a merge).

The parsed documents are cached in ``$GEOEVENT_CACHE`` (see gwn_far_toponyms.py).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from gwn_far_toponyms import LITERAL, gwn_articles  # noqa: E402


class Trace:
    """Records, for one document, the spans and verdicts of the steps of ``find_places``."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.collected: list[tuple[int, int, str, str]] = []
        self.cands: dict[tuple[int, int], int] = {}
        self.verdicts: dict[tuple[int, int], list[str]] = {}
        self.streets: list[tuple[int, int]] = []

    def note(self, span, what: str) -> None:
        self.verdicts.setdefault((span.start, span.end), []).append(what)


def install_trace(trace: Trace) -> None:
    """Wrap the steps of ``geoevent.geo.resolve`` so that ``trace`` sees what each decided."""
    from geoevent.geo import resolve

    collect, lookup = resolve._collect_spans, resolve._lookup
    span_ok, foreign, cut = resolve._gazetteer_span_ok, resolve._foreign_village, resolve._name_cut_short
    streets = resolve._streets_cut_short

    def _collect(doc, gazetteer, dateline_end=0):
        spans = collect(doc, gazetteer, dateline_end)
        trace.collected.extend((s.start, s.end, s.source, s.label) for s in spans)
        return spans

    def _look(gazetteer, doc, span, dateline_end=0):
        cands = lookup(gazetteer, doc, span, dateline_end)
        trace.cands[(span.start, span.end)] = len(cands)
        return cands

    def _ok(doc, span, *args, **kw):
        verdict = span_ok(doc, span, *args, **kw)
        if not verdict:
            trace.note(span, "filter:context")
        return verdict

    def _foreign(doc, span, *args, **kw):
        verdict = foreign(doc, span, *args, **kw)
        if verdict:
            trace.note(span, "filter:foreign-village")
        return verdict

    def _cut(doc, span):
        verdict = cut(doc, span)
        if verdict:
            trace.note(span, "filter:cut-short")
        return verdict

    def _streets(doc, spans):
        out = streets(doc, spans)
        trace.streets.extend((s.start, s.end) for s in out)
        return out

    resolve._collect_spans, resolve._lookup = _collect, _look
    resolve._gazetteer_span_ok, resolve._foreign_village, resolve._name_cut_short = _ok, _foreign, _cut
    resolve._streets_cut_short = _streets


def reason(doc, g: dict, trace: Trace, gazetteer) -> str:
    """Return why the gold toponym ``g`` was missed (see the module docstring)."""
    from geoevent.geo.mentions import _facility_words, _org_words

    span = doc.char_span(g["start"], g["end"], alignment_mode="expand")
    if span is None:
        return "no-tokens"
    a, b = span.start, span.end

    def overlaps(s, e):
        return s < b and a < e

    if any(overlaps(s, e) for s, e in trace.streets):
        return "street"
    hits = [(s, e, src) for s, e, src, _ in trace.collected if overlaps(s, e)]
    for s, e in trace.cands:
        if overlaps(s, e) and not any(x[0] == s and x[1] == e for x in hits):
            hits.append((s, e, "part"))
    if hits:
        with_cands = [(s, e) for s, e, _ in hits if trace.cands.get((s, e))]
        if not with_cands:
            return "no-candidate"
        for key in with_cands:
            if trace.verdicts.get(key):
                return trace.verdicts[key][0]
        return "dropped-later"
    text = g["text"]
    known = gazetteer.is_known(text)
    ents = [e for e in doc.ents if overlaps(e.start, e.end)]
    if ents:
        ent = ents[0]
        longer = [t for t in doc[ent.start:ent.end] if not overlaps(t.i, t.i + 1) and t.lower_ not in ("the", "'s", "’s")]
        if longer:
            words = {t.lower_.rstrip(".") for t in doc[ent.start:ent.end]}
            extra = "+org-word" if words & _org_words(doc) else "+facility-word" if words & _facility_words(doc) else ""
            return f"inside-name:{ent.label_}{extra}"
        if ent.label_ in ("GPE", "LOC", "FAC"):
            return "ner-place-rejected" + ("" if known else "+unknown")
        return f"ner-{ent.label_}" + ("" if known else "+unknown")
    out = "untagged"
    if not text[:1].isupper():
        out += "+lower"
    elif not known:
        out += "+unknown"
    if (a > 0 and doc[a - 1].is_title and not doc[a - 1].is_sent_start) or (b < len(doc) and doc[b].is_title):
        out += "+in-caps-run"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=Path, default=HERE.parent.parent / "shared/dev/places_dev.jsonl")
    parser.add_argument("--json", type=Path, help="write the missed toponyms as JSON to this file")
    parser.add_argument("--all-types", action="store_true", help="every toponym type, not only the literal ones")
    parser.add_argument("--class", dest="prefix", default="", help="list only the reasons that start so")
    parser.add_argument("--quiet", action="store_true", help="only the counts")
    args = parser.parse_args()

    from geoevent.geo import resolve

    trace = Trace()
    install_trace(trace)
    articles, docs, gazetteer = gwn_articles(args.places)
    rows = []
    for article, doc in zip(articles, docs):
        trace.reset()
        mentions = resolve.find_places(doc, gazetteer)
        for g in article["toponyms"]:
            if g["lat"] is None or not (args.all_types or g["type"] in LITERAL):
                continue
            if any(m.start_char < g["end"] and g["start"] < m.end_char for m in mentions):
                continue
            why = reason(doc, g, trace, gazetteer)
            left = article["text"][max(0, g["start"] - 60):g["start"]].replace("\n", " ")
            right = article["text"][g["end"]:g["end"] + 60].replace("\n", " ")
            rows.append({"doc": article["id"], "text": g["text"], "type": g["type"], "reason": why,
                         "country": g.get("country"), "context": f"{left}<<{g['text']}>>{right}"})
    shown = [r for r in rows if r["reason"].startswith(args.prefix)]
    if not args.quiet:
        for r in sorted(shown, key=lambda r: (r["reason"], r["type"], r["text"])):
            print(f"{r['reason']:<32}{r['type']:<17}{r['text']!r:<26} {r['context']}")
        print()
    by_reason = Counter(r["reason"] for r in rows)
    by_type = Counter((r["reason"], r["type"]) for r in rows)
    types = sorted({r["type"] for r in rows})
    print(f"{'reason':<34}{'all':>5}" + "".join(f"{t[:9]:>10}" for t in types))
    for name, n in by_reason.most_common():
        print(f"{name:<34}{n:>5}" + "".join(f"{by_type[(name, t)]:>10}" for t in types))
    print(f"{'total missed':<34}{len(rows):>5}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
