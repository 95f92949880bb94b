"""What an export shows: the layers, the selected feature, the view, the size and the title.

The same request serves the command line, the app's Export panel and the data
downloads. It is built from loose input (command-line flags, the page's
address) and checked here once: a bad value is an ``ExportError`` with a
message a reader can act on; a value that is merely too large is capped, and
the cap is said in ``notices``.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

from ..data.dataset import Dataset
from ..data.features import Feature

FORMATS = ("png", "svg", "pdf", "html")
# CSS pixels. The presets newsrooms use: a text column, the full page width, a square for social media.
SIZE_PRESETS = {
    "column": (620, 1240),
    "full width": (1200, 800),
    "square (social)": (1080, 1080),
}
DEFAULT_SIZE = (1200, 800)
DEFAULT_SCALE = 2.0
MIN_SIDE = 320  # below this the title, legend and footnotes cannot fit
MAX_SIDE = 4000
MAX_SCALE = 4.0
MAX_TITLE_CHARS = 160


class ExportError(ValueError):
    """Input that cannot make an export; the message says what to change."""


@dataclass(frozen=True)
class MapView:
    lat: float
    lon: float
    zoom: float


@dataclass
class ExportRequest:
    layers: tuple[str, ...]  # the visible layers, in the config's order
    feature: Feature | None
    view: MapView
    width: int
    height: int
    scale: float
    title: str
    subtitle: str
    notices: list[str] = field(default_factory=list)  # caps applied, ignored values

    @property
    def pixel_size(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)


def build_request(
    dataset: Dataset,
    *,
    layers: str | None = None,
    feature: str | None = None,
    view: str | None = None,
    width: object = None,
    height: object = None,
    scale: object = None,
    title: str | None = None,
) -> ExportRequest:
    """An export request from loose input; ``layers`` is "a,b" (or "none"), ``view`` is "lat,lon,zoom"."""
    notices: list[str] = []
    chosen_layers = parse_layers(dataset, layers)
    chosen_feature = None
    if feature:
        chosen_feature = dataset.feature(feature)
        if chosen_feature is None:
            raise ExportError(f"no feature {feature!r}: the ids are listed by `python -m sitmap validate` and on the Sources page")
        if chosen_feature.layer not in chosen_layers:
            # The reader asked for this feature: show its layer rather than an export without it.
            chosen_layers = tuple(layer.id for layer in dataset.settings.layers if layer.id in {*chosen_layers, chosen_feature.layer})
            notices.append(f"layer {chosen_feature.layer!r} shown because feature {feature!r} is in it")
    if not any(f.layer in chosen_layers for f in dataset.features):
        raise ExportError("no visible layer has features to draw: choose at least one layer with features")
    width_px = _side("width", width, DEFAULT_SIZE[0], notices)
    height_px = _side("height", height, DEFAULT_SIZE[1], notices)
    scale_value = _scale(scale, notices)
    settings = dataset.settings
    return ExportRequest(
        layers=chosen_layers,
        feature=chosen_feature,
        view=parse_view(view, dataset) if view else MapView(settings.center_lat, settings.center_lon, settings.zoom),
        width=width_px,
        height=height_px,
        scale=scale_value,
        title=_title(settings.title if title is None else title),
        subtitle=settings.subtitle,
        notices=notices,
    )


def parse_layers(dataset: Dataset, value: str | None) -> tuple[str, ...]:
    """The layers to show: the config's visible ones by default; "none" for none; unknown ids are an error."""
    configured = [layer.id for layer in dataset.settings.layers]
    if value is None or value.strip() == "":
        return tuple(layer.id for layer in dataset.settings.layers if layer.visible)
    if value.strip() == "none":
        return ()
    wanted = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in wanted if part not in configured]
    if unknown:
        raise ExportError(f"unknown layer(s) {', '.join(map(repr, unknown))}; the layers are {', '.join(configured)}")
    return tuple(layer_id for layer_id in configured if layer_id in wanted)


def parse_view(value: str, dataset: Dataset) -> MapView:
    """ "lat,lon,zoom" as the map writes it into the address; out-of-range values are an error."""
    parts = value.split(",")
    try:
        lat, lon, zoom = (float(part) for part in parts)
    except ValueError:
        raise ExportError(f"view {value[:60]!r} is not lat,lon,zoom (for example 52.2,28.6,6)") from None
    if not all(math.isfinite(number) for number in (lat, lon, zoom)):
        raise ExportError(f"view {value[:60]!r} has a value that is not a number")
    if not (-85 <= lat <= 85 and -180 <= lon <= 180):
        raise ExportError(f"view {value[:60]!r}: latitude must be within ±85 and longitude within ±180")
    settings = dataset.settings
    return MapView(lat, lon, min(max(zoom, settings.min_zoom), settings.max_zoom))


def layer_features(dataset: Dataset, layer_ids: tuple[str, ...]) -> list[Feature]:
    """The features of the visible layers, in layer order."""
    return [feature for layer in dataset.layers if layer.settings.id in layer_ids for feature in layer.features]


def _side(name: str, value: object, default: int, notices: list[str]) -> int:
    if value is None or value == "":
        return default
    number = _number(name, value)
    if number <= 0:
        raise ExportError(f"{name} must be a positive number of CSS pixels, not {value}")
    if number < MIN_SIDE:
        notices.append(f"{name} {number:g} raised to {MIN_SIDE} px: smaller cannot hold the title, legend and footnotes")
        return MIN_SIDE
    if number > MAX_SIDE:
        notices.append(f"{name} {number:g} capped at {MAX_SIDE} px")
        return MAX_SIDE
    return round(number)


def _scale(value: object, notices: list[str]) -> float:
    if value is None or value == "":
        return DEFAULT_SCALE
    number = _number("scale", value)
    if number <= 0:
        raise ExportError(f"scale must be positive (2 makes a file twice the CSS size), not {value}")
    if number > MAX_SCALE:
        notices.append(f"scale {number:g} capped at {MAX_SCALE:g}")
        return MAX_SCALE
    return number


def _number(name: str, value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ExportError(f"{name} must be a number, not {str(value)[:40]!r}") from None
    if not math.isfinite(number):
        raise ExportError(f"{name} must be a finite number, not {value}")
    return number


def _title(text: str) -> str:
    text = " ".join(text.split())
    control = sorted({f"U+{ord(char):04X}" for char in text if unicodedata.category(char) == "Cc"})
    if control:
        raise ExportError(f"the title holds control characters ({', '.join(control)}); type it as plain text")
    if len(text) > MAX_TITLE_CHARS:
        raise ExportError(f"the title has {len(text)} characters; at most {MAX_TITLE_CHARS} fit an export")
    return text
