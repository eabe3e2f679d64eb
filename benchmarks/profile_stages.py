"""Print the CPU time per document of each extraction stage, after spaCy's parse.

    python benchmarks/profile_stages.py [--corpus DIR] [--limit N] [--top N]

The texts are parsed first (not timed); then each stage runs over every parsed document and is
timed with the process's CPU clock (steadier than wall time on a shared machine): place
finding, date mentions, clutter, event extraction, merging. ``--top N`` also prints the N
functions with the most cumulative time under cProfile, for finding hot spots.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--top", type=int, default=0)
    args = parser.parse_args(argv)

    from geoevent.extraction.dates import date_mentions
    from geoevent.extraction.events import extract_events
    from geoevent.extraction.merge import merge_events
    from geoevent.extractor import Extractor, Source
    from geoevent.geo.resolve import find_places
    from geoevent.io.clutter import clutter_spans

    paths = sorted(args.corpus.glob("*.txt"))
    step = max(1, len(paths) // args.limit)
    paths = paths[::step][:args.limit]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    ex = Extractor().load()
    docs = list(ex.nlp.pipe(texts, batch_size=64))
    sources = [Source(id=p.name, text=t) for p, t in zip(paths, texts)]
    rules, gazetteer = ex.rules, ex.gazetteer
    for doc in docs[:5]:   # warm the caches built on first use
        find_places(doc, gazetteer)
        date_mentions(doc, None, rules.date_words)

    stages = {
        "find_places": lambda s, d: find_places(d, gazetteer),
        "date_mentions": lambda s, d: list(date_mentions(d, None, rules.date_words)),
        "clutter": lambda s, d: clutter_spans(s.text, rules.clutter),
        "context (all of the above)": lambda s, d: ex.context(d, s, None, None),
        "events + merge": lambda s, d: merge_events(extract_events(d, ex.context(d, s, None, None), rules), rules),
    }
    n = len(docs)
    print(f"{n} documents from {args.corpus}")
    for name, run in stages.items():
        start = time.process_time()
        for source, doc in zip(sources, docs):
            run(source, doc)
        print(f"  {name:28s} {1000 * (time.process_time() - start) / n:7.2f} ms/doc CPU")
    if args.top:
        profile = cProfile.Profile()
        profile.enable()
        for source, doc in zip(sources, docs):
            ex._events_of(source, doc)
        profile.disable()
        pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
