"""A shared link's view: every value read or left out with its reason, and back again."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidents.urlstate import Choices, UrlProblem, ViewState, parse_query, to_query

CHOICES = Choices(
    months={"2020-06", "2020-07"},
    types={"armed clash", "attack"},
    origins={"news", "acled"},
    actors={"Al Shabaab"},
    incidents={"abc123"},
)


def test_a_full_link_reads_every_value():
    params = {
        "month": ["2020-07", "2020-06"],
        "from": ["2020-06-01"],
        "to": ["2020-07-31"],
        "type": ["attack"],
        "origin": ["acled"],
        "actor": ["Al Shabaab"],
        "min": ["5"],
        "q": ["Taji"],
        "map": ["33.31,44.37,9"],
        "incident": ["abc123"],
    }
    state, problems = parse_query(params, CHOICES)
    assert problems == []
    assert state == ViewState(
        months=("2020-07", "2020-06"),
        start="2020-06-01",
        end="2020-07-31",
        types=("attack",),
        origins=("acled",),
        actors=("Al Shabaab",),
        min_casualties=5,
        text="Taji",
        center=(33.31, 44.37),
        zoom=9,
        incident="abc123",
    )
    assert to_query(state) == {**params, "map": ["33.31000,44.37000,9"]}


def test_a_month_not_written_yyyy_mm_is_left_out_with_the_form_to_use():
    state, problems = parse_query({"month": ["2020-7", "2020-07", "2020-13"]}, CHOICES)
    assert state.months == ("2020-07",)
    assert [(p.param, p.value) for p in problems] == [("month", "2020-7"), ("month", "2020-13")]
    assert all("YYYY-MM" in p.reason for p in problems)
    assert "month='2020-7'" in problems[0].message()


def test_a_month_with_no_incident_is_left_out_and_said_so():
    state, problems = parse_query({"month": ["2024-01"]}, CHOICES)
    assert state.months == ()
    assert problems == [UrlProblem("month", "2024-01", "no stored incident is in that month")]


def test_unknown_types_origins_actors_and_incident_are_left_out():
    params = {"type": ["riot"], "origin": ["gdelt"], "actor": ["X"], "incident": ["nope"]}
    state, problems = parse_query(params, CHOICES)
    assert state == ViewState()
    assert {p.param for p in problems} == {"type", "origin", "actor", "incident"}


def test_bad_dates_minimum_and_map_view_are_left_out():
    params = {"from": ["2020-02-30"], "to": ["yesterday"], "min": ["-1"], "map": ["33,44"]}
    state, problems = parse_query(params, CHOICES)
    assert state == ViewState()
    assert [p.param for p in problems] == ["from", "to", "min", "map"]
    _, problems = parse_query({"map": ["95,44,5"]}, CHOICES)
    assert problems[0].param == "map" and "lat -90..90" in problems[0].reason


def test_a_range_that_ends_before_it_starts_keeps_its_start():
    state, problems = parse_query({"from": ["2020-07-01"], "to": ["2020-06-01"]}, CHOICES)
    assert (state.start, state.end) == ("2020-07-01", None)
    assert problems[0].param == "to" and "before it starts" in problems[0].reason


def test_a_single_value_given_twice_keeps_the_first():
    state, problems = parse_query({"q": ["a", "b"]}, CHOICES)
    assert state.text == "a" and problems[0].value == "b"


def test_an_empty_view_has_an_empty_query():
    assert to_query(ViewState()) == {}


@pytest.mark.fuzz
@given(
    st.dictionaries(
        st.sampled_from(["month", "from", "to", "type", "min", "q", "map", "incident", "x"]),
        st.lists(st.text(max_size=12), max_size=3),
    )
)
def test_any_link_parses_and_what_is_kept_survives_a_round_trip(params):
    state, problems = parse_query(params, CHOICES)
    for problem in problems:
        assert problem.param in params and problem.reason
    again, more = parse_query(to_query(state), CHOICES)
    assert more == [] and again == state
