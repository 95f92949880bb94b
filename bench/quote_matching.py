"""How long loading takes when a quote is short and its source is large.

    .venv/bin/python bench/quote_matching.py [--runs N] [--json PATH]

A one-character quote occurs at nearly every position of a 1 MB source. The
matcher once copied the text before every occurrence, so its time grew with
the square of the source's size (8.7 s for ``validate`` on 1 MB). This prints
the time of ``load_dataset`` on copies of the shipped data with one source
grown to 0.5, 1 and 2 MB and one feature quoting a single character of it, and
the ratio between sizes: about 2 for each doubling means linear.
No browser and no server: the core only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from devtools.datacopy import copy_shipped_data  # noqa: E402
from sitmap.data.dataset import load_dataset  # noqa: E402
from sitmap.settings import load_settings  # noqa: E402

SIZES_MB = (0.5, 1.0, 2.0)
LINE = "Troops moved along the border near the village, officials said today.\n"


def build_copy(root: Path, megabytes: float) -> Path:
    """The shipped data and config, with a large source and a feature quoting one character of it."""
    config_path = copy_shipped_data(root)
    config = config_path.read_text(encoding="utf-8").replace("max_source_bytes = 1_000_000", "max_source_bytes = 5_000_000")
    config_path.write_text(config, encoding="utf-8")
    text = LINE * int(megabytes * 1_000_000 / len(LINE)) + "The end!\n"
    (root / "sources" / "big.txt").write_text(text, encoding="utf-8")
    (root / "sources" / "big.toml").write_text('title = "A large source"\n', encoding="utf-8")
    places = json.loads((root / "layers" / "places.geojson").read_text(encoding="utf-8"))
    quoting = places["features"][0]
    # "e" occurs about 80,000 times a megabyte; prefix and suffix make the one wanted unique.
    quoting["properties"]["evidence"].append({"source": "big", "exact": "e", "prefix": "The ", "suffix": "nd!"})
    (root / "layers" / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    return root / "config.toml"


def time_load(config: Path, runs: int) -> list[float]:
    settings = load_settings(config)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        dataset = load_dataset(settings)
        samples.append(time.perf_counter() - started)
    assert not dataset.problems.errors, [str(p) for p in dataset.problems.errors]
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    medians = {}
    with tempfile.TemporaryDirectory() as folder:
        baseline = statistics.median(time_load(build_copy(Path(folder) / "shipped", 0.0), args.runs))
        print(f"shipped data plus an empty extra source: median {baseline * 1000:.0f} ms")
        for size in SIZES_MB:
            samples = time_load(build_copy(Path(folder) / f"mb{size}", size), args.runs)
            medians[size] = statistics.median(samples)
            print(f"{size:.1f} MB source, one-character quote: median {medians[size] * 1000:.0f} ms "
                  f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f}, {args.runs} runs)")
    for small, large in zip(SIZES_MB, SIZES_MB[1:]):
        ratio = (medians[large] - baseline) / (medians[small] - baseline)
        print(f"extra time {large:.1f} MB / {small:.1f} MB: {ratio:.2f} (2.0 is linear, 4.0 quadratic)")
    if args.json:
        headline = [{"metric": f"load_dataset with a {size:.1f} MB source", "unit": "ms", "value": medians[size] * 1000} for size in SIZES_MB]
        args.json.write_text(json.dumps({"headline": headline}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
