"""The Streamlit page: the incident map, its filters, table, article view and exports.

It reads state, calls the pipeline and draws; the work is done elsewhere (``incidents/``
reads, extracts and stores; ``geo/`` resolves places; ``maps/`` builds the map).

Settings (environment variables, so tests can point at temporary directories):

- ``INCIDENT_MAP_DB``: the SQLite store (default ``data/incidents.sqlite``);
- ``INCIDENT_MAP_SEEDS``: articles ingested on first start when the store is empty
  (default ``seeds/``);
- ``INCIDENT_MAP_GEOCACHE``: the geocoder's cache (default: beside the store).

Filters live in the URL: ``?month=2020-07&month=2020-06&type=air/drone strike``, and
``&origin=acled&actor=Al Shabaab``.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import getpass
import logging
import string
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from config import load_settings
from config.settings import is_database_url, shown
from geo.errors import GeoError
from geo.geonames import DEFAULT_INDEX_DIR, GeonamesCity, load_geonames_index
from incidents.article import MAX_ARTICLE_BYTES
from incidents.coded import acled_csv, ucdp_csv
from incidents.corrections import correct_location, incident_label, undo_correction
from incidents.errors import IncidentsError, StoreCorruptError
from incidents.export import geojson_text, to_csv
from incidents.extract import PlaceResolver
from incidents.highlight import article_spans, highlighted_html, legend_html
from incidents.intake import Outcome, date_field_problem, import_dataset, submit_article
from incidents.model import Article, Incident
from incidents.pipeline import (
    LazyPipelines,
    article_paths,
    load_resources,
    process_article,
    process_paths,
)
from incidents.query import (
    describe_filters,
    event_count_text,
    figures_note,
    month_frame,
    months_between,
    page_frame,
    unresolved_by_article,
    unresolved_names,
)
from incidents.store import (
    Bounds,
    Figures,
    FilterOptions,
    IncidentFilter,
    IncidentStore,
    Page,
    RowProblem,
)
from incidents.store import open_store as open_store_at
from incidents.urlstate import Choices, ViewState, parse_query, to_query
from maps.aggregate import (
    MARKER_LIMIT,
    Granularity,
    ViewLayer,
    cell_degrees,
    cells_from_grid,
    period_granularity,
    snap_bounds,
    timeline_from_counts,
    timeline_of_cells,
    view_mode,
    zoom_for,
)
from maps.aggregate import Timeline as AggregateTimeline
from maps.assets import install as install_assets
from maps.assets import is_installed as assets_installed
from maps.build import (
    REFERENCE_LIMIT,
    build_base_map,
    build_map,
    data_layer,
    reference_bounds,
)
from maps.errors import MapsError
from maps.snapshot import caption_text, chromium_path, render_png, standalone_html
from maps.timeline import TimelinePosition

logger = logging.getLogger("dashboard")

CODED_KINDS = {"ACLED export": "acled", "UCDP GED CSV": "ucdp"}
SETTINGS = load_settings()  # read once per run of the page (tests change the environment)
DB_PATH = SETTINGS.store  # a SQLite file, or a PostgreSQL URL (a store shared with others)
DB_SHOWN = shown(DB_PATH)  # as messages name it: never a password
SEEDS_DIR = SETTINGS.seeds
GEOCACHE_PATH = SETTINGS.geocache_for(DB_PATH)
MAP_HEIGHT = 560
ARTICLE_LIMIT_TEXT = f"{MAX_ARTICLE_BYTES / 2**20:g} MB ({MAX_ARTICLE_BYTES:,} bytes)"
# Up to this many located incidents the map carries each with its popup and its own place on
# the timeline (one page); above, the map at scale: a base map that stays and a layer for the
# view (cells or markers, counts per period) swapped on each pan, zoom or filter.
SMALL_MAP = 500
# At most this many incidents are read whole for the map files (the deadliest first beyond
# it), and 4 × LIST_LIMIT for the unresolved names; figures, chart, tables (PAGE_SIZE rows a
# page) and the other exports cover them all.
MAP_LIMIT = 2000
LIST_LIMIT = 500
PAGE_SIZE = 100
# A marker clicked on the map is looked for in this many pages of the table.
MAP_SELECT_PAGES = 20
# Past this many articles the article picker lists only those matching the text typed above it.
ARTICLE_CHOICES = 100
# Markdown (st.error, st.caption…) shows text from articles only with every ASCII punctuation
# mark backslash-escaped, which CommonMark reads as the mark itself: no link, image, emphasis,
# math or Streamlit directive can come from an article, a file name or a search.
_MARKDOWN_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})


def md(text: object) -> str:
    """``text`` as Markdown that displays exactly ``text``."""
    return str(text).translate(_MARKDOWN_ESCAPES)


@contextmanager
def page_part(name: str) -> Iterator[None]:
    """One part of the page: if it fails, it says so and the other parts still show."""
    try:
        yield
    except Exception as err:  # the page outlives any one part's failure; logged in full
        logger.exception("page part %r failed", name)
        st.error(md(f"The {name} could not be shown: {err!r}. The rest of the page still works."))


# --- Resources and data (cached; heavy objects passed in, never read from globals) -----


@st.cache_resource(show_spinner=False)
def ensure_assets() -> bool:
    """Copy the map's JS/CSS into static/vendor/ if ``make setup`` has not."""
    if not assets_installed():
        install_assets()
    return True


@st.cache_resource(show_spinner=False)
def get_store(db_path: str) -> IncidentStore:
    """The incident store (a SQLite file, or PostgreSQL for a ``postgresql://`` URL), opened
    and checked once per server process."""
    if not is_database_url(db_path):
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    return open_store_at(db_path)


@st.cache_resource(show_spinner="Loading the gazetteer and the language models…")
def get_resources(geocache: str) -> tuple[LazyPipelines, PlaceResolver]:
    """``(nlp_by_language, resolver)``: spaCy pipelines (loaded lazily) and the geocoder."""
    return load_resources(geocache=Path(geocache))


# The store's answers, cached per filter and per version of the file (its mtime and size): a
# rerun with the same filters asks the store nothing; any write changes the version.
@st.cache_data(show_spinner=False, max_entries=256)
def store_options(_store: IncidentStore, db_path: str, version: tuple[int, int]) -> FilterOptions:
    return _store.options()


@st.cache_data(show_spinner=False, max_entries=4)
def store_problems(
    _store: IncidentStore, db_path: str, version: tuple[int, int]
) -> list[RowProblem]:
    return _store.problems()


@st.cache_data(show_spinner=False, max_entries=256)
def store_figure_pair(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter
) -> tuple[Figures, Figures]:
    return _store.figures_with_located(flt)


def store_figures(
    store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter
) -> Figures:
    """The figures of ``flt``: those of every incident it keeps and of its located ones are
    asked together, once per filter (the page shows both)."""
    if flt.located is False:
        return store_unlocated_figures(store, db_path, version, flt)
    pair = store_figure_pair(store, db_path, version, dataclasses.replace(flt, located=None))
    return pair[1] if flt.located else pair[0]


