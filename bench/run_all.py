"""Run the benchmarks (each with its default runs) and print a summary table.

    .venv/bin/python bench/run_all.py [--quiet] [--json PATH]

Each benchmark runs in its own process with its own app server, so one cannot
warm or load the other. Their full output is shown as they run (unless
--quiet); the table at the end repeats the headline figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
SCRIPTS = ["page_load.py", "click_latency.py", "map_bytes.py", "standalone.py", "export.py"]


def run(script: str, out: Path, quiet: bool) -> tuple[int, float]:
    started = time.perf_counter()
    command = [sys.executable, str(BENCH_DIR / script), "--json", str(out)]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=quiet, text=True)
    if quiet and result.returncode != 0:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
    return result.returncode, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description="Run all benchmarks and summarise them.")
    parser.add_argument("--quiet", action="store_true", help="only the summary table (and the output of a failing script)")
    parser.add_argument("--json", type=Path, help="also write every benchmark's results to this JSON file")
    args = parser.parse_args()

    results, failures, durations = {}, [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for script in SCRIPTS:
            name = script.removesuffix(".py")
            if not args.quiet:
                print(f"===== {name} =====", flush=True)
            out = Path(tmp) / f"{name}.json"
            code, durations[name] = run(script, out, args.quiet)
            if code != 0 or not out.exists():
                failures.append(f"{script} exited with code {code}")
                continue
            results[name] = json.loads(out.read_text(encoding="utf-8"))
            if not args.quiet:
                print(flush=True)

    print("===== summary =====")
    header = f"{'benchmark':<14} {'metric':<56} {'median':>9} {'p90':>9}  {'goal':>8}  verdict"
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        for row in result["headline"]:
            unit = row["unit"]
            p90 = f"{row['p90']:.1f}" if row.get("p90") is not None else "-"
            goal = f"<= {row['goal']:.0f}" if row.get("goal") is not None else ""
            verdict = ("meets goal" if row["value"] <= row["goal"] else "MISSES goal") if row.get("goal") is not None else ""
            print(f"{name:<14} {row['metric'] + ' [' + unit + ']':<56} {row['value']:>9.1f} {p90:>9}  {goal:>8}  {verdict}")
    print("(bytes: a single value per load, the median over loads; p90 applies to timings)")
    print("wall time per benchmark: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in durations.items()))
    for failure in failures:
        print(f"FAILED: {failure}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
