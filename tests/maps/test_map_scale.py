"""The map at scale as data: grid cells, periods, and the layer's page text."""

from __future__ import annotations

import json
import random
import re

import pytest

from geo.place import Place
from incidents.model import Actor, Incident
from maps.aggregate import (
    MARKER_LIMIT,
    MARKER_ZOOM,
    UNDATED,
    MapPoints,
    cell_degrees,
    cells_from_grid,
    day_number,
    grid_cells,
    period_counts,
    period_granularity,
    snap_bounds,
    timeline_from_counts,
    view_mode,
    zoom_for,
)
from maps.build import build_base_map, build_scaled_map, data_layer
from maps.features import periods_data


def random_points(count: int, seed: int = 3) -> MapPoints:
    rng = random.Random(seed)
    return MapPoints.from_columns(
        [rng.uniform(10, 37) for _ in range(count)],
        [rng.uniform(-10, 48) for _ in range(count)],
        [rng.choice([UNDATED, *range(17_900, 19_700)]) for _ in range(count)],
        [rng.randint(0, 9) for _ in range(count)],
    )


def test_grid_cells_hold_every_point_once_with_its_toll():
    points = random_points(5_000)
    cells = grid_cells(points, cell_deg=2.0)
    assert sum(cell.count for cell in cells) == len(points)
    assert sum(cell.killed for cell in cells) == int(points.killed.sum())
    for cell in cells:
        assert cell.south <= cell.lat <= cell.north and cell.west <= cell.lon <= cell.east
        assert cell.north - cell.south == pytest.approx(2.0)
    assert [c.count for c in cells] == sorted((c.count for c in cells), reverse=True)


def test_cells_count_their_points_per_period_of_the_timeline():
    points = random_points(3_000)
    timeline = period_counts(points)
    assert timeline.granularity == "month"  # about five years of dates
    assert sum(p.count for p in timeline.periods) == int((points.day != UNDATED).sum())
    cells = grid_cells(points, cell_deg=5.0, timeline=timeline)
    per_period = [0] * len(timeline.periods)
    for cell in cells:
        assert sum(count for _, count in cell.periods) <= cell.count
        for index, count in cell.periods:
            per_period[index] += count
    assert per_period == [p.count for p in timeline.periods]


def test_points_within_bounds_are_those_inside_it():
    points = random_points(2_000)
    inside = points.within((20.0, 0.0, 30.0, 20.0))
    assert 0 < len(inside) < len(points)
    assert ((inside.lat >= 20) & (inside.lat <= 30) & (inside.lon >= 0) & (inside.lon <= 20)).all()
    outside = (points.lat >= 20) & (points.lat <= 30) & (points.lon >= 0) & (points.lon <= 20)
    assert len(inside) == int(outside.sum())


def test_cells_shrink_as_the_map_zooms_in_and_a_view_draws_markers_when_few():
    assert cell_degrees(5) == pytest.approx(2 * cell_degrees(6))
    assert view_mode(MARKER_LIMIT, 3) == "markers"
    assert view_mode(MARKER_LIMIT + 1, 3) == "cells"
    assert view_mode(10 * MARKER_LIMIT, MARKER_ZOOM) == "markers"
    assert zoom_for((29.0, 38.8, 37.4, 48.6)) > zoom_for((9.0, -12.0, 37.4, 48.6))


def test_day_numbers_and_granularity_follow_the_dates():
    assert day_number("1970-01-02") == 1
    assert day_number("2020-07") == day_number("2020-07-01")
    assert day_number("2020-02-30") == UNDATED
    assert day_number(None) == UNDATED
    assert period_granularity("2021-03-01", "2021-03-31") == "day"
    assert period_granularity("2019-01-01", "2023-12-31") == "month"
    assert period_granularity(None, "2021-03-31") == "month"


def test_a_store_timeline_fills_empty_periods_and_leaves_other_precisions_out():
    timeline = timeline_from_counts(
        [("2020", 5, 0), ("2020-01", 3, 1), ("2020-04", 2, 7), ("undated", 9, 0)], "month"
    )
    assert [p.label for p in timeline.periods] == [
        "January 2020",
        "February 2020",
        "March 2020",
        "April 2020",
    ]
    assert [p.count for p in timeline.periods] == [3, 0, 0, 2]
    assert [p.killed for p in timeline.periods] == [1, 0, 0, 7]


def test_timeline_periods_read_as_calendar_periods_at_every_granularity():
    days = timeline_from_counts([("2021-03-01", 1, 0), ("2021-03-02", 1, 0)], "day")
    weeks = timeline_from_counts([("2021-03-03", 1, 0)], "week")
    assert [p.label for p in days.periods] == ["1 March 2021", "2 March 2021"]
    assert weeks.periods[0].label == "week of 1 March 2021"


def test_at_scale_the_playback_passes_empty_periods_quickly_and_busy_ones_by_their_count():
    timeline = timeline_from_counts(
        [("2020-01", 400, 0), ("2020-05", 4, 0), ("2020-06", 4, 0)], "month"
    )
    rows = periods_data(timeline)["periods"]
    durations = {row[1]: row[4] for row in rows}
    empty = [durations[month] for month in ("February 2020", "March 2020", "April 2020")]
    assert len(set(empty)) == 1
    assert durations["May 2020"] == durations["June 2020"] > empty[0]
    assert durations["January 2020"] > durations["May 2020"]


