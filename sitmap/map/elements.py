"""The folium map that carries the payload: one HTML document for st.iframe or a file.

Folium renders each element's script macro and branca then compiles that
output as a Jinja template once more. Whatever text came from config or data
would be evaluated on the server by that second pass, so our elements add
their output as ``LiteralScript``, which is never compiled, and the map gets
no folium element that writes data (no LayerControl, TileLayer or named
FeatureGroup): the browser code builds those from the payload.
"""

from __future__ import annotations

import html
import re

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from ..data.dataset import Dataset
from ..reports import short_source_line
from .assets import LEAFLET_CSS, LEAFLET_JS, compact, leaflet_css_inline, leaflet_js_inline, read_static
from .payload import map_payload
from .scriptjson import script_json, without_jinja_delimiters


def build_map(dataset: Dataset, asset_base: str | None, embed: bool = False, standalone: bool = False,
              export: bool = False) -> folium.Map:
    """The whole map: basemap, layers, layer control, legend, credits and the evidence panel.

    ``asset_base`` is the URL folder that serves Leaflet's files: a relative
    path inside Streamlit, a file URL or a CDN folder when published. ``None``
    inlines Leaflet's JavaScript and CSS instead (as literal text, never
    compiled as a template), so the document needs no other file.
    ``embed`` lays it out for an iframe in someone else's article: the map
    fills the frame, the panel opens over it on selection, and the mouse
    wheel scrolls the article unless Ctrl or ⌘ is held.
    ``standalone`` is the published page (``sitmap.export.standalone``): it
    carries its title, fills the window when opened on its own, takes the
    embed layout inside an iframe, and sizes itself by content when the host
    page's script asks (``sitmap:autosize``).
    ``export`` adds the app's Export button to the map: it writes the view
    into the page's address with ``export=1`` and asks the page to rerun.
    """
    settings = dataset.settings
    fmap = folium.Map(
        location=[settings.center_lat, settings.center_lon],
        zoom_start=settings.zoom,
        min_zoom=settings.min_zoom,
        max_zoom=settings.max_zoom,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        # The credits are built from text nodes by sitmap.js: Leaflet's own
        # control writes HTML and prefixes a flag.
        attribution_control=False,
        # Quarter zoom steps let a narrow screen fit the story's symbols exactly.
        zoom_snap=0.25,
    )
    # Only Leaflet itself: folium's other CDN assets (jQuery, Bootstrap,
    # awesome-markers) are unused here, and one failed script aborts the map.
    figure = fmap.get_root()
    if standalone:
        # The page's title, escaped as HTML text here; never compiled as a template.
        figure.header.add_child(LiteralScript(f"<title>{html.escape(settings.title)}</title>"), name="sitmap_title")
    if asset_base is None:
        # Leaflet's own code reaches the page byte for byte, first in the head as a linked file would.
        fmap.default_js = []
        fmap.default_css = []
        figure.header.add_child(LiteralScript(inline_leaflet()), name="leaflet")
    else:
        fmap.default_js = [("leaflet", asset_base + LEAFLET_JS)]
        fmap.default_css = [("leaflet_css", asset_base + LEAFLET_CSS)]
    options: dict = {"embed": embed, "export": export}
    if standalone:
        options.update(
            standalone=True,
            title=settings.title,
            subtitle=settings.subtitle,
            # The map's credit line names the boundaries already.
            sources_line=short_source_line(dataset).removesuffix(" · Boundaries: Natural Earth"),
        )
    fmap.add_child(SitmapRuntime(payload_script(dataset), options))
    return fmap


def map_document(dataset: Dataset, asset_base: str | None, embed: bool = False, standalone: bool = False,
                 export: bool = False) -> str:
    """The map as one HTML document, rendered once per loaded dataset and layout, not on every page view.

    ``asset_base=None`` inlines Leaflet (see ``build_map``).
    """
    key = ("map_document", dataset.settings, asset_base, embed, standalone, export)
    if key not in dataset.derived:
        dataset.derived[key] = _zoomable_and_labelled(build_map(dataset, asset_base, embed, standalone, export).get_root().render())
    return dataset.derived[key]


# folium's page forbids pinch zoom (maximum-scale=1, user-scalable=no), which
# locks out readers who enlarge text on a phone (WCAG 1.4.4), and names no language.
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport" content="width=device-width,\s*initial-scale=1.0, maximum-scale=1.0, user-scalable=no" />')
_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


def _zoomable_and_labelled(document: str) -> str:
    document, viewports = _FOLIUM_VIEWPORT.subn(_VIEWPORT, document, count=1)
    if viewports != 1 or not document.startswith("<!DOCTYPE html>\n<html>\n"):
        raise RuntimeError("folium's page template changed: check the viewport and language fixes in sitmap/map/elements.py")
    # The data, the panel's words and the sources are English.
    return document.replace("<html>", '<html lang="en">', 1)


def inline_leaflet() -> str:
    """Leaflet's CSS and JavaScript from the installed package, as elements of the page's head."""
    return f"<style>{leaflet_css_inline()}</style>\n<script>{leaflet_js_inline()}</script>"


def payload_script(dataset: Dataset) -> str:
    """The payload as script-safe JSON, built once per loaded dataset: every page view shows the same data."""
    # Keyed by the settings too: a copy of the dataset with other settings (tiles on, say) shares this dict.
    key = ("payload_script", dataset.settings)
    if key not in dataset.derived:
        dataset.derived[key] = script_json(map_payload(dataset))
    return dataset.derived[key]


class LiteralScript(Element):
    """Rendered text that is never compiled as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _LiteralMacroElement(MacroElement):
    """A MacroElement whose rendered header and script reach the page as they are."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the map through its Figure"
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(LiteralScript(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class SitmapRuntime(_LiteralMacroElement):
    """The browser code, its styles and the payload; it draws everything on the map."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ this.code }}\n"
        "Sitmap.start({{ this._parent.get_name() }}, {{ this.payload }}, {{ this.options }});{% endmacro %}"
    )

    def __init__(self, payload_json: str, options: dict | None = None) -> None:
        super().__init__()
        self._name = "SitmapRuntime"
        self.code = without_jinja_delimiters("sitmap.js", compact(read_static("sitmap.js")))
        self.css = without_jinja_delimiters("sitmap.css", compact(read_static("sitmap.css")))
        self.payload = payload_json
        self.options = script_json(options or {})
