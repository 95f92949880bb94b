"""How long the editor's core takes: a pasted report to its candidates, and a save.

    .venv/bin/python bench/editor_save.py [--runs N] [--json PATH]

The editor page (issue: "The editor") shows a pasted report's candidates in a
review table and saves the accepted ones. The goals: from a pasted 2,000-word
report to the candidates within 2 s once the gazetteer is loaded (the first,
cold call reported too), and a save within 1 s. This measures the core the page
calls, without Streamlit: ``extract`` + ``propose`` on a 2,000-word report built
from the stored extraction reports, and ``DataStore.save`` of that report (text
and metadata) with two features added to a layer, validated first, on a copy of
the shipped data. It prints the median and the slowest of N runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from devtools.datacopy import copy_shipped_data  # noqa: E402
from sitmap.edit import DataStore, staged_validator  # noqa: E402
from sitmap.extract import extract  # noqa: E402
from sitmap.extract.propose import propose  # noqa: E402
from sitmap.settings import load_settings  # noqa: E402

REPORTS = REPO_ROOT / "tests" / "extraction" / "reports"
WORDS = 2000
PASTE_GOAL_S, SAVE_GOAL_S = 2.0, 1.0


def two_thousand_words() -> str:
    """Paragraphs of the stored reports, in order, until the text has 2,000 words."""
    paragraphs, words = [], 0
    for path in sorted(REPORTS.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            if words >= WORDS:
                return "\n\n".join(paragraphs) + "\n"
            paragraphs.append(paragraph.strip())
            words += len(paragraph.split())
    return "\n\n".join(paragraphs) + "\n"


def cold_paste_seconds(text_path: Path) -> float:
    """A fresh process: imports, gazetteer and the first extraction of the report."""
    code = ("import sys, time; t = time.perf_counter(); sys.path.insert(0, %r); "
            "from sitmap.extract import extract; from sitmap.extract.propose import propose; "
            "propose(extract(open(%r, encoding='utf-8').read()), 'bench'); print(time.perf_counter() - t)"
            % (str(REPO_ROOT), str(text_path)))
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    text = two_thousand_words()
    with tempfile.TemporaryDirectory(prefix="sitmap-bench-editor-") as folder:
        text_path = Path(folder) / "report.txt"
        text_path.write_text(text, encoding="utf-8")
        cold = cold_paste_seconds(text_path)
        extract(text)  # the gazetteer, loaded once per process as in the app
        paste = []
        for _ in range(args.runs):
            started = time.perf_counter()
            candidates = propose(extract(text), "bench-report")
            paste.append(time.perf_counter() - started)
        mapped = [f for f in candidates["features"] if f.get("geometry")][:2]

        saves = []
        for run in range(args.runs):
            root = Path(folder) / f"data-{run}"
            root.mkdir()
            config = copy_shipped_data(root)
            settings = load_settings(config)
            store = DataStore(root)
            layer = json.loads((root / "layers" / "deployments.geojson").read_text(encoding="utf-8"))
            source_id = f"bench-report-{run}"
            for number, feature in enumerate(mapped):
                added = json.loads(json.dumps(feature))
                added["id"] = f"{source_id}-{number}"
                added["properties"]["evidence"] = [{"source": source_id, "exact": e["exact"]} for e in feature["properties"]["evidence"]]
                layer["features"].append(added)
            toml = (root / "sources" / "interfax-2022-02-10-union-resolve.toml").read_bytes()
            changes = {f"sources/{source_id}.txt": text.encode(), f"sources/{source_id}.toml": toml,
                       "layers/deployments.geojson": json.dumps(layer, ensure_ascii=False, indent=1).encode()}
            started = time.perf_counter()
            store.save(changes, base_version=store.version(), editor="bench", validate=staged_validator(settings))
            saves.append(time.perf_counter() - started)

    words = len(text.split())
    figures = {"words": words, "candidates": len(candidates["features"]) + len(candidates["sitmap"]["unmapped"]),
               "paste_cold_s": round(cold, 3), "paste_median_s": round(statistics.median(paste), 3),
               "paste_max_s": round(max(paste), 3), "save_median_s": round(statistics.median(saves), 3),
               "save_max_s": round(max(saves), 3)}
    print(f"report: {words:,} words, {figures['candidates']} candidates ({len(mapped)} added to a layer in each save)")
    print(f"paste -> candidates: median {figures['paste_median_s']:.3f} s, slowest {figures['paste_max_s']:.3f} s "
          f"({args.runs} runs, gazetteer loaded); first call in a fresh process {figures['paste_cold_s']:.2f} s")
    print(f"goal: <= {PASTE_GOAL_S:.0f} s: {'meets goal' if max(paste) <= PASTE_GOAL_S else 'MISSES goal'}")
    print(f"save (validate, history, journal, fsync): median {figures['save_median_s']:.3f} s, slowest {figures['save_max_s']:.3f} s")
    print(f"goal: <= {SAVE_GOAL_S:.0f} s: {'meets goal' if max(saves) <= SAVE_GOAL_S else 'MISSES goal'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
