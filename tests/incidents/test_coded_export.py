"""Coded datasets out: ACLED- and UCDP-style CSV count the events the dashboard counts.

Real components: the development set's articles and the seed through the real pipeline
(spaCy, the offline resolver), a real SQLite store, the exports read back with pandas.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from incidents.coded import ACLED_COLUMNS, UCDP_COLUMNS, acled_csv, read_coded, ucdp_csv
from incidents.model import ACLED_SUB_EVENT_TYPES
from incidents.pipeline import load_resources, process_paths
from incidents.query import same_event, totals
from incidents.store import IncidentStore
from tests.common import REPO
from tests.data.make_coded_samples import ACLED_SAMPLE, UCDP_SAMPLE

ROOT = REPO
DEVSET = ROOT.parent / "shared" / "devset" / "articles"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    if not DEVSET.is_dir():
        pytest.skip(f"no development set at {DEVSET}")
    tmp = tmp_path_factory.mktemp("coded-export")
    store = IncidentStore(tmp / "incidents.sqlite")
    nlp, resolver = load_resources(geocache=tmp / "geocache.sqlite")
    paths = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(DEVSET.glob("*.txt"))]
    for result in process_paths(paths, nlp_by_language=nlp, resolver=resolver):
        assert result.ok, result.error
        store.ingest(result.article, result.incidents)
    return store


def read_back(text: str) -> pd.DataFrame:
    assert text.startswith("\ufeff")  # UTF-8 with a byte-order mark
    return pd.read_csv(
        io.BytesIO(text.encode("utf-8")), encoding="utf-8-sig", keep_default_na=False
    )


def test_acled_style_csv_counts_the_headline_figures(store):
    incidents = store.incidents()
    twins = same_event(incidents)
    events, killed, _ = totals(incidents, twins)
    assert twins, "the English and French K-1 reports are one event"
    frame = read_back(acled_csv(incidents, twins))
    assert list(frame.columns) == [*ACLED_COLUMNS, "duplicate_of"]
    assert len(frame) == len(incidents)  # one row per report
    own = frame[frame["duplicate_of"] == ""]
    assert len(own) == events
    assert own["fatalities"].astype(int).sum() == killed
    assert set(frame["duplicate_of"]) - {""} <= set(frame["event_id_cnty"])
    for _, row in frame.iterrows():
        assert ACLED_SUB_EVENT_TYPES[row["sub_event_type"]] == (
            row["event_type"],
            row["disorder_type"],
        )
        assert row["actor1"], row["notes"]
        assert row["time_precision"] in (1, 2, 3) and row["geo_precision"] in (1, 2, 3)
    assert set(frame["iso"]) == {368}  # Iraq, ISO 3166 numeric
    assert set(frame["country"]) == {"Iraq"}


def test_ucdp_style_csv_counts_the_headline_figures(store):
    incidents = store.incidents()
    twins = same_event(incidents)
    events, killed, _ = totals(incidents, twins)
    frame = read_back(ucdp_csv(incidents, twins))
    assert list(frame.columns) == [*UCDP_COLUMNS, "duplicate_of"]
    own = frame[frame["duplicate_of"] == ""]
    assert len(own) == events
    assert own["best"].astype(int).sum() == killed
    assert (frame["low"].astype(int) <= frame["best"].astype(int)).all()
    assert (frame["best"].astype(int) <= frame["high"].astype(int)).all()
    assert set(frame["type_of_violence"]) <= {1, 2, 3}


def test_news_and_coded_events_export_together_and_count_the_same(store, tmp_path):
    mixed = IncidentStore(tmp_path / "mixed.sqlite")
    for origin, path in (("acled", ACLED_SAMPLE), ("ucdp", UCDP_SAMPLE)):
        read = read_coded(path.read_bytes(), origin=origin, source=path.name)
        mixed.import_coded(read.incidents, dataset=path.name)
    incidents = store.incidents() + mixed.incidents()
    twins = same_event(incidents)
    events, killed, _ = totals(incidents, twins)
    frame = read_back(acled_csv(incidents, twins))
    own = frame[frame["duplicate_of"] == ""]
    assert (len(own), own["fatalities"].astype(int).sum()) == (events, killed)
    imported = frame[frame["source"] == "Synthetic Wire; Test Radio"]
    assert len(imported) == 55 and imported["event_id_cnty"].str.match(r"[A-Z]{3}\d+").all()
