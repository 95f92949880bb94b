"""Random damage to the shipped data never makes loading, the map document, the pages' tables or ``validate`` raise.

Hypothesis mutates copies of the shipped layers, sources, gazetteer and
basemap and city labels: values swapped for random JSON, keys and items deleted, bytes
inserted, files cut short or given a byte-order mark. Whatever it finds
becomes a problem in the ProblemLog; nothing escapes.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitmap.cli import main as cli_main
from sitmap.data.dataset import load_dataset
from sitmap.map import build_map, map_payload
from sitmap.reports import figure_rows, layer_rows, metadata_rows, problem_rows, source_rows
from sitmap.settings import load_settings

from conftest import DataCopy

JSON_FILES = [
    "layers/border.geojson",
    "layers/exercise_zones.geojson",
    "layers/deployments.geojson",
    "layers/places.geojson",
    "gazetteer.json",
    "basemap/border_blr_ukr.geojson",
    "basemap/derived_areas.geojson",
    "basemap/countries.geojson",
    "cities/cities.geojson",
]
TEXT_FILES = JSON_FILES + [
    "sources/allied-resolve-2022.txt",
    "sources/allied-resolve-2022.toml",
    "sources/interfax-2022-02-10-union-resolve.txt",
    "sources/motolko-2022-02-10-union-resolve.toml",
    "basemap/PROVENANCE.json",
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["Point", "Polygon", "Feature", "FeatureCollection", "allied-resolve-2022", "kyiv", "#zz", "__proto__"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def pristine():
    root = Path(tempfile.mkdtemp(prefix="sitmap-pristine-"))
    DataCopy(root)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _walk_to_a_node(data, document):
    """A random (container, key) inside a JSON document, or None for the document itself."""
    parent, key, node = None, None, document
    while isinstance(node, (dict, list)) and node and data.draw(st.booleans(), label="descend"):
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, data.draw(st.sampled_from(keys), label="key")
        node = parent[key]
    return parent, key


def mutate_json(data, path: Path) -> None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return mutate_bytes(data, path)
    parent, key = _walk_to_a_node(data, document)
    action = data.draw(st.sampled_from(["replace", "delete", "duplicate"]), label="json action")
    if parent is None:
        document = data.draw(json_values, label="new document")
    elif action == "replace":
        parent[key] = data.draw(json_values, label="value")
    elif action == "delete":
        del parent[key]
    elif isinstance(parent, list):
        parent.append(parent[key])
    else:
        parent[key + "-copy"] = parent[key]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def mutate_bytes(data, path: Path) -> None:
    content = path.read_bytes()
    at = data.draw(st.integers(min_value=0, max_value=len(content)), label="offset")
    action = data.draw(st.sampled_from(["truncate", "insert", "bom", "overwrite"]), label="byte action")
    if action == "truncate":
        content = content[:at]
    elif action == "bom":
        content = b"\xef\xbb\xbf" + content
    else:
        piece = data.draw(
            st.binary(max_size=8) | st.text(max_size=8).map(lambda t: t.encode("utf-8")) | st.sampled_from([b"\xff", b"\x00", b"{{7*7}}", b"\xe9"]),
            label="bytes",
        )
        content = content[:at] + piece + content[at + (len(piece) if action == "overwrite" else 0):]
    path.write_bytes(content)


def exercise_everything(config: Path) -> None:
    dataset = load_dataset(load_settings(config))
    map_payload(dataset)
    build_map(dataset, "../assets/").get_root().render()
    problem_rows(dataset), layer_rows(dataset), figure_rows(dataset)
    for source_id in dataset.sources:
        source_rows(dataset, source_id), metadata_rows(dataset, source_id)
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli_main(["validate", "--config", str(config)]) in (0, 1)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_damage_never_escapes(pristine, data):
    with tempfile.TemporaryDirectory(prefix="sitmap-damage-") as folder:
        root = Path(folder) / "data"
        shutil.copytree(pristine, root)
        for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
            if data.draw(st.booleans(), label="json or bytes"):
                mutate_json(data, root / data.draw(st.sampled_from(JSON_FILES), label="json file"))
            else:
                mutate_bytes(data, root / data.draw(st.sampled_from(TEXT_FILES), label="file"))
        exercise_everything(root / "config.toml")


def test_the_mutations_really_break_things(pristine, tmp_path):
    """The property test must be able to fail: a damaged copy does report problems."""
    root = tmp_path / "data"
    shutil.copytree(pristine, root)
    (root / "layers" / "places.geojson").write_bytes(b'{"type": "FeatureCollection", "features": [{"type": "Feature"')
    dataset = load_dataset(load_settings(root / "config.toml"))
    assert dataset.problems.errors
