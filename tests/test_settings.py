"""config.toml: the shipped settings, SITMAP_CONFIG, and configs that must be refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitmap.settings import CONFIG_ENV_VAR, DEFAULT_CONFIG, SettingsError, load_settings

REPO_ROOT = Path(__file__).resolve().parents[1]

MINIMAL = """
[paths]
sources = "s"
layers = "l"

{layers}
"""
LAYER = '[[layers]]\nid = "{id}"\ntitle = "T"\nfile = "{id}.geojson"\ncolour = "#000000"\n'


def write_config(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(CONFIG_ENV_VAR, raising=False)


def test_shipped_config_loads(no_env):
    settings = load_settings()
    assert settings.config_path == DEFAULT_CONFIG == REPO_ROOT / "config.toml"
    assert [layer.id for layer in settings.layers] == ["border", "exercise_zones", "deployments", "places"]
    assert [layer.file for layer in settings.layers] == [
        "border.geojson",
        "exercise_zones.geojson",
        "deployments.geojson",
        "places.geojson",
    ]
    assert all(layer.colour.startswith("#") and layer.visible for layer in settings.layers)
    assert settings.tiles.enabled is False
    assert settings.sources_dir == REPO_ROOT / "geodata" / "sources"
    assert settings.layers_dir == REPO_ROOT / "geodata" / "layers"
    assert settings.basemap_dir == REPO_ROOT / "geodata" / "basemap"
    assert settings.gazetteer_path == REPO_ROOT / "geodata" / "gazetteer.json"
    assert settings.region_bbox == (14.0, 43.0, 45.0, 60.0)
    assert (settings.center_lat, settings.center_lon) == (52.2, 28.6)
    assert settings.min_zoom <= settings.zoom <= settings.max_zoom
    assert settings.layer("places").title == "Places"
    assert settings.layer("nope") is None


def test_env_var_switches_the_config(tmp_path, monkeypatch):
    path = write_config(tmp_path, MINIMAL.format(layers=LAYER.format(id="only")), "other.toml")
    monkeypatch.setenv(CONFIG_ENV_VAR, str(path))
    settings = load_settings()
    assert settings.config_path == path.resolve()
    assert [layer.id for layer in settings.layers] == ["only"]
    # Paths are relative to the config file, not to the working folder.
    assert settings.sources_dir == (tmp_path / "s").resolve()
    assert settings.layers_dir == (tmp_path / "l").resolve()


def test_explicit_path_beats_the_env_var(tmp_path, monkeypatch):
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path / "does-not-exist.toml"))
    assert load_settings(REPO_ROOT / "config.toml").config_path == REPO_ROOT / "config.toml"


def test_empty_env_var_means_the_default(monkeypatch):
    monkeypatch.setenv(CONFIG_ENV_VAR, "")
    assert load_settings().config_path == DEFAULT_CONFIG


def test_config_with_no_layers_is_refused(tmp_path):
    path = write_config(tmp_path, MINIMAL.format(layers=""))
    with pytest.raises(SettingsError, match="lists no layer"):
        load_settings(path)


def test_duplicate_layer_id_is_refused(tmp_path):
    path = write_config(tmp_path, MINIMAL.format(layers=LAYER.format(id="a") + LAYER.format(id="a")))
    with pytest.raises(SettingsError, match="layer ids repeat"):
        load_settings(path)


def test_layer_missing_a_key_is_refused(tmp_path):
    path = write_config(tmp_path, MINIMAL.format(layers='[[layers]]\nid = "a"\ntitle = "A"\n'))
    with pytest.raises(SettingsError, match="lacks file, colour"):
        load_settings(path)


def test_missing_config_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path / "absent.toml"))
    with pytest.raises(SettingsError, match="no such config file"):
        load_settings()


def test_invalid_toml_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(write_config(tmp_path, "[paths\n"))


@pytest.mark.parametrize(
    "extra",
    [
        '[map]\nzoom = "six"\n',
        "[map]\ncenter = [52.2]\n",
        "[map]\nregion_bbox = [14.0, 43.0, 45.0]\n",
        "[limits]\nmax_source_bytes = []\n",
    ],
)
def test_value_of_the_wrong_kind_is_a_settings_error(tmp_path, extra):
    path = write_config(tmp_path, MINIMAL.format(layers=LAYER.format(id="a")) + extra)
    with pytest.raises(SettingsError, match="config.toml"):
        load_settings(path)


def tiles_config(tmp_path, url='"https://tile.example.org/{z}/{x}/{y}.png"', extra=""):
    text = MINIMAL.format(layers=LAYER.format(id="a")) + f"[tiles]\nenabled = true\nurl = {url}\n{extra}"
    return write_config(tmp_path, text)


@pytest.mark.parametrize(
    "url",
    [
        '"https://tile.example.org/{z}/{x}/{y}.png"',
        '"https://{s}.tile.example.org/{z}/{x}/{y}{r}.png?key=abc&style=light"',
    ],
)
def test_plain_https_tile_urls_are_accepted(tmp_path, url):
    settings = load_settings(tiles_config(tmp_path, url))
    assert settings.tiles.enabled and settings.tiles.url == url.strip('"')


@pytest.mark.parametrize(
    "url, message",
    [
        ('"http://tile.example.org/{z}/{x}/{y}.png"', "https://"),
        ('"javascript:alert(1)//{z}/{x}/{y}"', "https://"),
        ('"//tile.example.org/{z}/{x}/{y}.png"', "https://"),
        ('"https://tile.example.org/{z}/{x}.png"', "lacks {y}"),
        ('"https://tile.example.org/{z}/{x}/{y}.png\\" onerror=\\"alert(1)"', "not a plain URL"),
        ('"https://tile.example.org/{z}/{x}/{y}.png<img src=x>"', "not a plain URL"),
        ('"https://tile.example.org/{{7*7}}/{z}/{x}/{y}.png"', "not a plain URL"),
        ('"https://tile.example.org/{foo}/{z}/{x}/{y}.png"', "not a plain URL"),
        ('"https://user:pass@tile.example.org/{z}/{x}/{y}.png"', "user name"),
        ('"https://tile.example.org/ {z}/{x}/{y}.png"', "not a plain URL"),
    ],
)
def test_hostile_or_broken_tile_urls_are_refused(tmp_path, url, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(tiles_config(tmp_path, url))


def test_tiles_enabled_without_a_url_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="tiles.url is empty"):
        load_settings(tiles_config(tmp_path, '""'))


def test_attribution_is_text_and_its_link_must_be_https(tmp_path):
    good = load_settings(tiles_config(tmp_path, extra='attribution = "© <b>OSM</b>"\nattribution_url = "https://osm.org/copyright"\n'))
    assert good.tiles.attribution == "© <b>OSM</b>"  # kept as written: the map shows it as text
    with pytest.raises(SettingsError, match="attribution_url must be an https:// address"):
        load_settings(tiles_config(tmp_path, extra='attribution_url = "javascript:alert(1)"\n'))


@pytest.mark.parametrize(
    "layer, message",
    [
        ('[[layers]]\nid = "a"\ntitle = "T"\nfile = "../../etc/passwd.geojson"\ncolour = "#000000"\n', "file must be a file name"),
        ('[[layers]]\nid = "a"\ntitle = "T"\nfile = "a.geojson"\ncolour = "red;}body{x:url(//e)"\n', "colour must be a colour"),
        ('[[layers]]\nid = "a b<i>"\ntitle = "T"\nfile = "a.geojson"\ncolour = "#000000"\n', "id must be lower-case"),
        ('[[layers]]\nid = "a"\ntitle = "T"\nfile = "a.geojson"\ncolour = "#000000"\nvisble = false\n', "unknown setting visble"),
        ('[[layers]]\nid = "a"\ntitle = "T\\u0000"\nfile = "a.geojson"\ncolour = "#000000"\n', "control character"),
    ],
)
def test_layer_settings_that_could_reach_markup_or_paths_are_refused(tmp_path, layer, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(write_config(tmp_path, MINIMAL.format(layers=layer)))


def test_unknown_settings_are_named(tmp_path):
    path = write_config(tmp_path, MINIMAL.format(layers=LAYER.format(id="a")) + "[tiles]\natribution = \"x\"\n")
    with pytest.raises(SettingsError, match="unknown setting tiles.atribution"):
        load_settings(path)


def test_a_byte_order_mark_is_dropped_with_a_warning(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.format(layers=LAYER.format(id="a")).encode())
    settings = load_settings(path)
    assert settings.layers[0].id == "a"
    assert any("byte-order mark" in w for w in settings.warnings)


def test_every_setting_has_one_default_in_the_table(tmp_path):
    from sitmap.settings import SETTINGS

    settings = load_settings(write_config(tmp_path, MINIMAL.format(layers=LAYER.format(id="a"))))
    assert settings.zoom == SETTINGS["map.zoom"].default
    assert settings.tiles.max_zoom == SETTINGS["tiles.max_zoom"].default
    assert [settings.center_lat, settings.center_lon] == SETTINGS["map.center"].default
