"""How many dev main rows the offline gazetteer can place within 25 km: a bound on located recall.

Run ``python -m eval.gazetteer_bound`` (dev part only: the test part is never read). For each
main row of the dev part that has a coordinate, every token n-gram of its ``place_name`` (the
place as the article writes it) is looked up in :func:`geo.surface.surface_forms`; the row is
*reachable* when some candidate lies within ``MATCH_KM`` of the row's point, and *ranked first*
when the best candidate (:func:`geo.geocoder.rank_candidates` under the article's country) of
some n-gram does. The same figures with ``canonical_place`` added (the analyst's name for the
place) say whether the gazetteer knows the place under any of its names. Both are printed for
the index built by ``make setup`` and, as the baseline, for the former index (hand gazetteer +
GeoNames places of 1,000 inhabitants, no administrative areas), built in memory in the same run.
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geopy.distance import geodesic

from geo.gazetteer import load_gazetteer
from geo.geocoder import rank_candidates
from geo.geonames import (
    DEFAULT_INDEX_DIR,
    GeonamesIndex,
    build_geonames_index,
    load_geonames_index,
)
from geo.normalize import STOPWORDS, fold
from geo.surface import SurfaceForms, surface_forms
from incidents.evaluate import MATCH_KM

logger = logging.getLogger(__name__)

EVAL = Path(__file__).resolve().parent
CORPUS = EVAL / "corpus"
SPLIT = EVAL / "split.csv"


@dataclass(frozen=True)
class Row:
    """A dev main row with a coordinate."""

    file: str
    place_name: str
    canonical_place: str
    lat: float
    lon: float
    country_code: str


def dev_rows() -> list[Row]:
    """The main rows of the dev part that have a coordinate (the test part is skipped unread)."""
    with SPLIT.open(encoding="utf-8") as handle:
        dev = {r["file"] for r in csv.DictReader(handle) if r["part"] == "dev"}
    rows = []
    for lang in ("fr", "en"):
        countries = {}
        with (CORPUS / lang / "sources.csv").open(encoding="utf-8") as handle:
            for r in csv.DictReader(handle):
                if r["file"] in dev:
                    countries[r["file"]] = r["country_code"]
        with (CORPUS / lang / "expected.csv").open(encoding="utf-8") as handle:
            for r in csv.DictReader(handle):
                if r["file"] not in dev or r["role"] != "main" or not r["lat"].strip():
                    continue
                rows.append(
                    Row(
                        file=r["file"],
                        place_name=r["place_name"],
                        canonical_place=r["canonical_place"],
                        lat=float(r["lat"]),
                        lon=float(r["lon"]),
                        country_code=r["country_code"] or countries.get(r["file"], ""),
                    )
                )
    return rows


def ngrams(text: str, max_words: int) -> Iterator[str]:
    """Every folded n-gram of ``text`` up to ``max_words`` words, not only stopwords."""
    tokens = fold(text).split()
    for size in range(1, max_words + 1):
        for start in range(len(tokens) - size + 1):
            span = tokens[start : start + size]
            if not all(t in STOPWORDS for t in span):
                yield " ".join(span)


def reach(forms: SurfaceForms, row: Row, text: str) -> tuple[bool, bool]:
    """(some candidate within MATCH_KM, some n-gram's best-ranked candidate within MATCH_KM)."""
    point = (row.lat, row.lon)
    anywhere = first = False
    for gram in ngrams(text, min(forms.max_words, 8)):
        if gram not in forms:
            continue
        found = list(forms[gram])
        if any(geodesic(point, (c.lat, c.lon)).km <= MATCH_KM for c in found):
            anywhere = True
            best = rank_candidates(found, country_hint=row.country_code or None)[0]
            if geodesic(point, (best.lat, best.lon)).km <= MATCH_KM:
                first = True
                break
    return anywhere, first


def bound(forms: SurfaceForms, rows: list[Row]) -> dict[str, int]:
    """The counts of rows reachable and ranked first, by the article's words and by any name."""
    counts = dict.fromkeys(("written_any", "written_first", "named_any", "named_first"), 0)
    for row in rows:
        written = reach(forms, row, row.place_name)
        named = reach(forms, row, f"{row.place_name} , {row.canonical_place}")
        counts["written_any"] += written[0]
        counts["written_first"] += written[1]
        counts["named_any"] += named[0]
        counts["named_first"] += named[1]
    return counts


def old_index() -> GeonamesIndex:
    """The former index: GeoNames places of 1,000 inhabitants, no administrative areas."""
    return GeonamesIndex(build_geonames_index(min_population=1000, areas=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.gazetteer_bound", description=__doc__)
    parser.add_argument("--no-baseline", action="store_true", help="skip the former index")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    rows = dev_rows()
    gazetteer = load_gazetteer()
    indexes = [("new index", load_geonames_index(DEFAULT_INDEX_DIR))]
    if not args.no_baseline:
        indexes.append(("former index", old_index()))
    out = sys.stdout
    out.write(f"dev main rows with a coordinate: {len(rows)} (within {MATCH_KM:g} km)\n")
    out.write("| index | written: any | written: first | any name: any | any name: first |\n")
    out.write("|---|---|---|---|---|\n")
    for label, index in indexes:
        c = bound(surface_forms(index, gazetteer), rows)
        out.write(
            f"| {label} | {c['written_any']} | {c['written_first']} | {c['named_any']} "
            f"| {c['named_first']} |\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
