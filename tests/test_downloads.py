"""Data downloads: the visible features with their evidence, as GeoJSON (RFC 7946) and as CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import math
import tomllib

import pytest

from sitmap.data.dataset import Dataset
from sitmap.data.sentences import split_sentences
from sitmap.export.downloads import (
    CSV_COLUMNS,
    CSV_ENCODING,
    FORMULA_TRIGGERS,
    NUMERIC_COLUMNS,
    download_name,
    evidence_csv,
    features_geojson,
)

EVIL = '=HYPERLINK("http://evil")'
SEED = "allied-resolve-2022"


@pytest.fixture(scope="module")
def dataset(shipped) -> Dataset:
    return shipped


def all_layers(dataset: Dataset) -> tuple[str, ...]:
    return tuple(layer.id for layer in dataset.settings.layers)


def geojson(dataset: Dataset, layer_ids: tuple[str, ...]) -> dict:
    return json.loads(features_geojson(dataset, layer_ids))


def csv_table(dataset: Dataset, layer_ids: tuple[str, ...]) -> tuple[list[str], list[dict]]:
    data = evidence_csv(dataset, layer_ids)
    assert data.startswith(b"\xef\xbb\xbf"), "Excel reads UTF-8 only after a byte-order mark"
    rows = list(csv.reader(io.StringIO(data.decode(CSV_ENCODING), newline="")))
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body)
    return header, [dict(zip(header, row)) for row in body]


def append_to_seed(data_copy, lines: list[str]) -> None:
    """New lines at the end of the seed article (which ends without a line break)."""
    path = data_copy.sources / f"{SEED}.txt"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def unescaped(cell: str) -> str:
    """The exact text of a CSV text cell: the one apostrophe added against formulas taken off."""
    return cell[1:] if cell.startswith("'") else cell


# ---------- which features ----------


def test_every_feature_of_the_visible_layers_and_only_those(dataset):
    layer_ids = all_layers(dataset)
    hidden_ones = [layer.settings.id for layer in dataset.layers if layer.features]
    assert len(hidden_ones) >= 2
    for hidden in [None, *hidden_ones]:
        visible = tuple(layer_id for layer_id in layer_ids if layer_id != hidden)
        expected = [f.id for f in dataset.features if f.layer in visible]
        collection = geojson(dataset, visible)
        assert [item["id"] for item in collection["features"]] == expected, hidden
        assert {item["properties"]["layer"] for item in collection["features"]} == {
            f.layer for f in dataset.features if f.layer in visible
        }
        _, rows = csv_table(dataset, visible)
        assert list(dict.fromkeys(row["feature_id"] for row in rows)) == expected, hidden
        if hidden:
            assert hidden not in {row["layer"] for row in rows}
            assert hidden not in [layer["id"] for layer in collection["sitmap"]["layers"]]


def test_no_visible_layer_gives_empty_but_valid_files(dataset):
    assert geojson(dataset, ())["features"] == []
    header, rows = csv_table(dataset, ())
    assert header == list(CSV_COLUMNS) and rows == []
    with pytest.raises(TypeError):
        features_geojson(dataset, "border")


def test_evidence_count_per_feature_matches_the_dataset(dataset):
    layer_ids = all_layers(dataset)
    by_id = {item["id"]: item for item in geojson(dataset, layer_ids)["features"]}
    _, rows = csv_table(dataset, layer_ids)
    for feature in dataset.features:
        assert len(by_id[feature.id]["properties"]["evidence"]) == len(feature.evidence), feature.id
        assert sum(row["feature_id"] == feature.id for row in rows) == len(feature.evidence), feature.id
    assert len(rows) == sum(len(f.evidence) for f in dataset.features)


def test_quotes_stand_verbatim_in_the_named_sentence_of_the_stored_source(dataset):
    """Checked against the source files on disk, split again, not against the loaded objects."""
    stored = {}
    for source_id in dataset.sources:
        text = (dataset.settings.sources_dir / f"{source_id}.txt").read_text(encoding="utf-8")
        meta = tomllib.loads((dataset.settings.sources_dir / f"{source_id}.toml").read_text(encoding="utf-8"))
        stored[source_id] = (text, split_sentences(text, set(meta.get("boilerplate", []))), meta)
    collection = geojson(dataset, all_layers(dataset))
    citations = [
        (item, entry)
        for item in collection["features"]
        for entry in [*item["properties"]["evidence"], *(f["quote"] for f in item["properties"]["figures"] if f["quote"])]
    ]
    assert len(citations) > len(collection["features"])
    for item, entry in citations:
        text, sentences, meta = stored[entry["source"]]
        selector = entry["selector"]
        assert selector["type"] == "TextQuoteSelector"
        assert text.count(selector["prefix"] + selector["exact"] + selector["suffix"]) == 1, item["id"]
        number = entry["sentence_number"]
        assert 1 <= number <= len(sentences)
        assert entry["sentence"] == sentences[number - 1].text, item["id"]
        assert selector["exact"] in entry["sentence"], item["id"]
        for name, key in (("title", "source_title"), ("outlet", "outlet"), ("published", "published"), ("address", "address")):
            assert entry[key]["value"] == meta.get(name, ""), (item["id"], name)
            assert entry[key]["status"] == meta.get(f"{name}_status", "known" if meta.get(name) else "unknown")
    _, rows = csv_table(dataset, all_layers(dataset))
    for row in rows:
        text, sentences, _ = stored[row["source_id"]]
        sentence = sentences[int(row["sentence_number"]) - 1].text
        assert unescaped(row["sentence"]) == sentence
        assert unescaped(row["quote"]) in sentence


def test_each_quote_carries_the_features_claimant_stance_and_status(dataset):
    for item in geojson(dataset, all_layers(dataset))["features"]:
        feature = dataset.feature(item["id"])
        for entry in item["properties"]["evidence"]:
            assert (entry["claimant"], entry["stance"], entry["status"]) == (feature.claimant, feature.stance, feature.status)


# ---------- GeoJSON ----------


def check_position(position, where) -> None:
    assert isinstance(position, list) and len(position) in (2, 3), where
    assert all(isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n) for n in position), where
    lon, lat = position[:2]
    assert -180 <= lon <= 180 and -90 <= lat <= 90, where


def check_geometry(geometry, where) -> None:
    """RFC 7946 section 3.1: the geometry types and the shapes of their coordinates."""
    kind, coordinates = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        check_position(coordinates, where)
    elif kind in ("MultiPoint", "LineString"):
        assert len(coordinates) >= (2 if kind == "LineString" else 1), where
        for position in coordinates:
            check_position(position, where)
    elif kind == "MultiLineString":
        for line in coordinates:
            check_geometry({"type": "LineString", "coordinates": line}, where)
    elif kind == "Polygon":
        for ring in coordinates:
            assert len(ring) >= 4 and ring[0] == ring[-1], f"{where}: a linear ring is closed, with 4 or more positions"
            for position in ring:
                check_position(position, where)
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            check_geometry({"type": "Polygon", "coordinates": polygon}, where)
    else:
        pytest.fail(f"{where}: {kind} is not an RFC 7946 geometry type")


def test_geojson_is_an_rfc_7946_feature_collection(dataset):
    text = features_geojson(dataset, all_layers(dataset))
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection, "RFC 7946 has no crs: WGS84 longitude, latitude"
    assert len(collection["features"]) == len(dataset.features)
    for item in collection["features"]:
        assert set(item) == {"type", "id", "geometry", "properties"}
        assert item["type"] == "Feature" and isinstance(item["id"], str)
        if item["geometry"] is not None:
            check_geometry(item["geometry"], item["id"])
    assert len(text.splitlines()) > 100, "indented, so a diff can be reviewed"


def test_positions_are_longitude_then_latitude(dataset):
    by_id = {item["id"]: item for item in geojson(dataset, all_layers(dataset))["features"]}
    kyiv = dataset.gazetteer.get("kyiv")
    lon, lat = by_id["kyiv"]["geometry"]["coordinates"]
    assert abs(lon - 30.5) < 0.1 and abs(lat - 50.45) < 0.1
    assert (lon, lat) == pytest.approx((kyiv.lon, kyiv.lat), abs=0.05)
    for feature in dataset.features:
        if feature.geometry and feature.geometry["type"] == "Point":
            assert by_id[feature.id]["geometry"]["coordinates"] == list(feature.geometry["coordinates"])


def test_country_claims_have_null_geometry_and_shared_geometries_are_carried(dataset):
    by_id = {item["id"]: item for item in geojson(dataset, all_layers(dataset))["features"]}
    country_claims = [f for f in dataset.features if f.precision == "country"]
    shared = [f for f in dataset.features if f.geometry_ref]
    assert country_claims and shared
    for feature in country_claims:
        assert by_id[feature.id]["geometry"] is None
        assert by_id[feature.id]["properties"]["country"] == feature.country != ""
    for feature in shared:
        item = by_id[feature.id]
        assert item["geometry"] == dataset.basemap.derived_areas[feature.geometry_ref]["geometry"]
        assert item["properties"]["geometry_ref"] == feature.geometry_ref


def test_geojson_names_sources_and_credits_and_no_time(dataset):
    collection = geojson(dataset, all_layers(dataset))
    about = collection["sitmap"]
    assert about["title"] == dataset.settings.title
    assert {source["id"] for source in about["sources"]} == {q.quote.source for f in dataset.features for q in f.evidence}
    for source in dataset.sources.values():
        assert source.meta("outlet").value in about["source_line"]
    assert any(dataset.basemap.credit in credit for credit in about["credits"])
    assert not [key for key in about if "generated" in key or "time" in key or "date" in key]


def test_geojson_credits_only_the_sources_its_features_cite(dataset):
    """Hide every layer that cites a source, and the download no longer names it."""
    layer_ids = all_layers(dataset)
    for source_id, source in dataset.sources.items():
        citing = {f.layer for f in dataset.features if any(q.quote.source == source_id for q in f.evidence)}
        visible = tuple(layer_id for layer_id in layer_ids if layer_id not in citing)
        about = geojson(dataset, visible)["sitmap"]
        assert source_id not in [s["id"] for s in about["sources"]]
        if source.meta("outlet").value:
            assert source.meta("outlet").value not in about["source_line"]
        assert about["source_line"].endswith("Boundaries: Natural Earth.")


def test_properties_say_quantity_and_figures_with_how_they_were_obtained(dataset):
    by_id = {item["id"]: item for item in geojson(dataset, all_layers(dataset))["features"]}
    with_quantity = [f for f in dataset.features if f.quantity]
    with_figures = [f for f in dataset.features if f.figures]
    assert with_quantity and with_figures
    for feature in with_quantity:
        quantity = by_id[feature.id]["properties"]["quantity"]
        assert (quantity["value"], quantity["unit"], quantity["qualifier"]) == (
            feature.quantity.value, feature.quantity.unit, feature.quantity.qualifier)
        assert isinstance(quantity["value"], int) == feature.quantity.value.is_integer(), "100000, not 100000.0"
    for feature in with_figures:
        figures = by_id[feature.id]["properties"]["figures"]
        assert [(f["label"], f["value"], f["unit"]) for f in figures] == [(f.label, f.value, f.unit) for f in feature.figures]
        assert all(f["method"] or f["citation"] for f in figures)


# ---------- CSV ----------


def test_csv_parses_back_one_row_per_feature_and_quote(dataset):
    layer_ids = all_layers(dataset)
    data = evidence_csv(dataset, layer_ids)
    assert data.decode(CSV_ENCODING).count("\r\n") >= 1 + sum(len(f.evidence) for f in dataset.features)
    header, rows = csv_table(dataset, layer_ids)
    assert header == list(CSV_COLUMNS)
    expected = [(f.id, q.quote.exact) for f in dataset.features for q in f.evidence]
    assert [(row["feature_id"], unescaped(row["quote"])) for row in rows] == expected
    for row in rows:
        feature = dataset.feature(row["feature_id"])
        if feature.anchor is None:
            assert row["latitude"] == row["longitude"] == "" and row["precision"] == "country"
        else:
            assert (float(row["longitude"]), float(row["latitude"])) == feature.anchor
        assert int(row["sentence_number"]) >= 1


def test_csv_cells_with_commas_quotes_and_line_breaks_round_trip(data_copy):
    name = 'Forces, "closer" to Kyiv'
    claimant = 'Ministry, "press office"\nsecond line, too'

    def change(item):
        item["properties"]["name"] = name
        item["properties"]["claimant"] = claimant

    data_copy.edit_feature("deployments.geojson", "forces-closer-to-kyiv", change)
    dataset = data_copy.load()
    assert not dataset.problems.errors, dataset.problems.errors
    _, rows = csv_table(dataset, all_layers(dataset))
    assert len(rows) == sum(len(f.evidence) for f in dataset.features)
    mine = [row for row in rows if row["feature_id"] == "forces-closer-to-kyiv"]
    assert mine and all(row["feature_name"] == name and row["claimant"] == claimant for row in mine)


def hostile_copy(data_copy):
    """A copy where one feature, its quotes and a source's metadata begin like spreadsheet formulas."""
    lines = [
        "@SUM(A1) was typed into the article by a prankster.",
        "-2+3 is what a spreadsheet would add up.",
        f"{EVIL} is a link a spreadsheet would open.",
        "+1 more line that starts like a formula.",
    ]
    append_to_seed(data_copy, lines)
    meta_path = data_copy.sources / "interfax-2022-02-10-union-resolve.toml"
    meta = meta_path.read_text(encoding="utf-8")
    for old, new in (('outlet = "Interfax"', 'outlet = "-Interfax"'), ('title = "Russia', 'title = "\\t=2+5 Russia')):
        assert old in meta
        meta = meta.replace(old, new, 1)
    meta_path.write_text(meta, encoding="utf-8")

    def change(item):
        props = item["properties"]
        props["claimant"] = EVIL
        props["name"] = "+1"
        props.pop("gazetteer")
        props["evidence"] += [{"source": SEED, "exact": line.rstrip(".")} for line in lines]
        item["geometry"]["coordinates"] = [-3.7038, -40.4168]  # west and south: both numbers negative

    data_copy.edit_feature("deployments.geojson", "forces-closer-to-kyiv", change)
    dataset = data_copy.load()
    assert not dataset.problems.errors, dataset.problems.errors
    return dataset, lines


