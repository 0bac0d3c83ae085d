"""Ingest many article files: read here, extracted in batches by workers, stored from here.

::

    paths ──read_file──▶ batches of ArticleFile ──runner──▶ lists of Result ──▶ store.ingest_many
          (this process)                    (workers: pipelines loaded once)   (this process, the
                                                                                 single writer)

A runner turns batches of files into their results, each batch's list as soon as it is done,
in any order (:meth:`Runner.run`):

- :class:`InProcess`: this process (``--workers 1``, or a run of a single batch);
- :class:`ProcessPool`: worker processes on this machine (``--workers N``; stdlib
  ``concurrent.futures``), each loading the language pipelines and the gazetteer once, in its
  initializer;
- :class:`DaskRunner`: the workers of a Dask cluster (``--dask tcp://scheduler:8786``, or
  ``--dask local``: a ``LocalCluster`` of worker processes on this machine), each loading them
  once through a worker plugin (:class:`ExtractionPlugin`). The tasks of a worker lost
  mid-run are run again by Dask on another; a batch that fails for good (its workers kept
  dying) is reported, article by article, and the run goes on.

Every worker caches the geocoder's answers in the same SQLite file (WAL mode, several
processes at once): a name one worker resolved is a cache hit for the others. The results are
stored by this process only, one transaction per batch; the store's ingest is idempotent (an
article is keyed on its content hash, an incident on its id), so a batch computed twice is
stored once.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from incidents.article import preload_language_models
from incidents.errors import IncidentsError, StoreCorruptError
from incidents.model import Article, Incident
from incidents.pipeline import (
    BATCH_SIZE,
    ArticleFile,
    Result,
    load_resources,
    process_files,
    read_file,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

PLUGIN_NAME = "incidents-extraction"


def default_workers() -> int:
    """The number of cores this process may run on (``--workers``' default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- what runs in a worker --------------------------------------------------------------------

_resources: tuple[Any, Any] | None = None
_geocache: str | None = None  # the cache file of ``_resources``' resolver


def init_worker(geocache: str | None, preload: bool = True) -> None:
    """Load this process's pipelines (lazily, per language) and gazetteer, with the geocoder
    caching in ``geocache``: once per worker process (a later call with another ``geocache``
    keeps the pipelines and builds a resolver caching there). ``preload`` loads every model of
    the language detector now (a worker reads many articles; see
    :func:`incidents.article.preload_language_models`)."""
    global _resources, _geocache
    if _resources is None:
        _resources = load_resources(geocache=geocache)
        log.debug("worker %d: resources loaded", os.getpid())
    elif geocache != _geocache:
        _resources = (_resources[0], load_resources(geocache=geocache)[1])
        log.debug("worker %d: resolver caching in %s", os.getpid(), geocache)
    _geocache = geocache
    if preload:
        preload_language_models()


def extract_batch(files: Sequence[ArticleFile]) -> list[Result]:
    """The results of a batch of files, with this process's resources (:func:`init_worker`)."""
    if _resources is None:
        raise RuntimeError("extract_batch in a process whose worker resources were not loaded")
    nlp_by_language, resolver = _resources
    return process_files(files, nlp_by_language=nlp_by_language, resolver=resolver)


def _warm_up(files: Sequence[ArticleFile], barrier: Any = None) -> int:
    """Load what the first articles need (their language's pipeline) before the clock runs;
    then wait at ``barrier`` (if any) until every worker has, so each worker gets one."""
    extract_batch(files)
    if barrier is not None:
        barrier.wait(timeout=600)
    return os.getpid()


# -- runners ------------------------------------------------------------------------------------


class Runner(Protocol):
    """Turns batches of files into their results, each batch's as soon as it is done."""

    workers: int

    def run(self, file_batches: Iterable[list[ArticleFile]]) -> Iterator[list[Result]]: ...

    def close(self) -> None: ...


def _lost(batch: Sequence[ArticleFile], err: BaseException) -> list[Result]:
    """The results of a batch whose worker failed for good: each article says why."""
    return [Result(file.path, error=f"worker failed, article not read: {err!r}") for file in batch]


@dataclass
class InProcess:
    """Extract in this process (the pipelines are loaded on first use; the language
    detector's models too unless ``preload``)."""

    geocache: str | None = None
    workers: int = 1
    preload: bool = False

    def run(self, file_batches: Iterable[list[ArticleFile]]) -> Iterator[list[Result]]:
        init_worker(self.geocache, self.preload)
        for batch in file_batches:
            yield extract_batch(batch)

    def close(self) -> None:
        pass


@dataclass
class ProcessPool:
    """Extract in ``workers`` processes of this machine, each loading its resources once.

    Processes are started with ``spawn`` (no copy of this process's threads or open files);
    at most two batches per worker are in flight, so a long archive is read as it goes.
    """

    workers: int
    geocache: str | None = None
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=init_worker,
                initargs=(self.geocache,),
            )
        return self._pool

    def warm_up(self, files: Sequence[ArticleFile]) -> None:
        """Start every worker and load its pipelines on ``files`` (each worker once: a worker
        that is done waits at a barrier for the others, so it takes no second turn)."""
        import multiprocessing

        pool = self._executor()
        with multiprocessing.get_context("spawn").Manager() as manager:
            barrier = manager.Barrier(self.workers)
            futures = [pool.submit(_warm_up, files, barrier) for _ in range(self.workers)]
            for future in futures:
                future.result()

    def run(self, file_batches: Iterable[list[ArticleFile]]) -> Iterator[list[Result]]:
        pool = self._executor()
        pending: dict[Future, list[ArticleFile]] = {}
        source = iter(file_batches)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < 2 * self.workers:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                pending[pool.submit(extract_batch, batch)] = batch
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                batch = pending.pop(future)
                try:
                    results = future.result()
                except Exception as err:  # a worker died (BrokenProcessPool): its articles say so
                    log.warning("a batch of %d articles failed", len(batch), exc_info=True)
                    results = _lost(batch, err)
                yield results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class ExtractionPlugin:
    """Dask worker plugin: each worker loads the pipelines and the gazetteer once, at start
    (and a worker that replaces a lost one does the same)."""

    name = PLUGIN_NAME

    def __init__(self, geocache: str | None) -> None:
        self.geocache = geocache

    def setup(self, worker: Any) -> None:
        init_worker(self.geocache)

    def teardown(self, worker: Any) -> None:
        pass


