"""Report graphics: the map as a finished PNG, SVG or PDF, drawn without a browser.

geopandas projects the data and matplotlib draws it, in a Lambert conformal
conic projection centred on Belarus so one scale bar holds across the map.
Each graphic carries what a desk needs to publish it: a title, a dated
subtitle, labels that do not collide, the legend, a scale bar, a locator
inset, numbered callouts with footnotes that quote their sentences, and a
credit line naming the sources, the boundaries and the projection. The web
map's conventions hold on paper: shape is the stance, a hollow symbol is
claimed and a filled one confirmed, an approximate area is hatched and
dashed, an uncertain position has a dashed ring to scale.

Layout is measured in CSS pixels (96 per inch); ``scale`` multiplies the
pixels of a PNG and leaves vector output alone.
"""

from __future__ import annotations

import functools
import io
import math
import re
import warnings
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import geopandas
import matplotlib
import pyproj
import shapely
from matplotlib import font_manager, ft2font
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle
from matplotlib.patheffects import withStroke
from shapely.geometry import box, shape
from shapely.ops import polylabel

from ..data.dataset import Dataset
from ..data.features import LEGEND_LABELS, Feature
from ..map.labels import map_labels
from ..map.payload import BASEMAP_STYLE, FOCUS_STYLE, SEA_COLOUR
from ..reports import readable_date, source_line
from .callouts import Callout, Footnote, choose_footnotes, cut_at_word
from .describe import alt_text
from .request import ExportError, ExportRequest, layer_features

# Conformal, with standard parallels framing Belarus and northern Ukraine: the
# scale varies by under 1% between 47° N and 58° N, so a scale bar is honest.
PROJECTION = "+proj=lcc +lat_1=49 +lat_2=56 +lat_0=52.5 +lon_0=28 +datum=WGS84 +units=m +no_defs"
PROJECTION_NAME = "Lambert conformal conic (standard parallels 49\u00a0°N and 56\u00a0°N, centred on 28\u00a0°E)"
LOCATOR_PROJECTION = "EPSG:3035"  # Lambert azimuthal equal-area for Europe, the usual locator projection
WEB_MERCATOR_METRES_PER_PX = 156543.03392  # at zoom 0, on the equator, per 256-px tile pixel
PX_PER_INCH = 96
PT_PER_PX = 0.75
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}

INK = "#1a1a1a"
MUTED = "#555555"
FAINT = "#8a8a8a"
SELECTED = "#111111"
FONT = "DejaVu Sans"  # bundled with matplotlib; covers Latin, Greek and Cyrillic
SCALE_BAR_KM = (5, 10, 20, 25, 50, 100, 150, 200, 250, 500, 1000, 2000)

_RC = {
    "font.family": FONT,
    "svg.fonttype": "none",  # text stays text in SVG: searchable, translatable, editable
    "pdf.fonttype": 42,  # TrueType embedded: the PDF's text can be extracted and copied
    "svg.hashsalt": "sitmap",  # the same map gives the same SVG bytes
    "lines.scale_dashes": False,  # dash lengths in points, as the web map's are in pixels
    "hatch.linewidth": 1.6,
    "path.simplify": True,
    # Unhinted glyphs keep their true advance widths, so a PNG's text is exactly as
    # wide as the layout measured (hinting widens small text by up to 10%).
    "text.hinting": "no_hinting",
}


class RenderError(RuntimeError):
    """The graphic could not be drawn for a reason the request could not foresee."""


@dataclass
class Graphic:
    """A finished export: its bytes, what to call it and how to describe it."""

    content: bytes
    format: str
    mime_type: str
    alt_text: str
    pixel_size: tuple[int, int]
    footnotes_shown: int
    footnotes_total: int
    notices: list[str] = field(default_factory=list)


@dataclass
class _Extent:
    """The map's window in projected metres, and where it sits on the page in CSS px."""

    xmin: float
    ymin: float
    xmax: float
    ymax: float
    left: float
    top: float
    width: float
    height: float

    @property
    def metres_per_px(self) -> float:
        return (self.xmax - self.xmin) / self.width

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        return self.left + (x - self.xmin) / self.metres_per_px, self.top + (self.ymax - y) / self.metres_per_px

    def polygon(self):
        return box(self.xmin, self.ymin, self.xmax, self.ymax)


def render(dataset: Dataset, request: ExportRequest, fmt: str) -> Graphic:
    """The export as bytes in ``fmt`` (png, svg or pdf)."""
    if fmt not in MIME_TYPES:
        raise ExportError(f"unknown format {fmt!r}; choose one of png, svg, pdf (or html for the standalone map)")
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        # Missing glyphs are reported once, in the graphic's notices, not per character on stderr.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure, layout = build_figure(dataset, request)
        description = drawable(layout.alt_text)
        buffer = io.BytesIO()
        metadata = _metadata(fmt, request.title, description)
        figure.savefig(buffer, format=fmt, dpi=PX_PER_INCH * request.scale, metadata=metadata)
    content = buffer.getvalue()
    if fmt == "svg":
        content = _svg_with_title(content, request.title, description)
    return Graphic(
        content=content,
        format=fmt,
        mime_type=MIME_TYPES[fmt],
        alt_text=description,
        pixel_size=request.pixel_size if fmt == "png" else (request.width, request.height),
        footnotes_shown=layout.footnotes_shown,
        footnotes_total=layout.footnotes_total,
        notices=list(request.notices) + layout.notices,
    )


@dataclass
class Layout:
    """What the drawing decided, for the caller and for tests."""

    alt_text: str
    footnotes_shown: int
    footnotes_total: int
    map_box: tuple[float, float, float, float]  # left, top, width, height in CSS px
    labels: list[str]
    callouts: list[Callout]
    footnotes: list[Footnote] = field(default_factory=list)
    scale_note: str = ""  # how far the scale strays across the map
    notices: list[str] = field(default_factory=list)


