"""Score the real pipeline on the evaluation corpus, per part (dev, test), language and country.

Run ``python -m eval.run`` (or ``make eval``). Every article of ``eval/corpus/<lang>/articles``
is extracted with the pipeline the CLI uses (:func:`incidents.pipeline.load_resources`,
:func:`incidents.pipeline.process_paths`, a temporary geocache), its incidents are matched to
the rows of ``expected.csv`` (see :func:`row_matches`; the rules are in ``eval/README.md``), and
the figures are printed as a table and written to ``eval/results/<UTC timestamp>.json``.

``--details`` lists the misses and spurious incidents of the **dev** part only: the test part
is scored, never inspected (its failures must not steer the tuning).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from geopy.distance import geodesic

from geo.normalize import fold
from incidents.evaluate import MATCH_KM, dates_match
from incidents.model import EVENT_TYPES, Incident

log = logging.getLogger(__name__)

EVAL = Path(__file__).resolve().parent
CORPUS = EVAL / "corpus"
SPLIT = EVAL / "split.csv"
RESULTS = EVAL / "results"
PARTS = ("dev", "test")

#: The analysts' ``event_kind`` words mapped onto :data:`incidents.model.EVENT_TYPES`.
#: A kind already in ``EVENT_TYPES`` maps to itself.
EVENT_KIND_TO_TYPE = {
    "attack (violence against civilians)": "attack",
    "abduction/forced disappearance": "abduction/kidnapping",
    "foiled attack": "foiled or attempted attack",
    "rocket attack": "shelling/artillery/missile attack",
}


def event_type_of(kind: str) -> str | None:
    """The pipeline's event type for an expected ``event_kind`` (None if it has none)."""
    kind = kind.strip()
    if kind in EVENT_TYPES:
        return kind
    if kind in EVENT_KIND_TO_TYPE:
        return EVENT_KIND_TO_TYPE[kind]
    # "foiled attack (rocket)": the words before a parenthesis
    head = kind.split("(")[0].strip()
    return EVENT_KIND_TO_TYPE.get(head, head if head in EVENT_TYPES else None)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def distance_km(row: Mapping[str, str], incident: Incident) -> float | None:
    """Km between the row's coordinate and the incident's place (None if either lacks one)."""
    lat, lon = _float(row.get("lat")), _float(row.get("lon"))
    if incident.place is None or lat is None or lon is None:
        return None
    return geodesic((lat, lon), (incident.place.lat, incident.place.lon)).km


def _names_agree(row: Mapping[str, str], incident: Incident) -> bool:
    expected = fold(f"{row.get('place_name', '')} {row.get('canonical_place', '')}")
    names = [incident.place.name if incident.place else None, incident.place_mention]
    return any(name and fold(name) and fold(name) in expected for name in names)


def located(row: Mapping[str, str], incident: Incident) -> bool:
    """The incident's place is the row's: within 25 km, or (row without a coordinate) a
    place in the row's country."""
    km = distance_km(row, incident)
    if km is not None:
        return km <= MATCH_KM
    if _float(row.get("lat")) is None and incident.place is not None:
        return (incident.place.country_code or "").upper() == row.get("country_code", "").upper()
    return False


def row_matches(row: Mapping[str, str], incident: Incident) -> bool:
    """True when ``incident`` is the incident of expected ``row``.

    Same file; dates agree within the coarser precision of the two
    (:func:`incidents.evaluate.dates_match`); and places agree: within 25 km when both have a
    coordinate; when the row has none, a place in the row's country; when the incident has no
    place, its place as written is named in the row's place (found, but not located).
    """
    if row.get("file") != incident.source:
        return False
    if not dates_match(
        row.get("incident_date"), row.get("date_precision"), incident.date, incident.date_precision
    ):
        return False
    if located(row, incident):
        return True
    return incident.place is None and _names_agree(row, incident)


def best_match(row: Mapping[str, str], incidents: Sequence[Incident]) -> Incident | None:
    """The matching incident closest to the row (located before unlocated, then nearest)."""
    found = [i for i in incidents if row_matches(row, i)]
    if not found:
        return None
    return min(found, key=lambda i: (not located(row, i), distance_km(row, i) or 0.0))


def tolls_right(row: Mapping[str, str], incident: Incident) -> bool | None:
    """Killed and injured both equal where the row states them (None: the row states none)."""
    stated = [
        (_int(row.get("fatalities")), incident.fatalities),
        (_int(row.get("injured")), incident.injured),
    ]
    stated = [(want, got) for want, got in stated if want is not None]
    if not stated:
        return None
    return all(want == got for want, got in stated)


