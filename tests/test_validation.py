"""The validating loader: each bad file or feature is named, and everything else still loads.

Fixture datasets are copies of the shipped layers and sources in ``tmp_path``,
with one thing broken per test; the basemap and gazetteer are the real ones.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from sitmap.data.dataset import Dataset, load_dataset
from sitmap.problems import Problem
from sitmap.settings import load_settings

from conftest import DataCopy

REPO_ROOT = Path(__file__).resolve().parents[1]
GEODATA = REPO_ROOT / "geodata"
SEED = "allied-resolve-2022"

# Seed sentences that place nothing on the map: reactions and diplomacy
# ("psychological pressure", Johnson, the Union State, Lavrov, NATO, the
# Normandy talks, the 2014-2015 agreements).
SEED_SENTENCES_CITED_BY_NO_FEATURE = {4, 5, 10, 14, 15, 17, 19}


def set_props(**values):
    return lambda feature: feature["properties"].update(values)


def set_coordinates(coordinates):
    return lambda feature: feature["geometry"].update(coordinates=coordinates)


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load_dataset(load_settings(REPO_ROOT / "config.toml"))


@pytest.fixture(scope="module")
def shipped_ids(shipped) -> dict[str, list[str]]:
    return {layer.settings.id: [f.id for f in layer.features] for layer in shipped.layers}


@pytest.fixture
def data(data_copy) -> DataCopy:
    return data_copy


def problems_for(dataset: Dataset, file_name: str, feature: str | None = None) -> list[Problem]:
    """The errors of the dataset that name this file and feature."""
    return [p for p in dataset.problems.errors if Path(p.file).name == file_name and p.feature == feature]


def the_error(dataset: Dataset, file_name: str, feature: str | None = None) -> Problem:
    """The one problem of the dataset: an error naming this file (and feature)."""
    assert len(dataset.problems.items) == 1, [str(p) for p in dataset.problems.items]
    found = problems_for(dataset, file_name, feature)
    assert len(found) == 1, [str(p) for p in dataset.problems.items]
    text = str(found[0])
    assert text.startswith("error: ") and file_name in text
    if feature is not None:
        assert f"[{feature}]" in text
    return found[0]


def assert_rest_loads(dataset: Dataset, shipped_ids: dict[str, list[str]], missing: dict[str, set[str]]) -> None:
    """Every layer holds its shipped features except the ones named as missing."""
    for layer in dataset.layers:
        gone = missing.get(layer.settings.id, set())
        expected = [i for i in shipped_ids[layer.settings.id] if i not in gone]
        assert [f.id for f in layer.features] == expected, layer.settings.id


# The shipped data ---------------------------------------------------------------------------------


def test_shipped_data_loads_without_problems(shipped):
    assert [str(p) for p in shipped.problems.items] == []
    assert len(shipped.sources) == 3
    assert len(shipped.features) == 22
    assert all(layer.loaded for layer in shipped.layers)


def test_every_configured_layer_has_a_feature(shipped):
    assert [layer.settings.id for layer in shipped.layers] == ["border", "exercise_zones", "deployments", "places"]
    for layer in shipped.layers:
        assert layer.features, layer.settings.id


def test_every_feature_has_a_resolved_quote(shipped):
    for feature in shipped.features:
        assert feature.evidence, feature.id
        for resolved in feature.evidence:
            source = shipped.sources[resolved.quote.source]
            assert source.text[resolved.start : resolved.end] == resolved.quote.exact
            sentence = source.sentences[resolved.sentence_index]
            assert sentence.start <= resolved.start and resolved.end <= sentence.end


def test_border_feature_cites_seed_sentences_2_and_8(shipped):
    border = shipped.feature("belarus-ukraine-border")
    assert [(q.quote.source, q.sentence_index) for q in border.evidence] == [(SEED, 2), (SEED, 8)]


def test_seed_sentences_cited_are_exactly_those_that_locate_something(shipped):
    cited = {q.sentence_index for f in shipped.features for q in f.evidence if q.quote.source == SEED}
    everything = set(range(len(shipped.sources[SEED].sentences)))
    assert len(everything) == 20
    assert cited == everything - SEED_SENTENCES_CITED_BY_NO_FEATURE
    assert cited == {0, 1, 2, 3, 6, 7, 8, 9, 11, 12, 13, 16, 18}
    for index in SEED_SENTENCES_CITED_BY_NO_FEATURE:
        assert shipped.features_citing(SEED, index) == []
    assert {f.id for f in shipped.features_citing(SEED, 9)} == {"forces-closer-to-kyiv", "kyiv"}


def test_every_source_is_cited(shipped):
    cited = {q.quote.source for f in shipped.features for q in f.evidence}
    assert cited == set(shipped.sources)


def test_computed_and_sourced_figures_say_how_they_were_obtained(shipped):
    border = shipped.feature("belarus-ukraine-border")
    sourced = [figure for figure in border.figures if figure.kind == "sourced"]
    computed = [figure for figure in border.figures if figure.kind == "computed"]
    assert [(f.value, bool(f.citation), f.quote is not None) for f in sourced] == [
        (1084.2, True, False),  # BelTA
        (1084.2, True, False),  # Ukrainian News Agency
        (1000, False, True),  # the article's own words, quoted
    ]
    assert len(computed) == 1
    assert 800 <= computed[0].value <= 920 and "WGS84" in computed[0].method
    kyiv = shipped.feature("kyiv")
    assert [f.kind for f in kyiv.figures] == ["computed"]
    assert 50 <= kyiv.figures[0].value <= 120  # Kyiv lies roughly 90 km from the Belarus border


def test_fixture_copy_loads_like_the_shipped_data(data, shipped_ids):
    dataset = data.load()
    assert dataset.problems.items == []
    assert_rest_loads(dataset, shipped_ids, {})


# Whole-file problems -------------------------------------------------------------------------------


def test_invalid_json(data, shipped_ids):
    data.write("deployments.geojson", '{"type": "FeatureCollection", "features": [\n  {"type": "Feature",,}\n]}')
    dataset = data.load()
    problem = the_error(dataset, "deployments.geojson")
    assert "invalid JSON at line 2" in problem.message
    assert not dataset.layers[2].loaded
    assert_rest_loads(dataset, shipped_ids, {"deployments": set(shipped_ids["deployments"])})


@pytest.mark.parametrize(
    "content, message",
    [
        ({"type": "Feature", "geometry": None, "properties": {}}, "must be a FeatureCollection"),
        ([1, 2, 3], "must be a FeatureCollection"),
        ({"type": "FeatureCollection", "features": {"a": 1}}, "'features' must be an array"),
    ],
)
def test_json_that_is_not_a_feature_collection(data, shipped_ids, content, message):
    data.write("places.geojson", content)
    dataset = data.load()
    assert message in the_error(dataset, "places.geojson").message
    assert_rest_loads(dataset, shipped_ids, {"places": set(shipped_ids["places"])})


def test_deeply_nested_json_is_reported_not_raised(data, shipped_ids):
    data.write("places.geojson", "[" * 100_000 + "]" * 100_000)
    dataset = data.load()
    assert "nested too deeply" in the_error(dataset, "places.geojson").message
    assert_rest_loads(dataset, shipped_ids, {"places": set(shipped_ids["places"])})


def test_missing_layer_file(data, shipped_ids):
    (data.layers / "border.geojson").unlink()
    dataset = data.load()
    assert "missing" in the_error(dataset, "border.geojson").message
    assert_rest_loads(dataset, shipped_ids, {"border": {"belarus-ukraine-border"}})


def test_unregistered_geojson_is_an_unknown_layer(data, shipped_ids):
    data.write("rumours.geojson", data.read("places.geojson"))
    dataset = data.load()
    assert "unknown layer" in the_error(dataset, "rumours.geojson").message
    assert_rest_loads(dataset, shipped_ids, {})


# Feature problems ----------------------------------------------------------------------------------


def test_missing_required_property(data, shipped_ids):
    data.edit_feature("places.geojson", "eastern-ukraine", lambda f: f["properties"].pop("claimant"))
    dataset = data.load()
    assert the_error(dataset, "places.geojson", "eastern-ukraine").message == "missing required property 'claimant'"
    assert_rest_loads(dataset, shipped_ids, {"places": {"eastern-ukraine"}})


def test_bad_stance(data, shipped_ids):
    data.edit_feature("deployments.geojson", "russia-denies-invasion-intent", set_props(stance="rumoured"))
    dataset = data.load()
    message = the_error(dataset, "deployments.geojson", "russia-denies-invasion-intent").message
    assert "stance must be one of asserted, denied, warned" in message and "'rumoured'" in message
    assert_rest_loads(dataset, shipped_ids, {"deployments": {"russia-denies-invasion-intent"}})


def test_confirmed_without_confirmation(data, shipped_ids):
    data.edit_feature("border.geojson", "belarus-ukraine-border", lambda f: f["properties"].pop("confirmation"))
    dataset = data.load()
    assert "no 'confirmation'" in the_error(dataset, "border.geojson", "belarus-ukraine-border").message
    assert_rest_loads(dataset, shipped_ids, {"border": {"belarus-ukraine-border"}})


def test_feature_without_evidence(data, shipped_ids):
    data.edit_feature("places.geojson", "moscow", set_props(evidence=[]))
    dataset = data.load()
    assert "nothing unsourced" in the_error(dataset, "places.geojson", "moscow").message
    assert_rest_loads(dataset, shipped_ids, {"places": {"moscow"}})


def test_unresolvable_quote(data, shipped_ids):
    quote = "Western countries have promised an assault"

    def change(feature):
        feature["properties"]["evidence"][0]["exact"] = quote

    data.edit_feature("deployments.geojson", "western-warning-of-assault", change)
    dataset = data.load()
    problem = the_error(dataset, "deployments.geojson", "western-warning-of-assault")
    text = str(problem)
    assert "not found verbatim" in text and repr(quote) in text and SEED in text
    assert_rest_loads(dataset, shipped_ids, {"deployments": {"western-warning-of-assault"}})


def test_quote_of_an_edited_source_is_reported(data, shipped_ids):
    # The sources are the evidence: editing one breaks the features quoting the changed words.
    seed = data.sources / f"{SEED}.txt"
    edited = seed.read_text(encoding="utf-8").replace("Moscow on Thursday", "Moscow on Friday")
    seed.write_text(edited, encoding="utf-8")
    dataset = data.load()
    assert "not found verbatim" in the_error(dataset, "places.geojson", "moscow").message
    assert_rest_loads(dataset, shipped_ids, {"places": {"moscow"}})


def test_coordinates_outside_wgs84(data, shipped_ids):
    data.edit_feature("deployments.geojson", "forces-closer-to-kyiv", set_coordinates([200.0, 48.9]))
    dataset = data.load()
    assert "outside WGS84 bounds" in the_error(dataset, "deployments.geojson", "forces-closer-to-kyiv").message
    assert_rest_loads(dataset, shipped_ids, {"deployments": {"forces-closer-to-kyiv"}})


def test_swapped_lat_lon(data, shipped_ids):
    data.edit_feature("deployments.geojson", "forces-closer-to-kyiv", set_coordinates([50.45, 30.52]))
    dataset = data.load()
    message = the_error(dataset, "deployments.geojson", "forces-closer-to-kyiv").message
    assert "look swapped" in message and "[50.45, 30.52]" in message
    assert_rest_loads(dataset, shipped_ids, {"deployments": {"forces-closer-to-kyiv"}})


def test_bow_tie_polygon_is_repaired_with_a_warning(data, shipped_ids):
    bow_tie = [[[36.0, 48.0], [38.0, 50.0], [38.0, 48.0], [36.0, 50.0], [36.0, 48.0]]]
    assert not shape({"type": "Polygon", "coordinates": bow_tie}).is_valid
    data.edit_feature("places.geojson", "eastern-ukraine", set_coordinates(bow_tie))
    dataset = data.load()
    assert dataset.problems.errors == []
    [warning] = dataset.problems.warnings
    assert Path(warning.file).name == "places.geojson" and warning.feature == "eastern-ukraine"
    assert "Self-intersection" in warning.message and "repaired" in warning.message
    assert str(warning).startswith("warning: ")
    assert_rest_loads(dataset, shipped_ids, {})
    repaired = shape(dataset.feature("eastern-ukraine").geometry)
    assert shapely.is_valid(repaired)
    assert repaired.geom_type == "MultiPolygon" and len(repaired.geoms) == 2
    assert repaired.area == pytest.approx(2.0)


def test_layer_property_naming_another_layer(data, shipped_ids):
    data.edit_feature("deployments.geojson", "truss-withdraw-from-border", set_props(layer="places"))
    dataset = data.load()
    message = the_error(dataset, "deployments.geojson", "truss-withdraw-from-border").message
    assert "unknown layer 'places'" in message and "'deployments'" in message
    assert_rest_loads(dataset, shipped_ids, {"deployments": {"truss-withdraw-from-border"}})


def test_layer_property_naming_its_own_layer_is_fine(data, shipped_ids):
    data.edit_feature("deployments.geojson", "truss-withdraw-from-border", set_props(layer="deployments"))
    dataset = data.load()
    assert dataset.problems.items == []
    assert_rest_loads(dataset, shipped_ids, {})


def test_duplicate_feature_id_in_one_file(data, shipped_ids):
    collection = data.read("places.geojson")
    twin = copy.deepcopy(data.feature(collection, "kyiv"))
    twin["properties"]["name"] = "Kyiv again"
    collection["features"].append(twin)
    data.write("places.geojson", collection)
    dataset = data.load()
    message = the_error(dataset, "places.geojson", "kyiv").message
    assert "already used in" in message and "places.geojson" in message
    assert [f.name for f in dataset.features if f.id == "kyiv"] == ["Kyiv"]
    assert_rest_loads(dataset, shipped_ids, {})


def test_duplicate_feature_id_across_files(data, shipped_ids):
    places = data.read("places.geojson")
    deployments = data.read("deployments.geojson")
    deployments["features"].append(copy.deepcopy(data.feature(places, "moscow")))
    data.write("deployments.geojson", deployments)
    dataset = data.load()
    # Layers load bottom to top, so the copy in deployments comes first and the later one is refused.
    message = the_error(dataset, "places.geojson", "moscow").message
    assert "already used in" in message and "deployments.geojson" in message
    assert [f.layer for f in dataset.features if f.id == "moscow"] == ["deployments"]


def test_gazetteer_mismatch(data, shipped_ids):
    data.edit_feature("places.geojson", "kyiv", set_coordinates([30.0, 50.0]))
    dataset = data.load()
    message = the_error(dataset, "places.geojson", "kyiv").message
    assert "km from the gazetteer's Kyiv" in message
    assert_rest_loads(dataset, shipped_ids, {"places": {"kyiv"}})


def test_unknown_gazetteer_id(data, shipped_ids):
    data.edit_feature("places.geojson", "kyiv", set_props(gazetteer="kiev-city"))
    dataset = data.load()
    assert "'kiev-city' is not in the gazetteer" in the_error(dataset, "places.geojson", "kyiv").message


def test_unknown_geometry_ref(data, shipped_ids):
    data.edit_feature("border.geojson", "belarus-ukraine-border", set_props(geometry_ref="nowhere"))
    dataset = data.load()
    assert "geometry_ref 'nowhere'" in the_error(dataset, "border.geojson", "belarus-ukraine-border").message
    assert_rest_loads(dataset, shipped_ids, {"border": {"belarus-ukraine-border"}})


def test_feature_with_a_bad_id_is_named_by_position(data, shipped_ids):
    data.edit_feature("places.geojson", "moscow", lambda f: f.update(id="Moscow City"))
    dataset = data.load()
    assert "needs an 'id'" in the_error(dataset, "places.geojson", "#1").message
    assert_rest_loads(dataset, shipped_ids, {"places": {"moscow"}})


@pytest.mark.parametrize(
    "change, message",
    [
        ({"compute": 5}, "compute must be a list"),
        ({"compute": "distance_to_belarus_ukraine_border"}, "compute must be a list"),
        ({"compute": ["border_length_in_miles"]}, "unknown computation 'border_length_in_miles'"),
        ({"facts": [5]}, "each sourced fact must be an object"),
        ({"facts": {"label": "x"}}, "facts must be a list"),
        ({"facts": [{"label": "L", "value": "lots", "unit": "km", "citation": "C"}]}, "needs a numeric 'value'"),
        ({"facts": [{"label": "L", "value": 5}]}, "lacks unit, citation"),
        ({"uncertainty_km": float("inf")}, "uncertainty_km must be a positive number"),
        ({"quantity": {"value": -3, "unit": "troops"}}, "quantity must be an object with a positive"),
    ],
)
def test_malformed_optional_properties_are_reported_not_raised(data, shipped_ids, change, message):
    data.edit_feature("places.geojson", "eastern-ukraine", set_props(**change))
    dataset = data.load()
    assert message in the_error(dataset, "places.geojson", "eastern-ukraine").message
    assert_rest_loads(dataset, shipped_ids, {"places": {"eastern-ukraine"}})


def test_several_broken_files_are_all_reported_and_the_rest_loads(data, shipped_ids):
    data.write("border.geojson", "not json")
    data.edit_feature("places.geojson", "moscow", set_props(name=""))
    data.edit_feature("deployments.geojson", "forces-closer-to-kyiv", set_coordinates([50.45, 30.52]))
    data.write("extra.geojson", {"type": "FeatureCollection", "features": []})
    dataset = data.load()
    where = sorted((Path(p.file).name, p.feature) for p in dataset.problems.errors)
    assert where == [
        ("border.geojson", None),
        ("deployments.geojson", "forces-closer-to-kyiv"),
        ("extra.geojson", None),
        ("places.geojson", "moscow"),
    ]
    assert_rest_loads(
        dataset,
        shipped_ids,
        {"border": {"belarus-ukraine-border"}, "deployments": {"forces-closer-to-kyiv"}, "places": {"moscow"}},
    )
    assert len(dataset.features) == sum(len(ids) for ids in shipped_ids.values()) - 3