def build_figure(dataset: Dataset, request: ExportRequest) -> tuple[Figure, Layout]:
    """The figure, laid out; ``render`` saves it. Call inside ``matplotlib.rc_context(_RC)``."""
    page = _Page(request.width, request.height)
    features = layer_features(dataset, request.layers)
    projected = _projected(dataset)

    y = page.pad
    y = page.paragraph(request.title or " ", page.pad, y, page.width - 2 * page.pad, size=22, weight="bold", colour=INK, max_lines=3)
    y = page.paragraph(_subtitle(dataset, request), page.pad, y + 2, page.width - 2 * page.pad, size=13, colour=MUTED, max_lines=3)
    body_top = y + 10

    # The credit ends with how far the scale strays across this map, known only once the map is placed:
    # its room is measured with the longest figure it can hold.
    credit_width = page.width - 2 * page.pad
    credit_top = page.height - page.pad - page.paragraph_height(_credit_line(dataset, features, 99.9), credit_width, size=10)
    boxes = _layout_boxes(page, body_top, credit_top - 10, lambda width: _draw_legend(page, dataset, features, request.layers, (0, 0, width), draw=False))

    extent = _extent(dataset, request, features, projected, boxes["map"])
    window = extent_lonlat(extent)
    frame = extent.polygon()
    on_map = {f.id for f in features if f.geometry is not None and projected.features.get(f.id) is not None and projected.features[f.id].intersects(frame)}
    footnotes = choose_footnotes(features, on_map, request.feature)
    callouts = [callout for note in footnotes for callout in note.callouts]

    map_ax = _map_axes(page, extent)
    _draw_basemap(map_ax, projected)
    if request.feature is not None and request.feature.geometry is None and request.feature.country:
        _draw_country_outline(map_ax, projected, request.feature, dataset)
    numbers = {c.feature.id: c.number for c in callouts}
    obstacles = _draw_features(map_ax, page, extent, dataset, features, projected, numbers, request.feature)
    _plain_axes(map_ax)
    inset_box = _draw_locator(page, dataset, projected, extent)
    scale_box = _draw_scale_bar(page, extent)
    deviation = _scale_deviation(extent)
    page.paragraph(_credit_line(dataset, features, deviation), page.pad, credit_top, credit_width, size=10, colour=MUTED)
    obstacles += [inset_box, scale_box]
    shown_labels = _draw_labels(page, dataset, features, extent, window, projected, obstacles, request.feature)
    _draw_legend(page, dataset, features, request.layers, boxes["legend"])
    shown = _draw_footnotes(page, dataset, footnotes, boxes["notes"])

    layout = Layout(
        alt_text=alt_text(dataset, features, callouts, window, request, on_map),
        footnotes_shown=shown,
        footnotes_total=len(footnotes),
        map_box=boxes["map"],
        labels=shown_labels,
        callouts=callouts,
        footnotes=footnotes,
        scale_note=f"scale bar true to within {deviation:.1f}% across the map" if deviation >= 0.05 else "",
        notices=[_missing_glyphs_notice(page.missing_glyphs)] if page.missing_glyphs else [],
    )
    return page.figure, layout


# ---------- the page: one axes in CSS px over the whole figure, for every piece of text ----------


class _Page:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pad = max(12.0, min(width, height) * 0.022)
        self.missing_glyphs: set[str] = set()  # characters the font cannot draw: they print as boxes
        # No drawing canvas until savefig picks one for the format: geopandas asks the
        # canvas to redraw after every plot, which an Agg canvas would do in full each time.
        self.figure = Figure(figsize=(width / PX_PER_INCH, height / PX_PER_INCH), dpi=PX_PER_INCH, facecolor="#ffffff")
        self.ax = self.figure.add_axes((0, 0, 1, 1), zorder=0)
        self.ax.set_xlim(0, width)
        self.ax.set_ylim(height, 0)
        self.ax.set_axis_off()
        self.front = self.figure.add_axes((0, 0, 1, 1), zorder=5, facecolor="none")  # labels over the map
        self.front.set_xlim(0, width)
        self.front.set_ylim(height, 0)
        self.front.set_axis_off()

    @staticmethod
    def text_width(text: str, size: float, weight: str = "normal") -> float:
        """Width in CSS px from the font's advance widths (kerning only ever narrows DejaVu text, so this is safe)."""
        return size * sum(_advance(char, weight) for char in text) * 1.01

    def wrap(self, text: str, width: float, size: float, weight: str = "normal") -> list[str]:
        """Greedy word wrap by measured width; a word wider than the line is cut by characters."""
        text = drawable(text)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            # Only plain spaces break a line: a no-break space keeps "28 °E" together.
            for word in _BREAKS.split(paragraph.strip(" \t")):
                if not word:
                    continue
                candidate = f"{line} {word}" if line else word
                if self.text_width(candidate, size, weight) <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                while self.text_width(word, size, weight) > width and len(word) > 1:
                    cut = len(word)
                    while cut > 1 and self.text_width(word[:cut], size, weight) > width:
                        cut = max(1, int(cut * 0.85))
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines

    def fit_lines(self, text: str, width: float, size: float, max_lines: int, weight: str = "normal") -> list[str]:
        """At most ``max_lines`` lines; a longer text is cut at a word, with an ellipsis."""
        lines = self.wrap(text, width, size, weight)
        if len(lines) <= max_lines:
            return lines
        kept = lines[:max_lines]
        last = kept[-1] + " " + lines[max_lines]
        while last and self.text_width(cut_at_word(last, len(last) - 1), size, weight) > width:
            last = cut_at_word(last, len(last) - 1)[:-1]
        kept[-1] = cut_at_word(last, max(len(last) - 1, 1))
        return kept

    @staticmethod
    def line_height(size: float) -> float:
        return size * 1.32

    def paragraph_height(self, text: str, width: float, size: float, max_lines: int = 99) -> float:
        return len(self.fit_lines(text, width, size, max_lines)) * self.line_height(size)

    def paragraph(self, text: str, x: float, y: float, width: float, size: float, colour: str = INK,
                  weight: str = "normal", max_lines: int = 99, ax=None) -> float:
        """Draws wrapped text from (x, y) down; returns the y under it."""
        for line in self.fit_lines(text, width, size, max_lines, weight):
            self.text(x, y, line, size, colour=colour, weight=weight, ax=ax)
            y += self.line_height(size)
        return y

    def text(self, x: float, y: float, text: str, size: float, colour: str = INK, weight: str = "normal",
             ha: str = "left", va: str = "top", halo: bool = False, ax=None, zorder: float = 3):
        text = drawable(text)
        self.missing_glyphs.update(char for char in text if not _has_glyph(char, weight))
        artist = (ax or self.ax).text(
            x, y, text, fontproperties=_font(size, weight), color=colour, ha=ha, va=va,
            parse_math=False,  # a "$" in a title or quote is a dollar sign, never mathtext
            zorder=zorder,
        )
        if halo:
            artist.set_path_effects([withStroke(linewidth=3.2, foreground="#ffffff")])
        return artist


