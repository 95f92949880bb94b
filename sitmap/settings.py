"""The one registry of the app's own settings, read from ``config.toml``.

Streamlit's server settings live in ``.streamlit/config.toml``; this file holds
what the product decides: title, default view, layers with their order and
styles, the optional tile basemap and the data paths. ``SITMAP_CONFIG`` points
the app, the CLI and the tests at another config (a test fixture, say).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config.toml"
CONFIG_ENV_VAR = "SITMAP_CONFIG"


class SettingsError(ValueError):
    """config.toml is missing a value or has one of the wrong kind."""


@dataclass(frozen=True)
class LayerSettings:
    id: str
    title: str
    file: str
    colour: str
    description: str = ""
    visible: bool = True


@dataclass(frozen=True)
class TileSettings:
    enabled: bool = False
    url: str = ""
    attribution: str = ""
    max_zoom: int = 18


@dataclass(frozen=True)
class Settings:
    config_path: Path
    title: str
    subtitle: str
    center_lat: float
    center_lon: float
    zoom: int
    min_zoom: int
    max_zoom: int
    region_bbox: tuple[float, float, float, float]  # west, south, east, north
    sources_dir: Path
    layers_dir: Path
    basemap_dir: Path
    gazetteer_path: Path
    layers: tuple[LayerSettings, ...]
    tiles: TileSettings = field(default_factory=TileSettings)
    max_source_bytes: int = 1_000_000
    max_layer_bytes: int = 5_000_000

    def layer(self, layer_id: str) -> LayerSettings | None:
        return next((layer for layer in self.layers if layer.id == layer_id), None)


def config_path_from_env() -> Path:
    return Path(os.environ.get(CONFIG_ENV_VAR) or DEFAULT_CONFIG).resolve()


def load_settings(path: Path | str | None = None) -> Settings:
    config_path = Path(path).resolve() if path else config_path_from_env()
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsError(f"{config_path}: no such config file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{config_path}: not valid TOML: {exc}") from exc
    try:
        return _settings_from_dict(raw, config_path)
    except SettingsError:
        raise
    except (TypeError, ValueError, IndexError, AttributeError) as exc:
        raise SettingsError(f"{config_path}: a setting has the wrong kind of value: {exc}") from exc


def _settings_from_dict(raw: dict, config_path: Path) -> Settings:
    base = config_path.parent
    app = raw.get("app", {})
    view = raw.get("map", {})
    paths = raw.get("paths", {})
    limits = raw.get("limits", {})
    tiles = raw.get("tiles", {})
    layers = tuple(_layer_settings(entry, config_path) for entry in raw.get("layers", []))
    if not layers:
        raise SettingsError(f"{config_path}: [[layers]] lists no layer")
    ids = [layer.id for layer in layers]
    if len(set(ids)) != len(ids):
        raise SettingsError(f"{config_path}: layer ids repeat: {ids}")
    center = view.get("center", [51.5, 29.0])
    bbox = view.get("region_bbox", [14.0, 43.0, 45.0, 60.0])
    if len(bbox) != 4:
        raise SettingsError(f"{config_path}: map.region_bbox must be [west, south, east, north]")
    return Settings(
        config_path=config_path,
        title=str(app.get("title", "Situation map")),
        subtitle=str(app.get("subtitle", "")),
        center_lat=float(center[0]),
        center_lon=float(center[1]),
        zoom=int(view.get("zoom", 6)),
        min_zoom=int(view.get("min_zoom", 4)),
        max_zoom=int(view.get("max_zoom", 12)),
        region_bbox=tuple(float(v) for v in bbox),
        sources_dir=(base / paths.get("sources", "geodata/sources")).resolve(),
        layers_dir=(base / paths.get("layers", "geodata/layers")).resolve(),
        basemap_dir=(base / paths.get("basemap", "geodata/basemap")).resolve(),
        gazetteer_path=(base / paths.get("gazetteer", "geodata/gazetteer.json")).resolve(),
        layers=layers,
        tiles=TileSettings(
            enabled=bool(tiles.get("enabled", False)),
            url=str(tiles.get("url", "")),
            attribution=str(tiles.get("attribution", "")),
            max_zoom=int(tiles.get("max_zoom", 18)),
        ),
        max_source_bytes=int(limits.get("max_source_bytes", 1_000_000)),
        max_layer_bytes=int(limits.get("max_layer_bytes", 5_000_000)),
    )


def _layer_settings(entry: dict, config_path: Path) -> LayerSettings:
    missing = [key for key in ("id", "title", "file", "colour") if key not in entry]
    if missing:
        raise SettingsError(f"{config_path}: a [[layers]] entry lacks {', '.join(missing)}")
    return LayerSettings(
        id=str(entry["id"]),
        title=str(entry["title"]),
        file=str(entry["file"]),
        colour=str(entry["colour"]),
        description=str(entry.get("description", "")),
        visible=bool(entry.get("visible", True)),
    )
