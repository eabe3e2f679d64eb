"""batch.py runs many documents: read, run, write, with per-document errors and --resume.

The contract, for any runner (local processes today, a Dask cluster tomorrow):

    Runner = Callable[[Iterable[Document]], Iterator[Result]]

A runner takes the documents (``geoevent.io.readers.Document``, in input order, read lazily)
and yields one ``geoevent.extractor.Result`` per document, **in the same order**, with
``events`` (or ``places``) filled, or ``error`` set to one line when that document failed. It
never raises for one bad document. ``Extractor.extract_many(docs, jobs=n)`` and
``Extractor.places_many`` are runners.

:func:`run_batch` reads the inputs, skips what a resumed run already finished, feeds the
runner, writes the records as each document comes back, keeps the ledger of finished
documents, and returns a :class:`Summary`; it prints nothing itself (the command does).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .io.readers import Document, ReadError, count_documents, iter_documents
from .io.writers import make_writer

Runner = Callable[[Iterable[Any]], Iterator[Any]]
Say = Callable[[str], None]

#: Output formats by file extension, for ``-o FILE`` without ``--format``.
FORMAT_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
                    ".geojson": "geojson", ".txt": "table"}
#: Formats a resumed run can append to (a GeoJSON collection or a table cannot be reopened).
RESUMABLE = ("jsonl", "csv")


class BatchError(Exception):
    """The run cannot start (bad output, --resume that cannot work); one line, exit status 2."""


@dataclass
class Summary:
    """What a run did."""

    documents: int = 0             # documents the runner returned
    records: int = 0               # events (or places) written
    skipped: int = 0               # finished by an earlier run (--resume)
    ok: int = 0                    # documents that gave no error
    failures: list[tuple[str, str]] = field(default_factory=list)   # (input, reason)
    without_coordinates: int = 0   # GeoJSON records left out
    seconds: float = 0.0
    interrupted: bool = False      # Ctrl-C: the output holds the documents finished so far
    reader_left: bool = False      # broken pipe (`| head`): the reader went away


class Progress:
    """What a run tells a progress display; the command's bar subclasses it."""

    def start(self, total: int | None) -> None:
        """The run starts; ``total`` documents are expected (None: unknown)."""

    def advance(self, summary: Summary) -> None:
        """One more document is done."""

    def stop(self) -> None:
        """The run is over (finished, interrupted or failed)."""


def choose_format(fmt: str | None, output: Path | None, tty: bool, formats: Sequence[str]) -> str:
    """Return the output format: ``--format``, else the extension of ``-o FILE``, else a table
    for a person at a terminal and JSON Lines otherwise."""
    if fmt:
        return fmt
    if output is not None:
        by_suffix = FORMAT_BY_SUFFIX.get(output.suffix.lower())
        if by_suffix in formats and by_suffix != "table":
            return by_suffix
        return "jsonl"
    return "table" if tty else "jsonl"


def document_key(document: Any) -> str:
    """Return what identifies a document across runs: its resolved path (so ``news/x.txt``,
    ``./news/x.txt`` and ``/home/me/news/x.txt`` are one document), plus the line label for a
    corpus line; a text from standard input is known by its content."""
    path = getattr(document, "path", None)
    doc_id = str(getattr(document, "id", ""))
    if path:
        resolved = os.path.realpath(path)
        return resolved + doc_id[len(path):] if doc_id.startswith(path) else resolved
    return "sha1:" + content_hash(getattr(document, "text", "") or "") + ":" + doc_id


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def done_path(output: Path) -> Path:
    """The ledger of finished documents kept beside an output file, for --resume (a document
    with no events leaves no line in the output itself)."""
    return output.with_name(output.name + ".done")


