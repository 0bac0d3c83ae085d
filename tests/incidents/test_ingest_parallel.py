"""Ingest with several processes: worker processes (``--workers``) and Dask (``--dask local``)
store what a single process stores, and a Dask worker killed mid-run loses no article; the Dask
ingests on both store backends (a SQLite file, a PostGIS database)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import sample_articles, write_articles
from incidents.ingest import DaskRunner, InProcess, Stored, ingest_paths
from incidents.pipeline import article_paths
from incidents.store import IncidentStore, open_store
from tests.common import DEVSET, REPO


def stored(target: str | Path) -> tuple[list[tuple[str, str]], list[dict]]:
    """The articles (hash, name) and incidents (as dicts) of a store of either backend, sorted."""
    store = open_store(target)
    read = store.read_incidents()
    assert not read.problems
    articles = sorted((article.sha256, article.source) for article in store.articles())
    return articles, sorted((i.to_dict() for i in read.incidents), key=lambda d: d["id"])


def ingest_cli(*args, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "INCIDENT_MAP_GEOCACHE": str(tmp_path / "geocache.sqlite"),
        "INCIDENT_MAP_GEOCODER_ONLINE": "0",
    }
    return subprocess.run(
        [sys.executable, "-m", "incidents", "ingest", *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """60 distinct articles, French and English, cut from the evaluation corpus."""
    folder = tmp_path_factory.mktemp("mixed")
    write_articles(sample_articles(language="fr", count=30), folder)
    write_articles(sample_articles(language="en", count=30), folder)
    return folder


def test_two_worker_processes_store_what_one_process_stores(tmp_path, mixed):
    one = ingest_cli(mixed, "--db", tmp_path / "one.sqlite", "--workers", "1", tmp_path=tmp_path)
    two = ingest_cli(
        mixed, "--db", tmp_path / "two.sqlite", "--workers", "2", "--batch-size", "8",
        tmp_path=tmp_path,
    )  # fmt: skip
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert "60 article(s) read" in two.stderr and "article/s" in two.stderr  # the progress bar
    articles, incidents = stored(tmp_path / "one.sqlite")
    assert len(articles) == 60 and len(incidents) > 20
    assert stored(tmp_path / "two.sqlite") == (articles, incidents)


def test_dask_local_ingests_the_devset_as_a_single_process_does(tmp_path, store_target):
    single = ingest_cli(DEVSET / "articles", "--db", tmp_path / "one.sqlite", "--workers", "1",
                        tmp_path=tmp_path)  # fmt: skip
    dask = ingest_cli(
        DEVSET / "articles", "--db", store_target, "--dask", "local", "--workers", "2",
        "--batch-size", "1", tmp_path=tmp_path,
    )  # fmt: skip
    assert single.returncode == 0 and dask.returncode == 0, single.stderr + dask.stderr
    articles, incidents = stored(tmp_path / "one.sqlite")
    assert len(articles) == len(list((DEVSET / "articles").glob("*.txt"))) and incidents
    assert stored(store_target) == (articles, incidents)


def test_a_dask_worker_killed_mid_run_loses_no_article_and_stores_none_twice(
    tmp_path, store_target
):
    folder = tmp_path / "articles"
    write_articles(sample_articles(language="fr", count=140), folder)
    write_articles(sample_articles(language="en", count=60), folder)
    paths = article_paths([folder])
    assert len(paths) == 200
    geocache = str(tmp_path / "geocache.sqlite")

    reference = IncidentStore(tmp_path / "single.sqlite")
    ingest_paths(paths, store=reference, runner=InProcess(geocache))

    store = open_store(store_target)
    runner = DaskRunner("local", workers=2, geocache=geocache)
    killed: list[int] = []

    def kill_one_worker(batch: Stored) -> None:
        if not killed:  # after the first batch is stored, others are running or queued
            pid = sorted(runner.worker_pids().values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    try:
        summary = ingest_paths(paths, store=store, runner=runner, batch_size=5,
                               on_batch=kill_one_worker)  # fmt: skip
        survivors = set(runner.worker_pids().values())
    finally:
        runner.close()
    assert killed and killed[0] not in survivors  # the worker did die (and was replaced)
    assert (summary.articles, summary.failed) == (200, 0)
    articles, incidents = stored(store_target)
    assert len(articles) == len({sha for sha, _ in articles}) == 200
    assert (articles, incidents) == stored(reference.path)
    assert incidents
