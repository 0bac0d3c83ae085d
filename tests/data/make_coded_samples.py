"""Write the small coded files the tests import: ``acled_sample.csv`` and ``ucdp_sample.csv``.

Synthetic rows (made up here, no row of ACLED's or UCDP's data) in the exact published column
layouts (``incidents.coded.ACLED_COLUMNS``, ``UCDP_COLUMNS``), from a fixed seed, so the files
are the same on every run::

    .venv/bin/python -m tests.data.make_coded_samples

Some rows are bad on purpose (:data:`ACLED_BAD_LINES`, :data:`UCDP_BAD_LINES`: line in the file
-> a word of the reason the importer gives); the others are all good. ``bench/make_acled.py``
uses :func:`acled_rows` for its 100,000-row file.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

from incidents.coded import ACLED_COLUMNS, UCDP_COLUMNS

HERE = Path(__file__).resolve().parent
ACLED_SAMPLE = HERE / "acled_sample.csv"
UCDP_SAMPLE = HERE / "ucdp_sample.csv"
GOOD_ROWS = 55

# (location, lat, lon, country, ISO numeric, ACLED region, admin1, UCDP GW country id)
PLACES = (
    ("Mopti", 14.4843, -4.1827, "Mali", 466, "Western Africa", "Mopti", 432),
    ("Gao", 16.2717, -0.0447, "Mali", 466, "Western Africa", "Gao", 432),
    ("Ménaka", 15.9182, 2.4022, "Mali", 466, "Western Africa", "Menaka", 432),
    ("Djibo", 14.1022, -1.6306, "Burkina Faso", 854, "Western Africa", "Sahel", 439),
    ("Maiduguri", 11.8464, 13.1603, "Nigeria", 566, "Western Africa", "Borno", 475),
    ("Mogadishu", 2.0371, 45.3438, "Somalia", 706, "Eastern Africa", "Banadir", 520),
    ("Kirkuk", 35.4681, 44.3922, "Iraq", 368, "Middle East", "Kirkuk", 645),
)
# (sub_event_type, event_type, disorder_type, actor1, inter1, actor2, inter2)
EVENTS = (
    ("Armed clash", "Battles", "Political violence",
     "Military Forces of {c}", 1, "JNIM: Jama'at Nasr al-Islam wal Muslimin", 2),
    ("Attack", "Violence against civilians", "Political violence",
     "Unidentified Armed Group ({c})", 3, "Civilians ({c})", 7),
    ("Remote explosive/landmine/IED", "Explosions/Remote violence", "Political violence",
     "Islamic State (Sahel)", 2, "Military Forces of {c}", 1),
    ("Abduction/forced disappearance", "Violence against civilians", "Political violence",
     "Al Shabaab", 2, "Civilians ({c})", 7),
    ("Air/drone strike", "Explosions/Remote violence", "Political violence",
     "Military Forces of {c}", 1, "", ""),
    ("Disrupted weapons use", "Strategic developments", "Strategic developments",
     "Military Forces of {c}", 1, "Unidentified Armed Group ({c})", 3),
    ("Peaceful protest", "Protests", "Demonstrations", "Protesters ({c})", 6, "", ""),
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
ACLED_BAD_LINES = {
    12: "date",  # 30 February
    20: "latitude",  # 95.5
    28: "sub_event_type",  # "Bombing"
    36: "fatalities",  # "many"
    44: "already on line",  # an event id given twice
}
UCDP_BAD_LINES = {
    10: "low",  # low above best
    18: "where_prec",  # 9
    26: "date",  # "sometime"
    34: "latitude",  # empty
    42: "id is empty",
}


def acled_rows(n: int, *, seed: int = 9) -> Iterator[dict[str, object]]:
    """``n`` good synthetic rows in ACLED's export layout (ISO and "16 February 2023" dates)."""
    rng = random.Random(seed)
    for k in range(n):
        place = PLACES[k % len(PLACES)]
        location, lat, lon, country, iso, region, admin1, _ = place
        sub, event_type, disorder, a1, i1, a2, i2 = EVENTS[(k + k // len(PLACES)) % len(EVENTS)]
        year, month, day = 2023, 1 + k % 12, 1 + k % 28
        iso_date = f"{year}-{month:02d}-{day:02d}"
        text_date = iso_date if k % 3 else f"{day} {MONTHS[month - 1]} {year}"
        quiet = sub in ("Peaceful protest", "Disrupted weapons use")
        fatalities = 0 if quiet else rng.randint(0, 12)
        yield {
            "event_id_cnty": f"{country[:3].upper()}{10000 + k}",
            "event_date": text_date,
            "year": year,
            "time_precision": 1 + k % 3,
            "disorder_type": disorder,
            "event_type": event_type,
            "sub_event_type": sub,
            "actor1": a1.format(c=country),
            "assoc_actor_1": "",
            "inter1": i1,
            "actor2": a2.format(c=country),
            "assoc_actor_2": "",
            "inter2": i2,
            "interaction": f"{min(i1, i2 or 9)}{max(i1, i2 or 0)}" if i2 else f"{i1}0",
            "civilian_targeting": "Civilian targeting" if i2 == 7 else "",
            "iso": iso,
            "region": region,
            "country": country,
            "admin1": admin1,
            "admin2": "",
            "admin3": "",
            "location": location,
            "latitude": round(lat + rng.uniform(-0.05, 0.05), 4),
            "longitude": round(lon + rng.uniform(-0.05, 0.05), 4),
            "geo_precision": 1 + k % 3,
            "source": "Synthetic Wire; Test Radio",
            "source_scale": "National",
            "notes": f"On {text_date}, a synthetic {sub.lower()} near {location} (test row {k}).",
            "fatalities": fatalities,
            "tags": "",
            "timestamp": 1700000000 + k,
        }


def _acled_sample() -> list[dict[str, object]]:
    rows = list(acled_rows(GOOD_ROWS))
    bad = {
        12: {"event_date": "2023-02-30"},
        20: {"latitude": 95.5},
        28: {"sub_event_type": "Bombing"},
        36: {"fatalities": "many"},
        44: {"event_id_cnty": rows[0]["event_id_cnty"]},
    }
    for line, change in sorted(bad.items()):
        row = dict(rows[0])
        row.update(change)
        row["event_id_cnty"] = change.get("event_id_cnty", f"BAD{line}")
        rows.insert(line - 2, row)  # the header is line 1, row i is line i + 2
    return rows


def ucdp_rows(n: int, *, seed: int = 9) -> Iterator[dict[str, object]]:
    """``n`` good synthetic rows in UCDP GED's CSV layout (dates with times)."""
    rng = random.Random(seed)
    for k in range(n):
        location, lat, lon, country, _, _, admin1, gw = PLACES[k % len(PLACES)]
        violence = 1 + k % 3
        side_a = f"Government of {country}" if violence == 1 else "IS"
        side_b = {1: "JNIM", 2: "JNIM", 3: "Civilians"}[violence]
        best = rng.randint(1, 30)
        low, high = max(0, best - rng.randint(0, 3)), best + rng.randint(0, 10)
        start = f"2022-{1 + k % 12:02d}-{1 + k % 27:02d}"
        end_day = 1 + k % 27 + (k % 2)
        yield {
            "id": 400000 + k,
            "relid": f"{country[:3].upper()}-2022-{violence}-{k}",
            "year": 2022,
            "active_year": 1,
            "code_status": "Clear",
            "type_of_violence": violence,
            "conflict_dset_id": 11000 + violence,
            "conflict_new_id": 11000 + violence,
            "conflict_name": f"{country}: Government" if violence == 1 else f"{side_a} - {side_b}",
            "dyad_dset_id": 800 + violence,
            "dyad_new_id": 800 + violence,
            "dyad_name": f"{side_a} - {side_b}",
            "side_a_dset_id": 100 + violence,
            "side_a_new_id": 100 + violence,
            "side_a": side_a,
            "side_b_dset_id": 200 + violence,
            "side_b_new_id": 200 + violence,
            "side_b": side_b,
            "number_of_sources": 2,
            "source_article": "Synthetic Wire 2022-01-01; Test Radio",
            "source_office": "Synthetic Wire",
            "source_date": start,
            "source_headline": f"Synthetic clash near {location} (test row {k})",
            "source_original": "",
            "where_prec": 1 + k % 4,
            "where_coordinates": f"{location} town",
            "where_description": f"near {location}",
            "adm_1": f"{admin1} region",
            "adm_2": "",
            "latitude": round(lat + rng.uniform(-0.05, 0.05), 4),
            "longitude": round(lon + rng.uniform(-0.05, 0.05), 4),
            "geom_wkt": f"POINT ({lon:.4f} {lat:.4f})",
            "priogrid_gid": 150000 + k,
            "country": country,
            "country_id": gw,
            "region": "Middle East" if country == "Iraq" else "Africa",
            "event_clarity": 1,
            "date_prec": 1 + k % 3,
            "date_start": f"{start} 00:00:00.000",
            "date_end": f"{start[:8]}{end_day:02d} 00:00:00.000",
            "deaths_a": 0,
            "deaths_b": 0,
            "deaths_civilians": best if violence == 3 else 0,
            "deaths_unknown": 0 if violence == 3 else best,
            "best": best,
            "high": high,
            "low": low,
        }


def _ucdp_sample() -> list[dict[str, object]]:
    rows = list(ucdp_rows(GOOD_ROWS))
    bad = {
        10: {"low": 99},
        18: {"where_prec": 9},
        26: {"date_start": "sometime"},
        34: {"latitude": ""},
        42: {"id": ""},
    }
    for line, change in sorted(bad.items()):
        row = dict(rows[1])
        row["id"] = 900000 + line
        row.update(change)
        rows.insert(line - 2, row)
    return rows


def write(path: Path, columns: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    write(ACLED_SAMPLE, ACLED_COLUMNS, _acled_sample())
    write(UCDP_SAMPLE, UCDP_COLUMNS, _ucdp_sample())


if __name__ == "__main__":
    main()
