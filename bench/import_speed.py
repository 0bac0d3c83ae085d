"""Import speed of an ACLED export: rows per second and peak memory, beside a baseline.

Run ``.venv/bin/python -m bench.import_speed [--rows 100000]``. Writes the synthetic file
first if it is missing (:mod:`bench.make_acled`), then times, in this process:

- the baseline: ``csv.DictReader`` reading every row, nothing else;
- reading and checking every row the way the import does, column-wise
  (:meth:`incidents.coded.CodedStream.batches`, nothing stored): the import's Python share;
  without ``--import-only``, also one :class:`~incidents.model.Incident` per row (the
  reference way, ``stream_coded`` iterated);
- the import as ``python -m incidents import acled FILE.csv`` does it: the file streamed
  (:func:`incidents.coded.open_coded`) into a fresh SQLite store
  (:meth:`IncidentStore.import_coded`), same-event groups and indexes included;
- importing the same file again (adds nothing).

Peak memory: Python's allocations (``tracemalloc``) of a whole import, and the process's peak
resident size (``resource.getrusage``) at the end. ``--no-peak`` skips the traced run (it is
several times slower than the import itself).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.make_acled import default_path, write_acled
from incidents.coded import open_coded
from incidents.store import IncidentStore

#: The issue's target for 1,000,000 rows: two minutes, i.e. this many rows per second.
TARGET_ROWS_S = 1_000_000 / 120


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _measure(what: str, rows: int, fn: Callable[[], Any]) -> tuple[Any, float]:
    """Time ``fn`` (no tracing: tracemalloc slows Python code several times over): wall
    seconds, and this process's CPU seconds beside them (on a shared machine the wall time
    also counts the waits for a core)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    _say(
        f"{what:<38} {seconds:7.2f} s  {rows / seconds:10,.0f} rows/s  (CPU {cpu:6.2f} s, "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    return result, seconds


def _peak(fn: Callable[[], Any]) -> float:
    """Peak Python allocations (MB) while ``fn`` runs."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def import_file(path: Path, store: IncidentStore) -> tuple[int, int, int]:
    """Import an ACLED file as the command line does: ``(events read, bad rows, new)``."""
    with open_coded(path, origin="acled") as stream:
        added = store.import_coded(stream, dataset=path.name)
    return stream.events, len(stream.errors), added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_speed")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-peak", action="store_true", help="skip the traced run")
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="time the baseline and the import only (no read-only pass, no second import)",
    )
    args = parser.parse_args(argv)
    path = default_path(args.rows)
    if not path.exists():
        write_acled(path, args.rows)
    _say(f"{path.name}: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")

    def baseline() -> int:
        with path.open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))

    def read_only() -> int:
        with open_coded(path, origin="acled") as stream:
            return sum(1 for _ in stream)

    def read_columns() -> int:
        with open_coded(path, origin="acled") as stream:
            return sum(len(rows) for rows in stream.batches(size=20_000, dataset=path.name))

    _, base = _measure("baseline: csv.DictReader only", args.rows, baseline)
    _, columns = _measure("read + check, column-wise (batches)", args.rows, read_columns)
    _say(f"  {columns / base:.1f}x the baseline's time")
    if not args.import_only:
        _, parse = _measure("read + check, one Incident a row", args.rows, read_only)
        _say(f"  {parse / base:.1f}x the baseline's time")
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        store = IncidentStore(Path(tmp) / "bench.sqlite")
        (events, bad, added), whole = _measure(
            "import (read + check + store, new)", args.rows, lambda: import_file(path, store)
        )
        _say(
            f"  {events:,} events, {bad} bad rows, {added:,} new; {whole / base:.1f}x the "
            f"baseline's time; {args.rows / whole / TARGET_ROWS_S:.2f}x the target's pace "
            f"(1M rows in 120 s); 1M rows at this pace: {whole * 1e6 / args.rows:,.0f} s"
        )
        if not args.import_only:
            (_, _, again), _ = _measure(
                "import again (adds nothing)", args.rows, lambda: import_file(path, store)
            )
            _say(f"  {again} new the second time")
        counts = store.counts()
        _say(f"  store: {counts}, {store.path.stat().st_size / 1e6:.0f} MB")
        if not (args.no_peak or args.import_only):
            peak = _peak(lambda: import_file(path, IncidentStore(Path(tmp) / "peak.sqlite")))
            _say(f"peak Python allocations of a whole import: {peak:.0f} MB")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _say(f"process peak resident size: {peak_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
