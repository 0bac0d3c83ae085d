"""Time of each filter query of the store at 1k, 10k, 100k (and 1M) incidents.

``.venv/bin/python -m bench.store_speed [--sizes 1000,10000,100000] [--repeat 3]``, or as a
section of ``make bench`` (:func:`section`; ``BENCH_FULL=1`` adds 1,000,000). Stores come from
:mod:`bench.make_store` (``data/bench/store_<N>.sqlite``, made once and kept).

Each query is timed warm (median of ``--repeat`` runs, a fresh connection per call as the page
makes). Beside it, in the same run:

- ``count(*) scan``: ``SELECT COUNT(*) FROM facts``, a plain full scan of the same table;
- ``python``: the question answered as the page did before: every incident read into Python
  (``read_incidents``), then ``filter_incidents`` and ``totals`` (sizes up to 10k by default,
  the unfiltered question at 100k took 540 s in one run: too long to repeat each time).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from bench.make_store import default_path, write_store
from incidents import query
from incidents.model import Incident
from incidents.store import SCHEMA_VERSION, Bounds, IncidentFilter, IncidentStore

DEFAULT_SIZES = (1_000, 10_000, 100_000)
FULL_SIZES = (*DEFAULT_SIZES, 1_000_000)
PYTHON_LIMIT, PYTHON_LIMIT_FULL = 10_000, 10_000
BAGHDAD_BOX = Bounds(32.8, 43.8, 33.8, 44.9)

# name -> (the filter, the store call timed, the same question in Python or None)
Call = Callable[[IncidentStore, IncidentFilter], Any]
FILTERS: dict[str, IncidentFilter] = {
    "month": IncidentFilter(months=("2021-03",)),
    "date range": IncidentFilter(start="2022-01-01", end="2022-03-31"),
    "type": IncidentFilter(types=("air/drone strike",)),
    "actor": IncidentFilter(actors=("JNIM",)),
    "origin": IncidentFilter(origins=("acled",)),
    "casualties ≥ 10": IncidentFilter(min_casualties=10),
    "text": IncidentFilter(text="drone convoy"),
    "bounds": IncidentFilter(bounds=BAGHDAD_BOX),
    "month + type + text": IncidentFilter(
        months=("2021-03", "2021-04"), types=("attack",), text="market"
    ),
    "none": IncidentFilter(),
}
QUERIES: dict[str, Call] = {
    "figures": lambda s, f: s.figures(f),
    "month_counts": lambda s, f: s.month_counts(f),
    "page (100 rows)": lambda s, f: s.page(f, limit=100),
    "points (≤5000)": lambda s, f: s.points(f, limit=5000),
    "grid (0.5°)": lambda s, f: s.grid(f, cell_size=0.5),
}


def _python_kwargs(flt: IncidentFilter) -> dict[str, Any] | None:
    """The Python filter's arguments for ``flt``; None when it has no such filter."""
    if flt.start or flt.end or flt.bounds:
        return None
    return {
        "months": flt.months,
        "types": flt.types,
        "actors": flt.actors,
        "origins": flt.origins,
        "min_casualties": flt.min_casualties,
        "text": flt.text,
    }


def _python_answer(everything: list[Incident], kwargs: dict[str, Any]) -> None:
    """The old page's answer: filter in Python, then totals with pairwise same_event."""
    query.totals(query.filter_incidents(everything, **kwargs))


#: From this schema on, a bench store of an older one is upgraded by opening it (as a user's
#: store is), not made again.
UPGRADABLE_FROM = 3


def store_of(size: int) -> Path:
    """The bench store of ``size`` incidents, made when missing or of a schema too old to
    upgrade (one it can upgrade is upgraded in place, as a user's store is when opened)."""
    path = default_path(size)
    if path.exists():
        con = sqlite3.connect(path)
        try:
            (version,) = con.execute("PRAGMA user_version").fetchone()
            (count,) = con.execute("SELECT COUNT(*) FROM facts").fetchone()
        except sqlite3.Error:
            version, count = -1, -1
        finally:
            con.close()
        if UPGRADABLE_FROM <= version <= SCHEMA_VERSION and count == size:
            if version < SCHEMA_VERSION:
                _say(f"upgrading {path} from schema {version} to {SCHEMA_VERSION}…")
                IncidentStore(path)
            return path
    _say(f"making {path} ({size:,} incidents)…")
    write_store(path, size)
    return path


