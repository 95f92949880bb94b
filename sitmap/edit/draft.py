"""From a pasted or uploaded report to the files a save writes.

``read_report`` checks what arrived (empty, too large, binary, not UTF-8, HTML
whose scripts must never run) and gives the text with line endings made
``\\n``; ``check_source`` refuses a future date and a report already stored
(same text or same address); ``source_files`` writes the text, its metadata
(each value marked known, inferred or unknown) and, for HTML, the original
beside it. ``review_rows`` turns ``propose``'s candidates into rows a journalist
edits, and ``layer_changes`` puts the accepted rows into their layer files,
refusing an id that exists. Nothing here writes a file: ``store.DataStore``
does, all at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..data.sentences import COMMON_BOILERPLATE
from ..data.sources import KNOWLEDGE, METADATA_FIELDS, SOURCE_ID, Source
from ..extract.html_text import report_text

STANCES = ("asserted", "denied", "warned")
STATUSES = ("claimed", "confirmed")
PRECISIONS = ("exact", "approximate", "generalised", "country")
UPLOAD_TYPES = ("txt", "md", "html", "htm")
# Lines a scraper or a site adds to an article: suggested for leaving out of the sentences, never deleted.
_BOILERPLATE = re.compile(r"^(?:share(?: this| on \w+)?|tweet|email|print|cookies?|we use cookies.*|accept(?: all)?(?: cookies)?|"
                          r"(?:by|written by) [A-Z][\w.'’ -]{2,60}|photo: .*|image: .*|read more.*|related:? .*|advertisement|"
                          r"subscribe.*|sign up.*|follow us.*|exit mobile version|skip to content)$", re.IGNORECASE)


@dataclass
class ReportInput:
    text: str | None  # the report's text, line endings "\n"; None when it cannot be used
    original_html: bytes | None = None  # an HTML upload as received, kept beside its text
    problems: list[str] = field(default_factory=list)


def read_report(data: bytes, name: str, max_bytes: int) -> ReportInput:
    """The report's text, or the reasons it cannot be used; an HTML file's plain text, its scripts dropped."""
    if not data.strip():
        return ReportInput(None, problems=["The report is empty."])
    if len(data) > max_bytes:
        return ReportInput(None, problems=[f"The report is {len(data):,} bytes; the limit is {max_bytes:,} "
                                           "(limits.max_source_bytes in config.toml)."])
    if b"\x00" in data:  # before decoding: a binary file is refused as binary, whatever its bytes decode to
        return ReportInput(None, problems=["The report holds NUL bytes: it is a binary file, not text."])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ReportInput(None, problems=[f"The report is not UTF-8 text (byte {exc.start:,} cannot be read)."])
    text, html, problem = report_text(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), name)
    if problem:
        return ReportInput(None, problems=[problem[0].upper() + problem[1:] + "."])
    return ReportInput(text, data if html else None)


def suggested_boilerplate(text: str) -> list[str]:
    """Whole lines that look like a site's furniture (share buttons, cookie notices, bylines), in order."""
    found = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and (stripped.lower() in COMMON_BOILERPLATE or _BOILERPLATE.match(stripped)) and stripped not in found:
            found.append(stripped)
    return found


def source_id_for(title: str, published: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A readable id from the date and title ("2022-02-20-russian-troops-will-stay"), unique among ``taken``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_title)[:8]
    base = "-".join(([published] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published or "") else []) + words)[:70].strip("-") or "report"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    assert SOURCE_ID.match(candidate), candidate
    return candidate


