"""Candidate features from an extraction: GeoJSON a journalist reviews before anything reaches the map.

Each claim becomes a candidate whose evidence quotes its words verbatim, so
``validate`` accepts it once the report is stored as a source:

- a claim whose sentence names a site, a city or a region becomes a point
  there, ``approximate``, with a ring for how far off the name may be;
- one that names the Belarus–Ukraine border is drawn with that line
  (``geometry_ref``), ``generalised`` as the basemap's line is; "Ukraine's
  border" or the Russian one, with the band along Ukraine's north-eastern
  border, ``approximate``;
- one that names only a country becomes a country-wide claim
  (``precision = "country"``, ``country``): it has no place on the map;
- one that names no place is listed under ``sitmap.unmapped`` with a note,
  not mapped.

Every candidate is ``claimed``: the machine confirms nothing.
"""

from __future__ import annotations

from .places import BORDER_LINE_REFS

UNATTRIBUTED = "Unattributed (the outlet's own statement)"
# Most specific first: a training ground in a sentence about Belarus places the claim at the ground.
SPECIFICITY = {"training_ground": 0, "airfield": 0, "city": 1, "region": 2, "border": 3, "country": 4}
UNCERTAINTY_KM = {"training_ground": 10, "airfield": 3, "city": 10, "region": 150, "border": 25}
MAX_NAME = 120


def propose(extraction: dict, source_id: str, map_countries: set[str] | frozenset[str] = frozenset()) -> dict:
    """A FeatureCollection of candidates from ``extract``'s result; ``source_id`` names the stored report.

    ``map_countries`` are the basemap's country codes: a claim about another
    country (the United States, say) cannot be outlined, so it is listed, not mapped.
    """
    features, unmapped = [], []
    for number, claim in enumerate(extraction["claims"], start=1):
        place = _place_for(claim, extraction)
        if place is not None and place["kind"] == "country" and place.get("iso_a3") not in map_countries:
            unmapped.append({"claim": claim, "note": f"it names only {place['name']}, which the map does not draw: listed for review"})
            continue
        properties = {
            "name": _name(claim["text"]),
            "kind": claim["claim_type"].replace("_", " "),
            "claimant": claim["claimant"] or UNATTRIBUTED,
            "stance": claim["stance"],
            "status": "claimed",
            "evidence": [{"source": source_id, "exact": claim["text"]}],
        }
        if claim.get("quantity") is not None and claim.get("unit"):
            properties["quantity"] = {"value": claim["quantity"], "unit": claim["unit"], **({"qualifier": claim["qualifier"]} if claim.get("qualifier") else {})}
        feature = {"type": "Feature", "id": f"{source_id}-claim-{number}"[:80], "geometry": None, "properties": properties}
        if place is None:
            unmapped.append({"claim": claim, "note": "its sentence names no place the map knows: listed for review, not mapped"})
            continue
        if place["kind"] == "country" and place.get("iso_a3"):
            properties.update(precision="country", country=place["iso_a3"],
                              precision_note=f"A claim about {place['name']} as a whole: its sentence names no place inside it.")
        elif place["kind"] == "border" and place.get("line") in BORDER_LINE_REFS:
            reference, precision = BORDER_LINE_REFS[place["line"]]
            drawn = "the line" if precision == "generalised" else "a 50 km band along"
            properties.update(precision=precision, geometry_ref=reference,
                              precision_note=f"Drawn with {drawn} the {place['name']} (Natural Earth 1:10m), which its sentence names.")
        else:
            feature["geometry"] = {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
            properties.update(precision="approximate", uncertainty_km=UNCERTAINTY_KM.get(place["kind"], 25),
                              precision_note=f"Placed at {place['name']} ({place['kind'].replace('_', ' ')}), which its sentence names; "
                                             "a machine's candidate, to be checked.")
        features.append(feature)
    return {"type": "FeatureCollection", "features": features, "sitmap": {"source": source_id, "unmapped": unmapped}}


def _place_for(claim: dict, extraction: dict) -> dict | None:
    """The most specific place inside the claim, else in its sentence; metonymic capitals are speakers, not places."""
    sentence = next((s for s in extraction["sentences"] if s["start"] <= claim["start"] < s["end"]), None)
    for start, end in ((claim["start"], claim["end"]), (sentence["start"], sentence["end"]) if sentence else (0, 0)):
        claimant = (claim.get("claimant") or "").lower()
        # The speaker ("the United States … have warned") is who claims, not where.
        candidates = [p for p in extraction["places"] if p["start"] < end and start < p["end"] and not p.get("metonymic")
                      and p["surface"].lower() not in claimant]
        if candidates:
            # The clause's subject ("Russia has begun exercises with Belarus") is the actor; the place is further on.
            return min(candidates, key=lambda p: (SPECIFICITY.get(p["kind"], 9), p["start"] - claim["start"] < 3, p["start"]))
    return None


def _name(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;")
    if len(text) <= MAX_NAME:
        return text
    cut = text[: MAX_NAME - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
