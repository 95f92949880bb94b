"""Load and validate everything the map shows: sources, basemap and layers.

``load_dataset`` never raises on bad data. Each problem is logged with its
file and feature, the bad feature (or file) is left out, and every valid layer
still loads: a newsroom should see the rest of the map while one file is fixed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .basemap import Basemap, load_basemap
from .evidence import QuoteError, ResolvedQuote, parse_quote, resolve_quote
from .features import (
    FEATURE_ID,
    Feature,
    parse_quantity,
    parse_sourced_facts,
    property_errors,
)
from .gazetteer import Place, load_gazetteer, offset_km
from .geometry import anchor_point, check_geometry
from .measurements import COMPUTATIONS
from .problems import ProblemLog, display_path, read_bounded_text
from .settings import LayerSettings, Settings
from .sources import Source, load_sources


@dataclass
class Layer:
    settings: LayerSettings
    file: str
    features: list[Feature] = field(default_factory=list)
    loaded: bool = False


@dataclass
class Dataset:
    settings: Settings
    sources: dict[str, Source]
    basemap: Basemap
    gazetteer: dict[str, Place]
    layers: list[Layer]
    problems: ProblemLog

    @property
    def features(self) -> list[Feature]:
        return [f for layer in self.layers for f in layer.features]

    def feature(self, feature_id: str) -> Feature | None:
        return next((f for f in self.features if f.id == feature_id), None)

    def features_citing(self, source_id: str, sentence_index: int) -> list[Feature]:
        return [
            f
            for f in self.features
            if any(q.quote.source == source_id and q.sentence_index == sentence_index for q in f.evidence)
        ]


def load_dataset(settings: Settings) -> Dataset:
    problems = ProblemLog()
    sources = load_sources(settings.sources_dir, problems, settings.max_source_bytes)
    basemap = load_basemap(settings.basemap_dir, problems)
    gazetteer = load_gazetteer(settings.gazetteer_path, problems)
    context = _LoadContext(settings, sources, basemap, gazetteer, problems)
    layers = [_load_layer(layer, context) for layer in settings.layers]
    _report_unknown_layer_files(settings, problems)
    _report_duplicate_ids(layers, problems)
    return Dataset(settings, sources, basemap, gazetteer, layers, problems)


@dataclass(frozen=True)
class _LoadContext:
    settings: Settings
    sources: dict[str, Source]
    basemap: Basemap
    gazetteer: dict[str, Place]
    problems: ProblemLog


def _load_layer(layer_settings: LayerSettings, context: _LoadContext) -> Layer:
    path = context.settings.layers_dir / layer_settings.file
    layer = Layer(layer_settings, display_path(path))
    collection = _read_feature_collection(path, context.settings.max_layer_bytes, layer.file, context.problems)
    if collection is None:
        return layer
    layer.loaded = True
    for position, raw in enumerate(collection["features"]):
        feature = _load_feature(raw, position, layer, context)
        if feature is not None:
            layer.features.append(feature)
    return layer


def _read_feature_collection(path: Path, max_bytes: int, name: str, problems: ProblemLog) -> dict | None:
    text = read_bounded_text(path, problems, max_bytes, "layer file", "limits.max_layer_bytes")
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.error(name, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return None
    except RecursionError:
        problems.error(name, "invalid JSON: arrays or objects are nested too deeply")
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        problems.error(name, "invalid GeoJSON: the top level must be a FeatureCollection")
        return None
    if not isinstance(data.get("features"), list):
        problems.error(name, "invalid GeoJSON: 'features' must be an array")
        return None
    if "crs" in data:
        problems.warning(name, "RFC 7946 GeoJSON has no 'crs' member; coordinates are read as WGS84 lon/lat")
    return data


def _load_feature(raw: object, position: int, layer: Layer, context: _LoadContext) -> Feature | None:
    problems = context.problems
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        problems.error(layer.file, "invalid GeoJSON: not a Feature object", f"#{position}")
        return None
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
    feature_id = raw.get("id", props.get("id"))
    if not isinstance(feature_id, str) or not FEATURE_ID.match(feature_id):
        problems.error(layer.file, "feature needs an 'id' of lower-case letters, digits and hyphens", f"#{position}")
        return None
    errors = property_errors(props)
    if props.get("layer", layer.settings.id) != layer.settings.id:
        errors.append(f"unknown layer {props['layer']!r}: this file holds layer {layer.settings.id!r}")
    geometry = _feature_geometry(raw, props, feature_id, layer, context, errors)

    def resolve(raw_quote: object) -> ResolvedQuote:
        return resolve_quote(parse_quote(raw_quote), context.sources)

    evidence = []
    for entry in props.get("evidence", []) if isinstance(props.get("evidence"), list) else []:
        try:
            evidence.append(resolve(entry))
        except QuoteError as exc:
            errors.append(str(exc))
    facts, fact_errors = parse_sourced_facts(props.get("facts"), resolve)
    errors.extend(fact_errors)
    compute = props.get("compute", [])
    if not isinstance(compute, list) or not all(isinstance(name, str) for name in compute):
        errors.append("compute must be a list of computation names")
        compute = []
    for name in compute:
        if name not in COMPUTATIONS:
            errors.append(f"unknown computation {name!r}; known: {', '.join(COMPUTATIONS)}")
    if geometry is not None and props.get("gazetteer"):
        errors.extend(_gazetteer_errors(str(props["gazetteer"]), anchor_point(geometry), context.gazetteer))
    if errors or geometry is None:
        for message in errors:
            problems.error(layer.file, message, feature_id)
        return None
    feature = Feature(
        id=feature_id,
        layer=layer.settings.id,
        name=props["name"].strip(),
        kind=str(props.get("kind", "")),
        claimant=props["claimant"].strip(),
        stance=props["stance"],
        status=props["status"],
        precision=props["precision"],
        geometry=geometry,
        evidence=evidence,
        file=layer.file,
        description=str(props.get("description", "")),
        confirmation=str(props.get("confirmation", "")),
        precision_note=str(props.get("precision_note", "")),
        uncertainty_km=props.get("uncertainty_km"),
        quantity=parse_quantity(props.get("quantity")),
        date=str(props.get("date", "")),
        figures=facts,
        anchor=anchor_point(geometry),
    )
    for name in compute:
        try:
            feature.figures.append(COMPUTATIONS[name](feature, context.basemap))
        except (ValueError, KeyError) as exc:
            problems.warning(layer.file, f"could not compute {name}: {exc}", feature_id)
    return feature


def _feature_geometry(raw, props, feature_id, layer, context: _LoadContext, errors: list[str]) -> dict | None:
    reference = props.get("geometry_ref")
    if raw.get("geometry") is None:
        if not reference:
            errors.append("feature has no geometry and no 'geometry_ref'")
            return None
        derived = context.basemap.derived_areas.get(str(reference))
        if derived is None:
            errors.append(f"geometry_ref {reference!r} names no area in the basemap's derived areas")
            return None
        return derived["geometry"]
    report = check_geometry(raw["geometry"], context.settings.region_bbox)
    errors.extend(report.errors)
    for message in report.warnings:
        context.problems.warning(layer.file, message, feature_id)
    return report.geometry


def _gazetteer_errors(place_id: str, anchor: tuple[float, float], gazetteer: dict[str, Place]) -> list[str]:
    place = gazetteer.get(place_id)
    if place is None:
        return [f"gazetteer id {place_id!r} is not in the gazetteer"]
    distance = offset_km(place, *anchor)
    if distance > max(place.uncertainty_km, 1.0):
        return [f"position is {distance:.1f} km from the gazetteer's {place.name}; update one or the other"]
    return []


def _report_unknown_layer_files(settings: Settings, problems: ProblemLog) -> None:
    known = {layer.file for layer in settings.layers}
    for path in sorted(settings.layers_dir.glob("*.geojson")):
        if path.name not in known:
            problems.error(display_path(path), "unknown layer: this file is not listed in config.toml [[layers]], so it is not shown")


def _report_duplicate_ids(layers: list[Layer], problems: ProblemLog) -> None:
    seen: dict[str, str] = {}
    for layer in layers:
        kept = []
        for feature in layer.features:
            if feature.id in seen:
                problems.error(layer.file, f"feature id already used in {seen[feature.id]}", feature.id)
                continue
            seen[feature.id] = layer.file
            kept.append(feature)
        layer.features = kept
