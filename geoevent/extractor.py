"""extractor.py is the library's front door: text in, events out, one document or many.

    Extractor().extract(text)                    -> list[Event]
    Extractor().extract_many(documents, jobs=2)  -> Iterator[Result], in input order
    with Extractor() as ex: ...                  -> worker processes kept between calls

An Extractor holds only its settings when pickled: the spaCy model, the lexicons and the
gazetteer are loaded lazily in each process, so it can be shipped to multiprocessing, Dask or
Spark workers.

Work travels in *units*: a batch of ordinary documents (parsed together with one ``nlp.pipe``
call), or one piece of a long document. A long document is never parsed whole: it is cut into
pieces on paragraph and sentence boundaries, each piece is parsed, extracted and released
(in this process or in a worker), and the parent joins the pieces' events, merging repeated
mentions within a window of neighbouring pieces. Memory is therefore bounded by the piece size
and the number of units in flight, not by the size of the document.
"""
from __future__ import annotations

import bisect
import collections
import datetime as dt
import multiprocessing
import signal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .model import Event

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from .extraction.events import DocContext
    from .geo.gazetteer import Gazetteer
    from .rules.ruleset import RuleSet

#: A text longer than this is a long document: it is read as a stream of pieces.
MAX_PIECE_CHARS = 100_000
#: The size of a long document's pieces. A piece's parse needs memory in proportion to its
#: length (about 3.5 kB a character with the small English model), and the look-ups that
#: extraction makes over a piece (its places, its dates) grow faster than its length, so pieces
#: are kept to the length of a long article (about 3,500 words).
PIECE_CHARS = 20_000
#: Ordinary documents parsed together with one ``nlp.pipe`` call, in one unit of work.
BATCH_SIZE = 16
#: Units of work sent ahead to each worker process: enough to keep it busy, few enough that
#: neither the reading nor the results run far ahead of the writing.
IN_FLIGHT_PER_JOB = 2

#: What ``extract_many`` accepts as one document (see :func:`to_source`).
DocumentLike = Union[str, tuple, dict, "Source", Any]
TEXT_KEYS = ("text", "content", "body")
DATE_KEYS = ("published", "date")


@dataclass(frozen=True)
class Source:
    """A text to extract from, with what is known about it (see geoevent.io.readers.Document)."""

    id: str
    text: str
    published: date | None = None
    published_source: str | None = None
    skip: tuple[tuple[int, int], ...] | None = None   # clutter ranges; None: detect them
    name: str | None = None          # what event ids start with; None: the last part of ``id``
    text_source: str = "raw"


@dataclass
class Result:
    """The outcome of one document: its events (or place mentions), or the one-line reason it
    failed."""

    source: Any
    events: list[Event] = field(default_factory=list)
    error: str | None = None
    places: list[Any] = field(default_factory=list)   # geoevent.geo.resolve.PlaceMention

    @property
    def doc_id(self) -> str:
        return getattr(self.source, "id", "-")


class DocumentError(ValueError):
    """An item given to ``extract_many`` is not a document; the message says why."""