_BREAKS = re.compile(r"[ \t]+")


def _missing_glyphs_notice(characters: set[str]) -> str:
    shown = "".join(sorted(characters)[:12])
    more = f" and {len(characters) - 12} more" if len(characters) > 12 else ""
    return f"{FONT} has no glyph for {shown}{more}: those characters print as boxes"


def _font(size_px: float, weight: str = "normal") -> FontProperties:
    return FontProperties(family=FONT, size=size_px * PT_PER_PX, weight=weight)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def drawable(text: str) -> str:
    """Text without control characters, which no font draws and SVG (XML) may not hold."""
    return _CONTROL.sub("", text)


@functools.lru_cache(maxsize=8192)
def _advance(char: str, weight: str) -> float:
    """A character's advance width for a 1 px font, unhinted, as the PDF and SVG will set it."""
    font = _font_file(weight)
    font.set_size(100 * PT_PER_PX, PX_PER_INCH)
    try:
        glyph = font.load_char(ord(char), flags=ft2font.LoadFlags.NO_HINTING)
    except RuntimeError:  # no glyph at all: measure it as the box that will print
        return 0.6
    return glyph.linearHoriAdvance / 65536 / 100


def _font_file(weight: str):
    return font_manager.get_font(font_manager.findfont(_font(100, weight)))


@functools.lru_cache(maxsize=8192)
def _has_glyph(char: str, weight: str) -> bool:
    return char.isspace() or ord(char) in _charmap(weight)


@functools.lru_cache(maxsize=4)
def _charmap(weight: str) -> frozenset[int]:
    return frozenset(_font_file(weight).get_charmap())


def _layout_boxes(page: _Page, top: float, bottom: float, legend_height) -> dict:
    """Where the map, its legend and the notes go: notes beside the map on a wide page, under it on a narrow one.

    ``legend_height(width)`` measures the legend at a width. Boxes are
    (left, top, width, height) in CSS px; the legend's is (left, top, width).
    """
    if page.width >= 900:
        side = min(max(page.width * 0.34, 300), 480)
        map_width = page.width - side - 3 * page.pad
        legend = legend_height(map_width)
        map_height = bottom - top - legend - 10
        if map_height < 150:
            raise ExportError("the graphic is too short to hold a map under its title and over its legend: make it taller")
        return {
            "map": (page.pad, top, map_width, map_height),
            "legend": (page.pad, top + map_height + 10, map_width),
            "notes": (page.pad * 2 + map_width, top, side, bottom - top),
        }
    width = page.width - 2 * page.pad
    legend = legend_height(width)
    room = bottom - top - legend - 20
    map_height = min(room * 0.5, width * 0.9)
    if map_height < 150:
        raise ExportError("the graphic is too short to hold its map, legend and notes: make it taller")
    return {
        "map": (page.pad, top, width, map_height),
        "legend": (page.pad, top + map_height + 10, width),
        "notes": (page.pad, top + map_height + legend + 20, width, room - map_height),
    }


def _subtitle(dataset: Dataset, request: ExportRequest) -> str:
    """The configured subtitle, then the date the sources report, which a reader must see on an image."""
    cited = {q.quote.source for f in layer_features(dataset, request.layers) for q in f.evidence}
    dates = sorted({s.meta("published").value for sid, s in dataset.sources.items() if sid in cited and s.meta("published").value})
    if not dates:
        when = "Date of the sources unknown."
    elif len(dates) == 1:
        when = f"As reported on {readable_date(dates[0])}."
    else:
        when = f"As reported {readable_date(dates[0])} – {readable_date(dates[-1])}."
    subtitle = request.subtitle.strip()
    return f"{subtitle} {when}" if subtitle else when


# ---------- projection and extent ----------


@dataclass
class _Projected:
    countries: geopandas.GeoDataFrame
    features: dict[str, object]  # feature id -> projected shapely geometry
    anchors: dict[str, tuple[float, float]]
    locator: object | None
    locator_focus: object | None
    to_map: pyproj.Transformer
    to_lonlat: pyproj.Transformer


def _projected(dataset: Dataset) -> _Projected:
    """Everything in the export projection, computed once per loaded dataset."""
    key = ("export_projected",)
    if key in dataset.derived:
        return dataset.derived[key]
    countries = geopandas.GeoDataFrame.from_features(dataset.basemap.countries.get("features", []), crs="EPSG:4326")
    countries = countries.to_crs(PROJECTION) if len(countries) else countries
    with_geometry = [f for f in dataset.features if f.geometry is not None]
    series = geopandas.GeoSeries([shape(f.geometry) for f in with_geometry], crs="EPSG:4326").to_crs(PROJECTION)
    to_map, to_lonlat = _transformers()
    anchors = {f.id: to_map.transform(*f.anchor) for f in dataset.features if f.anchor is not None}
    locator = locator_focus = None
    if dataset.basemap.locator is not None:
        locator = geopandas.GeoSeries([shape(dataset.basemap.locator["geometry"])], crs="EPSG:4326").to_crs(LOCATOR_PROJECTION).iloc[0]
        focus = [shape(f["geometry"]) for f in dataset.basemap.countries.get("features", []) if f["properties"].get("role") == "focus"]
        if focus:
            locator_focus = geopandas.GeoSeries(focus, crs="EPSG:4326").to_crs(LOCATOR_PROJECTION).union_all()
    result = _Projected(
        countries=countries,
        features={f.id: geometry for f, geometry in zip(with_geometry, series)},
        anchors=anchors,
        locator=locator,
        locator_focus=locator_focus,
        to_map=to_map,
        to_lonlat=to_lonlat,
    )
    dataset.derived[key] = result
    return result


