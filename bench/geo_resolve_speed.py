"""The offline gazetteer beside its former self: index size, build time, load time, memory, speed.

Run with ``.venv/bin/python -m bench.geo_resolve_speed`` (or ``python -m bench --only geo``).
In one run, two GeoNames indexes are built into a temporary folder as ``make setup`` builds
them: the **former** one (GeoNames places of 1,000 inhabitants, no administrative areas) and
the **current** one (cities500 places and the admin-1/admin-2 areas of every country). For each:

* the index file's size and its build time;
* the resolver's load time and resident memory, in a fresh process (gazetteer, index opened,
  geocoder built), and the same for :func:`geo.surface.surface_forms` on top;
* the time per mention to resolve the gazetteer's own names and a few conflict-area mentions,
  cold (offline search, once) and warm (SQLite cache hit, three rounds), in this process, the two
  indexes taking turns mention by mention.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geo.cache import GeoCache
from geo.gazetteer import load_gazetteer
from geo.geocoder import GazetteerGeocoder
from geo.geonames import GeonamesIndex, build_geonames_index
from geo.resolve import Resolver

logger = logging.getLogger(__name__)

EXTRA = [
    "la zone verte fortifiée de Bagdad",
    "l'ambassade des États-Unis en Irak",
    "le camp Tji, une base d'entraînement au nord de Bagdad",
    "Sacramento, California",
    "Xqzvw",
    "la province de Kunar",
    "cercle de Bankass",
    "Konduga LGA",
    "Lower Shabelle",
    "la région de Tillabéri",
]

#: (label, min_population, areas): the former index, then the current one.
INDEXES = (("former", 1000, False), ("current", 500, True))

_LOAD = """
import json, sqlite3, sys, time
def peak_mb():  # VmHWM: this process's own peak (ru_maxrss survives the exec from the bench)
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
t0 = time.perf_counter()
from geo.cache import GeoCache
from geo.gazetteer import load_gazetteer
from geo.geocoder import GazetteerGeocoder
from geo.geonames import GeonamesIndex
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, check_same_thread=False)
geocoder = GazetteerGeocoder(load_gazetteer(), geonames=GeonamesIndex(db))
geocoder.geocode("Kandahar", country_codes="AF")
load = time.perf_counter() - t0
rss = peak_mb()
t1 = time.perf_counter()
from geo.surface import surface_forms
forms = surface_forms(geocoder.geonames, geocoder.gazetteer)
print(json.dumps({"load_s": load, "rss_mb": rss, "forms_s": time.perf_counter() - t1,
                  "forms": len(forms), "forms_rss_mb": peak_mb()}))
"""


def load_figures(path: Path) -> dict[str, float]:
    """Load time and peak RSS of a resolver over ``path``, then of its surface forms, measured
    in a fresh Python process."""
    done = subprocess.run(
        [sys.executable, "-c", _LOAD, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def speed(indexes: dict[str, GeonamesIndex], folder: Path) -> dict[str, dict[str, float]]:
    """Median and worst milliseconds per mention, cold and warm, for each index, the indexes
    taking turns mention by mention (the machine's load falls on both alike)."""
    mentions = [e.name for e in load_gazetteer()] + EXTRA
    resolvers = {
        label: Resolver(
            GazetteerGeocoder(load_gazetteer(), geonames=index),
            cache=GeoCache(folder / f"{label}-cache.sqlite"),
        )
        for label, index in indexes.items()
    }
    timings = {label: {"cold": [], "warm": []} for label in indexes}
    for phase, rounds in (("cold", 1), ("warm", 3)):
        for _ in range(rounds):
            for mention in mentions:
                for label, resolver in resolvers.items():
                    t0 = time.perf_counter()
                    resolver.resolve(mention, country_hint="IQ")
                    timings[label][phase].append((time.perf_counter() - t0) * 1000)
    result: dict[str, dict[str, float]] = {}
    for label, phases in timings.items():
        row = result[label] = {"mentions": float(len(mentions))}
        for phase, values in phases.items():
            row[f"{phase}_median_ms"] = statistics.median(values)
            row[f"{phase}_max_ms"] = max(values)
    return result


def measure() -> dict[str, dict[str, float]]:
    """Every figure of both indexes."""
    figures: dict[str, dict[str, float]] = {}
    opened: dict[str, GeonamesIndex] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, min_population, areas in INDEXES:
            path = Path(tmp) / f"{label}.sqlite"
            t0 = time.perf_counter()
            build_geonames_index(path, min_population=min_population, areas=areas).close()
            row: dict[str, float] = {"build_s": time.perf_counter() - t0}
            row["size_mb"] = path.stat().st_size / 2**20
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            row["entries"] = float(db.execute("SELECT count(*) FROM place").fetchone()[0])
            row["names"] = float(db.execute("SELECT count(*) FROM name").fetchone()[0])
            figures[label] = row
            opened[label] = GeonamesIndex(db)
        for label, _, _ in INDEXES:
            figures[label].update(load_figures(Path(tmp) / f"{label}.sqlite"))
        for label, row in speed(opened, Path(tmp)).items():
            figures[label].update(row)
    return figures


_ROWS = (
    ("entries (places + areas)", "entries", "{:,.0f}"),
    ("names indexed", "names", "{:,.0f}"),
    ("index file, MB", "size_mb", "{:.1f}"),
    ("set-up build, s", "build_s", "{:.1f}"),
    ("resolver load (fresh process), s", "load_s", "{:.2f}"),
    ("resolver peak RSS, MB", "rss_mb", "{:.0f}"),
    ("surface forms: build, s", "forms_s", "{:.1f}"),
    ("surface forms: count", "forms", "{:,.0f}"),
    ("surface forms: peak RSS, MB", "forms_rss_mb", "{:.0f}"),
    ("resolve cold, median ms", "cold_median_ms", "{:.3f}"),
    ("resolve cold, worst ms", "cold_max_ms", "{:.1f}"),
    ("resolve warm, median ms", "warm_median_ms", "{:.3f}"),
    ("resolve warm, worst ms", "warm_max_ms", "{:.3f}"),
)


def section(*, full: bool = False) -> str:
    """The markdown table of :func:`measure` (``full`` changes nothing here)."""
    del full
    figures = measure()
    former, current = figures["former"], figures["current"]
    lines = [
        "| figure | former index (cities1000) | current (cities500 + admin areas) | ratio |",
        "|---|---|---|---|",
    ]
    for title, key, fmt in _ROWS:
        ratio = current[key] / former[key] if former[key] else float("nan")
        lines.append(
            f"| {title} | {fmt.format(former[key])} | {fmt.format(current[key])} | {ratio:.2f} |"
        )
    lines.append("")
    lines.append(
        f"{current['mentions']:.0f} mentions (the gazetteer's names and {len(EXTRA)} others), "
        "country hint IQ; load and peak RSS (VmHWM) in a fresh process, interpreter and imports "
        "included."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    sys.stdout.write(section() + "\n")
