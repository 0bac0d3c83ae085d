"""Write a synthetic incident store of N incidents, for the benchmarks.

``.venv/bin/python -m bench.make_store --incidents 100000 [--out PATH] [--seed 13]``; the file
goes to ``data/bench/store_<N>.sqlite`` (git-ignored) by default.

What it holds (fixed seed, no real data): incidents spread over the towns of Iraq, Syria and
the Sahel (Mali, Burkina Faso, Niger: the largest GeoNames towns of each box, a few km of
jitter), dates over five years (2019-2023) with mixed precisions (mostly days, some weeks,
months, years, a few undated), the extractor's event types, tolls drawn from a long-tailed
distribution (often not given), actors from a short list, about 5% unlocated, one news
article per three incidents, and about 10% coded ACLED rows (``coded_events``).

Everything goes in the way a large import does (:func:`write_store`): indexes set aside,
bulk inserts in one transaction, ``facts`` rows built alongside
(:func:`incidents.store.sql.fact_values`), indexes built once, then the same-event groups once
over the whole store, as the store computes them at ingest.
"""

from __future__ import annotations

import argparse
import logging
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import numpy as np

from geo.geonames import DEFAULT_INDEX_DIR, load_geonames_index
from geo.place import Place
from incidents.fuzzydate import FuzzyDate
from incidents.model import EVENT_TYPES, Actor, Incident
from incidents.store import IncidentStore
from incidents.store import sql as store_sql
from incidents.store import sqlite as store_sqlite
from incidents.store.events import bucket_key

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
BATCH = 50_000  # incidents drawn and written at a time
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
        text = _date_text(day, precision)
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


@dataclass(frozen=True)
class StoreRows:
    """A batch of synthetic incidents as the store's rows (:func:`store_rows`)."""

    articles: list[tuple[object, ...]]
    news: list[tuple[object, ...]]
    coded: list[tuple[object, ...]]
    facts: list[tuple[object, ...]]