def parse_published(value: Any) -> date | None:
    """Return a publication date from a ``date``, a ``datetime`` or an ISO string
    ("2023-03-21", "2023-03-21T10:00:00Z"); None for None or ""; raise DocumentError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text[:10]) if len(text) >= 10 and text[10:11] in ("", "T", " ") \
                else date.fromisoformat(text)
        except ValueError:
            pass
    raise DocumentError(f"published {value!r} is not a date (give a date, a datetime or YYYY-MM-DD)")


def to_source(item: Any, position: int) -> Source:
    """Return ``item`` as a :class:`Source`; raise DocumentError for what is not a document.

    An item is a string (its id is its position in the input, ``"0"``, ``"1"``, ...), an
    ``(id, text)`` pair, a dict with ``text`` (or ``content``/``body``) and optionally ``id``
    and ``published`` (or ``date``), or an object with ``id`` and ``text`` attributes (a
    :class:`Source`, a :class:`geoevent.io.readers.Document`). ``published`` may be a date, a
    datetime or an ISO string.
    """
    if isinstance(item, str):
        return Source(id=str(position), text=item)
    if isinstance(item, (tuple, list)):
        if len(item) != 2 or not isinstance(item[1], str):
            raise DocumentError("a pair must be (id, text) with text a string")
        return Source(id=_id(item[0], position), text=item[1])
    if isinstance(item, dict):
        text = next((item[k] for k in TEXT_KEYS if isinstance(item.get(k), str)), None)
        if text is None:
            raise DocumentError("a dict needs a text (or content, body) string")
        key = next((k for k in DATE_KEYS if item.get(k) not in (None, "")), None)
        published = parse_published(item[key]) if key else None
        return Source(id=_id(item.get("id"), position), text=text, published=published,
                      published_source="metadata" if published else None)
    text = getattr(item, "text", None)
    if item is None or not isinstance(text, str) or not hasattr(item, "id"):
        raise DocumentError(f"not a document: {type(item).__name__} (give a string, an (id, text) pair, "
                            "a dict with text, or a Source)")
    published = getattr(item, "published", None)
    if published is None or (isinstance(published, date) and not isinstance(published, dt.datetime)):
        return item
    when = parse_published(published)
    if _is_dataclass(item):
        return replace(item, published=when)
    return Source(id=_id(item.id, position), text=text, published=when,
                  published_source=getattr(item, "published_source", None) or "metadata")


def _id(value: Any, position: int) -> str:
    return str(position) if value is None or value == "" else str(value)


def _is_dataclass(obj: Any) -> bool:
    from dataclasses import is_dataclass

    return is_dataclass(obj) and not isinstance(obj, type)


# ---------------------------------------------------------------- units of work


@dataclass(frozen=True)
class _Batch:
    """Ordinary documents, parsed together with one nlp.pipe call."""

    kind: str                       # "events" or "places"
    sources: list[Any]


@dataclass(frozen=True)
class _Piece:
    """One piece of a long document: parsed and extracted alone, then released."""

    kind: str
    source: Source                  # the document's id and name; text: the piece; skip: in the piece
    anchor: tuple[date | None, str | None]
    offset: int                     # where the piece starts in the document
    last: bool
    origin: Any = None              # the whole document, in the parent process only

    def for_worker(self) -> _Piece:
        return replace(self, origin=None)


@dataclass(frozen=True)
class _Ready:
    """An item that failed before any work (not a document): its Result, in its place."""

    result: Result


_Unit = Union[_Batch, _Piece, _Ready]


@dataclass
class _PieceOutcome:
    events: list[Event] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)
    error: str | None = None


class Extractor:
    """Turns news text into events. Cheap to create; loads its resources on first use.

    Used as a context manager (``with Extractor() as ex:``), it keeps its worker processes
    between ``extract_many`` calls and stops them at the end of the block.
    """

    def __init__(
        self,
        model: str | None = None,
        rules: Sequence[str | Path] = (),
        gazetteer: Gazetteer | None = None,
        published: date | None = None,
        skip_clutter: bool = True,
    ):
        self.model = model
        self.rule_files = tuple(str(r) for r in rules)
        self._gazetteer = gazetteer
        self.published = parse_published(published)
        self.skip_clutter = skip_clutter
        self._pool: Any = None
        self._pool_jobs = 0
        self._keep_pool = False

    # -------------------------------------------------- lazy resources

    def __getstate__(self) -> dict[str, Any]:
        # the RuleSet, once loaded, travels by value (the users' files' contents), not by path
        state = {k: v for k, v in self.__dict__.items() if k != "nlp"}
        state.update(_pool=None, _pool_jobs=0, _keep_pool=False)
        return state

    @cached_property
    def nlp(self) -> Language:
        from .pipeline import load_pipeline

        return load_pipeline(self.model)

    @cached_property
    def rules(self) -> RuleSet:
        from .rules.ruleset import load_rules

        return load_rules(self.rule_files)

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from .geo.gazetteer import Gazetteer

            self._gazetteer = Gazetteer.default()
        if self.rules.user_files:   # users' places first, and the rule set's place words
            from .geo.user_places import UserPlaces
            from .geo.words import PlaceWords

            if getattr(self, "_user_places", None) is None or self._user_places.base is not self._gazetteer:
                words = PlaceWords(self.rules.demonyms, self.rules.place_features, self.rules.place_lists)
                self._user_places = UserPlaces(self._gazetteer, self.rules.places, words)
            return self._user_places
        return self._gazetteer

    def load(self) -> Extractor:
        """Load every resource now (the model, rules and gazetteer) and return self."""
        _ = self.nlp, self.rules, self.gazetteer
        return self

    def prepare(self) -> Extractor:
        """Check what worker processes will need (the model is installed, the rules are valid,
        the gazetteer index is built) without loading spaCy's model here; return self."""
        from .pipeline import require_model

        require_model(self.model)
        _ = self.rules, self.gazetteer
        return self

    # -------------------------------------------------- worker processes

    def __enter__(self) -> Extractor:
        self._keep_pool = True
        return self

    def __exit__(self, *exc: Any) -> None:
        self._keep_pool = False
        self.close(terminate=exc[0] is not None)

    def close(self, terminate: bool = False) -> None:
        """Stop the worker processes, if any (``with Extractor() as ex`` does it for you)."""
        pool, self._pool, self._pool_jobs = self._pool, None, 0
        if pool is None:
            return
        if terminate:
            pool.terminate()
        else:
            pool.close()
        pool.join()

    def _workers(self, jobs: int) -> Any:
        if self._pool is not None and self._pool_jobs == jobs:
            return self._pool
        self.close()
        context = multiprocessing.get_context("spawn")
        self._pool = context.Pool(jobs, initializer=_init_worker, initargs=(self,))
        self._pool_jobs = jobs
        return self._pool

    # -------------------------------------------------- one document, many documents

    def extract(self, text: str, doc_id: str = "-", published: date | str | None = None) -> list[Event]:
        """Return the events of one text (``published``: a date, a datetime or an ISO string)."""
        when = parse_published(published)
        source = Source(id=doc_id, text=text, published=when, published_source="argument" if when else None)
        return next(self._results(self._units([source], "events", BATCH_SIZE), 1, catch=False)).events

    def extract_many(
        self,
        documents: Iterable[DocumentLike],
        jobs: int = 1,
        batch_size: int = BATCH_SIZE,
    ) -> Iterator[Result]:
        """Yield a :class:`Result` per document, in input order, with ``jobs`` processes.

        ``documents`` may hold strings (numbered by their position: ``"0"``, ``"1"``, ...),
        ``(id, text)`` pairs, dicts with ``text`` and optionally ``id`` and ``published``,
        :class:`Source` objects, or any object with ``id``, ``text`` and optionally
        ``published``, ``published_source``, ``skip`` and ``name`` (such as
        :class:`geoevent.io.readers.Document`). ``published`` may be a date, a datetime or an
        ISO string. An item that is not a document (``None``, a number...) or that fails gives
        a Result with ``error`` set; the others go on. A long document's pieces are shared out
        among the ``jobs`` processes.
        """
        return self._results(self._units(documents, "events", batch_size), jobs)

    def places_many(self, documents: Iterable[DocumentLike], jobs: int = 1,
                    batch_size: int = BATCH_SIZE) -> Iterator[Result]:
        """Yield a :class:`Result` per document with its place mentions (``Result.places``), in
        input order; the documents are as for :meth:`extract_many`."""
        return self._results(self._units(documents, "places", batch_size), jobs)

    def places(self, text: str) -> list[Any]:
        """Return every place mention of a text, resolved (geoevent.geo.resolve.PlaceMention)."""
        source = Source(id="-", text=text)
        return next(self._results(self._units([source], "places", BATCH_SIZE), 1, catch=False)).places

    # -------------------------------------------------- planning and running the units

    def _units(self, documents: Iterable[Any], kind: str, batch_size: int) -> Iterator[_Unit]:
        """Yield the units of work for ``documents``, in input order."""
        batch: list[Any] = []
        for position, item in enumerate(documents):
            try:
                source = to_source(item, position)
            except DocumentError as exc:
                if batch:
                    yield _Batch(kind, batch)
                    batch = []
                yield _Ready(Result(Source(id=_id(_item_id(item), position), text=""), error=f"item {position}: {exc}"))
                continue
            if len(source.text) <= MAX_PIECE_CHARS:
                batch.append(source)
                if len(batch) >= batch_size:
                    yield _Batch(kind, batch)
                    batch = []
                continue
            if batch:
                yield _Batch(kind, batch)
                batch = []
            yield from self._pieces_of(source, kind)
        if batch:
            yield _Batch(kind, batch)

    def _pieces_of(self, source: Any, kind: str) -> Iterator[_Piece]:
        """Yield a long document's pieces, each with the clutter ranges that fall in it."""
        from .io.readers import iter_pieces

        anchor = self.anchor(source)
        skip = self.clutter_of(source)
        starts = [s for s, _ in skip]
        name = getattr(source, "name", None) or _name(source.id)
        text_source = getattr(source, "text_source", None) or "raw"
        pieces = iter_pieces(source.text, PIECE_CHARS)
        offset, piece = next(pieces)
        for following in pieces:
            yield self._piece(kind, source, name, text_source, anchor, skip, starts, offset, piece, last=False)
            offset, piece = following
        yield self._piece(kind, source, name, text_source, anchor, skip, starts, offset, piece, last=True)

    @staticmethod
    def _piece(kind: str, source: Any, name: str, text_source: str, anchor: tuple[date | None, str | None],
               skip: tuple[tuple[int, int], ...], starts: list[int], offset: int, piece: str, last: bool) -> _Piece:
        end = offset + len(piece)
        first = max(bisect.bisect_right(starts, offset) - 1, 0)
        inside = tuple((max(s, offset) - offset, min(e, end) - offset)
                       for s, e in skip[first:bisect.bisect_left(starts, end)] if e > offset and s < end)
        stub = Source(id=source.id, text=piece, skip=inside, name=name, text_source=text_source)
        return _Piece(kind, stub, anchor, offset, last, origin=source)

    def _results(self, units: Iterator[_Unit], jobs: int, catch: bool = True) -> Iterator[Result]:
        """Run ``units`` (here, or in ``jobs`` worker processes) and yield each document's
        Result in input order, joining the pieces of long documents."""
        joining: _Joined | None = None
        for unit, outcome in self._run(units, jobs, catch):
            if isinstance(unit, _Ready):
                yield unit.result
            elif isinstance(unit, _Batch):
                yield from outcome
            else:
                if joining is None:
                    joining = _Joined(unit.origin if unit.origin is not None else unit.source, unit.source, self.rules)
                joining.add(unit, outcome)
                if unit.last:
                    yield joining.result()
                    joining = None

    def _run(self, units: Iterator[_Unit], jobs: int, catch: bool) -> Iterator[tuple[_Unit, Any]]:
        if jobs <= 1:
            for unit in units:
                yield unit, None if isinstance(unit, _Ready) else self._do(unit, catch)
            return
        pool = self._workers(jobs)
        pending: collections.deque = collections.deque()
        finished = False
        try:
            for unit in units:
                task = unit.for_worker() if isinstance(unit, _Piece) else unit
                pending.append((unit, None if isinstance(unit, _Ready) else pool.apply_async(_work, (task,))))
                while len(pending) > jobs * IN_FLIGHT_PER_JOB:
                    done, handle = pending.popleft()
                    yield done, handle and handle.get()
            while pending:
                done, handle = pending.popleft()
                yield done, handle and handle.get()
            finished = True
        finally:
            if not finished:            # stopped early (Ctrl-C, a reader who left): drop queued work
                self.close(terminate=True)
            elif not self._keep_pool:
                self.close()

    def _do(self, unit: _Unit, catch: bool = True) -> Any:
        """Return the outcome of one unit: a list of Results, or a piece's events or places."""
        if isinstance(unit, _Batch):
            return list(self._run_batch(unit.sources, catch=catch, kind=unit.kind))
        try:
            return self._piece_outcome(unit)
        except Exception as exc:
            if not catch:
                raise
            what = "extraction" if unit.kind == "events" else "place finding"
            return _PieceOutcome(error=f"{what} failed at character {unit.offset} ({type(exc).__name__}: {exc})")

    def _piece_outcome(self, piece: _Piece) -> _PieceOutcome:
        doc = self.nlp(piece.source.text)
        if piece.kind == "places":
            from .geo.resolve import find_places

            return _PieceOutcome(places=[_shifted_place(m, piece.offset)
                                         for m in find_places(doc, self.gazetteer, skip=self.clutter_of(piece.source))])
        from .extraction.events import extract_events

        ctx = self.context(doc, piece.source, *piece.anchor)
        return _PieceOutcome(events=[_shifted(e, piece.offset) for e in extract_events(doc, ctx, self.rules)])

    # -------------------------------------------------- the work

    def anchor(self, source: Any) -> tuple[date | None, str | None]:
        """Return the publication date that relative dates resolve against, and where it came from."""
        if self.published is not None:
            return self.published, "option"
        published = getattr(source, "published", None)
        if published is not None:
            return published, getattr(source, "published_source", None) or "metadata"
        from .extraction.dates import find_anchor

        found = find_anchor(source.text)
        if found is not None:
            return found
        return None, None

    def _run_batch(self, batch: Sequence[Any], catch: bool = True, kind: str = "events") -> Iterator[Result]:
        """Parse a batch with one ``nlp.pipe`` call and extract each document's events."""
        try:
            docs = list(self.nlp.pipe((source.text for source in batch), batch_size=64))
        except Exception as exc:
            if not catch:
                raise
            if len(batch) == 1:
                yield Result(batch[0], error=f"could not be parsed ({type(exc).__name__}: {exc})")
                return
            for source in batch:   # find the document that breaks the parser; keep the others
                yield from self._run_batch([source], kind=kind)
            return
        for source, doc in zip(batch, docs):
            try:
                if kind == "places":
                    from .geo.resolve import find_places

                    result = Result(source, places=find_places(doc, self.gazetteer, skip=self.clutter_of(source)))
                else:
                    result = Result(source, events=self._events_of(source, doc))
            except Exception as exc:
                if not catch:
                    raise
                what = "extraction" if kind == "events" else "place finding"
                result = Result(source, error=f"{what} failed ({type(exc).__name__}: {exc})")
            yield result

    def _events_of(self, source: Any, doc: Doc) -> list[Event]:
        from .extraction.events import extract_events
        from .extraction.merge import merge_events

        ctx = self.context(doc, source, *self.anchor(source))
        events = extract_events(doc, ctx, self.rules)
        return _numbered(merge_events(events, self.rules), source, self.rules)

    def clutter_of(self, source: Any) -> tuple[tuple[int, int], ...]:
        """Return a document's page-clutter ranges: the ones its reader found (HTML), else those
        the clutter rules (built-in and the user's) find in its text; none with ``skip_clutter``
        off. Clutter yields no events and no places, and vouches for no place."""
        skip = getattr(source, "skip", None)
        if skip is None:
            from .io.clutter import clutter_spans

            skip = clutter_spans(source.text, self.rules.clutter) if self.skip_clutter else ()
        return tuple(skip)

    def context(self, doc: Doc, source: Any, anchor: date | None, anchor_source: str | None, offset: int = 0) -> DocContext:
        """Return what extraction needs to know about a parsed document (places, dates, clutter)."""
        from .extraction.dates import date_mentions
        from .extraction.events import DocContext
        from .extraction.where import Located
        from .geo.resolve import document_place, find_places, nationality_place

        skip = self.clutter_of(source)
        if offset:
            skip = tuple((s - offset, e - offset) for s, e in skip)
        # page clutter yields no events, does not pick the main place and vouches for no place
        mentions = find_places(doc, self.gazetteer, skip=skip)
        ctx = DocContext(
            doc_id=source.id,
            places=tuple(Located(m.start, m.end, m.place) for m in mentions if m.role != "modifier"),
            dates=tuple(date_mentions(doc, anchor, self.rules.date_words)),
            published=anchor,
            published_source=anchor_source,
            skip=skip,
        )
        # a text that names no place (one named only inside another name, role "modifier": "the
        # Kenya Coffee Festival", is none) is put in the country of its nationality words
        main_place = document_place(mentions, doc) or (None if any(m.role != "modifier" for m in mentions)
                                                  else nationality_place(doc, self.gazetteer))
        return replace(ctx, main_place=main_place)


