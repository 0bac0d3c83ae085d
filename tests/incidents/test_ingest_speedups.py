"""What makes the ingest cheaper without changing what it finds: the resolver's answers
remembered in memory (the same answers, the cache file asked once), the loaded pipelines set
aside from the garbage collector's full collections."""

from __future__ import annotations

import gc

from geo.resolve import build_resolver
from incidents import ingest
from incidents.pipeline import LazyPipelines, MemoResolver
from tests.common import gazetteer


class CountingCache:
    """The real geocache, counting the reads."""

    def __init__(self, cache) -> None:
        self._cache = cache
        self.reads = 0

    def get(self, key):
        self.reads += 1
        return self._cache.get(key)

    def __getattr__(self, name):
        return getattr(self._cache, name)


class NoAnswer:
    """An online service that is down: never answers."""

    def __init__(self) -> None:
        self.asked = 0

    def lookup(self, query, *, country_code=None):
        self.asked += 1
        return False, None


def test_a_name_asked_again_is_answered_from_memory_with_the_same_place(tmp_path):
    resolver = build_resolver(cache_path=tmp_path / "geocache.sqlite", online=False)
    resolver.cache = counting = CountingCache(resolver.cache)
    memo = MemoResolver(resolver)
    first = memo.resolve("Bamako", country_hint="ML")
    again = memo.resolve("Bamako", country_hint="ML")
    assert first is not None and first.country_code == "ML"
    assert again == first and counting.reads == 1
    assert memo.resolve("Bamako") == resolver.resolve("Bamako")  # another request: asked
    assert memo.resolve("Xqzvwplk") is None and memo.resolve("Xqzvwplk") is None
    assert memo.unresolved == ("Xqzvwplk",)  # the wrapped resolver's, through the memo


def test_the_memory_starts_again_when_full(tmp_path):
    resolver = build_resolver(cache_path=tmp_path / "geocache.sqlite", online=False)
    resolver.cache = counting = CountingCache(resolver.cache)
    memo = MemoResolver(resolver, size=2)
    for name in ("Bamako", "Gao", "Mopti", "Bamako"):
        memo.resolve(name)
    assert counting.reads == 4  # Bamako was forgotten when Mopti came


def test_a_resolver_with_the_online_service_is_asked_every_time(tmp_path):
    resolver = build_resolver(cache_path=tmp_path / "geocache.sqlite", online=False)
    resolver.cache = counting = CountingCache(resolver.cache)
    resolver.online = online = NoAnswer()
    memo = MemoResolver(resolver)
    memo.resolve("Xqzvwplk")
    memo.resolve("Xqzvwplk")
    assert counting.reads == 2 and online.asked == 2  # not answered: asked again


def test_a_worker_given_another_geocache_caches_there_and_keeps_its_pipelines(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(ingest, "_resources", None)
    monkeypatch.setattr(ingest, "_geocache", None)
    ingest.init_worker(str(tmp_path / "first.sqlite"), preload=False)
    assert ingest._resources is not None
    pipelines, first = ingest._resources
    ingest.init_worker(str(tmp_path / "second.sqlite"), preload=False)
    assert ingest._resources[0] is pipelines and ingest._resources[1] is not first
    assert ingest._resources[1].cache.path == tmp_path / "second.sqlite"
    ingest.init_worker(str(tmp_path / "second.sqlite"), preload=False)
    assert ingest._resources[1] is not first


def test_a_loaded_pipeline_is_left_out_of_the_full_collections():
    before = gc.get_freeze_count()
    nlp = LazyPipelines(gazetteer())["en"]
    assert gc.get_freeze_count() > before
    assert not gc.is_tracked(nlp) or nlp not in gc.get_objects(generation=2)


class ListRunner:
    """A runner whose batches' results are made already: each batch is its files' articles."""

    workers = 1

    def __init__(self) -> None:
        self.batches_run = 0

    def run(self, file_batches):
        from incidents.article import article_from_text
        from incidents.pipeline import Result

        for batch in file_batches:
            self.batches_run += 1
            yield [
                Result(f.path, article_from_text(f.path, source=f.path, language="en"))
                for f in batch
            ]

    def close(self) -> None:
        pass


class RecordingStore:
    """Stores nothing; records the thread of each call; fails as a whole on call ``fail_at``."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.threads: list[str] = []
        self.fail_at = fail_at

    def ingest_many(self, items, *, doing=""):
        import threading

        from incidents.errors import StoreCorruptError

        self.threads.append(threading.current_thread().name)
        if len(self.threads) == self.fail_at:
            raise StoreCorruptError("damaged")
        return [0 for _ in items]


def _article_files(tmp_path, count):
    paths = []
    for k in range(count):
        path = tmp_path / f"a{k:03d}.txt"
        path.write_text(f"Article number {k} tells nothing of note.\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_batches_are_stored_by_a_thread_in_order_while_the_next_is_extracted(tmp_path):
    from incidents.ingest import ingest_paths

    store, seen = RecordingStore(), []
    summary = ingest_paths(
        _article_files(tmp_path, 10), store=store, runner=ListRunner(), batch_size=3,
        on_batch=seen.append,
    )  # fmt: skip
    assert summary.articles == 10 and summary.failed == 0
    assert [len(s.results) for s in seen] == [3, 3, 3, 1]
    assert [path for s in seen for path, _ in s.results] == sorted(
        str(p) for p in tmp_path.glob("*.txt")
    )
    assert set(store.threads) and all(name.startswith("ingest-store") for name in store.threads)


def test_a_damaged_store_stops_the_run_at_the_next_batch(tmp_path):
    import pytest

    from incidents.errors import StoreCorruptError
    from incidents.ingest import ingest_paths

    runner = ListRunner()
    with pytest.raises(StoreCorruptError):
        ingest_paths(
            _article_files(tmp_path, 12), store=RecordingStore(fail_at=2), runner=runner,
            batch_size=2,
        )  # fmt: skip
    assert runner.batches_run <= 3  # the failing second batch, and at most one more extracted
