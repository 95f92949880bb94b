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
from .evidence import ResolvedQuote, parse_quote, resolve_quote
from .features import FEATURE_ID, Feature, check_properties, parse_quantity, parse_sourced_facts
from .gazetteer import City, Gazetteer, load_cities, load_gazetteer, offset_km
from .geometry import anchor_point, check_geometry
from .measurements import COMPUTATIONS
from ..problems import ProblemLog, Scope, display_path, read_bounded_text
from ..settings import LayerSettings, Settings
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
    gazetteer: Gazetteer
    layers: list[Layer]
    problems: ProblemLog
    cities: list[City] = field(default_factory=list)
    # What is computed once from this data and reused by every page view (the map payload).
    derived: dict = field(default_factory=dict, repr=False, compare=False)

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
    for message in settings.warnings:
        problems.warning(display_path(settings.config_path), message)
    sources, unreadable = _guarded(problems, display_path(settings.sources_dir), lambda: load_sources(
        settings.sources_dir, problems, settings.max_source_bytes), ({}, {}))
    basemap = _guarded(problems, display_path(settings.basemap_dir), lambda: load_basemap(settings.basemap_dir, problems),
                       Basemap({"type": "FeatureCollection", "features": []}, None, {}, {}))
    gazetteer = _guarded(problems, display_path(settings.gazetteer_path),
                         lambda: load_gazetteer(settings.gazetteer_path, problems), Gazetteer({}, set(), loaded=False))
    context = _LoadContext(settings, sources, unreadable, basemap, gazetteer, problems)
    layers = [_load_layer(layer, context) for layer in settings.layers]
    _report_left_off(context)
    _guarded(problems, display_path(settings.layers_dir), lambda: _report_unknown_layer_files(settings, problems), None)
    _report_duplicate_ids(layers, problems)
    cities = _guarded(problems, display_path(settings.cities_path), lambda: load_cities(settings.cities_path, problems), [])
    return Dataset(settings, sources, basemap, gazetteer, layers, problems, cities)


def _guarded(problems: ProblemLog, file: str, load, fallback):
    """The safety net: a failure nobody foresaw is reported against its file, never raised."""
    try:
        return load()
    except Exception as exc:  # noqa: BLE001 - the promise is that loading never raises
        problems.error(file, f"unexpected {type(exc).__name__} while loading: {exc}")
        return fallback


@dataclass
class _LoadContext:
    settings: Settings
    sources: dict[str, Source]
    unreadable_sources: dict[str, str]  # id -> file
    basemap: Basemap
    gazetteer: Gazetteer
    problems: ProblemLog
    left_off: dict[str, list[str]] = field(default_factory=dict)  # unreadable source id -> feature ids


def _load_layer(layer_settings: LayerSettings, context: _LoadContext) -> Layer:
    path = context.settings.layers_dir / layer_settings.file
    layer = Layer(layer_settings, display_path(path))
    collection = _guarded(context.problems, layer.file, lambda: _read_feature_collection(
        path, context.settings.max_layer_bytes, context.problems.scope(layer.file)), None)
    if collection is None:
        return layer
    layer.loaded = True
    for position, raw in enumerate(collection["features"]):
        scope = context.problems.scope(layer.file, _feature_label(raw, position))
        try:
            feature = _load_feature(raw, layer, scope, context)
        except Exception as exc:  # noqa: BLE001 - one feature never takes its layer down
            scope.error(f"unexpected {type(exc).__name__} while loading this feature: {exc}")
            feature = None
        if feature is not None:
            layer.features.append(feature)
    return layer


def _feature_label(raw: object, position: int) -> str:
    """How problems name a feature: its id when it has a usable one, else its position in the file."""
    if isinstance(raw, dict):
        props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
        feature_id = raw.get("id", props.get("id"))
        if isinstance(feature_id, str) and FEATURE_ID.match(feature_id):
            return feature_id
    return f"#{position}"


