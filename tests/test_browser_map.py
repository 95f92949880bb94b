"""The running app in headless Chromium: drawing, linking both ways, URL state, offline."""

from __future__ import annotations

import pytest
from shapely.geometry import shape

pytestmark = pytest.mark.browser

SEED = "allied-resolve-2022"


def sentence(frame, index: int, source: str = SEED):
    return frame.locator(f".sitmap-sentence[data-source='{source}'][data-sentence='{index}']")


def test_map_draws_every_feature(app_server, open_app, shipped):
    app = open_app(app_server)
    frame = app.wait_ready()
    assert frame.evaluate("Sitmap.featureCount()") == len(shipped.features)
    placed = [f for f in shipped.features if f.geometry is not None]
    assert frame.locator(".sitmap-symbol").count() == len(placed)
    # Claims about a whole country have no symbol: they are listed in the panel's strip.
    country_wide = [f.id for f in shipped.features if f.precision == "country"]
    strip = app.frame.locator("#sitmap-country-claims .sitmap-list-item")
    assert sorted(strip.evaluate_all("els => els.map(e => e.dataset.feature)")) == sorted(country_wide)
    # Every non-point feature also draws its extent as an SVG path.
    extents = sum(1 for f in placed if f.geometry["type"] != "Point")
    assert frame.locator(".leaflet-map-pane path.sitmap-approx, .leaflet-map-pane path.sitmap-precise").count() == extents
    # The Natural Earth basemap is drawn too (no tiles): one path per country.
    assert frame.locator(".leaflet-overlay-pane path").count() == len(shipped.basemap.countries["features"])
    assert frame.locator(".leaflet-tile").count() == 0
    assert frame.locator("#sitmap-legend").count() == 1
    assert app.errors == []


def test_clicking_the_border_highlights_its_sentences(app_server, open_app, shipped):
    app = open_app(app_server)
    frame = app.wait_ready()
    border = shipped.feature("belarus-ukraine-border")
    # Click the line itself, at a vertex away from its symbol.
    line = shape(border.geometry)
    lon, lat = line.interpolate(0.25, normalized=True).coords[0]
    point = frame.evaluate(f"(() => {{ const p = Sitmap.map().latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }})()")
    app.frame.locator(".sitmap-map-cell .leaflet-container").click(position={"x": point[0], "y": point[1]})

    frame.wait_for_function("Sitmap.selected() === 'belarus-ukraine-border'", timeout=5000)
    for index in (2, 8):
        assert "is-highlighted" in sentence(app.frame, index).get_attribute("class")
    marks = app.frame.locator(".sitmap-sentence.is-highlighted mark").all_inner_texts()
    assert marks == [q.quote.exact for q in border.evidence]
    # Only the border's sentences are highlighted.
    assert app.frame.locator(".sitmap-sentence.is-highlighted").count() == 2
    details = app.frame.locator("#sitmap-details")
    assert "Belarus–Ukraine border" in details.locator("h2").inner_text()
    # Clicking the first quote in the details brings its sentence into the panel's view.
    details.locator(".sitmap-quote").first.click()
    visible = frame.evaluate(
        """(() => { const panel = document.getElementById('sitmap-panel').getBoundingClientRect();
                   const s = document.querySelector('.sitmap-sentence.is-highlighted').getBoundingClientRect();
                   return s.top >= panel.top && s.bottom <= panel.bottom; })()"""
    )
    assert visible
    details.locator("#sitmap-more summary").click()
    text = details.inner_text()
    assert "1,084.2 km" in text and "Sourced" in text
    assert "not the border's length" in text
    assert "feature=belarus-ukraine-border" in app.page.url


def test_clicking_a_sentence_selects_its_feature_and_brings_it_into_view(app_server, open_app):
    app = open_app(app_server)
    frame = app.wait_ready()
    # Moscow lies outside the default view.
    assert not frame.evaluate("Sitmap.map().getBounds().contains([55.7558, 37.6173])")
    sentence(app.frame, 12).click()
    frame.wait_for_function("Sitmap.selected() === 'moscow'", timeout=5000)
    assert frame.evaluate("Sitmap.map().getBounds().contains([55.7558, 37.6173])")
    assert "is-selected" in app.frame.locator(".sitmap-symbol[data-feature='moscow']").get_attribute("class")
    assert app.frame.locator("#sitmap-details h2").inner_text() == "Moscow"
    assert "feature=moscow" in app.page.url
    # The panel offers the same link to copy.
    assert app.frame.locator(".sitmap-share-url").input_value() == app.page.url