@dataclass
class Tally:
    """Counts behind one line of the table."""

    main_rows: int = 0
    main_found: int = 0
    main_located: int = 0
    incidents: int = 0
    incidents_matching: int = 0
    unlocated: int = 0
    tolls_stated: int = 0
    tolls_right: int = 0
    types_known: int = 0
    types_right: int = 0
    articles: int = 0
    errors: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def figures(self) -> dict[str, Any]:
        def share(num: int, den: int) -> float | None:
            return round(num / den, 3) if den else None

        return {
            "recall_main": share(self.main_found, self.main_rows),
            "located_recall": share(self.main_located, self.main_rows),
            "precision": share(self.incidents_matching, self.incidents),
            "tolls_right": share(self.tolls_right, self.tolls_stated),
            "event_type_right": share(self.types_right, self.types_known),
            "unlocated_share": share(self.unlocated, self.incidents),
            "median_s_per_article": (
                round(statistics.median(self.seconds), 3) if self.seconds else None
            ),
            "counts": {k: v for k, v in asdict(self).items() if k != "seconds"},
        }


@dataclass(frozen=True)
class FileScore:
    """What one article gave, with the lists behind its tally (for ``--details``)."""

    tally: Tally
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()


def _describe_row(row: Mapping[str, str]) -> str:
    return (
        f"{row['incident_date']} {row['canonical_place']} [{row['event_kind']}] "
        f"k={row['fatalities'] or '-'} i={row['injured'] or '-'}"
    )


def _describe(incident: Incident) -> str:
    where = incident.place.name if incident.place else f"?{incident.place_mention}"
    return (
        f"{incident.date} {where} [{incident.event_type}] "
        f"k={incident.fatalities} i={incident.injured}"
    )


def score_file(rows: Sequence[Mapping[str, str]], incidents: Sequence[Incident]) -> FileScore:
    """Tally one article: its expected rows against its extracted incidents."""
    tally = Tally(articles=1)
    missed, spurious, wrong = [], [], []
    for row in rows:
        if row.get("role") != "main":
            continue
        tally.main_rows += 1
        incident = best_match(row, incidents)
        if incident is None:
            missed.append(_describe_row(row))
            continue
        tally.main_found += 1
        tally.main_located += located(row, incident)
        right = tolls_right(row, incident)
        if right is not None:
            tally.tolls_stated += 1
            tally.tolls_right += right
        want = event_type_of(row.get("event_kind", ""))
        if want is not None:
            tally.types_known += 1
            tally.types_right += incident.event_type == want
        if right is False or (want is not None and incident.event_type != want):
            wrong.append(f"{_describe_row(row)}  got  {_describe(incident)}")
    for incident in incidents:
        tally.incidents += 1
        tally.unlocated += incident.place is None
        if any(row_matches(row, incident) for row in rows):
            tally.incidents_matching += 1
        else:
            spurious.append(_describe(incident))
    return FileScore(tally, tuple(missed), tuple(spurious), tuple(wrong))


def read_split(path: Path = SPLIT) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row["part"] for row in csv.DictReader(handle)}


def read_corpus(corpus: Path = CORPUS) -> tuple[dict[str, list[dict]], dict[str, str], list[Path]]:
    """``(rows by file, country by file, article paths)`` of every language of the corpus."""
    rows: dict[str, list[dict]] = defaultdict(list)
    country: dict[str, str] = {}
    paths: list[Path] = []
    for folder in sorted(p for p in corpus.iterdir() if (p / "expected.csv").exists()):
        with (folder / "expected.csv").open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[row["file"]].append(row)
        with (folder / "sources.csv").open(encoding="utf-8-sig", newline="") as handle:
            country.update({r["file"]: r["country_code"] for r in csv.DictReader(handle)})
        paths += sorted((folder / "articles").glob("*.txt"))
    return rows, country, paths


def extract_all(paths: Iterable[Path]) -> dict[str, tuple[list[Incident], float, str | None]]:
    """``{file name: (incidents, seconds, error)}`` with the real pipeline."""
    from incidents.pipeline import load_resources, process_paths

    out: dict[str, tuple[list[Incident], float, str | None]] = {}
    with tempfile.TemporaryDirectory(prefix="eval-") as tmp:
        nlp_by_language, resolver = load_resources(geocache=Path(tmp) / "geocache.sqlite")
        for language in ("fr", "en"):  # loading is start-up, not time per article
            nlp_by_language[language]
        for path in paths:
            t0 = time.perf_counter()
            [result] = process_paths([path], nlp_by_language=nlp_by_language, resolver=resolver)
            out[path.name] = (list(result.incidents), time.perf_counter() - t0, result.error)
    return out


