"""Command line: ``python -m incidents extract|ingest|export``.

::

    python -m incidents extract FILE_OR_DIR... [--out F.geojson] [--csv F.csv]
        GeoJSON FeatureCollection of the incidents on stdout (or --out); the store is untouched.
    python -m incidents ingest FILE_OR_DIR... [--db PATH] [--workers N] [--dask ADDRESS]
        Add the articles and their incidents to the store (progress bar with articles/s for
        several files). Articles are extracted in batches by N worker processes (default: the
        cores), or on a Dask cluster (``--dask tcp://scheduler:8786``, ``--dask local`` for
        a local cluster of N workers); the store is written from this process, one
        transaction per batch.
    python -m incidents import acled|ucdp FILE.csv... [--db PATH]
        Add the events of ACLED or UCDP GED CSV exports (a bad row is named with its line on
        stderr, the others are kept; importing a file again adds nothing).
    python -m incidents export --format geojson|csv|acled|ucdp [--month YYYY-MM]... [--db PATH]
        [--out F]  Read the store back (a row that cannot be read is named on stderr; the rest
        is written). acled/ucdp: ACLED- or UCDP GED-style CSV, one row per report, with
        duplicate_of naming the row that stands for the event.
    python -m incidents check [--repair] [--db PATH]
        SQLite's integrity check and every row read back; --repair backs the file up first,
        rebuilds a damaged file from its readable rows and quarantines unreadable ones.

Errors are one line on stderr and a non-zero exit status: 1 when something failed (a bad
file among several is reported and the others are still processed), 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from config.settings import is_database_url, shown
from incidents.errors import IncidentsError
from incidents.export import to_csv, to_geojson
from incidents.fuzzydate import FuzzyDate, Precision
from incidents.pipeline import (
    BATCH_SIZE,
    Result,
    article_paths,
    default_db,
    default_geocache,
    load_resources,
    process_paths,
)

log = logging.getLogger("incidents")


STORE_HELP = "the store: a SQLite file, or postgresql://user@host/db (shared PostGIS store)"


def _store_target(text: str) -> str | Path:
    """``--db``: a ``postgresql://`` URL as it is, anything else a file path."""
    return text if is_database_url(text) else Path(text)


def _month(value: str) -> str:
    try:
        month = FuzzyDate.parse(value)
    except ValueError:
        month = None
    if month is None or month.precision is not Precision.MONTH:
        raise argparse.ArgumentTypeError(f"{value!r} is not a month YYYY-MM")
    return month.format()


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return number


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    parser = argparse.ArgumentParser(
        prog="python -m incidents", description="News articles to geolocated incidents."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the incidents of articles as GeoJSON")
    extract.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    extract.add_argument("--out", type=Path, help="write the GeoJSON to this file, not stdout")
    extract.add_argument("--csv", type=Path, help="also write the incidents as CSV")

    ingest = commands.add_parser("ingest", help="add articles and their incidents to the store")
    ingest.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    ingest.add_argument("--db", type=_store_target, default=default_db(), help=STORE_HELP)
    ingest.add_argument(
        "--workers",
        type=_positive,
        default=None,
        help="worker processes (default: the number of cores)",
    )
    ingest.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="extract on a Dask cluster: its scheduler (tcp://host:8786) or 'local'",
    )
    ingest.add_argument(
        "--batch-size",
        type=_positive,
        default=BATCH_SIZE,
        help=f"articles per batch (default {BATCH_SIZE})",
    )

    coded = commands.add_parser("import", help="add the events of ACLED or UCDP GED CSV files")
    coded.add_argument("dataset", choices=("acled", "ucdp"))
    coded.add_argument("files", nargs="+", type=Path, metavar="FILE.csv")
    coded.add_argument("--db", type=_store_target, default=default_db(), help=STORE_HELP)

    export = commands.add_parser("export", help="print the stored incidents")
    export.add_argument("--format", choices=("geojson", "csv", "acled", "ucdp"), default="geojson")
    export.add_argument(
        "--month", type=_month, action="append", help="only this month (repeatable)"
    )
    export.add_argument("--db", type=_store_target, default=default_db(), help=STORE_HELP)
    export.add_argument("--out", type=Path, help="write to this file, not stdout")

    check = commands.add_parser("check", help="check the store; --repair mends it (backup first)")
    check.add_argument("--db", type=_store_target, default=default_db(), help=STORE_HELP)
    check.add_argument(
        "--repair", action="store_true", help="back up, then rebuild and quarantine bad rows"
    )
    return parser


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        out.write_text(text, encoding="utf-8")


def _report(result: Result) -> None:
    if not result.ok:
        print(f"incidents: {result.path}: {result.error}", file=sys.stderr)  # noqa: T201


def _extract(args: argparse.Namespace) -> int:
    paths = article_paths(args.inputs)
    nlp_by_language, resolver = load_resources()
    results = process_paths(
        paths, nlp_by_language=nlp_by_language, resolver=resolver, on_result=_report
    )
    incidents = [i for r in results for i in r.incidents]
    _write(json.dumps(to_geojson(incidents), ensure_ascii=False, indent=2), args.out)
    if args.csv is not None:
        args.csv.write_text(to_csv(incidents), encoding="utf-8")
    return 0 if all(r.ok for r in results) else 1


