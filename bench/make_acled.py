"""Write a large synthetic file in ACLED's export layout (100,000 rows by default).

Run ``.venv/bin/python -m bench.make_acled [--rows N] [--out PATH]``; the file goes to
``data/bench/acled_100000.csv`` (git-ignored). Rows come from
``tests.data.make_coded_samples.acled_rows`` (synthetic, fixed seed): no ACLED data.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from incidents.coded import ACLED_COLUMNS
from tests.data.make_coded_samples import acled_rows

REPO = Path(__file__).resolve().parents[1]


def default_path(rows: int) -> Path:
    return REPO / "data" / "bench" / f"acled_{rows}.csv"


def write_acled(path: Path, rows: int) -> Path:
    """Write ``rows`` synthetic ACLED-layout rows to ``path``; return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")  # a run stopped midway leaves no file
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(acled_rows(rows))
    partial.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.make_acled")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    path = write_acled(args.out or default_path(args.rows), args.rows)
    sys.stdout.write(f"{path}: {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
