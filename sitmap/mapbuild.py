"""Build the folium map and its evidence panel from a loaded dataset.

The map, the side panel and the link between them live in one HTML document:
clicking a feature highlights its sentences, and clicking a sentence selects
its feature, without a round trip to a server. That keeps a click fast inside
Streamlit and lets the same document be published on its own later.

All text from sources and metadata reaches the page as JSON data, and the
browser code puts it into the DOM as text nodes only (never as HTML).
"""

from __future__ import annotations

import json

import folium
from branca.element import MacroElement
from jinja2 import Template

from .assets import LEAFLET_CSS, LEAFLET_JS, read_static
from .dataset import Dataset
from .evidence import ResolvedQuote
from .features import LEGEND_LABELS, PRECISION_LABELS, STANCE_LABELS, STATUS_LABELS, Feature

BASEMAP_STYLE = {"fillColor": "#f4f1ea", "color": "#9a9a9a", "weight": 0.8, "fillOpacity": 1}
FOCUS_STYLE = {"fillColor": "#ffffff", "color": "#6f6f6f", "weight": 1.2, "fillOpacity": 1}
SEA_COLOUR = "#dfe9ef"


def build_map(dataset: Dataset, asset_base: str) -> folium.Map:
    """The whole map: basemap, one group per layer, layer control, legend and panel.

    ``asset_base`` is the URL folder that serves Leaflet's files: a relative
    path inside Streamlit, a file URL or a CDN folder when published.
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
    )
    # Only Leaflet itself: folium's other CDN assets (jQuery, Bootstrap,
    # awesome-markers) are unused here, and one failed script aborts the map.
    fmap.default_js = [("leaflet", asset_base + LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", asset_base + LEAFLET_CSS)]

    if settings.tiles.enabled and settings.tiles.url:
        folium.TileLayer(
            tiles=settings.tiles.url,
            attr=settings.tiles.attribution,
            name="Online tiles",
            max_zoom=settings.tiles.max_zoom,
            control=False,
        ).add_to(fmap)
    fmap.add_child(SitmapRuntime())
    # Over online tiles the outlines stay, but unfilled, so the tiles show through.
    fmap.add_child(Basemap(dataset.basemap.countries, filled=not settings.tiles.enabled))
    for layer in dataset.layers:
        group = folium.FeatureGroup(name=layer.settings.title, show=layer.settings.visible)
        group.add_child(EvidenceLayer(layer.settings.id, layer.settings.title, layer.settings.colour, layer.features))
        group.add_to(fmap)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    fmap.add_child(EvidencePanel(panel_data(dataset)))
    return fmap


class Basemap(MacroElement):
    """The Natural Earth outlines, drawn under everything and never clickable.

    A plain folium.GeoJson would work too, but streamlit-folium then walks
    every basemap vertex on each rerun to compute bounds nobody uses.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.geoJSON({{ this.countries }}, {interactive: false, smoothFactor: 1.5, style: function (f) {"
        " return f.properties.role === 'focus' ? {{ this.focus_style }} : {{ this.style }}; }})"
        ".addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, countries: dict, filled: bool = True) -> None:
        super().__init__()
        self._name = "Basemap"
        self.countries = script_json(countries)
        self.style = script_json(BASEMAP_STYLE if filled else {**BASEMAP_STYLE, "fillOpacity": 0})
        self.focus_style = script_json(FOCUS_STYLE if filled else {**FOCUS_STYLE, "fillOpacity": 0})


class SitmapRuntime(MacroElement):
    """The browser code and styles shared by every layer and the panel; it must run first.

    The code and CSS are template variables, not template text, so Jinja never
    has to parse them: that kept a rerun's map render about 40 ms shorter.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ this.code }}\n"
        "Sitmap.init({{ this._parent.get_name() }}, {{ this.sea|tojson }});{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "SitmapRuntime"
        self.code = _without_jinja_delimiters("sitmap.js", read_static("sitmap.js"))
        self.css = _without_jinja_delimiters("sitmap.css", read_static("sitmap.css"))
        self.sea = SEA_COLOUR


class EvidenceLayer(MacroElement):
    """One layer's features, added to its folium FeatureGroup by the runtime."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "Sitmap.addLayer({{ this._parent.get_name() }}, {{ this.spec }});"
        "{% endmacro %}"
    )

    def __init__(self, layer_id: str, title: str, colour: str, features: list[Feature]) -> None:
        super().__init__()
        self._name = "EvidenceLayer"
        self.spec = script_json(
            {
                "id": layer_id,
                "title": title,
                "colour": colour,
                "features": [_map_feature(feature) for feature in features],
            }
        )


class EvidencePanel(MacroElement):
    """Starts the runtime on the map with the panel's data (sources, sentences, features)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "Sitmap.start({{ this.data }});"
        "{% endmacro %}"
    )

    def __init__(self, data: dict) -> None:
        super().__init__()
        self._name = "EvidencePanel"
        self.data = script_json(data)


def _map_feature(feature: Feature) -> dict:
    """What the map needs to draw a feature; the panel data carries the rest."""
    return {
        "type": "Feature",
        "id": feature.id,
        "geometry": feature.geometry,
        "properties": {
            "id": feature.id,
            "stance": feature.stance,
            "status": feature.status,
            "precision": feature.precision,
            "uncertainty_km": feature.uncertainty_km,
            "anchor": list(feature.anchor),
        },
    }


def panel_data(dataset: Dataset) -> dict:
    layer_titles = {layer.settings.id: layer.settings.title for layer in dataset.layers}
    features = {}
    for feature in dataset.features:
        features[feature.id] = {
            "id": feature.id,
            "name": feature.name,
            "layer": feature.layer,
            "layerTitle": layer_titles[feature.layer],
            "kind": feature.kind,
            "description": feature.description,
            "claimant": feature.claimant,
            "stance": feature.stance,
            "status": feature.status,
            "confirmation": feature.confirmation,
            "precision": feature.precision,
            "precisionNote": feature.precision_note,
            "uncertaintyKm": feature.uncertainty_km,
            "quantity": feature.quantity.label() if feature.quantity else "",
            "date": feature.date,
            "figures": [
                {
                    "label": f.label,
                    "value": f.value,
                    "unit": f.unit,
                    "method": f.method,
                    "kind": f.kind,
                    "citation": f.citation,
                    "address": safe_address(f.address),
                    "line": f.line,
                    "quote": _quote_data(f.quote) if f.quote else None,
                }
                for f in feature.figures
            ],
            "evidence": [_quote_data(q) for q in feature.evidence],
        }
    return {
        "layers": [
            {
                "id": layer.settings.id,
                "title": layer.settings.title,
                "colour": layer.settings.colour,
                "description": layer.settings.description,
                "visible": layer.settings.visible,
                "count": len(layer.features),
            }
            for layer in dataset.layers
        ],
        "features": features,
        "sources": [_panel_source(dataset, source_id) for source_id in _source_order(dataset)],
        "legend": {
            "stances": STANCE_LABELS,
            "statuses": STATUS_LABELS,
            "precisions": PRECISION_LABELS,
            "short": LEGEND_LABELS,
        },
        "credits": [dataset.basemap.credit, "Leaflet (BSD-2-Clause)"],
    }


def _quote_data(quote: ResolvedQuote) -> dict:
    return {"source": quote.quote.source, "sentence": quote.sentence_index, "exact": quote.quote.exact}


def _source_order(dataset: Dataset) -> list[str]:
    """Sources most cited first, so the article the map is built from leads the panel."""
    cited = {sid: 0 for sid in dataset.sources}
    for feature in dataset.features:
        for quote in feature.evidence:
            cited[quote.quote.source] = cited.get(quote.quote.source, 0) + 1
    return sorted(dataset.sources, key=lambda sid: (-cited[sid], sid))


def _panel_source(dataset: Dataset, source_id: str) -> dict:
    source = dataset.sources[source_id]
    quotes_by_sentence: dict[int, list[dict]] = {}
    for feature in dataset.features:
        for quote in feature.evidence:
            if quote.quote.source != source_id:
                continue
            sentence = source.sentences[quote.sentence_index]
            quotes_by_sentence.setdefault(quote.sentence_index, []).append(
                {"feature": feature.id, "start": quote.start - sentence.start, "end": quote.end - sentence.start}
            )
    return {
        "id": source.id,
        "kind": source.kind,
        "claimant": source.claimant,
        "notes": source.notes,
        "meta": {
            name: {"value": value.value, "status": value.status, "note": value.note}
            for name, value in source.metadata.items()
        },
        "address": safe_address(source.meta("address").value),
        "sentences": [
            {
                "i": s.index,
                "text": s.text,
                "quotes": quotes_by_sentence.get(s.index, []),
                # Keep the source's line breaks: the seed's headline and paragraphs stay apart.
                "breakBefore": s.index > 0 and "\n" in source.text[source.sentences[s.index - 1].end : s.start],
            }
            for s in source.sentences
        ],
    }


def safe_address(address: str) -> str:
    """Only web addresses become links: a ``javascript:`` URL in metadata must stay inert."""
    return address if address.startswith(("https://", "http://")) else ""


JINJA_DELIMITERS = ("{{", "{%", "{#")


def script_json(value: object) -> str:
    """JSON that is safe inside an inline <script> and inside a Jinja template.

    No markup character survives literally, so text cannot close the script
    element. Braces inside strings are escaped too: branca compiles each
    element's rendered script as a Jinja template once more, and a source that
    says "{{ ... }}" must stay text, not be evaluated on the server.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return _escape_braces_in_strings(text)


def _escape_braces_in_strings(text: str) -> str:
    """Outside strings JSON braces never form a Jinja delimiter; inside, escape them all."""
    out, in_string, escaped = [], False, False
    for char in text:
        if in_string and char in "{}":
            out.append("\\u007b" if char == "{" else "\\u007d")
            continue
        out.append(char)
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = in_string
        elif char == '"':
            in_string = not in_string
    return "".join(out)


def _without_jinja_delimiters(name: str, text: str) -> str:
    """Our own JS and CSS pass through Jinja twice; a delimiter in them would be evaluated."""
    found = [d for d in JINJA_DELIMITERS if d in text]
    if found:
        raise ValueError(f"sitmap/static/{name} contains Jinja delimiters {found}; add a space between the characters")
    return text