class _Joined:
    """A long document's events (or places), joined piece by piece in the parent process.

    Repeated mentions of one event are merged within a window: the events of a piece are
    merged with those still open from the piece before, and an event that started before the
    previous piece is closed. The cost stays in proportion to the document's length, and the
    merge still joins a story told across a piece boundary.
    """

    def __init__(self, origin: Any, stub: Source, rules: RuleSet):
        self.rules = rules
        self.origin = origin            # what the Result names: the document as it was given
        self.stub = stub                # its id, name and text source
        self.closed: list[Event] = []
        self.open: list[Event] = []
        self.places: list[Any] = []
        self.error: str | None = None

    def add(self, piece: _Piece, outcome: _PieceOutcome) -> None:
        if outcome.error is not None:
            self.error = self.error or outcome.error
        if self.error is not None:
            return
        self.places.extend(outcome.places)
        if self.open or outcome.events:
            from .extraction.merge import merge_events

            merged = merge_events(self.open + outcome.events, self.rules)
            cut = 0
            while cut < len(merged) and merged[cut].start < piece.offset:
                cut += 1
            self.closed.extend(merged[:cut])
            self.open = merged[cut:]

    def result(self) -> Result:
        if self.error is not None:
            return Result(self.origin, error=self.error)
        return Result(self.origin, events=_numbered(self.closed + self.open, self.stub, self.rules), places=self.places)