def check_source(text: str, metadata: dict[str, tuple[str, str]], sources: dict[str, Source],
                 today: dt.date | None = None) -> list[str]:
    """What stops a report from being stored: a bad status, a future date, a report already stored."""
    problems = []
    for name, (value, status) in metadata.items():
        if status not in KNOWLEDGE:
            problems.append(f"{name}: say whether it is known, inferred or unknown.")
        if status != "unknown" and not value.strip():
            problems.append(f"{name} is marked {status} but is empty.")
    published = metadata.get("published", ("", "unknown"))[0].strip()
    if published:
        try:
            date = dt.date.fromisoformat(published)
        except ValueError:
            problems.append(f"published: {published!r} is not a date written YYYY-MM-DD.")
        else:
            if date > (today or dt.date.today()):
                problems.append(f"published: {published} is in the future.")
    address = metadata.get("address", ("", "unknown"))[0].strip()
    if address and not re.match(r"^https?://\S+$", address):
        problems.append("address: write the page's full http:// or https:// address.")
    digest = _text_digest(text)
    for source in sources.values():
        if _text_digest(source.text) == digest:
            problems.append(f"This report is already stored as {source.id!r} (the same text).")
        elif address and source.meta("address").value.strip() == address:
            problems.append(f"A report from this address is already stored as {source.id!r}.")
    return problems


def source_files(source_id: str, text: str, metadata: dict[str, tuple[str, str]], *, boilerplate: list[str] = (),
                 notes: str = "", original_html: bytes | None = None, editor: str = "") -> dict[str, bytes]:
    """The files of a stored report: ``<id>.txt`` as pasted (line endings ``\\n``), ``<id>.toml``, and ``<id>.html``."""
    lines = ['kind = "article"', 'language = "en"', 'retrieved_via = "editor"', ""]
    for name in METADATA_FIELDS:
        value, status = metadata.get(name, ("", "unknown"))
        lines += [f"{name} = {_toml_string(value.strip())}", f"{name}_status = {_toml_string(status)}", ""]
    if boilerplate:
        lines.append("boilerplate = [" + ", ".join(_toml_string(line) for line in boilerplate) + "]")
    note = notes.strip() or f"Stored with the editor{' by ' + editor if editor else ''}; compare with the live page before quoting it."
    lines.append(f"notes = {_toml_string(note)}")
    files = {f"sources/{source_id}.txt": text.encode("utf-8"), f"sources/{source_id}.toml": ("\n".join(lines) + "\n").encode("utf-8")}
    if original_html is not None:
        files[f"sources/{source_id}.html"] = original_html
    return files


REVIEW_COLUMNS = ("accept", "id", "sentence", "label", "layer", "claimant", "stance", "status", "precision", "lat", "lon",
                  "uncertainty_km", "evidence")


def layer_for(claim_kind: str, layer_ids: list[str]) -> str:
    """A first guess at a claim's layer, which the journalist changes at will: troops to a deployments layer,
    the exercise to an exercise layer, anything else to the first layer that is not a border."""
    wanted = "deploy" if "troop" in claim_kind or "withdrawal" in claim_kind else "exercise" if "exercise" in claim_kind else ""
    for layer_id in layer_ids:
        if wanted and wanted in layer_id:
            return layer_id
    return next((layer_id for layer_id in layer_ids if "border" not in layer_id), layer_ids[0])


def review_rows(candidates: dict, layer_ids: list[str]) -> list[dict]:
    """One row per candidate, in text order: mapped ones with a position, listed ones without (to be placed by hand)."""
    rows = []
    for feature in candidates["features"]:
        rows.append(_row(feature, layer_for(feature["properties"]["kind"].replace(" ", "_"), layer_ids)))
    for number, item in enumerate(candidates["sitmap"]["unmapped"], start=1):
        claim = item["claim"]
        rows.append({"accept": False, "id": f"{candidates['sitmap']['source']}-listed-{number}"[:80], "sentence": claim["text"], "label": claim["text"][:120],
                     "layer": layer_for(claim["claim_type"], layer_ids), "claimant": claim.get("claimant") or "", "stance": claim["stance"],
                     "status": "claimed", "precision": "approximate", "lat": None, "lon": None, "uncertainty_km": 25.0,
                     "evidence": claim["text"], "note": item["note"]})
    return rows


def _row(feature: dict, default_layer: str) -> dict:
    properties = feature["properties"]
    point = (feature.get("geometry") or {}).get("coordinates") if (feature.get("geometry") or {}).get("type") == "Point" else None
    return {"accept": False, "id": feature["id"], "sentence": properties["evidence"][0]["exact"], "label": properties["name"],
            "layer": default_layer, "claimant": properties["claimant"], "stance": properties["stance"], "status": properties["status"],
            "precision": properties.get("precision", "approximate"), "lat": point[1] if point else None,
            "lon": point[0] if point else None, "uncertainty_km": properties.get("uncertainty_km"),
            "evidence": properties["evidence"][0]["exact"], "candidate": feature}


