"""The one registry of the app's own settings, read from ``config.toml``.

Streamlit's server settings live in ``.streamlit/config.toml``; this file holds
what the product decides: title, default view, layers with their order and
styles, the optional tile basemap and the data paths. ``SITMAP_CONFIG`` points
the app, the CLI and the tests at another config (a test fixture, say).

``SETTINGS`` and ``LAYER_SETTINGS`` are the only tables of defaults. Every
value is checked here, because settings text reaches the page: a config file
is trusted with what the map shows, never with what the page runs.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config.toml"
CONFIG_ENV_VAR = "SITMAP_CONFIG"
MAX_CONFIG_BYTES = 100_000


class SettingsError(ValueError):
    """config.toml is missing a value or has one of the wrong kind."""


# ---------- value checks: each returns the clean value or raises ValueError ----------


def _text(limit: int) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str):
            raise ValueError(f"must be text, not {type(value).__name__}")
        if len(value) > limit:
            raise ValueError(f"is {len(value)} characters long; at most {limit}")
        controls = [c for c in value if unicodedata.category(c) == "Cc"]
        if controls:
            raise ValueError(f"holds control character U+{ord(controls[0]):04X}")
        return value

    return check


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def _integer(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low:,} to {high:,}, not {value!r}")
        return value

    return check


def _numbers(count: int, what: str) -> Callable[[object], tuple[float, ...]]:
    def check(value: object) -> tuple[float, ...]:
        if (
            not isinstance(value, list)
            or len(value) != count
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)
        ):
            raise ValueError(f"must be {what}")
        return tuple(float(v) for v in value)

    return check


def _lat_lon(value: object) -> tuple[float, float]:
    lat, lon = _numbers(2, "[latitude, longitude]")(value)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"must be [latitude, longitude] within -90..90 and -180..180, not {value!r}")
    return lat, lon


# Characters a URL may hold (RFC 3986). Quotes, angle brackets, spaces and
# backslashes never do, so no URL from config can break out of an attribute.
_URL_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
TILE_PLACEHOLDERS = ("{s}", "{z}", "{x}", "{y}", "{r}")


def _https_url(value: object, placeholders: tuple[str, ...] = ()) -> str:
    text = _text(2000)(value)
    if not text:
        return text
    plain = text
    for placeholder in placeholders:
        plain = plain.replace(placeholder, "")
    if not _URL_CHARACTERS.match(plain):
        bad = next(c for c in plain if not _URL_CHARACTERS.match(c))
        raise ValueError(f"is not a plain URL: it holds {bad!r}")
    parts = urlsplit(plain)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError(f"must be an https:// address, not {text[:60]!r}")
    if "@" in parts.netloc:
        raise ValueError("must not carry a user name or password")
    return text


def _tile_url(value: object) -> str:
    url = _https_url(value, TILE_PLACEHOLDERS)
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in url]
    if url and missing:
        raise ValueError(f"must contain {{z}}, {{x}} and {{y}}; it lacks {', '.join(missing)}")
    return url


_LAYER_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_LAYER_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.geojson$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _addresses(value: object) -> tuple[str, ...]:
    """A list of IP addresses, each checked: a proxy the editor may believe about its clients' addresses."""
    if not isinstance(value, list) or len(value) > 50:
        raise ValueError("must be a list of at most 50 IP addresses, e.g. [\"127.0.0.1\"]")
    checked = []
    for item in value:
        try:
            checked.append(str(ipaddress.ip_address(str(item).strip())))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address") from None
    return tuple(checked)


def _pattern(regex: re.Pattern, what: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str) or not regex.match(value):
            raise ValueError(f"must be {what}, not {value!r}")
        return value

    return check


@dataclass(frozen=True)
class Setting:
    default: object
    check: Callable[[object], object]
    help: str


