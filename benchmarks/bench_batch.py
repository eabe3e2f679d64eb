"""Print geoevent's speed and memory beside bare spaCy's, on the same folder of real articles.

    python benchmarks/bench_batch.py [--corpus DIR] [--limit N] [-j N] [--repeat N] [--json [FILE]]

Every figure comes from a fresh subprocess, start-up included, run under a sampler that reads
/proc/<pid>/status (VmRSS, VmHWM) and /proc/<pid>/smaps_rollup (Pss) of the process and all
its descendants every --interval seconds:

  (a) bare spaCy, batch: load the same model (geoevent.pipeline.model_name()) and run
      nlp.pipe over the texts with n_process=jobs and geoevent's batch size; results dropped
  (b) geoevent, batch:   geoevent extract FOLDER --format jsonl -q -j N > /dev/null
      (a) and (b) alternate --repeat times (a b, b a, ...) so machine noise falls on both
  (c) bare spaCy, one article, cold: load the model and parse the text
  (d) geoevent, one article, cold:   geoevent extract FILE --format jsonl -q
      (c) and (d) alternate --cold-repeat times; the medians are compared
  (e) memory over a long run: geoevent extract CORPUS.jsonl -j 1 over --long-docs documents
      (the articles repeated with distinct ids, written to a temporary folder), RSS sampled
      over time and read at 10 %, 50 % and 100 % of the run

Before anything is timed, geoevent's modules are byte-compiled (as an installed copy is), one
geoevent extract of a tiny file builds the gazetteer index if it is missing, and one pass of
each kind warms the page cache. The articles are read where they
are: a --limit subset is a temporary folder of symbolic links, never a copy.

Peak memory: "tree RSS" adds up the resident sets of every process of the run (pages that
forked workers share with their parent are counted in each); "tree PSS" divides shared pages
among the processes that share them (the honest total); "largest process" is the highest
VmHWM of any one process of the run.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus" / "bbc"

#: Targets from the issue: geoevent against bare spaCy.
TARGET_THROUGHPUT = 0.9          # (b)/(a) docs per second, at least
TARGET_COLD = 1.3                # (d)/(c) wall seconds, at most
TARGET_MEMORY_MB = 200.0         # (b) - (a) largest process, at most
#: The long run is "flat" when the second half adds less than this much resident memory.
FLAT_MB = 25.0

BARE_BATCH = r"""
import json, sys, time
start = time.perf_counter()
import spacy
model, paths_file, jobs, batch_size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
nlp = spacy.load(model)
loaded = time.perf_counter()
paths = open(paths_file, encoding="utf-8").read().splitlines()
texts = (open(p, encoding="utf-8").read() for p in paths)
docs = 0
for doc in nlp.pipe(texts, n_process=jobs, batch_size=batch_size):
    docs += 1
end = time.perf_counter()
print(json.dumps({"docs": docs, "load_s": loaded - start, "parse_s": end - loaded}))
"""

BARE_ONE = r"""
import sys
import spacy
nlp = spacy.load(sys.argv[1])
nlp(open(sys.argv[2], encoding="utf-8").read())
"""


# ---------------------------------------------------------------- measuring a process tree


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _tree(root: int) -> list[int]:
    children = _children_map()
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, ()))
    return pids


def _status_kb(pid: int) -> tuple[int, int]:
    """Return (VmRSS, VmHWM) of ``pid`` in kB; (0, 0) when it is gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Run:
    """What one measured command did: its wall time and the memory of its process tree."""

    wall_s: float
    returncode: int
    stdout: str = ""
    stderr: str = ""
    peak_tree_rss_mb: float = 0.0
    peak_tree_pss_mb: float = 0.0
    peak_process_mb: float = 0.0       # the highest VmHWM of any one process of the tree
    processes: int = 0                  # the most processes alive at once
    samples: list[tuple[float, float]] = field(default_factory=list)   # (seconds, tree RSS MB)


def measure(argv: list[str], interval: float, stdout_to_null: bool = True, env: dict | None = None) -> Run:
    """Return the wall time and memory of ``argv``, run to its end in a fresh process."""
    stdout = subprocess.DEVNULL if stdout_to_null else subprocess.PIPE
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=env, text=True)
    samples: list[tuple[float, float]] = []
    peaks = {"rss": 0, "pss": 0, "procs": 0}
    hwm: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pids = _tree(proc.pid)
            total = 0
            for pid in pids:
                rss, high = _status_kb(pid)
                total += rss
                hwm[pid] = max(hwm.get(pid, 0), high)
            pss = sum(_pss_kb(pid) for pid in pids)
            peaks["rss"] = max(peaks["rss"], total)
            peaks["pss"] = max(peaks["pss"], pss)
            peaks["procs"] = max(peaks["procs"], len(pids))
            samples.append((time.perf_counter() - started, total / 1024))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    return Run(wall_s=wall, returncode=proc.returncode, stdout=out or "", stderr=err,
               peak_tree_rss_mb=peaks["rss"] / 1024, peak_tree_pss_mb=peaks["pss"] / 1024,
               peak_process_mb=max(hwm.values(), default=0) / 1024, processes=peaks["procs"],
               samples=samples)


def checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        sys.exit(f"bench_batch: {what} failed (exit {run.returncode}):\n{run.stderr[-2000:]}")
    return run


# ---------------------------------------------------------------- the benchmark


def geoevent_command() -> list[str]:
    script = Path(sys.executable).with_name("geoevent")
    return [str(script)] if script.exists() else [sys.executable, "-m", "geoevent.cli"]


def note(message: str) -> None:
    print(f"bench_batch: {message}", file=sys.stderr, flush=True)


def words_of(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in paths)


def batch_figures(run: Run, docs: int, words: int) -> dict:
    return {"wall_s": run.wall_s, "docs_per_s": docs / run.wall_s, "words_per_s": words / run.wall_s,
            "peak_tree_rss_mb": run.peak_tree_rss_mb, "peak_tree_pss_mb": run.peak_tree_pss_mb,
            "peak_process_mb": run.peak_process_mb, "processes": run.processes}


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def rss_at(samples: list[tuple[float, float]], fraction: float, window: float = 0.05,
           teardown_s: float = 1.0) -> float:
    """Return the highest tree RSS sampled in the ``window`` of the run that ends at ``fraction``.

    The run ends ``teardown_s`` before the last sample, and the highest sample of a window is
    taken, not the last: the interpreter gives memory back as it shuts down.
    """
    end = samples[-1][0] - teardown_s
    inside = [mb for t, mb in samples if (fraction - window) * end <= t <= fraction * end and mb > 0]
    return max(inside) if inside else max(mb for _, mb in samples)


