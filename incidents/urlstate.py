"""The dashboard's view in its URL: query parameters ↔ filter values, map view, incident.

Pure functions, no Streamlit: :func:`parse_query` reads the parameters of a shared link
into a :class:`ViewState` and the :class:`UrlProblem` of every value it could not use
(which parameter, what value, why), so the page can say so and drop it from the URL;
:func:`to_query` writes a state back as parameters (what the page puts in the URL).

Parameters (each optional; lists repeat the parameter)::

    month=2020-07&month=2020-06   months (YYYY-MM) that have incidents
    from=2020-06-01&to=2020-07-31 a date range, ISO days, start <= end
    type=armed clash              event types present
    origin=acled                  origins present (news, acled, ucdp)
    actor=Al Shabaab              actors present
    min=5                         minimum killed + injured, a whole number >= 0
    q=Taji                        text searched in places, quotes, sources
    map=33.31,44.37,9             the map's centre (lat, lon) and zoom (0-18)
    incident=<id>                 an incident whose popup opens
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

MAX_TEXT = 200
MAX_ZOOM = 18
_MONTH = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True)
class ViewState:
    """What a URL can say about the page's view."""

    months: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    types: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    min_casualties: int = 0
    text: str = ""
    center: tuple[float, float] | None = None
    zoom: int | None = None
    incident: str | None = None


@dataclass(frozen=True)
class UrlProblem:
    """A parameter value left out of the view, and why."""

    param: str
    value: str
    reason: str

    def message(self) -> str:
        """One sentence for the page."""
        return f"Ignored {self.param}={self.value!r} in the link: {self.reason}."


@dataclass(frozen=True)
class Choices:
    """The values the page can show (the filters' options, the incidents' ids)."""

    months: Collection[str] = ()
    types: Collection[str] = ()
    origins: Collection[str] = ()
    actors: Collection[str] = ()
    incidents: Collection[str] = field(default_factory=frozenset)


def _iso_day(value: str) -> str | None:
    try:
        return datetime.date.fromisoformat(value).isoformat() if len(value) == 10 else None
    except ValueError:
        return None


def _month_problem(value: str, known: Collection[str]) -> str | None:
    if not _MONTH.fullmatch(value) or not 1 <= int(value[5:]) <= 12:
        return "a month is written YYYY-MM, e.g. 2020-07"
    if value not in known:
        return "no stored incident is in that month"
    return None


def _pick(
    params: Mapping[str, Sequence[str]],
    name: str,
    known: Collection[str],
    what: str,
    problems: list[UrlProblem],
) -> tuple[str, ...]:
    kept = []
    for value in params.get(name, ()):
        if value in known:
            if value not in kept:
                kept.append(value)
        else:
            problems.append(UrlProblem(name, value, f"no stored incident has that {what}"))
    return tuple(kept)


def _single(
    params: Mapping[str, Sequence[str]], name: str, problems: list[UrlProblem]
) -> str | None:
    values = list(params.get(name, ()))
    for extra in values[1:]:
        problems.append(UrlProblem(name, extra, f"{name} is given once; the first is used"))
    return values[0] if values else None


def _map_view(
    value: str, problems: list[UrlProblem]
) -> tuple[tuple[float, float] | None, int | None]:
    parts = value.split(",")
    try:
        lat, lon, zoom = round(float(parts[0]), 5), round(float(parts[1]), 5), int(parts[2])
    except (ValueError, IndexError):
        problems.append(UrlProblem("map", value, "the map view is written lat,lon,zoom"))
        return None, None
    if len(parts) != 3 or not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= MAX_ZOOM):
        problems.append(
            UrlProblem("map", value, f"lat -90..90, lon -180..180 and zoom 0..{MAX_ZOOM}")
        )
        return None, None
    return (lat, lon), zoom


def parse_query(
    params: Mapping[str, Sequence[str]], choices: Choices
) -> tuple[ViewState, list[UrlProblem]]:
    """The view a link asks for, and what in it could not be used.

    Parameters
    ----------
    params : mapping of str to sequence of str
        The query parameters, each with all its values (``st.query_params.to_dict()``
        gives the last value only; pass ``{k: st.query_params.get_all(k) ...}``).
    choices : Choices
        What the page has: a value outside it is a problem, not a filter.

    Returns
    -------
    (ViewState, list of UrlProblem)
        The usable view, and each value left out with the reason.
    """
    problems: list[UrlProblem] = []
    months = []
    for value in params.get("month", ()):
        reason = _month_problem(value, choices.months)
        if reason:
            problems.append(UrlProblem("month", value, reason))
        elif value not in months:
            months.append(value)
    dates: dict[str, str | None] = {}
    for name in ("from", "to"):
        given = _single(params, name, problems)
        dates[name] = _iso_day(given) if given is not None else None
        if given is not None and dates[name] is None:
            problems.append(UrlProblem(name, given, "a date is written YYYY-MM-DD"))
    start, end = dates["from"], dates["to"]
    if start and end and start > end:
        problems.append(UrlProblem("to", end, f"the range ends before it starts ({start})"))
        end = None
    min_casualties = 0
    if (raw := _single(params, "min", problems)) is not None:
        if raw.isascii() and raw.isdigit():
            min_casualties = int(raw)
        else:
            problems.append(UrlProblem("min", raw, "a minimum is a whole number, 0 or more"))
    text = _single(params, "q", problems) or ""
    if len(text) > MAX_TEXT:
        problems.append(UrlProblem("q", text[:40] + "…", f"longer than {MAX_TEXT} characters"))
        text = ""
    center, zoom = None, None
    if (raw := _single(params, "map", problems)) is not None:
        center, zoom = _map_view(raw, problems)
    incident = _single(params, "incident", problems)
    if incident is not None and incident not in choices.incidents:
        problems.append(UrlProblem("incident", incident, "no stored incident has that id"))
        incident = None
    state = ViewState(
        months=tuple(months),
        start=start,
        end=end,
        types=_pick(params, "type", choices.types, "event type", problems),
        origins=_pick(params, "origin", choices.origins, "origin", problems),
        actors=_pick(params, "actor", choices.actors, "actor", problems),
        min_casualties=min_casualties,
        text=text,
        center=center,
        zoom=zoom,
        incident=incident,
    )
    return state, problems


def map_param(center: tuple[float, float], zoom: int) -> str:
    """The ``map`` parameter of a view: ``lat,lon,zoom``, five decimals (about a metre)."""
    return f"{center[0]:.5f},{center[1]:.5f},{int(zoom)}"


def to_query(state: ViewState) -> dict[str, list[str]]:
    """The query parameters of a view (only those that say something)."""
    query: dict[str, list[str]] = {
        "month": list(state.months),
        "from": [state.start] if state.start else [],
        "to": [state.end] if state.end else [],
        "type": list(state.types),
        "origin": list(state.origins),
        "actor": list(state.actors),
        "min": [str(state.min_casualties)] if state.min_casualties else [],
        "q": [state.text] if state.text else [],
        "map": (
            [map_param(state.center, state.zoom)]
            if state.center is not None and state.zoom is not None
            else []
        ),
        "incident": [state.incident] if state.incident else [],
    }
    return {name: values for name, values in query.items() if values}
