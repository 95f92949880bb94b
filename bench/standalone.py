"""The standalone file: its size, and the time to a drawn map opened from file:// in headless Chromium.

    .venv/bin/python bench/standalone.py [--runs N] [--json PATH]

Builds the file with ``sitmap.export.standalone.standalone_html`` from the
shipped data and writes it to ``bench/results/standalone-map.html``. Each run
opens it from ``file://`` in a new browser context (a cold load: nothing
cached by the browser; the file itself is in the OS page cache), at the same
viewport as the other benchmarks. No server is involved.

Drawn means what it means for the app (see ``expected_drawn``):
``<html data-sitmap-ready>`` and at least one SVG path per basemap country and
non-point feature and one symbol per placed feature. A Playwright init script
observes the document and records ``performance.now()`` (ms since navigation
start) when the drawn map is first seen, then at the next animation frame: that
is the figure reported. One warm-up load (Chromium's own first start of a
renderer) is not counted.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    READY_TIMEOUT_MS,
    RESULTS_DIR,
    VIEWPORT,
    expected_drawn,
    load_note,
    parse_args,
    stats_line,
    summarise,
    verdict,
    write_json,
)

GOAL_MS = 500
GOAL_KB = 400  # KB = 1024 bytes, the budget of sitmap.export.standalone.MAX_BYTES
WARM_UP_LOADS = 1
LOCAL = ("file:", "data:", "about:")

_PROBE = """
(() => {
  if (window !== window.top) return;
  const expected = __EXPECTED__;
  const probe = window.__sitmapBench = { done: false };
  const drawn = () => {
    const root = document.documentElement;
    return !!root && root.getAttribute("data-sitmap-ready") === "1"
      && document.querySelectorAll(".leaflet-map-pane path").length >= expected.paths
      && document.querySelectorAll(".sitmap-symbol").length >= expected.symbols;
  };
  const finish = () => {
    if (probe.readyMs !== undefined) return;
    probe.readyMs = performance.now();
    requestAnimationFrame(() => { probe.paintedMs = performance.now(); probe.done = true; });
  };
  new MutationObserver(() => { if (drawn()) finish(); })
    .observe(document, { attributes: true, subtree: true, attributeFilter: ["data-sitmap-ready"] });
})();
"""


def build_file() -> tuple[Path, int]:
    from sitmap.data.dataset import load_dataset
    from sitmap.export.standalone import standalone_html
    from sitmap.settings import load_settings

    started = time.perf_counter()
    html = standalone_html(load_dataset(load_settings()))
    build_ms = (time.perf_counter() - started) * 1000
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / "standalone-map.html"
    path.write_text(html, encoding="utf-8")
    print(f"built {path.relative_to(RESULTS_DIR.parent.parent)} in {build_ms:.0f} ms (load_dataset included)")
    return path, len(html.encode("utf-8"))


def load_once(browser, url: str, expected: dict) -> tuple[dict, list[str]]:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(script=_PROBE.replace("__EXPECTED__", json.dumps(expected)))
    outside: list[str] = []
    context.on("request", lambda request: None if request.url.startswith(LOCAL) else outside.append(request.url))
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__sitmapBench && window.__sitmapBench.done", polling="raf", timeout=READY_TIMEOUT_MS)
        wall_ms = (time.perf_counter() - started) * 1000
        probe = page.evaluate("() => window.__sitmapBench")
        dcl = page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        return {"browser_ms": probe["paintedMs"], "ready_ms": probe["readyMs"], "dcl_ms": dcl, "wall_ms": wall_ms}, outside
    finally:
        context.close()


def main() -> None:
    args = parse_args(__doc__.strip().splitlines()[0], default_runs=10)
    from playwright.sync_api import sync_playwright

    from devtools.devserver import launch_chromium

    expected = expected_drawn()
    print(f"map drawn = data-sitmap-ready and >= {expected['paths']} SVG paths and >= {expected['symbols']} symbols")
    machine = load_note()
    print(machine)
    path, size = build_file()
    size_kb = size / 1024
    print(f"file size: {size:,} bytes = {size_kb:.1f} KB (goal <= {GOAL_KB} KB) -> {verdict(size_kb, GOAL_KB)}")

    samples, outside = [], []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            warm = [load_once(browser, path.as_uri(), expected)[0]["wall_ms"] for _ in range(WARM_UP_LOADS)]
            print("warm-up loads (not counted): " + ", ".join(f"{t:.0f} ms" for t in warm))
            for _ in range(args.runs):
                sample, requests = load_once(browser, path.as_uri(), expected)
                samples.append(sample)
                outside.extend(requests)
        finally:
            browser.close()

    rows = {key: summarise([s[key] for s in samples]) for key in ("browser_ms", "ready_ms", "dcl_ms", "wall_ms")}
    print()
    print(f"draw from file://, cold load in a new browser context, {args.runs} runs (goal median <= {GOAL_MS} ms)")
    print(stats_line("  navigation start -> drawn frame (browser)", rows["browser_ms"]))
    print(stats_line("  navigation start -> drawn map seen", rows["ready_ms"]))
    print(stats_line("  navigation start -> DOMContentLoaded", rows["dcl_ms"]))
    print(stats_line("  goto -> wait returns (Python wall clock)", rows["wall_ms"]))
    print(f"  -> {verdict(rows['browser_ms']['median'], GOAL_MS)} (median, browser clock)")
    if outside:
        print(f"WARNING: {len(outside)} request(s) other than file:// were made: {sorted(set(outside))[:5]}")
    else:
        print("requests other than file:// (and data:): none")

    write_json(
        args.json,
        {
            "benchmark": "standalone",
            "goal_ms": GOAL_MS,
            "goal_kb": GOAL_KB,
            "runs": args.runs,
            "warm_up_ms": warm,
            "expected": expected,
            "machine": machine,
            "size_bytes": size,
            "rows": rows,
            "external_requests": outside,
            "headline": [
                {"metric": "standalone file size", "value": size_kb, "p90": None, "unit": "KB", "goal": GOAL_KB},
                {"metric": "standalone draw from file:// (median)", "value": rows["browser_ms"]["median"],
                 "p90": rows["browser_ms"]["p90"], "unit": "ms", "goal": GOAL_MS},
            ],
        },
    )


if __name__ == "__main__":
    main()
