"""List the found literal toponyms of a GeoWebNews-style file that land farther than 161 km from
the gold point, grouped by what went wrong, to see which classes of resolution errors to fix.

    python benchmarks/gwn_far_toponyms.py [--places ../shared/dev/places_dev.jsonl] [--json out.json]

Each far toponym gets one class:

- ``region-point``: the chosen candidate is a continent, sea or broad region (precision
  ``region``) whose point is not the gold point;
- ``division-point``: the chosen candidate is a first-level division or a country whose point
  is far from the gold point while the gold point lies inside it (no other candidate is closer);
- ``context-far``: a facility or unknown name placed through the text's town;
- ``namesake``: another candidate of the same name lies within 161 km (the ranking chose wrong);
- ``no-candidate``: no candidate lies within 161 km (the gazetteer lacks the place, or the
  mention is a street, site or neighbourhood that was matched to a namesake town).

For each it prints the class, the distance, what was chosen and the distance of the chosen
point to the other places resolved in the document (a namesake far from everything else the
text names is a likely wrong choice). The parsed documents are cached in ``$GEOEVENT_CACHE``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from geoevent.geo.evaluate import LITERAL_TYPES as LITERAL  # noqa: E402  (the scorer's literal types)
from geoevent.geo.points import distance_km  # noqa: E402


def parsed_docs(nlp, texts: list[str], cache: Path):
    """Return the parsed documents, from a DocBin cache when its texts are the same."""
    from spacy.tokens import DocBin

    if cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    docs = list(nlp.pipe(texts))
    bin_ = DocBin(store_user_data=True)
    for d in docs:
        bin_.add(d)
    cache.parent.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(cache)
    return docs


def gwn_articles(path: Path) -> tuple[list[dict], list, object]:
    """Return a GeoWebNews-style file's articles, their parses (cached beside the gazetteer
    index, see :func:`parsed_docs`) and the gazetteer."""
    from geoevent.geo.gazetteer import Gazetteer, cache_dir
    from geoevent.pipeline import load_pipeline

    articles = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    docs = parsed_docs(load_pipeline(), [a["text"] for a in articles], cache_dir() / "gwn-docs.spacy")
    return articles, docs, Gazetteer.default()


def classify(gold: dict, mention, others: list) -> str:
    """Return the class of a far toponym (see the module docstring)."""
    p = mention.place
    if mention.source in ("facility-context", "unknown-context"):
        return "context-far"
    if p.precision == "region":
        return "region-point"
    near = [c for c in mention.candidates
            if distance_km(c.lat, c.lon, gold["lat"], gold["lon"]) <= 161
            or (gold.get("geonameid") and c.geonameid == gold["geonameid"])]
    if near:
        return "namesake"
    if p.precision in ("admin1", "country") and p.country == gold.get("country"):
        return "division-point"
    return "no-candidate"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=Path, default=HERE.parent.parent / "shared/dev/places_dev.jsonl")
    parser.add_argument("--json", type=Path, help="write the far toponyms as JSON to this file")
    parser.add_argument("--all-types", action="store_true", help="every toponym type, not only the literal ones")
    args = parser.parse_args()

    from geoevent.geo.resolve import find_places

    articles, docs, gazetteer = gwn_articles(args.places)
    rows = []
    for article, doc in zip(articles, docs):
        mentions = find_places(doc, gazetteer)
        for g in article["toponyms"]:
            if g["lat"] is None or not (args.all_types or g["type"] in LITERAL):
                continue
            m = next((m for m in mentions if m.start_char < g["end"] and g["start"] < m.end_char), None)
            if m is None or (g.get("geonameid") and m.place.geonameid == g["geonameid"]):
                continue
            km = distance_km(m.place.lat, m.place.lon, g["lat"], g["lon"])
            if km <= 161:
                continue
            others = [o for o in mentions if o is not m and o.place.precision in ("place", "admin2")]
            spread = sorted(distance_km(m.place.lat, m.place.lon, o.place.lat, o.place.lon) for o in others)
            rows.append({
                "doc": article["id"], "text": g["text"], "type": g["type"], "km": round(km),
                "class": classify(g, m, others), "chosen": m.place.label(), "precision": m.place.precision,
                "source": m.source, "role": m.role, "gold_country": g.get("country"),
                "gold_id": g.get("geonameid"), "ncand": len(m.candidates),
                "nearest_other_km": round(spread[0]) if spread else None,
            })
    counts = Counter(r["class"] for r in rows)
    for r in sorted(rows, key=lambda r: (r["class"], r["precision"], -r["km"])):
        print(f"{r['class']:<15}{r['km']:>6} km  {r['text']!r:<28} {r['type']:<17} -> {r['chosen']} "
              f"[{r['precision']}, {r['source']}, {r['ncand']} cands, nearest other "
              f"{r['nearest_other_km']} km] gold {r['gold_country']} {r['gold_id']}")
    print()
    for name, n in counts.most_common():
        print(f"{name:<15}{n:>4}")
    print(f"{'total':<15}{len(rows):>4}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
