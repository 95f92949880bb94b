"""What the benchmarks share: app + browser, page opening, map readiness, summaries.

The server and the browser come from ``devtools.devserver`` so the benchmarks run
the app exactly as the browser tests do. Nothing here asserts on timing: the
scripts print figures (and write them as JSON on request).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from devtools.devserver import MAP_FRAME, AppServer, is_local, launch_chromium  # noqa: E402

RESULTS_DIR = REPO_ROOT / "bench" / "results"  # git-ignored: server logs land here
VIEWPORT = {"width": 1600, "height": 1000}
READY_TIMEOUT_MS = 60_000

# Runs in the top page of every page of a benchmark context (Playwright init
# script), before the page's own scripts. (Init scripts do not run in the map
# frame's own document: Chromium reuses the window of the iframe's initial
# about:blank for it. The frame is same-origin and in-process, so the top page
# can watch it.) On every animation frame it looks for the map iframe; once the
# frame holds the component's document it observes <html> for
# data-sitmap-ready. When the map is drawn it records performance.now() of the
# top page (ms since navigation start: one clock, no cross-frame arithmetic),
# then the time of the next animation frame (the drawn map is on screen).
# Milestones on the way: Streamlit's websocket opening, its first message and
# its largest message (the map), then (first animation frame in which each was
# seen) iframeMs (the component's <iframe> element exists) and componentDocMs
# (it holds the component's document).
_READY_PROBE = """
(() => {
  if (window !== window.top) return;
  const expected = __EXPECTED__;
  const frameSelector = __FRAME__;
  const probe = window.__sitmapBench = { done: false };
  // Streamlit's websocket: when it opened, its first message, and its largest
  // message (the one carrying the map's script and data). A passive listener.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener("open", () => { if (probe.wsOpenMs === undefined) probe.wsOpenMs = performance.now(); });
      this.addEventListener("message", (event) => {
        const data = event.data, size = data.byteLength ?? data.size ?? data.length ?? 0;
        if (probe.wsFirstMs === undefined) probe.wsFirstMs = performance.now();
        if (!(size <= probe.wsLargest)) { probe.wsLargest = size; probe.wsLargestMs = performance.now(); }
      });
    }
  };
  const drawn = (doc) => {
    const root = doc.documentElement;
    return !!root && root.getAttribute("data-sitmap-ready") === "1"
      && doc.querySelectorAll(".leaflet-map-pane path").length >= expected.paths
      && doc.querySelectorAll(".sitmap-symbol").length >= expected.symbols;
  };
  const finish = () => {
    if (probe.readyMs !== undefined) return;
    probe.readyMs = performance.now();
    requestAnimationFrame(() => { probe.paintedMs = performance.now(); probe.done = true; });
  };
  let observed = null;
  const tick = () => {
    if (probe.readyMs !== undefined) return;
    const iframe = document.querySelector(frameSelector);
    let doc = null;
    try { doc = iframe && iframe.contentDocument; } catch (e) { doc = null; }
    if (iframe && probe.iframeMs === undefined) probe.iframeMs = performance.now();
    if (doc && doc.location.href === "about:srcdoc" && doc.readyState !== "uninitialized") {
      if (probe.componentDocMs === undefined) probe.componentDocMs = performance.now();
      if (drawn(doc)) { finish(); return; }
      if (observed !== doc) {
        observed = doc;
        new MutationObserver(() => { if (drawn(doc)) finish(); })
          .observe(doc, { attributes: true, subtree: true, attributeFilter: ["data-sitmap-ready"] });
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""


def parse_args(description: str, default_runs: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=default_runs, help=f"measured runs (default {default_runs})")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def summarise(samples: list[float]) -> dict:
    """median, p90 (linear interpolation between closest ranks), min, max of the samples."""
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0, "median": None, "p90": None, "min": None, "max": None}
    if len(ordered) == 1:
        p90 = ordered[0]
    else:
        position = 0.9 * (len(ordered) - 1)
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        p90 = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "p90": p90,
        "min": ordered[0],
        "max": ordered[-1],
    }


def stats_line(label: str, stats: dict, unit: str = "ms", width: int = 46) -> str:
    if not stats["n"]:
        return f"{label:<{width}} no samples"
    values = "  ".join(f"{key} {stats[key]:8.1f}" for key in ("median", "p90", "min", "max"))
    return f"{label:<{width}} {values} {unit}  (n={stats['n']})"


def load_note() -> str:
    """The machine's load before a benchmark starts: other processes skew timings on a small box.

    The 1-minute average decays slowly, so it still includes a benchmark that just ended.
    """
    one, five, _ = os.getloadavg()
    return f"load average before start {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def verdict(value: float, goal: float) -> str:
    return "meets goal" if value <= goal else "MISSES goal"


def write_json(path: Path | None, payload: dict) -> None:
    if path is None:
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {path}")


def expected_drawn() -> dict:
    """What a fully drawn map holds, from the same data the app loads.

    ``symbols``: one ``.sitmap-symbol`` per feature with a place (claims about
    a whole country have none). ``paths``: one SVG path per basemap country
    plus one per non-point feature (its extent). The paths are
    counted in the whole Leaflet map pane: the overlay pane and the custom panes
    sitmap.js adds for areas and lines.
    """
    from sitmap.data.dataset import load_dataset
    from sitmap.settings import load_settings

    data = load_dataset(load_settings())
    placed = [f for f in data.features if f.geometry is not None]
    extents = sum(1 for f in placed if f.geometry["type"] != "Point")
    return {"symbols": len(placed), "paths": len(data.basemap.countries["features"]) + extents}


@contextmanager
def app_and_browser(log_name: str):
    """Start the app (log in bench/results/) and Chromium; stop both on exit."""
    from playwright.sync_api import sync_playwright

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with AppServer(log=RESULTS_DIR / f"{log_name}-server.log") as server, sync_playwright() as playwright:
        print(f"app up on {server.url} in {time.perf_counter() - started:.1f} s")
        browser = launch_chromium(playwright)
        try:
            yield server, browser
        finally:
            browser.close()


def new_context(browser, expected: dict):
    """A fresh browser context (own, empty HTTP cache) with the readiness probe.

    Requests that would leave the machine are recorded in ``context.external``
    (not blocked: routing every request through Playwright would slow the loads).
    """
    context = browser.new_context(viewport=VIEWPORT)
    probe = _READY_PROBE.replace("__EXPECTED__", json.dumps(expected)).replace("__FRAME__", json.dumps(MAP_FRAME))
    context.add_init_script(script=probe)
    context.external = []
    context.on("request", lambda request: None if is_local(request.url) else context.external.append(request.url))
    return context


def map_frame(page, timeout_ms: float = READY_TIMEOUT_MS):
    handle = page.wait_for_selector(MAP_FRAME, state="attached", timeout=timeout_ms)
    frame = handle.content_frame()
    if frame is None:
        raise RuntimeError("the map iframe has no content frame")
    return frame


def wait_drawn(page, timeout_ms: float = READY_TIMEOUT_MS):
    """Wait until the probe saw the map drawn and painted; return (map frame, probe dict)."""
    try:
        page.wait_for_function("() => window.__sitmapBench && window.__sitmapBench.done", polling="raf", timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - say what was on the page, then re-raise
        try:
            seen = map_frame(page, 1000).evaluate(
                "() => ({ready: document.documentElement.getAttribute('data-sitmap-ready'),"
                " paths: document.querySelectorAll('.leaflet-map-pane path').length,"
                " symbols: document.querySelectorAll('.sitmap-symbol').length})"
            )
        except Exception:  # noqa: BLE001
            try:  # no map frame: show what the page says instead (a Streamlit error, say)
                text = " ".join(page.inner_text("body", timeout=2000).split())
                seen = f"no map frame; page text: {text[:400]!r}"
            except Exception:  # noqa: BLE001
                seen = "unavailable"
        raise RuntimeError(f"map not drawn within {timeout_ms / 1000:.0f} s; frame state: {seen}") from exc
    return map_frame(page), page.evaluate("() => window.__sitmapBench")


def load_map(page, url: str) -> dict:
    """Navigate and wait until the map is drawn.

    Returns ``browser_ms`` (top page's navigation start to the first animation
    frame after the map is drawn, on the top page's clock), ``ready_ms`` (same
    start, to the moment the drawn map was observed) and ``wall_ms`` (Python
    wall clock around ``goto`` + the wait, which polls on every animation frame).
    """
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    frame, probe = wait_drawn(page)
    wall_ms = (time.perf_counter() - started) * 1000
    nav = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0]; return n ? n.domContentLoadedEventEnd : null; }")
    return {
        "browser_ms": probe["paintedMs"],
        "ready_ms": probe["readyMs"],
        "wall_ms": wall_ms,
        "milestones_ms": {
            "top DOMContentLoaded": nav,
            "websocket open": probe.get("wsOpenMs"),
            "first message": probe.get("wsFirstMs"),
            "largest message (the map)": probe.get("wsLargestMs"),
            "map iframe element": probe.get("iframeMs"),
            "map iframe document": probe.get("componentDocMs"),
            "map drawn (readiness seen)": probe["readyMs"],
            "next animation frame": probe["paintedMs"],
        },
        "frame": frame,
    }


def warm_up(browser, url: str, expected: dict, loads: int = 2) -> list[float]:
    """Load the map ``loads`` times so imports, caches and cache_resource are warm."""
    times = []
    for _ in range(loads):
        context = new_context(browser, expected)
        try:
            times.append(load_map(context.new_page(), url)["wall_ms"])
        finally:
            context.close()
    return times
