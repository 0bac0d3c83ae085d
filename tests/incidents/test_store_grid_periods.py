"""The store's counts per grid cell and period (the map's timeline on its bubbles)."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.make_store import write_store
from incidents.store import Bounds, IncidentFilter, IncidentStore


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