def median_time(fn: Callable[[], Any], repeat: int, *, warm_up: bool = True) -> float:
    """Median seconds of ``repeat`` runs (after one warm-up, unless told not to)."""
    if warm_up:
        fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds < 10 else f"{seconds:,.1f} s"


def measure(sizes: tuple[int, ...], *, repeat: int, python_limit: int) -> str:
    """The section's markdown: one table of query times, one of the page's whole update."""
    results: dict[tuple[str, int], float] = {}
    python: dict[tuple[str, int], float] = {}
    scans: dict[int, float] = {}
    loads: dict[int, float] = {}
    for size in sizes:
        path = store_of(size)
        store = IncidentStore(path)

        def scan(path: Path = path) -> None:
            con = sqlite3.connect(path)
            con.execute("SELECT COUNT(*) FROM facts").fetchone()
            con.close()

        scans[size] = median_time(scan, repeat)
        for fname, flt in FILTERS.items():
            results[("figures", fname), size] = median_time(partial(store.figures, flt), repeat)
            update = 0.0
            for call in QUERIES.values():
                update += median_time(partial(call, store, flt), repeat)
            results[("update", fname), size] = update
        for qname, call in QUERIES.items():
            everything = partial(call, store, IncidentFilter())
            results[(qname, "none"), size] = median_time(everything, repeat)
        if size <= python_limit:
            started = time.perf_counter()
            everything = store.incidents()
            loads[size] = time.perf_counter() - started
            for fname, flt in FILTERS.items():
                kwargs = _python_kwargs(flt)
                if kwargs is None:
                    continue
                answer = partial(_python_answer, everything, kwargs)
                python[fname, size] = loads[size] + median_time(answer, 1, warm_up=False)
        _say(f"store_speed: {size:,} done")
    lines = [
        "Median of warm runs, ms; a fresh SQLite connection per call, as the page makes.",
        "`figures` = incidents, events, killed, injured, located of the filter; `page update` ="
        " figures + month_counts + one table page + map points (≤5000) + grid, i.e. what a"
        " filter change asks of the store. Baselines in the same run: `count(*) scan` (a full"
        " scan of the same table) and `python` (every incident read into Python, then"
        " filter_incidents and totals with pairwise same_event: the page before this change).",
        "",
        "| filter | "
        + " | ".join(f"{n:,}: figures | {n:,}: page update | {n:,}: python (ratio)" for n in sizes)
        + " |",
        "|---|" + "---|---|---|" * len(sizes),
    ]
    for fname in FILTERS:
        cells = []
        for size in sizes:
            figures = results[("figures", fname), size]
            update = results[("update", fname), size]
            base = python.get((fname, size))
            ratio = f"{_ms(base)} ({base / update:,.0f}×)" if base else "—"
            cells += [_ms(figures), _ms(update), ratio]
        lines.append(f"| {fname} | " + " | ".join(cells) + " |")
    lines.append(
        "| *count(\\*) scan* | " + " | ".join(f"{_ms(scans[n])} | | " for n in sizes) + " |"
    )
    lines += ["", "Unfiltered, per query (ms):", ""]
    lines.append("| query | " + " | ".join(f"{n:,}" for n in sizes) + " |")
    lines.append("|---|" + "---|" * len(sizes))
    for qname in QUERIES:
        lines.append(
            f"| {qname} | " + " | ".join(_ms(results[(qname, "none"), n]) for n in sizes) + " |"
        )
    if loads:
        lines += [
            "",
            "Reading every incident into Python (`store.incidents()`, the old page's first step): "
            + ", ".join(f"{n:,}: {_ms(s)} ms" for n, s in loads.items())
            + ".",
        ]
    return "\n".join(lines)


#: The filters the roll-ups answer, timed both ways.
ROLLUP_FILTERS: dict[str, IncidentFilter] = {
    "none": IncidentFilter(),
    "month": FILTERS["month"],
    "type": FILTERS["type"],
    "origin": FILTERS["origin"],
    "type + origin": IncidentFilter(types=("attack",), origins=("news",)),
}


def facts_only(path: Path) -> IncidentStore:
    """The store at ``path`` answering every question from ``facts`` (as before the
    roll-ups): the baseline of :func:`measure_rollup`, same file, same run."""
    store = IncidentStore(path, check=False)
    store._rollup_ready = lambda con: False  # type: ignore[method-assign]
    return store


