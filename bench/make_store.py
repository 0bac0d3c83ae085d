"""A synthetic incident store of N incidents, for the map benchmark and the scale tests.

Run ``.venv/bin/python -m bench.make_store --incidents 100000 [--out PATH]``; the store goes
to ``data/bench/store_100000.sqlite`` (git-ignored). Incidents are spread over Iraq, Syria
and the Sahel (Mali, Burkina Faso, Niger) around real towns (scattered a few kilometres
about them, a share exactly at the town), over five years (2019-2023), with ACLED-style
event types, actors and tolls (mostly small, a long tail), stored as an ACLED import
(``origin`` "acled"). Fixed seed: the same N gives the same store.

Note: the store-sql work (feat/store-sql) brings its own generator of this name; this one
stands in until it lands and is then replaced by it.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from geo.place import Place
from incidents.model import Actor, Incident
from incidents.store import IncidentStore

REPO = Path(__file__).resolve().parents[1]
# (town, lat, lon, weight): where incidents happen, roughly as often as in ACLED's data.
TOWNS: tuple[tuple[str, float, float, int], ...] = (
    ("Baghdad", 33.3152, 44.3661, 30),
    ("Mosul", 36.3350, 43.1189, 20),
    ("Kirkuk", 35.4681, 44.3922, 12),
    ("Fallujah", 33.3500, 43.7833, 8),
    ("Ramadi", 33.4258, 43.2992, 8),
    ("Tikrit", 34.6071, 43.6782, 6),
    ("Baqubah", 33.7466, 44.6437, 6),
    ("Samarra", 34.1959, 43.8857, 5),
    ("Basra", 30.5085, 47.7804, 5),
    ("Erbil", 36.1912, 44.0092, 3),
    ("Sinjar", 36.3209, 41.8767, 4),
    ("Tal Afar", 36.3794, 42.4491, 4),
    ("Aleppo", 36.2021, 37.1343, 25),
    ("Idlib", 35.9306, 36.6339, 20),
    ("Damascus", 33.5138, 36.2765, 12),
    ("Homs", 34.7324, 36.7137, 10),
    ("Hama", 35.1318, 36.7578, 8),
    ("Deir ez-Zor", 35.3359, 40.1408, 15),
    ("Raqqa", 35.9528, 39.0079, 12),
    ("Al-Hasakah", 36.5024, 40.7477, 6),
    ("Daraa", 32.6189, 36.1021, 8),
    ("Al-Bab", 36.3705, 37.5157, 5),
    ("Bamako", 12.6392, -8.0029, 5),
    ("Mopti", 14.4843, -4.1830, 10),
    ("Gao", 16.2666, -0.0400, 10),
    ("Timbuktu", 16.7666, -3.0026, 8),
    ("Menaka", 15.9182, 2.4022, 8),
    ("Kidal", 18.4411, 1.4078, 5),
    ("Segou", 13.4317, -6.2157, 4),
    ("Ouagadougou", 12.3714, -1.5197, 4),
    ("Djibo", 14.1022, -1.6306, 10),
    ("Dori", 14.0354, -0.0345, 8),
    ("Fada N'gourma", 12.0616, 0.3584, 8),
    ("Kaya", 13.0917, -1.0844, 6),
    ("Ouahigouya", 13.5828, -2.4216, 5),
    ("Niamey", 13.5128, 2.1128, 4),
    ("Tillaberi", 14.2117, 1.4531, 8),
    ("Diffa", 13.3154, 12.6113, 6),
    ("Tahoua", 14.8888, 5.2692, 3),
)
EVENT_TYPES = (
    ("armed clash", 30),
    ("attack", 20),
    ("shelling/artillery/missile attack", 15),
    ("air/drone strike", 12),
    ("remote explosive/landmine/IED", 12),
    ("abduction/kidnapping", 5),
    ("suicide bomb", 3),
    ("grenade", 2),
    ("foiled or attempted attack", 1),
)
ACTORS = (
    "Islamic State",
    "JNIM",
    "Military Forces of Iraq",
    "Military Forces of Syria",
    "Military Forces of Mali",
    "Military Forces of Burkina Faso",
    "HTS",
    "SDF",
    "Unidentified Armed Group",
    "Civilians",
)
FIRST_DAY = datetime.date(2019, 1, 1)
DAYS = (datetime.date(2023, 12, 31) - FIRST_DAY).days + 1


def default_path(incidents: int) -> Path:
    return REPO / "data" / "bench" / f"store_{incidents}.sqlite"


def synthetic_incidents(count: int, *, seed: int = 13) -> Iterator[Incident]:
    """``count`` synthetic incidents (see the module's docstring); the same for the same seed."""
    rng = random.Random(seed)
    towns = [town[:3] for town in TOWNS]
    town_weights = [town[3] for town in TOWNS]
    types = [t for t, _ in EVENT_TYPES]
    type_weights = [w for _, w in EVENT_TYPES]
    for n in range(count):
        name, lat, lon = rng.choices(towns, town_weights)[0]
        exact = rng.random() < 0.3
        if not exact:
            lat += rng.gauss(0, 0.12)
            lon += rng.gauss(0, 0.12)
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
        event_type = rng.choices(types, type_weights)[0]
        killed = int(rng.paretovariate(1.6)) - 1 if rng.random() < 0.6 else 0
        injured = int(rng.paretovariate(1.4)) - 1 if rng.random() < 0.4 else 0
        actor1, actor2 = rng.sample(ACTORS, 2)
        quote = (
            f"Synthetic report {n}: {event_type} near {name} on {day.isoformat()}, "
            f"{killed} killed and {injured} injured."
        )
        yield Incident(
            id=f"acled:SYN{n}",
            source="synthetic.csv",
            language="en",
            event_type=event_type,
            date=day.isoformat(),
            date_precision="day",
            quote=quote,
            quote_start=0,
            quote_end=len(quote),
            place_mention=name,
            place=Place(
                name if exact else f"near {name}",
                round(lat, 5),
                round(lon, 5),
                1 if exact else 2,
                "town",
            ),
            fatalities=killed,
            injured=injured,
            actor1=Actor(actor1, words=actor1),
            actor2=Actor(actor2, words=actor2),
            origin="acled",
            event_id=f"SYN{n}",
        )


def make_store(path: Path, incidents: int, *, seed: int = 13, batch: int = 50_000) -> Path:
    """Write a store of ``incidents`` synthetic incidents at ``path`` (replaced); return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    store = IncidentStore(path)
    chunk: list[Incident] = []
    for incident in synthetic_incidents(incidents, seed=seed):
        chunk.append(incident)
        if len(chunk) >= batch:
            store.import_coded(chunk, dataset="synthetic.csv")
            chunk = []
    if chunk:
        store.import_coded(chunk, dataset="synthetic.csv")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.make_store")
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    path = make_store(args.out or default_path(args.incidents), args.incidents, seed=args.seed)
    sys.stdout.write(f"{path}: {args.incidents} incidents, {path.stat().st_size / 1e6:.1f} MB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