@dataclass
class DaskRunner:
    """Extract on the workers of a Dask cluster.

    Parameters
    ----------
    address : str
        A scheduler's address (``tcp://host:8786``) or ``local`` for a ``LocalCluster`` of
        ``workers`` processes (one thread each) on this machine, closed with the runner.
    workers : int
        Workers of the local cluster; for a remote one, read from the scheduler.
    geocache : str, optional
        The geocoder's cache file as the workers see it (a path on their machine).
    retries : int
        Times Dask runs again a batch whose task raised (a lost worker's tasks are rescheduled
        by Dask itself, up to its ``allowed-failures``).
    quiet : bool
        Dask's own log at WARNING (it tells every worker's start and stop at INFO).
    """

    address: str
    workers: int = 2
    geocache: str | None = None
    retries: int = 2
    quiet: bool = True
    client: Any = field(default=None, init=False, repr=False)
    cluster: Any = field(default=None, init=False, repr=False)

    def _client(self) -> Any:
        if self.client is None:
            from distributed import Client, LocalCluster

            if self.quiet:  # set once Dask is imported: its configuration sets it at import
                logging.getLogger("distributed").setLevel(logging.WARNING)
            if self.address == "local":
                self.cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: runs side by side never clash
                    silence_logs=logging.WARNING,
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.address)
                self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
            self.client.register_plugin(_dask_plugin(self.geocache), name=PLUGIN_NAME)
        return self.client

    def warm_up(self, files: Sequence[ArticleFile]) -> None:
        """Load every worker's pipelines on ``files``."""
        client = self._client()
        client.run(_warm_up, list(files))

    def worker_pids(self) -> dict[str, int]:
        """Each worker's address and process id (a test stops one)."""
        return dict(self._client().run(os.getpid))

    def run(self, file_batches: Iterable[list[ArticleFile]]) -> Iterator[list[Result]]:
        from distributed import as_completed

        client = self._client()
        source = iter(file_batches)
        batch_of: dict[str, list[ArticleFile]] = {}

        def submit() -> Any | None:
            batch = next(source, None)
            if batch is None:
                return None
            future = client.submit(extract_batch, batch, pure=False, retries=self.retries)
            batch_of[future.key] = batch
            return future

        first = [f for f in (submit() for _ in range(2 * self.workers)) if f is not None]
        completed = as_completed(first, with_results=False)
        for future in completed:
            batch = batch_of.pop(future.key)
            try:
                results = future.result()
            except Exception as err:  # the batch failed for good (KilledWorker...)
                log.warning("a batch of %d articles failed on Dask", len(batch), exc_info=True)
                results = _lost(batch, err)
            yield results
            future.release()
            following = submit()
            if following is not None:
                completed.add(following)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


def _dask_plugin(geocache: str | None) -> Any:
    """An :class:`ExtractionPlugin` that is a ``distributed.WorkerPlugin`` (imported late:
    Dask is only loaded when asked for)."""
    from distributed import WorkerPlugin

    class _Plugin(ExtractionPlugin, WorkerPlugin):
        pass

    return _Plugin(geocache)


# -- the parent: reading and storing --------------------------------------------------------------


class BatchStore(Protocol):
    """What ingesting needs of a store (``IncidentStore`` or another backend)."""

    def ingest_many(
        self, items: Iterable[tuple[Article, Iterable[Incident]]], *, doing: str = ...
    ) -> list[int | IncidentsError]: ...


@dataclass(frozen=True)
class Stored:
    """What storing one batch did: per article, its path and error (None when stored)."""

    results: tuple[tuple[str, str | None], ...]
    added: int

    @property
    def failed(self) -> int:
        return sum(error is not None for _, error in self.results)