def test_a_sentence_with_several_features_offers_a_chooser(app_server, open_app, shipped):
    index = next(s.index for s in shipped.sources[SEED].sentences if len(shipped.features_citing(SEED, s.index)) > 1)
    citing = [f.id for f in shipped.features_citing(SEED, index)]
    app = open_app(app_server)
    frame = app.wait_ready()
    sentence(app.frame, index).click()
    chooser = app.frame.locator("#sitmap-chooser")
    chooser.wait_for(timeout=5000)
    # Nothing is selected blind: the reader picks.
    assert frame.evaluate("Sitmap.selected()") is None
    items = chooser.locator(".sitmap-chooser-item")
    assert items.evaluate_all("els => els.map(e => e.dataset.feature)") == citing
    items.nth(len(citing) - 1).click()
    frame.wait_for_function(f"Sitmap.selected() === '{citing[-1]}'", timeout=5000)
    assert app.frame.locator("#sitmap-chooser").count() == 0


def test_a_feature_with_several_sentences_steps_through_them(app_server, open_app, shipped):
    border = shipped.feature("belarus-ukraine-border")
    assert len({q.sentence_index for q in border.evidence}) >= 2
    app = open_app(app_server, "?feature=belarus-ukraine-border")
    app.wait_ready()
    stepper = app.frame.locator("#sitmap-stepper")
    assert stepper.inner_text().startswith("Sentence 1 of 2")
    stepper.locator("button").click()
    assert "Sentence 2 of 2" in stepper.inner_text()


def test_feature_list_selects_on_the_map(app_server, open_app, shipped):
    app = open_app(app_server)
    frame = app.wait_ready()
    app.frame.locator(".sitmap-list-item[data-feature='lida-airfield']").click()
    frame.wait_for_function("Sitmap.selected() === 'lida-airfield'", timeout=5000)
    text = app.frame.locator("#sitmap-details").inner_text()
    lida = shipped.feature("lida-airfield")
    assert lida.claimant in text
    app.frame.locator("#sitmap-more summary").click()
    text = app.frame.locator("#sitmap-details").inner_text()
    assert "claimed" in text and f"Uncertainty: about {lida.uncertainty_km:g} km" in text


def test_url_state_restores_the_view(app_server, open_app, shipped):
    app = open_app(app_server, "?feature=lida-airfield&layers=border,exercise_zones")
    frame = app.wait_ready()
    assert frame.evaluate("Sitmap.selected()") == "lida-airfield"
    assert frame.evaluate("Sitmap.visibleLayers()") == ["border", "exercise_zones"]
    assert app.frame.locator(".sitmap-symbol[data-feature='kyiv']").count() == 0
    assert app.frame.locator(".sitmap-symbol[data-feature='lida-airfield']").count() == 1
    for quote in shipped.feature("lida-airfield").evidence:
        assert "is-highlighted" in sentence(app.frame, quote.sentence_index, quote.quote.source).get_attribute("class")
    # Turning a layer on through the layer control is written back to the URL.
    app.frame.locator(".leaflet-control-layers label", has_text="Places").click()
    app.page.wait_for_function("location.search.includes('layers=border%2Cexercise_zones%2Cplaces') || location.search.includes('layers=border,exercise_zones,places')", timeout=5000)
    # And the new URL reproduces that view in a fresh page.
    again = open_app(app_server, "?" + app.page.url.split("?", 1)[1])
    frame2 = again.wait_ready()
    assert frame2.evaluate("Sitmap.visibleLayers()") == ["border", "exercise_zones", "places"]
    assert frame2.evaluate("Sitmap.selected()") == "lida-airfield"


def test_unknown_feature_in_url_is_ignored(app_server, open_app, shipped):
    app = open_app(app_server, "?feature=no-such-thing")
    frame = app.wait_ready()
    assert frame.evaluate("Sitmap.selected()") is None
    assert frame.evaluate("Sitmap.featureCount()") == len(shipped.features)


def test_no_request_leaves_the_machine(app_server, open_app):
    app = open_app(app_server)
    frame = app.wait_ready()
    app.frame.locator(".sitmap-list-item[data-feature='kyiv']").click()
    frame.wait_for_function("Sitmap.selected() === 'kyiv'")
    app.page.wait_for_timeout(500)
    assert app.requests, "the page made no request at all?"
    assert any("leaflet_files/leaflet.js" in url for url in app.requests), "Leaflet must come from this server"
    assert app.external_requests == []