@functools.lru_cache(maxsize=1)
def _transformers() -> tuple[pyproj.Transformer, pyproj.Transformer]:
    """lon/lat to the export projection and back; building a transformer costs more than using it."""
    return (pyproj.Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True),
            pyproj.Transformer.from_crs(PROJECTION, "EPSG:4326", always_xy=True))


@functools.lru_cache(maxsize=1)
def _projection() -> pyproj.Proj:
    return pyproj.Proj(PROJECTION)


def _extent(dataset: Dataset, request: ExportRequest, features: list[Feature], projected: _Projected, where) -> _Extent:
    left, top, width, height = where
    settings = dataset.settings
    view = request.view
    default_view = (view.lat, view.lon, view.zoom) == (settings.center_lat, settings.center_lon, settings.zoom)
    if default_view:
        # The default view: the story's symbols near the configured centre, fitted to this page's map.
        near = [
            projected.anchors[f.id] for f in features
            if f.id in projected.anchors and abs(f.anchor[1] - view.lat) <= 3.5 and abs(f.anchor[0] - view.lon) <= 6
        ]
        if request.feature is not None and request.feature.id in projected.anchors:
            near.append(projected.anchors[request.feature.id])
        if len(near) >= 2:
            xs, ys = [p[0] for p in near], [p[1] for p in near]
            margin = 60  # px around the outer symbols, for their labels
            per_px = max((max(xs) - min(xs)) / max(width - 2 * margin, 1), (max(ys) - min(ys)) / max(height - 2 * margin, 1))
            zoom_limit = _metres_per_px(view.lat, settings.max_zoom)
            per_px = max(per_px, zoom_limit)
            cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
            return _Extent(cx - per_px * width / 2, cy - per_px * height / 2, cx + per_px * width / 2, cy + per_px * height / 2,
                           left, top, width, height)
    cx, cy = projected.to_map.transform(view.lon, view.lat)
    per_px = _metres_per_px(view.lat, view.zoom)
    return _Extent(cx - per_px * width / 2, cy - per_px * height / 2, cx + per_px * width / 2, cy + per_px * height / 2,
                   left, top, width, height)


def _metres_per_px(lat: float, zoom: float) -> float:
    """Ground metres per CSS pixel of the web map at this zoom, so an export shows what the reader saw."""
    return WEB_MERCATOR_METRES_PER_PX * math.cos(math.radians(lat)) / 2 ** zoom


def extent_lonlat(extent: _Extent) -> tuple[float, float, float, float]:
    """West, south, east, north of the exported window (its corners and edge midpoints, unprojected)."""
    transformer = _transformers()[1]
    xs = [extent.xmin, (extent.xmin + extent.xmax) / 2, extent.xmax]
    ys = [extent.ymin, (extent.ymin + extent.ymax) / 2, extent.ymax]
    lons, lats = zip(*(transformer.transform(x, y) for x in xs for y in ys))
    return min(lons), min(lats), max(lons), max(lats)


def _map_axes(page: _Page, extent: _Extent):
    ax = page.figure.add_axes(
        (extent.left / page.width, 1 - (extent.top + extent.height) / page.height, extent.width / page.width, extent.height / page.height),
        zorder=1,
    )
    ax.set_facecolor(SEA_COLOUR)
    ax.set_xlim(extent.xmin, extent.xmax)
    ax.set_ylim(extent.ymin, extent.ymax)
    ax.set_aspect("equal", adjustable="box")
    _plain_axes(ax)
    for spine in ax.spines.values():
        spine.set_edgecolor("#9a9a9a")
        spine.set_linewidth(0.8)
    return ax


