"""Questions the page asks of a list of incidents: filter them, count them, tabulate them.

Pure functions over :class:`~incidents.model.Incident` records; ``dashboard.py`` only draws
what they return.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from geopy.distance import geodesic

from geo.normalize import fold
from geo.place import GEO_PRECISION
from incidents.export import to_frame
from incidents.model import Incident
from incidents.store.base import Figures, TableRow
from incidents.store.events import SAME_EVENT_KM

# The table's columns: to_frame's name -> the heading shown.
# What an analyst reads first comes first: when, what, where, how many.
TABLE_COLUMNS = {
    "date": "date",
    "event_type": "event type",
    "place": "place",
    "fatalities": "killed",
    "injured": "injured",
    "date_precision": "precision",
    "actor1": "actor 1",
    "actor2": "actor 2",
    "origin": "origin",
    "place_mention": "as written",
    "geo_precision": "geo precision",
    "corrected": "corrected",
    "weapon": "weapon",
    "quote": "quote",
    "source": "source",
    "id": "id",
}


def casualties(incident: Incident) -> int:
    """Killed plus injured, a count the text does not give counting as 0."""
    return (incident.fatalities or 0) + (incident.injured or 0)


def months_between(months: Iterable[str], first: str, last: str) -> list[str]:
    """The ``YYYY-MM`` of ``months`` from ``first`` to ``last``, both included."""
    return [m for m in months if first <= m <= last]


def matches_text(incident: Incident, query: str) -> bool:
    """Whether every word of ``query`` is in the incident's quote, place, type, source...,
    case and accents aside ("taez" finds "Taëz", "rocket baghdad" needs both)."""
    words = fold(query).split()
    if not words:
        return True
    fields = [
        incident.quote,
        incident.place_mention,
        incident.place.name if incident.place else None,
        incident.launch_site.name if incident.launch_site else None,
        incident.event_type,
        incident.weapon,
        incident.source,
        incident.date,
        incident.actor1.name if incident.actor1 else None,
        incident.actor2.name if incident.actor2 else None,
    ]
    haystack = " ".join(fold(field) for field in fields if field)
    return all(word in haystack for word in words)


def filter_incidents(
    incidents: Iterable[Incident],
    *,
    months: Iterable[str] = (),
    types: Iterable[str] = (),
    min_casualties: int = 0,
    text: str = "",
    origins: Iterable[str] = (),
    actors: Iterable[str] = (),
) -> list[Incident]:
    """The incidents that pass every filter; empty ``months``/``types``/``origins``/``actors``
    mean all. An incident passes ``actors`` when either of its actors is one of them."""
    months, types, origins, actors = set(months), set(types), set(origins), set(actors)
    return [
        i
        for i in incidents
        if (not months or i.month in months)
        and (not types or i.event_type in types)
        and (not origins or i.origin in origins)
        and (not actors or bool(actor_names(i) & actors))
        and casualties(i) >= min_casualties
        and matches_text(i, text)
    ]


def actor_names(incident: Incident) -> set[str]:
    """The names of an incident's actors."""
    return {a.name for a in (incident.actor1, incident.actor2) if a is not None}


def per_month(incidents: Iterable[Incident]) -> pd.DataFrame:
    """Incidents per ``YYYY-MM``, every month from the first to the last (0 for a month with
    none), then year-only dates by year and the rest as ``undated``."""
    counts = Counter(
        i.month or (str(d.day.year) if (d := i.fuzzy_date) else "undated") for i in incidents
    )
    return month_frame(counts)


def month_frame(counts: Mapping[str, int]) -> pd.DataFrame:
    """:func:`per_month`'s frame from counts by period (``YYYY-MM``, ``YYYY``, ``undated``),
    as the store's ``month_counts`` gives them."""
    dated = sorted(key for key in counts if re.fullmatch(r"\d{4}-\d{2}", key))
    months = [str(p) for p in pd.period_range(dated[0], dated[-1], freq="M")] if dated else []
    rest = sorted(key for key in counts if key not in dated)
    keys = months + rest
    return pd.DataFrame({"month": keys, "incidents": [counts.get(k, 0) for k in keys]})


