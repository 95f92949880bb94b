"""The offline basemap: Natural Earth outlines built by geodata/build_basemap.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .geometry import check_geometry
from ..problems import ProblemLog, display_path, read_bounded_text

COUNTRIES_FILE = "countries.geojson"
BORDER_FILE = "border_blr_ukr.geojson"
DERIVED_FILE = "derived_areas.geojson"
LOCATOR_FILE = "locator_europe.geojson"
PROVENANCE_FILE = "PROVENANCE.json"


@dataclass(frozen=True)
class Basemap:
    countries: dict  # FeatureCollection
    border: dict | None  # the Belarus–Ukraine line as a Feature
    derived_areas: dict[str, dict]  # id -> Feature
    provenance: dict
    locator: dict | None = None  # Europe's land, for the exports' locator inset

    @property
    def credit(self) -> str:
        version = self.provenance.get("dataset_version", "?")
        return f"Natural Earth 1:10m admin-0 v{version} (public domain)"


MAX_BASEMAP_BYTES = 20_000_000
WHOLE_WORLD = (-180.0, -90.0, 180.0, 90.0)


def load_basemap(directory: Path, problems: ProblemLog) -> Basemap:
    """The outlines, the border line and the derived areas; a broken file is reported and left empty."""
    countries = _feature_collection(directory / COUNTRIES_FILE, problems)
    border_features = _feature_collection(directory / BORDER_FILE, problems)["features"]
    derived = _feature_collection(directory / DERIVED_FILE, problems)["features"]
    provenance = _read_json(directory / PROVENANCE_FILE, problems)
    locator_features = _feature_collection(directory / LOCATOR_FILE, problems)["features"]
    border = border_features[0] if border_features else None
    if border is None:
        problems.error(display_path(directory / BORDER_FILE), "basemap border file holds no line; run `make basemap`")
    # The border line is referable like the derived areas: a layer feature cites it by id.
    referable = {}
    for feature in [*derived, *([border] if border else [])]:
        feature_id = feature["properties"].get("id")
        if isinstance(feature_id, str):
            referable[feature_id] = feature
    return Basemap(
        countries=countries,
        border=border,
        derived_areas=referable,
        provenance=provenance if isinstance(provenance, dict) else {},
        locator=locator_features[0] if locator_features else None,
    )


def _feature_collection(path: Path, problems: ProblemLog) -> dict:
    """A FeatureCollection whose every feature has a geometry and a properties object; else an empty one."""
    data = _read_json(path, problems)
    empty = {"type": "FeatureCollection", "features": []}
    if data is None:
        return empty
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not all(
        isinstance(f, dict) and isinstance(f.get("geometry"), dict) and isinstance(f.get("properties"), dict)
        for f in features
    ):
        problems.error(display_path(path), "basemap file is not a FeatureCollection of features with properties; run `make basemap`")
        return empty
    # Whatever the browser is given must draw: one bad outline would stop the whole map.
    scope = problems.scope(display_path(path))
    kept = [f for f in features if check_geometry(f["geometry"], WHOLE_WORLD, scope) is not None]
    return {**data, "features": kept}


def _read_json(path: Path, problems: ProblemLog) -> object | None:
    scope = problems.scope(display_path(path))
    text = read_bounded_text(path, scope, MAX_BASEMAP_BYTES, "basemap file (rebuilt by `make basemap`)", "a fixed 20 MB")
    if text is None:
        return None
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        scope.error(f"basemap file is not valid JSON: {exc}")
    return None