def _plain_axes(ax) -> None:
    """No ticks, and none of the axis titles geopandas writes from the CRS ("Easting [metre]")."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")


# ---------- drawing the map ----------


def _draw_basemap(ax, projected: _Projected) -> None:
    countries = projected.countries
    if not len(countries):
        return
    for role, style in (("neighbour", BASEMAP_STYLE), ("focus", FOCUS_STYLE)):
        chosen = countries[countries["role"] == role] if "role" in countries else countries
        if len(chosen):
            chosen.plot(ax=ax, facecolor=style["fillColor"], edgecolor=style["color"], linewidth=style["weight"] * PT_PER_PX * 1.1,
                        zorder=1 if role == "neighbour" else 2, aspect=None)


def _draw_country_outline(ax, projected: _Projected, feature: Feature, dataset: Dataset) -> None:
    countries = projected.countries
    chosen = countries[countries["iso_a3"] == feature.country] if "iso_a3" in countries else countries.iloc[0:0]
    if len(chosen):
        colour = _layer_colour(dataset, feature.layer)
        chosen.plot(ax=ax, facecolor=colour, alpha=0.08, edgecolor="none", zorder=3, aspect=None)
        chosen.plot(ax=ax, facecolor="none", edgecolor=colour, linewidth=2.5 * PT_PER_PX, linestyle=(0, (6, 4)), zorder=3, aspect=None)


def _layer_colour(dataset: Dataset, layer_id: str) -> str:
    layer = dataset.settings.layer(layer_id)
    return layer.colour if layer else "#333333"


def _draw_features(ax, page: _Page, extent: _Extent, dataset: Dataset, features: list[Feature], projected: _Projected,
                   numbers: dict[str, int], selected: Feature | None) -> list[tuple[float, float, float, float]]:
    """Areas, lines, rings, symbols and callout badges; returns their boxes on the page, for the labels to avoid."""
    obstacles = []
    window = extent.polygon().buffer(extent.metres_per_px * 20)
    for feature in features:
        geometry = projected.features.get(feature.id)
        if geometry is None or not geometry.intersects(window):
            continue
        colour = _layer_colour(dataset, feature.layer)
        chosen = selected is not None and selected.id == feature.id
        kind = geometry.geom_type
        series = geopandas.GeoSeries([geometry.intersection(window)])
        if "Polygon" in kind:
            if feature.precision == "approximate":
                series.plot(ax=ax, facecolor=(*_rgb(colour), 0.05), edgecolor=(*_rgb(colour), 0.38), hatch="///", linewidth=0, zorder=4, aspect=None)
                series.plot(ax=ax, facecolor="none", edgecolor=colour, linewidth=(1.5 + (2 if chosen else 0)) * PT_PER_PX,
                            linestyle=(0, (5, 4)), alpha=0.85, zorder=4, aspect=None)
            else:
                series.plot(ax=ax, facecolor=(*_rgb(colour), 0.35 if feature.status == "confirmed" else 0.16), edgecolor=colour,
                            linewidth=(2.2 + (2 if chosen else 0)) * PT_PER_PX, zorder=4, aspect=None)
        elif "LineString" in kind:
            series.plot(ax=ax, color=colour, linewidth=(2.4 + (2 if chosen else 0)) * PT_PER_PX, zorder=5,
                        linestyle=(0, (5, 4)) if feature.precision == "approximate" else "solid", aspect=None)
    for feature in features:
        anchor = projected.anchors.get(feature.id)
        if anchor is None:
            continue
        x, y = extent.to_page(*anchor)
        if not (extent.left - 10 <= x <= extent.left + extent.width + 10 and extent.top - 10 <= y <= extent.top + extent.height + 10):
            continue
        colour = _layer_colour(dataset, feature.layer)
        if feature.uncertainty_km:
            ax.add_patch(Circle(anchor, feature.uncertainty_km * 1000, facecolor=(*_rgb(colour), 0.05), edgecolor=(*_rgb(colour), 0.7),
                                linewidth=1 * PT_PER_PX, linestyle=(0, (3, 3)), zorder=6))
        size = 15
        _symbol(ax, anchor, feature.stance, feature.status, colour, size, feature.role, zorder=8)
        if selected is not None and selected.id == feature.id:
            ax.plot(*anchor, marker="o", markersize=(size + 9) * PT_PER_PX, markerfacecolor="none", markeredgecolor=SELECTED,
                    markeredgewidth=2 * PT_PER_PX, zorder=7)
        obstacles.append((x - size / 2 - 1, y - size / 2 - 1, size + 2, size + 2))
        number = numbers.get(feature.id)
        if number is not None:
            obstacles.append(_badge(page, x - 11, y - 11, number))
    return obstacles


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _symbol(ax, xy, stance: str, status: str, colour: str, size_px: float, role: str, zorder: float = 8) -> None:
    """The web map's symbols: shape = stance, hollow = claimed, filled = confirmed, ringed dot = a named place."""
    marker_size = size_px * PT_PER_PX
    edge = 2.0 * PT_PER_PX * size_px / 15
    x, y = xy
    if role == "reference":
        ax.plot(x, y, marker="o", markersize=marker_size * 0.62, markerfacecolor="#ffffff", markeredgecolor="#333333", markeredgewidth=edge * 0.8, zorder=zorder)
        ax.plot(x, y, marker="o", markersize=marker_size * 0.27, markerfacecolor="#333333", markeredgecolor="#333333", markeredgewidth=0, zorder=zorder)
        return
    fill = colour if status == "confirmed" else "#ffffff"
    if stance == "warned":
        ax.plot(x, y, marker="^", markersize=marker_size * 0.95, markerfacecolor=fill, markeredgecolor=colour, markeredgewidth=edge, zorder=zorder)
    elif stance == "denied":
        ax.plot(x, y, marker="o", markersize=marker_size * 0.85, markerfacecolor=fill, markeredgecolor=colour, markeredgewidth=edge, zorder=zorder)
        ax.plot(x, y, marker="x", markersize=marker_size * 0.42, markeredgecolor="#ffffff" if status == "confirmed" else colour,
                markeredgewidth=edge, zorder=zorder + 0.1)
    else:
        ax.plot(x, y, marker="o", markersize=marker_size * 0.8, markerfacecolor=fill, markeredgecolor=colour, markeredgewidth=edge, zorder=zorder)


def _badge(page: _Page, cx: float, cy: float, number: int, ax=None) -> tuple[float, float, float, float]:
    """A numbered callout: a dark disc with a white number, pointing to the footnote of the same number."""
    text = str(number)
    radius = 7.2 if len(text) == 1 else 8.6
    target = ax or page.front
    target.add_patch(Circle((cx, cy), radius, facecolor=INK, edgecolor="#ffffff", linewidth=1.0, zorder=9))
    page.text(cx, cy + 0.5, text, 9.5, colour="#ffffff", weight="bold", ha="center", va="center_baseline", ax=target, zorder=10)
    return (cx - radius, cy - radius, 2 * radius, 2 * radius)


