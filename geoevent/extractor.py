"""extractor.py is the library's front door: text in, events out, one document or many.

    Extractor().extract(text)                    -> list[Event]
    Extractor().extract_many(documents, jobs=2)  -> Iterator[Result], in input order

An Extractor holds only its settings when pickled: the spaCy model, the lexicons and the
gazetteer are loaded lazily in each process, so it can be shipped to multiprocessing, Dask or
Spark workers.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Event

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from .extraction.events import DocContext
    from .geo.gazetteer import Gazetteer
    from .rules.ruleset import RuleSet

#: Texts longer than this are parsed in pieces split on paragraph and sentence boundaries.
MAX_PIECE_CHARS = 100_000
BATCH_SIZE = 16


@dataclass(frozen=True)
class Source:
    """A text to extract from, with what is known about it (see geoevent.io.readers.Document)."""

    id: str
    text: str
    published: date | None = None
    published_source: str | None = None
    skip: tuple[tuple[int, int], ...] | None = None   # clutter ranges; None: detect them


@dataclass
class Result:
    """The outcome of one document: its events, or the one-line reason it failed."""

    source: Any
    events: list[Event] = field(default_factory=list)
    error: str | None = None

    @property
    def doc_id(self) -> str:
        return getattr(self.source, "id", "-")


class Extractor:
    """Turns news text into events. Cheap to create; loads its resources on first use."""

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
        self.published = published
        self.skip_clutter = skip_clutter

    # -------------------------------------------------- lazy resources

    def __getstate__(self) -> dict[str, Any]:
        # the RuleSet, once loaded, travels by value (the users' files' contents), not by path
        state = {k: v for k, v in self.__dict__.items() if k != "nlp"}
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
        if self.rules.places:   # places from users' rule files, looked up first
            from .geo.user_places import UserPlaces

            if getattr(self, "_user_places", None) is None or self._user_places.base is not self._gazetteer:
                self._user_places = UserPlaces(self._gazetteer, self.rules.places)
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

    # -------------------------------------------------- one document

    def extract(self, text: str, doc_id: str = "-", published: date | None = None) -> list[Event]:
        """Return the events of one text."""
        result = next(self._run_batch([self._source(text, doc_id, published)], catch=False))
        return result.events

    def extract_many(
        self,
        documents: Iterable[Any],
        jobs: int = 1,
        batch_size: int = BATCH_SIZE,
    ) -> Iterator[Result]:
        """Yield a :class:`Result` per document, in input order, with ``jobs`` processes.

        ``documents`` may hold strings, :class:`Source` objects, or any object with ``id``,
        ``text`` and optionally ``published``, ``published_source`` and ``skip`` (such as
        :class:`geoevent.io.readers.Document`). A document that fails gives a Result with
        ``error`` set; the others go on.
        """
        sources = (self._source(d) if isinstance(d, str) else d for d in documents)
        batches = _batched(sources, batch_size)
        if jobs <= 1:
            for batch in batches:
                yield from self._run_batch(batch)
            return
        context = multiprocessing.get_context("spawn")
        with context.Pool(jobs, initializer=_init_worker, initargs=(self,)) as pool:
            for results in pool.imap(_work, batches):
                yield from results

    def _source(self, text: str, doc_id: str = "-", published: date | None = None) -> Source:
        return Source(id=doc_id, text=text, published=published,
                      published_source="argument" if published is not None else None)

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

    def _run_batch(self, batch: Sequence[Any], catch: bool = True) -> Iterator[Result]:
        """Parse a batch with one ``nlp.pipe`` call and extract each document's events."""
        pieces: list[tuple[str, tuple[int, int]]] = []
        for index, source in enumerate(batch):
            for offset, piece in _pieces(source.text):
                pieces.append((piece, (index, offset)))
        parsed: dict[int, list[tuple[int, Doc]]] = {}
        try:
            for doc, (index, offset) in self.nlp.pipe(pieces, as_tuples=True, batch_size=64):
                parsed.setdefault(index, []).append((offset, doc))
        except Exception as exc:
            if not catch:
                raise
            if len(batch) == 1:
                yield Result(batch[0], error=f"could not be parsed ({type(exc).__name__}: {exc})")
                return
            for source in batch:   # find the document that breaks the parser; keep the others
                yield from self._run_batch([source])
            return
        for index, source in enumerate(batch):
            try:
                events = self._events_of(source, parsed.get(index, []))
            except Exception as exc:
                if not catch:
                    raise
                yield Result(source, error=f"extraction failed ({type(exc).__name__}: {exc})")
                continue
            yield Result(source, events=events)

    def _events_of(self, source: Any, docs: list[tuple[int, Doc]]) -> list[Event]:
        from .extraction.events import extract_events
        from .extraction.merge import merge_events

        anchor, anchor_source = self.anchor(source)
        events: list[Event] = []
        for offset, doc in docs:
            ctx = self.context(doc, source, anchor, anchor_source, offset)
            found = extract_events(doc, ctx, self.rules)
            if offset:
                found = [_shifted(e, offset) for e in found]
            events.extend(found)
        text_source = getattr(source, "text_source", None) or "raw"
        name = source.id.rsplit("/", 1)[-1] or source.id
        # numbered after merging, so that a document's records run #1, #2, ... without gaps
        return [replace(e, id=f"{name}#{k}", text_source=text_source)
                for k, e in enumerate(merge_events(events, self.rules), 1)]

    def context(self, doc: Doc, source: Any, anchor: date | None, anchor_source: str | None, offset: int = 0) -> DocContext:
        """Return what extraction needs to know about a parsed document (places, dates, clutter)."""
        from .extraction.dates import date_mentions
        from .extraction.events import DocContext
        from .extraction.where import Located
        from .geo.resolve import document_place, find_places

        mentions = find_places(doc, self.gazetteer)
        skip = getattr(source, "skip", None)
        if skip is None:
            from .io.clutter import clutter_spans

            skip = clutter_spans(source.text, self.rules.clutter) if self.skip_clutter else ()
        skip = tuple(skip)
        if offset:
            skip = tuple((s - offset, e - offset) for s, e in skip)
        ctx = DocContext(
            doc_id=source.id,
            places=tuple(Located(m.start, m.end, m.place) for m in mentions),
            dates=tuple(date_mentions(doc, anchor, self.rules.date_words)),
            published=anchor,
            published_source=anchor_source,
            skip=skip,
        )
        # page clutter ("Most Popular Articles" about other countries) does not pick the main place
        story = [m for m in mentions if not ctx.in_clutter(m.start_char, m.end_char)]
        return replace(ctx, main_place=document_place(story, doc))

    # -------------------------------------------------- places

    def places(self, text: str) -> list[Any]:
        """Return every place mention of a text, resolved (geoevent.geo.resolve.PlaceMention)."""
        from .geo.resolve import find_places

        return find_places(self.nlp(text), self.gazetteer)


def extract(text: str, published: date | None = None, **options: Any) -> list[Event]:
    """Return the events of ``text`` (a shortcut for ``Extractor(**options).extract(text)``)."""
    return _default_extractor(**options).extract(text, published=published)


_EXTRACTORS: dict[tuple, Extractor] = {}


def _default_extractor(**options: Any) -> Extractor:
    key = tuple(sorted((k, repr(v)) for k, v in options.items()))
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = Extractor(**options)
    return _EXTRACTORS[key]


def _pieces(text: str) -> list[tuple[int, str]]:
    if len(text) <= MAX_PIECE_CHARS:
        return [(0, text)]
    from .io.readers import split_text

    return split_text(text, MAX_PIECE_CHARS)


def _shifted(event: Event, offset: int) -> Event:
    """Return ``event`` with its offsets moved from a piece of a long text to the whole text."""
    mentions = tuple(replace(m, start=m.start + offset, end=m.end + offset) for m in event.mentions)
    return replace(event, start=event.start + offset, end=event.end + offset, mentions=mentions)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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


def _work(batch: list[Any]) -> list[Result]:
    if _WORKER is None:
        return [Result(source, error=_WORKER_ERROR or "worker could not start") for source in batch]
    return list(_WORKER._run_batch(batch))