def store_rows(
    start: int,
    n: int,
    *,
    rng: np.random.Generator,
    by_country: dict[str, list[tuple[str, float, float]]],
    articles_seen: set[str],
) -> StoreRows:
    """Incidents ``start`` to ``start + n - 1`` as the rows of ``articles``, ``incidents``,
        ``coded_events`` and ``facts`` (an article for each source not in ``articles_seen``, which
    it extends), drawn column by column (the same spread as
        :func:`incidents`, from numpy's generator): each row's stored JSON is what
        ``Incident.to_dict`` gives, written from the drawn cells without making the incident."""
    countries = [country for _, country, _ in REGIONS]
    shares = np.array([share for _, _, share in REGIONS])
    country_at = rng.choice(len(countries), size=n, p=shares / shares.sum())
    reach = rng.choice(np.array([10, 50, 400]), size=n)
    town_u = rng.random(n)
    located = rng.random(n) > 0.05
    lat_jitter, lon_jitter = rng.normal(0, 0.03, size=n), rng.normal(0, 0.03, size=n)
    geo = rng.choice(np.array([1, 1, 2, 3]), size=n)
    day_offset = rng.integers(0, DAYS, size=n)
    names, weights = zip(*PRECISIONS, strict=True)
    precision_at = rng.choice(len(names), size=n, p=np.array(weights) / sum(weights))
    coded = rng.random(n) < 0.1
    words = rng.integers(0, len(WORDS), size=(n, 8))
    kinds = list(EVENT_TYPES)
    kind_at = rng.integers(0, len(kinds), size=n)
    french = rng.random(n) < 0.5
    tolls = [_tolls(rng, n), _tolls(rng, n)]
    actor_at = rng.integers(0, 4, size=(n, 2))
    has_actor2 = rng.random(n) < 0.7

    articles: list[tuple[object, ...]] = []
    news: list[tuple[object, ...]] = []
    coded_rows: list[tuple[object, ...]] = []
    facts: list[tuple[object, ...]] = []
    dated: dict[tuple[int, str], tuple[Any, ...]] = {}
    for i in range(n):
        k = start + i
        country = countries[country_at[i]]
        choices = by_country[country]
        name, lat, lon = choices[int(town_u[i] * min(int(reach[i]), len(choices)))]
        is_coded = bool(coded[i])
        precision = "day" if is_coded else names[precision_at[i]]  # ACLED rows: to the day
        day_key = (int(day_offset[i]), precision)
        if day_key not in dated:
            dated[day_key] = _dated(*day_key)
        text, text_json, month, first, last, fuzzy = dated[day_key]
        kind = kinds[kind_at[i]]
        quote = " ".join(map(WORDS.__getitem__, words[i].tolist())) + f" in {name}."
        killed, injured = tolls[0][i], tolls[1][i]
        actors = ACTORS[country]
        actor1 = actors[actor_at[i, 0]]
        actor2 = actors[actor_at[i, 1]] if has_actor2[i] else None
        ident = f"{'acled' if is_coded else 'news'}:{k:08d}"
        source = "acled_bench.csv" if is_coded else f"bench-{k // 3:07d}.txt"
        language = "fr" if french[i] else "en"
        if located[i]:
            plat = round(lat + float(lat_jitter[i]), 5)
            plon = round(lon + float(lon_jitter[i]), 5)
            place_geo = int(geo[i])
            place = (
                f'{{"name": {_enc(name)}, "lat": {plat!r}, "lon": {plon!r}, '
                f'"geo_precision": {place_geo}, "feature": "town", "country_code": "{country}", '
                f'"source": "gazetteer", "place_id": null}}'
            )
            bucket = bucket_key(kind, fuzzy)
        else:
            plat = plon = place_geo = bucket = None  # type: ignore[assignment]
            place = "null"
        data = (
            f'{{"id": "{ident}", "source": "{source}", "language": "{language}", '
            f'"event_type": "{kind}", "date": {text_json}, "date_precision": "{precision}", '
            f'"quote": {_enc(quote)}, "quote_start": 0, "quote_end": {len(quote)}, '
            f'"weapon": null, "place_mention": {_enc(name)}, "place": {place}, '
            f'"launch_site": null, "fatalities": {_json_int(killed)}, '
            f'"injured": {_json_int(injured)}, "places": [], "spans": [], "corrected": false, '
            f'"actor1": {_actor_json(actor1)}, "actor2": {_actor_json(actor2)}, '
            f'"origin": "{"acled" if is_coded else "news"}", '
            f'"event_id": {f"{chr(34)}E{k}{chr(34)}" if is_coded else "null"}, '
            f'"date_end": null, "fatalities_low": null, "fatalities_high": null, "coded": []}}'
        )
        table = "coded_events" if is_coded else "incidents"
        if is_coded:
            coded_rows.append((ident, "acled", source, month, kind, data))
        else:
            if source not in articles_seen:  # the first incident of its article
                articles_seen.add(source)
                articles.append(
                    (source, source, language, None, None, quote, "2024-01-01T00:00:00+00:00")
                )
            news.append((ident, source, source, month, kind, data))
        facts.append(
            (ident, table, source, "acled" if is_coded else "news", kind, text, precision,
             first, last, month, killed, injured, (killed or 0) + (injured or 0), plat, plon,
             name if place_geo is not None else None, name, place_geo, actor1, actor2, None,
             quote, 0, bucket, None, 1, None)
        )  # fmt: skip
    return StoreRows(articles, news, coded_rows, facts)


def _tolls(rng: np.random.Generator, n: int) -> list[int | None]:
    """Tolls with a long tail (Pareto, shape 1.3, capped at 2,000); 30% not given."""
    given = rng.random(n) >= 0.3
    tolls = np.minimum(np.floor(rng.pareto(1.3, size=n)), 2000).astype(int)
    return [int(t) if g else None for t, g in zip(tolls.tolist(), given.tolist(), strict=True)]


