"""Every Streamlit page, run headless with AppTest (no browser, no server)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sitmap.data.dataset import load_dataset
from sitmap.settings import CONFIG_ENV_VAR, load_settings
from streamlit_shell import plain

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_page(page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def map_document(app: AppTest) -> str:
    """The HTML of the map, as st.iframe sends it (its srcdoc)."""
    frames = [node for node in app.get("iframe")]
    assert len(frames) == 1, frames
    return frames[0].proto.srcdoc


@pytest.fixture
def broken_config(tmp_path, monkeypatch):
    """The shipped data with one bad feature: a quote that no longer matches the seed."""
    layers = tmp_path / "layers"
    shutil.copytree(REPO_ROOT / "geodata" / "layers", layers)
    places = json.loads((layers / "places.geojson").read_text(encoding="utf-8"))
    places["features"][1]["properties"]["evidence"][0]["exact"] = "met Lavrov in Minsk"
    (layers / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    config = (REPO_ROOT / "config.toml").read_text(encoding="utf-8")
    config = config.replace('layers = "geodata/layers"', f'layers = "{layers}"')
    for key in ("sources", "basemap", "gazetteer", "cities"):
        config = config.replace(f'{key} = "geodata/', f'{key} = "{REPO_ROOT}/geodata/')
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    monkeypatch.setenv(CONFIG_ENV_VAR, str(path))
    return path


def test_map_page_renders_the_map_component():
    app = run_page()
    assert app.markdown[0].value.startswith("#### Allied Resolve 2022")
    assert not app.error
    document = map_document(app)
    # The map document carries the runtime and one payload with every layer and the panel data.
    assert document.count("Sitmap.start(") == 1
    for layer in load_settings().layers:
        assert f'"id":"{layer.id}","title"' in document
    # Leaflet comes from this server, and nothing else is loaded from anywhere.
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', document)
    styles = re.findall(r'<link[^>]*href="([^"]+)"', document)
    assert scripts == ["component/streamlit_shell.leaflet_files/leaflet.js"]
    assert styles == ["component/streamlit_shell.leaflet_files/leaflet.css"]
    assert "cdn" not in document.split("Sitmap.start(")[0].lower()


def test_map_page_shows_data_errors_and_still_renders(broken_config):
    app = run_page()
    assert len(app.error) == 1
    assert "1 data error" in app.error[0].value
    document = map_document(app)
    assert '"id":"moscow"' not in document
    assert '"id":"kyiv"' in document


def test_sources_page_lists_every_source_with_its_sentences():
    app = run_page("pages/sources.py")
    # Labels are Markdown-escaped: data is shown as written.
    assert app.expander[0].label == "Russia has begun military exercises with Belarus\\."
    assert len(app.expander) == 3
    frames = app.dataframe
    assert len(frames) == 3  # one metadata table per source
    # Whole sentences, numbered from 1, each followed by links that open the map on its features.
    seed_text = next(m.value for m in app.markdown if m.value.startswith("**1.**"))
    paragraphs = seed_text.split("\n\n")
    assert len(paragraphs) == 20
    assert paragraphs[2].startswith("**3.** Belarus is a staunch Russian ally")
    assert "[Belarus–Ukraine border](/?feature=belarus-ukraine-border)" in paragraphs[2]
    assert "→" not in paragraphs[4]  # "psychological pressure" supports no feature
    metadata = frames[0].value.set_index("field")
    assert metadata.loc["published", "status"] == "inferred"
    assert metadata.loc["outlet", "status"] == "unknown"


def test_data_check_page_reports_a_clean_dataset():
    app = run_page("pages/data_check.py")
    assert app.success[0].value.startswith("3 sources, 4 layers, 22 features; 0 errors, 0 warnings")
    layers = app.dataframe[0].value
    assert list(layers["features"]) == [1, 10, 7, 4]
    figures = app.dataframe[1].value
    assert "not the border's length" in " ".join(figures["figure"])
    assert "v5.1.1" in load_dataset(load_settings()).basemap.credit
    assert app.caption[0].value == plain(load_dataset(load_settings()).basemap.credit)  # shown as written


def test_data_check_page_names_file_and_feature_of_each_problem(broken_config):
    app = run_page("pages/data_check.py")
    assert "1 errors" in app.error[0].value
    problems = app.dataframe[0].value
    row = problems.iloc[0]
    assert row["file"].endswith("places.geojson")
    assert row["feature"] == "moscow"
    assert "met Lavrov in Minsk" in row["problem"]


PAGES = [None, "pages/sources.py", "pages/data_check.py"]


def damage(data_copy) -> None:
    """Several of the repros at once: a spiked polygon, a Latin-1 source, an empty border, a broken place."""
    data_copy.edit_feature(
        "places.geojson", "eastern-ukraine",
        lambda f: f["geometry"].update(coordinates=[[[37, 48], [38, 48], [38, 49], [37.5, 49], [37.5, 50], [37.5, 49], [37, 49], [37, 48]]]),
    )
    (data_copy.sources / "interfax-2022-02-10-union-resolve.txt").write_bytes("Bélarus".encode("latin-1"))
    (data_copy.basemap / "border_blr_ukr.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    gazetteer = json.loads(data_copy.gazetteer.read_text(encoding="utf-8"))
    gazetteer["places"][0]["lat"] = "north"
    data_copy.gazetteer.write_text(json.dumps(gazetteer), encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_damaged_data(data_copy, monkeypatch, page):
    damage(data_copy)
    monkeypatch.setenv(CONFIG_ENV_VAR, str(data_copy.config))
    app = run_page(page)
    assert app.error  # the banner or the Data check summary names the errors


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("config", ["[map\nzoom = 6", 'title = "x"\n[[layers]]\nid = "a"\n', "\xff"])
def test_a_broken_config_shows_a_plain_message_not_a_traceback(tmp_path, monkeypatch, page, config):
    path = tmp_path / "config.toml"
    path.write_bytes(config.encode("latin-1"))
    monkeypatch.setenv(CONFIG_ENV_VAR, str(path))
    app = AppTest.from_file(str(REPO_ROOT / (page or "app.py")), default_timeout=60).run()
    assert not app.exception
    [message] = app.error
    assert message.value.startswith("The map is unavailable because its settings file could not be used.")
    assert str(tmp_path) not in message.value  # paths and details go to the server's log, not to readers


def test_readers_never_see_tracebacks():
    text = (REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in text


# ---------- the Export, download and embed dialog ----------


def run_map_with(params: dict[str, str]) -> AppTest:
    """The map page with these address parameters, its export dialog opened as the map's Export button does."""
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.get("tab"), "nothing of the dialog is built before a reader asks"
    app.query_params["export"] = "1"
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_export_dialog_describes_the_view_in_the_address(shipped):
    app = run_map_with({"feature": "lida-airfield", "view": "52.5,27.5,7", "layers": "exercise_zones,places"})
    described = next(c.value for c in app.caption if "Exports the view on the map" in c.value)
    assert "52\\.50° N, 27\\.50° E, zoom 7" in described and "Lida airfield" in described
    assert "Troop\\-deployment claims" not in described
    embed_code = "\n".join(code.value for code in app.code)
    assert "feature=lida-airfield" in embed_code and "view=52.5,27.5,7" in embed_code and "layers=exercise_zones,places" in embed_code
    assert 'title="Allied Resolve 2022: situation map"' in embed_code and "data-sitmap" in embed_code


def test_export_dialog_makes_the_graphic_on_request_only(shipped):
    app = run_map_with({"feature": "lida-airfield"})
    assert not app.text_area, "drawing waits for the button: a page view must not pay for an export"
    app.button(key="export_make").click().run()
    assert not app.exception and not app.error
    alt = app.text_area[0].value
    assert alt.startswith("Map of Belarus and ") and "Highlighted: Lida airfield." in alt
    assert len(app.get("image")) == 1, "a preview is shown"
    downloads = [button.label for button in app.get("download_button")]
    assert "Download PNG" in downloads and "GeoJSON" in downloads and "CSV (one row per quote)" in downloads


def test_export_dialog_refuses_a_bad_address_and_offers_the_default(shipped):
    app = run_map_with({"feature": "atlantis", "view": "1,2"})
    assert any("cannot be exported" in w.value for w in app.warning)
    assert any("the default view" in c.value for c in app.caption)
