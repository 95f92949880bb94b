"""The Streamlit side of the app: caching, local assets and the shared page frame.

Pages import this; the logic they show lives in the ``sitmap`` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from sitmap.edit import PICKER_DIR
from sitmap.map.assets import LEAFLET_DIR
from sitmap.data.dataset import Dataset, load_dataset
from session_guard import start_session_guard
from sitmap.settings import Settings, SettingsError, config_path_from_env, load_settings

# Registering Leaflet's folder as a component makes Streamlit serve its files
# (with the right content types) from this machine; nothing is rendered.
_LEAFLET_FILES = components.declare_component("leaflet_files", path=str(LEAFLET_DIR))
# The map is a srcdoc frame, whose relative URLs resolve against the page's
# address: a relative folder keeps working behind a proxy's base path.
LEAFLET_PAGE_URL = f"component/{_LEAFLET_FILES.name}/"
_POSITION_PICKER = components.declare_component("position_picker", path=str(PICKER_DIR))


def position_picker(row: int, hint: str, lat: float | None, lon: float | None, countries: dict, current: Settings,
                    key: str) -> dict | None:
    """A map to click for a position: returns {"row", "lat", "lon"} after a click, else None (the editor page uses it)."""
    return _POSITION_PICKER(row=row, hint=hint, lat=lat, lon=lon, countries=countries, center=[current.center_lat, current.center_lon],
                            zoom=current.zoom, leaflet=f"../{_LEAFLET_FILES.name}/", key=key, default=None)


_MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~:$")


def plain(text: str) -> str:
    """Text from data shown through Streamlit's Markdown (titles, labels) as exactly that text."""
    return "".join("\\" + char if char in _MARKDOWN_SPECIALS else char for char in text)


def settings() -> Settings:
    """The app's settings; a broken config.toml stops the page with a plain message, never a traceback."""
    path = config_path_from_env()
    try:
        return _cached_settings(str(path), _stat(path))
    except SettingsError as exc:
        print(f"sitmap: {exc}", file=sys.stderr, flush=True)
        st.set_page_config(page_title="Map unavailable", layout="wide")
        st.error(
            "The map is unavailable because its settings file could not be used. "
            "Whoever runs this map will find the reason in the server's log, or with `python -m sitmap validate`."
        )
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_settings(config_path: str, stat: tuple[int, int]) -> Settings:
    """The settings, parsed again only when the file's size or time changes (a stat per page view, not a parse)."""
    return load_settings(config_path)


def dataset(current: Settings) -> Dataset:
    """The loaded data, reloaded only when a data file changed."""
    return _cached_dataset(str(current.config_path), _data_fingerprint(current))


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_dataset(config_path: str, fingerprint: tuple) -> Dataset:
    return load_dataset(load_settings(config_path))


def _data_fingerprint(current: Settings) -> tuple:
    """Size and mtime of every data file, so an edited layer reloads on the next run."""
    files = [current.config_path, current.gazetteer_path, current.cities_path]
    for folder, pattern in ((current.sources_dir, "*"), (current.layers_dir, "*.geojson"), (current.basemap_dir, "*")):
        files.extend(sorted(Path(folder).glob(pattern)))
    return tuple((str(path), *_stat(path)) for path in files)


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
        return info.st_size, info.st_mtime_ns
    except OSError:  # missing, a dangling link: the loader reports it, the fingerprint just notes it
        return -1, -1


def problems_banner(data: Dataset) -> None:
    errors, warnings = data.problems.errors, data.problems.warnings
    if errors:
        st.error(
            f"{len(errors)} data error(s): the features concerned are left off the map, every valid layer "
            "is shown. See **Data check** for each problem by file and feature.",
            icon="⚠️",
        )
    elif warnings:
        st.warning(f"{len(warnings)} data warning(s); see **Data check**.")


# An embed's frame height, when the host does not say (?height=): the size the embed snippet uses.
DEFAULT_EMBED_HEIGHT = 560
# What the frame holds besides the map: the one caption line under it and the gap above it.
EMBED_CHROME_PX = 60


def embed_map_height() -> int:
    """The map's height in an embed: the frame's (from ?height=, else the default) less the caption line."""
    try:
        frame = int(st.query_params.get("height", DEFAULT_EMBED_HEIGHT))
    except ValueError:
        frame = DEFAULT_EMBED_HEIGHT
    return max(240, min(frame, 2000) - EMBED_CHROME_PX)


PAGES = (("app.py", "Map"), ("pages/sources.py", "Sources"), ("pages/data_check.py", "Data check"), ("pages/editor.py", "Editor"))


def page_frame() -> Settings:
    """What every page starts with: page config, the page menu, and less empty space.

    Streamlit's own page list would call the main page "app"; an embedded map
    (?embed=true in a newsroom's iframe) shows no menu at all.
    """
    start_session_guard()
    current = settings()
    st.set_page_config(page_title=current.title, layout="wide")
    # Less empty space on wide screens; on a phone Streamlit's header overlays the page, so the title starts below it.
    st.html(
        "<style>[data-testid='stMainBlockContainer']{padding-top:1.2rem;padding-bottom:1rem}"
        "@media (max-width:640px){[data-testid='stMainBlockContainer']{padding-top:3.75rem}}</style>"
        if not st.context.is_embedded
        # Embedded: no header to clear, and every pixel of the frame is the map's. A lost connection
        # gets a small notice instead of Streamlit's dialog over a map that still works in the browser.
        else "<style>[data-testid='stMainBlockContainer']{padding:0 4px 0}[data-testid='stHeader']{display:none}"
        "[data-testid='stMainBlockContainer'] [data-testid='stVerticalBlock']{gap:.25rem}"
        "[data-testid='stDialog']{display:none!important}"
        "[data-testid='stCaptionContainer'],[data-testid='stCaptionContainer'] p"
        "{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-size:12px;margin:0}"
        "#sitmap-offline{display:none;position:fixed;right:6px;bottom:6px;z-index:1000;padding:3px 8px;border-radius:4px;"
        "background:rgba(255,255,255,.92);box-shadow:0 1px 3px rgba(0,0,0,.3);font:12px/1.3 system-ui,sans-serif;color:#444}"
        "body:has([data-testid='stDialog']) #sitmap-offline{display:block}</style>"
        "<div id='sitmap-offline' role='status'>Offline: the map still works; it updates when the connection returns.</div>"
    )
    if not st.context.is_embedded:
        with st.sidebar:
            for path, label in PAGES:
                st.page_link(path, label=label)
    return current
