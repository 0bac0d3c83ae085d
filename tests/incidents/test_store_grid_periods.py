"""The store's counts per grid cell and period (the map's timeline on its bubbles)."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.make_store import write_store
from incidents.store import Bounds, IncidentFilter, IncidentStore
from maps.aggregate import timeline_from_counts, timeline_of_cells


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> IncidentStore:
    path = tmp_path_factory.mktemp("grid") / "incidents.sqlite"
    write_store(path, 2_000)
    return IncidentStore(path)


@pytest.mark.parametrize("period", ["month", "day"])
def test_counts_per_cell_and_period_add_up_to_the_grid_and_the_chart(store, period):
    flt = IncidentFilter(located=True)
    grid = {(c.row, c.col): c.count for c in store.grid(flt, cell_size=2.0)}
    rows = store.grid_periods(flt, cell_size=2.0, period=period)
    per_cell: Counter[tuple[int, int]] = Counter()
    per_period: Counter[str] = Counter()
    for row, col, key, count in rows:
        per_cell[row, col] += count
        per_period[key] += count
    assert dict(per_cell) == grid
    chart = {c.period: c.incidents for c in store.month_counts(flt, period=period)}
    assert dict(per_period) == chart


def test_counts_per_cell_and_period_keep_to_the_filter_and_bounds(store):
    box = Bounds(29.0, 38.8, 37.4, 48.6)
    flt = IncidentFilter.make(months=["2021-03"])
    rows = store.grid_periods(flt, bounds=box, cell_size=1.0, period="day")
    assert rows
    assert (
        sum(n for *_, n in rows)
        == store.figures(
            IncidentFilter.make(months=["2021-03"], located=True, bounds=box)
        ).incidents
    )


def test_a_cell_size_or_period_it_cannot_use_is_refused(store):
    with pytest.raises(ValueError, match="cell_size"):
        store.grid_periods(IncidentFilter(), cell_size=0)
    with pytest.raises(ValueError, match="period"):
        store.grid_periods(IncidentFilter(), period="fortnight")


@pytest.mark.parametrize("period", ["month", "day"])
def test_one_query_gives_the_grid_its_periods_and_the_whole_timeline(store, period):
    flt = IncidentFilter(located=True)
    both = store.grid_with_periods(flt, cell_size=2.0, period=period)
    grid = {(c.row, c.col): c for c in store.grid(flt, cell_size=2.0)}
    assert {(c.row, c.col) for c in both.cells} == set(grid)
    for cell in both.cells:
        alone = grid[cell.row, cell.col]
        assert (cell.count, cell.killed, cell.injured) == (alone.count, alone.killed, alone.injured)
        assert cell.lat == pytest.approx(alone.lat) and cell.lon == pytest.approx(alone.lon)
    assert sorted((r, c, k, n) for r, c, k, n, _ in both.periods) == sorted(
        store.grid_periods(flt, cell_size=2.0, period=period)
    )
    # Every located incident is in the grid: its periods summed are the chart's timeline.
    chart = store.month_counts(flt, period=period)
    granularity = "day" if period == "day" else "month"
    assert timeline_of_cells(both.periods, granularity) == timeline_from_counts(
        [(c.period, c.incidents, c.killed) for c in chart], granularity
    )


def test_the_grid_with_periods_keeps_to_the_filter_and_bounds(store):
    box = Bounds(29.0, 38.8, 37.4, 48.6)
    flt = IncidentFilter.make(months=["2021-03"])
    both = store.grid_with_periods(flt, bounds=box, cell_size=1.0, period="day")
    kept = store.figures(IncidentFilter.make(months=["2021-03"], located=True, bounds=box))
    assert 0 < sum(c.count for c in both.cells) == kept.incidents
    assert all(key.startswith("2021-03") for _, _, key, _, _ in both.periods)
    with pytest.raises(ValueError, match="period"):
        store.grid_with_periods(flt, period="fortnight")
