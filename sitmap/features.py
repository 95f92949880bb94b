"""The feature model: what a mapped claim is, and the rules it must follow.

A feature is a GeoJSON Feature whose properties say what is claimed, by whom,
with which stance and status, how precisely it is placed, and which quotes
support it. Claims are never facts: ``status`` is "claimed" unless a
``confirmation`` says who independently confirmed it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .evidence import ResolvedQuote
from .problems import Scope

STANCES = ("asserted", "denied", "warned")
STATUSES = ("claimed", "confirmed")
PRECISIONS = ("precise", "approximate", "country")
REQUIRED_PROPERTIES = ("name", "claimant", "stance", "status", "precision", "evidence")
TEXT_PROPERTIES = ("kind", "description", "confirmation", "precision_note", "date", "gazetteer", "geometry_ref")
FEATURE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")

STANCE_LABELS = {
    "asserted": "asserted: the claimant says it is so",
    "denied": "denied: the claimant says it is not so",
    "warned": "warned: the claimant says it may happen",
}
STATUS_LABELS = {
    "claimed": "claimed: reported, not independently confirmed",
    "confirmed": "confirmed: independently confirmed",
}
# Short forms for the map legend, which must stay small enough not to hide the map.
LEGEND_LABELS = {
    "asserted": "asserted",
    "warned": "warned: may happen",
    "denied": "denied",
    "claimed": "claimed (hollow)",
    "confirmed": "independently confirmed (filled)",
    "approximate": "approximate area (hatched)",
    "uncertainty": "how far off a placed point may be",
    "precise": "precise line or area",
    "country": "country-wide claim: symbol only",
}
PRECISION_LABELS = {
    "precise": "precise: placed where the source puts it",
    "approximate": "approximate: placed from a description (“along the border”) or a nearby named place, not surveyed",
    "country": "country-wide: the claim concerns a whole country; the symbol marks the country",
}


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    qualifier: str = ""  # "more than", "about", "up to"

    def label(self) -> str:
        number = f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,}"
        return " ".join(part for part in (self.qualifier, number, self.unit) if part)


@dataclass(frozen=True)
class Figure:
    """A number shown beside a feature, always with how it was obtained."""

    label: str
    value: float
    unit: str
    method: str  # how it was measured or who states it
    kind: str = "computed"  # "computed" by the app, or "sourced" from a cited publication
    citation: str = ""
    address: str = ""
    line: list | None = None  # the measured line, lon/lat pairs, for drawing
    quote: ResolvedQuote | None = None  # for a figure taken from a stored source


@dataclass
class Feature:
    id: str
    layer: str
    name: str
    claimant: str
    stance: str
    status: str
    precision: str
    geometry: dict
    evidence: list[ResolvedQuote]
    file: str
    kind: str = ""
    description: str = ""
    confirmation: str = ""
    precision_note: str = ""
    uncertainty_km: float | None = None
    quantity: Quantity | None = None
    date: str = ""
    figures: list[Figure] = field(default_factory=list)
    anchor: tuple[float, float] = (0.0, 0.0)


def check_properties(props: dict, scope: Scope) -> None:
    """Rules on a feature's properties that need no other data; each broken rule is reported."""
    for message in _property_errors(props):
        scope.error(message)


def _property_errors(props: dict) -> list[str]:
    errors = [f"missing required property {key!r}" for key in REQUIRED_PROPERTIES if key not in props]
    for key, allowed in (("stance", STANCES), ("status", STATUSES), ("precision", PRECISIONS)):
        if key in props and (not isinstance(props[key], str) or props[key] not in allowed):
            errors.append(f"{key} must be one of {', '.join(allowed)}, not {_short_repr(props[key])}")
    for key in ("name", "claimant"):
        if key in props and (not isinstance(props[key], str) or not props[key].strip()):
            errors.append(f"{key} must be non-empty text")
    if "evidence" in props and (not isinstance(props["evidence"], list) or not props["evidence"]):
        errors.append("evidence must list at least one quote: nothing unsourced reaches the map")
    if props.get("status") == "confirmed" and not str(props.get("confirmation", "")).strip():
        errors.append("status is 'confirmed' but no 'confirmation' says who confirmed it independently")
    if "uncertainty_km" in props and not _positive_number(props["uncertainty_km"]):
        errors.append("uncertainty_km must be a positive number")
    quantity = props.get("quantity")
    if quantity is not None and not (
        isinstance(quantity, dict) and _positive_number(quantity.get("value")) and quantity.get("unit")
    ):
        errors.append("quantity must be an object with a positive 'value' and a 'unit'")
    for key in TEXT_PROPERTIES:
        if key in props and not isinstance(props[key], str):
            errors.append(f"{key} must be text, not {type(props[key]).__name__}")
    return errors


def _short_repr(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_quantity(raw: dict | None) -> Quantity | None:
    if not raw:
        return None
    return Quantity(float(raw["value"]), str(raw["unit"]), str(raw.get("qualifier", "")))


def parse_sourced_facts(raw: object, resolve: Callable[[object], ResolvedQuote | None], scope: Scope) -> list[Figure]:
    """Sourced figures such as an official border length: each must name its publication.

    A figure taken from a stored source cites it with a ``quote``, checked like
    evidence (``resolve`` reports what is wrong and returns None); one from
    elsewhere gives a ``citation`` and, where there is one, an ``address``.
    """
    figures = []
    if raw is not None and not isinstance(raw, list):
        scope.error("facts must be a list of objects")
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict):
            scope.error("each sourced fact must be an object")
            continue
        missing = [k for k in ("label", "value", "unit") if k not in entry]
        if "citation" not in entry and "quote" not in entry:
            missing.append("citation or quote")
        if missing:
            scope.error(f"sourced fact lacks {', '.join(missing)}")
            continue
        if not _number(entry["value"]):
            scope.error(f"sourced fact {str(entry['label'])!r} needs a numeric 'value', not {_short_repr(entry['value'])}")
            continue
        quote = None
        if "quote" in entry:
            quote = resolve(entry["quote"])
            if quote is None:
                continue
        figures.append(
            Figure(
                label=str(entry["label"]),
                value=float(entry["value"]),
                unit=str(entry["unit"]),
                method=str(entry.get("detail", "")),
                kind="sourced",
                citation=str(entry.get("citation", "")),
                address=str(entry.get("address", "")),
                quote=quote,
            )
        )
    return figures


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _positive_number(value: object) -> bool:
    return _number(value) and value > 0