def feature_from_row(row: dict, source_id: str) -> tuple[dict | None, list[str]]:
    """A feature for a layer from an accepted row, or the reasons it cannot be one."""
    problems = []
    label = str(row.get("label") or "").strip()
    if not label:
        problems.append("give it a label")
    if row.get("stance") not in STANCES:
        problems.append(f"stance must be one of {', '.join(STANCES)}")
    if row.get("status") not in STATUSES:
        problems.append(f"status must be one of {', '.join(STATUSES)}")
    candidate = row.get("candidate") or {}
    country_wide = candidate.get("properties", {}).get("precision") == "country"
    line = "geometry_ref" in candidate.get("properties", {})
    lat, lon = (None if value is None or value != value else value for value in (row.get("lat"), row.get("lon")))
    if not (country_wide or line):
        if lat is None or lon is None:
            problems.append("give it a position (latitude and longitude) or leave it out")
        elif not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
            problems.append("its latitude must lie within ±90 and its longitude within ±180")
    if problems:
        return None, problems
    properties = dict(candidate.get("properties", {}))
    properties.update(name=label[:200], claimant=str(row.get("claimant") or "").strip() or properties.get("claimant", ""),
                      stance=row["stance"], status=row["status"],
                      evidence=[{"source": source_id, "exact": row["evidence"]}])
    geometry = None
    if not (country_wide or line):
        geometry = {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]}
        precision = row.get("precision") if row.get("precision") in ("exact", "approximate") else "approximate"
        properties["precision"] = precision
        if precision == "approximate":
            radius = row.get("uncertainty_km")
            properties["uncertainty_km"] = float(radius) if radius is not None and radius == radius and radius > 0 else 25.0
        else:
            properties.pop("uncertainty_km", None)
    feature_id = str(row.get("id") or "").strip() or f"{source_id}-claim"
    return {"type": "Feature", "id": feature_id, "geometry": geometry, "properties": properties}, []


def layer_changes(layers_dir: Path, layer_files: dict[str, str], additions: list[tuple[str, dict]],
                  existing_ids: set[str], evidence_links: list[tuple[str, str]] = (), source_id: str = "") -> tuple[dict[str, bytes], list[str]]:
    """The layer files with the accepted features added (``layer id -> file``), or the problems that stop it.

    ``evidence_links`` are (existing feature id, a sentence of the new report) pairs: the report becomes more
    evidence for a feature already on the map."""
    problems, collections, touched = [], {}, set()
    for feature_id, exact in evidence_links:
        for file in dict.fromkeys(layer_files.values()):
            if file not in collections:
                collections[file] = json.loads((layers_dir / file).read_text(encoding="utf-8"))
            feature = next((f for f in collections[file]["features"] if isinstance(f, dict) and f.get("id") == feature_id), None)
            if feature is not None:
                evidence = feature.setdefault("properties", {}).setdefault("evidence", [])
                if not any(e.get("source") == source_id and e.get("exact") == exact for e in evidence if isinstance(e, dict)):
                    evidence.append({"source": source_id, "exact": exact})
                    touched.add(file)
                break
        else:
            problems.append(f"{feature_id}: no such feature on the map")
    seen = set(existing_ids)
    for layer_id, feature in additions:
        if layer_id not in layer_files:
            problems.append(f"{feature['id']}: no layer {layer_id!r}")
            continue
        if feature["id"] in seen:
            problems.append(f"{feature['id']}: a feature with this id exists already; give it another id")
            continue
        seen.add(feature["id"])
        file = layer_files[layer_id]
        if file not in collections:
            collections[file] = json.loads((layers_dir / file).read_text(encoding="utf-8"))
        collections[file]["features"].append(feature)
        touched.add(file)
    if problems:
        return {}, problems
    return {f"layers/{file}": (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
            for file, collection in collections.items() if file in touched}, []


def _text_digest(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
