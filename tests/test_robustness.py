"""Bad data never takes the app down: each repro is a problem named by file and feature, and the rest loads.

Every test here breaks a copy of the shipped data (the ``data_copy`` fixture)
in one way that once raised out of ``load_dataset``, the CLI or a page.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from sitmap.data import dataset as dataset_module
from sitmap.cli import main as cli_main
from sitmap.map import build_map


def problem_texts(dataset) -> list[str]:
    return [str(p) for p in dataset.problems.items]


def renders(dataset) -> str:
    """What every page view does with a dataset: build the map document."""
    return build_map(dataset, "../assets/").get_root().render()


def shipped_count(data_copy) -> int:
    return len(data_copy.load().features)


# Geometry -------------------------------------------------------------------------------------------


SPIKED_RING = [[37, 48], [38, 48], [38, 49], [37.5, 49], [37.5, 50], [37.5, 49], [37, 49], [37, 48]]


def test_polygon_whose_repair_is_a_geometry_collection_keeps_its_area(data_copy):
    """make_valid turns this ring into a square plus a loose line; only the square is the feature."""
    assert shapely.make_valid(shape({"type": "Polygon", "coordinates": [SPIKED_RING]})).geom_type == "GeometryCollection"
    data_copy.edit_feature("places.geojson", "eastern-ukraine", lambda f: f["geometry"].update(coordinates=[SPIKED_RING]))
    dataset = data_copy.load()
    assert dataset.problems.errors == []
    [warning] = dataset.problems.warnings
    assert (Path(warning.file).name, warning.feature) == ("places.geojson", "eastern-ukraine")
    assert "repaired to a valid Polygon" in warning.message and "dropped" in warning.message
    repaired = shape(dataset.feature("eastern-ukraine").geometry)
    assert repaired.geom_type == "Polygon" and repaired.area == pytest.approx(1.0)
    renders(dataset)
    assert cli_main(["validate", "--config", str(data_copy.config)]) == 0


def test_polygon_with_no_area_is_an_error_not_a_point(data_copy):
    """All its corners in one place: 'repairing' it into a point would map something nobody drew."""
    same = [[[37.0, 48.0], [37.0, 48.0], [37.0, 48.0], [37.0, 48.0]]]
    data_copy.edit_feature("places.geojson", "eastern-ukraine", lambda f: f["geometry"].update(coordinates=same))
    dataset = data_copy.load()
    [error] = dataset.problems.errors
    assert error.feature == "eastern-ukraine" and "cannot be repaired" in error.message
    assert dataset.feature("eastern-ukraine") is None


# Files that are not files ---------------------------------------------------------------------------


def replace_with_a_non_file(path: Path, kind: str) -> None:
    """What a file deleted, moved or mis-created looks like to the loader."""
    path.unlink()
    if kind == "directory":
        path.mkdir()
    else:
        os.symlink(path.parent / "nowhere", path)


@pytest.mark.parametrize("kind", ["dangling symlink", "directory"])
def test_a_layer_file_that_is_not_a_readable_file(data_copy, kind):
    replace_with_a_non_file(data_copy.layers / "places.geojson", kind)
    dataset = data_copy.load()
    [error] = dataset.problems.errors
    assert Path(error.file).name == "places.geojson"
    assert ("missing" if kind == "dangling symlink" else "not a regular file") in error.message
    assert [layer.loaded for layer in dataset.layers] == [True, True, True, False]
    renders(dataset)


@pytest.mark.parametrize("kind", ["dangling symlink", "directory"])
@pytest.mark.parametrize("suffix", [".toml", ".txt"])
def test_a_source_file_that_is_not_a_readable_file(data_copy, kind, suffix):
    path = data_copy.sources / f"interfax-2022-02-10-union-resolve{suffix}"
    replace_with_a_non_file(path, kind)
    dataset = data_copy.load()
    [error] = dataset.problems.errors
    assert Path(error.file).name == path.name
    assert "interfax-2022-02-10-union-resolve" not in dataset.sources
    # The features citing it wait for it, said once; nothing raised and the rest is on the map.
    assert len(dataset.features) > 0
    renders(dataset)


def test_a_file_deleted_between_listing_and_reading(data_copy, monkeypatch):
    real_read = Path.read_bytes

    def vanishing(self):
        if self.name == "deployments.geojson":
            raise FileNotFoundError(2, "No such file or directory")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", vanishing)
    dataset = data_copy.load()
    [error] = dataset.problems.errors
    assert Path(error.file).name == "deployments.geojson" and "could not be read" in error.message


# The gazetteer --------------------------------------------------------------------------------------


def test_one_bad_gazetteer_entry_is_named_and_the_rest_still_checks(data_copy):
    before = shipped_count(data_copy)
    gazetteer = json.loads(data_copy.gazetteer.read_text(encoding="utf-8"))
    del next(p for p in gazetteer["places"] if p["id"] == "lida")["lat"]
    data_copy.gazetteer.write_text(json.dumps(gazetteer), encoding="utf-8")
    dataset = data_copy.load()
    [error] = dataset.problems.errors
    assert (Path(error.file).name, error.feature) == ("gazetteer.json", "lida")
    assert "lacks lat" in error.message
    # The feature placed by that entry stays on the map, with a warning that its position went unchecked.
    assert len(dataset.features) == before
    [warning] = dataset.problems.warnings
    assert warning.feature == "lida-airfield" and "not checked" in warning.message


def test_gazetteer_that_is_not_a_list_of_places(data_copy):
    data_copy.gazetteer.write_text('{"places": 7}', encoding="utf-8")
    dataset = data_copy.load()
    assert any(Path(p.file).name == "gazetteer.json" for p in dataset.problems.errors)
    renders(dataset)


# The basemap ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", ['{"type": "FeatureCollection", "features": []}', "", "[]", '{"features": [7]}'])
def test_an_empty_or_broken_border_file(data_copy, content):
    (data_copy.basemap / "border_blr_ukr.geojson").write_text(content, encoding="utf-8")
    dataset = data_copy.load()
    assert any(Path(p.file).name == "border_blr_ukr.geojson" for p in dataset.problems.errors)
    assert dataset.basemap.border is None
    renders(dataset)


# Quote matching -------------------------------------------------------------------------------------
# Its cost is counted in test_evidence.py; bench/quote_matching.py prints the times.


# Text encodings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    ["layers/places.geojson", "sources/allied-resolve-2022.toml", "sources/allied-resolve-2022.txt", "gazetteer.json"],
)
def test_a_byte_order_mark_is_dropped_with_a_warning_everywhere(data_copy, relative):
    path = data_copy.root / relative
    before = data_copy.load()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    dataset = data_copy.load()
    assert dataset.problems.errors == []
    [warning] = dataset.problems.warnings
    assert Path(warning.file).name == path.name and "byte-order mark" in warning.message
    assert [f.id for f in dataset.features] == [f.id for f in before.features]
    if relative.endswith(".txt"):
        assert not dataset.sources["allied-resolve-2022"].sentences[0].text.startswith("\ufeff")


def test_a_latin1_source_is_reported_once_with_the_features_it_holds_back(data_copy):
    seed = data_copy.sources / "allied-resolve-2022.txt"
    seed.write_bytes(seed.read_text(encoding="utf-8").replace("’", "'").replace("“", '"').replace("”", '"')
                     .replace("–", "-").encode("utf-8").replace(b"Belarus", "Bélarus".encode("latin-1")))
    dataset = data_copy.load()
    [error] = dataset.problems.errors
    assert Path(error.file).name == "allied-resolve-2022.txt" and "not UTF-8" in error.message
    # One follow-up line names what waits for it; no "unknown source" error per quote.
    [warning] = dataset.problems.warnings
    assert "left off until it loads" in warning.message
    assert not [p for p in dataset.problems.items if "unknown source" in p.message]
    assert dataset.features  # the features citing only the other sources still load


# The safety net -------------------------------------------------------------------------------------


def test_an_unforeseen_exception_in_one_feature_is_reported_by_file_and_feature(data_copy, monkeypatch):
    real = dataset_module.anchor_point

    def explode(geometry):
        if geometry.get("coordinates") == [37.6173, 55.7558]:
            raise ZeroDivisionError("boom")
        return real(geometry)

    monkeypatch.setattr(dataset_module, "anchor_point", explode)
    dataset = data_copy.load()
    [error] = dataset.problems.errors
    assert (Path(error.file).name, error.feature) == ("places.geojson", "moscow")
    assert "unexpected ZeroDivisionError" in error.message
    assert dataset.feature("kyiv") is not None


def test_an_unforeseen_exception_in_a_whole_loader_is_reported_by_file(data_copy, monkeypatch):
    def explode(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(dataset_module, "load_gazetteer", explode)
    dataset = data_copy.load()
    [error] = dataset.problems.errors
    assert Path(error.file).name == "gazetteer.json" and "disk on fire" in error.message