# The one table of defaults: "section.key" -> default, check and meaning.
SETTINGS: dict[str, Setting] = {
    "app.title": Setting("Situation map", _text(200), "the page title, shown above the map"),
    "app.subtitle": Setting("", _text(500), "one line under the title: what, when, how to read it"),
    "map.center": Setting([51.5, 29.0], _lat_lon, "[latitude, longitude] of the default view"),
    "map.zoom": Setting(6, _integer(0, 20), "zoom level of the default view"),
    "map.min_zoom": Setting(4, _integer(0, 20), "how far out a reader may zoom"),
    "map.max_zoom": Setting(12, _integer(0, 20), "how far in a reader may zoom"),
    "map.region_bbox": Setting(
        [14.0, 43.0, 45.0, 60.0],
        _numbers(4, "[west, south, east, north]"),
        "positions outside are suspicious: a swapped lat/lon lands here",
    ),
    "paths.sources": Setting("geodata/sources", _text(1000), "folder of <id>.txt and <id>.toml sources"),
    "paths.layers": Setting("geodata/layers", _text(1000), "folder of the layers' GeoJSON files"),
    "paths.basemap": Setting("geodata/basemap", _text(1000), "folder built by geodata/build_basemap.py"),
    "paths.gazetteer": Setting("geodata/gazetteer.json", _text(1000), "known places and their uncertainty"),
    "paths.cities": Setting("geodata/cities/cities.geojson", _text(1000), "city labels, built by geodata/build_cities.py"),
    "limits.max_source_bytes": Setting(1_000_000, _integer(1, 100_000_000), "largest source text read"),
    "limits.max_layer_bytes": Setting(5_000_000, _integer(1, 500_000_000), "largest layer file read"),
    "tiles.enabled": Setting(False, _boolean, "draw online tiles under the outlines (needs internet)"),
    "tiles.url": Setting("", _tile_url, "https:// tile address with {z}, {x} and {y}"),
    "tiles.attribution": Setting("", _text(300), "plain-text credit the tile provider requires"),
    "tiles.attribution_url": Setting("", _https_url, "https:// address the credit links to"),
    "tiles.max_zoom": Setting(18, _integer(0, 22), "deepest zoom the tile server offers"),
    "editor.trusted_proxies": Setting([], _addresses, "proxies whose X-Forwarded-For the editor's wrong-secret limit believes"),
}

LAYER_SETTINGS: dict[str, Setting] = {
    "id": Setting(None, _pattern(_LAYER_ID, "lower-case letters, digits and '_', starting with a letter"), "layer id"),
    "title": Setting(None, _text(120), "what the layer control and legend call it"),
    "file": Setting(None, _pattern(_LAYER_FILE, "a file name ending in .geojson, with no folder"), "its GeoJSON file"),
    "colour": Setting(None, _pattern(_COLOUR, "a colour written #rrggbb"), "its colour"),
    "description": Setting("", _text(500), "one sentence on what it shows"),
    "visible": Setting(True, _boolean, "shown when the page opens"),
    "labels": Setting("auto", _pattern(re.compile(r"^(always|auto)$"), '"always" or "auto"'), "always: its labels win a place first; auto: shown where there is room"),
}


@dataclass(frozen=True)
class LayerSettings:
    id: str
    title: str
    file: str
    colour: str
    description: str = ""
    visible: bool = True
    labels: str = "auto"


@dataclass(frozen=True)
class TileSettings:
    enabled: bool = False
    url: str = ""
    attribution: str = ""
    attribution_url: str = ""
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
    cities_path: Path = REPO_ROOT / "geodata" / "cities" / "cities.geojson"
    tiles: TileSettings = field(default_factory=TileSettings)
    max_source_bytes: int = 1_000_000
    max_layer_bytes: int = 5_000_000
    warnings: tuple[str, ...] = ()  # reported with the data problems, e.g. a byte-order mark
    trusted_proxies: tuple[str, ...] = ()

    def layer(self, layer_id: str) -> LayerSettings | None:
        return next((layer for layer in self.layers if layer.id == layer_id), None)


def config_path_from_env() -> Path:
    return Path(os.environ.get(CONFIG_ENV_VAR) or DEFAULT_CONFIG).resolve()


def load_settings(path: Path | str | None = None) -> Settings:
    config_path = Path(path).resolve() if path else config_path_from_env()
    warnings = []
    try:
        if not config_path.is_file():
            raise SettingsError(f"{config_path}: no such config file")
        data = config_path.read_bytes()[: MAX_CONFIG_BYTES + 1]
        if len(data) > MAX_CONFIG_BYTES:
            raise SettingsError(f"{config_path}: larger than {MAX_CONFIG_BYTES:,} bytes")
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):
            warnings.append("config.toml starts with a byte-order mark (U+FEFF); it was ignored")
            text = text[1:]
        raw = tomllib.loads(text)
    except OSError as exc:
        raise SettingsError(f"{config_path}: could not be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{config_path}: not UTF-8 (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{config_path}: not valid TOML: {exc}") from exc
    return _settings_from_dict(raw, config_path, tuple(warnings))


