"""Leaflet, served from the installed ``xstatic-leaflet`` package, never a CDN.

The map must render with no internet, and third-party JavaScript stays out of
git: the files are read from site-packages wherever the app needs them.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
LEAFLET_JS = "leaflet.js"
LEAFLET_CSS = "leaflet.css"
LEAFLET_VERSION = xstatic_leaflet.VERSION
PACKAGE_STATIC_DIR = Path(__file__).resolve().parent / "static"


def read_static(name: str) -> str:
    """The app's own JavaScript and CSS, kept as real files so they can be linted and reviewed."""
    return (PACKAGE_STATIC_DIR / name).read_text(encoding="utf-8")


def compact(text: str) -> str:
    """Our runtime as sent to each reader: without comment lines, blank lines and indentation.

    About a fifth of sitmap.js is comments and indentation. Only whole lines
    are dropped or trimmed, so code is never rewritten: a ``//`` inside a
    string (an SVG namespace) stays, and so does every statement.
    """
    lines, in_block = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if in_block:
            in_block = "*/" not in stripped
            continue
        if stripped.startswith("/*"):
            in_block = "*/" not in stripped
            continue
        if stripped and not stripped.startswith("//"):
            lines.append(stripped)
    return "\n".join(lines) + "\n"


# What a standalone page inlines: Leaflet's own files, read from the package, never fetched.
_SOURCE_MAP_COMMENT = re.compile(r"\n//# sourceMappingURL=[^\n]*\s*$")
_CSS_IMAGE = re.compile(r"url\((['\"]?)images/([A-Za-z0-9._-]+\.png)\1\)")


def leaflet_js_inline() -> str:
    """leaflet.js as it ships, less its source-map comment (a relative file no published page has)."""
    text = (LEAFLET_DIR / LEAFLET_JS).read_text(encoding="utf-8")
    return _inline_safe(LEAFLET_JS, _SOURCE_MAP_COMMENT.sub("\n", text), "</script")


def leaflet_css_inline() -> str:
    """leaflet.css with its few images (the layer toggle, the default marker) as data: URIs, so nothing is fetched."""
    text = (LEAFLET_DIR / LEAFLET_CSS).read_text(encoding="utf-8")

    def data_uri(match: re.Match) -> str:
        image = LEAFLET_DIR / "images" / match.group(2)
        if not image.is_file():
            return "none"
        return "url(data:image/png;base64," + base64.b64encode(image.read_bytes()).decode("ascii") + ")"

    return _inline_safe(LEAFLET_CSS, _CSS_IMAGE.sub(data_uri, text), "</style")


def _inline_safe(name: str, text: str, closing: str) -> str:
    """Refuse a file that would end its inline element early (or open an HTML comment in a script)."""
    lowered = text.lower()
    for marker in (closing, "<!--"):
        if marker in lowered:
            raise ValueError(f"{name} from xstatic-leaflet {LEAFLET_VERSION} contains {marker!r}: it cannot be inlined as is")
    return text
