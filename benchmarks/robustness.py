"""Try geoevent as a new user would, with large and awkward inputs, and print what held.

    python benchmarks/robustness.py                    # every check, documents of 5 and 20 MB
    python benchmarks/robustness.py --sizes 5          # one size only (the 20 MB run is long)
    python benchmarks/robustness.py --sizes ''         # the quick checks only
    python benchmarks/robustness.py --json out.json    # the figures as JSON too

Checks (issue 13), each run as a fresh `geoevent` process the way a user types it:

  sizes        one document of N MB (the BBC articles of ../shared/corpus/bbc concatenated,
               repeated if need be, one event in the last paragraph): peak memory of every
               process <= 1 GB, CPU and wall time <= 1.3x bare spaCy's nlp.pipe over the same
               text's paragraphs (same model, same number of processes), the last event found,
               every offset true to the file
  encodings    UTF-8, UTF-8 with BOM, cp1252, UTF-16, CRLF line ends: the event, true offsets
  binary       a binary file is named as skipped in one line, the other inputs are written
  empty        an empty file gives no events and exit 0; an empty folder exits 2 with one line
  symlinks     a symlink loop (a file and a folder) ends, named in one line
  missing      a missing file: exit 2 alone, exit 1 beside a good one
  broken pipe  `geoevent extract FOLDER | head -1` ends quietly with exit 0
  stdin        `geoevent extract - < FILE` and `cat FILE | geoevent extract`
  resume       runs stopped by Ctrl-C and by kill -9, resumed with the folder spelled three
               ways (relative, ./x/, absolute from another folder), in JSON Lines and CSV:
               every document's records exactly once, the same as one uninterrupted run
  library      geoevent.extract twice; extract_many over mixed items; Extractor as a context
               manager keeping its workers

No traceback may appear on any stderr. The articles are read where they are (the big documents
and the small folders are built in a temporary folder, never in the project).
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_batch import geoevent_command, measure  # noqa: E402

DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus" / "bbc"
LAST = "On Monday, gunmen killed 12 villagers in Kaduna, Nigeria, police said."
NEWS = "Police arrested 12 protesters in Nairobi on Monday.\n"
MEMORY_LIMIT_MB = 1024.0
TIME_LIMIT = 1.3

BARE_PARAGRAPHS = r"""
import sys, spacy
model, path, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
nlp = spacy.load(model)
paragraphs = open(path, encoding="utf-8").read().split("\n\n")
for doc in nlp.pipe(paragraphs, n_process=jobs, batch_size=16):
    pass
