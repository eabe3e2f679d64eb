"""dask.py runs the same extraction on a Dask cluster: bags of documents in, bags and DataFrames
of event records out, and the runner behind ``geoevent extract --scheduler``.

    from geoevent.dask import read_bag, extract_bag, events_dataframe

    documents = read_bag("news/")                       # the CLI's readers, run on the workers
    events = extract_bag(documents)                     # JSON Lines records, in document order
    events_dataframe(events).to_parquet("events/")      # the CSV columns, typed

Needs the optional extra: ``pip install "geoevent[dask]"``. Importing this module imports dask;
nothing else in geoevent does.

What travels to the workers is a :class:`WorkerRecipe`: the Extractor's settings and the
*contents* of its rule files (read and validated here, so a bad path fails at once and workers
need no copy of them). Each worker process builds its Extractor from the recipe once and keeps
it: the spaCy model and the gazetteer load once per process, not per task. A worker that cannot
load them raises :class:`WorkerStartError`, one line naming the worker and the reason.
"""
from __future__ import annotations

import datetime as dt
import glob as globbing
import hashlib
import logging
import os
import pickle
import signal
import socket
import tempfile
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dask
import dask.bag as db

from .extractor import BATCH_SIZE, Extractor, Result, Source
from .io.readers import DEFAULT_GLOB, Document, ReadError, _folder_files, _os_reason, iter_documents
from .io.writers import EVENT_COLUMNS, flatten

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client

#: Files per partition of :func:`read_bag` (a JSONL corpus file is one partition by itself).
FILES_PER_PARTITION = 64
#: Batches in flight per worker thread in :func:`extract_many`: enough to keep workers busy
#: while the client reads the next files, few enough to hold a bounded number of texts.
PENDING_PER_THREAD = 2
#: Seconds to wait for a cluster's first worker before giving up.
WAIT_FOR_WORKERS_S = 120
#: How ``--scheduler local:N`` is written.
LOCAL_PREFIX = "local:"


class ClusterError(RuntimeError):
    """The cluster cannot run the extraction (no scheduler there, a worker cannot load the
    model); the message is one line saying which and why."""


class WorkerStartError(ClusterError):
    """A worker process could not build its Extractor (model, rules or gazetteer)."""


# ---------------------------------------------------------------- what travels to workers


@dataclass(frozen=True)
class WorkerRecipe:
    """How a worker builds the Extractor: its pickled settings and its rule files' contents."""

    settings: bytes                          # the Extractor, pickled without rule files
    rules: tuple[tuple[str, str], ...]       # (file name, contents) of each rule file, in order
    key: str                                 # a digest of both: one Extractor per recipe and process