def _runner(args: argparse.Namespace, count: int) -> Any:
    """The runner of an ingest: in this process when one batch holds every article."""
    from incidents.ingest import DaskRunner, InProcess, ProcessPool, batch_size_for, default_workers

    geocache = str(default_geocache(args.db))
    workers = args.workers or default_workers()
    if args.dask:
        return DaskRunner(args.dask, workers=workers, geocache=geocache, quiet=not args.verbose)
    if workers == 1 or batch_size_for(count, workers=1, batch_size=args.batch_size) >= count:
        return InProcess(geocache)
    return ProcessPool(workers, geocache)


def _ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from incidents.ingest import Stored, ingest_paths
    from incidents.store import open_store

    paths = article_paths(args.inputs)
    store = open_store(args.db)
    runner = _runner(args, len(paths))
    with tqdm(
        total=len(paths),
        unit="article",
        disable=len(paths) < 2,
        file=sys.stderr,
        smoothing=0.1,
    ) as bar:

        def show(stored: Stored) -> None:
            for path, error in stored.results:
                if error is not None:
                    bar.write(f"incidents: {path}: {error}", file=sys.stderr)
            bar.update(len(stored.results))

        try:
            summary = ingest_paths(
                paths, store=store, runner=runner, batch_size=args.batch_size, on_batch=show
            )
        finally:
            runner.close()
    print(  # noqa: T201
        f"{summary.articles - summary.failed} article(s) read, {summary.added} new "
        f"incident(s) in {shown(args.db)}",
        file=sys.stderr,
    )
    return 1 if summary.failed else 0


def _export(args: argparse.Namespace) -> int:
    from incidents.store import open_store

    if isinstance(args.db, Path) and not args.db.exists():
        raise IncidentsError(
            f"{shown(args.db)}: no store yet (run `python -m incidents ingest` first)"
        )
    read = open_store(args.db).read_incidents(months=args.month)
    for problem in read.problems:
        print(f"incidents: {shown(args.db)}: {problem} (left out)", file=sys.stderr)  # noqa: T201
    if args.format == "csv":
        _write(to_csv(read.incidents), args.out)
    elif args.format in ("acled", "ucdp"):
        from incidents.coded import acled_csv, ucdp_csv

        text = (acled_csv if args.format == "acled" else ucdp_csv)(read.incidents)
        _write(text, args.out)  # UTF-8 with a byte-order mark: spreadsheets read the accents
    else:
        _write(json.dumps(to_geojson(read.incidents), ensure_ascii=False, indent=2), args.out)
    return 1 if read.problems else 0


def _import(args: argparse.Namespace) -> int:
    from incidents.coded import CodedFileError, open_coded
    from incidents.store import open_store

    store = open_store(args.db)
    failed = False
    for path in args.files:
        try:
            with open_coded(path, origin=args.dataset) as stream:
                # the rows stream from the file into the store, never all in memory
                added = store.import_coded(stream, dataset=path.name)
        except (CodedFileError, OSError) as err:
            print(f"incidents: {path}: {err} (nothing of it was imported)", file=sys.stderr)  # noqa: T201
            failed = True
            continue
        for error in stream.errors:
            print(f"incidents: {path}: {error} (row left out)", file=sys.stderr)  # noqa: T201
        failed = failed or bool(stream.errors)
        print(  # noqa: T201
            f"{path}: {stream.events} event(s) read, {len(stream.errors)} bad row(s), "
            f"{added} new in {shown(args.db)}",
            file=sys.stderr,
        )
    return 1 if failed else 0


def _check(args: argparse.Namespace) -> int:
    from incidents.check import check_store, repair_store

    if not isinstance(args.db, Path):
        raise IncidentsError(
            f"{shown(args.db)}: `check` reads SQLite files; a PostgreSQL server checks its own "
            "pages (see pg_amcheck), and the store's unreadable rows are listed by export"
        )
    report = check_store(args.db)
    for line in report.lines():
        print(line, file=sys.stderr if not report.ok else sys.stdout)
    if not args.repair:
        if not report.ok:
            hint = f"python -m incidents check --repair --db {args.db}"
            print(f"incidents: to repair (a backup is made first): {hint}", file=sys.stderr)  # noqa: T201
        return 0 if report.ok else 1
    for line in repair_store(args.db).lines():
        print(line)  # noqa: T201
    after = check_store(args.db)
    for line in after.lines():
        print(line)  # noqa: T201
    return 0 if after.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    command = {
        "extract": _extract,
        "ingest": _ingest,
        "import": _import,
        "export": _export,
        "check": _check,
    }[args.command]
    try:
        return command(args)
    except IncidentsError as err:
        print(f"incidents: error: {err}", file=sys.stderr)  # noqa: T201
        return 1
    except OSError as err:
        print(f"incidents: error: {err}", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:
        print("incidents: interrupted", file=sys.stderr)  # noqa: T201
        return 130
    except Exception as err:  # a bug must still end in one line, not a traceback
        log.debug("internal error", exc_info=True)
        print(f"incidents: internal error: {err!r} (run with -v for details)", file=sys.stderr)  # noqa: T201
        return 1


if __name__ == "__main__":
    sys.exit(main())
