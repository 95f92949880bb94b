"""How far two annotators agree: the ceiling any extraction engine can be measured against.

    .venv/bin/python bench/annotator_agreement.py

A second annotator, following tests/extraction/README.md without seeing the
first annotator's gold or the engine, annotated a few reports again
(tests/extraction/second_annotator/<id>.json). This script scores the second
annotation against the gold with the very scorer the engine is judged by
(``devtools.extraction_scoring``: places within 25 km on overlapping spans;
claims paired one to one by overlapping spans, counting when stance, quantity
and claimant agree). The scorer's F1 is symmetric up to which side is called
"predicted", so the figures read as agreement. The engine's own score on the
same reports is printed beside it: an engine cannot be expected to agree with
the gold better than a second careful reader does. Nothing asserts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sitmap.data.sentences import split_sentences  # noqa: E402
from sitmap.extract import extract  # noqa: E402
from devtools.extraction_scoring import Counts, load_actors, load_reports, load_shapes, match_claims, match_places  # noqa: E402

SECOND = REPO_ROOT / "tests" / "extraction" / "second_annotator"


def _prf(counts: Counts) -> str:
    return f"P {counts.precision:.3f} R {counts.recall:.3f} F1 {counts.f1:.3f} ({counts.tp}/{counts.fp}/{counts.fn})"


def main() -> int:
    second = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(SECOND.glob("*.json"))}
    if not second:
        print(f"no second annotation in {SECOND.relative_to(REPO_ROOT)}")
        return 0
    reports = {report.id: report for report in load_reports() if report.id in second}
    shapes, actors = load_shapes(), load_actors()
    totals = {who: {"places": Counts(), "claims": Counts(), "agreement": {}} for who in ("second annotator", "engine")}
    print("agreement with the gold (tests/extraction/gold) on the reports a second annotator annotated independently")
    for rid, report in reports.items():
        sentences = split_sentences(report.text)
        for who, output in (("second annotator", second[rid]), ("engine", extract(report.text))):
            places = match_places(output.get("places") or [], report.gold["places"], shapes)
            claims = match_claims(output.get("claims") or [], report.gold["claims"], sentences, actors)
            totals[who]["places"] += places.counts
            totals[who]["claims"] += claims.counts
            for key, value in claims.agreement.items():
                totals[who]["agreement"][key] = totals[who]["agreement"].get(key, 0) + value
            print(f"  {rid:<42} {who:<17} places {_prf(places.counts)}  claims {_prf(claims.counts)}")
    print(f"all {len(reports)} reports")
    for who, total in totals.items():
        agreement = total["agreement"]
        pairs = agreement.get("pairs", 0)
        agreeing = " ".join(f"{key} {agreement.get(key, 0)}/{pairs}" for key in ("stance", "claimant", "quantity", "claim_type"))
        print(f"  {who:<17} places {_prf(total['places'])}  claims {_prf(total['claims'])}  pairs agreeing: {agreeing}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