def extract(text: str, published: date | str | None = None, **options: Any) -> list[Event]:
    """Return the events of ``text`` (a shortcut for ``Extractor(**options).extract(text)``)."""
    return _default_extractor(**options).extract(text, published=published)


_EXTRACTORS: dict[tuple, Extractor] = {}


def _default_extractor(**options: Any) -> Extractor:
    key = tuple(sorted((k, repr(v)) for k, v in options.items()))
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = Extractor(**options)
    return _EXTRACTORS[key]


def _item_id(item: Any) -> Any:
    if isinstance(item, dict):
        return item.get("id")
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return item[0]
    return getattr(item, "id", None)


def _name(doc_id: str) -> str:
    return doc_id.rsplit("/", 1)[-1] or doc_id


def _numbered(events: list[Event], source: Any, rules: RuleSet) -> list[Event]:
    """Return a document's events with their ids ``<name>#1``, ``#2``, ... (numbered after
    merging, so that a document's records run without gaps) and their text source."""
    name = getattr(source, "name", None) or _name(source.id)
    text_source = getattr(source, "text_source", None) or "raw"
    numbered = [replace(e, id=f"{name}#{k}", text_source=text_source) for k, e in enumerate(events, 1)]
    from .extraction.acled import acled_rules_for
    from .extraction.incidents import code_incidents

    # incidents (shared ids, totals, ACLED actor names) are coded once a document's records are final
    return code_incidents(numbered, acled_rules_for(rules), getattr(source, "text", None) or "")


