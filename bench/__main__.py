"""``make bench``: run every benchmark section, print one markdown report, keep it.

``.venv/bin/python -m bench [--only store,extract]``; ``BENCH_FULL=1`` adds the largest sizes
(1,000,000 incidents for the store). The report goes to stdout and to
``bench/results/latest.md``, headed by the machine it ran on.

Adding a section is one line in :data:`SECTIONS`: a title and the module; the module has
``section(*, full: bool) -> str`` returning its markdown (a table and a few lines), or else a
``main(argv) -> int`` whose printed output is kept as a code block.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import logging
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "latest.md"

# (key, title, module): one line per section.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("store", "Store: query time per filter", "bench.store_speed"),
    ("pgstore", "Store on PostgreSQL + PostGIS beside SQLite", "bench.pg_store_speed"),
    ("duckdb", "Store: DuckDB beside SQLite on the same facts", "bench.duckdb_compare"),
    ("extract", "Extraction: time per article", "bench.extract_speed"),
    (
        "geo",
        "Offline gazetteer: index size, build, load, memory, resolve speed",
        "bench.geo_resolve_speed",
    ),
    ("basemap", "Offline basemap: size and first paint", "bench.basemap_speed"),
    ("map", "Map: first paint, filter change, payload, RSS", "bench.map_speed"),
    (
        "acled",
        "Acceptance: 100,000 imported ACLED events beside the seed's page",
        "bench.acled_page",
    ),
    (
        "ingest",
        "Ingest: articles/s beside bare spaCy, workers, Dask, start-up",
        "bench.ingest_speed",
    ),
)


def machine() -> str:
    """One line on where the figures come from."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            kib = int(handle.readline().split()[1])
        memory = f"{kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        memory = "memory unknown"
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            names = [
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {memory}, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def run_section(module_name: str, *, full: bool) -> str:
    module = importlib.import_module(module_name)
    if hasattr(module, "section"):
        return str(module.section(full=full))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        module.main([])
    return "```\n" + out.getvalue().rstrip() + "\n```"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", default="", help="comma-separated section keys")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    full = os.environ.get("BENCH_FULL") == "1"
    wanted = {key for key in args.only.split(",") if key}
    started = datetime.now(UTC)
    parts = [
        "# Benchmarks",
        "",
        f"{started:%Y-%m-%d %H:%M} UTC on {machine()}; "
        + (
            "full sizes (BENCH_FULL=1)."
            if full
            else "default sizes (BENCH_FULL=1 for the largest)."
        ),
    ]
    for key, title, module_name in SECTIONS:
        if wanted and key not in wanted:
            continue
        began = time.perf_counter()
        try:
            body = run_section(module_name, full=full)
        except Exception as err:
            logging.getLogger("bench").exception("section %s failed", key)
            body = f"**failed**: {err!r}"
        parts += ["", f"## {title}", "", body, "", f"*({time.perf_counter() - began:.0f} s)*"]
    report = "\n".join(parts) + "\n"
    sys.stdout.write(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
