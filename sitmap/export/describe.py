"""Alt text for an export, generated from what it shows.

"Map of Belarus and northern Ukraine showing …": the region comes from the
countries inside the exported window, the rest from the features drawn and
footnoted, so the description changes with the view and the layers.
"""

from __future__ import annotations

from shapely.geometry import box, shape

from ..data.dataset import Dataset
from ..data.features import Feature
from .callouts import Callout
from .request import ExportRequest

MAX_NAMES = 8  # a screen reader reads the whole text: name the first few, count the rest
PART_NAMES = {
    (0, 1): "northern", (0, -1): "southern", (1, 0): "eastern", (-1, 0): "western",
    (1, 1): "north-eastern", (-1, 1): "north-western", (1, -1): "south-eastern", (-1, -1): "south-western",
}


def alt_text(dataset: Dataset, features: list[Feature], callouts: list[Callout], window: tuple[float, float, float, float],
             request: ExportRequest, on_map: set[str]) -> str:
    """One paragraph: the region, what is drawn by layer, how much is confirmed, the whole-country claims."""
    sentences = [f"Map of {region_name(dataset, window)}."]
    drawn = [f for f in features if f.id in on_map]
    for layer in dataset.settings.layers:
        in_layer = [f for f in drawn if f.layer == layer.id]
        if in_layer:
            sentences.append(f"{layer.title}: {_names(in_layer)}.")
    claims = [c.feature for c in callouts]
    confirmed = [f for f in claims if f.status == "confirmed"]
    if claims:
        if not confirmed:
            sentences.append(f"All {len(claims)} numbered items are claims, none independently confirmed; each is quoted with its source in the notes.")
        else:
            sentences.append(
                f"Of {len(claims)} numbered items, {len(confirmed)} independently confirmed ({_names(confirmed)}); "
                "the others are claims, not independently confirmed. Each is quoted with its source in the notes."
            )
    country_wide = [c.feature for c in callouts if not c.on_map]
    if country_wide:
        sentences.append(f"Claims about whole countries, listed without a place: {_names(country_wide)}.")
    if request.feature is not None:
        sentences.append(f"Highlighted: {request.feature.name}.")
    return " ".join(sentences)


def region_name(dataset: Dataset, window: tuple[float, float, float, float]) -> str:
    """ "Belarus and northern Ukraine": the story's countries in view, each qualified by the part that shows."""
    frame = box(*window)
    names = []
    for country in dataset.basemap.countries.get("features", []):
        props = country["properties"]
        if props.get("role") != "focus":
            continue
        try:
            outline = shape(country["geometry"])
            visible = outline.intersection(frame)
        except (ValueError, TypeError):
            continue
        if visible.is_empty or visible.area < 0.05 * min(outline.area, frame.area):
            continue
        share = visible.area / outline.area
        name = str(props.get("name", ""))
        if share < 0.7:
            whole, part = outline.centroid, visible.centroid
            dx, dy = part.x - whole.x, part.y - whole.y
            span_x, span_y = (outline.bounds[2] - outline.bounds[0]) / 6, (outline.bounds[3] - outline.bounds[1]) / 6
            key = (int(dx > span_x) - int(dx < -span_x), int(dy > span_y) - int(dy < -span_y))
            name = f"{PART_NAMES[key]} {name}" if key in PART_NAMES else f"part of {name}"
        names.append(name)
    if not names:
        west, south, east, north = window
        return f"the area {south:.1f}–{north:.1f}° N, {west:.1f}–{east:.1f}° E"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _names(features: list[Feature]) -> str:
    names = [f.name for f in features]
    if len(names) > MAX_NAMES:
        return ", ".join(names[:MAX_NAMES]) + f" and {len(names) - MAX_NAMES} more"
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