def _draw_locator(page: _Page, dataset: Dataset, projected: _Projected, extent: _Extent):
    """Where this map sits in Europe: a small inset in the map's top-right corner."""
    if projected.locator is None:
        return (0, 0, 0, 0)
    size = min(max(extent.width * 0.2, 96), 160)
    left, top = extent.left + extent.width - size - 8, extent.top + 8
    ax = page.figure.add_axes((left / page.width, 1 - (top + size) / page.height, size / page.width, size / page.height), zorder=4)
    ax.set_facecolor("#eef3f6")
    geopandas.GeoSeries([projected.locator]).plot(ax=ax, facecolor="#d6d3cc", edgecolor="none", aspect=None)
    if projected.locator_focus is not None:
        geopandas.GeoSeries([projected.locator_focus]).plot(ax=ax, facecolor="#8f8b83", edgecolor="none", aspect=None)
    frame = shapely.segmentize(extent.polygon(), (extent.xmax - extent.xmin) / 20)
    frame_lonlat = shapely.transform(frame, lambda coords: _transform_array(projected.to_lonlat, coords))
    frame_locator = geopandas.GeoSeries([frame_lonlat], crs="EPSG:4326").to_crs(LOCATOR_PROJECTION)
    frame_locator.plot(ax=ax, facecolor="none", edgecolor="#d40000", linewidth=1.4 * PT_PER_PX, aspect=None)
    cx, cy = frame_locator.iloc[0].centroid.coords[0]
    west, south, east, north = frame_locator.total_bounds
    # Eastern and central Europe around the map, or more when the map itself is wider.
    half = max(1_900_000, 0.65 * max(east - west, north - south))
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)
    ax.set_aspect("equal", adjustable="box")
    _plain_axes(ax)
    for spine in ax.spines.values():
        spine.set_edgecolor("#777777")
        spine.set_linewidth(0.8)
    return (left - 4, top - 4, size + 8, size + 8)


def _transform_array(transformer: pyproj.Transformer, coords):
    xs, ys = transformer.transform(coords[:, 0], coords[:, 1])
    coords = coords.copy()
    coords[:, 0], coords[:, 1] = xs, ys
    return coords


def _draw_scale_bar(page: _Page, extent: _Extent) -> tuple[float, float, float, float]:
    """A bar of a round length, about a fifth of the map wide, at the bottom left; true to the projection's scale there."""
    left, bottom = extent.left + 12, extent.top + extent.height - 14
    x, y = extent.xmin + 12 * extent.metres_per_px, extent.ymin + 14 * extent.metres_per_px
    lon, lat = _transformers()[1].transform(x, y)
    factor = _projection().get_factors(lon, lat).meridional_scale
    ground_per_px = extent.metres_per_px / factor
    fitting = [km for km in SCALE_BAR_KM if km * 1000 / ground_per_px <= extent.width * 0.22]
    if not fitting:
        return (left, bottom, 0, 0)
    km = fitting[-1]
    length = km * 1000 / ground_per_px
    page.front.add_patch(Rectangle((left - 4, bottom - 24), max(length, 50) + 8, 30, facecolor=(1, 1, 1, 0.75), edgecolor="none", zorder=6))
    page.front.plot([left, left + length], [bottom, bottom], color=INK, linewidth=2 * PT_PER_PX, solid_capstyle="butt", zorder=7)
    for tick in (left, left + length):
        page.front.plot([tick, tick], [bottom - 5, bottom + 0.5], color=INK, linewidth=1.2 * PT_PER_PX, zorder=7)
    page.text(left, bottom - 7, f"{km:g} km", 10, colour=INK, va="bottom", ax=page.front, zorder=7)
    return (left - 4, bottom - 24, max(length, 50) + 8, 30)


def _scale_deviation(extent: _Extent) -> float:
    """How far the projection's scale strays from the scale bar's across the map, in percent."""
    proj = _projection()
    to_lonlat = _transformers()[1]
    points = [(x, y) for x in (extent.xmin, (extent.xmin + extent.xmax) / 2, extent.xmax) for y in (extent.ymin, (extent.ymin + extent.ymax) / 2, extent.ymax)]
    factors = [proj.get_factors(*to_lonlat.transform(x, y)).meridional_scale for x, y in points]
    bar = factors[0]  # bottom-left corner, where the bar sits
    return max(abs(f / bar - 1) for f in factors) * 100


# ---------- labels ----------

FEATURE_OFFSETS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))


def _draw_labels(page: _Page, dataset: Dataset, features: list[Feature], extent: _Extent, window: tuple, projected: _Projected,
                 obstacles: list, selected: Feature | None) -> list[str]:
    """The web map's labels and priorities, placed greedily so that none overlaps another, a symbol or the frame."""
    visible = {f.id for f in features}
    labels = [label for label in map_labels(dataset) if label["kind"] != "feature" or any(i in visible for i in label["features"])]
    if selected is not None:
        labels.sort(key=lambda label: selected.id not in label["features"])
    placed: list[tuple[float, float, float, float]] = []
    shown: list[str] = []
    frame = (extent.left + 3, extent.top + 3, extent.left + extent.width - 3, extent.top + extent.height - 3)
    for label in labels:
        style = _label_style(label, selected)
        text = label["text"].upper() if label["kind"] == "country" else label["text"]
        width = page.text_width(text, style["size"], style["weight"])
        height = style["size"] * 1.2
        for point in _label_points(label, window, dataset):
            x, y = extent.to_page(*projected.to_map.transform(*point))
            spot = _free_spot(label["kind"], x, y, width, height, frame, obstacles + placed, style["gap"])
            if spot is None:
                continue
            left, top = spot
            if label["kind"] == "city" and not label["features"]:
                page.front.plot(x, y, marker="o", markersize=3.2 * PT_PER_PX, color="#555555", zorder=4)
            page.text(left, top, text, style["size"], colour=style["colour"], weight=style["weight"], halo=True, ax=page.front, zorder=4)
            placed.append((left - 2, top - 1, width + 4, height + 2))
            shown.append(label["text"])
            break
    return shown


def _label_style(label: dict, selected: Feature | None) -> dict:
    if label["kind"] == "country":
        focus = label["priority"] >= 110
        return {"size": 12.5 if focus else 11, "weight": "bold" if focus else "normal", "colour": "#6b6b6b" if focus else FAINT, "gap": 0}
    if label["kind"] == "city" and not label["features"]:
        return {"size": 10.5, "weight": "bold" if label.get("capital") else "normal", "colour": "#444444", "gap": 4}
    chosen = selected is not None and selected.id in label["features"]
    return {"size": 11.5 if chosen else 10.5, "weight": "bold", "colour": SELECTED if chosen else INK, "gap": 10}


