"""Print, for each matched event of an ACLED export, ACLED's actor1 beside ours, to group the
naming errors into classes (issue 11, item 1).

    python benchmarks/actor_errors.py ../shared/dev/acled_dev.csv [--all] [--country]

One tab-separated line per matched event whose actor1 (or, with --country, actor country)
differs: document id, gold actor1 | ours, gold event type | ours, our actor's text, type and
country, and the sentence. The lines go to stdout; the counts to stderr.
"""
from __future__ import annotations

import argparse
import sys

from geoevent.evaluate import load, match_events
from geoevent.evaluate.report import same_actor_name
from geoevent.extractor import Extractor


def _get(obj, *keys):
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("--all", action="store_true", help="print right ones too")
    parser.add_argument("--country", action="store_true", help="compare the actor's country instead")
    args = parser.parse_args()
    extractor = Extractor()
    shown = total = 0
    for doc in load(args.gold):
        predicted = [e.to_dict() for e in extractor.extract(doc.text, doc_id=doc.id, published=doc.published)]
        for gi, pi, _ in match_events(doc.events, predicted):
            g, p = doc.events[gi], predicted[pi]
            if args.country:
                gold_name = _get(g.actor, "country")
                got = _get(p, "actor", "country")
                right = gold_name is None or (got or "").upper() == gold_name
            else:
                gold_name = _get(g.actor, "acled")
                got = _get(p, "acled", "actor1") or _get(p, "actor", "acled")
                right = gold_name is None or same_actor_name(gold_name, got)
            if gold_name is None:
                continue
            total += 1
            if right and not args.all:
                continue
            shown += 1
            actor = p.get("actor") or {}
            print("\t".join(str(x) for x in (
                doc.id, gold_name, got, (g.acled or {}).get("event_type"), _get(p, "acled", "event_type"),
                actor.get("text"), actor.get("type"), actor.get("country"), _get(p, "location", "country"),
                (p.get("sentence") or "").replace("\n", " "))))
    print(f"{shown} of {total} shown", file=sys.stderr)


if __name__ == "__main__":
    main()