def _json_int(value: int | None) -> str:
    return "null" if value is None else str(value)


def _actor_json(name: str | None) -> str:
    return "null" if name is None else f'{{"name": {_enc(name)}, "inter": null, "words": ""}}'


def _date_text(day: date, precision: str) -> str | None:
    """A day written at ``precision`` ("2021-03-04", "2021-03", "2021"); None for "unknown"."""
    return {
        "day": day.isoformat(),
        "week": day.isoformat(),
        "month": day.isoformat()[:7],
        "year": str(day.year),
    }.get(precision)


def _dated(offset: int, precision: str) -> tuple[Any, ...]:
    """(date text, as JSON, month, first day, last day) of a day of the five years."""
    text = _date_text(FIRST_DAY + timedelta(days=offset), precision)
    fuzzy = FuzzyDate.parse_optional(text, precision)
    first, last = fuzzy.period() if fuzzy is not None else (None, None)
    return (
        text,
        "null" if text is None else f'"{text}"',
        fuzzy.month if fuzzy is not None else None,
        first.isoformat() if first else None,
        last.isoformat() if last else None,
        fuzzy,
    )


_enc = encode_basestring  # a str as JSON text, as json.dumps(..., ensure_ascii=False) writes it


def write_store(path: Path, n: int, *, seed: int = 13) -> dict[str, float]:
    """Write a fresh store of ``n`` incidents at ``path``; return timings (seconds).

    The bulk way a large import goes (:func:`incidents.store.sqlite.set_indexes_aside`): the
    ``facts`` indexes, the text index's trigger and the triggers that mark new rows stale are
    set aside, the rows (and their ``facts`` rows, built alongside) written in large
    ``executemany`` batches in one transaction, then the text index and the indexes built
    once, and the same-event groups computed once over the whole store."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    store = IncidentStore(path)  # the schema, at the current version
    started = time.perf_counter()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    con.execute(f"PRAGMA cache_size = {-store_sqlite.IMPORT_CACHE_KIB}")
    con.execute("PRAGMA temp_store = MEMORY")  # the index builds' sorts, in memory
    con.execute("BEGIN IMMEDIATE")
    stale_triggers = ("incidents_stale_insert", "coded_events_stale_insert")
    last_rowid = store_sqlite.set_indexes_aside(con, triggers=stale_triggers)
    fact_insert = (
        f"INSERT INTO facts ({', '.join(store_sql.FACT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(store_sql.FACT_COLUMNS))})"
    )
    rng = np.random.default_rng(seed)
    by_country = towns(random.Random(seed))
    articles_seen: set[str] = set()
    for first in range(0, n, BATCH):
        rows = store_rows(
            first,
            min(BATCH, n - first),
            rng=rng,
            by_country=by_country,
            articles_seen=articles_seen,
        )
        con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", rows.articles)
        con.executemany("INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?)", rows.news)
        con.executemany("INSERT INTO coded_events VALUES (?, ?, ?, ?, ?, ?)", rows.coded)
        con.executemany(fact_insert, rows.facts)
    rows_s = time.perf_counter() - started
    store_sqlite.put_indexes_back(con, last_rowid, triggers=stale_triggers)
    indexed_s = time.perf_counter() - started - rows_s
    store._regroup(con, None)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for table in ("articles", "incidents", "coded_events"):  # facts: put_indexes_back did
        con.execute(f"ANALYZE {table}")
    con.close()
    total = time.perf_counter() - started
    return {
        "rows": rows_s,
        "indexes": indexed_s,
        "groups": total - rows_s - indexed_s,
        "total": total,
    }


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
        f"{times['total']:.1f} s (rows {times['rows']:.1f} s, indexes {times['indexes']:.1f} s, "
        f"same-event groups and commit {times['groups']:.1f} s)\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