def _settings_from_dict(raw: dict, config_path: Path, warnings: tuple[str, ...] = ()) -> Settings:
    values = _checked_values(raw, config_path)
    layers = tuple(_layer_settings(entry, position, config_path) for position, entry in enumerate(_layer_entries(raw, config_path)))
    if not layers:
        raise SettingsError(f"{config_path}: [[layers]] lists no layer")
    ids = [layer.id for layer in layers]
    if len(set(ids)) != len(ids):
        raise SettingsError(f"{config_path}: layer ids repeat: {ids}")
    if not values["map.min_zoom"] <= values["map.zoom"] <= values["map.max_zoom"]:
        raise SettingsError(f"{config_path}: map zoom must lie between min_zoom and max_zoom")
    if values["tiles.enabled"] and not values["tiles.url"]:
        raise SettingsError(f"{config_path}: tiles.enabled is true but tiles.url is empty")
    base = config_path.parent
    lat, lon = values["map.center"]
    return Settings(
        config_path=config_path,
        title=values["app.title"],
        subtitle=values["app.subtitle"],
        center_lat=lat,
        center_lon=lon,
        zoom=values["map.zoom"],
        min_zoom=values["map.min_zoom"],
        max_zoom=values["map.max_zoom"],
        region_bbox=values["map.region_bbox"],
        sources_dir=(base / values["paths.sources"]).resolve(),
        layers_dir=(base / values["paths.layers"]).resolve(),
        basemap_dir=(base / values["paths.basemap"]).resolve(),
        gazetteer_path=(base / values["paths.gazetteer"]).resolve(),
        cities_path=(base / values["paths.cities"]).resolve(),
        layers=layers,
        tiles=TileSettings(
            enabled=values["tiles.enabled"],
            url=values["tiles.url"],
            attribution=values["tiles.attribution"],
            attribution_url=values["tiles.attribution_url"],
            max_zoom=values["tiles.max_zoom"],
        ),
        max_source_bytes=values["limits.max_source_bytes"],
        max_layer_bytes=values["limits.max_layer_bytes"],
        warnings=warnings,
        trusted_proxies=values["editor.trusted_proxies"],
    )


def _checked_values(raw: dict, config_path: Path) -> dict[str, object]:
    sections = {key.split(".")[0] for key in SETTINGS}
    for section, table in raw.items():
        if section == "layers":
            continue
        if section not in sections:
            raise SettingsError(f"{config_path}: unknown section [{section}]")
        if not isinstance(table, dict):
            raise SettingsError(f"{config_path}: [{section}] must be a table")
        for key in table:
            if f"{section}.{key}" not in SETTINGS:
                raise SettingsError(f"{config_path}: unknown setting {section}.{key}")
    values = {}
    for name, setting in SETTINGS.items():
        section, key = name.split(".")
        value = raw.get(section, {}).get(key, setting.default)
        try:
            values[name] = setting.check(value)
        except ValueError as exc:
            raise SettingsError(f"{config_path}: {name} {exc}") from None
    return values


def _layer_entries(raw: dict, config_path: Path) -> list[dict]:
    entries = raw.get("layers", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise SettingsError(f"{config_path}: layers must be [[layers]] tables")
    return entries


def _layer_settings(entry: dict, position: int, config_path: Path) -> LayerSettings:
    where = f"[[layers]] #{position + 1}" + (f" ({entry['id']!r})" if isinstance(entry.get("id"), str) else "")
    missing = [key for key, setting in LAYER_SETTINGS.items() if setting.default is None and key not in entry]
    if missing:
        raise SettingsError(f"{config_path}: {where} lacks {', '.join(missing)}")
    unknown = [key for key in entry if key not in LAYER_SETTINGS]
    if unknown:
        raise SettingsError(f"{config_path}: {where} has unknown setting {unknown[0]}")
    values = {}
    for key, setting in LAYER_SETTINGS.items():
        try:
            values[key] = setting.check(entry.get(key, setting.default))
        except ValueError as exc:
            raise SettingsError(f"{config_path}: {where} {key} {exc}") from None
    return LayerSettings(**values)
