"""The gazetteer file: size, coverage of the field, valid coordinates, honest sources."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from geopy.distance import distance

from geo.errors import GazetteerError, GeoError
from geo.gazetteer import FEATURES, Gazetteer, GazetteerEntry, load_gazetteer
from geo.geonames import load_geonames_index
from geo.normalize import fold
from geo.resolve import DEFAULT_INDEX_DIR


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_gazetteer_has_at_least_200_entries(gaz):
    assert len(gaz) >= 200


def test_every_row_has_valid_coordinates_feature_precision_and_source(gaz):
    for entry in gaz:
        assert -90 <= entry.lat <= 90 and -180 <= entry.lon <= 180, entry.id
        assert (entry.lat, entry.lon) != (0.0, 0.0), entry.id
        assert entry.feature in FEATURES, entry.id
        assert 1 <= entry.geo_precision <= 7, entry.id
        assert entry.source.strip(), entry.id
        assert len(entry.country_code) == 2, entry.id


def test_iraqi_rows_lie_inside_iraq_bounding_box(gaz):
    for entry in gaz:
        if entry.country_code == "IQ" and entry.feature != "country":
            assert 29.0 <= entry.lat <= 37.4 and 38.7 <= entry.lon <= 48.7, entry.id


def test_approximate_rows_claim_a_coarse_precision(gaz):
    approximate = [e for e in gaz if e.approximate]
    assert len(approximate) >= 10
    for entry in approximate:
        assert entry.geo_precision >= 2, entry.id


def test_umm_al_azam_is_an_honest_approximation_near_taji(gaz):
    (entry,) = gaz.lookup(fold("Umm al-Azam"))
    assert entry.country_code == "IQ"
    assert entry.geo_precision >= 2
    assert "approximate" in entry.note.lower()
    assert distance((entry.lat, entry.lon), (33.5294, 44.2775)).km < 15


def test_every_surface_form_names_exactly_one_entry(gaz):
    owners = collections.defaultdict(set)
    for form, entry in gaz.surface_forms():
        owners[fold(form)].add(entry.id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_surface_forms_yield_every_name_and_alias_with_the_pipeline_attributes(gaz):
    forms = list(gaz.surface_forms())
    assert len(forms) == sum(1 + len(e.aliases) for e in gaz)
    _, entry = next(f for f in forms if f[0] == "zone verte")
    assert isinstance(entry, GazetteerEntry)
    for attribute in ("id", "name", "aliases", "feature", "country_code", "lat", "lon"):
        assert hasattr(entry, attribute)
    assert entry.geo_precision and entry.source
    assert entry.name == "Green Zone"


@pytest.mark.parametrize(
    ("entry_id", "lat", "lon"),
    [
        ("green_zone", 33.3076, 44.3903),
        ("camp_taji", 33.5294, 44.2775),
        ("taji_town", 33.5092, 44.2342),
        ("k1_air_base", 35.5125, 44.2842),
        ("erbil", 36.1926, 44.0106),
        ("us_embassy_baghdad", 33.299, 44.396),
    ],
)
def test_reference_coordinates_are_within_one_km(gaz, entry_id, lat, lon):
    entry = gaz.by_id[entry_id]
    assert distance((entry.lat, entry.lon), (lat, lon)).km < 1.0


REQUIRED = [
    # bases and airfields, Iraq and north-east Syria
    "Camp Taji", "Al Asad", "Ain al-Asad", "Ayn al-Asad", "K-1 Air Base", "Balad Air Base",
    "Al-Bakr Air Base", "Erbil Air Base", "Erbil airport", "Baghdad airport", "Camp Victory",
    "Union III", "Q-West", "Al-Harir", "Camp Speicher", "Green Village", "Conoco field",
    "Omar oil field", "Al-Tanf", "Rmelan", "Tall Baydar", "Al Taqaddum Air Base",
    # embassies and government zones
    "Green Zone", "zone verte", "International Zone", "ambassade des États-Unis",
    "US Embassy", "U.S. Consulate Erbil",
    # Baghdad
    "Ali Al-Saleh", "Karrada", "Mansour", "Sadr City", "Adhamiyah", "Kadhimiya", "Dora",
    "Jadriya", "Zayouna", "Umm al-Azam", "Taji", "At-Taji",
    # towns, regions, countries, English and French
    "Bagdad", "Kirkouk", "Erbil", "Arbil", "Hewler", "Mossoul", "Kurdistan irakien",
    "Iraqi Kurdistan Region", "Irak", "Iraq", "États-Unis", "Syrie", "Iran", "Jordanie",
]  # fmt: skip


@pytest.mark.parametrize("name", REQUIRED)
def test_field_place_is_in_the_gazetteer(gaz, name):
    assert gaz.lookup(fold(name)), name


def test_all_iraqi_governorates_are_present(gaz):
    governorates = [e for e in gaz if e.feature == "governorate" and e.country_code == "IQ"]
    assert len(governorates) >= 18
    assert all(e.geo_precision == 4 for e in governorates)


def test_geonames_sourced_rows_match_geonames_coordinates(gaz):
    index = load_geonames_index(DEFAULT_INDEX_DIR)
    checked = 0
    for entry in gaz:
        words = entry.source.split()
        if words[0] == "GeoNames" and entry.feature in {"city", "town", "neighbourhood"}:
            city = index.get(int(words[1]))
            assert city is not None, entry.id
            assert distance((entry.lat, entry.lon), (city.lat, city.lon)).km < 0.1, entry.id
            checked += 1
    assert checked >= 80


def test_bad_gazetteer_row_raises_gazetteer_error(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,name,aliases,feature,country_code,lat,lon,geo_precision,source,note\n"
        "x,X,,town,IQ,95.0,44.0,1,somewhere,\n",
        encoding="utf-8",
    )
    with pytest.raises(GazetteerError) as info:
        load_gazetteer(bad)
    assert isinstance(info.value, ValueError) and isinstance(info.value, GeoError)


def test_gazetteer_without_a_column_raises(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nx,X\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing columns"):
        load_gazetteer(bad)


def test_no_surface_form_is_an_everyday_word_or_a_famous_place_elsewhere(gaz):
    # The extraction pipeline matches surface forms case-insensitively.
    forms = {form.lower() for form, _ in gaz.surface_forms()}
    assert not forms & {
        "hit",
        "dura",
        "ana",
        "fao",
        "hai",
        "cham",
        "samara",
        "berea",
        "tamim",
        "sarin",
    }


def test_largest_towns_within_a_box_come_largest_first():
    index = load_geonames_index(DEFAULT_INDEX_DIR)
    towns = index.largest_within(32.3, 43.2, 34.5, 45.4, limit=20)
    assert towns[0].name == "Baghdad"
    assert 1 < len(towns) <= 20
    assert all(32.3 <= t.lat <= 34.5 and 43.2 <= t.lon <= 45.4 for t in towns)
    populations = [t.population for t in towns]
    assert populations == sorted(populations, reverse=True)
    assert index.largest_within(-1.0, -1.0, 1.0, 1.0) == []  # open sea off Africa


@pytest.mark.parametrize(
    ("name", "code"),
    [("Mali", "ML"), ("Somalie", "SO"), ("Tchad", "TD"), ("Burma", "MM"), ("Niger", "NE")],
)
def test_every_country_is_known_by_its_english_and_french_names(gaz, name, code):
    (entry,) = [e for e in gaz.lookup(fold(name)) if e.feature == "country"]
    assert (entry.country_code, entry.geo_precision) == (code, 6)
    assert "approximate" in entry.note


def test_world_countries_can_be_left_out_for_the_bare_file():
    bare = load_gazetteer(world_countries=False)
    assert not bare.lookup(fold("Mali"))
    assert len(load_gazetteer()) > len(bare) + 150