class Ledger:
    """The finished documents of an output file, one JSON line each in ``FILE.done``:
    ``{"key": resolved path, "doc": id as given, "sha1": text hash, "end": output bytes}``.

    ``end`` is the size of the output once the document's records were written: a resumed run
    cuts the output back to the last finished document, dropping a torn line and the records
    of a document that was being written when the run stopped.
    """

    def __init__(self, path: Path):
        self.path = path
        self.keys: set[str] = set()
        self.ids: set[str] = set()       # from an output without a ledger (older runs)
        self.end = 0
        self.stream: IO[str] | None = None

    @classmethod
    def read(cls, output: Path, fmt: str) -> Ledger:
        ledger = cls(done_path(output))
        if ledger.path.exists():
            legacy = False
            for line in ledger.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    ledger.keys.add(entry["key"])
                    ledger.end = max(ledger.end, int(entry.get("end", 0)))
                except (ValueError, KeyError, TypeError):
                    if line and not line.startswith("{"):   # a ledger of ids from an older geoevent
                        ledger.ids.add(line)
                        legacy = True
                    # else a torn last line: that document is done again
            if legacy and output.exists():
                ids, end = _finished_documents(output) if fmt == "jsonl" else (set(), output.stat().st_size)
                ledger.ids |= ids
                ledger.end = max(ledger.end, end)
        elif output.exists() and fmt == "jsonl":
            ledger.ids, ledger.end = _finished_documents(output)
        elif output.exists():
            ledger.end = output.stat().st_size if fmt == "csv" else 0
        return ledger

    def finished(self, document: Any) -> bool:
        return document_key(document) in self.keys or getattr(document, "id", None) in self.ids

    def open(self) -> None:
        self.stream = self.path.open("a", encoding="utf-8")

    def add(self, document: Any, end: int) -> None:
        if self.stream is None:
            return
        entry = {"key": document_key(document), "doc": getattr(document, "id", None),
                 "sha1": content_hash(getattr(document, "text", "") or ""), "end": end}
        self.stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()


def _finished_documents(path: Path) -> tuple[set[str], int]:
    """Return the ``doc`` of every complete line of a JSONL output and where they end."""
    done: set[str] = set()
    data = path.read_bytes()
    cut = data.rfind(b"\n") + 1
    for line in data[:cut].splitlines():
        try:
            done.add(json.loads(line)["doc"])
        except (ValueError, KeyError, TypeError):
            continue
    return done, cut


def check_output(output: Path | None, fmt: str, resume: bool) -> None:
    """Raise BatchError, before any work, when ``--resume`` cannot work with this output."""
    if resume and output is None:
        raise BatchError("--resume needs -o/--output FILE")
    if resume and fmt not in RESUMABLE:
        raise BatchError(f"--resume cannot append to {fmt} output (it works with {' and '.join(RESUMABLE)})")


def open_output(output: Path | None, fmt: str, resume: bool) -> tuple[IO[str], Ledger | None, bool]:
    """Open the output (stdout or FILE) and its ledger; return ``(stream, ledger, appending)``.

    With ``resume`` and an existing FILE, the file is cut back to the end of the last finished
    document and opened for appending. Raises BatchError with one line when it cannot be.
    """
    import sys

    check_output(output, fmt, resume)
    if output is None:
        return sys.stdout, None, False
    try:
        if resume and output.exists():
            ledger = Ledger.read(output, fmt)
            if output.stat().st_size > ledger.end:
                with output.open("r+b") as handle:     # an interrupted write: drop what followed
                    handle.truncate(ledger.end)
            appending = ledger.end > 0
            stream = output.open("a", encoding="utf-8")
        else:
            ledger = Ledger(done_path(output))
            done_path(output).unlink(missing_ok=True)
            appending = False
            stream = output.open("w", encoding="utf-8")
        if fmt in RESUMABLE:
            ledger.open()
        return stream, ledger, appending
    except OSError as exc:
        raise BatchError(f"{output}: cannot write ({exc.strerror or exc})") from None


