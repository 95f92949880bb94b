"""How long a report graphic takes: PNG, SVG and PDF in a warm process, and the cold command line.

    .venv/bin/python bench/export.py [--runs N] [--json PATH]

Warm: the data is loaded and one graphic has been drawn (fonts and the
projected basemap cached), as in the app after its first export. Cold: a new
``python -m sitmap export`` process, from start to the file on disk, as a
newsroom script would run it. Prints each format's median and p90 time and the
file size. No browser and no server: the core only.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from _common import REPO_ROOT, load_note, parse_args, stats_line, summarise, write_json  # noqa: E402

from sitmap.data.dataset import load_dataset  # noqa: E402
from sitmap.export.graphic import render  # noqa: E402
from sitmap.export.request import build_request  # noqa: E402
from sitmap.settings import load_settings  # noqa: E402

SIZE = (1600, 1000)
SCALE = 2
GOAL_PNG_WARM_MS = 1000


def main() -> None:
    args = parse_args(__doc__.strip().splitlines()[0], default_runs=7)
    print(load_note())
    dataset = load_dataset(load_settings())
    request = build_request(dataset, width=SIZE[0], height=SIZE[1], scale=SCALE)
    render(dataset, request, "png")  # warm: fonts, projected basemap

    results = {"headline": [], "formats": {}}
    print(f"warm process, {SIZE[0]}×{SIZE[1]} CSS px at {SCALE}×, default view, {args.runs} runs each")
    for fmt in ("png", "svg", "pdf"):
        samples, size = [], 0
        for _ in range(args.runs):
            started = time.perf_counter()
            graphic = render(dataset, request, fmt)
            samples.append((time.perf_counter() - started) * 1000)
            size = len(graphic.content)
        stats = summarise(samples)
        goal = f"  goal <= {GOAL_PNG_WARM_MS} ms: {'meets goal' if stats['median'] <= GOAL_PNG_WARM_MS else 'MISSES goal'}" if fmt == "png" else ""
        print(stats_line(f"  {fmt.upper()} ({size / 1000:.0f} KB)", stats) + goal)
        results["formats"][fmt] = {**stats, "bytes": size}
        results["headline"].append({"metric": f"{fmt.upper()} {SIZE[0]}x{SIZE[1]} at {SCALE}x, warm", "unit": "ms",
                                    "value": stats["median"], "p90": stats["p90"], "goal": GOAL_PNG_WARM_MS if fmt == "png" else None})

    cold = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(max(2, args.runs // 2)):
            out = Path(tmp) / f"map-{run}.png"
            command = [sys.executable, "-m", "sitmap", "export", "--width", str(SIZE[0]), "--height", str(SIZE[1]),
                       "--scale", str(SCALE), "--out", str(out)]
            started = time.perf_counter()
            subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True)
            cold.append((time.perf_counter() - started) * 1000)
    stats = summarise(cold)
    print("cold command line (new process: imports, data load, drawing, writing)")
    print(stats_line("  python -m sitmap export (PNG)", stats))
    results["cold_cli_png"] = stats
    results["headline"].append({"metric": "PNG from a cold command line", "unit": "ms", "value": stats["median"], "p90": stats["p90"]})
    write_json(args.json, results)


if __name__ == "__main__":
    main()
