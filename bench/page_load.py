"""Navigation to map fully drawn, warm server: cold and warm browser cache.

    .venv/bin/python bench/page_load.py [--runs N] [--json PATH]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    app_and_browser,
    expected_drawn,
    load_map,
    load_note,
    new_context,
    parse_args,
    stats_line,
    summarise,
    verdict,
    warm_up,
    write_json,
)

GOAL_MS = 1500
WARM_UP_LOADS = 2


def measure_cold(browser, url: str, expected: dict, runs: int) -> tuple[list[dict], list[str]]:
    """Each run in a new browser context: empty HTTP cache, new Streamlit session."""
    samples, external = [], []
    for _ in range(runs):
        context = new_context(browser, expected)
        try:
            samples.append(load_map(context.new_page(), url))
            external.extend(context.external)
        finally:
            context.close()
    return samples, external


def measure_warm(browser, url: str, expected: dict, runs: int) -> tuple[list[dict], list[str]]:
    """One context, primed by one load; each run opens a new page in it (warm HTTP cache)."""
    context = new_context(browser, expected)
    samples = []
    try:
        primer = context.new_page()
        load_map(primer, url)
        primer.close()
        for _ in range(runs):
            page = context.new_page()
            samples.append(load_map(page, url))
            page.close()
        return samples, list(context.external)
    finally:
        context.close()


def main() -> None:
    args = parse_args(__doc__.strip().splitlines()[0], default_runs=8)
    expected = expected_drawn()
    print(f"map drawn = data-sitmap-ready and >= {expected['paths']} SVG paths and >= {expected['symbols']} symbols")
    machine = load_note()
    print(machine)
    with app_and_browser("page_load") as (server, browser):
        warm = warm_up(browser, server.url, expected, loads=WARM_UP_LOADS)
        print("warm-up loads (not counted): " + ", ".join(f"{t:.0f} ms" for t in warm))
        cold, external_cold = measure_cold(browser, server.url, expected, args.runs)
        warm_cache, external_warm = measure_warm(browser, server.url, expected, args.runs)

    rows = {}
    print()
    print(f"page load, warm server, {args.runs} runs each (goal median <= {GOAL_MS} ms)")
    for name, samples in (("cold browser cache", cold), ("warm browser cache", warm_cache)):
        print(f"  {name}" + (" (new browser context per run)" if name.startswith("cold") else " (new page in one primed context)"))
        browser_stats = summarise([s["browser_ms"] for s in samples])
        wall_stats = summarise([s["wall_ms"] for s in samples])
        ready_stats = summarise([s["ready_ms"] for s in samples])
        rows[name] = {"browser_ms": browser_stats, "wall_ms": wall_stats, "ready_ms": ready_stats}
        print(stats_line("    navigation start -> drawn frame (browser)", browser_stats))
        print(stats_line("    goto -> wait returns (Python wall clock)", wall_stats))
        milestones = {
            key: summarise([s["milestones_ms"][key] for s in samples if s["milestones_ms"][key] is not None])["median"]
            for key in samples[0]["milestones_ms"]
        }
        rows[name]["milestones_median_ms"] = milestones
        print("    milestones, median ms since navigation start: "
              + ", ".join(f"{key} {value:.0f}" for key, value in milestones.items() if value is not None))
        print(f"    -> {verdict(browser_stats['median'], GOAL_MS)} (median, browser clock)")
    external = sorted(set(external_cold + external_warm))
    if external:
        print(f"WARNING: {len(external)} request(s) left the machine: {external[:5]}")

    write_json(
        args.json,
        {
            "benchmark": "page_load",
            "goal_ms": GOAL_MS,
            "runs": args.runs,
            "warm_up_ms": warm,
            "expected": expected,
            "machine": machine,
            "rows": rows,
            "external_requests": external,
            "headline": [
                {"metric": "page load, cold browser cache (median)", "value": rows["cold browser cache"]["browser_ms"]["median"],
                 "p90": rows["cold browser cache"]["browser_ms"]["p90"], "unit": "ms", "goal": GOAL_MS},
                {"metric": "page load, warm browser cache (median)", "value": rows["warm browser cache"]["browser_ms"]["median"],
                 "p90": rows["warm browser cache"]["browser_ms"]["p90"], "unit": "ms", "goal": GOAL_MS},
            ],
        },
    )


if __name__ == "__main__":
    main()