def _label_points(label: dict, window: tuple, dataset: Dataset) -> list[list[float]]:
    """The label's own points, and for a country a point inside its visible part, for when those are out of view."""
    points = list(label["points"])
    if label["kind"] == "country":
        for country in dataset.basemap.countries.get("features", []):
            if country["properties"].get("iso_a3") == label.get("iso_a3"):
                try:
                    visible = shape(country["geometry"]).intersection(box(*window))
                    parts = [p for p in shapely.get_parts(visible) if p.geom_type == "Polygon" and p.area > 0.05]
                    if parts:
                        inside = polylabel(max(parts, key=lambda p: p.area), tolerance=0.05)
                        points.append([inside.x, inside.y])
                except (ValueError, shapely.errors.GEOSException):
                    pass
    return points


def _free_spot(kind: str, x: float, y: float, width: float, height: float, frame, taken, gap: float):
    if kind == "country":
        candidates = [(x - width / 2, y - height / 2 + dy) for dy in (0, -14, 14, -28, 28)]
    else:
        candidates = []
        for dx, dy in FEATURE_OFFSETS:
            left = x + gap if dx > 0 else (x - gap - width if dx < 0 else x - width / 2)
            top = y - height / 2 if dy == 0 else (y - gap - height if dy < 0 else y + gap)
            candidates.append((left, top))
    for left, top in candidates:
        if left < frame[0] or top < frame[1] or left + width > frame[2] or top + height > frame[3]:
            continue
        if not any(_overlap((left, top, width, height), other) for other in taken):
            return left, top
    return None


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


# ---------- legend and footnotes ----------


def _draw_legend(page: _Page, dataset: Dataset, features: list[Feature], layer_ids: tuple[str, ...], where, draw: bool = True) -> float:
    """The web map's legend, only with what this graphic uses; rows flow to the width given. Returns its height."""
    left, top, width = where
    size = 10.5
    row_height = 17
    grey = "#555555"
    used = [f for f in features]

    def uses(test) -> bool:
        return any(test(f) for f in used)

    groups: list[tuple[str, list[tuple[dict, str]]]] = []
    stances = [(dict(kind="symbol", stance=s, status="claimed", colour=grey), LEGEND_LABELS[s]) for s in ("asserted", "warned", "denied") if uses(lambda f, s=s: f.stance == s)]
    statuses = []
    if uses(lambda f: f.status == "claimed"):
        statuses.append((dict(kind="symbol", stance="asserted", status="claimed", colour=grey), LEGEND_LABELS["claimed"]))
    if uses(lambda f: f.status == "confirmed"):
        statuses.append((dict(kind="symbol", stance="asserted", status="confirmed", colour=grey), LEGEND_LABELS["confirmed"]))
    if uses(lambda f: f.role == "reference"):
        statuses.append((dict(kind="symbol", role="reference", colour=grey), LEGEND_LABELS["reference"]))
    where_rows = []
    if uses(lambda f: f.precision == "approximate" and f.geometry is not None and f.geometry.get("type") != "Point"):
        where_rows.append((dict(kind="hatch"), LEGEND_LABELS["approximate"]))
    if uses(lambda f: bool(f.uncertainty_km)):
        where_rows.append((dict(kind="ring"), LEGEND_LABELS["uncertainty"]))
    if uses(lambda f: f.precision in ("precise", "generalised") and f.geometry is not None and f.geometry.get("type") != "Point"):
        where_rows.append((dict(kind="line"), "precise or generalised line or area"))
    colours = [(dict(kind="swatch", colour=layer.colour), layer.title) for layer in dataset.settings.layers if layer.id in layer_ids]
    groups = [("Shape: stance", stances), ("Fill: status", statuses), ("Where", where_rows), ("Colour: layer", colours)]
    groups.append(("Numbers", [(dict(kind="badge"), "each numbered claim is quoted in the notes, with who claims it")]))

    y = top
    for title, rows in groups:
        if not rows:
            continue
        x = left
        title_width = page.text_width(title, size, "bold")
        if draw:
            page.text(x, y + 1, title, size, colour=INK, weight="bold")
        x += title_width + 8
        for graphic, text in rows:
            text_width = page.text_width(text, size)
            item_width = 18 + text_width + 12
            if x + item_width > left + width and x > left + title_width + 8:
                x = left + 12
                y += row_height
            if x + item_width > left + width:  # a long entry on a narrow page: cut it to the width
                text = cut_at_word(text, max(8, int(len(text) * (left + width - x - 30) / max(text_width, 1))))
                text_width = page.text_width(text, size)
            if draw:
                _legend_graphic(page, graphic, x + 7, y + 7.5)
                page.text(x + 18, y + 1, text, size, colour="#333333")
            x += 18 + text_width + 12
        y += row_height
    return y - top


def _legend_graphic(page: _Page, graphic: dict, cx: float, cy: float) -> None:
    ax = page.ax
    kind = graphic["kind"]
    if kind == "symbol":
        _symbol(ax, (cx, cy), graphic.get("stance", ""), graphic.get("status", ""), graphic["colour"], 12, graphic.get("role", "claim"), zorder=4)
    elif kind == "hatch":
        ax.add_patch(Rectangle((cx - 7, cy - 5), 14, 10, facecolor=(0.5, 0.5, 0.5, 0.06), edgecolor=(0.35, 0.35, 0.35, 0.7),
                               hatch="////", linewidth=1 * PT_PER_PX, linestyle=(0, (3, 2)), zorder=4))
    elif kind == "ring":
        ax.add_patch(Circle((cx, cy), 6, facecolor="none", edgecolor="#555555", linewidth=1 * PT_PER_PX, linestyle=(0, (2, 2)), zorder=4))
    elif kind == "line":
        ax.plot([cx - 7, cx + 7], [cy, cy], color="#333333", linewidth=2.4 * PT_PER_PX, zorder=4)
    elif kind == "swatch":
        ax.add_patch(FancyBboxPatch((cx - 6, cy - 5), 12, 10, boxstyle="round,pad=0,rounding_size=2", facecolor=graphic["colour"], edgecolor="none", zorder=4))
    elif kind == "badge":
        _badge(page, cx, cy, 1, ax=ax)