def page_questions(store: IncidentStore, flt: IncidentFilter) -> dict[str, Call]:
    """What the page asks of the store for ``flt`` at scale, by name: the figures (all and
    located), the chart, the dates covered (the timeline's period), the table's first page
    with its total, and the map's first view (cells of zoom 4 over the store's box, with
    their counts per month)."""
    from maps.aggregate import cell_degrees, snap_bounds

    extent = store.extent()
    size = cell_degrees(4)
    box = Bounds(*snap_bounds(extent, size)) if extent else None
    located = replace(flt, located=True)
    return {
        "figures (all, located)": lambda s, f: s.figures_with_located(f),
        "month counts": lambda s, f: s.month_counts(f),
        "dates covered": lambda s, f: s.date_range(located),
        "table page + total": lambda s, f: s.page(f, limit=100),
        "map cells + periods (zoom 4)": lambda s, f: s.grid_with_periods(
            located, bounds=box, cell_size=size, period="month"
        ),
    }


def _sample(store: IncidentStore) -> list[Incident]:
    """The page's sample for the names nothing resolved: the first 2,000 incidents by date."""
    return list(store.select(IncidentFilter(), limit=2000))


def measure_rollup(sizes: tuple[int, ...], *, repeat: int) -> str:
    """The page's questions of the filters the roll-ups answer, read from the roll-ups and
    from ``facts`` (the same file, the same run: their ratio), with the same answers; the map's
    extent (from indexes, against the grid of 1° cells it was read from) and the page's sample
    of 2,000 incidents by date (through the ``facts_select`` index)."""
    lines = [
        "Median of warm runs, ms: each question read from the roll-ups, and from `facts` "
        "(the same file, same run); every pair of answers checked equal.",
        "",
        "| size | filter | question | roll-up | facts | facts / roll-up |",
        "|---:|---|---|---:|---:|---:|",
    ]
    for size in sizes:
        path = store_of(size)
        store, plain = IncidentStore(path), facts_only(path)
        total = {"roll-up": 0.0, "facts": 0.0}
        for fname, flt in ROLLUP_FILTERS.items():
            for qname, call in page_questions(store, flt).items():
                fast = median_time(partial(call, store, flt), repeat)
                slow = median_time(partial(call, plain, flt), repeat)
                if qname != "map cells + periods (zoom 4)":
                    assert call(store, flt) == call(plain, flt), (fname, qname)
                total["roll-up"] += fast
                total["facts"] += slow
                lines.append(
                    f"| {size:,} | {fname} | {qname} | {_ms(fast)} | {_ms(slow)} | "
                    f"{slow / fast:,.1f}× |"
                )
            _say(f"store_speed roll-up: {size:,} {fname} done")
        lines.append(
            f"| {size:,} | all above | sum | {_ms(total['roll-up'])} | {_ms(total['facts'])} | "
            f"{total['facts'] / total['roll-up']:,.1f}× |"
        )
        extent = median_time(store.extent, repeat)
        cells = median_time(partial(plain.grid, IncidentFilter(located=True), cell_size=1.0), 1)
        lines.append(
            f"| {size:,} | none | map extent (indexes / 1° grid) | {_ms(extent)} | {_ms(cells)} "
            f"| {cells / extent:,.0f}× |"
        )
        sample = median_time(partial(_sample, store), repeat)
        lines.append(f"| {size:,} | none | sample of 2,000 by date | {_ms(sample)} | | |")
    return "\n".join(lines)


def section(*, full: bool = False) -> str:
    """The store's section of ``make bench``."""
    sizes = FULL_SIZES if full else DEFAULT_SIZES
    limit = PYTHON_LIMIT_FULL if full else PYTHON_LIMIT
    return (
        measure(sizes, repeat=3, python_limit=limit) + "\n\n" + measure_rollup(sizes[-1:], repeat=3)
    )


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_speed")
    parser.add_argument("--sizes", default=None, help="comma-separated, e.g. 1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--rollup-only", action="store_true", help="only the roll-up against facts table"
    )
    args = parser.parse_args(argv)
    full = os.environ.get("BENCH_FULL") == "1"
    sizes = (
        tuple(int(s) for s in args.sizes.split(","))
        if args.sizes
        else (FULL_SIZES if full else DEFAULT_SIZES)
    )
    limit = PYTHON_LIMIT_FULL if full else PYTHON_LIMIT
    if not args.rollup_only:
        sys.stdout.write(measure(sizes, repeat=args.repeat, python_limit=limit) + "\n\n")
    sys.stdout.write(measure_rollup(sizes, repeat=args.repeat) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