def test_csv_neutralises_formulas_and_keeps_negative_numbers(data_copy):
    dataset, lines = hostile_copy(data_copy)
    _, rows = csv_table(dataset, all_layers(dataset))
    text_columns = [column for column in CSV_COLUMNS if column not in NUMERIC_COLUMNS]
    for row in rows:
        for column in text_columns:
            cell = row[column]
            assert not cell.startswith(tuple(t for t in FORMULA_TRIGGERS if t != "'")), (row["feature_id"], column, cell)
        for column in NUMERIC_COLUMNS:
            if row[column]:
                float(row[column])  # a number, not text
    mine = [row for row in rows if row["feature_id"] == "forces-closer-to-kyiv"]
    assert {row["claimant"] for row in mine} == {"'" + EVIL}
    assert {row["feature_name"] for row in mine} == {"'+1"}
    quoted = {row["quote"] for row in mine}
    sentences = {row["sentence"] for row in mine}
    for line in lines:
        assert "'" + line.rstrip(".") in quoted
        assert "'" + line in sentences
    feature = dataset.feature("forces-closer-to-kyiv")
    for row in mine:
        assert row["longitude"] == repr(feature.anchor[0]) and float(row["longitude"]) < 0
        assert row["latitude"] == repr(feature.anchor[1]) and float(row["latitude"]) < 0
    interfax = [row for row in rows if row["source_id"] == "interfax-2022-02-10-union-resolve"]
    assert interfax
    assert all(row["outlet"] == "'-Interfax" and row["source_title"].startswith("'\t=2+5") for row in interfax)


