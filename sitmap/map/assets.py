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
