"""The app's Export dialog in Chromium: it exports the view the reader has in front of them."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from PIL import Image

pytestmark = pytest.mark.browser

DESKTOP = (1440, 900)


def drag_map(app, frame, dx: int = -160, dy: int = 90) -> None:
    box = app.page.locator("iframe[title='st.iframe']").bounding_box()
    start_x, start_y = box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.55
    app.page.mouse.move(start_x, start_y)
    app.page.mouse.down()
    for step in range(1, 11):
        app.page.mouse.move(start_x + dx * step / 10, start_y + dy * step / 10)
    app.page.mouse.up()


def test_the_dialog_exports_the_view_the_reader_moved_to(app_server, open_app, artifacts):
    app = open_app(app_server, "?feature=lida-airfield", viewport=DESKTOP)
    frame = app.wait_ready()
    drag_map(app, frame)
    app.page.wait_for_function("new URL(location.href).searchParams.has('view')", timeout=5000)
    view = parse_qs(urlparse(app.page.url).query)["view"][0]
    lat, lon, zoom = (float(part) for part in view.split(","))
    centre = frame.evaluate("(() => { const c = Sitmap.map().getCenter(); return [c.lat, c.lng, Sitmap.map().getZoom()]; })()")
    assert abs(lat - centre[0]) < 1e-3 and abs(lon - centre[1]) < 1e-3 and zoom == centre[2]

    app.frame.get_by_role("button", name="Export, download or embed this view").click()
    dialog = app.page.get_by_role("dialog")
    described = dialog.get_by_text("Exports the view on the map")
    described.wait_for(timeout=15_000)
    assert f"{lat:.2f}° N, {lon:.2f}° E" in described.inner_text() and "Lida airfield" in described.inner_text()

    dialog.get_by_role("button", name="Make the graphic").click()
    alt = dialog.get_by_label("Alt text (also inside the file)")
    alt.wait_for(timeout=30_000)
    assert alt.input_value().startswith("Map of ") and "Highlighted: Lida airfield." in alt.input_value()
    preview = dialog.locator("img").first
    preview.wait_for(timeout=10_000)
    assert preview.evaluate("img => img.naturalWidth") > 600, "a preview is shown"
    with app.page.expect_download() as download:
        dialog.get_by_role("button", name="Download PNG").click()
    assert download.value.suggested_filename == "allied-resolve-2022-situation-map.png"
    with Image.open(download.value.path()) as image:
        assert image.size == (2400, 1600), "full width, 1200×800 at 2×"
        assert "Highlighted: Lida airfield." in image.text["Description"]
    app.page.screenshot(path=str(artifacts / "export-dialog-1440x900.png"))
    assert "export=1" in app.page.url

    dialog.get_by_role("tab", name="Embed code").click()
    snippet = dialog.locator("pre code").filter(has_text="embed=true").first.inner_text()
    assert re.search(r"view=%s" % re.escape(view).replace(",", "(,|%2C)"), snippet), snippet
    assert "feature=lida-airfield" in snippet and "embed=true" in snippet and "export" not in snippet
    app.page.keyboard.press("Escape")
    app.page.wait_for_function("!new URL(location.href).searchParams.has('export')", timeout=10_000)
    assert parse_qs(urlparse(app.page.url).query)["view"] == [view], "closing the dialog keeps the view in the address"
    assert app.frame.locator("html[data-sitmap-ready]").count() == 1, "the map was not rebuilt"
    assert not app.errors, app.errors


def test_the_dialog_costs_a_page_view_nothing_and_stays_out_of_embeds(app_server, open_app):
    app = open_app(app_server, viewport=DESKTOP)
    app.wait_ready()
    assert app.frame.get_by_role("button", name="Export, download or embed this view").is_visible()
    assert app.page.get_by_role("dialog").count() == 0
    embedded = open_app(app_server, "?embed=true", viewport=(800, 560))
    embedded.wait_ready()
    assert embedded.frame.get_by_role("button", name="Export, download or embed this view").count() == 0
    assert embedded.page.get_by_role("dialog").count() == 0
