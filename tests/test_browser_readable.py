"""A map a reader can read, in headless Chromium at 1440×900 and 390×844: labels, hits, clean clicks, honest symbols.

Screenshots of both views are saved under test-artifacts/ for review.
"""

from __future__ import annotations

import pytest
from shapely.geometry import shape

from conftest import ARTIFACTS
from devtools.devserver import MAP_FRAME

pytestmark = pytest.mark.browser

DESKTOP = (1440, 900)
PHONE = (390, 844)


def shown_labels(frame) -> list[dict]:
    return frame.evaluate("Sitmap.shownLabels()")


def map_box(frame) -> dict:
    return frame.evaluate("(() => { const r = Sitmap.map().getContainer().getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; })()")


def assert_no_overlap_and_inside(labels: list[dict], box: dict) -> None:
    for i, a in enumerate(labels):
        assert box["x"] <= a["x"] and a["x"] + a["w"] <= box["x"] + box["w"] + 0.5, ("clipped", a)
        assert box["y"] <= a["y"] and a["y"] + a["h"] <= box["y"] + box["h"] + 0.5, ("clipped", a)
        for b in labels[i + 1 :]:
            apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"]
            assert apart, ("overlap", a["text"], b["text"])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_labels_are_text_on_the_map_and_never_overlap(app_server, open_app, viewport):
    app = open_app(app_server, viewport=viewport)
    frame = app.wait_ready()
    app.page.wait_for_timeout(500)  # fonts settle, labels are placed again
    labels = shown_labels(frame)
    assert len(labels) >= 6
    assert_no_overlap_and_inside(labels, map_box(frame))
    name = "desktop" if viewport == DESKTOP else "phone"
    ARTIFACTS.mkdir(exist_ok=True)
    app.page.screenshot(path=str(ARTIFACTS / f"map-{name}-{viewport[0]}x{viewport[1]}.png"))
    if viewport == DESKTOP:
        texts = {label["text"] for label in labels}
        assert {"Minsk", "Homel", "Lithuania", "Obuz-Lesnovsky", "Belarus", "Ukraine"} <= texts
        # Real text: the browser finds it by its words.
        assert app.frame.get_by_text("Obuz-Lesnovsky", exact=True).first.is_visible()


def test_labels_stay_apart_after_zooming_and_the_selected_label_always_shows(app_server, open_app, shipped):
    app = open_app(app_server, "?feature=luninets-airfield")
    frame = app.wait_ready()
    frame.evaluate("Sitmap.map().setZoom(5, {animate: false})")
    app.page.wait_for_timeout(300)
    labels = shown_labels(frame)
    assert_no_overlap_and_inside(labels, map_box(frame))
    assert "Luninets airfield" in {label["text"] for label in labels}
    assert app.frame.locator(".sitmap-map-label.is-selected").inner_text() == "Luninets airfield"


def border_point(frame, shipped, offset_px: float) -> tuple[float, float]:
    line = shape(shipped.feature("belarus-ukraine-border").geometry)
    lon, lat = line.interpolate(0.3, normalized=True).coords[0]
    return frame.evaluate(
        f"""(() => {{ const m = Sitmap.map(); const p = m.latLngToContainerPoint([{lat}, {lon}]);
             const q = m.latLngToContainerPoint([{lat} + 0.01, {lon}]);
             const d = Math.hypot(q.x - p.x, q.y - p.y);  // straight up, away from an east-west line
             return [p.x + (q.x - p.x) / d * {offset_px}, p.y + (q.y - p.y) / d * {offset_px}]; }})()"""
    )


def test_a_click_five_pixels_off_the_border_selects_it(app_server, open_app, shipped):
    app = open_app(app_server, viewport=DESKTOP)
    frame = app.wait_ready()
    x, y = border_point(frame, shipped, 5)
    app.frame.locator(".sitmap-map-cell .leaflet-container").click(position={"x": x, "y": y})
    frame.wait_for_function("Sitmap.selected() === 'belarus-ukraine-border'", timeout=5000)
    # No focus rectangle is drawn around the shape that was clicked.
    outline = frame.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "none" or frame.evaluate("document.activeElement === document.body")


def test_a_tap_near_the_border_selects_it(app_server, open_app, shipped):
    app = open_app(app_server, viewport=PHONE, touch=True)
    frame = app.wait_ready()
    frame.evaluate("Sitmap.map().setView([51.6, 27.5], 6, {animate: false})")
    x, y = border_point(frame, shipped, 5)
    box = app.page.locator(MAP_FRAME).bounding_box()
    inner = map_box(frame)
    app.page.touchscreen.tap(box["x"] + inner["x"] + x, box["y"] + inner["y"] + y)
    frame.wait_for_function("Sitmap.selected() === 'belarus-ukraine-border'", timeout=5000)


