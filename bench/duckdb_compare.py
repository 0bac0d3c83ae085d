"""The page's aggregate queries on DuckDB beside SQLite, on the same rows (issue 13 asks to
consider DuckDB for the aggregates).

``.venv/bin/python -m bench.duckdb_compare [--sizes 100000] [--repeat 3]``; also the "duckdb"
section of ``make bench`` (``BENCH_FULL=1`` adds 1,000,000). For each size, the bench store of
:func:`bench.store_speed.store_of` is read; its ``facts`` table is copied into an in-memory
DuckDB database (through pandas, timed: DuckDB's SQLite reader is an extension it downloads,
which an offline machine cannot); then the same questions are asked of both engines through
the same code, :class:`~incidents.store.queries.SqlQueries` (figures, month counts, one table
page, map points, grid): a page update per filter, median of ``--repeat`` warm runs. The
ratio is SQLite's time over DuckDB's (above 1: DuckDB is faster).

Text search is left out (DuckDB's full-text search is another extension to download).
DuckDB is a development dependency only (``requirements-dev.txt``); when it is missing the
section says so.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from bench.store_speed import BAGHDAD_BOX, QUERIES, median_time, store_of
from incidents.store import IncidentFilter, IncidentStore
from incidents.store import sql as store_sql
from incidents.store.queries import SqlQueries

DEFAULT_SIZES = (100_000,)
FULL_SIZES = (100_000, 1_000_000)
FILTERS: dict[str, IncidentFilter] = {
    "none": IncidentFilter(),
    "month": IncidentFilter(months=("2021-03",)),
    "date range": IncidentFilter(start="2022-01-01", end="2022-03-31"),
    "type": IncidentFilter(types=("air/drone strike",)),
    "origin": IncidentFilter(origins=("acled",)),
    "bounds": IncidentFilter(bounds=BAGHDAD_BOX),
}


def _no_text(words: Any) -> tuple[str, list[Any]]:  # pragma: no cover - never asked
    raise NotImplementedError("DuckDB's full-text search is an extension (not offline)")


DUCKDB = store_sql.Dialect(
    param="?",
    text_match=_no_text,
    cell=lambda column, size: f"CAST(FLOOR(({column} + 180.0) / {size}) AS INTEGER)",
)


class DuckFacts(SqlQueries):
    """The page's queries on a DuckDB copy of a store's ``facts``."""

    _dialect = DUCKDB

    def __init__(self, con: Any) -> None:
        self._con = con

    @contextlib.contextmanager
    def _reading(self, doing: str) -> Iterator[Any]:
        yield self._con.cursor()


def copy_facts(path: Path) -> tuple[Any, float]:
    """An in-memory DuckDB database holding ``path``'s ``facts``; and the seconds it took."""
    import duckdb
    import pandas as pd

    started = time.perf_counter()
    with contextlib.closing(sqlite3.connect(path)) as con:
        frame = pd.read_sql_query("SELECT * FROM facts", con)
    duck = duckdb.connect()
    duck.register("frame", frame)
    duck.execute("CREATE TABLE facts AS SELECT * FROM frame")
    duck.unregister("frame")
    return duck, time.perf_counter() - started


def _update(store: SqlQueries, flt: IncidentFilter) -> None:
    for call in QUERIES.values():
        call(store, flt)  # type: ignore[arg-type]


def _same_answers(sqlite: SqlQueries, duck: SqlQueries, flt: IncidentFilter) -> bool:
    """Both engines give the same figures and month counts (the bench compares like for like)."""
    return sqlite.figures(flt) == duck.figures(flt) and sqlite.month_counts(
        flt
    ) == duck.month_counts(flt)


def measure(sizes: tuple[int, ...], *, repeat: int) -> str:
    try:
        import duckdb
    except ImportError:
        return "DuckDB is not installed (`make setup` installs requirements-dev.txt)."
    lines = [
        f"DuckDB {duckdb.__version__} (in memory) beside SQLite {sqlite3.sqlite_version} (the "
        "store's file, a fresh connection per call): one page update (figures + month counts + "
        "table page + points + grid), median of warm runs, ms; ratio = SQLite / DuckDB.",
        "",
        "| incidents | filter | SQLite | DuckDB | ratio | same answers |",
        "|---:|---|---:|---:|---:|---|",
    ]
    loads = []
    for size in sizes:
        path = store_of(size)
        sqlite_store = IncidentStore(path)
        duck, load_s = copy_facts(path)
        loads.append(f"{size:,}: {load_s:.1f} s")
        duck_store = DuckFacts(duck)
        for name, flt in FILTERS.items():
            lite = median_time(partial(_update, sqlite_store, flt), repeat)
            ducked = median_time(partial(_update, duck_store, flt), repeat)
            same = _same_answers(sqlite_store, duck_store, flt)
            lines.append(
                f"| {size:,} | {name} | {lite * 1000:,.0f} | {ducked * 1000:,.0f} "
                f"| {lite / ducked:.1f}× | {'yes' if same else 'NO'} |"
            )
        duck.close()
    lines += ["", "Copying `facts` into DuckDB (pandas): " + ", ".join(loads) + "."]
    return "\n".join(lines)


def section(*, full: bool = False) -> str:
    return measure(FULL_SIZES if full else DEFAULT_SIZES, repeat=3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.duckdb_compare")
    parser.add_argument("--sizes", default="")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.sizes:
        sizes = tuple(int(s) for s in args.sizes.split(","))
    else:
        sizes = FULL_SIZES if os.environ.get("BENCH_FULL") == "1" else DEFAULT_SIZES
    sys.stdout.write(measure(sizes, repeat=args.repeat) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
