"""The map page's "Export, download and embed" dialog: widgets only.

A dialog, not a panel under the map: the map page keeps one scroll on a
desktop screen, and the dialog's reruns (a fragment's) never redraw the map.

The view lives in the browser: the map writes ``feature``, ``layers`` and
``view`` into the page's address, and its Export button makes Streamlit rerun
with that address and ``export=1``, which opens this dialog. The graphics,
the standalone file, the data and the snippets come from ``sitmap.export``,
the same code as ``python -m sitmap export``.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import streamlit as st

from sitmap.data.dataset import Dataset
from sitmap.export.downloads import CSV_MEDIA_TYPE, GEOJSON_MEDIA_TYPE, download_name, evidence_csv, features_geojson
from sitmap.export.embed import embed_snippet, live_src
from sitmap.export.request import DEFAULT_SCALE, SIZE_PRESETS, ExportError, ExportRequest, build_request, layer_features
from sitmap.export.standalone import standalone_html
from streamlit_shell import plain

FORMATS = {"PNG (image)": "png", "SVG (vector, text stays text)": "svg", "PDF (print)": "pdf"}
CUSTOM = "custom"
STANDALONE_PLACEHOLDER = "https://cdn.example.org/maps/situation-map.html"


EXPORT_PARAM = "export"


def export_dialog_on_request(data: Dataset) -> None:
    """Opens the dialog when the address asks for it (``export=1``), as the map's Export button does.

    The button lives in the map because only the map knows the current view:
    it writes the view into the address and fires a history event, which
    makes Streamlit rerun with that address. A Streamlit button would rerun
    with the address the page was opened with.
    """
    if st.query_params.get(EXPORT_PARAM) == "1":
        export_dialog(data)


def _dismissed() -> None:
    # The address no longer asks for the dialog; the map's state in it stays as it is.
    if EXPORT_PARAM in st.query_params:
        del st.query_params[EXPORT_PARAM]


@st.dialog("Export, download and embed", width="large", on_dismiss=_dismissed)
def export_dialog(data: Dataset) -> None:
    request, view = _request_from_address(data)
    image, standalone, downloads, embed = st.tabs(["Image for a report", "Standalone map", "Data", "Embed code"])
    with image:
        _image_tab(data, request, view)
    with standalone:
        _standalone_tab(data)
    with downloads:
        _data_tab(data, request)
    with embed:
        _embed_tab(data, request, view)


def _request_from_address(data: Dataset) -> tuple[ExportRequest, str | None]:
    """The view the address holds, and its ``view`` parameter (None for the default view)."""
    params = st.query_params
    view_param = params.get("view")
    try:
        request = build_request(data, layers=params.get("layers"), feature=params.get("feature"), view=view_param)
    except ExportError as exc:
        st.warning(plain(f"The address holds a view that cannot be exported ({exc}); the default view is offered instead."))
        request, view_param = build_request(data), None
    view = request.view
    parts = [f"centre {view.lat:.2f}° N, {view.lon:.2f}° E, zoom {view.zoom:g}" if view_param else "the default view"]
    if request.feature is not None:
        parts.append(f"selected: {request.feature.name}")
    titles = [layer.title for layer in data.settings.layers if layer.id in request.layers]
    parts.append("layers: " + (", ".join(titles) if titles else "none"))
    st.caption(plain("Exports the view on the map: " + "; ".join(parts) + "."))
    return request, view_param


def _image_tab(data: Dataset, base: ExportRequest, view: str | None) -> None:
    format_col, size_col, scale_col = st.columns([3, 3, 2])
    fmt = FORMATS[format_col.radio("Format", list(FORMATS), key="export_format")]
    presets = {f"{name}: {w}×{h} px": (w, h) for name, (w, h) in SIZE_PRESETS.items()}
    size_label = size_col.selectbox("Size (CSS pixels)", [*presets, CUSTOM], index=1, key="export_size")
    if size_label == CUSTOM:
        width = size_col.number_input("Width", min_value=1, max_value=100_000, value=1200, step=10, key="export_width")
        height = size_col.number_input("Height", min_value=1, max_value=100_000, value=800, step=10, key="export_height")
    else:
        width, height = presets[size_label]
    scale = DEFAULT_SCALE
    if fmt == "png":
        scale = scale_col.radio("Pixel density", [1.0, 2.0, 3.0], index=1, format_func=lambda v: f"{v:g}×", key="export_scale",
                                help="2× makes 1200×800 a 2400×1600-pixel file, sharp on high-density screens and in print")
    title = st.text_input("Title", value=data.settings.title, max_chars=160, key="export_title")
    try:
        request = build_request(
            data, layers=",".join(base.layers) or "none", feature=base.feature.id if base.feature else None,
            view=view, width=width, height=height, scale=scale, title=title,
        )
    except ExportError as exc:
        st.error(plain(str(exc)))
        return
    key = _request_key(request, fmt)
    if st.button("Make the graphic", type="primary", key="export_make"):
        with st.spinner("Drawing…"):
            try:
                st.session_state["export_graphic"] = (key, _render(data, request, fmt))
            except ExportError as exc:
                st.error(plain(str(exc)))
                return
    made = st.session_state.get("export_graphic")
    if not made or made[0] != key:
        st.caption("Choose the format and size, then make the graphic: a preview, the download and its alt text appear here.")
        return
    graphic, preview = made[1]
    for notice in graphic.notices:
        st.caption(plain(f"Note: {notice}"))
    st.image(preview, caption=plain(f"Preview ({graphic.footnotes_shown} of {graphic.footnotes_total} notes fit)"))
    st.download_button(f"Download {fmt.upper()}", data=graphic.content, file_name=download_name(request.title or data.settings.title, fmt),
                       mime=graphic.mime_type, on_click="ignore", key="export_download", icon=":material/download:")
    st.text_area("Alt text (also inside the file)", graphic.alt_text, height=120, key=f"export_alt_{key}")


def _render(data: Dataset, request: ExportRequest, fmt: str):
    """The graphic, and a PNG to preview it (the graphic itself when it is one)."""
    from sitmap.export.graphic import render  # matplotlib loads on the first export, not on every page view

    graphic = render(data, request, fmt)
    if fmt == "png":
        return graphic, graphic.content
    return graphic, render(data, replace(request, scale=1.0), "png").content


def _request_key(request: ExportRequest, fmt: str) -> str:
    text = repr((fmt, request.layers, request.feature.id if request.feature else None, request.view, request.width,
                 request.height, request.scale, request.title))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _standalone_tab(data: Dataset) -> None:
    st.markdown(
        "One HTML file with the map, its data and the evidence panel: it works from a laptop with no network, and "
        "any web host or CDN can serve it to any number of readers with no server of ours. Link to a feature "
        "with `#feature=ID`."
    )
    st.download_button("Download the standalone map (HTML)", data=lambda: standalone_html(data).encode("utf-8"),
                       file_name=download_name(data.settings.title, "html"), mime="text/html", on_click="ignore",
                       key="export_standalone", icon=":material/download:")


def _data_tab(data: Dataset, request: ExportRequest) -> None:
    features = layer_features(data, request.layers)
    quotes = sum(len(f.evidence) for f in features)
    st.caption(plain(f"The {len(features)} features of the visible layers, with their {quotes} quotes: who claims each, "
                     "the stance, the status, and the sentence it rests on."))
    layers = request.layers
    first, second = st.columns(2)
    first.download_button("GeoJSON", data=lambda: features_geojson(data, layers).encode("utf-8"),
                          file_name=download_name(data.settings.title, "geojson"), mime=GEOJSON_MEDIA_TYPE,
                          on_click="ignore", key="export_geojson", icon=":material/download:")
    second.download_button("CSV (one row per quote)", data=lambda: evidence_csv(data, layers),
                           file_name=download_name(data.settings.title, "csv"), mime=CSV_MEDIA_TYPE,
                           on_click="ignore", key="export_csv", icon=":material/download:")


def _embed_tab(data: Dataset, request: ExportRequest, view: str | None) -> None:
    title = data.settings.title
    page_address = _page_address()
    st.markdown("**The live app** (always the latest data; sized by the frame):")
    live_base = st.text_input("Address of this app as readers reach it", value=page_address, key="embed_live_base")
    try:
        default_layers = tuple(layer.id for layer in data.settings.layers if layer.visible)
        src = live_src(live_base, feature=request.feature.id if request.feature else None,
                       layers=None if request.layers == default_layers else ",".join(request.layers), view=view)
        st.code(embed_snippet(src, title, kind="live"), language="html")
    except ExportError as exc:
        st.error(plain(str(exc)))
    st.markdown("**The standalone file** on your own host or CDN (no server per reader; grows to fit its content):")
    file_address = st.text_input("Address where you will publish the standalone file", value=STANDALONE_PLACEHOLDER, key="embed_file")
    try:
        st.code(embed_snippet(file_address, title, kind="standalone"), language="html")
    except ExportError as exc:
        st.error(plain(str(exc)))
    st.caption("How to restrict which sites may frame the map, and sandboxing: docs/embedding.md.")


def _page_address() -> str:
    """The app's own address without its query, as the browser reported it."""
    url = st.context.url or ""
    return url.split("?", 1)[0].split("#", 1)[0] or "https://maps.example.org/"
