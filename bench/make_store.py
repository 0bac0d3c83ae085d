"""Write a synthetic incident store of N incidents, for the benchmarks.

``.venv/bin/python -m bench.make_store --incidents 100000 [--out PATH] [--seed 13]``; the file
goes to ``data/bench/store_<N>.sqlite`` (git-ignored) by default.

What it holds (fixed seed, no real data): incidents spread over the towns of Iraq, Syria and
the Sahel (Mali, Burkina Faso, Niger: the largest GeoNames towns of each box, a few km of
jitter), dates over five years (2019-2023) with mixed precisions (mostly days, some weeks,
months, years, a few undated), the extractor's event types, tolls drawn from a long-tailed
distribution (often not given), actors from a short list, about 5% unlocated, one news
article per three incidents, and about 10% coded ACLED rows (``coded_events``).

Everything goes in with bulk inserts in one transaction, ``facts`` rows built alongside
(:func:`incidents.store.sql.fact_values`), then the same-event groups once over the whole
store, as the store computes them at ingest.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from geo.geonames import DEFAULT_INDEX_DIR, load_geonames_index
from geo.place import Place
from incidents.model import EVENT_TYPES, Actor, Incident
from incidents.store import IncidentStore
from incidents.store import sql as store_sql

REPO = Path(__file__).resolve().parents[1]
log = logging.getLogger(__name__)

# (south, west, north, east, country) boxes, and how much of the data falls in each.
REGIONS = (
    ((29.0, 38.8, 37.4, 48.6), "IQ", 0.4),
    ((32.3, 35.7, 37.3, 42.4), "SY", 0.3),
    ((10.0, -12.0, 20.0, 4.0), "ML", 0.1),
    ((9.4, -5.5, 15.1, 2.4), "BF", 0.1),
    ((11.7, 0.2, 18.0, 16.0), "NE", 0.1),
)
# Fallback towns when the GeoNames index is not built (name, lat, lon, country).
FALLBACK_TOWNS = {
    "IQ": [("Baghdad", 33.34, 44.40), ("Mosul", 36.34, 43.13), ("Basra", 30.51, 47.78)],
    "SY": [("Aleppo", 36.20, 37.16), ("Damascus", 33.51, 36.29), ("Idlib", 35.93, 36.63)],
    "ML": [("Gao", 16.27, -0.04), ("Mopti", 14.49, -4.20), ("Timbuktu", 16.77, -3.01)],
    "BF": [("Ouagadougou", 12.37, -1.53), ("Djibo", 14.10, -1.63), ("Dori", 14.03, -0.03)],
    "NE": [("Niamey", 13.51, 2.11), ("Tillaberi", 14.21, 1.45), ("Diffa", 13.32, 12.61)],
}
ACTORS = {
    "IQ": ["Military Forces of Iraq", "Islamic State (Iraq)", "Civilians (Iraq)", "PMF"],
    "SY": ["Military Forces of Syria", "HTS", "Islamic State (Syria)", "Civilians (Syria)"],
    "ML": ["Military Forces of Mali", "JNIM", "Islamic State (Sahel)", "Civilians (Mali)"],
    "BF": ["Military Forces of Burkina Faso", "JNIM", "VDP", "Civilians (Burkina Faso)"],
    "NE": ["Military Forces of Niger", "Islamic State (Sahel)", "Boko Haram", "Civilians (Niger)"],
}
WORDS = (
    "strike",
    "hit",
    "the",
    "market",
    "convoy",
    "checkpoint",
    "village",
    "camp",
    "base",
    "road",
    "near",
    "town",
    "gunmen",
    "attacked",
    "shelling",
    "mortar",
    "drone",
    "rocket",
    "explosion",
    "patrol",
    "fighters",
    "killed",
    "wounded",
    "civilians",
    "soldiers",
)
FIRST_DAY, DAYS = date(2019, 1, 1), 5 * 365
PRECISIONS = (("day", 0.7), ("week", 0.1), ("month", 0.12), ("year", 0.05), ("unknown", 0.03))


def default_path(incidents: int) -> Path:
    return REPO / "data" / "bench" / f"store_{incidents}.sqlite"


def towns(rng: random.Random) -> dict[str, list[tuple[str, float, float]]]:
    """The largest towns of each region (GeoNames), else a few well-known ones."""
    try:
        index = load_geonames_index(DEFAULT_INDEX_DIR)
    except Exception as err:  # noqa: BLE001 - any failure: the fallback towns do
        log.warning("no GeoNames index (%s): a few towns per country", err)
        return FALLBACK_TOWNS
    found = {}
    for box, country, _ in REGIONS:
        cities = [c for c in index.largest_within(*box, limit=400) if c.country_code == country]
        found[country] = [(c.name, c.lat, c.lon) for c in cities] or FALLBACK_TOWNS[country]
    return found


def _toll(rng: random.Random) -> int | None:
    if rng.random() < 0.3:
        return None
    return min(int(rng.paretovariate(1.3)) - 1, 2000)


def incidents(n: int, *, seed: int = 13) -> Iterator[tuple[Incident, str]]:
    """``n`` synthetic incidents with their table ("incidents" or "coded_events")."""
    rng = random.Random(seed)
    by_country = towns(rng)
    countries = [country for _, country, _ in REGIONS]
    weights = [share for _, _, share in REGIONS]
    precisions, precision_weights = zip(*PRECISIONS, strict=True)
    kinds = list(EVENT_TYPES)
    for k in range(n):
        country = rng.choices(countries, weights)[0]
        name, lat, lon = rng.choice(by_country[country][: rng.choice((10, 50, 400))])
        place = None
        if rng.random() > 0.05:
            place = Place(
                name,
                round(lat + rng.gauss(0, 0.03), 5),
                round(lon + rng.gauss(0, 0.03), 5),
                rng.choice((1, 1, 2, 3)),
                "town",
                country,
            )
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        precision = rng.choices(precisions, precision_weights)[0]
        text = {
            "day": day.isoformat(),
            "week": day.isoformat(),
            "month": day.isoformat()[:7],
            "year": str(day.year),
        }.get(precision)
        coded = rng.random() < 0.1
        source = "acled_bench.csv" if coded else f"bench-{k // 3:07d}.txt"
        quote = " ".join(rng.choices(WORDS, k=8)) + f" in {name}."
        incident = _incident(
            k, coded, source, rng, kinds, name, place, day, precision, text, ACTORS[country], quote
        )
        yield incident, "coded_events" if coded else "incidents"


def _incident(
    k: int,
    coded: bool,
    source: str,
    rng: random.Random,
    kinds: list[str],
    name: str,
    place: Place | None,
    day: date,
    precision: str,
    text: str | None,
    actors: list[str],
    quote: str,
) -> Incident:
    if coded:  # ACLED rows are dated to the day
        precision, text = "day", day.isoformat()
    return Incident(
        id=f"{'acled' if coded else 'news'}:{k:08d}",
        source=source,
        language=rng.choice(("en", "fr")),
        event_type=rng.choice(kinds),
        date=text if precision != "unknown" else None,
        date_precision=precision,
        quote=quote,
        quote_start=0,
        quote_end=len(quote),
        place_mention=name,
        place=place,
        fatalities=_toll(rng),
        injured=_toll(rng),
        actor1=Actor(rng.choice(actors)),
        actor2=Actor(rng.choice(actors)) if rng.random() < 0.7 else None,
        origin="acled" if coded else "news",
        event_id=f"E{k}" if coded else None,
    )


def write_store(path: Path, n: int, *, seed: int = 13) -> dict[str, float]:
    """Write a fresh store of ``n`` incidents at ``path``; return timings (seconds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    store = IncidentStore(path)  # the schema, at the current version
    started = time.perf_counter()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -200000")
    con.execute("BEGIN IMMEDIATE")
    fact_insert = (
        f"INSERT INTO facts ({', '.join(store_sql.FACT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(store_sql.FACT_COLUMNS))})"
    )
    articles: list[tuple[object, ...]] = []
    news: list[tuple[object, ...]] = []
    coded: list[tuple[object, ...]] = []
    facts: list[tuple[object, ...]] = []
    seen_articles: set[str] = set()

    def flush() -> None:
        con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", articles)
        con.executemany("INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?)", news)
        con.executemany("INSERT INTO coded_events VALUES (?, ?, ?, ?, ?, ?)", coded)
        con.executemany(fact_insert, facts)
        for batch in (articles, news, coded, facts):
            batch.clear()

    for incident, table in incidents(n, seed=seed):
        data = json.dumps(incident.to_dict(), ensure_ascii=False)
        if table == "incidents":
            if incident.source not in seen_articles:
                seen_articles.add(incident.source)
                articles.append(
                    (incident.source, incident.source, incident.language, None, None,
                     incident.quote, "2024-01-01T00:00:00+00:00")
                )  # fmt: skip
            news.append(
                (incident.id, incident.source, incident.source, incident.month,
                 incident.event_type, data)
            )  # fmt: skip
        else:
            coded.append(
                (incident.id, "acled", incident.source, incident.month, incident.event_type, data)
            )
        facts.append(store_sql.fact_values(incident, tbl=table, source=incident.source))
        if len(facts) >= 20_000:
            flush()
    flush()
    con.execute("DELETE FROM facts_stale")  # the triggers noted every row: facts are made
    rows_s = time.perf_counter() - started
    store._regroup(con, None)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.close()
    total = time.perf_counter() - started
    return {"rows": rows_s, "groups": total - rows_s, "total": total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.make_store")
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    path = args.out or default_path(args.incidents)
    times = write_store(path, args.incidents, seed=args.seed)
    sys.stdout.write(
        f"{path}: {args.incidents:,} incidents, {path.stat().st_size / 1e6:.0f} MB in "
        f"{times['total']:.1f} s (rows {times['rows']:.1f} s, same-event groups "
        f"{times['groups']:.1f} s)\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
