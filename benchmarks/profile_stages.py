"""Print the CPU time per document of each extraction stage, after spaCy's parse.

    python benchmarks/profile_stages.py [--corpus DIR] [--limit N] [--warm N] [--top N]

The texts are parsed first (not timed); then each stage runs over every parsed document and is
timed with the process's CPU clock (steadier than wall time on a shared machine): the whole
extraction of a parsed document, then place finding, date mentions, clutter, and event
extraction with merging. ``--top N`` also prints the N
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
    parser.add_argument("--warm", type=int, default=40)
    args = parser.parse_args(argv)

    from geoevent.extraction.dates import date_mentions
    from geoevent.extraction.events import extract_events
    from geoevent.extraction.merge import merge_events
    from geoevent.extractor import Extractor, Source
    from geoevent.geo.resolve import find_places
    from geoevent.io.clutter import clutter_spans

    paths = sorted(args.corpus.glob("*.txt"))
    step = max(1, len(paths) // args.limit)
    chosen = paths[::step][:args.limit]
    taken = set(chosen)
    others = [p for p in paths if p not in taken][:args.warm]
    ex = Extractor().load()
    rules, gazetteer = ex.rules, ex.gazetteer

    def parsed(files: list[Path]) -> tuple[list[Source], list]:
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
        return [Source(id=p.name, text=t) for p, t in zip(files, texts)], list(ex.nlp.pipe(texts, batch_size=64))

    stages = {
        "all (_events_of)": lambda s, d: ex._events_of(s, d),
        "find_places": lambda s, d: find_places(d, gazetteer),
        "date_mentions": lambda s, d: list(date_mentions(d, None, rules.date_words)),
        "clutter": lambda s, d: clutter_spans(s.text, rules.clutter),
        "events + merge": lambda s, d: merge_events(extract_events(d, ex.context(d, s, None, None), rules), rules),
    }
    # what is loaded on first use (the gazetteer's connection, word lists, tokenizers) is loaded
    # on other documents first; then each stage meets the measured documents for the first time,
    # except that "all" has filled per-string caches for the later stages
    warm_sources, warm_docs = parsed(others)
    for run in stages.values():
        for source, doc in zip(warm_sources, warm_docs):
            run(source, doc)
    sources, docs = parsed(chosen)
    n = len(docs)
    print(f"{n} documents from {args.corpus} (after {len(warm_docs)} others to load what is loaded once)")
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