def test_embedded_view_renders_the_map(app_server, open_app):
    # An embed opens the linked feature's details as a sheet over the map; the feature is still in view.
    app = open_app(app_server, "?embed=true&feature=gozhsky-training-ground", viewport=(560, 900))
    frame = app.wait_ready()
    assert frame.evaluate("Sitmap.selected()") == "gozhsky-training-ground"
    assert frame.evaluate("Sitmap.map().getBounds().contains([53.79, 23.90])")
    assert app.page.locator("[data-testid='stSidebar']").count() == 0
    assert frame.evaluate("document.getElementById('sitmap-shell').classList.contains('is-sheet-open')")
    app.page.wait_for_timeout(400)  # the sheet slides in
    panel = app.frame.locator("#sitmap-panel").bounding_box()
    map_box = app.frame.locator(".sitmap-map-cell").bounding_box()
    assert map_box["y"] <= panel["y"] and panel["y"] + panel["height"] <= map_box["y"] + map_box["height"] + 1
    assert app.errors == []


@pytest.mark.parametrize("path, heading", [("sources", "Sources"), ("data_check", "Data check")])
def test_other_pages_open_by_address(app_server, open_app, path, heading):
    app = open_app(app_server, path)
    app.page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
    links = app.page.locator("[data-testid='stSidebar'] a")
    links.nth(2).wait_for(timeout=10_000)
    assert app.page.get_by_text("Page not found").count() == 0
    menu = links.all_inner_texts()
    assert [label.strip() for label in menu] == ["Map", "Sources", "Data check", "Editor"]
    assert app.external_requests == []


def test_symbols_at_the_same_place_are_both_clickable(app_server, open_app):
    app = open_app(app_server)
    frame = app.wait_ready()
    # "Drills bring Russian forces closer to Kyiv" is placed on Kyiv itself.
    for feature_id in ("forces-closer-to-kyiv", "kyiv"):
        box = app.frame.locator(f".sitmap-symbol[data-feature='{feature_id}']").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        app.page.mouse.click(x, y)
        frame.wait_for_function(f"Sitmap.selected() === '{feature_id}'", timeout=5000)


@pytest.mark.parametrize("hostile_id", ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"])
def test_a_link_naming_an_object_property_leaves_the_map_working(app_server, open_app, hostile_id):
    app = open_app(app_server, f"?feature={hostile_id}")
    frame = app.wait_ready()
    assert frame.evaluate("Sitmap.selected()") is None
    # Every later click still works.
    app.frame.locator(".sitmap-list-item[data-feature='kyiv']").click()
    frame.wait_for_function("Sitmap.selected() === 'kyiv'", timeout=5000)
    sentence(app.frame, 12).click()
    frame.wait_for_function("Sitmap.selected() === 'moscow'", timeout=5000)
    assert app.errors == []


@pytest.mark.parametrize(
    "layers, visible",
    [
        ("nope", "default"),
        ("nope,__proto__", "default"),
        ("places,nope", ["places"]),
        ("none", []),
    ],
)
def test_unknown_layer_ids_in_a_link_are_ignored(app_server, open_app, shipped, layers, visible):
    app = open_app(app_server, f"?layers={layers}")
    frame = app.wait_ready()
    if visible == "default":
        visible = [layer.settings.id for layer in shipped.layers if layer.settings.visible]
    assert frame.evaluate("Sitmap.visibleLayers()") == visible
    checked = app.frame.locator("#sitmap-layers input:checked")
    assert sorted(checked.evaluate_all("els => els.map(e => e.dataset.layer)")) == sorted(visible)
    assert app.errors == []


def test_the_layer_control_is_text_from_the_payload_and_toggles_layers(app_server, open_app, shipped):
    app = open_app(app_server)
    frame = app.wait_ready()
    titles = app.frame.locator("#sitmap-layers label").all_inner_texts()
    assert [t.strip() for t in titles] == [layer.settings.title for layer in shipped.layers]
    app.frame.locator("#sitmap-layers input[data-layer='places']").uncheck()
    frame.wait_for_function("!Sitmap.visibleLayers().includes('places')", timeout=5000)
    assert "layers=" in app.page.url and "places" not in app.page.url.split("layers=")[1]
    credits = app.frame.locator("#sitmap-credits").inner_text()
    assert "Natural Earth" in credits and "🇺🇦" not in credits
