"""Measure the round-2 QA checks (negation, units, shifted segments).

    cd /work/main && .venv/bin/python bench/qa_round2_measure.py [--dev]

On the held-out (odd) rows of TICO-19 dev and of the leaflet sentences in
bench/qa_round2_corpus.py (--dev: the development rows instead), en -> zh,
ms, ta. Every row is checked with the whole registry (check_segment), with
its neighbours' sources, as a text is. Prints per check and language:

* flagged: corrupted rows on which the check reports (negation dropped or
  added, unit changed with the number kept, target shifted by one);
* false errors: correct rows on which the check reports an error, and
  correct rows with an error from any check;
* rows/s: the whole QA run on the correct rows, one core.

Exits 1 when a goal is missed (flagged >= 80%, false errors <= 2%, >= 200 rows/s).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 32)
os.environ.setdefault("AUDIT_KEY", "bench-only-audit-key-" + "y" * 32)

GOAL_FLAGGED = 0.80
GOAL_FALSE_ERRORS = 0.02
GOAL_ROWS_PER_SECOND = 200
NEW_CHECKS = ("negation", "units", "shifted")
# Which check each corruption is for; "negation_added_plain" is reported, not a goal (see docs/qa.md).
KINDS = {
    "negation_dropped": "negation",
    "negation_added": "negation",
    "negation_added_plain": "negation",
    "unit_changed": "units",
    "shifted": "shifted",
}
NOT_A_GOAL = {"negation_added_plain"}


def check(pair):
    from translations.qa import check_segment

    return check_segment(
        source=pair.source,
        target=pair.target,
        source_lang="en",
        target_lang=pair.target_lang,
        neighbour_sources=pair.neighbour_sources,
    )


def main() -> int:
    import django

    django.setup()
    from bench.qa_corpus import DEFAULT_TICO_DIR
    from bench.qa_round2_corpus import (
        LANGUAGES,
        in_order,
        leaflet_rows,
        load_tico,
        negation_cases,
        shifted_cases,
        split,
        unit_cases,
    )

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tico-dir", type=Path, default=DEFAULT_TICO_DIR)
    parser.add_argument("--dev", action="store_true", help="measure on the development rows")
    args = parser.parse_args()
    held_out = not args.dev
    tico = load_tico(args.tico_dir / "tico19-dev.tsv")
    leaflet = leaflet_rows()
    rows = split(tico, held_out) + split(leaflet, held_out)
    failed = False
    print(f"{'held-out' if held_out else 'development'} rows: {len(rows)} ({len(split(leaflet, held_out))} leaflet)")
    for lang in LANGUAGES:
        correct = [p for p in in_order(tico, lang, held_out) + in_order(leaflet, lang, held_out) if p.target.strip()]
        started = time.perf_counter()
        results = [check(p) for p in correct]
        seconds = time.perf_counter() - started
        speed = len(correct) / seconds
        any_error = sum(1 for r in results if any(f.severity == "error" for f in r)) / len(correct)
        print(
            f"\n[{lang}] {len(correct)} correct rows, {speed:,.0f} rows/s (whole registry), "
            f"rows with any error {100 * any_error:.2f}%"
        )
        for check_id in NEW_CHECKS:
            false = [
                p
                for p, r in zip(correct, results, strict=True)
                if any(f.check_id == check_id and f.severity == "error" for f in r)
            ]
            rate = len(false) / len(correct)
            print(f"  {check_id:<10} false errors {100 * rate:5.2f}% ({len(false)})")
            failed |= rate > GOAL_FALSE_ERRORS
        corrupted = dict(negation_cases(rows, lang))
        corrupted["unit_changed"] = unit_cases(rows, lang)
        corrupted["shifted"] = shifted_cases(tico, lang, held_out) + shifted_cases(leaflet, lang, held_out)
        for kind, cases in corrupted.items():
            check_id = KINDS[kind]
            if not cases:
                print(f"  {kind:<22} no cases")
                continue
            flagged = sum(1 for p in cases if any(f.check_id == check_id for f in check(p))) / len(cases)
            goal = "" if kind in NOT_A_GOAL else ("" if flagged >= GOAL_FLAGGED else "  (goal missed)")
            print(f"  {kind:<22} flagged {100 * flagged:5.1f}% of {len(cases)}{goal}")
            if kind not in NOT_A_GOAL:
                failed |= flagged < GOAL_FLAGGED
        failed |= speed < GOAL_ROWS_PER_SECOND or any_error > GOAL_FALSE_ERRORS
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
