"""Print violent events per 1,000 ordinary news articles: false alarms on news with no violence.

Ordinary news here is the BBC business, technology, entertainment and sport articles of
``../shared/corpus/bbc/`` (politics is left out: it reports real attacks). A violent event is a
record whose ACLED event type is Battles, Violence against civilians, Explosions/Remote violence
or Riots, not negated. It prints them per 1,000 articles both as records and as incidents (the
records that share an ``incident`` id are one event, as ACLED counts them and as ``--format
acled`` writes them). Most of them used to be figurative ("a court battle", "blasts officials",
"kill the business model"); the target is at most 10 per 1,000 articles. Some are real: a
stabbing at an awards night or riots in an economy story are violence, wherever they are told.

    python benchmarks/bench_false_alarms.py                  # all 1,808 articles, 2 processes
    python benchmarks/bench_false_alarms.py --every 6 --show # a sixth of them, with the records
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from geoevent.extractor import Extractor, Source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
SECTIONS = ("business", "entertainment", "sport", "tech")
VIOLENT = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots"})


def articles(folder: Path, every: int) -> list[Path]:
    """Return the ordinary-news articles of the corpus, every ``every``-th of each section."""
    found = []
    for section in SECTIONS:
        found.extend(sorted(folder.glob(f"{section}_*.txt"))[::every])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--every", type=int, default=1, help="take every N-th article of each section")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print each violent record")
    args = parser.parse_args()
    paths = articles(args.corpus, args.every)
    if not paths:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return 2
    sources = [Source(str(p.relative_to(args.corpus)), p.read_text(encoding="utf-8", errors="replace")) for p in paths]
    started = time.perf_counter()
    violent: list = []
    incidents: set = set()
    by_section: Counter = Counter()
    for result in Extractor().extract_many(sources, jobs=args.jobs):
        for event in result.events:
            acled = event.acled or {}
            if acled.get("event_type") in VIOLENT and not event.action.negated:
                violent.append(event)
                incidents.add((event.doc, event.incident or event.id))
                by_section[event.doc.split("_")[0]] += 1
    seconds = time.perf_counter() - started
    if args.show:
        for event in violent:
            who = event.actor.name if event.actor else "-"
            whom = event.target.name if event.target else "-"
            print(f"{event.incident or event.id}\t{event.action.type}\t{who} -> {whom}\t{event.action.text!r}\t"
                  f"{event.sentence[:140]}")
    per_1000 = 1000 * len(violent) / len(paths)
    incidents_per_1000 = 1000 * len(incidents) / len(paths)
    print(f"{len(paths)} articles, {len(violent)} violent records in {len(incidents)} incidents: "
          f"{per_1000:.1f} records, {incidents_per_1000:.1f} incidents per 1,000 articles (target <= 10); "
          f"records by section: {dict(sorted(by_section.items()))}; {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
