"""What the page asks of its incidents: filters, counts, tables, highlighted article text."""

from __future__ import annotations

from geo.place import Place
from incidents import query
from incidents.highlight import highlighted_html
from incidents.model import Incident, PlaceMention
from incidents.store.base import Figures
from tests.factories import make_incident

TAJI = Place("Camp Taji", 33.5236, 44.2567, 1, "military base", "IQ")


def incident(id_: str, **changes) -> Incident:
    fields = dict(
        source="a.txt",
        event_type="attack",
        quote="Une roquette est tombée près du camp Taji.",
        quote_end=42,
        place=TAJI,
    )
    return make_incident(id_, **(fields | changes))


def test_filter_incidents_months_types_casualties_text():
    items = [
        incident("a", date="2020-07-03", fatalities=2),
        incident("b", date="2020-06", event_type="air/drone strike"),
        incident("c", date="2020", injured=5),
        incident("d", date=None, quote="Rien à Bagdad.", place=None),
    ]

    def ids(**kwargs):
        args = {"months": [], "types": [], "min_casualties": 0, "text": ""} | kwargs
        return [i.id for i in query.filter_incidents(items, **args)]

    assert ids() == ["a", "b", "c", "d"]
    assert ids(months=["2020-07"]) == ["a"]  # year-only and undated match no month
    assert ids(types=["air/drone strike"]) == ["b"]
    assert ids(min_casualties=3) == ["c"]
    assert ids(text="bagdad") == ["d"]
    assert ids(text="camp taji") == ["a", "b", "c"]


def test_months_between():
    assert query.months_between(["2020-03", "2020-06", "2020-07"], "2020-04", "2020-07") == [
        "2020-06",
        "2020-07",
    ]


def test_highlighted_html_escapes_then_marks():
    text = "A <b>rocket</b> hit Taji & <script>x</script>."
    start = text.index("Taji")
    page = highlighted_html(text, [(start, start + 4, "place"), (start, start + 2, "date")])
    assert "&lt;b&gt;rocket&lt;/b&gt;" in page and "&lt;script&gt;" in page and "&amp;" in page
    assert page.count("<mark") == 1  # the overlapping span is dropped
    assert ">Taji</mark>" in page
    assert "<script>" not in page and "<b>" not in page


def test_unresolved_names():
    lost = incident(
        "x",
        place=None,
        place_mention="Nulle-Part",
        places=(
            PlaceMention("Nulle-Part", 0, 10, "location"),
            PlaceMention("Ailleurs", 11, 19, "target"),
        ),
    )
    assert query.unresolved_names(lost) == "Nulle-Part; Ailleurs"
    assert query.unresolved_by_article([lost, incident("y")]) == {"a.txt": "Nulle-Part; Ailleurs"}


def test_per_month_and_frame():
    items = [
        incident("a"),
        incident("b"),
        incident("c", date="2020-03-02"),
        incident("d", date=None),
    ]
    chart = query.per_month(items)
    # the months between are there with 0, so the chart's gaps are true gaps
    assert dict(zip(chart["month"], chart["incidents"], strict=True)) == {
        "2020-03": 1,
        "2020-04": 0,
        "2020-05": 0,
        "2020-06": 0,
        "2020-07": 2,
        "undated": 1,
    }
    frame = query.table_frame(items)
    assert list(frame["id"]) == ["a", "b", "c", "d"] and frame["killed"].isna().all()


def test_coverage_note_tells_what_the_totals_leave_out():
    everything = [
        incident("a", fatalities=1),
        incident("b", date=None, injured=2),
        incident("c"),
        incident("d", fatalities=0),
    ]
    note = query.coverage_note(everything, everything[:3])
    assert note == (
        "1 of 4 incidents hidden by the filters · 1 shown undated · "
        "1 with no casualty count in the text (counted as 0)"
    )
    assert query.coverage_note(everything[3:], everything[3:]) == ""


def test_date_span():
    items = [incident("a", date="2020-03-02"), incident("b"), incident("c", date=None)]
    assert query.date_span(items) == "2020-03-02 to 2020-07"
    assert query.date_span(items[2:]) == ""


def test_text_search_ignores_case_and_accents_and_needs_every_word():
    taez = incident("t", quote="Des obus sont tombés sur Taëz.", place_mention="Taëz")
    other = incident("o")
    assert query.filter_incidents([taez, other], text="TAEZ") == [taez]
    assert query.filter_incidents([taez, other], text="obus taez") == [taez]
    assert query.filter_incidents([taez, other], text="obus kaboul") == []


def test_the_same_event_from_two_articles_counts_once_with_its_largest_count():
    english = incident(
        "en", source="k1-en.txt", date="2019-12-27", date_precision="day", fatalities=1, injured=4
    )
    french = incident(
        "fr", source="k1-fr.txt", date="2019-12-27", date_precision="day", fatalities=1, injured=6
    )
    elsewhere = Place("Kirkuk", 35.47, 44.39, 1, "city", "IQ")
    same_article = incident(
        "again",
        source="k1-en.txt",
        date="2019-12-27",
        date_precision="day",
        fatalities=2,
        place=elsewhere,
    )
    other_day = incident(
        "later", source="k1-fr.txt", date="2019-12-29", date_precision="day", fatalities=3
    )
    items = [english, french, same_article, other_day]
    assert query.same_event(items) == {"fr": english}
    assert query.totals(items) == (3, 1 + 2 + 3, 6)
    frame = query.table_frame(items)
    assert list(frame["same event as"].fillna("")) == ["", "k1-en.txt (2019-12-27)", "", ""]
    assert "1 reports of an event another article reports" in query.coverage_note(items, items)


def test_figures_note_tells_the_filters_from_the_timeline():
    shown = Figures(incidents=3, events=3, killed=1, injured=0, located=3)
    assert query.figures_note(10, shown) == "7 of 10 incidents hidden by the filters"
    note = query.figures_note(10, shown, filtered=8)
    assert note == (
        "2 of 10 incidents hidden by the filters · 5 of the filters' 8 outside the timeline"
    )
    assert query.figures_note(3, shown, filtered=3) == ""