# (font px, quote lines) from the most generous down: the quoted sentence is the
# point of a note, so its lines go before the font shrinks below 9.5 px.
FOOTNOTE_FITS = ((10.5, 4), (10.5, 3), (9.5, 4), (9.5, 3), (10.5, 2), (9.5, 2), (8.5, 3), (8.5, 2), (9.5, 1), (8.5, 1))


def _draw_footnotes(page: _Page, dataset: Dataset, footnotes: list[Footnote], where) -> int:
    """Each note's numbers, names, who claims it and its quoted sentence, fitted to the space.

    Quotes and then the font shrink before any note is dropped; if even the
    shortest notes do not fit, the last line says how many are left out.
    Returns how many notes are shown.
    """
    left, top, width, height = where
    if not footnotes or height < 30:
        return 0
    indent = max(24.0, max(page.text_width(note.numbers(), 10.5, "bold") for note in footnotes) + 8)
    for size, quote_lines in FOOTNOTE_FITS:
        plan = _footnote_plan(page, dataset, footnotes, width - indent, size, quote_lines)
        if sum(block for *_lines, block in plan) + _section_gap(footnotes, size) <= height:
            _write_footnotes(page, plan, footnotes, left, top, indent, size)
            return len(footnotes)
    size = 8.5
    plan = _footnote_plan(page, dataset, footnotes, width - indent, size, 1, compact=True)
    reserve = page.line_height(size) + 4
    used, count = 0.0, 0
    for *_lines, block in plan:
        if used + block + reserve + _section_gap(footnotes[: count + 1], size) > height:
            break
        used += block
        count += 1
    _write_footnotes(page, plan[:count], footnotes[:count], left, top, indent, size)
    rest = sum(len(note.callouts) for note in footnotes[count:])
    if rest:
        page.paragraph(f"… and {rest} more numbered claim{'s' if rest != 1 else ''}: see the full map, where each links to its sentence.",
                       left, top + used + _section_gap(footnotes[:count], size), width, size, colour=MUTED, max_lines=1)
    return count


def _footnote_plan(page: _Page, dataset: Dataset, footnotes: list[Footnote], width: float, size: float, quote_lines: int,
                   compact: bool = False):
    plan = []
    for note in footnotes:
        names = page.fit_lines(note.names(), width, size, 1 if compact else 2, "bold")
        attribution = page.fit_lines(note.attribution(), width, size, 1 if compact else 2)
        quote = page.fit_lines(note.quote(dataset), width, size, quote_lines)
        block = (len(names) + len(attribution) + len(quote)) * page.line_height(size) + 5
        plan.append((names, attribution, quote, block))
    return plan


def _section_gap(footnotes: list[Footnote], size: float) -> float:
    """Room for the heading over the whole-country claims, when there are any."""
    return size * 1.32 + 6 if any(not note.on_map for note in footnotes) else 0.0


def _write_footnotes(page: _Page, plan, footnotes: list[Footnote], left: float, top: float, indent: float, size: float) -> None:
    y = top
    heading_done = False
    for (names, attribution, quote, block), note in zip(plan, footnotes):
        if not note.on_map and not heading_done:
            page.text(left, y + 2, "Whole-country claims (no place on the map)", size, colour=MUTED, weight="bold")
            y += page.line_height(size) + 6
            heading_done = True
        numbers = note.numbers()
        if note.on_map and len(note.callouts) == 1:
            _badge(page, left + 9, y + size * 0.62, note.callouts[0].number, ax=page.ax)
        else:
            page.text(left, y, numbers, size, colour=INK, weight="bold")
        line_y = y
        for lines, colour, weight in ((names, SELECTED if note.selected else INK, "bold"), (attribution, MUTED, "normal"), (quote, "#2b2b2b", "normal")):
            for line in lines:
                page.text(left + indent, line_y, line, size, colour=colour, weight=weight)
                line_y += page.line_height(size)
        y += block


def _credit_line(dataset: Dataset, features: list[Feature], scale_deviation: float) -> str:
    cited = []
    for feature in features:
        for quote in feature.evidence:
            if quote.quote.source not in cited:
                cited.append(quote.quote.source)
    scale = (f"; the scale bar holds to within {scale_deviation:.1f}% across this map" if scale_deviation >= 0.5
             else "; the scale bar holds across this map")
    return f"{source_line(dataset, cited)} Projection: {PROJECTION_NAME}{scale}."


# ---------- file metadata ----------


def _metadata(fmt: str, title: str, description: str) -> dict:
    if fmt == "png":
        return {"Title": title, "Description": description, "Software": "sitmap (matplotlib)"}
    if fmt == "pdf":
        return {"Title": title, "Subject": description, "Creator": "sitmap (matplotlib)", "CreationDate": None}
    return {"Title": title, "Description": description, "Date": None}


_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def _svg_with_title(content: bytes, title: str, description: str) -> bytes:
    """SVG's own accessible name and description: <title> and <desc> first inside the root, referenced by aria."""
    match = _SVG_OPEN.search(content)
    if match is None:
        raise RenderError("matplotlib wrote an SVG without a root element")
    opening = match.group(0)
    labelled = opening[:-1] + b' role="img" aria-labelledby="sitmap-title sitmap-desc">'
    inserted = (
        f'<title id="sitmap-title">{escape(title)}</title><desc id="sitmap-desc">{escape(description)}</desc>'
    ).encode("utf-8")
    return content[: match.start()] + labelled + inserted + content[match.end() :]