def evaluate(
    rows: Mapping[str, list[dict]],
    country: Mapping[str, str],
    parts: Mapping[str, str],
    extracted: Mapping[str, tuple[list[Incident], float, str | None]],
) -> tuple[dict[str, Any], dict[str, FileScore]]:
    """The figures per part, language and country, and each file's score."""
    figures: dict[str, Any] = {}
    by_file: dict[str, FileScore] = {}
    for part in PARTS:
        total = Tally()
        languages: dict[str, Tally] = defaultdict(Tally)
        countries: dict[str, Tally] = defaultdict(Tally)
        for name in sorted(n for n, p in parts.items() if p == part and n in extracted):
            incidents, seconds, error = extracted[name]
            scored = score_file(rows.get(name, []), incidents)
            scored.tally.seconds.append(seconds)
            scored.tally.errors += error is not None
            by_file[name] = scored
            for tally in (total, languages[name.split("_")[1]], countries[country.get(name, "?")]):
                tally.add(scored.tally)
        figures[part] = {
            "all": total.figures(),
            "language": {k: v.figures() for k, v in sorted(languages.items())},
            "country": {k: v.figures() for k, v in sorted(countries.items())},
        }
    return figures, by_file


_COLUMNS = (
    ("recall_main", "recall"),
    ("located_recall", "located"),
    ("precision", "precis."),
    ("tolls_right", "tolls"),
    ("event_type_right", "type"),
    ("unlocated_share", "unloc."),
    ("median_s_per_article", "s/art"),
)


def table(figures: Mapping[str, Any]) -> str:
    """The human table: one line per part, language and country."""
    head = f"{'part':5} {'slice':8} {'rows':>4} {'inc':>4} " + " ".join(
        f"{title:>8}" for _, title in _COLUMNS
    )
    lines = [head, "-" * len(head)]
    for part in (p for p in PARTS if figures[p]["all"]["counts"]["main_rows"]):
        slices = [("all", figures[part]["all"])]
        slices += [(f"lang {k}", v) for k, v in figures[part]["language"].items()]
        slices += [(f"  {k}", v) for k, v in figures[part]["country"].items()]
        for label, values in slices:
            cells = " ".join(
                f"{'-' if values[key] is None else format(values[key], '.2f'):>8}"
                for key, _ in _COLUMNS
            )
            counts = values["counts"]
            lines.append(
                f"{part:5} {label:8} {counts['main_rows']:>4} {counts['incidents']:>4} {cells}"
            )
        lines.append("")
    return "\n".join(lines)


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=EVAL,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.run", description=__doc__)
    parser.add_argument("--details", action="store_true", help="list dev-part misses")
    parser.add_argument("--out", type=Path, help="JSON file to write (default: results/<UTC>)")
    parser.add_argument(
        "--part", choices=PARTS, help="extract and score this part only (tuning: --part dev)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")

    rows, country, paths = read_corpus()
    parts = read_split()
    if args.part:
        parts = {name: part for name, part in parts.items() if part == args.part}
        paths = [path for path in paths if path.name in parts]
    started = time.perf_counter()
    extracted = extract_all(paths)
    figures, by_file = evaluate(rows, country, parts, extracted)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    report = {
        "timestamp": stamp,
        "commit": _git_commit(),
        "match_km": MATCH_KM,
        "articles": len(paths),
        "total_seconds": round(time.perf_counter() - started, 1),
        "parts": figures,
    }
    out = args.out or RESULTS / f"{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    sys.stdout.write(table(figures) + "\n")
    sys.stdout.write(f"written: {out}\n")
    if args.details:
        for name, scored in sorted(by_file.items()):
            if parts.get(name) != "dev":
                continue
            lines = [f"  MISSED  {m}" for m in scored.missed]
            lines += [f"  WRONG   {w}" for w in scored.wrong]
            lines += [f"  EXTRA   {s}" for s in scored.spurious]
            error = extracted[name][2]
            if error:
                lines.append(f"  ERROR   {error}")
            if lines:
                sys.stdout.write(f"{name}\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
