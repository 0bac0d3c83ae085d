"""Time place resolution: cold (offline search) and warm (SQLite cache hit), per mention.

Run with ``.venv/bin/python -m bench.geo_resolve_speed``.
"""

from __future__ import annotations

import logging
import statistics
import tempfile
import time
from pathlib import Path

from geo.gazetteer import load_gazetteer
from geo.resolve import build_resolver

logger = logging.getLogger(__name__)

EXTRA = [
    "la zone verte fortifiée de Bagdad",
    "l'ambassade des États-Unis en Irak",
    "le camp Tji, une base d'entraînement au nord de Bagdad",
    "Sacramento, California",
    "Xqzvw",
]


def measure() -> dict[str, float]:
    """Return median and worst milliseconds per mention, cold and warm."""
    mentions = [e.name for e in load_gazetteer()] + EXTRA
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        resolver = build_resolver(cache_path=Path(tmp) / "geocache.sqlite", online=False)
        setup = time.perf_counter() - started
        timings: dict[str, list[float]] = {"cold": [], "warm": []}
        for phase in ("cold", "warm"):
            for mention in mentions:
                t0 = time.perf_counter()
                resolver.resolve(mention, country_hint="IQ")
                timings[phase].append((time.perf_counter() - t0) * 1000)
    result = {"setup_s": setup, "mentions": float(len(mentions))}
    for phase, values in timings.items():
        result[f"{phase}_median_ms"] = statistics.median(values)
        result[f"{phase}_max_ms"] = max(values)
    return result


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for key, value in measure().items():
        logger.info("%-16s %10.3f", key, value)