@dataclass(frozen=True)
class IngestSummary:
    """What a whole run did."""

    articles: int
    failed: int
    added: int


def store_results(store: BatchStore, results: Sequence[Result]) -> Stored:
    """Store the articles of ``results`` that were read, in one transaction.

    An article the store refuses (another text under its name) is that article's error. A
    store that fails as a whole (locked past its timeout, a full disk) fails every article of
    the batch, and the run goes on; a damaged store raises
    :class:`~incidents.errors.StoreCorruptError`: every later batch would fail the same way.
    """
    readable = [r for r in results if r.ok and r.article is not None]
    errors: dict[str, str | None] = {r.path: r.error for r in results}
    added = 0
    try:
        outcomes = store.ingest_many(
            [(r.article, r.incidents) for r in readable if r.article is not None],
            doing=f"storing a batch of {len(readable)} articles",
        )
    except StoreCorruptError:
        raise
    except IncidentsError as err:
        outcomes = [err] * len(readable)
    for result, outcome in zip(readable, outcomes, strict=True):
        if isinstance(outcome, IncidentsError):
            errors[result.path] = str(outcome)
        else:
            added += outcome
    return Stored(tuple((r.path, errors[r.path]) for r in results), added)


def ingest_paths(
    paths: Sequence[str | Path],
    *,
    store: BatchStore,
    runner: Runner,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[Stored], None] | None = None,
) -> IngestSummary:
    """Read, extract (with ``runner``) and store the article files ``paths``.

    Batches hold at most ``batch_size`` files, fewer when that spreads a short run over every
    worker, and smaller towards the end of a run on several workers
    (:func:`batch_sizes`). ``on_batch`` is called after each batch is stored (progress, errors),
    in this thread and in order.

    Each batch is stored by a thread of this process while the runner works on the next (with
    an in-process runner, the next batch's extraction): the store waits on its file (a commit's
    sync, SQLite's checkpoint) without holding up the extraction. At most one batch is being
    stored at a time, and a store that fails as a whole raises here before the batch after
    next is stored.
    """
    sizes = batch_sizes(len(paths), workers=runner.workers, batch_size=batch_size)
    file_batches = ([read_file(path) for path in chunk] for chunk in cut(paths, sizes))
    articles = failed = added = 0

    def count(stored: Stored) -> None:
        nonlocal articles, failed, added
        articles += len(stored.results)
        failed += stored.failed
        added += stored.added
        if on_batch is not None:
            on_batch(stored)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-store") as writer:
        storing: Future[Stored] | None = None
        for results in runner.run(file_batches):
            if storing is not None:
                count(storing.result())
            storing = writer.submit(store_results, store, results)
        if storing is not None:
            count(storing.result())
    return IngestSummary(articles, failed, added)


def batch_size_for(count: int, *, workers: int, batch_size: int = BATCH_SIZE) -> int:
    """At most ``batch_size``, and as even as can be over the workers: ``count`` articles in
    whole rounds of one batch per worker.

    200 articles on 2 workers at most 32 a batch are 8 batches of 25 (4 each), not 7 of 32
    (and 8), where one worker has a fourth batch to do while the other waits: the run's last
    eighth on one core.
    """
    workers = max(1, workers)
    rounds = max(1, math.ceil(count / (workers * batch_size)))
    return max(1, min(batch_size, math.ceil(count / (workers * rounds))))


MIN_BATCH = 8
"""The smallest batch :func:`batch_sizes` cuts for several workers (the end of a run)."""


def batch_sizes(count: int, *, workers: int, batch_size: int = BATCH_SIZE) -> list[int]:
    """The sizes of the batches ``count`` articles are cut into, in order.

    One worker: batches of :func:`batch_size_for`'s size. Several: each batch holds a
    ``2 * workers``-th of the articles left (at most ``batch_size``, at least
    :data:`MIN_BATCH`; the last ``workers`` batches share what is left evenly), so the batches
    shrink as the run ends and the workers finish
    together: the time of one batch differs from another's by three times on the bench's
    articles (casualty-dense ones cost more than their length), so with even batches one
    worker could still be on its last while the other had long finished (200 articles in 8
    batches of 25 on 2 workers: 1.8 s of CPU on one, 1.4 s on the other).
    """
    if workers <= 1:
        size = batch_size_for(count, workers=1, batch_size=batch_size)
        return [min(size, count - start) for start in range(0, count, size)]
    sizes = []
    left = count
    while left > workers * MIN_BATCH:
        sizes.append(min(batch_size, max(MIN_BATCH, math.ceil(left / (2 * workers)))))
        left -= sizes[-1]
    # the last round: what is left, as even as can be over the workers
    last = min(workers, left)
    return sizes + [left // last + (k < left % last) for k in range(last)] if left else sizes


def cut(items: Sequence[T], sizes: Iterable[int]) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of ``sizes`` (those of :func:`batch_sizes`)."""
    start = 0
    for size in sizes:
        yield items[start : start + size]
        start += size
