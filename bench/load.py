"""A crowd of readers: N page views arriving together at one app process.

    .venv/bin/python bench/load.py [--sessions 10,50,100] [--soak 1000] [--url URL] [--spread K] [--cold-browser] [--json PATH]

Each reader is a raw client (``devtools.loadclient.page_view``): the HTML
page, then a websocket that asks for a script run and reads until the script
has finished, as a browser does once it has Streamlit's JavaScript cached.
``--cold-browser`` adds what an empty cache fetches too: Streamlit's static
files (about 2.3 MB) and Leaflet's, each with gzip accepted.
For each N the readers start together; the script prints the page views per
second, the median and p90 time of a view, the server's CPU seconds per view
and its resident memory. ``--soak`` then runs that many more sessions in
waves of 20 and prints the memory every 200, to show whether it grows. The
last line is ``sessions=50 views_per_s=… median_s=… p90_s=… cpu_s_per_view=… rss_mb=…``.

It starts its own app process and stops it at the end. With ``--url`` it
loads a server already running (nginx in front of several processes, say):
then CPU and memory are not measured (they belong to other processes), and
``--spread K`` binds the clients to 127.0.0.2 … 127.0.0.(K+1): the site in
``deploy/`` hashes a client without its route cookie on its full address, so
they spread over the processes (``ip_hash`` would not: it hashes only the
first three bytes of an address).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from _common import RESULTS_DIR, load_note, summarise, write_json  # noqa: E402

from devtools.devserver import AppServer  # noqa: E402
from devtools.loadclient import cold_browser_assets, page_view, process_usage  # noqa: E402

GOALS = {"cpu_s_per_view": 0.1, "median_s_at_50": 2.5}
SOAK_WAVE = 20


async def crowd(url: str, sessions: int, spread: int, assets: list[str]) -> list:
    addresses = [f"127.0.0.{2 + i % spread}" if spread else None for i in range(sessions)]
    return await asyncio.gather(*(page_view(url, local_address=address, assets=assets) for address in addresses))


def run_crowd(url: str, sessions: int, spread: int, pid: int | None, assets: list[str]) -> dict:
    before = process_usage(pid) if pid else None
    started = time.perf_counter()
    views = asyncio.run(crowd(url, sessions, spread, assets))
    wall = time.perf_counter() - started
    after = process_usage(pid) if pid else None
    ok = [view for view in views if view.ok]
    stats = summarise([view.seconds for view in ok])
    result = {
        "sessions": sessions,
        "ok": len(ok),
        "failed": [view.error for view in views if not view.ok][:5],
        "views_per_s": len(ok) / wall if wall else 0.0,
        "median_s": stats["median"],
        "p90_s": stats["p90"],
        "max_s": stats["max"],
        "wall_s": wall,
        "kb_per_view": statistics.mean(view.received_bytes for view in ok) / 1000 if ok else 0.0,
    }
    if before and after:
        result["cpu_s_per_view"] = (after[0] - before[0]) / max(len(ok), 1)
        result["rss_mb"] = after[1]
    return result


def line(result: dict) -> str:
    if not result["ok"]:
        return f"sessions={result['sessions']} views_per_s=0 failed={result['sessions']} ({result['failed'][0] if result['failed'] else '?'})"
    parts = [f"sessions={result['sessions']}", f"views_per_s={result['views_per_s']:.1f}",
             f"median_s={result['median_s']:.2f}", f"p90_s={result['p90_s']:.2f}"]
    if "cpu_s_per_view" in result:
        parts += [f"cpu_s_per_view={result['cpu_s_per_view']:.3f}", f"rss_mb={result['rss_mb']:.0f}"]
    return " ".join(parts)


def soak(url: str, total: int, pid: int | None, assets: list[str]) -> list[tuple[int, float]]:
    """``total`` sessions in waves; the server's memory after every 200."""
    samples, done = [], 0
    if pid:
        samples.append((0, process_usage(pid)[1]))
    while done < total:
        wave = min(SOAK_WAVE, total - done)
        views = asyncio.run(crowd(url, wave, 0, assets))
        done += wave
        failed = sum(1 for view in views if not view.ok)
        if failed:
            print(f"  soak: {failed} of {wave} views failed after {done} sessions")
        if pid and done % 200 == 0:
            samples.append((done, process_usage(pid)[1]))
            print(f"  after {done:5d} sessions: rss {samples[-1][1]:.0f} MB", flush=True)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sessions", default="10,50,100", help="crowd sizes, comma-separated (default 10,50,100)")
    parser.add_argument("--soak", type=int, default=1000, help="sessions for the memory soak (0: none; default 1000)")
    parser.add_argument("--url", default=None, help="load this running server instead of starting one")
    parser.add_argument("--spread", type=int, default=0, help="bind clients to K loopback addresses, so deploy/'s nginx spreads them")
    parser.add_argument("--cold-browser", action="store_true", help="each view also fetches the static files, as an empty cache does")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args()
    sizes = [int(part) for part in args.sessions.split(",") if part.strip()]
    print(load_note())

    def measure(url: str, pid: int | None) -> dict:
        # --cold-browser: each view also fetches what an empty cache does
        assets = asyncio.run(cold_browser_assets(url)) if args.cold_browser else []
        if assets:
            print(f"each view also fetches {len(assets)} static files, as a browser with an empty cache")
        asyncio.run(crowd(url, 3, args.spread, assets))  # warm: imports, the dataset, the map document
        results = {"crowds": [], "goals": GOALS}
        for size in sizes:
            result = run_crowd(url, size, args.spread, pid, assets)
            results["crowds"].append(result)
            failed = f"  ({result['sessions'] - result['ok']} failed: {result['failed'][0]})" if result["ok"] < result["sessions"] else ""
            if not result["ok"]:
                print(line(result), flush=True)
                continue
            print(f"{line(result)} max_s={result['max_s']:.2f} kb_per_view={result['kb_per_view']:.0f}{failed}", flush=True)
        if args.soak:
            print(f"memory over {args.soak} more sessions, in waves of {SOAK_WAVE}:")
            samples = soak(url, args.soak, pid, assets)
            results["soak_rss_mb"] = samples
            if len(samples) >= 3:
                growth = samples[-1][1] - samples[1][1]
                print(f"  growth from {samples[1][0]} to {samples[-1][0]} sessions: {growth:+.0f} MB")
        return results

    if args.url:
        results = measure(args.url, None)
    else:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        with AppServer(log=RESULTS_DIR / "load-server.log") as server:
            results = measure(server.url, server.process.pid)
    reference = next((r for r in results["crowds"] if r["sessions"] == 50), results["crowds"][-1])
    if "cpu_s_per_view" in reference and reference["ok"]:
        verdicts = [
            f"cpu per view {reference['cpu_s_per_view']:.3f} s (goal <= {GOALS['cpu_s_per_view']}): "
            + ("meets goal" if reference["cpu_s_per_view"] <= GOALS["cpu_s_per_view"] else "MISSES goal"),
            f"median at {reference['sessions']} {reference['median_s']:.2f} s (goal <= {GOALS['median_s_at_50']}): "
            + ("meets goal" if reference["median_s"] <= GOALS["median_s_at_50"] else "MISSES goal"),
        ]
        print("; ".join(verdicts))
    write_json(args.json, results)
    print(line(reference))


if __name__ == "__main__":
    main()