def test_store_grid_rows_become_cells_with_their_box_and_periods():
    timeline = timeline_from_counts([("2020-01", 3, 0), ("2020-03", 4, 0)], "month")
    size = 0.5
    row, col = int((33.3 + 180) / size), int((44.4 + 180) / size)
    cells = cells_from_grid(
        [(row, col, 7, 2, 33.31, 44.37)],
        cell_size=size,
        periods=[(row, col, "2020-01", 3), (row, col, "2020-03", 4), (row, col, "2020", 9)],
        timeline=timeline,
    )
    (cell,) = cells
    assert (cell.south, cell.west) == (33.0, 44.0)
    assert (cell.north, cell.east) == (33.5, 44.5)
    assert cell.periods == ((0, 3), (2, 4))


def hostile_incident(n: int) -> Incident:
    words = '<script>alert(1)</script> {{7*7}} "onmouseover=x'
    return Incident(
        f"x{n}",
        f"{words}.txt",
        "en",
        "attack",
        "2020-07-14",
        "day",
        f"quote {words}",
        0,
        10,
        place=Place(f"Town {words}", 33.3, 44.4, 1, "town"),
        fatalities=2,
        injured=1,
        actor1=Actor(f"Group {words}"),
    )


def test_the_layer_writes_markers_and_notes_as_data_never_as_markup():
    layer = data_layer(
        incidents=[hostile_incident(n) for n in range(3)],
        timeline=period_counts(MapPoints.from_columns([33.3], [44.4], [18_457], [2])),
        note="3 incidents {{7*7}} <b>bold</b>",
    )
    m = build_scaled_map(bounds=(33.0, 44.0, 34.0, 45.0), event_types=["attack"], layer=layer)
    html = m.get_root().render()
    assert "<script>alert(1)" not in html
    assert "{{7*7}}" not in html and "<b>bold" not in html
    # The data reads back as written: the place as it is, the popup's markup escaped.
    start = html.index('{"type": "FeatureCollection"')
    collection, _ = json.JSONDecoder().raw_decode(html[start:])
    markers = [f for f in collection["features"] if f["properties"]["kind"] == "incident"]
    assert len(markers) == 3
    properties = markers[0]["properties"]
    assert properties["place"] == 'Town <script>alert(1)</script> {{7*7}} "onmouseover=x'
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in properties["popup_html"]
    assert "Group &lt;script&gt;" in properties["popup_html"]
    assert properties["period"] == 0
    start = html.index('{"html": ')
    note, _ = json.JSONDecoder().raw_decode(html[start:])
    assert note["html"] == "3 incidents {{7*7}} &lt;b&gt;bold&lt;/b&gt;"


def test_a_cells_layer_carries_each_cell_and_the_periods():
    points = random_points(4_000)
    timeline = period_counts(points)
    cells = grid_cells(points, cell_deg=4.0, timeline=timeline)
    layer = data_layer(cells=cells, timeline=timeline, note="n")
    html = (
        build_scaled_map(bounds=points.extent(), event_types=["attack"], layer=layer)
        .get_root()
        .render()
    )
    payload = re.search(r'\{"cells": (\[.*?\]\])\}', html)
    assert payload is not None
    rows = json.loads(payload.group(1))
    assert [row[2] for row in rows] == [cell.count for cell in cells]
    assert '"granularity": "month"' in html
    assert "cdn" not in html.lower()


def test_the_base_map_carries_no_incident_and_stays_the_same_for_the_same_store():
    first = build_base_map(bounds=(9.0, -12.0, 37.4, 48.6), event_types=["attack"])
    second = build_base_map(bounds=(9.0, -12.0, 37.4, 48.6), event_types=["attack"])
    strip = re.compile(r"_[0-9a-f]{32}")
    assert strip.sub("", first.get_root().render()) == strip.sub("", second.get_root().render())
    assert "incident-marker" not in first.get_root().render().split("<style>")[0]


def test_the_base_map_tells_the_page_it_has_painted_only_when_asked():
    bounds = (9.0, -12.0, 37.4, 48.6)
    asked = build_base_map(bounds=bounds, event_types=["attack"], report_painted=True)
    plain = build_base_map(bounds=bounds, event_types=["attack"])
    asked_html, plain_html = asked.get_root().render(), plain.get_root().render()
    assert "painted: true" in asked_html
    assert "requestAnimationFrame" in asked_html.split("painted: true")[1]
    assert "painted: true" not in plain_html


def test_snapped_bounds_hold_the_view_and_end_on_cell_edges():
    view = (12.3, -7.9, 33.1, 44.6)
    south, west, north, east = snap_bounds(view, 2.5)
    assert south <= 12.3 and west <= -7.9 and north >= 33.1 and east >= 44.6
    for edge in (south, west, north, east):
        assert ((edge + 180.0) / 2.5) == pytest.approx(round((edge + 180.0) / 2.5))
    assert north - south < 33.1 - 12.3 + 2 * 2.5
    # A view a little apart is the same view (one cached layer).
    assert snap_bounds((12.4, -7.8, 33.0, 44.5), 2.5) == (south, west, north, east)
    assert snap_bounds((-89.9, -179.9, 89.9, 179.9), 45.0) == (-90.0, -180.0, 90.0, 180.0)
