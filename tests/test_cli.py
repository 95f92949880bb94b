"""``python -m sitmap``: validate gates on errors; sentences numbers a source for writing evidence; export writes whole files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitmap.cli import main
from sitmap.settings import CONFIG_ENV_VAR

REPO_ROOT = Path(__file__).resolve().parents[1]
GEODATA = REPO_ROOT / "geodata"
SHIPPED_SUMMARY = "3 sources, 4 layers, 22 features; 0 errors, 0 warnings"


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    monkeypatch.delenv(CONFIG_ENV_VAR, raising=False)


@pytest.fixture
def broken_config(tmp_path) -> Path:
    """The shipped data with one bad feature (a swapped position) and one repairable polygon."""
    layers = tmp_path / "layers"
    layers.mkdir()
    for name in ("deployments.geojson", "places.geojson"):
        shutil.copy(GEODATA / "layers" / name, layers / name)
    collection = json.loads((layers / "deployments.geojson").read_text(encoding="utf-8"))
    for item in collection["features"]:
        if item["id"] == "forces-closer-to-kyiv":
            item["geometry"]["coordinates"] = [50.4501, 30.5234]
    (layers / "deployments.geojson").write_text(json.dumps(collection), encoding="utf-8")
    collection = json.loads((layers / "places.geojson").read_text(encoding="utf-8"))
    for item in collection["features"]:
        if item["id"] == "eastern-ukraine":
            item["geometry"]["coordinates"] = [[[36.0, 48.0], [38.0, 50.0], [38.0, 48.0], [36.0, 50.0], [36.0, 48.0]]]
    (layers / "places.geojson").write_text(json.dumps(collection), encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        f"""
[paths]
sources = "{(GEODATA / 'sources').as_posix()}"
layers = "layers"
basemap = "{(GEODATA / 'basemap').as_posix()}"
gazetteer = "{(GEODATA / 'gazetteer.json').as_posix()}"
cities = "{(GEODATA / 'cities' / 'cities.geojson').as_posix()}"

[[layers]]
id = "deployments"
title = "Deployments"
file = "deployments.geojson"
colour = "#D55E00"