@st.cache_data(show_spinner=False, max_entries=64)
def store_unlocated_figures(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter
) -> Figures:
    return _store.figures(flt)


@st.cache_data(show_spinner=False, max_entries=64)
def store_date_range(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter
) -> tuple[str | None, str | None]:
    """The first and last dates of the incidents ``flt`` keeps (a pass over the rows at
    1,000,000 incidents: 1.1-1.5 s on every run before it was cached)."""
    return _store.date_range(flt)


@st.cache_data(show_spinner=False, max_entries=256)
def store_chart(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter
) -> pd.DataFrame:
    return month_frame({c.period: c.incidents for c in _store.month_counts(flt)})


@st.cache_data(show_spinner=False, max_entries=256)
def store_page(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter, page: int
) -> Page:
    return _store.page(flt, offset=page * PAGE_SIZE, limit=PAGE_SIZE)


@st.cache_data(show_spinner=False, max_entries=64)
def map_incidents(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter
) -> list[Incident]:
    """The located incidents the map draws: all of them up to :data:`MAP_LIMIT`, else the
    deadliest :data:`MAP_LIMIT` (the store's ``points`` order)."""
    located = dataclasses.replace(flt, located=True)
    if _store.figures(located).incidents <= MAP_LIMIT:
        return list(_store.select(located))
    ids = [p.id for p in _store.points(located, limit=MAP_LIMIT)]
    found = _store.incidents_of(ids)
    return [found[i] for i in ids if i in found]


@st.cache_data(show_spinner=False)
def towns_around(bounds: tuple[float, float, float, float] | None) -> list[GeonamesCity]:
    """The map's offline context: the largest GeoNames towns around the incidents shown."""
    if bounds is None:
        return []
    try:
        return load_geonames_index(DEFAULT_INDEX_DIR).largest_within(*bounds, limit=REFERENCE_LIMIT)
    except GeoError as err:
        logger.warning("no towns on the map: %s", err)
        return []


def extract_article(article: Article, geocache: Path) -> list[Incident]:
    """The incidents of an article, with the cached language pipelines and resolver."""
    nlp_by_language, resolver = get_resources(str(geocache))
    return process_article(article, nlp_by_language=nlp_by_language, resolver=resolver)


def ingest_seeds(
    store: IncidentStore,
    seeds_dir: Path,
    geocache: Path,
    *,
    progress: Callable[[int, int, int], None] | None = None,
) -> tuple[int, list[str]]:
    """First start: put the seed articles into an empty store; returns (added, errors).
    ``progress(articles done, articles in all, incidents added)`` is called before the
    first article (while the language models load) and after each one."""
    paths = article_paths([seeds_dir])
    if progress is not None:
        progress(0, len(paths), 0)
    nlp_by_language, resolver = get_resources(str(geocache))
    added, errors = 0, []
    for done, result in enumerate(
        process_paths(paths, nlp_by_language=nlp_by_language, resolver=resolver), 1
    ):
        error = result.error
        if result.ok and result.article is not None:
            try:
                added += store.ingest(result.article, result.incidents)
            except IncidentsError as err:  # this article only; the others still go in
                error = str(err)
        if error is not None:
            errors.append(f"{result.path}: {error}")
        if progress is not None:
            progress(done, len(paths), added)
    logger.info("ingested %d incidents from %s (%d errors)", added, seeds_dir, len(errors))
    return added, errors


# --- Small page helpers -------------------------------------------------------------------


def export_geojson(store: IncidentStore, flt: IncidentFilter) -> str:
    """The filtered incidents as GeoJSON, streamed from the store's query."""
    return geojson_text(store.select(flt))


