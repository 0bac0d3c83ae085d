"""eval/gazetteer_bound.py reads the dev part only and counts a place it can reach."""

from __future__ import annotations

import csv

from eval.gazetteer_bound import SPLIT, Row, bound, dev_rows, ngrams
from geo.gazetteer import load_gazetteer
from geo.geonames import DEFAULT_INDEX_DIR, load_geonames_index
from geo.surface import surface_forms


def test_the_bound_reads_only_dev_rows_with_a_coordinate():
    with SPLIT.open(encoding="utf-8") as handle:
        test_files = {r["file"] for r in csv.DictReader(handle) if r["part"] == "test"}
    rows = dev_rows()
    assert rows and not {r.file for r in rows} & test_files


def test_ngrams_skip_runs_of_stopwords_only():
    grams = set(ngrams("près de la ville de Kandahar", 3))
    assert "kandahar" in grams and "ville de kandahar" in grams
    assert "de la" not in grams


def test_a_place_named_in_the_row_is_reachable_and_a_far_one_is_not():
    forms = surface_forms(load_geonames_index(DEFAULT_INDEX_DIR), load_gazetteer())
    here = Row("a.txt", "la province de Kunar", "", 34.87, 71.15, "AF")
    far = Row("b.txt", "la province de Kunar", "", 14.08, -3.52, "ML")
    counts = bound(forms, [here, far])
    assert counts["written_any"] == 1 and counts["written_first"] == 1