def same_event(incidents: Sequence[Incident]) -> dict[str, Incident]:
    """Incidents that another report already gives: id -> the report that stands for the event.

    Two incidents are one event when they come from different sources (articles, or an
    article and a coded dataset), have the same type, dates that agree at the coarser
    precision (the same day, or the same month when one is dated by month only) and located
    places within :data:`SAME_EVENT_KM` ("K-1 air base" in an English and a French report).
    The report with the largest death toll stands for the event (the first in date order
    among equals), so that every view (figures, tables, exports' ``duplicate_of``) counts the
    event once, with that toll.
    """

    def agree(a: Incident, b: Incident) -> bool:
        if a.date_precision == b.date_precision == "day":
            return a.date == b.date
        return True  # same month: the bucket below

    def near(a: Incident, b: Incident) -> bool:
        if a.place is None or b.place is None:
            return False
        return geodesic((a.place.lat, a.place.lon), (b.place.lat, b.place.lon)).km <= SAME_EVENT_KM

    groups: dict[tuple[str, str], list[list[Incident]]] = {}
    for incident in sorted(incidents, key=lambda i: (i.date or "9999", i.source, i.id)):
        day = incident.fuzzy_date
        if incident.place is None or day is None:
            continue
        bucket = groups.setdefault((incident.event_type, day.month or day.format()), [])
        group = next(
            (
                g
                for g in bucket
                if g[0].source != incident.source and agree(g[0], incident) and near(g[0], incident)
            ),
            None,
        )
        if group is None:
            bucket.append([incident])
        else:
            group.append(incident)
    twins: dict[str, Incident] = {}
    for bucket in groups.values():
        for group in bucket:
            if len(group) < 2:
                continue
            stands = max(group, key=lambda i: i.fatalities or 0)  # the first among equals
            twins.update({i.id: stands for i in group if i is not stands})
    return twins


def event_count_text(incidents: int, events: int) -> str:
    """ "5 incidents (4 events)": reports, and the events they make once repeats count once."""
    noun = "incident" if incidents == 1 else "incidents"
    return f"{incidents} {noun} ({events} event{'' if events == 1 else 's'})"


def totals(
    incidents: Sequence[Incident], twins: Mapping[str, Incident] | None = None
) -> tuple[int, int, int]:
    """(events, killed, injured): an event reported by several articles counts once, with
    the largest count any of its reports gives. ``twins`` is :func:`same_event` of
    ``incidents``, when the caller has it already."""
    twins = same_event(incidents) if twins is None else twins
    events: dict[str, list[Incident]] = {}
    for incident in incidents:
        key = twins[incident.id].id if incident.id in twins else incident.id
        events.setdefault(key, []).append(incident)
    killed = sum(max(i.fatalities or 0 for i in reports) for reports in events.values())
    injured = sum(max(i.injured or 0 for i in reports) for reports in events.values())
    return len(events), killed, injured


def table_frame(
    incidents: Iterable[Incident], twins: Mapping[str, Incident] | None = None
) -> pd.DataFrame:
    """The page's table: :func:`~incidents.export.to_frame` with readable headings, and
    which earlier report of the same event an incident repeats, if any (``twins`` as for
    :func:`totals`)."""
    incidents = list(incidents)
    frame = to_frame(incidents)
    frame["actor1"] = [i.actor1.name if i.actor1 else None for i in incidents]
    frame["actor2"] = [i.actor2.name if i.actor2 else None for i in incidents]
    frame["origin"] = [i.origin for i in incidents]
    frame = frame[list(TABLE_COLUMNS)]
    frame["geo_precision"] = frame["geo_precision"].map(
        lambda p: None if pd.isna(p) else GEO_PRECISION.get(int(p), str(p))
    )
    twins = same_event(incidents) if twins is None else twins
    frame.insert(
        5,
        "same event as",
        [
            f"{twins[i.id].source} ({twins[i.id].date})" if i.id in twins else None
            for i in incidents
        ],
    )
    return frame.rename(columns=TABLE_COLUMNS)


def page_frame(rows: Sequence[TableRow]) -> pd.DataFrame:
    """The page's table from one page of the store's rows: :func:`table_frame`'s columns and
    headings, blank (not "None") where an incident gives nothing."""
    names = [*TABLE_COLUMNS]
    names.insert(5, "same_event_as")
    field = {"fatalities": "killed", "quote": "quote"}
    data: dict[str, list[Any]] = {}
    for name in names:
        values = [getattr(row, field.get(name, name)) for row in rows]
        if name == "geo_precision":
            values = [GEO_PRECISION.get(v, str(v)) if v is not None else None for v in values]
        if name == "corrected":
            data[name] = [bool(v) for v in values]
        else:
            data[name] = ["" if v is None else str(v) for v in values]
    headings = {**TABLE_COLUMNS, "same_event_as": "same event as"}
    return pd.DataFrame(data, columns=names).rename(columns=headings)


def unresolved_mentions(incident: Incident) -> list[str]:
    """The place names of an incident that nothing resolved, in order, without repeats."""
    names = [p.text for p in incident.places if p.place is None]
    if incident.place is None and incident.place_mention:
        names.insert(0, incident.place_mention)
    return list(dict.fromkeys(names))