def _shifted(event: Event, offset: int) -> Event:
    """Return ``event`` with its offsets moved from a piece of a long text to the whole text."""
    if not offset:
        return event
    mentions = tuple(replace(m, start=m.start + offset, end=m.end + offset) for m in event.mentions)
    return replace(event, start=event.start + offset, end=event.end + offset, mentions=mentions)


def _shifted_place(mention: Any, offset: int) -> Any:
    """Return a place mention with its character offsets moved to the whole text (its token
    offsets refer to the piece's Doc, which is gone)."""
    if not offset:
        return mention
    return replace(mention, start_char=mention.start_char + offset, end_char=mention.end_char + offset)


_WORKER: Extractor | None = None
_WORKER_ERROR: str | None = None


def _init_worker(extractor: Extractor) -> None:
    global _WORKER, _WORKER_ERROR
    # Ctrl-C is the parent's to handle: it flushes what is done and stops the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _WORKER = extractor.load()
    except Exception as exc:  # an initializer that raises makes the pool restart it forever
        _WORKER_ERROR = f"worker could not start ({type(exc).__name__}: {exc})"


def _work(unit: _Unit) -> Any:
    if _WORKER is None:
        reason = _WORKER_ERROR or "worker could not start"
        if isinstance(unit, _Batch):
            return [Result(source, error=reason) for source in unit.sources]
        return _PieceOutcome(error=reason)
    return _WORKER._do(unit)
