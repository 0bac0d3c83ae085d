"""Write ``store-v1.sqlite``: a store made by the code before schema 2 (no ``facts``).

Run from a checkout of that code (main before feat/store-sql, 829efc5):
``PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=<that checkout> python tests/data/make_store_v1.py OUT``.
The upgrade test opens a copy and checks every row and correction is kept.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

from geo.place import Place
from incidents.model import Actor, Article, Incident
from incidents.store import IncidentStore

BAGHDAD = Place("Baghdad", 33.31, 44.37, 1, "city", "IQ")
NEAR_BAGHDAD = Place("Green Zone", 33.3076, 44.3903, 1, "government zone", "IQ")


def incident(n: int, source: str, **changes: object) -> Incident:
    fields: dict[str, object] = {
        "id": f"v1-{n}",
        "source": source,
        "language": "en",
        "event_type": "air/drone strike",
        "date": "2020-07-04",
        "date_precision": "day",
        "quote": f"A strike killed people ({n}).",
        "quote_start": 0,
        "quote_end": 10,
        "place": BAGHDAD,
        "fatalities": n,
        "actor1": Actor("Military Forces of the United States", 8),
    }
    fields.update(changes)
    return Incident(**fields)  # type: ignore[arg-type]


def main(out: Path) -> None:
    store = IncidentStore(out)
    one = Article("one.txt", "Text one.", "en", date(2020, 7, 5), "day", "sha-one")
    two = Article("two.txt", "Text two.", "fr", date(2020, 7, 6), "day", "sha-two")
    store.ingest(
        one,
        [
            incident(1, "one.txt"),
            incident(2, "one.txt", place=None, date="2020-06", date_precision="month"),
        ],
    )
    store.ingest(two, [incident(3, "two.txt", place=NEAR_BAGHDAD, injured=4)])
    store.import_coded(
        [incident(4, "acled.csv", origin="acled", event_id="IRQ1", date="2021-01-02")],
        dataset="acled.csv",
    )
    store.correct_place("v1-1", Place("Basra", 30.5, 47.8, 1, "city", "IQ"), who="ana", why="map")
    con = sqlite3.connect(out)
    con.execute(
        "INSERT INTO incidents VALUES ('v1-bad', 'sha-one', 'one.txt', NULL, 'attack', '{oops')"
    )
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