def test_geojson_keeps_hostile_text_exact(data_copy):
    """JSON is not a spreadsheet: the download says exactly what the data says."""
    dataset, lines = hostile_copy(data_copy)
    item = next(i for i in geojson(dataset, all_layers(dataset))["features"] if i["id"] == "forces-closer-to-kyiv")
    assert item["properties"]["claimant"] == EVIL and item["properties"]["name"] == "+1"
    assert item["geometry"]["coordinates"] == [-3.7038, -40.4168]
    assert [e["selector"]["exact"] for e in item["properties"]["evidence"]][-len(lines):] == [line.rstrip(".") for line in lines]


def test_cyrillic_survives_both_downloads(data_copy):
    name = "Київ: сили ближче до столиці"
    sentence = "Війська стоять біля кордону з Україною."

    def change(item):
        item["properties"]["name"] = name
        item["properties"]["evidence"].append({"source": SEED, "exact": sentence[:-1]})

    append_to_seed(data_copy, [sentence])
    data_copy.edit_feature("deployments.geojson", "forces-closer-to-kyiv", change)
    dataset = data_copy.load()
    assert not dataset.problems.errors, dataset.problems.errors
    layer_ids = all_layers(dataset)
    text = features_geojson(dataset, layer_ids)
    assert name in text and sentence in text, "written as UTF-8 text, not \\u escapes"
    item = next(i for i in json.loads(text)["features"] if i["id"] == "forces-closer-to-kyiv")
    assert item["properties"]["name"] == name and item["properties"]["evidence"][-1]["sentence"] == sentence
    data = evidence_csv(dataset, layer_ids)
    assert name.encode("utf-8") in data and sentence.encode("utf-8") in data
    _, rows = csv_table(dataset, layer_ids)
    assert any(row["feature_name"] == name and row["sentence"] == sentence for row in rows)


