"""Leaflet, served from the installed ``xstatic-leaflet`` package, never a CDN.

The map must render with no internet, and third-party JavaScript stays out of
git: the files are read from site-packages wherever the app needs them.
"""

from __future__ import annotations

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
