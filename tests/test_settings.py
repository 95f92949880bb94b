"""config.toml: the shipped settings, SITMAP_CONFIG, and configs that must be refused."""

from __future__ import annotations

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
