"""A copy of the shipped data and config in another folder, for tests and benchmarks to break or grow."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitmap.settings import REPO_ROOT

GEODATA = REPO_ROOT / "geodata"
DATA_FOLDERS = ("sources", "layers", "basemap", "cities")


def copy_shipped_data(root: Path) -> Path:
    """Copy geodata's folders and gazetteer into ``root`` with a config.toml pointing at them; return the config."""
    for folder in DATA_FOLDERS:
        shutil.copytree(GEODATA / folder, root / folder)
    shutil.copy(GEODATA / "gazetteer.json", root / "gazetteer.json")
    config = root / "config.toml"
    config.write_text(
        (REPO_ROOT / "config.toml").read_text(encoding="utf-8").replace('"geodata/gazetteer.json"', '"gazetteer.json"')
        .replace('"geodata/', '"'),
        encoding="utf-8",
    )
    return config