def test_clicking_every_feature_writes_nothing_to_the_console(app_server, open_app, shipped):
    app = open_app(app_server, viewport=DESKTOP)
    frame = app.wait_ready()
    app.page.wait_for_timeout(300)
    app.console.clear()
    for feature in shipped.features:
        if feature.geometry is None:
            app.frame.locator(f".sitmap-list-item[data-feature='{feature.id}']").first.click()
            continue
        # Zoomed in, so that no neighbouring symbol lies on top of this one.
        frame.evaluate(f"Sitmap.map().setView([{feature.anchor[1]}, {feature.anchor[0]}], 9, {{animate: false}})")
        app.frame.locator(f".sitmap-symbol[data-feature='{feature.id}']").click(force=True)
        frame.wait_for_function(f"Sitmap.selected() === '{feature.id}'", timeout=5000)
    # The drawn line and area themselves, where streamlit-folium's click handler used to log a TypeError.
    frame.evaluate("Sitmap.map().setView([51.6, 27.5], 6, {animate: false})")
    x, y = border_point(frame, shipped, 0)
    app.frame.locator(".sitmap-map-cell .leaflet-container").click(position={"x": x, "y": y})
    area = shipped.feature("eastern-ukraine")
    lon, lat = area.anchor
    frame.evaluate(f"Sitmap.map().setView([{lat}, {lon}], 6, {{animate: false}})")
    point = frame.evaluate(f"(() => {{ const p = Sitmap.map().latLngToContainerPoint([{lat} + 0.3, {lon} + 0.3]); return [p.x, p.y]; }})()")
    app.frame.locator(".sitmap-map-cell .leaflet-container").click(position={"x": point[0], "y": point[1]})
    app.page.wait_for_timeout(300)
    frame.wait_for_function("Sitmap.selected() === 'eastern-ukraine'", timeout=5000)
    assert app.console == [] and app.errors == []


def test_a_claim_about_a_whole_country_has_no_point_and_outlines_its_country(app_server, open_app, shipped):
    claim = next(f for f in shipped.features if f.precision == "country")
    app = open_app(app_server, viewport=DESKTOP)
    frame = app.wait_ready()
    assert app.frame.locator(f".sitmap-symbol[data-feature='{claim.id}']").count() == 0
    assert app.frame.locator(".sitmap-country-outline").count() == 0
    app.frame.locator(f"#sitmap-country-claims .sitmap-list-item[data-feature='{claim.id}']").click()
    frame.wait_for_function(f"Sitmap.selected() === '{claim.id}'", timeout=5000)
    assert app.frame.locator("path.sitmap-country-outline").count() >= 1
    country = next(f["properties"]["name"] for f in shipped.basemap.countries["features"] if f["properties"]["iso_a3"] == claim.country)
    assert country in app.frame.locator("#sitmap-details").inner_text()


def test_a_reference_place_says_where_it_is_named_not_who_claims_it(app_server, open_app):
    app = open_app(app_server, "?feature=moscow", viewport=DESKTOP)
    app.wait_ready()
    details = app.frame.locator("#sitmap-details").inner_text()
    assert "Named in" in details and "sentence 13" in details
    assert "Claimant" not in details and "Status" not in details
    # Citations say plainly what is unknown: "outlet unknown, published 10 Feb 2022 (inferred)".
    assert "outlet unknown, published 10 Feb 2022 (inferred), sentence 13" in details


def test_the_legend_is_open_and_covers_no_feature(app_server, open_app):
    app = open_app(app_server, viewport=DESKTOP)
    frame = app.wait_ready()
    assert frame.evaluate("document.getElementById('sitmap-legend').open") is True
    legend = frame.evaluate("(() => { const r = document.getElementById('sitmap-legend').getBoundingClientRect(); return [r.top, r.bottom]; })()")
    box = map_box(frame)
    assert legend[0] >= box["y"] + box["h"] - 1  # under the map, not over it
    legend_text = app.frame.locator("#sitmap-legend").inner_text()
    for words in ("asserted", "warned", "denied", "place named in a source", "whole-country claim", "approximate position"):
        assert words in legend_text


def test_the_credit_names_natural_earth_without_a_flag(app_server, open_app):
    app = open_app(app_server, viewport=PHONE)
    app.wait_ready()
    credit = app.frame.locator("#sitmap-credits")
    assert credit.is_visible()
    text = credit.inner_text()
    assert text == "Leaflet | Boundaries: Natural Earth"
    assert "\U0001F1FA" not in text and app.frame.locator(".leaflet-attribution-flag").count() == 0


