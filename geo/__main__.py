"""``python -m geo NAME [--country CC]``: resolve one place name and print it as JSON.

Prints ``{"query", "name", "lat", "lon", "geo_precision", "feature", "source", ...}``; when nothing
fits, prints ``{"query": ..., "error": "not found"}`` and exits with status 1.

The cache never changes the answer or the exit status: an unreadable row, a corrupt, read-only or
unopenable cache file and a failed write are each reported as one ``WARNING`` line on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from geo.errors import GeoError
from geo.resolve import DEFAULT_CACHE_PATH, build_resolver


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m geo", description="Resolve one place name offline and print it as JSON."
    )
    parser.add_argument("name", help="place name as written, e.g. 'zone verte' or 'camp Taji'")
    parser.add_argument("--country", metavar="CC", help="ISO alpha-2 country hint, e.g. IQ")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE_PATH,
        help="SQLite cache file (default: %(default)s)",
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument(
        "--online",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ask Nominatim for unknown names (default: $INCIDENT_MAP_GEOCODER_ONLINE)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        resolver = build_resolver(
            cache_path=None if args.no_cache else args.cache, online=args.online
        )
        place = resolver.resolve(args.name, country_hint=args.country)
    except GeoError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    if place is None:
        sys.stdout.write(json.dumps({"query": args.name, "error": "not found"}) + "\n")
        return 1
    out = {"query": args.name, **place.to_dict()}
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
