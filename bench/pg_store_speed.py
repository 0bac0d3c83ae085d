"""The store's queries on PostgreSQL + PostGIS beside the same queries on SQLite.

``.venv/bin/python -m bench.pg_store_speed [--sizes 1000,10000,100000] [--repeat 3]``, or as a
section of ``make bench`` (:func:`section`; ``BENCH_FULL=1`` adds 1,000,000). A throwaway
PostGIS server is started for the run (``tests.pgserver``, fsync on, Debian's defaults but
``shared_buffers``), stopped and removed at the end.

Each size gets a database loaded with the same synthetic incidents as the SQLite bench store
(:mod:`bench.make_store`, same seed): rows bulk-copied, ``facts`` made by the store's own
functions (partitions per month, the tsvector, same-event groups over the whole store), then
``ANALYZE``. Each query is timed warm (median of ``--repeat`` runs) through
:class:`~incidents.store.postgres.PostgresStore` (pooled connections), beside the same call on
the SQLite store of that size in the same run, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import psycopg

from bench.make_store import incidents as synthetic
from bench.store_speed import DEFAULT_SIZES, FILTERS, FULL_SIZES, QUERIES, median_time, store_of
from incidents.model import Article, Incident
from incidents.store import IncidentFilter, IncidentStore
from incidents.store import sql as store_sql
from incidents.store.events import Report, group_reports
from incidents.store.postgres import PostgresStore, tsvector_literal
from tests.pgserver import new_database, throwaway_postgis

_COLUMNS = ", ".join((*store_sql.FACT_COLUMNS, "tsv"))
REPORT_COLUMNS = ("id", "source", "event_type", "date", "date_precision", "lat", "lon", "killed")


def write_pg_store(url: str, n: int, *, seed: int = 13) -> dict[str, float]:
    """Load ``n`` synthetic incidents into the empty database at ``url``; return timings."""
    store = PostgresStore(url)  # the schema, at the current version
    store.close()
    started = time.perf_counter()
    months: set[str] = set()
    month_at = store_sql.FACT_COLUMNS.index("month")
    with psycopg.connect(url) as con:
        # The bulk load writes facts itself: the triggers that note stale rows stay off.
        con.execute("SET session_replication_role = replica")
        with con.cursor() as cur:
            rows = list(synthetic(n, seed=seed))
            facts = [
                store_sql.fact_values(incident, tbl=table, source=incident.source)
                for incident, table in rows
            ]
            months = {str(row[month_at]) for row in facts if row[month_at]}
            PostgresStore._ensure_partitions(con, months)
            seen: set[str] = set()
            with cur.copy("COPY articles FROM STDIN") as copy:
                for incident, table in rows:
                    if table == "incidents" and incident.source not in seen:
                        seen.add(incident.source)
                        copy.write_row(
                            (incident.source, incident.source, incident.language, None, None,
                             incident.quote, "2024-01-01T00:00:00+00:00")
                        )  # fmt: skip
            with cur.copy("COPY incidents FROM STDIN") as copy:
                for incident, table in rows:
                    if table == "incidents":
                        copy.write_row(
                            (incident.id, incident.source, incident.source, incident.month,
                             incident.event_type, json.dumps(incident.to_dict()))
                        )  # fmt: skip
            with cur.copy("COPY coded_events FROM STDIN") as copy:
                for incident, table in rows:
                    if table == "coded_events":
                        copy.write_row(
                            (incident.id, "acled", incident.source, incident.month,
                             incident.event_type, json.dumps(incident.to_dict()))
                        )  # fmt: skip
            with cur.copy(f"COPY facts ({_COLUMNS}) FROM STDIN") as copy:
                for row in facts:
                    copy.write_row((*row, tsvector_literal(row)))
            rows_s = time.perf_counter() - started
            at = {c: i for i, c in enumerate(store_sql.FACT_COLUMNS)}
            standing = group_reports(
                (
                    str(row[at["bucket"]]),
                    Report(*(row[at[c]] for c in REPORT_COLUMNS)),
                )
                for row in facts
                if row[at["bucket"]] is not None and row[at["lat"]] is not None
            )
            cur.execute('CREATE TEMP TABLE groups (id TEXT COLLATE "C", stands TEXT)')
            with cur.copy("COPY groups FROM STDIN") as copy:
                for key, stands in standing.items():
                    copy.write_row((key, stands))
            cur.execute("UPDATE facts f SET event_group = g.stands FROM groups g WHERE g.id = f.id")
        con.commit()
    groups_s = time.perf_counter() - started - rows_s
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("VACUUM ANALYZE")
    return {"rows": rows_s, "groups": groups_s, "total": time.perf_counter() - started}


WRITE_ARTICLES = 3000
WRITE_BATCH = 32


def write_speed(url: str, sqlite_path: Path, *, articles: int = WRITE_ARTICLES) -> dict[str, float]:
    """Articles stored per second through ``ingest_many`` (batches of 32, as the ingest
    command writes), one writer, into a fresh PostGIS store and a fresh SQLite file."""
    by_article: dict[str, list[Incident]] = {}
    for incident, table in synthetic(articles * 4):
        if table == "incidents":
            by_article.setdefault(incident.source, []).append(incident)
    items = [
        (Article(source, f"Text of {source}.", "en", None, None, source), rows)
        for source, rows in list(by_article.items())[:articles]
    ]
    speeds = {}
    stores: tuple[tuple[str, Any], ...] = (
        ("pg", PostgresStore(url)),
        ("sqlite", IncidentStore(sqlite_path)),
    )
    for key, store in stores:
        started = time.perf_counter()
        for start in range(0, len(items), WRITE_BATCH):
            batch = items[start : start + WRITE_BATCH]
            if hasattr(store, "ingest_many"):
                store.ingest_many(batch)
            else:  # a SQLite store before ingest_many: one transaction per article
                for article, rows in batch:
                    store.ingest(article, rows)
        speeds[key] = len(items) / (time.perf_counter() - started)
        if isinstance(store, PostgresStore):
            store.close()
    return speeds


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def _size_mb(url: str) -> float:
    with psycopg.connect(url) as con:
        row = con.execute("SELECT pg_database_size(current_database())").fetchone()
    return (row[0] if row else 0) / 1e6


def measure(sizes: tuple[int, ...], *, repeat: int) -> str:
    """The section's markdown: PostGIS and SQLite query times per filter, and their ratio."""
    pg: dict[tuple[str, str, int], float] = {}
    lite: dict[tuple[str, str, int], float] = {}
    loads: dict[int, dict[str, float]] = {}
    sizes_mb: dict[int, float] = {}
    with throwaway_postgis(durable=True, shared_buffers="1GB") as template:
        with tempfile.TemporaryDirectory() as folder:
            writes = write_speed(new_database(template), Path(folder) / "write.sqlite")
        for size in sizes:
            url = new_database(template, name=f"bench_{size}")
            _say(f"pg_store_speed: loading {size:,} incidents…")
            loads[size] = write_pg_store(url, size)
            sizes_mb[size] = _size_mb(url)
            stores: dict[str, Any] = {
                "pg": PostgresStore(url),
                "sqlite": IncidentStore(store_of(size)),
            }
            for fname, flt in FILTERS.items():
                for key, store in stores.items():
                    into = pg if key == "pg" else lite
                    into["figures", fname, size] = median_time(partial(store.figures, flt), repeat)
                    into["update", fname, size] = sum(
                        median_time(partial(call, store, flt), repeat) for call in QUERIES.values()
                    )
            for qname, call in QUERIES.items():
                for key, store in stores.items():
                    into = pg if key == "pg" else lite
                    into[qname, "none", size] = median_time(
                        partial(call, store, IncidentFilter()), repeat
                    )
            stores["pg"].close()
            _say(f"pg_store_speed: {size:,} done")
    lines = [
        "Median of warm runs, ms. `pg` = PostgreSQL 15 + PostGIS 3 on this machine (a throwaway"
        " cluster, fsync on, shared_buffers 1 GB, pooled connections over localhost TCP);"
        " `sqlite` = the same store in SQLite, same rows, same run; ratio = pg / sqlite"
        " (above 1: PostGIS slower). `page update` = figures + month_counts + one table page +"
        " map points (≤5000) + grid.",
        "",
        "| filter | "
        + " | ".join(
            f"{n:,}: pg figures | {n:,}: pg update | {n:,}: sqlite update (ratio)" for n in sizes
        )
        + " |",
        "|---|" + "---|---|---|" * len(sizes),
    ]
    for fname in FILTERS:
        cells = []
        for n in sizes:
            update, base = pg["update", fname, n], lite["update", fname, n]
            cells += [
                _ms(pg["figures", fname, n]),
                _ms(update),
                f"{_ms(base)} ({update / base:,.1f}×)",
            ]
        lines.append(f"| {fname} | " + " | ".join(cells) + " |")
    lines += ["", "Unfiltered, per query (ms, pg / sqlite):", ""]
    lines.append("| query | " + " | ".join(f"{n:,}" for n in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for qname in QUERIES:
        lines.append(
            f"| {qname} | "
            + " | ".join(
                f"{_ms(pg[qname, 'none', n])} / {_ms(lite[qname, 'none', n])}" for n in sizes
            )
            + " |"
        )
    lines += [
        "",
        f"Writes, one writer, {WRITE_ARTICLES:,} articles of ~3 incidents in batches of "
        f"{WRITE_BATCH} through `ingest_many` (upserts, facts and same-event groups kept in the "
        f"same transaction): pg {writes['pg']:,.0f} articles/s, sqlite "
        f"{writes['sqlite']:,.0f} articles/s (ratio {writes['pg'] / writes['sqlite']:.2f}).",
        "",
        "Bulk load (COPY of articles, incidents, facts with their tsvector; same-event groups "
        "over the whole store; VACUUM ANALYZE) and database size: "
        + "; ".join(
            f"{n:,}: {loads[n]['total']:,.1f} s (rows {loads[n]['rows']:,.1f} s, groups "
            f"{loads[n]['groups']:,.1f} s), {sizes_mb[n]:,.0f} MB"
            for n in sizes
        )
        + ".",
    ]
    return "\n".join(lines)


def section(*, full: bool = False) -> str:
    """The PostGIS section of ``make bench``."""
    return measure(FULL_SIZES if full else DEFAULT_SIZES, repeat=3)


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pg_store_speed")
    parser.add_argument("--sizes", default=None, help="comma-separated, e.g. 1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    full = os.environ.get("BENCH_FULL") == "1"
    sizes = (
        tuple(int(s) for s in args.sizes.split(","))
        if args.sizes
        else (FULL_SIZES if full else DEFAULT_SIZES)
    )
    sys.stdout.write(measure(sizes, repeat=args.repeat) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