def test_text_utf8_cannot_hold_still_downloads(data_copy):
    """A "\\ud800" escape in a layer file loads as a lone surrogate; neither download may fail on it."""
    collection = data_copy.read("deployments.geojson")
    data_copy.feature(collection, "forces-closer-to-kyiv")["properties"]["name"] = "Kyiv \ud800"
    data_copy.write("deployments.geojson", json.dumps(collection))
    dataset = data_copy.load()
    assert dataset.feature("forces-closer-to-kyiv").name == "Kyiv \ud800"
    text = features_geojson(dataset, all_layers(dataset))
    text.encode("utf-8")
    assert json.loads(text)["features"]
    assert evidence_csv(dataset, all_layers(dataset))


def test_downloads_are_deterministic(data_copy):
    first, second = data_copy.load(), data_copy.load()
    layer_ids = all_layers(first)
    assert features_geojson(first, layer_ids) == features_geojson(second, layer_ids)
    assert features_geojson(first, layer_ids) == features_geojson(first, layer_ids)
    assert evidence_csv(first, layer_ids) == evidence_csv(second, layer_ids)


# ---------- file names ----------


def test_download_name_of_the_map(dataset):
    assert download_name(dataset, "geojson") == "allied-resolve-2022-situation-map.geojson"
    assert download_name(dataset.settings.title, ".CSV") == "allied-resolve-2022-situation-map.csv"


@pytest.mark.parametrize(
    "title",
    ["../../etc/passwd", "..\\..\\Windows\\win.ini", "Карта ситуації: Київ", "", "   ", "...", "/", "CON", "nul",
     "a" * 500, "Ünïcödé — “quotes” & <tags>", "\x00\n\t", "C:\\temp\\map"],
)
def test_download_name_is_safe(title):
    name = download_name(title, "csv")
    stem, extension = name.rsplit(".", 1)
    assert extension == "csv"
    assert stem and len(stem) <= 80
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in stem), name
    assert not stem.startswith(("-", ".")) and "/" not in name and "\\" not in name and ".." not in name
    assert stem.lower() not in {"con", "prn", "aux", "nul"}


def test_download_name_transliterates_cyrillic_and_refuses_an_empty_extension():
    assert download_name("Карта ситуації: Київ", "csv") == "karta-sytuatsii-kyiv.csv"
    assert download_name("", "csv") == "situation-map.csv"
    with pytest.raises(ValueError):
        download_name("map", "../")
