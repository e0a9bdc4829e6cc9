"""Benchmark the translation QA checks on TICO-19 dev (en -> zh, ms, ta).

    cd /work/main && .venv/bin/python bench/qa_bench.py [--tico-dir ../shared/data/tico19]

Prints false-alarm rates on the professional translations, detection rates on
corrupted copies, the Malay/Indonesian figures on the held-out half and the
speed, then one JSON line with the summary. Exits 1 when a goal is missed:
at most 2% of correct rows with an error per language; at least 99% of
corrupted rows with an error (Indonesian-as-Malay 90%, cut-off text 80% with
at least a warning); at least 200 rows per second.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 32)
os.environ.setdefault("AUDIT_KEY", "bench-only-audit-key-" + "y" * 32)

GOAL_FALSE_ERRORS = 0.02
GOAL_DETECTION = 0.99
GOAL_INDONESIAN = 0.90
GOAL_CUT_OFF_WARNING = 0.80
GOAL_ROWS_PER_SECOND = 200


def missed_goals(summary: dict) -> list[str]:
    missed = [
        f"false errors {lang} {rate:.2%}"
        for lang, rate in summary["false_error_rate"].items()
        if rate > GOAL_FALSE_ERRORS
    ]
    for key, rate in summary["detection"].items():
        name = key.split(":")[0]
        if name == "cut_off":
            goal = GOAL_CUT_OFF_WARNING if key.endswith("warning_or_error") else 0.0
        elif name == "indonesian_as_malay":
            goal = GOAL_INDONESIAN
        else:
            goal = GOAL_DETECTION
        if rate < goal:
            missed.append(f"detection {key} {rate:.2%} < {goal:.0%}")
    if summary["rows_per_second"] < GOAL_ROWS_PER_SECOND:
        missed.append(f"speed {summary['rows_per_second']:.0f} rows/s")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tico-dir", type=Path, default=None, help="folder with tico19-dev.tsv")
    parser.add_argument("--no-glossary", action="store_true", help="skip the runs with the TICO-19 term lists")
    args = parser.parse_args()

    import django

    django.setup()
    from bench import qa_corpus
    from bench.qa_measure import malay_indonesian_held_out, measure

    directory = args.tico_dir or qa_corpus.DEFAULT_TICO_DIR
    path = directory / "tico19-dev.tsv"
    if not path.exists():
        print(f"TICO-19 data not found at {path}; pass --tico-dir", file=sys.stderr)
        return 2
    rows = qa_corpus.load_tico(path)
    summary = measure(rows, with_glossary=not args.no_glossary)
    held_out = malay_indonesian_held_out(rows)

    print(f"TICO-19 dev: {summary['rows']} rows, en -> {', '.join(qa_corpus.LANGUAGES)}\n")
    print("Correct professional translations")
    for lang in qa_corpus.LANGUAGES:
        rates = summary["false_error_rate"]
        print(
            f"  {lang}: rows with an error {rates[lang]:6.2%}   "
            f"with a warning {summary['false_warning_rate'][lang]:6.2%}   "
            f"(+ emergency sentence on both sides: errors {rates[lang + '_with_emergency_sentence']:.2%})   "
            f"errors by check: {summary['false_error_checks'][lang]}"
        )
    print("\nCorruptions (rows with an error; cut-off also with a warning)")
    for key, value in summary["detection"].items():
        name = key.split(":")[0] + ":" + key.split(":")[1]
        applicable = summary["applicable"].get(name, "")
        print(f"  {key:48s} {value:7.2%}   of {applicable} rows")
    print("\nMalay vs Indonesian on the held-out (odd-numbered) rows")
    print(
        f"  correct Malay called Indonesian {held_out['malay_called_indonesian']:.2%}; "
        f"Indonesian detected {held_out['indonesian_detected']:.2%} ({held_out['rows']} rows)"
    )
    if summary["glossary"]:
        print("\nWith the TICO-19 term lists (f_en-*.csv) as glossary, on the correct translations")
        for lang, figures in summary["glossary"].items():
            print(
                f"  {lang}: {figures['terms']} terms; rows with a missing-term warning "
                f"{figures['rows_with_missing_term_warning']:.2%}; "
                f"rows with an error {figures['false_error_rate_with_glossary']:.2%}"
            )
    print(f"\nSpeed: {summary['rows_per_second']:.0f} rows/s on one core ({summary['checked_rows']} rows checked)\n")
    line = {
        "false_error_rate": {lang: round(summary["false_error_rate"][lang], 4) for lang in qa_corpus.LANGUAGES},
        "detection": {k: round(v, 4) for k, v in summary["detection"].items()},
        "malay_indonesian_held_out": {k: round(v, 4) if isinstance(v, float) else v for k, v in held_out.items()},
        "rows_per_second": round(summary["rows_per_second"], 1),
    }
    missed = missed_goals(summary)
    if missed:
        print("GOALS MISSED: " + "; ".join(missed), file=sys.stderr)
    print(json.dumps(line, ensure_ascii=False))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
