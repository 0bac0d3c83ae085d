"""Development set: recall and precision of incidents against ../shared/devset/expected.csv.

Matching: same file, date within precision, place within 25 km (by name when no coordinate).
The figures are in the assertion messages; ``python -m bench.extract_speed`` prints them too.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from incidents.article import read_article
from incidents.evaluate import matches, read_expected, score
from incidents.extract import extract_incidents
from tests.common import DEVSET, REPO, SHARED, pipeline, resolver

# The tests that read the development set need it beside the checkout; the pure unit tests
# of the matching rules below do not.
needs_devset = pytest.mark.skipif(
    not (DEVSET / "expected.csv").exists(),
    reason=f"development set not found at {DEVSET} (the repo's sibling folder shared/)",
)


def article_path(name: str):
    for folder in (DEVSET / "articles", REPO / "seeds", SHARED / "seeds"):
        if (folder / name).exists():
            return folder / name
    return None


@lru_cache(maxsize=2)
def extracted(resolver_kind: str = "real"):
    rows = read_expected(DEVSET / "expected.csv")
    files = sorted({r["file"] for r in rows})
    chosen = resolver() if resolver_kind == "real" else NoPlaces()
    incidents = []
    for name in files:
        path = article_path(name)
        assert path is not None, f"{name} listed in expected.csv but not found"
        article = read_article(path)
        incidents += extract_incidents(article, nlp=pipeline(article.language), resolver=chosen)
    return rows, incidents


class NoPlaces:
    def resolve(self, mention, *, country_hint=None, near=None):
        return None


@needs_devset
def test_recall_on_main_rows_is_at_least_0_8():
    rows, incidents = extracted()
    scores = score(rows, incidents, role="main")
    assert scores.recall >= 0.8, f"{scores.summary()}; missed {scores.missed}"


@needs_devset
def test_precision_is_at_least_0_8():
    rows, incidents = extracted()
    scores = score(rows, incidents, role="main")
    assert scores.precision >= 0.8, f"{scores.summary()}; spurious {scores.spurious}"


@needs_devset
def test_background_rows_are_found_too():
    rows, incidents = extracted()
    scores = score(rows, incidents, role="background")
    assert scores.recall >= 0.5, scores.summary()


@needs_devset
def test_recall_by_place_name_without_coordinates():
    rows, incidents = extracted("none")
    scores = score(rows, incidents, role="main")
    assert scores.recall >= 0.8, f"{scores.summary()}; missed {scores.missed}"


@needs_devset
def test_stated_casualties_of_matched_main_rows_agree():
    rows, incidents = extracted()
    wrong = []
    for row in (r for r in rows if r["role"] == "main"):
        found = [i for i in incidents if matches(row, i)]
        for field, value in (("fatalities", row["fatalities"]), ("injured", row["injured"])):
            if value != "" and found and all(getattr(i, field) != int(value) for i in found):
                wrong.append((row["file"], field, value, [getattr(i, field) for i in found]))
    assert not wrong


def test_date_matching_rules():
    from incidents.evaluate import dates_match

    assert dates_match("2020-07", "month", "2020-07-04", "day")
    assert dates_match("2020-07-04", "day", "2020-07", "month")
    assert not dates_match("2020-06-18", "day", "2020-07", "month")
    assert dates_match("2020-03-11", "day", "2020-03-15", "week")
    assert not dates_match("2020-03-01", "day", "2020-03-15", "week")
    assert dates_match("", "unknown", None)
    assert not dates_match("2020-07", "month", None, "unknown")