def _read_feature_collection(path: Path, max_bytes: int, scope: Scope) -> dict | None:
    text = read_bounded_text(path, scope, max_bytes, "layer file", "limits.max_layer_bytes")
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        scope.error(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return None
    except RecursionError:
        scope.error("invalid JSON: arrays or objects are nested too deeply")
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        scope.error("invalid GeoJSON: the top level must be a FeatureCollection")
        return None
    if not isinstance(data.get("features"), list):
        scope.error("invalid GeoJSON: 'features' must be an array")
        return None
    if "crs" in data:
        scope.warning("RFC 7946 GeoJSON has no 'crs' member; coordinates are read as WGS84 lon/lat")
    return data


def _load_feature(raw: object, layer: Layer, scope: Scope, context: _LoadContext) -> Feature | None:
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        scope.error("invalid GeoJSON: not a Feature object")
        return None
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
    feature_id = raw.get("id", props.get("id"))
    if not isinstance(feature_id, str) or not FEATURE_ID.match(feature_id):
        scope.error("feature needs an 'id' of lower-case letters, digits and hyphens")
        return None
    check_properties(props, scope)
    if props.get("layer", layer.settings.id) != layer.settings.id:
        scope.error(f"unknown layer {str(props['layer'])[:40]!r}: this file holds layer {layer.settings.id!r}")
    country_wide = props.get("precision") == "country"
    geometry = _country_claim_geometry(raw, props, scope, context) if country_wide else _feature_geometry(raw, props, scope, context)

    def resolve(raw_quote: object) -> ResolvedQuote | None:
        quote = parse_quote(raw_quote, scope)
        return None if quote is None else resolve_quote(quote, context.sources, scope, context.unreadable_sources)

    evidence = []
    for entry in props.get("evidence", []) if isinstance(props.get("evidence"), list) else []:
        resolved = resolve(entry)
        if resolved is not None:
            evidence.append(resolved)
    facts = parse_sourced_facts(props.get("facts"), resolve, scope)
    compute = props.get("compute", [])
    if not isinstance(compute, list) or not all(isinstance(name, str) for name in compute):
        scope.error("compute must be a list of computation names")
        compute = []
    for name in compute:
        if name not in COMPUTATIONS:
            scope.error(f"unknown computation {name[:40]!r}; known: {', '.join(COMPUTATIONS)}")
    if geometry is not None and props.get("gazetteer"):
        _check_gazetteer(str(props["gazetteer"]), anchor_point(geometry), context.gazetteer, scope)
    cited = {entry.get("source") for entry in props.get("evidence", []) if isinstance(entry, dict)} if isinstance(props.get("evidence"), list) else set()
    for source_id in cited & set(context.unreadable_sources):
        context.left_off.setdefault(source_id, []).append(feature_id)
    if country_wide and compute:
        scope.error("a claim about a whole country has no place to measure from: drop 'compute'")
    if scope.failed or (geometry is None and not country_wide):
        return None
    feature = Feature(
        id=feature_id,
        layer=layer.settings.id,
        name=props["name"].strip(),
        kind=str(props.get("kind", "")),
        claimant=props.get("claimant", "").strip(),
        stance=props.get("stance", ""),
        status=props.get("status", ""),
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
        anchor=anchor_point(geometry) if geometry is not None else None,
        role=props.get("role", "claim"),
        country=props.get("country", ""),
        label=props.get("label", "").strip(),
        geometry_ref=str(props["geometry_ref"]) if raw.get("geometry") is None and props.get("geometry_ref") else "",
    )
    for name in compute:
        try:
            feature.figures.append(COMPUTATIONS[name](feature, context.basemap))
        except Exception as exc:  # noqa: BLE001 - a figure that cannot be computed is left out, the feature stays
            scope.warning(f"could not compute {name}: {exc}")
    return feature


def _feature_geometry(raw: dict, props: dict, scope: Scope, context: _LoadContext) -> dict | None:
    reference = props.get("geometry_ref")
    if raw.get("geometry") is None:
        if not reference:
            scope.error("feature has no geometry and no 'geometry_ref'")
            return None
        derived = context.basemap.derived_areas.get(str(reference))
        if derived is None:
            scope.error(f"geometry_ref {str(reference)[:60]!r} names no area in the basemap's derived areas")
            return None
        return derived["geometry"]
    return check_geometry(raw["geometry"], context.settings.region_bbox, scope)


def _country_claim_geometry(raw: dict, props: dict, scope: Scope, context: _LoadContext) -> None:
    """A claim about a whole country has no geometry of its own; its country must be on the basemap."""
    if raw.get("geometry") is not None:
        scope.error("a claim about a whole country has \"geometry\": null; it is shown in the panel and outlines its country")
    code = props.get("country")
    known = {f["properties"].get("iso_a3") for f in context.basemap.countries.get("features", [])}
    if isinstance(code, str) and known and code not in known:
        scope.error(f"country {code[:10]!r} is not on the basemap; known: {', '.join(sorted(str(k) for k in known))}")
    return None


def _check_gazetteer(place_id: str, anchor: tuple[float, float], gazetteer: Gazetteer, scope: Scope) -> None:
    if not gazetteer.loaded:
        return  # the gazetteer's own error says why nothing was checked
    place = gazetteer.get(place_id)
    if place is None:
        if place_id in gazetteer.broken:
            scope.warning(f"position not checked: gazetteer entry {place_id!r} is broken (see the gazetteer's own problem)")
        else:
            scope.error(f"gazetteer id {place_id[:60]!r} is not in the gazetteer")
        return
    distance = offset_km(place, *anchor)
    if distance > max(place.uncertainty_km, 1.0):
        scope.error(f"position is {distance:.1f} km from the gazetteer's {place.name}; update one or the other")


def _report_left_off(context: _LoadContext) -> None:
    """Once per unreadable source: which features wait for it. Its own error says why."""
    for source_id, feature_ids in context.left_off.items():
        file = context.unreadable_sources[source_id]
        context.problems.warning(
            file, f"{len(feature_ids)} feature(s) citing source {source_id!r} are left off until it loads: "
            + ", ".join(feature_ids[:10]) + ("…" if len(feature_ids) > 10 else "")
        )


def _report_unknown_layer_files(settings: Settings, problems: ProblemLog) -> None:
    known = {layer.file for layer in settings.layers}
    if not settings.layers_dir.is_dir():
        problems.error(display_path(settings.layers_dir), "layers folder is missing (paths.layers in config.toml)")
        return
    for path in sorted(settings.layers_dir.glob("*")):
        if path.name in known or path.name.startswith("."):
            continue
        if path.suffix == ".geojson":
            problems.error(display_path(path), "unknown layer: this file is not listed in config.toml [[layers]], so it is not shown")
        elif path.suffix == ".json":
            problems.warning(display_path(path), "not read: layer files end in .geojson")


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