def test_one_scroll_on_the_desktop_and_the_claim_in_view(app_server, open_app, shipped):
    """1440×900: after selecting the border its claimant and first quote are in view, and no box scrolls inside another."""
    app = open_app(app_server, viewport=DESKTOP)
    frame = app.wait_ready()
    app.frame.locator(".sitmap-list-item[data-feature='belarus-ukraine-border']").click()
    frame.wait_for_function("Sitmap.selected() === 'belarus-ukraine-border'", timeout=5000)
    frame_box = app.page.locator(MAP_FRAME).bounding_box()
    viewport_bottom = DESKTOP[1]

    def on_screen(selector: str) -> bool:
        r = frame.evaluate(f"(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect(); return [r.top, r.bottom]; }})()")
        return frame_box["y"] + r[0] >= 0 and frame_box["y"] + r[1] <= viewport_bottom

    app.frame.locator("#sitmap-details dd").first.wait_for()
    assert on_screen("#sitmap-details dd") and shipped.feature("belarus-ukraine-border").claimant in app.frame.locator("#sitmap-details dd").first.inner_text()
    assert on_screen("#sitmap-details .sitmap-quote")
    page_scrolls = app.page.evaluate("(() => { const e = document.querySelector('[data-testid=\"stMain\"]') || document.scrollingElement; return e.scrollHeight > e.clientHeight + 1; })()")
    inner_scrollers = frame.evaluate(
        """Array.from(document.querySelectorAll('#sitmap-panel *')).filter(e => {
             const s = getComputedStyle(e); return /(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1; }).length"""
    )
    assert inner_scrollers == 0, "a box scrolls inside the panel"
    assert not page_scrolls, "the page scrolls around a panel that scrolls too"


def test_the_title_is_fully_visible_on_a_phone(app_server, open_app):
    app = open_app(app_server, viewport=PHONE)
    app.wait_ready()
    title = app.page.get_by_role("heading", name="Allied Resolve 2022: situation map")
    header = app.page.locator("[data-testid='stHeader']")
    title_top = title.bounding_box()["y"]
    header_bottom = header.bounding_box()["y"] + header.bounding_box()["height"] if header.count() else 0
    assert title_top >= header_bottom


def test_on_a_phone_one_finger_scrolls_the_page_past_the_map(app_server, open_app, shipped):
    app = open_app(app_server, viewport=PHONE, touch=True)
    frame = app.wait_ready()
    main = "document.querySelector('[data-testid=\"stMain\"]')"
    before = app.page.evaluate(f"{main}.scrollTop")
    box = app.page.locator(MAP_FRAME).bounding_box()
    inner = map_box(frame)
    centre = frame.evaluate("Sitmap.map().getCenter()")
    session = app.page.context.new_cdp_session(app.page)
    x, y0 = box["x"] + inner["x"] + inner["w"] / 2, box["y"] + inner["y"] + inner["h"] * 0.6
    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y0}]})
    for step in range(1, 11):  # one finger, 60 px up, over the map
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y0 - 6 * step}]})
        app.page.wait_for_timeout(16)
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    app.page.wait_for_timeout(400)
    assert app.page.evaluate(f"{main}.scrollTop") > before
    after = frame.evaluate("Sitmap.map().getCenter()")
    assert abs(after["lat"] - centre["lat"]) < 1e-6 and abs(after["lng"] - centre["lng"]) < 1e-6  # the map did not move


SYMBOLS_IN_VIEW = """(() => { const map = Sitmap.map().getContainer().getBoundingClientRect();
     const controls = Array.from(document.querySelectorAll('.leaflet-control')).map(c => c.getBoundingClientRect());
     return Array.from(document.querySelectorAll('.sitmap-symbol')).filter(s => {
       const r = s.getBoundingClientRect();
       const inside = r.left >= map.left && r.right <= map.right && r.top >= map.top && r.bottom <= map.bottom;
       const covered = controls.some(c => r.left < c.right && c.left < r.right && r.top < c.bottom && c.top < r.bottom);
       return inside && !covered; }).map(s => s.dataset.feature); })()"""


def test_on_a_phone_most_symbols_of_the_default_view_are_in_view(app_server, open_app):
    desktop = open_app(app_server, viewport=DESKTOP)
    default_view = set(desktop.wait_ready().evaluate(SYMBOLS_IN_VIEW))
    phone = open_app(app_server, viewport=PHONE, touch=True)
    frame = phone.wait_ready()
    phone.page.wait_for_timeout(300)
    on_phone = set(frame.evaluate(SYMBOLS_IN_VIEW))
    assert len(default_view & on_phone) >= 0.8 * len(default_view), (sorted(default_view - on_phone))


def test_on_a_phone_the_panel_is_in_the_pages_own_scroll(app_server, open_app):
    app = open_app(app_server, "?feature=lida-airfield", viewport=PHONE)
    frame = app.wait_ready()
    app.page.wait_for_timeout(800)  # the frame grows to its content
    frame_height = app.page.locator(MAP_FRAME).bounding_box()["height"]
    panel = frame.evaluate("(() => { const p = document.getElementById('sitmap-panel'); return [p.scrollHeight, p.clientHeight, document.documentElement.scrollHeight]; })()")
    assert panel[0] <= panel[1] + 1, "the panel scrolls inside the frame"
    assert frame_height >= panel[2] - 2, (frame_height, panel)  # the frame holds its whole document
    assert frame_height > PHONE[1]  # so the page scrolls, once
    ARTIFACTS.mkdir(exist_ok=True)
    app.page.screenshot(path=str(ARTIFACTS / "map-phone-full-page.png"), full_page=True)