"""

results: list[dict] = []


def check(name: str, held: bool, detail: str = "") -> bool:
    results.append({"check": name, "held": bool(held), "detail": detail})
    print(f"{'held  ' if held else 'FAILED'}  {name}" + (f"  ({detail})" if detail else ""), flush=True)
    return held


def geoevent(*args: str, cwd: Path | None = None, stdin: bytes | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([*geoevent_command(), *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout)


def no_traceback(name: str, *stderrs: bytes | str) -> None:
    text = "".join(s.decode("utf-8", "replace") if isinstance(s, bytes) else s for s in stderrs)
    if "Traceback" in text:
        check(f"{name}: no traceback", False, text[-300:])


def lines_of(stderr: bytes) -> list[str]:
    return [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]


def records(stdout: bytes | str) -> list[dict]:
    text = stdout.decode("utf-8") if isinstance(stdout, bytes) else stdout
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def offsets_true(text: str, rows: list[dict]) -> bool:
    for row in rows:
        if text[row["start"]:row["end"]] != row["sentence"]:
            return False
        if any(text[m["start"]:m["end"]] != m["sentence"] for m in row.get("mentions") or ()):
            return False
    return True


def has_last_event(rows: list[dict]) -> bool:
    return any(r["sentence"] == LAST and r["action"]["type"] == "kill" and (r.get("count") or {}).get("value") == 12
               and (r.get("location") or {}).get("country") == "NG" for r in rows)


# ---------------------------------------------------------------- sizes


def build_document(corpus: Path, megabytes: float, path: Path) -> str:
    """Write the corpus's articles, repeated as needed, to one file of ``megabytes`` MB with the
    event in its last paragraph; return the text."""
    files = sorted(corpus.glob("*.txt"))
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < target:
        for file in files:
            text = file.read_text(encoding="utf-8", errors="replace").strip()
            parts.append(text)
            size += len(text.encode("utf-8")) + 2
            if size >= target:
                break
    text = "\n\n".join(parts) + "\n\n" + LAST + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def cpu_of(run_fn):
    """Run ``run_fn()`` and return (its value, CPU seconds of every process it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    value = run_fn()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return value, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def check_size(corpus: Path, megabytes: float, jobs: int, work: Path, figures: dict) -> None:
    from geoevent.pipeline import model_name

    path = work / f"document_{megabytes:g}mb.txt"
    text = build_document(corpus, megabytes, path)
    out = work / f"document_{megabytes:g}mb.jsonl"
    name = f"{megabytes:g} MB document"
    print(f"...  {name}: {len(text):,} characters, geoevent -j {jobs} then bare spaCy", flush=True)
    ours, our_cpu = cpu_of(lambda: measure(
        ["sh", "-c", f'exec "$@" > "{out}"', "sh", *geoevent_command(), "extract", str(path),
         "--format", "jsonl", "-q", "-j", str(jobs)], 0.5))
    print(f"...  {name}: geoevent {ours.wall_s:.0f} s wall, {our_cpu:.0f} s CPU, largest process "
          f"{ours.peak_process_mb:.0f} MB", flush=True)
    bare, bare_cpu = cpu_of(lambda: measure([sys.executable, "-c", BARE_PARAGRAPHS, model_name(), str(path), str(jobs)], 0.5))
    no_traceback(name, ours.stderr)
    rows = records(out.read_text(encoding="utf-8")) if out.exists() else []
    figures[name] = {
        "characters": len(text), "jobs": jobs, "events": len(rows),
        "bare_wall_s": round(bare.wall_s, 1), "bare_cpu_s": round(bare_cpu, 1),
        "bare_peak_process_mb": round(bare.peak_process_mb), "bare_peak_tree_pss_mb": round(bare.peak_tree_pss_mb),
        "geoevent_wall_s": round(ours.wall_s, 1), "geoevent_cpu_s": round(our_cpu, 1),
        "geoevent_peak_process_mb": round(ours.peak_process_mb), "geoevent_peak_tree_pss_mb": round(ours.peak_tree_pss_mb),
        "wall_ratio": round(ours.wall_s / bare.wall_s, 2), "cpu_ratio": round(our_cpu / bare_cpu, 2),
    }
    f = figures[name]
    check(f"{name}: exit 0", ours.returncode == 0, ours.stderr[-200:])
    check(f"{name}: every process <= {MEMORY_LIMIT_MB:.0f} MB", ours.peak_process_mb <= MEMORY_LIMIT_MB,
          f"largest process {f['geoevent_peak_process_mb']} MB, tree PSS {f['geoevent_peak_tree_pss_mb']} MB; "
          f"bare spaCy {f['bare_peak_process_mb']} MB")
    check(f"{name}: time <= {TIME_LIMIT}x bare spaCy over its paragraphs", f["cpu_ratio"] <= TIME_LIMIT,
          f"CPU {f['geoevent_cpu_s']} s vs {f['bare_cpu_s']} s = {f['cpu_ratio']}x; "
          f"wall {f['geoevent_wall_s']} s vs {f['bare_wall_s']} s = {f['wall_ratio']}x")
    check(f"{name}: the event in the last paragraph is found", has_last_event(rows), f"{len(rows)} events")
    check(f"{name}: offsets refer to the file", bool(rows) and offsets_true(text, rows))


# ---------------------------------------------------------------- inputs


def check_encodings(work: Path) -> None:
    text = "Published: 27 July 2021\n\nNAIROBI \u2014 Police arrested 12 protesters in Nairobi on Monday, the caf\u00e9 owner said.\n"
    variants = {
        "utf-8": text.encode("utf-8"),
        "utf-8 with BOM": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "cp1252": text.encode("cp1252"),
        "utf-16": text.encode("utf-16"),
        "CRLF line ends": text.replace("\n", "\r\n").encode("utf-8"),
    }
    for label, data in variants.items():
        path = work / f"enc_{label.replace(' ', '_')}.txt"
        path.write_bytes(data)
        done = geoevent("extract", str(path), "-f", "jsonl", "-q")
        rows = records(done.stdout)
        no_traceback(f"encoding {label}", done.stderr)
        check(f"encoding {label}: the event, offsets true",
              done.returncode == 0 and [r["action"]["type"] for r in rows] == ["arrest"] and offsets_true(text, rows),
              f"exit {done.returncode}, {len(rows)} events")


def check_binary_empty_missing(work: Path) -> None:
    good = work / "good.txt"
    good.write_text(NEWS, encoding="utf-8")
    binary = work / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    done = geoevent("extract", str(binary), str(good), "-f", "jsonl", "-q", "-j", "1")
    said = lines_of(done.stderr)
    no_traceback("binary", done.stderr)
    check("binary file: skipped in one line, the rest written, exit 1",
          done.returncode == 1 and len(said) == 1 and "skipped" in said[0] and str(binary) in said[0]
          and len(records(done.stdout)) == 1, f"exit {done.returncode}: {said}")

    empty = work / "empty.txt"
    empty.write_text("", encoding="utf-8")
    done = geoevent("extract", str(empty), "-f", "jsonl", "-q")
    no_traceback("empty file", done.stderr)
    check("empty file: no events, exit 0", done.returncode == 0 and not done.stdout.strip(), f"exit {done.returncode}")
    folder = work / "empty_folder"
    folder.mkdir(exist_ok=True)
    done = geoevent("extract", str(folder))
    said = lines_of(done.stderr)
    no_traceback("empty folder", done.stderr)
    check("empty folder: exit 2, one line", done.returncode == 2 and len(said) == 1 and "no file matches" in said[0], str(said))
    done = geoevent("extract", str(work), "--glob", "*.nothing")
    check("--glob matching nothing: exit 2, one line", done.returncode == 2 and len(lines_of(done.stderr)) == 1,
          str(lines_of(done.stderr)))

    missing = work / "missing.txt"
    alone = geoevent("extract", str(missing), "-q")
    beside = geoevent("extract", str(missing), str(good), "-f", "jsonl", "-q")
    no_traceback("missing", alone.stderr, beside.stderr)
    check("missing file: exit 2 alone, exit 1 beside a good one, one line each",
          alone.returncode == 2 and beside.returncode == 1 and len(lines_of(alone.stderr)) == 1
          and len(lines_of(beside.stderr)) == 1 and len(records(beside.stdout)) == 1,
          f"exits {alone.returncode}, {beside.returncode}")


def check_symlinks(work: Path) -> None:
    folder = work / "loops"
    folder.mkdir(exist_ok=True)
    (folder / "news.txt").write_text(NEWS, encoding="utf-8")
    for name, target in (("loop.txt", "loop.txt"), ("again", "."), ("ping.txt", "pong.txt"), ("pong.txt", "ping.txt")):
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(target)
    try:
        done = geoevent("extract", str(folder), "-f", "jsonl", "-q", "-j", "1", timeout=120)
    except subprocess.TimeoutExpired:
        check("symlink loops: the run ends", False, "still running after 120 s")
        return
    said = lines_of(done.stderr)
    no_traceback("symlinks", done.stderr)
    check("symlink loops: the run ends, each loop named in one line, the news written",
          done.returncode == 1 and len(records(done.stdout)) == 1 and len(said) == 3
          and all("symbolic links" in line for line in said), f"exit {done.returncode}: {said}")


def check_broken_pipe(work: Path, corpus: Path) -> None:
    folder = small_folder(work / "pipe", corpus, 30)
    command = " ".join(geoevent_command()) + f' extract "{folder}" -f jsonl -j 1 | head -1; echo "status ${{PIPESTATUS[0]}}" >&2'
    done = subprocess.run(["bash", "-c", command], capture_output=True, timeout=600)
    err = done.stderr.decode("utf-8", "replace")
    no_traceback("broken pipe", err)
    check("broken pipe (| head -1): one line out, exit 0, quiet",
          len(done.stdout.splitlines()) == 1 and "status 0" in err and "Error" not in err, err.strip()[-200:])


def check_stdin(work: Path) -> None:
    path = work / "stdin.txt"
    path.write_text(NEWS, encoding="utf-8")
    direct = geoevent("extract", "-", "-f", "jsonl", "-q", stdin=path.read_bytes())
    piped = subprocess.run(["bash", "-c", f'cat "{path}" | ' + " ".join(geoevent_command()) + " extract -q"],
                           capture_output=True, timeout=600)
    no_traceback("stdin", direct.stderr, piped.stderr)
    check("stdin: '-' and a pipe with no path",
          [r["doc"] for r in records(direct.stdout)] == ["-"] and len(records(piped.stdout)) == 1,
          f"exits {direct.returncode}, {piped.returncode}")


# ---------------------------------------------------------------- interrupted and resumed runs


def small_folder(folder: Path, corpus: Path, count: int) -> Path:
    """A folder of ``count`` articles: symbolic links into the corpus, in two subfolders."""
    if folder.exists():
        return folder
    for k, article in enumerate(sorted(corpus.glob("*.txt"))[:count]):
        sub = folder / ("a" if k % 2 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / article.name).symlink_to(article.resolve())
    return folder


def stop_after(args: list[str], cwd: Path, ledger: Path, documents: int, how: int) -> int:
    """Start geoevent, stop it with signal ``how`` once ``documents`` are finished; return its exit."""
    proc = subprocess.Popen([*geoevent_command(), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 600
    while proc.poll() is None and time.monotonic() < deadline:
        if ledger.exists() and len(ledger.read_text(encoding="utf-8").splitlines()) >= documents:
            proc.send_signal(how)
            break
        time.sleep(0.05)
    _, err = proc.communicate(timeout=600)
    no_traceback("interrupted run", err)
    return proc.returncode


def rows_of(path: Path, fmt: str) -> list[tuple]:
    if fmt == "jsonl":
        return sorted((Path(r["doc"]).name, r["id"], r["sentence"]) for r in records(path.read_text(encoding="utf-8")))
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return sorted((Path(r["doc"]).name, r["id"], r["sentence"]) for r in csv.DictReader(handle))


def check_resume(work: Path, corpus: Path) -> None:
    base = work / "resume"
    folder = small_folder(base / "news", corpus, 24)
    elsewhere = base / "elsewhere"
    elsewhere.mkdir(parents=True, exist_ok=True)
    for fmt in ("jsonl", "csv"):
        reference = base / f"reference.{fmt}"
        done = geoevent("extract", str(folder), "-o", str(reference), "-q", "-j", "1")
        out = base / f"events.{fmt}"
        ledger = out.with_name(out.name + ".done")
        for stale in (out, ledger):
            stale.unlink(missing_ok=True)
        # 1. relative path, stopped by Ctrl-C; 2. "./news/", killed hard; 3. absolute, elsewhere
        first = stop_after(["extract", "news", "-o", out.name, "-q", "-j", "1"], base, ledger, 6, signal.SIGINT)
        second = stop_after(["extract", "./news/", "-o", out.name, "--resume", "-q", "-j", "1"], base, ledger, 14, signal.SIGKILL)
        third = geoevent("extract", str(folder), "-o", str(out), "--resume", "-j", "1", cwd=elsewhere)
        fourth = geoevent("extract", "../news", "-o", str(out), "--resume", "-j", "1", cwd=elsewhere)
        no_traceback("resume", third.stderr, fourth.stderr)
        skipped = fourth.stderr.decode("utf-8", "replace")
        check(f"interrupted and resumed ({fmt}): Ctrl-C exit 130, kill -9, then complete; paths spelled 4 ways",
              done.returncode == 0 and first == 130 and second == -signal.SIGKILL and third.returncode == 0
              and "24 skipped" in skipped,
              f"exits {first}, {second}, {third.returncode}, {fourth.returncode}; last: {skipped.strip()[-80:]}")
        ours, theirs = rows_of(out, fmt), rows_of(reference, fmt)
        check(f"resumed output ({fmt}) = one uninterrupted run: every record once",
              ours == theirs, f"{len(ours)} records vs {len(theirs)}")
    # a format that cannot be appended to says so at once
    done = geoevent("extract", str(folder), "-o", str(base / "events.geojson"), "--resume")
    check("--resume with GeoJSON: refused at start, exit 2", done.returncode == 2
          and "cannot append" in done.stderr.decode(), done.stderr.decode().strip())


# ---------------------------------------------------------------- the library


LIBRARY = textwrap.dedent(r"""
    import datetime, json, sys
    import geoevent
    from geoevent.extractor import Extractor, Source

    if __name__ == "__main__":
        text = "Police arrested 12 protesters in Nairobi on Monday."
        first, second = geoevent.extract(text), geoevent.extract(text)
        items = [text, ("wire-1", text), {"id": "d", "text": text, "published": "2023-03-21"},
                 {"text": text, "published": datetime.datetime(2023, 3, 21, 9)}, Source(id="s", text=text),
                 None, 42]
        with Extractor() as ex:
            results = list(ex.extract_many(items, jobs=2))
            pool = ex._pool
            again = list(ex.extract_many([text], jobs=2))
            kept = ex._pool is pool and pool is not None
        print(json.dumps({
            "twice": [e.action.type for e in first] == [e.action.type for e in second] == ["arrest"],
            "ids": [r.doc_id for r in results],
            "errors": [bool(r.error) for r in results],
            "kept": kept and len(again[0].events) == 1,
        }))
""")


def check_library(work: Path) -> None:
    script = work / "library_check.py"
    script.write_text(LIBRARY, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=600)
    no_traceback("library", done.stderr)
    try:
        found = json.loads(done.stdout.decode().splitlines()[-1])
    except (ValueError, IndexError):
        check("library", False, done.stderr.decode()[-300:])
        return
    check("library: geoevent.extract works every time", found["twice"])
    check("library: extract_many over strings, pairs, dicts, Sources, None and 42",
          found["ids"] == ["0", "wire-1", "d", "3", "s", "5", "6"]
          and found["errors"] == [False] * 5 + [True, True], str(found))
    check("library: Extractor as a context manager keeps its workers", found["kept"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="5,20", help="document sizes in MB, comma-separated ('' for none)")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="processes for the big documents (both sides)")
    parser.add_argument("--json", type=Path, help="also write the figures and checks to this file")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        sys.exit(f"robustness: no corpus at {corpus} (give --corpus DIR)")
    figures: dict = {}
    work = Path(tempfile.mkdtemp(prefix="geoevent-robustness-"))
    try:
        geoevent("extract", "-", "-q", stdin=NEWS.encode())   # build the gazetteer index if missing
        check_library(work)
        check_encodings(work)
        check_binary_empty_missing(work)
        check_symlinks(work)
        check_stdin(work)
        check_broken_pipe(work, corpus)
        check_resume(work, corpus)
        for size in (float(s) for s in args.sizes.split(",") if s.strip()):
            check_size(corpus, size, args.jobs, work, figures)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    held = sum(r["held"] for r in results)
    print(f"\n{held} of {len(results)} checks held")
    for name, f in figures.items():
        print(f"{name}: geoevent -j {f['jobs']} {f['geoevent_wall_s']} s wall, {f['geoevent_cpu_s']} s CPU, "
              f"largest process {f['geoevent_peak_process_mb']} MB, tree PSS {f['geoevent_peak_tree_pss_mb']} MB; "
              f"bare spaCy {f['bare_wall_s']} s wall, {f['bare_cpu_s']} s CPU, {f['bare_peak_process_mb']} MB; "
              f"{f['events']} events")
    if args.json:
        args.json.write_text(json.dumps({"checks": results, "figures": figures}, indent=2), encoding="utf-8")
    sys.exit(0 if held == len(results) else 1)


if __name__ == "__main__":
    main()
