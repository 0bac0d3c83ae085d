"""Import speed of an ACLED export: rows per second and peak memory, beside a baseline.

Run ``.venv/bin/python -m bench.import_speed [--rows 100000]``. Writes the synthetic file
first if it is missing (:mod:`bench.make_acled`), then times, in this process:

- the baseline: ``csv.DictReader`` reading every row, nothing else;
- reading and checking (:func:`incidents.coded.read_coded`);
- storing into a fresh SQLite store (:meth:`IncidentStore.import_coded`);
- importing the same file again (adds nothing).

Peak memory is Python's allocations (``tracemalloc``) for each step, and the process's peak
resident size (``resource.getrusage``) at the end.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.make_acled import default_path, write_acled
from incidents.coded import read_coded
from incidents.store import IncidentStore


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _measure(what: str, rows: int, fn: Callable[[], Any]) -> tuple[Any, float]:
    """Time ``fn`` (no tracing: tracemalloc slows Python code several times over)."""
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    _say(f"{what:<34} {seconds:7.2f} s  {rows / seconds:10,.0f} rows/s")
    return result, seconds


def _peak(fn: Callable[[], Any]) -> float:
    """Peak Python allocations (MB) while ``fn`` runs."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_speed")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    path = default_path(args.rows)
    if not path.exists():
        write_acled(path, args.rows)
    data = path.read_bytes()
    _say(f"{path.name}: {args.rows:,} rows, {len(data) / 1e6:.1f} MB ")

    def baseline() -> int:
        with path.open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))

    _, base = _measure("baseline: csv.DictReader only", args.rows, baseline)
    read, parse = _measure(
        "read + check (read_coded)",
        args.rows,
        lambda: read_coded(data, origin="acled", source=path.name),
    )
    events, bad = len(read.incidents), len(read.errors)
    _say(f"  {events:,} events, {bad} bad rows; {parse / base:.1f}x the baseline's time")
    with tempfile.TemporaryDirectory() as tmp:
        store = IncidentStore(Path(tmp) / "bench.sqlite")
        added, store_s = _measure(
            "store (import_coded, new store)",
            args.rows,
            lambda: store.import_coded(read.incidents, dataset=path.name),
        )
        again, _ = _measure(
            "store again (adds nothing)",
            args.rows,
            lambda: store.import_coded(read.incidents, dataset=path.name),
        )
        _say(f"  added {added:,}, then {again}")
        _say(f"read + check + store: {args.rows / (parse + store_s):,.0f} rows/s")
        _measure("read back (read_incidents)", args.rows, store.read_incidents)

        def whole_import() -> None:
            fresh = IncidentStore(Path(tmp) / "peak.sqlite")
            fresh.import_coded(
                read_coded(data, origin="acled", source=path.name).incidents, dataset=path.name
            )

        _say(f"peak Python allocations of read + check + store: {_peak(whole_import):.0f} MB")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _say(f"process peak resident size: {peak_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
