"""Tables for the Sources and Data check pages (and the CLI): plain rows, no UI."""

from __future__ import annotations

from urllib.parse import quote

from .data.dataset import Dataset
from .data.sources import Source


def source_rows(dataset: Dataset, source_id: str) -> list[dict]:
    """Each sentence, numbered from 1, with the features it supports and a link to each on the map."""
    source = dataset.sources[source_id]
    rows = []
    for sentence in source.sentences:
        citing = dataset.features_citing(source_id, sentence.index)
        rows.append(
            {
                "number": sentence.number,
                "text": sentence.text,
                "features": [{"name": f.name, "link": "/?feature=" + quote(f.id)} for f in citing],
            }
        )
    return rows


def metadata_rows(dataset: Dataset, source_id: str) -> list[dict]:
    source = dataset.sources[source_id]
    rows = [
        {"field": name, "value": value.value or "—", "status": value.status, "note": value.note}
        for name, value in source.metadata.items()
    ]
    rows.append({"field": "kind", "value": source.kind, "status": "known", "note": source.notes})
    if source.claimant:
        rows.append({"field": "speaks for", "value": source.claimant, "status": "known", "note": ""})
    return rows


def problem_rows(dataset: Dataset) -> list[dict]:
    ordered = dataset.problems.errors + dataset.problems.warnings
    return [
        {"severity": p.severity, "file": p.file, "feature": p.feature or "", "problem": p.message} for p in ordered
    ]


def layer_rows(dataset: Dataset) -> list[dict]:
    return [
        {
            "layer": layer.settings.title,
            "file": layer.file,
            "loaded": "yes" if layer.loaded else "no",
            "features": len(layer.features),
            "claimed": sum(f.status == "claimed" for f in layer.features),
            "confirmed": sum(f.status == "confirmed" for f in layer.features),
            "approximate": sum(f.precision != "precise" for f in layer.features),
        }
        for layer in dataset.layers
    ]


def figure_rows(dataset: Dataset) -> list[dict]:
    return [
        {
            "feature": feature.name,
            "figure": figure.label,
            "value": f"{figure.value:,g} {figure.unit}",
            "kind": figure.kind,
            "how": figure.method or figure.citation,
        }
        for feature in dataset.features
        for figure in feature.figures
    ]


def source_line(dataset: Dataset, source_ids: list[str] | None = None) -> str:
    """One line naming the sources (all, or those given) with their dates, saying plainly what is unknown or inferred.

    "Sources: outlet unknown, 10 Feb 2022 (inferred); Interfax, 10 Feb 2022; … Boundaries: Natural Earth."
    Shown under an embedded map, where the panel is folded away, and ready for exports.
    """
    chosen = dataset.sources.values() if source_ids is None else [dataset.sources[i] for i in source_ids if i in dataset.sources]
    parts = [source_reference(source) for source in chosen]
    return ("Sources: " + "; ".join(parts) + ". " if parts else "") + "Boundaries: Natural Earth."


def source_reference(source: Source) -> str:
    """ "Interfax, 10 Feb 2022", saying what is inferred or unknown: "outlet unknown, 10 Feb 2022 (inferred)"."""
    outlet, published = source.meta("outlet"), source.meta("published")
    name = outlet.value + (f" ({outlet.status})" if outlet.status == "inferred" else "") if outlet.value else "outlet unknown"
    when = readable_date(published.value) + (f" ({published.status})" if published.status == "inferred" else "") if published.value else "date unknown"
    return f"{name}, {when}"


def short_source_line(dataset: Dataset) -> str:
    """The source line in a few words, for one line under an embedded map: outlets, then the dates they share."""
    outlets = []
    for source in dataset.sources.values():
        outlet = source.meta("outlet")
        name = outlet.value if outlet.value else "outlet unknown"
        if name not in outlets:
            outlets.append(name)
    dates = sorted({s.meta("published").value for s in dataset.sources.values() if s.meta("published").value})
    when = f" ({', '.join(readable_date(d) for d in dates)})" if dates else ""
    return f"Sources: {', '.join(outlets)}{when} · Boundaries: Natural Earth"


def readable_date(iso: str) -> str:
    try:
        year, month, day = (int(part) for part in iso.split("-"))
        return f"{day} {('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[month - 1]} {year}"
    except (ValueError, IndexError):
        return iso
