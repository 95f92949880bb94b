"""The map's payload: everything the browser draws, as one JSON object.

Each feature travels once, with its geometry and everything the panel shows,
in the same snake_case names the GeoJSON uses; ``static/sitmap.js`` builds the
layers, the layer control, the legend, the credits and the panel from it. Text
from config and data is only ever data here, never markup or template text.
"""

from __future__ import annotations

from ..data.dataset import Dataset
from ..data.evidence import ResolvedQuote
from ..data.features import LEGEND_LABELS, PRECISION_LABELS, STANCE_LABELS, STATUS_LABELS, Feature, Figure, described
from .labels import map_labels

BASEMAP_STYLE = {"fillColor": "#f4f1ea", "color": "#9a9a9a", "weight": 0.8, "fillOpacity": 1}
FOCUS_STYLE = {"fillColor": "#ffffff", "color": "#6f6f6f", "weight": 1.2, "fillOpacity": 1}
SEA_COLOUR = "#dfe9ef"
LEAFLET_CREDIT = {"text": "Leaflet", "url": "https://leafletjs.com"}
BOUNDARIES_CREDIT = {"text": "Boundaries: Natural Earth", "url": "https://www.naturalearthdata.com"}


def map_payload(dataset: Dataset) -> dict:
    settings = dataset.settings
    tiles = settings.tiles
    filled = not tiles.enabled  # over online tiles the outlines stay, unfilled, so the tiles show through
    return {
        "view": {
            "center": [settings.center_lat, settings.center_lon],
            "zoom": settings.zoom,
            "min_zoom": settings.min_zoom,
            "max_zoom": settings.max_zoom,
        },
        "sea": SEA_COLOUR,
        "basemap": {
            "countries": dataset.basemap.countries,
            "style": BASEMAP_STYLE if filled else {**BASEMAP_STYLE, "fillOpacity": 0},
            "focus_style": FOCUS_STYLE if filled else {**FOCUS_STYLE, "fillOpacity": 0},
        },
        "tiles": (
            {
                "url": tiles.url,
                "max_zoom": tiles.max_zoom,
                "attribution": tiles.attribution,
                "attribution_url": tiles.attribution_url,
            }
            if tiles.enabled
            else None
        ),
        "layers": [
            {
                "id": layer.settings.id,
                "title": layer.settings.title,
                "colour": layer.settings.colour,
                "description": layer.settings.description,
                "visible": layer.settings.visible,
                "labels": layer.settings.labels,
                "count": len(layer.features),
            }
            for layer in dataset.layers
        ],
        "features": {feature.id: _feature(feature, dataset) for feature in dataset.features},
        # A derived area used by several features (the build-up and Truss's demand share one band) travels once.
        "shared_geometries": {f.geometry_ref: f.geometry for f in dataset.features if f.geometry_ref},
        "labels": map_labels(dataset),
        "sources": [_source(dataset, source_id) for source_id in _source_order(dataset)],
        "legend": {
            "stances": STANCE_LABELS,
            "statuses": STATUS_LABELS,
            "precisions": PRECISION_LABELS,
            "short": LEGEND_LABELS,
        },
        "credits": [LEAFLET_CREDIT, BOUNDARIES_CREDIT],
        "basemap_credit": dataset.basemap.credit,
    }


def _feature(feature: Feature, dataset: Dataset) -> dict:
    layer = dataset.settings.layer(feature.layer)
    return {
        **described(feature, layer.title if layer else feature.layer),
        "id": feature.id,
        "geometry": None if feature.geometry_ref else feature.geometry,
        "anchor": list(feature.anchor) if feature.anchor else None,
        "quantity": feature.quantity.label() if feature.quantity else "",
        "figures": [_figure(figure) for figure in feature.figures],
        "evidence": [_quote(quote) for quote in feature.evidence],
    }


def _figure(figure: Figure) -> dict:
    return {
        "label": figure.label,
        "value": figure.value,
        "unit": figure.unit,
        "method": figure.method,
        "kind": figure.kind,
        "citation": figure.citation,
        "address": safe_address(figure.address),
        "line": figure.line,
        "quote": _quote(figure.quote) if figure.quote else None,
    }


def _quote(quote: ResolvedQuote) -> dict:
    return {"source": quote.quote.source, "sentence": quote.sentence_index, "exact": quote.quote.exact}


def _source_order(dataset: Dataset) -> list[str]:
    """Sources most cited first, so the article the map is built from leads the panel."""
    cited = {sid: 0 for sid in dataset.sources}
    for feature in dataset.features:
        for quote in feature.evidence:
            cited[quote.quote.source] = cited.get(quote.quote.source, 0) + 1
    return sorted(dataset.sources, key=lambda sid: (-cited[sid], sid))


def _source(dataset: Dataset, source_id: str) -> dict:
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
                "break_before": s.index > 0 and "\n" in source.text[source.sentences[s.index - 1].end : s.start],
            }
            for s in source.sentences
        ],
    }


def safe_address(address: str) -> str:
    """Only web addresses become links: a ``javascript:`` URL in metadata must stay inert."""
    return address if address.startswith(("https://", "http://")) else ""
