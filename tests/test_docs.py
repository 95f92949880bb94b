"""The README is checked against the code, so it cannot drift quietly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitmap.cli import main as cli_main
from sitmap.data.features import PRECISIONS, REQUIRED_PROPERTIES, STANCES, STATUSES
from sitmap.data.measurements import COMPUTATIONS
from sitmap.settings import load_settings

REPO_ROOT = Path(__file__).resolve().parent.parent
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def property_table_rows() -> dict[str, str]:
    rows = re.findall(r"^\| `([a-z_]+)`(?:, `[a-z_]+`)? \| (yes|no) \|", README, flags=re.MULTILINE)
    return dict(rows)


def test_ci_runs_the_readme_test_command():
    assert "make test" in README
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)
    assert "apt-get install" in ci and "chromium" in ci


def test_every_required_property_is_documented_as_required():
    rows = property_table_rows()
    for name in REQUIRED_PROPERTIES:
        assert rows.get(name) == "yes", name
    assert {name for name, required in rows.items() if required == "yes"} == set(REQUIRED_PROPERTIES)


@pytest.mark.parametrize("value", [*STANCES, *STATUSES, *PRECISIONS, *COMPUTATIONS])
def test_every_allowed_value_is_documented(value):
    assert f"`{value}`" in README


def test_every_layer_is_documented():
    for layer in load_settings().layers:
        assert f"| `{layer.id}` | `{layer.file}` |" in README


def test_every_core_module_is_in_the_layout():
    for module in sorted((REPO_ROOT / "sitmap").rglob("*.py")):
        if module.name.startswith("__"):
            continue
        assert f"  {module.name}" in README, module.name


def test_every_setting_is_documented_with_its_default():
    import json

    from sitmap.settings import LAYER_SETTINGS, SETTINGS

    for name, setting in SETTINGS.items():
        default = str(setting.default).lower() if isinstance(setting.default, bool) else json.dumps(setting.default, ensure_ascii=False)
        assert f"| `{name}` | `{default}` |" in README, name
    for key in LAYER_SETTINGS:
        assert f"`{key}`" in README, key


def test_the_core_never_imports_streamlit_or_the_dev_tools():
    for module in (REPO_ROOT / "sitmap").rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "from streamlit" not in text, module
        assert "devtools" not in text, module


@pytest.mark.parametrize("command", sorted(set(re.findall(r"python -m sitmap (\w+)", README))))
def test_documented_cli_commands_exist(command, capsys, tmp_path):
    seed = str(REPO_ROOT / "geodata" / "sources" / "allied-resolve-2022.txt")
    arguments = {
        "sentences": ["allied-resolve-2022"],
        "export": ["--out", str(tmp_path / "map.png")],
        "extract": [seed],
        "propose": [seed, "--source", "allied-resolve-2022"],
    }
    assert cli_main([command, *arguments.get(command, [])]) == 0


def readme_export_commands() -> list[list[str]]:
    lines = re.findall(r"^\.venv/bin/python -m sitmap (export [^#\n]*)", README, flags=re.MULTILINE)
    return [line.split() for line in lines]


def test_the_readme_export_examples_run(tmp_path, capsys):
    commands = readme_export_commands()
    assert len(commands) >= 5
    for words in commands:
        arguments = _unquoted(words[1:])
        out = arguments.index("--out")
        arguments[out + 1] = str(tmp_path / arguments[out + 1])
        assert cli_main(["export", *arguments]) == 0, words
    assert not capsys.readouterr().err.count("error")


def _unquoted(words: list[str]) -> list[str]:
    """Shell words of a README line: a quoted title with spaces is one argument."""
    import shlex

    return shlex.split(" ".join(words))