def recipe_of(extractor: Extractor) -> WorkerRecipe:
    """Return what workers need to rebuild ``extractor``; RuleError (naming the file) when a
    rule file cannot be read or is invalid, before any work is sent."""
    import cloudpickle

    from .rules import RuleError

    _ = extractor.rules   # validates every rule file here: a bad path or line fails at once
    rules: list[tuple[str, str]] = []
    for name in extractor.rule_files:
        path = Path(name)
        try:
            rules.append((path.name, path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise RuleError(f"{path}: cannot read rule file ({exc.strerror or exc})") from None
    shipped = _portable(extractor)
    settings = cloudpickle.dumps(shipped)
    digest = hashlib.sha256(settings)
    for name, text in rules:
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    return WorkerRecipe(settings=settings, rules=tuple(rules), key=digest.hexdigest())


def _portable(extractor: Extractor) -> Extractor:
    """Return a copy of ``extractor`` that names no file of this machine: no rule paths (their
    contents travel in the recipe) and no gazetteer path when it is the default index (each
    worker opens or builds its own, in its own cache folder)."""
    from .geo import gazetteer as gazetteer_module

    shipped = Extractor.__new__(type(extractor))
    shipped.__dict__.update(extractor.__getstate__())
    shipped.rule_files = ()
    if shipped.__dict__.get("_gazetteer") is getattr(gazetteer_module, "_DEFAULT", None):
        shipped._gazetteer = None
    return shipped


_BUILT: dict[str, Extractor | WorkerStartError] = {}
_BUILD_LOCK = threading.Lock()
_RUN_LOCKS: dict[str, threading.Lock] = {}
#: How many times this process built the Extractor of each recipe (the tests check: once).
BUILDS: Counter[str] = Counter()


def worker_extractor(recipe: WorkerRecipe) -> Extractor:
    """Return this process's Extractor for ``recipe``, built and loaded on first use only."""
    built = _BUILT.get(recipe.key)
    if built is None:
        with _BUILD_LOCK:
            built = _BUILT.get(recipe.key)
            if built is None:
                BUILDS[recipe.key] += 1
                built = _build(recipe)
                _BUILT[recipe.key] = built
                _RUN_LOCKS[recipe.key] = threading.Lock()
    if isinstance(built, WorkerStartError):
        raise built
    return built


def _build(recipe: WorkerRecipe) -> Extractor | WorkerStartError:
    try:
        extractor: Extractor = pickle.loads(recipe.settings)
        if recipe.rules:
            folder = Path(tempfile.gettempdir()) / f"geoevent-rules-{recipe.key[:16]}"
            folder.mkdir(parents=True, exist_ok=True)
            paths = []
            for number, (name, text) in enumerate(recipe.rules):
                path = folder / f"{number:02d}-{name}"   # the suffix (.jsonl, .tsv) says the kind
                # other worker processes of this machine may be reading it: replace, never rewrite
                partial = folder / f".{path.name}.{os.getpid()}.tmp"
                partial.write_text(text, encoding="utf-8")
                os.replace(partial, path)
                paths.append(str(path))
            extractor.rule_files = tuple(paths)
        return extractor.load()
    except Exception as exc:   # any reason: the client gets one line, not a worker traceback
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return WorkerStartError(f"worker {_worker_name()} could not load the extractor: {reason}")


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"{socket.gethostname()} (pid {os.getpid()})"


def _extract_items(recipe: WorkerRecipe, items: Sequence[Any]) -> list[tuple[str, list[Any], str | None]]:
    """Return ``(doc id, events, error)`` per item, in order; runs on a worker."""
    extractor = worker_extractor(recipe)
    out: list[tuple[str, list[Any], str | None] | None] = [None] * len(items)
    ready: list[tuple[int, Any]] = []
    for index, item in enumerate(items):
        source = as_source(item)
        if isinstance(source, ReadError):
            out[index] = (source.source, [], source.reason)
        else:
            ready.append((index, source))
    # spaCy pipelines are not made for concurrent calls: threads of one worker take turns
    with _RUN_LOCKS[recipe.key]:
        results = extractor.extract_many([source for _, source in ready], jobs=1)
        for (index, _), result in zip(ready, results):
            out[index] = (result.doc_id, result.events, result.error)
    return out  # type: ignore[return-value]


def as_source(item: Any) -> Any:
    """Return a document the Extractor takes (or a ReadError for an item that is none): a
    string, an ``(id, text)`` pair, a dict with ``text`` and optional ``id`` and ``published``
    (a date, a datetime or an ISO string), a Source, a Document or a ReadError."""
    if isinstance(item, (Source, Document, ReadError)):
        return item
    if isinstance(item, str):
        return Source(id="-", text=item)
    if isinstance(item, (tuple, list)) and len(item) == 2 and isinstance(item[1], str):
        return Source(id=str(item[0]), text=item[1])
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        published = _as_date(item.get("published"))
        return Source(id=str(item.get("id", "-")), text=item["text"], published=published,
                      published_source="metadata" if published else None)
    if hasattr(item, "text") and hasattr(item, "id"):
        return item
    name = item.get("id", "-") if isinstance(item, dict) else "-"
    return ReadError(str(name), f"not a document ({type(item).__name__}): expected a string, "
                                "an (id, text) pair or a dict with 'text'")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------- bags and DataFrames


def read_bag(paths: str | Sequence[str], glob: Sequence[str] | None = None,
             files_per_partition: int = FILES_PER_PARTITION) -> db.Bag:
    """Return a bag of the documents in ``paths`` (files, folders, glob patterns), read on the
    workers by the CLI's readers: Documents, and a ReadError for each input that cannot be read.

    Folders are listed here (recursively, sorted, ``glob`` as in ``--glob``); the files are read
    where the tasks run, so workers must see the same paths (a shared file system).
    """
    patterns = tuple(glob) if glob else DEFAULT_GLOB
    files: list[str | ReadError] = []
    for path in [paths] if isinstance(paths, str) else list(paths):
        if path == "-":
            raise ValueError("read_bag reads files: standard input cannot be spread over workers")
        if os.path.isdir(path):
            found, errors = _folder_files(path, patterns)
            files.extend(ReadError(e.filename or path, _os_reason(e)) for e in errors)   # as the CLI does
            files.extend(found)
        elif any(ch in path for ch in "*?[") and not os.path.exists(path):
            files.extend(sorted(globbing.glob(path, recursive=True)))
        else:
            files.append(path)   # a missing file becomes its ReadError, as in the CLI
    groups: list[list[str | ReadError]] = []
    for path in files:
        # a JSONL corpus file is a partition by itself: it may hold any number of documents
        if _is_corpus(path) or not groups or len(groups[-1]) >= files_per_partition or _is_corpus(groups[-1][0]):
            groups.append([path])
        else:
            groups[-1].append(path)
    if not groups:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(groups, partition_size=1).map_partitions(_read_partition)


def _is_corpus(path: str | ReadError) -> bool:
    return isinstance(path, str) and path.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"))


def _read_partition(groups: Iterable[list[str | ReadError]]) -> list[Document | ReadError]:
    return [item for group in groups for path in group
            for item in ([path] if isinstance(path, ReadError) else iter_documents([path]))]


def results_bag(documents: db.Bag, extractor: Extractor | None = None) -> db.Bag:
    """Return a bag with one dict per document, in order within partitions:
    ``{"doc": id, "events": [records], "error": None or the one-line reason it failed}``."""
    recipe = dask.delayed(recipe_of(extractor or Extractor()), pure=True)
    return documents.map_partitions(_results_partition, recipe)


def _results_partition(items: Iterable[Any], recipe: WorkerRecipe) -> list[dict[str, Any]]:
    return [{"doc": doc, "events": [event.to_dict() for event in events], "error": error}
            for doc, events, error in _extract_items(recipe, list(items))]


def extract_bag(documents: db.Bag, extractor: Extractor | None = None) -> db.Bag:
    """Return a bag of event records (dicts in the JSON Lines schema) from a bag of documents
    (strings, ``(id, text)`` pairs, dicts with ``text``/``id``/``published``, or what
    :func:`read_bag` gives), in the documents' order within partitions. A document that fails
    gives no record: :func:`results_bag` says which failed and why."""
    return results_bag(documents, extractor).map_partitions(_records_partition)


def _records_partition(results: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [record for result in results for record in result["events"]]


def events_dataframe(events: db.Bag) -> dd.DataFrame:
    """Return a Dask DataFrame of event records with the CSV columns, typed (nullable integers,
    floats, booleans, dates, strings), ready for ``to_parquet``: one row per record."""
    import dask.dataframe as dd

    meta = events_frame([])
    parts = [dask.delayed(events_frame)(part) for part in events.to_delayed()]
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


#: The types of the CSV columns that are not text.
COLUMN_TYPES = {
    "action_negated": "boolean",
    "count_value": "Int64", "count_min": "Int64", "count_max": "Int64",
    "location_lat": "Float64", "location_lon": "Float64", "location_geonameid": "Int64",
    "location_score": "Float64", "date_carried": "boolean",
    "confidence": "Float64", "start": "Int64", "end": "Int64",
    "date_value": "date", "date_end": "date", "published": "date",
}


def events_frame(records: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Return a pandas DataFrame of event records with the CSV columns, typed."""
    import pandas as pd
    import pyarrow as pa

    rows = [flatten(record) for record in records]
    columns: dict[str, Any] = {}
    for name in EVENT_COLUMNS:
        values = [row.get(name) for row in rows]
        kind = COLUMN_TYPES.get(name, "string")
        if kind == "date":
            columns[name] = pd.array([_as_date(v) for v in values], dtype=pd.ArrowDtype(pa.date32()))
        else:
            columns[name] = pd.array(values, dtype=kind)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))


# ---------------------------------------------------------------- the CLI's runner


def connect(scheduler: str | Client) -> tuple[Client, Any]:
    """Return a Client for ``scheduler`` and the LocalCluster started for it (or None).

    ``scheduler`` is a Client, ``local:N`` (a new local cluster of N worker processes), a
    scheduler address (``tcp://host:8786``) or the path of a scheduler file (``dask scheduler
    --scheduler-file``, as dask-jobqueue and HPC set-ups write). ClusterError when it cannot.
    """
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler, None
    if scheduler.startswith(LOCAL_PREFIX):
        try:
            workers = int(scheduler[len(LOCAL_PREFIX):])
        except ValueError:
            workers = 0
        if workers < 1:
            raise ClusterError(f"{scheduler!r}: write local:N with N worker processes, N >= 1")
        cluster = _local_cluster(workers)
        return Client(cluster, set_as_default=False), cluster
    if os.path.isfile(scheduler):
        options: dict[str, Any] = {"scheduler_file": scheduler}
    else:
        _check_address(scheduler)
        options = {"address": scheduler}
    try:
        return Client(**options, set_as_default=False), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None


def _check_address(scheduler: str) -> None:
    """Raise ClusterError for what is neither a scheduler address nor a scheduler file, before
    a Client is made of it (a Client that fails on a bad address hangs a minute on exit)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        protocol, location = parse_address(scheduler)
        if protocol in ("tcp", "tls", "ws", "wss"):
            parse_host_port(location)
    except ValueError:
        if ("/" in scheduler and "://" not in scheduler) or scheduler.endswith(".json"):
            raise ClusterError(f"{scheduler}: no such scheduler file") from None
        raise ClusterError(f"{scheduler!r} is not a scheduler address: write tcp://HOST:PORT, "
                           "the path of a scheduler file, or local:N") from None


def _local_cluster(workers: int) -> Any:
    """Start a LocalCluster of ``workers`` single-threaded processes for one run."""
    from distributed import LocalCluster

    # Ctrl-C is the client's to handle (it writes what is done and stops the run): worker
    # processes spawned while SIGINT is ignored inherit that, as local -j workers do
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main_thread else None
    try:
        # allowed-failures 0: a task whose worker dies comes back to the client at once, and
        # ClusterRunner retries its documents one by one (the "retried once" of the contract).
        # glibc's own malloc trimming: Dask's eager one costs a parsing worker ~6 % in system time
        with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                              "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
            # a free port for the scheduler's web server (8787 may be another cluster's);
            # workers without the statistical profiler, which costs a CPU-bound task ~20 %
            return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                dashboard_address=":0", silence_logs=logging.ERROR,
                                config={"distributed.worker.profile.enabled": False})
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


class ClusterRunner:
    """Extracts documents on a Dask cluster with the contract of ``Extractor.extract_many``:
    sources in, one Result per document out, in input order; a failing document gives its
    error; a worker that dies has its documents retried once, one by one, then reported.

        with ClusterRunner(extractor, "local:2") as runner:
            for result in runner.extract_many(documents):
                ...
    """

    def __init__(self, extractor: Extractor, scheduler: str | Client, batch_size: int = BATCH_SIZE):
        self.recipe = recipe_of(extractor)
        self.batch_size = batch_size
        self.client, self.cluster = connect(scheduler)
        self._own_client = self.client is not scheduler
        try:
            # a task, not scattered data: a worker that dies with it does not lose it for good
            self._recipe = self.client.submit(_same, self.recipe, pure=False)
            self._warm_up()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> ClusterRunner:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Close the client and the local cluster if this runner started them."""
        if self._own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def _warm_up(self) -> None:
        """Build the Extractor on every worker now: the model loads in parallel before the
        first batch, and a worker that cannot load it stops the run with its reason."""
        try:   # a batch system may take a while to start the first worker
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
        except TimeoutError:
            raise ClusterError(f"no worker joined the Dask cluster within {WAIT_FOR_WORKERS_S} s") from None
        workers = list(self.client.scheduler_info(n_workers=-1)["workers"])
        futures = [self.client.submit(_warm_up, self._recipe, workers=[w], allow_other_workers=False,
                                      pure=False) for w in workers]
        for future in futures:
            try:
                future.result()
            except WorkerStartError:
                raise
            except Exception as exc:
                raise ClusterError(f"a worker failed to start ({type(exc).__name__}: {exc})") from None

    def _threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def extract_many(self, documents: Iterable[Any]) -> Iterator[Result]:
        """Yield a Result per document, in input order (see the class docstring)."""
        window: deque[tuple[list[Any], Any]] = deque()
        limit = PENDING_PER_THREAD * self._threads()
        batch: list[Any] = []
        try:
            for document in documents:
                batch.append(document)
                if len(batch) >= self.batch_size:
                    window.append((batch, self._submit(batch)))
                    batch = []
                    while len(window) >= limit:
                        yield from self._collect(*window.popleft())
            if batch:
                window.append((batch, self._submit(batch)))
            while window:
                yield from self._collect(*window.popleft())
        finally:
            for _, future in window:
                future.cancel()

    def _submit(self, batch: list[Any]) -> Any:
        items = [as_source(document) for document in batch]
        return self.client.submit(_extract_items, self._recipe, items, pure=False)

    def _collect(self, batch: list[Any], future: Any, retried: bool = False) -> Iterator[Result]:
        try:
            found = future.result()
        except WorkerStartError:
            raise
        except Exception as exc:
            if not retried:   # once more, each document alone: the one that kills a worker is found
                for document in batch:
                    yield from self._collect([document], self._submit([document]), retried=True)
                return
            what = "the worker died while processing it, twice" if _worker_died(exc) else "failed on the cluster"
            yield Result(batch[0], error=f"{what} ({_one_line(exc)})")
            return
        for document, (_, events, error) in zip(batch, found):
            yield Result(document, events=events, error=error)


def _same(recipe: WorkerRecipe) -> WorkerRecipe:
    return recipe


def _warm_up(recipe: WorkerRecipe) -> int:
    worker_extractor(recipe)
    return os.getpid()


def _worker_died(exc: BaseException) -> bool:
    from distributed import KilledWorker

    return isinstance(exc, (KilledWorker, OSError)) or "CommClosed" in type(exc).__name__


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def extract_many(extractor: Extractor, documents: Iterable[Any], scheduler: str | Client) -> Iterator[Result]:
    """Yield a Result per document, in input order, extracted on the Dask cluster ``scheduler``
    (see :func:`connect`); the cluster is closed at the end if it was started here."""
    with ClusterRunner(extractor, scheduler) as runner:
        yield from runner.extract_many(documents)


__all__ = [
    "ClusterError", "ClusterRunner", "WorkerRecipe", "WorkerStartError", "connect", "events_dataframe",
    "events_frame", "extract_bag", "extract_many", "read_bag", "recipe_of", "results_bag",
]