[[layers]]
id = "places"
title = "Places"
file = "places.geojson"
colour = "#009E73"
""",
        encoding="utf-8",
    )
    return config


def test_validate_shipped_data(capsys):
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == SHIPPED_SUMMARY + "\n"
    assert captured.err == ""


def test_validate_broken_fixture_lists_errors_first_then_warnings(broken_config, capsys):
    assert main(["validate", "--config", str(broken_config)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    error, warning, summary = lines
    assert error.startswith("error: ") and "deployments.geojson [forces-closer-to-kyiv]:" in error
    assert "look swapped" in error
    assert warning.startswith("warning: ") and "places.geojson [eastern-ukraine]:" in warning
    # The other 6 deployments and all 4 places still load.
    assert summary == "3 sources, 2 layers, 10 features; 1 error, 1 warning"


def test_validate_with_only_warnings_passes(broken_config, capsys):
    layers = broken_config.parent / "layers"
    shutil.copy(GEODATA / "layers" / "deployments.geojson", layers / "deployments.geojson")
    assert main(["validate", "--config", str(broken_config)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("0 errors, 1 warning")


def test_validate_honours_the_env_var(broken_config, monkeypatch, capsys):
    monkeypatch.setenv(CONFIG_ENV_VAR, str(broken_config))
    assert main(["validate"]) == 1
    assert "forces-closer-to-kyiv" in capsys.readouterr().out


def test_settings_error_exits_2_on_stderr(tmp_path, capsys):
    missing = tmp_path / "absent.toml"
    assert main(["validate", "--config", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and "no such config file" in captured.err and str(missing) in captured.err


def test_sentences_prints_index_tab_text(capsys):
    assert main(["sentences", "allied-resolve-2022"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 20
    # Numbered from 1, like the panel's citations and the Sources page.
    assert lines[0] == "1\tRussia has begun military exercises with Belarus."
    assert lines[4] == "5\tUkraine claims they are the result of “psychological pressure”"
    assert lines[19].startswith("20\tIn 2014-2015,")
    assert not any("Exit mobile version" in line for line in lines)


def test_sentences_of_an_unknown_source(capsys):
    assert main(["sentences", "no-such-source"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no source 'no-such-source'" in captured.err and "allied-resolve-2022" in captured.err


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["sentences"]) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "validate" in out and "sentences" in out


def test_cli_does_not_import_streamlit():
    code = "import sys, sitmap.cli; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT).returncode == 0


def test_entry_point_runs_as_a_module(tmp_path, broken_config):
    env = {k: v for k, v in os.environ.items() if k != CONFIG_ENV_VAR}
    env["PYTHONPATH"] = str(REPO_ROOT)
    ok = subprocess.run(
        [sys.executable, "-m", "sitmap", "validate"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == SHIPPED_SUMMARY
    # From another folder, problems name files by absolute path.
    bad = subprocess.run(
        [sys.executable, "-m", "sitmap", "validate", "--config", str(broken_config)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1, bad.stderr
    assert "deployments.geojson [forces-closer-to-kyiv]" in bad.stdout


# ---------- export ----------


def test_export_defaults_to_a_png_of_the_default_view(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--config", str(REPO_ROOT / "config.toml")]) == 0
    written = list(tmp_path.iterdir())
    assert [path.name for path in written] == ["allied-resolve-2022-situation-map.png"]
    assert written[0].read_bytes().startswith(b"\x89PNG")
    out = capsys.readouterr().out
    assert "2400×1600 px" in out and out.splitlines()[-1].startswith("alt text: Map of ")


@pytest.mark.parametrize(
    "name, magic",
    [("map.svg", b"<?xml"), ("map.pdf", b"%PDF"), ("map.geojson", b'{\n  "type": "FeatureCollection"'), ("map.csv", "\ufeff".encode())],
)
def test_export_format_follows_the_file_name(tmp_path, name, magic):
    assert main(["export", "--out", str(tmp_path / name), "--width", "700", "--height", "900"]) == 0
    assert (tmp_path / name).read_bytes().startswith(magic)


def test_export_options_reach_the_graphic(tmp_path, capsys):
    out = tmp_path / "lida.png"
    code = main(["export", "--out", str(out), "--layers", "exercise_zones", "--feature", "lida-airfield",
                 "--width", "800", "--height", "700", "--scale", "1", "--title", "Lida"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "800×700 px" in printed and "Highlighted: Lida airfield." in printed
    assert "Troop-deployment claims:" not in printed


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--feature", "atlantis"], "no feature 'atlantis'"),
        (["--layers", "none"], "no visible layer"),
        (["--width", "-3"], "positive"),
        (["--title", "t" * 500], "at most"),
    ],
)
def test_export_bad_input_says_why_and_writes_nothing(tmp_path, capsys, arguments, message):
    out = tmp_path / "map.png"
    assert main(["export", "--out", str(out), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_unknown_format_is_a_usage_error(tmp_path, capsys):
    assert main(["export", "--format", "gif", "--out", str(tmp_path / "map.gif")]) == 2
    assert "invalid choice: 'gif'" in capsys.readouterr().err


def test_export_to_an_unwritable_place_leaves_no_partial_file(tmp_path, capsys):
    not_a_folder = tmp_path / "notes.txt"  # refused even to root, unlike a read-only folder
    not_a_folder.write_text("keep me", encoding="utf-8")
    assert main(["export", "--out", str(not_a_folder / "map.pdf")]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [not_a_folder]
    assert not_a_folder.read_text(encoding="utf-8") == "keep me"


def test_a_failed_write_removes_its_temporary_file(tmp_path, monkeypatch):
    from sitmap import cli

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", full_disk)
    with pytest.raises(OSError):
        cli.write_whole(tmp_path / "map.png", b"x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_export_over_an_existing_file_replaces_it_whole(tmp_path):
    out = tmp_path / "map.geojson"
    out.write_text("old", encoding="utf-8")
    assert main(["export", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
