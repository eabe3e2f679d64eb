"""Print geoevent's throughput on a local Dask cluster of 1 and 2 workers beside the local -j 2
run, on the same folder of real articles, and the cost of one task on the cluster.

    python benchmarks/bench_dask.py [--corpus DIR] [--limit N] [--repeat N] [--tasks N] [--json]

(a) local:      geoevent extract FOLDER --format jsonl -q -j 2
(b) dask 1:     geoevent extract FOLDER --format jsonl -q --scheduler local:1
(c) dask 2:     geoevent extract FOLDER --format jsonl -q --scheduler local:2
    Whole processes, start-up included (for (b) and (c): starting the cluster and loading the
    model in every worker); the runs alternate --repeat times and the medians are printed, wall
    time and CPU time (user + system of the process and its workers: what the run costs, which
    other work on the machine barely changes, unlike wall time). The
    outputs must be byte for byte the same, or the script says so and exits 1.
(d) steady state: in this process, a ClusterRunner on local:1 and local:2 is started and warmed
    up (timed apart), then extracts the folder: documents per second once the workers are up,
    and the peak resident memory of a worker process.
(e) per-task overhead: --tasks empty batches submitted at once to the warmed-up local:2 cluster
    (what a task costs the scheduler, the client and the network, with no extraction), and one
    at a time (the round trip of one task).

The articles are read where they are: a --limit subset is a temporary folder of symbolic links.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus" / "bbc"

RUNS = {
    "local -j 2": ["-j", "2"],
    "dask local:1": ["--scheduler", "local:1"],
    "dask local:2": ["--scheduler", "local:2"],
}


def subset(corpus: Path, limit: int | None, scratch: Path) -> tuple[Path, int]:
    """Return a folder with the first ``limit`` articles (symbolic links) and how many."""
    files = sorted(p for p in corpus.rglob("*.txt"))
    if limit is None or limit >= len(files):
        return corpus, len(files)
    folder = scratch / "articles"
    folder.mkdir()
    for path in files[:limit]:
        (folder / path.name).symlink_to(path.resolve())
    return folder, limit


def run_cli(folder: Path, options: list[str]) -> tuple[float, float, str]:
    """Return (wall seconds, CPU seconds, sha256 of stdout) of one whole geoevent extract
    process. CPU seconds are user + system time of the process and all its workers (each
    level waits for its children, so their times add up here): unlike wall time, they hardly
    change when other work shares the machine."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "geoevent.cli", "extract", str(folder), "--format", "jsonl",
                           "-q", *options], capture_output=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"geoevent extract {' '.join(options)} failed: {done.stderr.decode()[-400:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, hashlib.sha256(done.stdout).hexdigest()


def steady(folder: Path, workers: int) -> dict[str, float]:
    """Start a local cluster, warm it up, extract the folder: the seconds of each step."""
    from geoevent.dask import ClusterRunner
    from geoevent.extractor import Extractor
    from geoevent.io.readers import iter_documents

    documents = [d for d in iter_documents([str(folder)]) if hasattr(d, "text")]
    start = time.perf_counter()
    with ClusterRunner(Extractor(), f"local:{workers}") as runner:
        ready = time.perf_counter()
        n = sum(1 for _ in runner.extract_many(documents))
        finished = time.perf_counter()
        peak = runner.client.run(_peak_mb)
        overhead = task_overhead(runner, TASKS) if workers == 2 else {}
    return {"start_s": ready - start, "extract_s": finished - ready, "docs_per_s_started": n / (finished - ready),
            "worker_peak_mb": max(peak.values()), **overhead}


def _peak_mb() -> float:
    """Return this process's peak resident memory in MB (VmHWM)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def task_overhead(runner, tasks: int) -> dict[str, float]:
    """Return the milliseconds one empty task costs, submitted in bulk and one at a time."""
    from geoevent.dask import _extract_items

    client = runner.client
    start = time.perf_counter()
    futures = [client.submit(_extract_items, runner._recipe, [], pure=False) for _ in range(tasks)]
    client.gather(futures)
    bulk = (time.perf_counter() - start) / tasks
    start = time.perf_counter()
    for _ in range(max(1, tasks // 4)):
        client.submit(_extract_items, runner._recipe, [], pure=False).result()
    one = (time.perf_counter() - start) / max(1, tasks // 4)
    return {"task_ms_bulk": bulk * 1000, "task_ms_round_trip": one * 1000}


TASKS = 200


def main() -> None:
    global TASKS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=300, help="articles to use (0: all) [300]")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command [1]")
    parser.add_argument("--tasks", type=int, default=TASKS, help="empty tasks for the overhead [200]")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    TASKS = args.tasks
    with tempfile.TemporaryDirectory() as scratch:
        folder, n = subset(args.corpus.resolve(), args.limit or None, Path(scratch))
        print(f"{n} articles from {args.corpus}", flush=True)
        run_cli(folder, ["-j", "1", "--glob", "business_00[1-5].txt"])   # warm the page cache and imports
        walls: dict[str, list[float]] = {name: [] for name in RUNS}
        cpus: dict[str, list[float]] = {name: [] for name in RUNS}
        digests: set[str] = set()
        for repeat in range(args.repeat):
            order = list(RUNS) if repeat % 2 == 0 else list(RUNS)[::-1]
            for name in order:
                wall, cpu, digest = run_cli(folder, RUNS[name])
                walls[name].append(wall)
                cpus[name].append(cpu)
                digests.add(digest)
                print(f"  {name}: {wall:.1f} s, {cpu:.1f} CPU s", flush=True)
        figures: dict[str, dict[str, float]] = {}
        for name, values in walls.items():
            wall = statistics.median(values)
            figures[name] = {"wall_s": wall, "docs_per_s": n / wall, "cpu_s": statistics.median(cpus[name])}
        for workers in (1, 2):
            figures[f"dask local:{workers}"].update(steady(folder, workers))
    base = figures["local -j 2"]["wall_s"]
    print()
    base_cpu = figures["local -j 2"]["cpu_s"]
    print("| run | wall s | docs/s | vs local -j 2 | CPU s | CPU vs local -j 2 | cluster start s "
          "| docs/s once started | worker peak MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, f in figures.items():
        start = f"{f['start_s']:.1f}" if "start_s" in f else "—"
        warm = f"{f['docs_per_s_started']:.1f}" if "docs_per_s_started" in f else "—"
        peak = f"{f['worker_peak_mb']:.0f}" if "worker_peak_mb" in f else "—"
        print(f"| {name} | {f['wall_s']:.1f} | {f['docs_per_s']:.1f} | {base / f['wall_s']:.2f}x "
              f"| {f['cpu_s']:.0f} | {f['cpu_s'] / base_cpu:.2f}x | {start} | {warm} | {peak} |")
    two = figures["dask local:2"]
    print()
    print(f"per-task overhead (empty task, local:2): {two['task_ms_bulk']:.1f} ms in bulk, "
          f"{two['task_ms_round_trip']:.1f} ms round trip; a task carries 16 documents")
    same = len(digests) == 1
    print(f"same records in every run: {'yes' if same else 'NO'}")
    if args.json:
        print(json.dumps({"articles": n, "runs": figures, "same_records": same}, indent=2))
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