def gazetteer_cold_load() -> dict | None:
    """Return bench_gazetteer's cold-load figures for the index already in the cache."""
    sys.path.insert(0, str(HERE))
    try:
        import bench_gazetteer

        return bench_gazetteer.run(bench_gazetteer.CHILD_LOAD, dict(os.environ))
    except Exception as exc:   # a side figure: never stop the benchmark for it
        note(f"gazetteer cold load not measured ({type(exc).__name__}: {exc})")
        return None
    finally:
        sys.path.remove(str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of .txt articles [default: ../shared/corpus/bbc]")
    parser.add_argument("--limit", type=int, default=0, help="use the first N articles (sorted by name) [default: all]")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="processes for the batch runs [default: 2]")
    parser.add_argument("--repeat", type=int, default=2, help="(a)/(b) pairs [default: 2]")
    parser.add_argument("--cold-repeat", type=int, default=5, help="(c)/(d) pairs [default: 5]")
    parser.add_argument("--article", type=Path, help="the article for (c)/(d) [default: the corpus article of median length]")
    parser.add_argument("--long-docs", type=int, default=10_000, help="documents of the long run (e) [default: 10000; 0 skips it]")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between memory samples [default: 0.2]")
    parser.add_argument("--json", nargs="?", const="-", metavar="FILE",
                        help="print the figures as JSON instead of a table; with FILE, write them there too")
    args = parser.parse_args()

    from geoevent.extractor import BATCH_SIZE
    from geoevent.pipeline import model_name

    model = model_name()
    paths = sorted(p for p in args.corpus.resolve().glob("*.txt") if p.is_file())
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        sys.exit(f"bench_batch: no .txt articles in {args.corpus}")
    docs, words = len(paths), words_of(paths)
    article = args.article or sorted(paths, key=lambda p: p.stat().st_size)[len(paths) // 2]
    geoevent = geoevent_command()
    report: dict = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "model": model, "jobs": args.jobs, "batch_size": BATCH_SIZE, "corpus": str(args.corpus.resolve()),
        "docs": docs, "words": words, "article": str(article), "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }

    with tempfile.TemporaryDirectory(prefix="bench_batch-") as tmp:
        tmp_path = Path(tmp)
        folder = tmp_path / "articles"          # exactly the chosen .txt files, as links
        folder.mkdir()
        for p in paths:
            (folder / p.name).symlink_to(p)
        paths_file = tmp_path / "paths.txt"
        paths_file.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
        bare_batch = [sys.executable, "-c", BARE_BATCH, model, str(paths_file), str(args.jobs), str(BATCH_SIZE)]
        geo_batch = [*geoevent, "extract", str(folder), "--format", "jsonl", "-q", "-j", str(args.jobs)]
        bare_one = [sys.executable, "-c", BARE_ONE, model, str(article)]
        geo_one = [*geoevent, "extract", str(article), "--format", "jsonl", "-q"]

        note("warm-up: geoevent extract of a tiny file (builds the gazetteer index if missing), "
             "one bare and one geoevent cold start (page cache)")
        tiny = tmp_path / "tiny.txt"
        tiny.write_text("Police arrested 12 protesters in Kabul on Monday.\n", encoding="utf-8")
        # byte-compile geoevent as `pip install` does: run from a source tree with
        # PYTHONDONTWRITEBYTECODE set, every cold start would compile our modules anew
        # (about 0.1 s here), which no installed copy pays
        compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "geoevent"), quiet=1)
        checked(measure([*geoevent, "extract", str(tiny), "--format", "jsonl", "-q"], args.interval), "warm-up")
        checked(measure(bare_one, args.interval), "warm-up (bare)")

        report["gazetteer"] = gazetteer_cold_load()

        bare_runs, geo_runs, bare_inner = [], [], []
        for i in range(args.repeat):
            order = [("a", bare_batch), ("b", geo_batch)]
            for kind, argv in (order if i % 2 == 0 else order[::-1]):
                note(f"batch {i + 1}/{args.repeat} ({kind}): {docs} articles, -j {args.jobs}")
                run = checked(measure(argv, args.interval, stdout_to_null=kind == "b"), f"batch ({kind})")
                if kind == "a":
                    bare_runs.append(batch_figures(run, docs, words))
                    bare_inner.append(json.loads(run.stdout.strip().splitlines()[-1]))
                else:
                    geo_runs.append(batch_figures(run, docs, words))
        report["bare_batch"] = {**median_of(bare_runs), "runs": bare_runs,
                                "inner": {"load_s": statistics.median(r["load_s"] for r in bare_inner),
                                          "parse_s": statistics.median(r["parse_s"] for r in bare_inner)}}
        report["geoevent_batch"] = {**median_of(geo_runs), "runs": geo_runs}

        cold = {"c": [], "d": []}
        for i in range(args.cold_repeat):
            note(f"cold start {i + 1}/{args.cold_repeat}: {article.name}")
            order = [("c", bare_one), ("d", geo_one)]
            for kind, argv in (order if i % 2 == 0 else order[::-1]):
                run = checked(measure(argv, args.interval / 4), f"cold start ({kind})")
                cold[kind].append({"wall_s": run.wall_s, "peak_process_mb": run.peak_process_mb})
        report["bare_cold"] = {**median_of(cold["c"]), "runs": [r["wall_s"] for r in cold["c"]]}
        report["geoevent_cold"] = {**median_of(cold["d"]), "runs": [r["wall_s"] for r in cold["d"]]}

        if args.long_docs:
            corpus = tmp_path / "long.jsonl"
            with corpus.open("w", encoding="utf-8") as handle:
                for i in range(args.long_docs):
                    p = paths[i % docs]
                    handle.write(json.dumps({"id": f"{i:06d}-{p.stem}", "text": p.read_text(encoding="utf-8")}) + "\n")
            note(f"long run (e): {args.long_docs} documents, -j 1 (this takes a while)")
            run = checked(measure([*geoevent, "extract", str(corpus), "--format", "jsonl", "-q", "-j", "1"],
                                  max(args.interval, 0.5)), "long run")
            at = {f"{int(f * 100)}%": rss_at(run.samples, f) for f in (0.1, 0.5, 1.0)}
            report["long_run"] = {
                "docs": args.long_docs, "wall_s": run.wall_s, "docs_per_s": args.long_docs / run.wall_s,
                "rss_mb_at": at, "peak_process_mb": run.peak_process_mb,
                "growth_10_to_100_mb": at["100%"] - at["10%"], "growth_50_to_100_mb": at["100%"] - at["50%"],
                "flat": at["100%"] - at["50%"] < FLAT_MB,
                "samples": [(round(t, 1), round(mb, 1)) for t, mb in run.samples[:: max(1, len(run.samples) // 40)]],
            }

    bare, geo = report["bare_batch"], report["geoevent_batch"]
    report["ratios"] = {
        "throughput": geo["docs_per_s"] / bare["docs_per_s"],
        "cold_start": report["geoevent_cold"]["wall_s"] / report["bare_cold"]["wall_s"],
        "largest_process_mb": geo["peak_process_mb"] - bare["peak_process_mb"],
        "tree_pss_mb": geo["peak_tree_pss_mb"] - bare["peak_tree_pss_mb"],
        "cold_process_mb": report["geoevent_cold"]["peak_process_mb"] - report["bare_cold"]["peak_process_mb"],
    }
    report["targets_met"] = {
        "throughput": report["ratios"]["throughput"] >= TARGET_THROUGHPUT,
        "cold_start": report["ratios"]["cold_start"] <= TARGET_COLD,
        "memory": report["ratios"]["largest_process_mb"] <= TARGET_MEMORY_MB,
        "flat": report.get("long_run", {}).get("flat"),
    }
    if args.json and args.json != "-":
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.json == "-":
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


def print_table(r: dict) -> None:
    bare, geo = r["bare_batch"], r["geoevent_batch"]
    ratios, met = r["ratios"], r["targets_met"]
    ok = {True: "ok", False: "MISSED", None: "-"}
    print(f"{r['docs']} articles, {r['words']:,} words (whitespace-separated), model {r['model']}, "
          f"-j {r['jobs']}, batch size {r['batch_size']}, {r['cpus']} CPUs, "
          f"load average {r['load_average'][0]:.2f} at start")
    print("gazetteer index built before timing (warm-up extract of a tiny file); page cache warmed")
    print()
    print(f"{'batch, start-up included':28} {'wall s':>8} {'docs/s':>8} {'words/s':>9} "
          f"{'tree RSS MB':>12} {'tree PSS MB':>12} {'largest MB':>11} {'procs':>6}")
    for name, row in (("(a) bare spaCy nlp.pipe", bare), ("(b) geoevent extract", geo)):
        print(f"{name:28} {row['wall_s']:8.1f} {row['docs_per_s']:8.1f} {row['words_per_s']:9,.0f} "
              f"{row['peak_tree_rss_mb']:12.0f} {row['peak_tree_pss_mb']:12.0f} {row['peak_process_mb']:11.0f} "
              f"{row['processes']:6.0f}")
    a_runs = ", ".join(f"{x['wall_s']:.1f}" for x in bare["runs"])
    b_runs = ", ".join(f"{x['wall_s']:.1f}" for x in geo["runs"])
    print(f"  runs (wall s): a {a_runs}; b {b_runs}; inside (a): load {bare['inner']['load_s']:.1f} s "
          f"+ nlp.pipe {bare['inner']['parse_s']:.1f} s")
    print()
    c, d = r["bare_cold"], r["geoevent_cold"]
    print(f"one article, cold start ({Path(r['article']).name}), median of {len(c['runs'])}")
    print(f"  (c) bare spaCy load + parse  {c['wall_s']:6.2f} s  {c['peak_process_mb']:5.0f} MB   "
          f"runs {', '.join(f'{x:.2f}' for x in c['runs'])}")
    print(f"  (d) geoevent extract FILE    {d['wall_s']:6.2f} s  {d['peak_process_mb']:5.0f} MB   "
          f"runs {', '.join(f'{x:.2f}' for x in d['runs'])}")
    if r.get("gazetteer"):
        g = r["gazetteer"]
        print(f"  gazetteer cold load {g['load_s'] * 1000:.0f} ms, +{g['extra_rss_mb']:.0f} MB (benchmarks/bench_gazetteer.py)")
    print()
    print(f"{'ratio':44} {'value':>10} {'target':>10}")
    print(f"{'batch throughput (b)/(a)':44} {ratios['throughput']:9.2f}x {'>= 0.9x':>10}  {ok[met['throughput']]}")
    print(f"{'cold start (d)/(c)':44} {ratios['cold_start']:9.2f}x {'<= 1.3x':>10}  {ok[met['cold_start']]}")
    print(f"{'peak memory, largest process (b)-(a)':44} {ratios['largest_process_mb']:+8.0f}MB {'<= +200MB':>10}  "
          f"{ok[met['memory']]}")
    print(f"{'peak memory, whole tree PSS (b)-(a)':44} {ratios['tree_pss_mb']:+8.0f}MB")
    print(f"{'peak memory, one article (d)-(c)':44} {ratios['cold_process_mb']:+8.0f}MB")
    if "long_run" in r:
        lr = r["long_run"]
        at = lr["rss_mb_at"]
        print()
        print(f"long run (e): {lr['docs']:,} documents, -j 1, {lr['wall_s']:.0f} s ({lr['docs_per_s']:.1f} docs/s)")
        print(f"  RSS at 10% {at['10%']:.0f} MB, 50% {at['50%']:.0f} MB, 100% {at['100%']:.0f} MB; "
              f"second half {lr['growth_50_to_100_mb']:+.0f} MB -> {'flat' if lr['flat'] else 'GROWING'} "
              f"(flat: < {FLAT_MB:.0f} MB)")


if __name__ == "__main__":
    main()
