"""Embed code for a newsroom's page: the live app or the standalone file in an iframe.

``embed_snippet`` writes the HTML a newsroom pastes into its article:

* ``kind="live"``: the running Streamlit app with ``?embed=true``, the
  view's ``feature``, ``layers`` and ``view``, and ``height`` (the app lays
  its map out for that frame height). The frame has a fixed height.
* ``kind="standalone"``: the file from ``sitmap.export.standalone`` on the
  newsroom's CDN or object store, in an ``<iframe data-sitmap>`` with a
  responsive width and a fixed fallback height, followed by the host script
  (``static/embed-host.js``, compacted) that sizes the frame to the map's
  content. Without the script the frame keeps its fixed height.

Both carry a ``title`` for screen readers, ``loading="lazy"``, a borderless
full-width style and a link to the full map under the frame, for readers and
renderers that do not show iframes. Every attribute is HTML-escaped, and only
``http(s)://`` addresses are accepted: anything else is an ``ExportError``.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..map.assets import compact
from .request import ExportError, MapView

KINDS = ("live", "standalone")
DEFAULT_HEIGHT = 560  # px, as the app's ?height= default (streamlit_shell.DEFAULT_EMBED_HEIGHT)
MIN_HEIGHT = 200
MAX_HEIGHT = 4000
HOST_SCRIPT_PATH = Path(__file__).resolve().parent / "static" / "embed-host.js"
# Parameters that only make sense inside a frame: the full map's link drops them.
EMBED_ONLY_PARAMS = ("embed", "embed_options", "height")


def embed_snippet(src: str, title: str, *, kind: str, height: int = DEFAULT_HEIGHT, link_text: str = "open the full map") -> str:
    """The HTML to paste into an article: the iframe, a link to the full map, and for a standalone file the host script."""
    if kind not in KINDS:
        raise ExportError(f"embed kind must be one of {', '.join(KINDS)}, not {str(kind)[:20]!r}")
    src = checked_address(src, "the map's address")
    title = " ".join(str(title).split())
    if not title:
        raise ExportError("the embed needs a title: screen readers announce the frame by it")
    height = _height(height)
    if kind == "live":
        src = _with_params(src, {"embed": "true", "height": str(height)})
        full = _with_params(src, {name: None for name in EMBED_ONLY_PARAMS})
    else:
        full = src
    attributes = [("src", src), ("title", title), ("width", "100%"), ("height", str(height)), ("loading", "lazy"),
                  ("style", f"display:block;width:100%;height:{height}px;border:0")]
    iframe = "<iframe" + (" data-sitmap" if kind == "standalone" else "") + "".join(f' {name}="{_attr(value)}"' for name, value in attributes) + "></iframe>"
    link = f'<p style="margin:4px 0 0;font-size:13px"><a href="{_attr(full)}">{html.escape(title)} — {html.escape(link_text)}</a></p>'
    parts = [iframe, link]
    if kind == "standalone":
        parts.append(f"<script>{host_script()}</script>")
    return "\n".join(parts) + "\n"


def live_src(
    base_url: str,
    *,
    feature: str | None = None,
    layers: str | Iterable[str] | None = None,
    view: str | MapView | None = None,
    height: int | None = None,
) -> str:
    """The live app's embed address: ``base_url`` with ``embed=true`` and the view's feature, layers and view.

    ``layers`` is "a,b" (as in the address bar) or a list of ids; ``view`` is
    "lat,lon,zoom" or a ``MapView``. Empty values are left out, so the app
    shows its defaults; other parameters of ``base_url`` are kept.
    """
    base_url = checked_address(base_url, "the app's address")
    if layers is not None and not isinstance(layers, str):
        layers = ",".join(layers) or "none"
    if isinstance(view, MapView):
        view = format_view(view)
    params = {"embed": "true", "feature": feature or None, "layers": layers or None, "view": view or None}
    if height is not None:
        params["height"] = str(_height(height))
    return _with_params(base_url, params)


def format_view(view: MapView) -> str:
    """ "lat,lon,zoom" as the map writes it into the address and ``request.parse_view`` reads it."""
    zoom = round(view.zoom, 2)
    return f"{view.lat:.4f},{view.lon:.4f},{zoom:g}"


def checked_address(address: str, what: str = "the address") -> str:
    """An absolute http(s) URL with a host, or an ``ExportError``: a ``javascript:`` or ``data:`` frame would run in the article."""
    text = str(address).strip()
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in text):
        raise ExportError(f"{what} must not contain spaces or control characters: {text[:60]!r}")
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ExportError(f"{what} must be a full http:// or https:// address (such as https://maps.example.org/map.html), not {text[:60]!r}")
    return text


def host_script() -> str:
    """embed-host.js as pasted into articles: comments and the spaces between tokens dropped; no token is rewritten."""
    lines = compact(HOST_SCRIPT_PATH.read_text(encoding="utf-8")).split("\n")
    text = _without_spaces(" ".join(lines))
    if "</" in text or "<!--" in text:
        raise ValueError("embed-host.js must not contain '</' or '<!--': it is pasted inside a <script> element")
    return text


_WORD = re.compile(r"[A-Za-z0-9_$]")


def _without_spaces(code: str) -> str:
    """Drop whitespace between tokens, keeping one space between two word characters (``return x``, ``typeof data``).

    Made for embed-host.js only, which holds no regular expression, division,
    template string or single-quoted string: those are refused, not guessed at.
    """
    out: list[str] = []
    pending_space = False
    i = 0
    while i < len(code):
        char = code[i]
        if char == '"':
            end = i + 1
            while code[end] != '"':
                end += 2 if code[end] == "\\" else 1
            token = code[i : end + 1]
            i = end + 1
        elif char.isspace():
            pending_space = True
            i += 1
            continue
        elif char in "/'`":
            raise ValueError(f"embed-host.js: {char!r} outside a double-quoted string cannot be compacted safely")
        else:
            token = char
            i += 1
        if pending_space and out and _WORD.match(out[-1][-1]) and _WORD.match(token[0]):
            out.append(" ")
        elif pending_space and out and out[-1][-1] in "+-" and token[0] in "+-":
            out.append(" ")
        out.append(token)
        pending_space = False
    return "".join(out)


def _height(value: object) -> int:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ExportError(f"the frame's height must be a number of pixels, not {str(value)[:20]!r}") from None
    if not math.isfinite(number) or not MIN_HEIGHT <= number <= MAX_HEIGHT:
        raise ExportError(f"the frame's height must be between {MIN_HEIGHT} and {MAX_HEIGHT} px, not {value}")
    return round(number)


def _with_params(url: str, changes: dict[str, str | None]) -> str:
    """``url`` with these query parameters set in place (or removed, for ``None``); new ones follow the others."""
    parts = urlsplit(url)
    query, seen = [], set()
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in changes:
            if key in seen or changes[key] is None:
                continue
            value = changes[key]
            seen.add(key)
        query.append((key, value))
    query += [(key, value) for key, value in changes.items() if value is not None and key not in seen]
    return urlunsplit(parts._replace(query=urlencode(query, safe=",")))


def _attr(value: str) -> str:
    return html.escape(value, quote=True)