def deferred(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
    """A no-argument callable for ``st.download_button(data=...)``: runs on click only."""
    return lambda: fn(*args, **kwargs)


# --- Callbacks (run before the rerun, so the page shows their effect at once) --------------


def on_add_article() -> None:
    """Form callback: the upload or pasted text becomes an article, stored with its incidents."""
    state, upload = st.session_state, st.session_state.get("add_file")
    typed = {key: state.get(key) or "" for key in ("add_text", "add_date", "add_source")}
    today = datetime.date.today()
    if typed["add_date"].strip() and (
        problem := date_field_problem(typed["add_date"].strip(), today=today)
    ):  # said beside the field; the pasted text and the rest are kept
        state["add_keep"], state["add_date_error"] = typed, problem
        return
    outcome = submit_article(
        get_store(str(DB_PATH)),
        upload=(upload.name, upload.getvalue()) if upload is not None else None,
        pasted=typed["add_text"],
        typed_name=typed["add_source"],
        date_field=typed["add_date"],
        extract=lambda article: extract_article(article, GEOCACHE_PATH),
        today=today,
    )
    show_later("add_result", outcome)
    if outcome.kind == "error":  # nothing stored: what was typed stays in the form
        state["add_keep"] = typed
    if outcome.source:  # the article view opens on the new article (or its stored twin)
        state["article_pick"] = outcome.source


def on_correct(by_id: dict[str, Incident]) -> None:
    """Form callback: store the chosen place (by name or coordinates) as a correction."""
    state = st.session_state
    if (incident := by_id.get(state.get("fix_incident") or "")) is None:
        return
    by_name = state.get("fix_mode") == "Place name"
    fields = (state.get("fix_lat", ""), state.get("fix_lon", ""), state.get("fix_label") or "")
    outcome = correct_location(
        get_store(str(DB_PATH)),
        incident,
        place_name=state.get("fix_name") or "" if by_name else None,
        point=None if by_name else fields,
        resolver=get_resources(str(GEOCACHE_PATH))[1] if by_name else None,
        who=state.get("fix_who") or default_user(),
        why=state.get("fix_why") or "",
    )
    show_later("fix_result", outcome)


def on_add_coded() -> None:
    """Form callback: import an ACLED or UCDP GED CSV; bad rows are listed by line."""
    upload = st.session_state.get("coded_file")
    if upload is None:
        show_later("coded_result", Outcome("error", "Choose a .csv file first."))
        return
    origin = CODED_KINDS[st.session_state.get("coded_kind", "ACLED export")]
    outcome = import_dataset(
        get_store(str(DB_PATH)), name=upload.name, data=upload.getvalue(), origin=origin
    )
    show_later("coded_result", outcome)


def show_later(key: str, outcome: Outcome) -> None:
    """Keep a callback's outcome for the form to show on the run it triggers."""
    st.session_state[key] = (outcome.kind, outcome.message)


def on_table_select(ids: list[str], store: IncidentStore, key: str = "incident_table") -> None:
    """A row selected in the table (``ids``: its incidents in row order; ``key``: the
    table's): the map opens its incident's popup (through the URL's ``incident``) and the
    correction picker is set to it."""
    state = st.session_state
    selection = state.get(key)
    rows = list(getattr(getattr(selection, "selection", None), "rows", None) or [])
    if not rows and isinstance(selection, dict):
        rows = list(selection.get("selection", {}).get("rows", []))
    if rows and 0 <= rows[0] < len(ids):
        st.query_params["incident"] = ids[rows[0]]
        state["map_reopen"], state["table_picked"] = True, ids[rows[0]]
        state["fix_incident"] = ids[rows[0]]
        state["fix_from_table"] = True
        on_pick_incident(store.incidents_of([ids[rows[0]]]))


def timeline_filter(flt: IncidentFilter, position: TimelinePosition) -> IncidentFilter:
    """``flt`` narrowed to what the map's timeline shows at ``position`` (its days; an
    incident whose period overlaps them counts, as a month-precision one shows faded)."""
    if position.shows_everything:
        return flt
    first, last = position.bounds()
    end = min(filter(None, [flt.end, last.isoformat()]))
    starts = [day for day in (flt.start, first.isoformat() if first else None) if day]
    return dataclasses.replace(flt, start=max(starts) if starts else None, end=end)


def select_from_map(
    store: IncidentStore,
    db: str,
    version: tuple[int, int],
    flt: IncidentFilter,
    reported: object,
    pages: int,
) -> str | None:
    """The incident a marker click chose (the map's ``selected``), once per click: its table
    page is shown (among the first :data:`MAP_SELECT_PAGES`), the table starts with its row
    selected (a new table key) and the correction picker is set to it. Returns its id while
    it stays the map's choice."""
    state = st.session_state
    selected = reported.get("selected") if isinstance(reported, dict) else None
    if not isinstance(selected, str) or not selected:
        return None
    if selected in (state.get("map_selected_done"), state.get("table_picked")):
        return selected if state.get("map_selected_done") == selected else None
    state["map_selected_done"] = selected
    for number in range(min(pages, MAP_SELECT_PAGES)):
        ids = [row.id for row in store_page(store, db, version, flt, number).rows]
        if selected in ids:
            state["table_page"] = number + 1
            state["table_from_map"] = state.get("table_from_map", 0) + 1
            state["fix_incident"] = selected
            on_pick_incident(store.incidents_of([selected]))
            return selected
    return None


def show_result(key: str) -> None:
    result = st.session_state.pop(key, None)
    if result:
        kind, message = result
        {"error": st.error, "warning": st.warning}.get(kind, st.success)(md(message))


# --- Filters and the URL --------------------------------------------------------------------


def url_params() -> dict[str, list[str]]:
    """Every query parameter with all its values."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def init_view_from_url(choices: Choices) -> None:
    """Once per session: the link's view sets the filter widgets; each value that cannot be
    used is kept for a warning (and left out of the URL by :func:`sync_url`)."""
    state = st.session_state
    if state.get("view_from_url"):
        return
    state["view_from_url"] = True
    view, problems = parse_query(url_params(), choices)
    if view.months:
        state["f_month_mode"] = "Pick months"
        state["f_months"] = list(view.months)
    state["f_types"] = list(view.types)
    state["f_origins"] = list(view.origins)
    state["f_actors"] = list(view.actors)
    state["f_min_casualties"] = view.min_casualties
    state["f_text"] = view.text
    state["f_start"] = datetime.date.fromisoformat(view.start) if view.start else None
    state["f_end"] = datetime.date.fromisoformat(view.end) if view.end else None
    state["url_problems"] = [problem.message() for problem in problems]


def linked_incidents(store: IncidentStore) -> frozenset[str]:
    """The ids in the URL's ``incident`` parameter that the store has."""
    wanted = st.query_params.get_all("incident")
    return frozenset(store.incidents_of(wanted)) if wanted else frozenset()


def map_view_in_url(incident_ids: Collection[str]) -> ViewState:
    """The map's view and open incident as the URL holds them now (the map writes them there
    as it moves, see ``maps.build``); values that cannot be used are left out."""
    current = url_params()
    view, _ = parse_query(
        {key: current[key] for key in ("map", "incident") if key in current},
        Choices(incidents=incident_ids),
    )
    return view


def sync_url(filters: ViewState, map_view: ViewState) -> None:
    """The URL says what the page shows: the filters, the map's view, the open incident."""
    query = to_query(
        dataclasses.replace(
            filters, center=map_view.center, zoom=map_view.zoom, incident=map_view.incident
        )
    )
    if query != url_params():
        st.query_params.from_dict(query)


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the sidebar keeps."""

    months: list[str]
    types: list[str]
    min_casualties: int
    text: str
    origins: list[str]
    actors: list[str]
    month_mode: str = "All"
    start: datetime.date | None = None
    end: datetime.date | None = None

    def query(self) -> IncidentFilter:
        """The store's filter. "Pick months" with none picked keeps every month, as before."""
        return IncidentFilter.make(
            months=self.months,
            types=self.types,
            actors=self.actors,
            origins=self.origins,
            min_casualties=self.min_casualties,
            text=self.text,
            start=self.start.isoformat() if self.start else None,
            end=self.end.isoformat() if self.end else None,
        )

    def describe(self) -> str:
        text = describe_filters(
            months=self.months,
            types=self.types,
            min_casualties=self.min_casualties,
            text=self.text,
            origins=self.origins,
            actors=self.actors,
        )
        if self.start is None and self.end is None:
            return text
        return f"{text} · dates {self.start or '…'} to {self.end or '…'}"

    def view(self) -> ViewState:
        return ViewState(
            months=tuple(self.months),
            start=self.start.isoformat() if self.start else None,
            end=self.end.isoformat() if self.end else None,
            types=tuple(self.types),
            origins=tuple(self.origins),
            actors=tuple(self.actors),
            min_casualties=self.min_casualties,
            text=self.text,
        )


def sidebar_filters(options: FilterOptions, store: IncidentStore) -> Filters:
    """The filters the sidebar holds, read from its widgets' values in session state (set
    from the URL on a session's first run) before the widgets are drawn: the page sends the
    map first and the sidebar (:func:`draw_sidebar`) after it. The URL follows them."""
    months, types = list(options.months), list(options.types)
    origins, actors = list(options.origins), list(options.actors)
    init_view_from_url(Choices(months, types, origins, actors, linked_incidents(store)))
    filters = filters_in_state(st.session_state.to_dict(), months)
    sync_url(filters.view(), map_view_in_url(linked_incidents(store)))
    return filters


def filters_in_state(state: Mapping[str, Any], months: Sequence[str]) -> Filters:
    """What the sidebar's widgets return for the values ``state`` holds under their keys
    (a widget not drawn yet in this session: its default)."""
    mode = state.get("f_month_mode") or "All"
    chosen: list[str] = []
    if mode == "Pick months":
        chosen = list(state.get("f_months") or [])
    elif mode == "Range" and months:
        first, last = state.get("f_range") or (months[0], months[-1])
        chosen = months_between(list(months), first, last)
    start, end = state.get("f_start"), state.get("f_end")
    start = start if isinstance(start, datetime.date) else None
    end = end if isinstance(end, datetime.date) else None
    if start and end and start > end:  # said in the sidebar (draw_sidebar)
        end = None
    return Filters(
        chosen,
        list(state.get("f_types") or []),
        int(state.get("f_min_casualties") or 0),
        state.get("f_text") or "",
        list(state.get("f_origins") or []),
        list(state.get("f_actors") or []),
        mode,
        start,
        end,
    )


def draw_sidebar(options: FilterOptions) -> None:
    """The filter widgets, after the map: each keyed, so it shows (and keeps) the value the
    page already used (:func:`filters_in_state`)."""
    months, types = list(options.months), list(options.types)
    origins, actors = list(options.origins), list(options.actors)
    sb = st.sidebar
    sb.header("Filters")
    mode = sb.radio("Months", ["All", "Pick months", "Range"], key="f_month_mode", horizontal=True)
    if mode == "Pick months":
        sb.multiselect("Months to show", months, key="f_months", placeholder="All months")
    elif mode == "Range" and months:
        sb.select_slider(
            "Month range", options=months, value=(months[0], months[-1]), key="f_range"
        )
    start_col, end_col = sb.columns(2)
    start = start_col.date_input("From", key="f_start", value=None, format="YYYY-MM-DD")
    end = end_col.date_input("To", key="f_end", value=None, format="YYYY-MM-DD")
    if start and end and start > end:
        sb.warning("The date range ends before it starts: the end date is not used.")
    sb.multiselect("Event type", types, key="f_types", placeholder="All types")
    sb.multiselect(
        "Origin",
        origins,
        key="f_origins",
        placeholder="All origins",
        help="news: extracted from articles; acled, ucdp: imported coded datasets",
    )
    sb.multiselect("Actor", actors, key="f_actors", placeholder="All actors", help="either side")
    sb.number_input("Minimum killed + injured", min_value=0, step=1, key="f_min_casualties")
    sb.text_input("Search text", key="f_text", placeholder="place, quote, source…")


# --- The page -------------------------------------------------------------------------------


def open_store() -> IncidentStore:
    """The store, or a page that says why it cannot be opened and how to recover (and stops)."""
    try:
        return get_store(str(DB_PATH))
    except StoreCorruptError as err:
        st.error(md(f"The incident store is damaged, so nothing is shown: {err}"))
        st.info(
            md(
                "Nothing was changed or rebuilt: the store is your data. Stop the dashboard, "
                f"run `python -m incidents check --db {DB_SHOWN}` to see what is wrong, then "
                "`--repair` (it backs the file up first), and reload this page."
            )
        )
    except IncidentsError as err:
        st.error(md(f"The incident store cannot be opened: {err}"))
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


def first_start(store: IncidentStore) -> None:
    """Seed an empty store from ``seeds/``; never a store that was a 0-byte file (it may be a
    truncated one: the user decides)."""
    # Always one slot here, whether or not this run ingests the seeds: the elements below
    # keep their place, so the map is not remounted on the run after the first start.
    slot = st.container()
    for error in st.session_state.pop("seed_errors", []):
        slot.error(md(f"Could not ingest a seed article: {error}"))
    if not store.is_empty() or not SEEDS_DIR.is_dir() or not article_paths([SEEDS_DIR]):
        return
    if st.session_state.get("seeds_read"):  # once per session, even if they gave nothing
        return
    if store.was_zero_bytes and not st.session_state.get("seed_zero_byte_store"):
        slot.warning(
            md(
                f"The store {DB_SHOWN} was an empty (0-byte) file: if it held incidents, it was "
                "truncated; restore it from a backup. It is left empty until you choose."
            )
        )
        slot.button(
            f"Load the articles in {SEEDS_DIR}/ into it", key="seed_zero_byte_store_button",
            on_click=lambda: st.session_state.update(seed_zero_byte_store=True),
        )  # fmt: skip
        return
    # First open: the page's frame (title, a progress line, the map) shows at once; the
    # articles are read under it, then the page runs again with their incidents.
    with slot:
        st.title("Incident map")
        line = st.empty()
        line.progress(0.0, text=md(f"First start: reading the articles in {SEEDS_DIR}/…"))
        st_folium(
            build_map([]),
            key="incident_map_first_start",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
        )

    def progress(done: int, total: int, added: int) -> None:
        if done == 0:
            text = f"First start: loading the language models to read {total} article(s)…"
        else:
            text = f"First start: {done} of {total} article(s) read, {added} incident(s) found…"
        line.progress(done / max(total, 1), text=md(text))

    try:
        _, errors = ingest_seeds(store, SEEDS_DIR, GEOCACHE_PATH, progress=progress)
    except (IncidentsError, GeoError) as err:
        errors = [str(err)]
    st.session_state["seed_errors"], st.session_state["seeds_read"] = errors, True
    st.rerun()


def show_row_problems(problems: list[RowProblem]) -> None:
    """Rows of the store that could not be read: named, with how to mend them."""
    if not problems:
        return
    with st.expander(f"⚠️ {len(problems)} stored row(s) could not be read and are left out"):
        st.dataframe(
            pd.DataFrame(
                {
                    "table": [p.table for p in problems],
                    "row": [p.key for p in problems],
                    "article": [p.source for p in problems],
                    "problem": [p.reason for p in problems],
                }
            ),
            hide_index=True,
            key="row_problems",
        )
        st.caption(
            md(
                f"`python -m incidents check --repair --db {DB_SHOWN}` backs the store up and "
                "moves these rows to a quarantine table; adding their article again rebuilds them."
            )
        )


# Streamlit's own "Download as CSV" on tables writes cells as they are, formulas included; the
# exports below go through incidents.export.to_csv, which defuses them. So the tables offer none.
TABLE_CSS = '<style>button[aria-label="Download as CSV"] { display: none !important; }</style>'
# On a phone the four headline figures take two rows of two, not four rows, above the map.
PHONE_CSS = """<style>@media (max-width: 640px) {
  .st-key-figures [data-testid="stHorizontalBlock"] { flex-wrap: wrap; gap: 0.5rem; }
  .st-key-figures [data-testid="stColumn"] { flex: 1 1 40% !important; min-width: 40% !important; }
  .st-key-figures [data-testid="stMetricValue"] { font-size: 1.6rem; }
}</style>"""
# The PNG export takes seconds (a headless browser draws the map): while Streamlit fetches the
# deferred file, its button shows a spinner icon; a line of text under it says what is going on.
PNG_EXPORT_CSS = """<style>
.st-key-dl_png:has([data-testid="stSpinnerIcon"])::after {
  content: "Drawing the map as a PNG (a few seconds)…";
  display: block; margin-top: 0.25rem; font-size: 0.85rem; color: rgba(49, 51, 63, 0.75);
}</style>"""


def page_head(
    figures: Figures,
    everything: Figures,
    filtered: Figures,
    position: TimelinePosition | None,
    *,
    small: bool,
) -> None:
    """The title, the headline figures and the notes under them."""
    st.title("Incident map")
    for problem in st.session_state.get("url_problems", []):
        st.warning(md(problem), icon="⚠️")
    st.toggle(
        "Figures and table follow the timeline",
        key="follow_timeline",
        disabled=not small,
        help="On: the figures and the table show what the map's timeline shows at its "
        "position (up to its date, or its last 7/30 days). Off: every incident of the filters."
        + ("" if small else f" (For maps of up to {SMALL_MAP} located incidents.)"),
    )
    c0, c1, c2, c3 = st.container(key="figures").columns(4)
    c0.metric(
        "Incidents",
        figures.incidents,
        help="Reports: one per incident an article or row gives.",
    )
    c1.metric("Events", figures.events, help="An event several reports give counts once.")
    c2.metric(
        "Killed", figures.killed, help="Per event: the largest toll any of its reports gives."
    )
    c3.metric(
        "Injured",
        figures.injured,
        help="Per event: the largest count any of its reports gives.",
    )
    st.caption(
        md(
            f"{event_count_text(figures.incidents, figures.events)}: each view (figures, map, "
            "exports) counts these; a report of an event another report gives counts once."
        )
    )
    # Always one element here, so the map below keeps its place from run to run.
    following = (
        f"Following the timeline: {position.describe()}. "
        if position is not None and small and not position.shows_everything
        else ""
    )
    st.caption(
        md(
            following
            + (
                figures_note(everything.incidents, figures, filtered=filtered.incidents)
                or "Every incident is shown; each has a date and a casualty count."
            )
        )
    )


def main() -> None:
    st.set_page_config(page_title="Incident map", page_icon="🗺️", layout="wide")
    st.html(TABLE_CSS + PHONE_CSS + PNG_EXPORT_CSS)
    ensure_assets()
    store = open_store()
    first_start(store)
    # Any process's write changes the version (the file's, or the shared database's counter):
    # the next rerun asks the store again, so uploads and corrections made elsewhere show.
    db, version = str(DB_PATH), store.version()
    try:
        options = store_options(store, db, version)
        show_row_problems(store_problems(store, db, version))
    except IncidentsError as err:
        st.error(md(f"The incidents could not be read: {err}"))
        options = FilterOptions()

    filters = sidebar_filters(options, store)
    flt = filters.query()
    filters_text = filters.describe()
    state = st.session_state
    # The map stays from run to run (its view, open incident and timeline with it): what it
    # opens with is read from the URL only when the filters change or the table opens one.
    view = map_view_in_url(linked_incidents(store))
    pin = state.get("map_pin")
    if pin is None or pin[0] != flt or state.pop("map_reopen", False):
        for old in {pin[3] if pin else None, view.incident}:  # a new map: nothing reported yet
            state.pop(f"incident_map_{old}" if old else "incident_map", None)
        pin = state["map_pin"] = (flt, view.center, view.zoom, view.incident)
    _, pin_center, pin_zoom, pin_incident = pin
    map_key = f"incident_map_{pin_incident}" if pin_incident else "incident_map"
    reported = state.get(map_key)
    position = TimelinePosition.from_report(reported) if state.get("follow_timeline") else None
    try:
        everything = store_figures(store, db, version, IncidentFilter())
        located_figures = store_figures(store, db, version, dataclasses.replace(flt, located=True))
        # The map at scale reads its own layer; the map files of the exports read theirs on
        # click (export_section), so only the per-incident map reads them here.
        small = located_figures.incidents <= SMALL_MAP
        located = map_incidents(store, db, version, flt) if small else []
        # Figures and table follow the timeline when asked (the per-incident map only).
        shown_flt = flt if position is None or not small else timeline_filter(flt, position)
        figures = store_figures(store, db, version, shown_flt)
        filtered = store_figures(store, db, version, flt) if shown_flt != flt else figures
    except IncidentsError as err:
        st.error(md(f"The incidents could not be read: {err}"))
        everything = figures = located_figures = filtered = Figures()
        located, small, shown_flt = [], True, flt
    towns = towns_around(reference_bounds(located))

    # The title, figures and notes go in a slot above the map. At scale it is filled after
    # the map, and the sidebar drawn after it too: the map's delta is the first of the run,
    # so the browser loads its frame (its own document, scripts and data) while it draws
    # them (their lazily loaded parts come later, as the rest of the page waits for the map
    # anyway). A small map (the page whole in its first run) keeps the usual order.
    head = st.container()
    if small:
        with page_part("filters"):
            draw_sidebar(options)
        with head:
            page_head(figures, everything, filtered, position, small=small)
    with page_part("map"):
        if small:
            st_folium(
                build_map(
                    located,
                    reference_places=towns,
                    view=(pin_center, pin_zoom)
                    if pin_center is not None and pin_zoom is not None
                    else None,
                    open_incident=pin_incident,
                    share_view=True,
                    report_to_page=True,
                    report_timeline=bool(state.get("follow_timeline")),
                ),
                # st_folium keeps a map it has drawn: a newly opened incident (a table
                # click) draws it anew.
                key=map_key,
                height=MAP_HEIGHT,
                use_container_width=True,
                returned_objects=[],
            )
        else:
            scaled_map_section(store, db, version, flt, options)
    drawn = (
        ""
        if not small or len(located) >= located_figures.incidents
        else f" (the {len(located)} with the largest tolls drawn)"
    )
    st.caption(
        md(
            f"Map: {event_count_text(located_figures.incidents, located_figures.events)} "
            f"located{drawn} · {filters_text}. "
            "Press ▶ under the map to replay them in time; the layer button switches to "
            "OpenStreetMap tiles when online."
        )
    )

    if not small:
        with head:
            page_head(figures, everything, filtered, position, small=small)
        with page_part("filters"):
            draw_sidebar(options)
    if rest_of_page_waits(small):
        return
    page_rows: list[str] = []
    left, right = st.columns([2, 1])
    with left, page_part("table of incidents"):
        st.subheader("Incidents")
        pages = max(1, -(-figures.incidents // PAGE_SIZE))
        picked_row = select_from_map(store, db, version, shown_flt, reported, pages)
        number = page_picker(pages, key="table_page")
        page = store_page(store, db, version, shown_flt, number - 1)
        page_rows = [row.id for row in page.rows]
        # A marker clicked on the map selects its row: a table of another key (a new one
        # per click) that starts with that row selected.
        from_map = state.get("table_from_map", 0)
        table_key = f"incident_table_{from_map}" if from_map else "incident_table"
        chosen = [page_rows.index(picked_row)] if picked_row in page_rows else []
        st.dataframe(
            page_frame(page.rows),
            key=table_key,
            hide_index=True,
            column_config={"quote": st.column_config.TextColumn(width="large")},
            on_select=functools.partial(on_table_select, page_rows, store, table_key),
            selection_mode="single-row",
            selection_default={"selection": {"rows": chosen, "columns": []}} if chosen else None,
        )
        st.caption(
            md(
                f"Rows {page.offset + 1 if page.rows else 0}-{page.offset + len(page.rows)} of "
                f"{page.total:,}, by date. Select a row to show it on the map and to correct its "
                "location below."
            )
        )
    with right, page_part("chart and unlocated incidents"):
        st.subheader("Incidents per month")
        chart = store_chart(store, db, version, flt)
        if len(chart):
            st.bar_chart(chart, x="month", y="incidents", height=260)
        else:
            st.info("No incident matches the filters.")
        unlocated_section(store, flt, figures)

    with page_part("export section"):
        if small:
            export_section(store, flt, figures, filters_text, lambda: (located, towns))
        else:
            export_section(store, flt, figures, filters_text, lambda: map_files_data(store, flt))
    with page_part("article view"):
        article_section(store, options)
    with page_part("form to add an article"):
        add_article_section()
    with page_part("form to add a coded dataset"):
        add_coded_section()
    with page_part("correction form"):
        correction_section(store, page_rows)


@st.cache_data(show_spinner=False, max_entries=64)
def unlocated_page(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter, page: int
) -> list[Incident]:
    """One page (:data:`PAGE_SIZE` rows, by date) of the unlocated incidents ``flt`` keeps."""
    unlocated = dataclasses.replace(flt, located=False)
    return list(_store.select(unlocated, limit=PAGE_SIZE, offset=page * PAGE_SIZE))


@st.cache_data(show_spinner=False, max_entries=64)
def unresolved_sample(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter
) -> tuple[dict[str, str], int]:
    """The names nothing resolved, by article, in the first ``4 × LIST_LIMIT`` incidents ``flt``
    keeps; and how many incidents that sample held."""
    sample = list(_store.select(flt, limit=LIST_LIMIT * 4))
    return unresolved_by_article(sample), len(sample)


def page_picker(pages: int, *, key: str) -> int:
    """The page (from 1) of a list of ``pages`` pages: a number input under ``key`` when
    there is more than one; a page kept from a longer list falls back to the first."""
    if st.session_state.get(key, 1) > pages:
        st.session_state[key] = 1
    if pages == 1:
        return 1
    return int(
        st.number_input(
            f"Page (of {pages:,}, {PAGE_SIZE} rows each)",
            min_value=1,
            max_value=pages,
            step=1,
            key=key,
        )
    )


def unlocated_section(store: IncidentStore, flt: IncidentFilter, figures: Figures) -> None:
    """The unlocated incidents, a page at a time, and the names nothing resolved (cached per
    filter and store version)."""
    st.subheader("Unlocated incidents")
    db, version = str(DB_PATH), store.version()
    number = page_picker(max(1, -(-figures.unlocated // PAGE_SIZE)), key="unlocated_page")
    unlocated = unlocated_page(store, db, version, flt, number - 1)
    if unlocated:
        st.dataframe(
            pd.DataFrame(
                {
                    "unresolved place": [unresolved_names(i) for i in unlocated],
                    "date": [i.date or "" for i in unlocated],
                    "event type": [i.event_type for i in unlocated],
                    "source": [i.source for i in unlocated],
                }
            ),
            key="unlocated_table",
            hide_index=True,
        )
        if figures.unlocated > len(unlocated):
            first = (number - 1) * PAGE_SIZE + 1
            st.caption(
                md(f"Rows {first}-{first + len(unlocated) - 1} of {figures.unlocated:,}, by date.")
            )
    else:
        st.caption("Every incident shown has a location.")
    unresolved, sampled = unresolved_sample(store, db, version, flt)
    if unresolved:
        more = "" if sampled >= figures.incidents else f", in the first {sampled} shown"
        with st.expander(f"Place names nothing resolved ({len(unresolved)} article(s){more})"):
            st.dataframe(
                pd.DataFrame(
                    {"article": list(unresolved), "unresolved names": list(unresolved.values())}
                ),
                key="unresolved_table",
                hide_index=True,
            )


# --- The map at scale ---------------------------------------------------------------------

SCALED_MAP_KEY = "incident_map_scaled"


@st.cache_data(show_spinner=False, max_entries=4)
def store_extent(
    _store: IncidentStore, db_path: str, version: tuple[int, int]
) -> tuple[float, float, float, float] | None:
    """The box of the store's located incidents, to the degree (the store's 1° cells holding
    its ends, read from its indexes: no pass over the rows)."""
    ends = _store.extent()
    if ends is None:
        return None
    south, west, north, east = (int(end + 180.0) for end in ends)  # as the store's cells
    return (
        max(-90.0, south - 180.0),
        max(-180.0, west - 180.0),
        min(90.0, north + 1 - 180.0),
        min(180.0, east + 1 - 180.0),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def map_granularity(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter
) -> Granularity:
    """The timeline's periods: days over three months at most, else months."""
    return period_granularity(*_store.date_range(dataclasses.replace(flt, located=True)))


@st.cache_data(show_spinner=False, max_entries=64)
def map_timeline(
    _store: IncidentStore, db_path: str, version: tuple[int, int], flt: IncidentFilter
) -> AggregateTimeline:
    """The timeline's counts per period (:func:`map_granularity`)."""
    located = dataclasses.replace(flt, located=True)
    period = map_granularity(_store, db_path, version, flt)
    counts = _store.month_counts(located, period=period)
    return timeline_from_counts([(c.period, c.incidents, c.killed) for c in counts], period)


def returned_view() -> tuple[tuple[float, float, float, float] | None, float | None]:
    """The map's bounds (south, west, north, east) and zoom as the browser last sent them."""
    value = st.session_state.get(SCALED_MAP_KEY) or {}
    bounds, zoom = value.get("bounds") or {}, value.get("zoom")
    try:
        south_west, north_east = bounds["_southWest"], bounds["_northEast"]
        box = (
            max(-90.0, float(south_west["lat"])),
            max(-180.0, float(south_west["lng"])),
            min(90.0, float(north_east["lat"])),
            min(180.0, float(north_east["lng"])),
        )
        Bounds(*box)  # a box on the globe, else none
    except (KeyError, TypeError, ValueError):
        box = None
    return box, float(zoom) if isinstance(zoom, int | float) else None


@st.cache_data(show_spinner=False, max_entries=256)
def view_layer(
    _store: IncidentStore,
    db_path: str,
    version: tuple[int, int],
    flt: IncidentFilter,
    bounds: tuple[float, float, float, float] | None,
    zoom: float,
    located: int,
) -> ViewLayer:
    """The layer of one view (filter, snapped bounds, zoom, store version), asked of the store
    once: the store's grid cells (with their counts per period, one query) above
    MARKER_LIMIT incidents in view, else its points (the deadliest MARKER_LIMIT) as markers
    with their popups. When the view holds every one of the filter's ``located`` incidents,
    the timeline is the sum of its cells' periods (no query of its own)."""
    granularity = map_granularity(_store, db_path, version, flt)
    cell_deg = cell_degrees(zoom)
    view = dataclasses.replace(flt, located=True, bounds=Bounds(*bounds) if bounds else None)
    grid = _store.grid_with_periods(view, cell_size=cell_deg, period=granularity)
    in_view = sum(cell.count for cell in grid.cells)
    if view_mode(in_view, zoom) == "markers":
        ids = [point.id for point in _store.points(view, limit=MARKER_LIMIT)]
        found = _store.incidents_of(ids)
        shown = tuple(found[i] for i in ids if i in found)
        note = f"{in_view:,} incidents in view"
        if len(shown) < in_view:
            note += f": the {len(shown):,} deadliest drawn"
        return ViewLayer(incidents=shown, note=note)
    if in_view == located:
        timeline = timeline_of_cells(grid.periods, granularity)
    else:
        timeline = map_timeline(_store, db_path, version, flt)
    cells = cells_from_grid(
        [(c.row, c.col, c.count, c.killed, c.lat, c.lon) for c in grid.cells],
        cell_size=cell_deg,
        periods=[(r, c, k, n) for r, c, k, n, _ in grid.periods],
        timeline=timeline,
    )
    note = f"{in_view:,} incidents in view, in {len(cells):,} clusters: click one to zoom in"
    return ViewLayer(cells=tuple(cells), note=note, timeline=timeline)


@st.fragment
def scaled_map_section(
    store: IncidentStore,
    db: str,
    version: tuple[int, int],
    flt: IncidentFilter,
    options: FilterOptions,
) -> None:
    """The map at scale: the base map (the whole store's extent and types) stays; the layer
    of the view (:func:`view_layer`, cached per filter, snapped bounds, zoom and store
    version) is swapped by st_folium without reloading the map. A fragment: a pan or a zoom
    reruns this function only, not the page. On a session's first run the rest of the page
    waits for the map (:func:`rest_of_page_waits`): once the browser has painted the map's
    first layer, its report (``painted``) runs the whole page again, this time with
    everything; its reports of the view before that run this function only."""
    reported = st.session_state.get(SCALED_MAP_KEY) or {}
    if reported.get("painted") and not st.session_state.get(REST_SHOWN):
        st.session_state[REST_SHOWN] = True
        st.rerun(scope="app")
    extent = store_extent(store, db, version)
    bounds, zoom = returned_view()
    if bounds is None:
        bounds = extent
    if zoom is None:
        zoom = zoom_for(bounds) if bounds else 5.0
    zoom = float(round(zoom))
    if bounds is not None:
        bounds = snap_bounds(bounds, cell_degrees(zoom))
    located = store_figures(store, db, version, dataclasses.replace(flt, located=True))
    layer = view_layer(store, db, version, flt, bounds, zoom, located.incidents)
    timeline = layer.timeline or map_timeline(store, db, version, flt)
    st_folium(
        build_base_map(
            bounds=extent, event_types=list(options.types), share_view=True, report_painted=True
        ),
        key=SCALED_MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=data_layer(
            cells=layer.cells, incidents=layer.incidents, timeline=timeline, note=layer.note
        ),
        returned_objects=["bounds", "zoom"],
    )


REST_SHOWN = "rest_of_page_shown"


def rest_of_page_waits(small: bool) -> bool:
    """True until the map at scale has painted in this session: the page stops after the
    map, so the browser draws the map first; the map's report that it has painted (a rerun)
    brings the rest."""
    if small or st.session_state.get(REST_SHOWN):
        return False
    st.caption("The table, chart, exports and forms appear once the map has drawn…")
    return True


def export_section(
    store: IncidentStore,
    flt: IncidentFilter,
    figures: Figures,
    filters_text: str,
    map_data: Callable[[], tuple[list[Incident], list[GeonamesCity]]],
) -> None:
    """Downloads of the filtered set: the files are written on click, streamed from the
    store's query (the map files: ``map_data()``, the incidents and towns they draw)."""
    st.subheader("Export the current view")
    first, last = store_date_range(store, str(DB_PATH), store.version(), flt)
    span = "" if first is None else first if first == last else f"{first} to {last}"
    caption = caption_text(filters_text, figures.incidents, span=span, events=figures.events)
    st.caption(
        md(
            f"{event_count_text(figures.incidents, figures.events)}. The ACLED- and UCDP-style "
            "files have one row per incident; `duplicate_of` names the row that stands for the "
            "event, so the rows where it is empty are the events counted above."
        )
    )
    try:
        chromium: str | None = chromium_path()
    except MapsError as err:
        chromium, no_png = None, f"PNG export unavailable: {err}"
    downloads = {
        "dl_html": ("Map (standalone HTML)", "incident-map.html", "text/html",
                    deferred(_html, map_data, caption)),
        "dl_png": ("Map (PNG)", "incident-map.png", "image/png",
                   deferred(_png, map_data, caption, chromium) if chromium else None),
        "dl_csv": ("Incidents (CSV)", "incidents.csv", "text/csv",
                   lambda: to_csv(store.select(flt))),
        "dl_geojson": ("Incidents (GeoJSON)", "incidents.geojson", "application/geo+json",
                       deferred(export_geojson, store, flt)),
        "dl_acled": ("ACLED-style CSV", "incidents-acled.csv", "text/csv",
                     lambda: acled_csv(store.select(flt), store.twins(flt))),
        "dl_ucdp": ("UCDP GED-style CSV", "incidents-ucdp-ged.csv", "text/csv",
                    lambda: ucdp_csv(store.select(flt), store.twins(flt))),
    }  # fmt: skip
    for column, (key, (label, file_name, mime, data)) in zip(
        st.columns(len(downloads)), downloads.items(), strict=True
    ):
        if data is None:
            column.info(md(no_png))
            continue
        column.download_button(
            label, data=data, file_name=file_name, mime=mime, key=key, on_click="ignore"
        )


def map_files_data(
    store: IncidentStore, flt: IncidentFilter
) -> tuple[list[Incident], list[GeonamesCity]]:
    """What the map files draw at scale: the deadliest :data:`MAP_LIMIT` located incidents
    and the towns around them (read on click)."""
    located = map_incidents(store, str(DB_PATH), store.version(), flt)
    return located, towns_around(reference_bounds(located))


def _html(map_data: Callable[[], tuple[list[Incident], list[GeonamesCity]]], caption: str) -> str:
    shown, towns = map_data()
    return standalone_html(shown, caption=caption, reference_places=towns)


def _png(
    map_data: Callable[[], tuple[list[Incident], list[GeonamesCity]]],
    caption: str,
    chromium: str,
) -> bytes:
    return render_png(_html(map_data, caption), chromium=chromium)


@st.cache_data(show_spinner=False, max_entries=4)
def article_choices(
    _store: IncidentStore, db_path: str, version: tuple[int, int]
) -> tuple[str, ...]:
    """Every article the page can show: the stored articles and the sources of incidents."""
    options = store_options(_store, db_path, version)
    return tuple(sorted(set(_store.article_names()) | set(options.sources)))


def matching_articles(names: Sequence[str], text: str, *, limit: int) -> list[str]:
    """The first ``limit`` names holding ``text`` (any case), in order."""
    wanted = text.strip().casefold()
    found: list[str] = []
    for name in names:
        if wanted in name.casefold():
            found.append(name)
            if len(found) >= limit:
                break
    return found


def article_section(store: IncidentStore, options: FilterOptions) -> None:
    """One article with its incidents highlighted. Past :data:`ARTICLE_CHOICES` articles the
    picker lists only those whose name holds the text typed above it (a bounded list)."""
    st.subheader("Read an article")
    names = article_choices(store, str(DB_PATH), store.version())
    if not names:
        st.info("No article stored yet.")
        return
    state = st.session_state
    if len(names) > ARTICLE_CHOICES:
        find = st.text_input(
            "Find an article (part of its name)", key="article_find", placeholder="name…"
        )
        shown = matching_articles(names, find or "", limit=ARTICLE_CHOICES)
        st.caption(
            md(
                f"{len(names):,} articles: the first {len(shown):,} whose name holds "
                f"“{find}” listed."
                if find
                else f"{len(names):,} articles: the first {len(shown):,} listed; type part of a "
                "name to find another."
            )
        )
    else:
        shown = list(names)
    picked = state.get("article_pick")
    if picked not in names or (picked not in shown and shown):
        picked = state["article_pick"] = shown[0] if shown else names[0]
    if picked not in shown:
        shown = [picked, *shown]
    source = st.selectbox("Article", shown, key="article_pick")
    text, spans = article_view(store, str(DB_PATH), store.version(), source)
    if not text:
        # A coded dataset's rows (or an article whose text is not kept): nothing to
        # highlight, so its incidents (thousands for a dataset) are not read.
        st.caption(md(f"No text is stored for {source}: its incidents are in the table."))
        return
    st.html(legend_html())
    st.html(highlighted_html(text, spans))


@st.cache_data(show_spinner=False, max_entries=16)
def article_view(
    _store: IncidentStore, db_path: str, version: tuple[int, int], source: str
) -> tuple[str, list[tuple[int, int, str]]]:
    """An article's text and the spans to highlight in it (none read without a text)."""
    text = _store.article_text(source) or ""
    if not text:
        return "", []
    incidents = list(_store.select(IncidentFilter(sources=(source,))))
    return text, list(article_spans(incidents, source))


def add_coded_section() -> None:
    st.subheader("Add a coded dataset")
    show_result("coded_result")
    with st.form("add_coded", clear_on_submit=True):
        st.file_uploader(
            "An ACLED export or a UCDP GED CSV (columns found by name)",
            type=["csv"],
            key="coded_file",
        )
        st.radio("Format", list(CODED_KINDS), key="coded_kind", horizontal=True)
        st.form_submit_button("Import dataset", on_click=on_add_coded, key="coded_submit")


def add_article_section() -> None:
    st.subheader("Add an article")
    show_result("add_result")
    state = st.session_state
    # The form clears on submit; what a refused submission had typed comes back.
    state.update(state.pop("add_keep", {}))
    date_error = state.pop("add_date_error", None)
    with st.form("add_article", clear_on_submit=True):
        st.file_uploader(
            f"A .txt article (up to {ARTICLE_LIMIT_TEXT})",
            type=["txt"],
            key="add_file",
            max_upload_size=1,
            help=f"One limit for an article, pasted or uploaded: {ARTICLE_LIMIT_TEXT}.",
        )
        st.text_area("…or paste its text", key="add_text", height=140)
        cols = st.columns(2)
        cols[0].text_input("Publication date (YYYY-MM or YYYY-MM-DD, optional)", key="add_date")
        if date_error:
            cols[0].error(md(date_error))
        cols[1].text_input("Name for pasted text (optional)", key="add_source")
        st.form_submit_button("Add article", on_click=on_add_article, key="add_submit")


def on_pick_incident(by_id: dict[str, Incident]) -> None:
    """The coordinate inputs start at the chosen incident's point (else the map's centre)."""
    state = st.session_state
    chosen = by_id.get(state.get("fix_incident") or "")
    place = chosen.place if chosen is not None else None
    state["fix_lat"] = f"{place.lat:.5f}" if place else ""
    state["fix_lon"] = f"{place.lon:.5f}" if place else ""
    state["fix_label"] = ""


def default_user() -> str:
    """Who corrects, unless they type a name: the system user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "unknown"


def on_undo_correction(by_id: dict[str, Incident], incident_id: str | None = None) -> None:
    incident_id = incident_id or st.session_state.get("fix_incident") or ""
    outcome = undo_correction(get_store(str(DB_PATH)), incident_id, by_id.get(incident_id))
    show_later("fix_result", outcome)


def correction_section(store: IncidentStore, page_ids: list[str]) -> None:
    """The incidents of the table's page (and the one picked before) can be corrected."""
    st.subheader("Correct a location")
    show_result("fix_result")
    picked = st.session_state.get("fix_incident")
    found = store.incidents_of([*page_ids, *([picked] if picked else [])])
    ids = [i for i in dict.fromkeys([*([picked] if picked else []), *page_ids]) if i in found]
    if not ids:
        st.info("No incident to correct.")
        return
    by_id = {
        key: found[key]
        for key in sorted(ids, key=lambda k: page_ids.index(k) if k in page_ids else -1)
    }
    if picked not in by_id:
        st.session_state["fix_incident"] = next(iter(by_id))
        on_pick_incident(by_id)
    st.selectbox(
        "Incident",
        list(by_id),
        format_func=lambda key: incident_label(by_id[key]),
        key="fix_incident",
        on_change=on_pick_incident,
        args=(by_id,),
    )
    mode = st.radio("Set by", ["Place name", "Coordinates"], key="fix_mode", horizontal=True)
    with st.form("correct_place"):
        if mode == "Place name":
            st.text_input("Place name (looked up in the gazetteer)", key="fix_name")
        else:
            cols = st.columns(3)
            cols[0].text_input("Latitude (-90 to 90)", key="fix_lat", placeholder="33.31250")
            cols[1].text_input("Longitude (-180 to 180)", key="fix_lon", placeholder="44.36610")
            cols[2].text_input("Label for the point", key="fix_label")
        if "fix_who" not in st.session_state:
            st.session_state["fix_who"] = default_user()
        who, why = st.columns([1, 2])
        who.text_input("Your name", key="fix_who")
        why.text_input("Why (your source or reasoning)", key="fix_why")
        st.form_submit_button(
            "Save correction", on_click=on_correct, args=(by_id,), key="fix_submit"
        )
    if by_id[st.session_state["fix_incident"]].corrected:
        st.button(
            "Undo this correction", on_click=on_undo_correction, args=(by_id,), key="fix_undo"
        )
    corrections_table(store, by_id)


def corrections_table(store: IncidentStore, by_id: dict[str, Incident]) -> None:
    """Every correction: which incident, where to, who, when, why, and an undo for each."""
    st.subheader("Corrections")
    corrections = store.corrections()
    if not corrections:
        st.caption("No correction yet.")
        return
    by_id = {**store.incidents_of(c.incident_id for c in corrections), **by_id}
    st.dataframe(
        pd.DataFrame(
            {
                "incident": [
                    incident_label(by_id[c.incident_id])
                    if c.incident_id in by_id
                    else c.incident_id
                    for c in corrections
                ],
                "moved to": [c.place for c in corrections],
                "who": [c.who for c in corrections],
                "when (UTC)": [c.corrected_at for c in corrections],
                "why": [c.why for c in corrections],
            }
        ),
        key="corrections_table",
        hide_index=True,
    )
    for n, correction in enumerate(corrections, 1):
        left, right = st.columns([6, 1])
        incident = by_id.get(correction.incident_id)
        name = incident_label(incident) if incident else correction.incident_id
        left.text(f"{n}. {name} → {correction.place} ({correction.who}, {correction.corrected_at})")
        right.button(
            "Undo",
            key=f"undo_correction_{correction.incident_id}",
            on_click=on_undo_correction,
            args=(by_id, correction.incident_id),
        )


if __name__ == "__main__":  # streamlit run and AppTest execute the page as __main__
    main()
