"""The feature model: what a mapped claim is, and the rules it must follow.

A feature is a GeoJSON Feature whose properties say what is claimed, by whom,
with which stance and status, how precisely it is placed, and which quotes
support it. Claims are never facts: ``status`` is "claimed" unless a
``confirmation`` says who independently confirmed it.

A feature with ``role = "reference"`` is a place a source names (a city the
story mentions): it carries its evidence only, and no claimant, stance or
status, because that a city exists is not a claim. A claim about a whole
country (``precision = "country"``) names the country and has no geometry.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .evidence import ResolvedQuote
from ..problems import Scope

STANCES = ("asserted", "denied", "warned")
STATUSES = ("claimed", "confirmed")
PRECISIONS = ("precise", "generalised", "approximate", "country")
ROLES = ("claim", "reference")
REQUIRED_PROPERTIES = ("name", "claimant", "stance", "status", "precision", "evidence")
REFERENCE_REQUIRED = ("name", "precision", "evidence")
CLAIM_ONLY_PROPERTIES = ("claimant", "stance", "status", "confirmation", "quantity")
TEXT_PROPERTIES = ("kind", "description", "confirmation", "precision_note", "date", "gazetteer", "geometry_ref", "label", "country")
COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")
MAX_LABEL_LENGTH = 40
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
    "uncertainty": "approximate position (dashed ring: how far off, to scale)",
    "precise": "precise line or area",
    "generalised": "generalised line (Natural Earth 1:10m)",
    "country": "whole-country claim (outlined when selected)",
    "reference": "place named in a source",
}
PRECISION_LABELS = {
    "precise": "precise: placed where the source puts it",
    "approximate": "approximate: placed from a description (“along the border”) or a nearby named place, not surveyed",
    "generalised": "generalised line (Natural Earth 1:10m): its course is simplified, river meanders are cut off",
    "country": "country-wide: the claim concerns a whole country, so it has no place on the map; selecting it outlines the country",
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
    claimant: str  # "" for a reference place
    stance: str  # "" for a reference place
    status: str  # "" for a reference place
    precision: str
    geometry: dict | None  # None for a claim about a whole country
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
    anchor: tuple[float, float] | None = None  # where its symbol sits; None without geometry
    role: str = "claim"
    country: str = ""  # ISO 3166 alpha-3, for a claim about a whole country
    label: str = ""  # what the map prints beside it; the name when empty
    geometry_ref: str = ""  # the basemap's derived area or line it is drawn with, when it has no geometry of its own

    @property
    def is_reference(self) -> bool:
        return self.role == "reference"

    @property
    def map_label(self) -> str:
        return self.label or self.name


def described(feature: Feature, layer_title: str) -> dict:
    """What a feature says of itself, by its GeoJSON names: who claims what, how sure, where from.

    The map's payload and the data downloads both start from these; each adds
    its own form of the geometry, the quantity, the figures and the evidence.
    """
    return {
        "layer": feature.layer,
        "layer_title": layer_title,
        "name": feature.name,
        "label": feature.map_label,
        "role": feature.role,
        "kind": feature.kind,
        "description": feature.description,
        "claimant": feature.claimant,
        "stance": feature.stance,
        "status": feature.status,
        "confirmation": feature.confirmation,
        "precision": feature.precision,
        "precision_note": feature.precision_note,
        "uncertainty_km": feature.uncertainty_km,
        "country": feature.country,
        "geometry_ref": feature.geometry_ref,
        "date": feature.date,
    }


def check_properties(props: dict, scope: Scope) -> None:
    """Rules on a feature's properties that need no other data; each broken rule is reported."""
    for message in _property_errors(props):
        scope.error(message)


def _property_errors(props: dict) -> list[str]:
    role = props.get("role", "claim")
    if role not in ROLES:
        return [f"role must be one of {', '.join(ROLES)}, not {_short_repr(role)}"]
    if role == "reference":
        errors = [f"missing required property {key!r}" for key in REFERENCE_REQUIRED if key not in props]
        errors += [
            f"a reference place carries no {key!r}: it is named by a source, not claimed"
            for key in CLAIM_ONLY_PROPERTIES
            if key in props
        ]
        if props.get("precision") == "country":
            errors.append("a reference place is a place, not a whole country")
    else:
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
    if isinstance(props.get("label"), str) and not 0 < len(props["label"].strip()) <= MAX_LABEL_LENGTH:
        errors.append(f"label must be 1 to {MAX_LABEL_LENGTH} characters: it is printed on the map")
    if props.get("precision") == "country":
        if not (isinstance(props.get("country"), str) and COUNTRY_CODE.match(props["country"])):
            errors.append("a claim about a whole country names it: country = ISO 3166 alpha-3 code, e.g. \"UKR\"")
        if props.get("geometry_ref"):
            errors.append("a claim about a whole country has no geometry_ref: the country is its place")
    elif "country" in props:
        errors.append("country is only for precision = \"country\"")
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