def unresolved_names(incident: Incident) -> str:
    """:func:`unresolved_mentions` as one line for a table cell."""
    return "; ".join(unresolved_mentions(incident)) or "(no place named)"


def unresolved_by_article(incidents: Iterable[Incident]) -> dict[str, str]:
    """Every place mention that resolved to nothing, by article (located incidents included)."""
    names: dict[str, dict[str, None]] = {}
    for incident in incidents:
        for name in unresolved_mentions(incident):
            names.setdefault(incident.source, {})[name] = None
    return {source: "; ".join(found) for source, found in sorted(names.items())}


def date_span(incidents: Iterable[Incident]) -> str:
    """The dates the incidents cover ("2020-03-01 to 2020-07"), or "" when none is dated."""
    dates = sorted(i.date for i in incidents if i.date)
    if not dates:
        return ""
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"


def coverage_note(
    everything: Sequence[Incident],
    shown: Sequence[Incident],
    twins: Mapping[str, Incident] | None = None,
) -> str:
    """What the numbers leave out: incidents hidden by the filters, undated ones, repeats of
    an event another article reports (``twins`` of ``shown`` as for :func:`totals`), and
    those whose article gives no count (they add 0 to the totals)."""
    parts = []
    hidden = len(everything) - len(shown)
    if hidden:
        parts.append(f"{hidden} of {len(everything)} incidents hidden by the filters")
    undated = sum(1 for i in shown if not i.date)
    if undated:
        parts.append(f"{undated} shown undated")
    repeats = len(same_event(shown) if twins is None else twins)
    if repeats:
        parts.append(f"{repeats} reports of an event another article reports, counted once")
    no_count = sum(1 for i in shown if i.fatalities is None and i.injured is None)
    if no_count:
        parts.append(f"{no_count} with no casualty count in the text (counted as 0)")
    return " · ".join(parts)


def figures_note(total: int, figures: Figures, *, filtered: int | None = None) -> str:
    """:func:`coverage_note` from the store's figures: ``total`` incidents in the store,
    ``figures`` of those shown. ``filtered``: how many the filters keep, when the figures
    follow the map's timeline and so show fewer (None: the figures are the filters')."""
    parts = []
    kept = figures.incidents if filtered is None else filtered
    if total - kept:
        parts.append(f"{total - kept} of {total} incidents hidden by the filters")
    if kept - figures.incidents:
        parts.append(f"{kept - figures.incidents} of the filters' {kept} outside the timeline")
    if figures.undated:
        parts.append(f"{figures.undated} shown undated")
    if figures.repeats:
        parts.append(f"{figures.repeats} reports of an event another article reports, counted once")
    if figures.no_count:
        parts.append(f"{figures.no_count} with no casualty count in the text (counted as 0)")
    return " · ".join(parts)


def describe_filters(
    *,
    months: Iterable[str],
    types: Iterable[str],
    min_casualties: int = 0,
    text: str = "",
    origins: Iterable[str] = (),
    actors: Iterable[str] = (),
) -> str:
    """One line saying what the filters keep, for captions and snapshots."""
    months, types, origins, actors = list(months), list(types), list(origins), list(actors)
    parts = [
        "months: " + (", ".join(months) if months else "all"),
        "types: " + (", ".join(types) if types else "all"),
    ]
    if origins:
        parts.append("origin: " + ", ".join(origins))
    if actors:
        parts.append("actors: " + ", ".join(actors))
    if min_casualties:
        parts.append(f"≥ {min_casualties} killed or injured")
    if text.strip():
        parts.append(f"search: “{text.strip()}”")
    return " · ".join(parts)


def incident_name(incident: Incident, *, quote_words: int = 6) -> str:
    """A readable name that tells one incident from every other, and never changes.

    Date, event type, the place as written, the toll, the first words of its quote and the
    start of its id: "2022-10-10 · shelling/artillery/missile attack · “Nikopol” · 2 killed ·
    “Russian shelling of Nikopol killed two…” · #1a2b3c4d". A correction does not change it
    (the place as written stays), so a picker keyed on it keeps its choice.
    """
    words = incident.quote.split()
    quote = " ".join(words[:quote_words]) + ("…" if len(words) > quote_words else "")
    toll = [
        f"{count} {what}"
        for count, what in ((incident.fatalities, "killed"), (incident.injured, "injured"))
        if count is not None
    ]
    parts = [
        incident.date or "undated",
        incident.event_type,
        f"“{incident.place_mention}”" if incident.place_mention else "no place named",
        ", ".join(toll) or "toll not stated",
        f"“{quote}”",
        f"#{incident.id[:8]}",
    ]
    return " · ".join(parts)