def run_batch(
    paths: Sequence[str],
    runner: Runner,
    *,
    kind: str = "events",
    fmt: str = "jsonl",
    output: Path | None = None,
    globs: Sequence[str] | None = None,
    errors_file: Path | None = None,
    resume: bool = False,
    show_sentence: bool = False,
    on_error: Say | None = None,
    on_note: Say | None = None,
    on_warning: Say | None = None,
    progress: Progress | None = None,
    started: float | None = None,
) -> Summary:
    """Read ``paths`` (files, folders, ``-``), run the documents through ``runner``, write their
    records in ``fmt`` to ``output`` (stdout when None) and return the :class:`Summary`.

    Every input that could not be read or processed is told to ``on_error(line)`` and, with
    ``errors_file``, written there as JSON Lines. Ctrl-C and a reader who leaves (`| head`) end
    the run cleanly: the summary says so. Raises BatchError before any work when the output
    cannot be opened or resumed.
    """
    summary = Summary()
    started = time.monotonic() if started is None else started
    stream, ledger, appending = open_output(output, fmt, resume)
    errors_stream = None
    try:
        writer = make_writer(fmt, stream, kind=kind, show_sentence=show_sentence, append=appending)
        if errors_file is not None:
            errors_stream = errors_file.open("a" if resume else "w", encoding="utf-8")
    except OSError as exc:
        raise BatchError(f"{errors_file}: cannot write ({exc.strerror or exc})") from None

    def report(source: str, reason: str) -> None:
        summary.failures.append((source, reason))
        if on_error is not None:
            on_error(f"{source}: {reason}")
        if errors_stream is not None:
            errors_stream.write(json.dumps({"source": source, "reason": reason}, ensure_ascii=False) + "\n")
            errors_stream.flush()

    inputs = list(paths) or ["-"]
    own_files = [f for f in (output, errors_file, output and done_path(output)) if f is not None]

    def documents() -> Iterator[Document]:
        for item in iter_documents(inputs, globs or None, on_note=on_note, on_warning=on_warning, exclude=own_files):
            if isinstance(item, ReadError):
                report(item.source, item.reason)
            elif ledger is not None and (ledger.keys or ledger.ids) and ledger.finished(item):
                summary.skipped += 1
            else:
                yield item

    try:
        if progress is not None:
            progress.start(count_documents(inputs, globs or None))
        for result in runner(documents()):
            summary.documents += 1
            if result.error:
                report(result.doc_id, result.error)
            else:
                rows = records(result, kind)
                writer.write(rows)
                summary.records += len(rows)
                summary.ok += 1
                if ledger is not None:
                    ledger.add(result.source, stream.tell())
            if progress is not None:
                progress.advance(summary)
        writer.close()
    except KeyboardInterrupt:
        summary.interrupted = True
        _close_quietly(writer)
    except BrokenPipeError:
        summary.reader_left = True
    finally:
        if progress is not None:
            progress.stop()
        if errors_stream is not None:
            errors_stream.close()
        if ledger is not None:
            ledger.close()
        if output is not None:
            stream.close()
    summary.without_coordinates = getattr(writer, "without_coordinates", 0)
    summary.seconds = time.monotonic() - started
    return summary


def records(result: Any, kind: str) -> list[dict[str, Any]]:
    """Return a Result's output records: its events, or its place mentions."""
    if kind == "places":
        return [place_row(result.doc_id, mention) for mention in result.places]
    return [event.to_dict() for event in result.events]


def place_row(doc_id: str, mention: Any) -> dict[str, Any]:
    """Return a place mention as the `geoevent places` record."""
    place = mention.place.to_dict()
    return {"doc": doc_id, "start": mention.start_char, "end": mention.end_char, **place}


def _close_quietly(writer: Any) -> None:
    try:
        writer.close()
    except (OSError, ValueError):
        pass


def default_jobs(paths: Sequence[str], cores: int | None = None) -> int:
    """Return the worker processes for ``paths``: one for a single ordinary file or standard
    input, every core for folders, corpora and long files (whose pieces the workers share)."""
    from .extractor import MAX_PIECE_CHARS

    cores = max(1, cores or os.cpu_count() or 1)
    if len(paths) > 1 or any(os.path.isdir(p) for p in paths):
        return cores
    path = paths[0] if paths else "-"
    if path == "-":
        return 1
    if path.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        return cores
    try:
        long_file = os.path.getsize(path) > MAX_PIECE_CHARS
    except OSError:
        return 1
    return cores if long_file else 1
