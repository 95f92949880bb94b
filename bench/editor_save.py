"""How long the editor's core takes: a pasted report to its candidates, and a save.

    .venv/bin/python bench/editor_save.py [--runs N] [--json PATH]

The editor page (issue: "The editor") shows a pasted report's candidates in a
review table and saves the accepted ones. The goals: from a pasted 2,000-word
report to the candidates within 2 s once the gazetteer is loaded (the first,
cold call reported too), and a save within 1 s. This measures the core the page
calls: ``extract`` + ``propose`` on a 2,000-word report built
from the stored extraction reports, and ``DataStore.save`` of that report (text
and metadata) with two features added to a layer, validated first, on a copy of
the shipped data; and the page itself in Streamlit's AppTest (the script run a
click on "Read the report" causes, without a browser). It prints the median and
the slowest of N runs.
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


def page_read_seconds(text: str, runs: int) -> list[float]:
    """The editor page itself, headless (AppTest, no browser): the script run that a click on "Read the report" causes,
    from the pasted text to the review table, on a copy of the shipped data."""
    import os

    from streamlit.testing.v1 import AppTest

    from sitmap.edit.access import SECRET_ENV
    from sitmap.settings import CONFIG_ENV_VAR

    times = []
    with tempfile.TemporaryDirectory(prefix="sitmap-bench-page-") as folder:
        os.environ[CONFIG_ENV_VAR] = str(copy_shipped_data(Path(folder)))
        os.environ[SECRET_ENV] = "bench secret, long enough"
        app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
        app.run()
        app.switch_page("pages/editor.py").run()
        fields = {field.label: field for field in app.text_input}
        fields["Editor secret"].input(os.environ[SECRET_ENV])
        fields["Your name, kept in the history of every save"].input("bench")
        next(b for b in app.button if b.label == "Open the editor").click().run()
        app.text_area[0].input(text)
        for label, value in (("Title", "Bench report"), ("Published", "2022-02-20")):
            next(field for field in app.text_input if field.label == label).input(value)
        for run in range(runs):
            next(field for field in app.text_input if field.label == "Title").input(f"Bench report {run}")
            started = time.perf_counter()
            next(b for b in app.button if b.label == "Read the report").click().run()
            times.append(time.perf_counter() - started)
            assert not app.exception and any(m.value.startswith("**Review**") for m in app.markdown)
    return times


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

    page_read = page_read_seconds(text, args.runs)
    words = len(text.split())
    figures = {"words": words, "candidates": len(candidates["features"]) + len(candidates["sitmap"]["unmapped"]),
               "paste_cold_s": round(cold, 3), "paste_median_s": round(statistics.median(paste), 3),
               "paste_max_s": round(max(paste), 3), "save_median_s": round(statistics.median(saves), 3),
               "save_max_s": round(max(saves), 3)}
    print(f"report: {words:,} words, {figures['candidates']} candidates ({len(mapped)} added to a layer in each save)")
    print(f"paste -> candidates: median {figures['paste_median_s']:.3f} s, slowest {figures['paste_max_s']:.3f} s "
          f"({args.runs} runs, gazetteer loaded); first call in a fresh process {figures['paste_cold_s']:.2f} s")
    print(f"the page (AppTest, no browser): the run after 'Read the report' takes median {statistics.median(page_read):.3f} s, "
          f"slowest {max(page_read):.3f} s")
    figures.update(page_read_median_s=round(statistics.median(page_read), 3), page_read_max_s=round(max(page_read), 3))
    print(f"goal: <= {PASTE_GOAL_S:.0f} s: {'meets goal' if max(paste + page_read) <= PASTE_GOAL_S else 'MISSES goal'}")
    print(f"save (validate, history, journal, fsync): median {figures['save_median_s']:.3f} s, slowest {figures['save_max_s']:.3f} s")
    print(f"goal: <= {SAVE_GOAL_S:.0f} s: {'meets goal' if max(saves) <= SAVE_GOAL_S else 'MISSES goal'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
