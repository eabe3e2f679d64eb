"""Readers: files, folders, stdin and JSONL corpora in, one :class:`Document` per article out.

Reading never raises for a bad input: :func:`iter_documents` yields a :class:`ReadError` for it
and goes on with the next one, so a batch run can report every failure and still finish.

Text conventions (offsets in the output records refer to ``Document.text``):

* Line ends are normalised: ``\\r\\n`` and a lone ``\\r`` become ``\\n``. Offsets are therefore
  true to ``Document.text``, not to the bytes on disk (they differ only by the dropped ``\\r``).
* A byte-order mark is removed. Bytes are decoded as UTF-8 (with or without BOM), as UTF-16
  when the file starts with a UTF-16 BOM, and otherwise as cp1252 (a superset of the printable
  Latin-1 range), which is reported through ``on_note``.
* For HTML, ``text`` is the main text found by trafilatura, one paragraph per block separated by
  a blank line (``text_source == "html"``).
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import gzip
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath, PurePosixPath
from typing import IO, Any

from .clutter import clutter_spans

DEFAULT_GLOB: tuple[str, ...] = ("*.txt", "*.md", "*.html", "*.htm", "*.jsonl")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_FIELDS = ("text", "content", "body")
DATE_FIELDS = ("published", "date")
STDIN = "-"
#: The reason given for a file that holds no text (it is skipped, and counts as unreadable).
BINARY = "skipped, binary file (not text)"

Note = Callable[[str], None]

# Share of control bytes (other than tab, newlines, form feed, escape) above which a file that
# decodes cleanly is still treated as binary.
_MAX_CONTROL_SHARE = 0.05
# Share of bytes >= 0x80 above which undecodable-as-UTF-8 data is binary, not cp1252 text.
_MAX_HIGH_SHARE = 0.30
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")


@dataclass(frozen=True)
class Document:
    """One article to extract events from, with what we know about where it came from."""

    id: str                         # the ``doc`` field of output records
    text: str                       # what events are extracted from; output offsets refer to it
    path: str | None = None         # the file it was read from (None for stdin)
    published: dt.date | None = None
    published_source: str | None = None   # "metadata" when ``published`` came with the input
    title: str | None = None
    url: str | None = None
    text_source: str = "raw"        # "raw" (the input text) or "html" (main text of a page)
    encoding: str | None = None     # as detected: utf-8, utf-8-sig, utf-16, cp1252
    skip: tuple[tuple[int, int], ...] = field(default_factory=tuple)   # clutter ranges in text
    name: str | None = None         # what event ids start with: the path below the input folder


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read; ``reason`` is one human-readable line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class _Unreadable(Exception):
    """Raised inside this module only; becomes a :class:`ReadError`."""


def iter_documents(
    paths: Sequence[str],
    glob: Sequence[str] | None = None,
    *,
    on_note: Note | None = None,
    on_warning: Note | None = None,
    detect_clutter: bool = True,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Document | ReadError]:
    """Yield a Document (or a ReadError) for every article in ``paths``, in the given order.

    A path is a file, a folder (searched recursively, sorted, keeping files that match one of
    the ``glob`` patterns; hidden files and folders are left out) or ``"-"`` for stdin; no paths
    means stdin. A file given by name is read whatever its name. ``.jsonl`` files yield one
    Document per line, lazily. ``detect_clutter`` fills ``Document.skip``. Files in ``exclude``
    (a run's own output and error files, which may sit in an input folder) are never read.
    A folder where no file matches gives a ReadError. ``on_warning`` hears what the user should
    know whatever the verbosity (a JSONL date that cannot be read, once per file and field);
    ``on_note`` the rest (the encoding of files that are not UTF-8).
    """
    note = _Notes(on_note or (lambda message: None), on_warning or on_note or (lambda message: None))
    patterns = tuple(glob) if glob else DEFAULT_GLOB
    skipped = {os.path.realpath(p) for p in exclude}
    for path in paths or [STDIN]:
        for item in _iter_path(path, patterns, note, skipped):
            if isinstance(item, Document) and detect_clutter and item.text:
                item = _with_skip(item)
            yield item


def count_documents(paths: Sequence[str], glob: Sequence[str] | None = None) -> int | None:
    """Return how many documents ``iter_documents`` will yield, or None when that cannot be
    known without reading (standard input, JSONL corpus files). Cheap: it only lists folders."""
    patterns = tuple(glob) if glob else DEFAULT_GLOB
    total = 0
    for path in paths or [STDIN]:
        if path == STDIN:
            return None
        if os.path.isdir(path):
            found, _ = _folder_files(path, patterns)
            if any(_is_corpus(name) for name in found):
                return None
            total += len(found)
        elif _is_corpus(path):
            return None
        else:
            total += 1
    return total


class _Notes:
    """Where readers say things: ``note(message)`` for -v, ``warn(message, once=key)`` always."""

    def __init__(self, note: Note, warning: Note):
        self.note = note
        self.warning = warning
        self.said: set[Any] = set()

    def __call__(self, message: str) -> None:
        self.note(message)

    def warn(self, message: str, once: Any = None) -> None:
        if once is not None:
            if once in self.said:
                return
            self.said.add(once)
        self.warning(message)


def _is_corpus(name: str) -> bool:
    return name.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"))


def split_text(text: str, max_chars: int) -> list[tuple[int, str]]:
    """Return ``(offset, piece)`` pairs of at most ``max_chars`` characters that make up ``text``.

    Pieces end at a paragraph break if one is in reach, else at a line break, a sentence end
    (". "), whitespace, or, for a run without any of these, after exactly ``max_chars``. Joined
    in order the pieces give back ``text``, so ``text[offset:offset + len(piece)] == piece``.
    Linear time, whatever the text: each piece costs one search of one window, and a piece ends
    early only at the last break of its kind in that window, so pieces are rarely short.
    """
    return list(iter_pieces(text, max_chars))


def iter_pieces(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """Yield the pieces of :func:`split_text` one at a time (a long text's pieces are never
    all held at once)."""
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    start = 0
    while len(text) - start > max_chars:
        cut = start + _best_cut(text[start:start + max_chars])
        yield start, text[start:cut]
        start = cut
    if start < len(text) or start == 0:
        yield start, text[start:]


# Break classes in order of preference; a cut falls right after the separator.
_SENTENCE_ENDS = (". ", "? ", "! ", '." ', '?" ', '!" ', ".\u201d ", ".' ")
_BREAKS: tuple[tuple[str, ...], ...] = (("\n\n",), ("\n",), _SENTENCE_ENDS)
_SPACES = (" ", "\t")


def _last_cut(window: str, separators: tuple[str, ...]) -> int:
    """Return the position right after the last separator in ``window``, or 0."""
    best = 0
    for sep in separators:
        found = window.rfind(sep)
        if found >= 0:
            best = max(best, found + len(sep))
    return best


def _best_cut(window: str) -> int:
    """Return where to end a piece inside ``window`` (0 < cut <= len(window))."""
    half = len(window) // 2
    early = 0
    for separators in _BREAKS:
        cut = _last_cut(window, separators)
        if cut > half:
            return cut
        early = early or cut
    # a paragraph or sentence break early in the window beats cutting a sentence in two
    return early or _last_cut(window, _SPACES) or len(window)


# --- paths ----------------------------------------------------------------------------------

def _iter_path(path: str, patterns: tuple[str, ...], note: Note, skipped: set[str]) -> Iterator[Document | ReadError]:
    if path == STDIN:
        yield from _read_stdin(note)
        return
    if os.path.isdir(path):
        yield from _iter_folder(path, patterns, note, skipped)
        return
    if os.path.realpath(path) not in skipped:
        yield from _read_file(path, note, name=os.path.basename(path.rstrip("/")) or path)


def _folder_files(folder: str, patterns: tuple[str, ...]) -> tuple[list[str], list[OSError]]:
    """Return the paths of the files below ``folder`` that match ``patterns`` (hidden files and
    folders left out), sorted by their path below it, and the errors met while walking."""
    found, errors = _folder_entries(folder, patterns)
    return [shown for shown, _ in found], errors


def _folder_entries(folder: str, patterns: tuple[str, ...]) -> tuple[list[tuple[str, str]], list[OSError]]:
    """Return ``(path, path below the folder)`` of the files :func:`_folder_files` lists."""
    errors: list[OSError] = []
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(root, folder)
        parts = () if rel == "." else PurePath(rel).parts
        for name in files:
            if name.startswith(".") or not _matches(name, parts, patterns):
                continue
            # ids keep the folder as the user wrote it, but "./" adds nothing to "a.txt"
            shown = os.path.join(*parts, name) if folder in (".", "./") else os.path.join(root, name)
            found.append(((*parts, name), shown))
    return [(shown, "/".join(key)) for key, shown in sorted(found)], errors


def _iter_folder(folder: str, patterns: tuple[str, ...], note: Note, skipped: set[str]) -> Iterator[Document | ReadError]:
    found, errors = _folder_entries(folder, patterns)
    for error in errors:
        yield ReadError(error.filename or folder, _os_reason(error))
    if not found and not errors:
        yield ReadError(folder, f"no file matches {' '.join(patterns)}")
    for file_path, below in found:
        if os.path.realpath(file_path) not in skipped:
            # ids are made from the path below the folder: a/2021/x.txt and a/2022/x.txt differ
            yield from _read_file(file_path, note, name=below)


def _matches(name: str, parts: tuple[str, ...], patterns: Iterable[str]) -> bool:
    """Return True if a file matches a pattern: on its name, or on its relative path if the
    pattern has a "/" in it. Matching ignores case, so ``*.html`` finds ``PAGE.HTML``."""
    lowered = name.lower()
    for pattern in patterns:
        if "/" in pattern:
            if PurePosixPath(*(p.lower() for p in parts), lowered).match(pattern.lower()):
                return True
        elif fnmatch.fnmatchcase(lowered, pattern.lower()):
            return True
    return False


def _kind(path: str) -> str:
    """Return "html", "jsonl" or "text" from a file name (".gz" looked through)."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "text"


def _open(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_file(path: str, note: Note, name: str | None = None) -> Iterator[Document | ReadError]:
    kind = _kind(path)
    try:
        if kind == "jsonl":
            with _open(path) as stream:
                yield from _read_jsonl(stream, path, note, name)
            return
        with _open(path) as stream:
            data = stream.read()
    except OSError as exc:
        yield ReadError(path, _os_reason(exc))
        return
    except EOFError:
        yield ReadError(path, "truncated gzip file")
        return
    yield _from_bytes(data, path, path, kind, note, name)


def _read_stdin(note: Note) -> Iterator[Document | ReadError]:
    """Read stdin as text, HTML or JSONL, guessing from how it starts."""
    stream: IO[bytes] = sys.stdin.buffer
    first = stream.readline()
    if _looks_like_jsonl(first):
        yield from _read_jsonl(itertools.chain([first], stream), STDIN, note)
        return
    data = first + stream.read()
    kind = "html" if _looks_like_html(data) else "text"
    yield _from_bytes(data, STDIN, None, kind, note)


def _looks_like_jsonl(first_line: bytes) -> bool:
    stripped = first_line.strip().lstrip(b"\xef\xbb\xbf")
    if not stripped.startswith(b"{"):
        return False
    try:
        record = json.loads(stripped)
    except ValueError:
        return False
    return isinstance(record, dict) and any(key in record for key in TEXT_FIELDS)


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()


# --- one document ---------------------------------------------------------------------------

def _from_bytes(data: bytes, doc_id: str, path: str | None, kind: str, note: Note,
                name: str | None = None) -> Document | ReadError:
    try:
        text, encoding = _decode(data, doc_id, note)
        if kind == "html":
            return replace(_from_html(text, doc_id, path, encoding), name=name)
    except _Unreadable as exc:
        return ReadError(doc_id, str(exc))
    return Document(id=doc_id, text=text, path=path, encoding=encoding, name=name)


def _decode(data: bytes, source: str, note: Note) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise _Unreadable for binary or undecodable bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalise_newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            raise _Unreadable("not valid UTF-16 text") from None
    if b"\x00" in data:
        raise _Unreadable(BINARY)
    if data and len(data) - len(data.translate(None, _CONTROL_BYTES)) > _MAX_CONTROL_SHARE * len(data):
        raise _Unreadable(BINARY)
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    text, encoding = _utf8_or_cp1252(data, source, note, binary_if_not_utf8=high > _MAX_HIGH_SHARE * len(data))
    return _normalise_newlines(text), encoding


def _utf8_or_cp1252(data: bytes, source: str, note: Note, binary_if_not_utf8: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)``: UTF-8 (with or without BOM), else cp1252, said at -v."""
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        if binary_if_not_utf8:
            raise _Unreadable(BINARY) from None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _Unreadable("not valid UTF-8 or cp1252 text") from None
    note(f"{source}: decoded as cp1252")
    return text, "cp1252"


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _from_html(html: str, doc_id: str, path: str | None, encoding: str) -> Document:
    """Return a Document of the main text, title and date of an HTML page (no network)."""
    import trafilatura  # slow to import: only when a page is read

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - a parser failure on one page must not end the run
        raise _Unreadable(f"cannot parse HTML ({type(exc).__name__})") from None
    raw = (getattr(result, "text", None) or "") if result is not None else ""
    paragraphs = [line.strip() for line in raw.split("\n") if line.strip()]
    if not paragraphs:
        raise _Unreadable("no article text found in HTML")
    published = _parse_date(getattr(result, "date", None))  # trafilatura gives ISO dates
    return Document(
        id=doc_id,
        text="\n\n".join(paragraphs),
        path=path,
        published=published,
        published_source="metadata" if published else None,
        title=getattr(result, "title", None) or None,
        url=getattr(result, "url", None) or None,
        text_source="html",
        encoding=encoding,
    )


def _parse_date(value: Any) -> dt.date | None:
    """Return the date part of an ISO date or datetime string, or None."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


#: Written dates that corpora use besides ISO: "March 21, 2023", "21 March 2023", "2023/03/21".
_DATE_FORMATS = ("%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b. %d, %Y")
#: Epoch values above this are milliseconds (this is 5138 in seconds, 1970-02-28 in ms).
_EPOCH_MS = 10**11


def parse_published_field(value: Any) -> dt.date | None:
    """Return the date of a corpus ``published`` field, or None when it cannot be read.

    Read: ISO dates and datetimes ("2023-03-21", "2023-03-21T10:00:00Z"), RFC 2822 ("Tue, 21
    Mar 2023 10:00:00 GMT"), "March 21, 2023", "21 March 2023", "2023/03/21", and epoch
    seconds (or milliseconds) as a number or a string of digits.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and re.fullmatch(r"\s*\d{9,13}(\.\d+)?\s*", value)):
        seconds = float(value)
        if seconds > _EPOCH_MS:
            seconds /= 1000
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    found = _parse_date(value)
    if found is not None:
        return found
    text = " ".join(value.split())
    if "," in text[:5] or re.search(r"\d{1,2}:\d{2}", text):
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            pass
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


# --- JSONL corpora --------------------------------------------------------------------------

def _read_jsonl(stream: Iterable[bytes], source: str, note: Note, name: str | None = None) -> Iterator[Document | ReadError]:
    """Yield one Document per non-blank line of a JSONL corpus; a bad line is a ReadError."""
    path = None if source == STDIN else source
    for number, raw in enumerate(stream, 1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            yield _from_record(raw, number, source, path, note, name)
        except _Unreadable as exc:
            yield ReadError(source, f"line {number}: {exc}")


def _from_record(raw: bytes, number: int, source: str, path: str | None, note: Note, name: str | None = None) -> Document:
    line, encoding = _utf8_or_cp1252(raw, f"{source}: line {number}", note)
    try:
        record = json.loads(line)
    except ValueError:
        raise _Unreadable("not valid JSON") from None
    if not isinstance(record, dict):
        raise _Unreadable("not a JSON object")
    text = next((record[key] for key in TEXT_FIELDS if isinstance(record.get(key), str)), None)
    if text is None:
        raise _Unreadable("no text field (text, content or body)")
    record_id = record.get("id")
    label = str(record_id) if isinstance(record_id, (str, int)) and str(record_id) else str(number)
    published = None
    for key in DATE_FIELDS:
        value = record.get(key)
        if value in (None, ""):
            continue
        published = parse_published_field(value)
        if published is None:
            message = f"{source}: line {number}: ignored {key} {value!r} (not a date geoevent reads)"
            if isinstance(note, _Notes):
                note.warn(message + "; other such values in this file are ignored too", once=(source, key))
            else:
                note(message)
        break
    return Document(
        id=f"{source}:{label}",
        name=f"{name or os.path.basename(source)}:{label}",
        text=_normalise_newlines(text),
        path=path,
        published=published,
        published_source="metadata" if published else None,
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        encoding=encoding,
    )


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _with_skip(document: Document) -> Document:
    return replace(document, skip=tuple(clutter_spans(document.text)))


def _os_reason(exc: OSError) -> str:
    """Return a short reason for an OS error ("no such file", "permission denied", ...)."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return (exc.strerror or str(exc)).lower()


__all__ = [
    "DEFAULT_GLOB",
    "Document",
    "ReadError",
    "iter_documents",
    "iter_pieces",
    "parse_published_field",
    "split_text",
]
