"""Malay vs Indonesian across corpora: each corpus scored with weights trained without it.

    .venv/bin/python bench/qa_variety_measure.py [--dev] [--misses N]

Rows of the table: weights trained on the TICO-19 development half, on the
DSLCC development half, and on both (what ships); columns: the held-out half
of each corpus (--dev scores the development halves instead, for work on the
feature lists without looking at the held-out halves). The verdict is the one
the language check acts on (translations.qa.langid.latin_language says "id"
for a text that should be Malay). Corpora and splits: bench/qa_build_variety_weights.py.
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

GOAL_MALAY_CALLED_INDONESIAN = 0.02
GOAL_INDONESIAN_CAUGHT = 0.90


def called_indonesian(texts: list[str], weights: dict[str, float]) -> list[bool]:
    """The language check's verdict on each text, with `weights` in place of the shipped table."""
    from translations.qa import malay_indonesian_weights
    from translations.qa.langid import latin_language
    from translations.qa.text import script_profile

    shipped = dict(malay_indonesian_weights.MINED_WEIGHTS)
    table = malay_indonesian_weights.MINED_WEIGHTS
    table.clear()
    table.update(weights)
    try:
        return [latin_language(text, script_profile(text)).language == "id" for text in texts]
    finally:
        table.clear()
        table.update(shipped)


def score(split, weights: dict[str, float], held_out: bool = True) -> dict:
    malay = split.held_ms if held_out else split.dev_ms
    indonesian = split.held_id if held_out else split.dev_id
    malay_flags = called_indonesian(malay, weights)
    indonesian_flags = called_indonesian(indonesian, weights)
    return {
        "malay_rows": len(malay),
        "malay_called_indonesian": sum(malay_flags) / len(malay),
        "indonesian_rows": len(indonesian),
        "indonesian_caught": sum(indonesian_flags) / len(indonesian),
        "false_positives": [t for t, f in zip(malay, malay_flags, strict=True) if f],
        "misses": [t for t, f in zip(indonesian, indonesian_flags, strict=True) if not f],
    }


def cross_corpus_table(held_out: bool = True) -> dict[tuple[str, str], dict]:
    """(trained on, scored on) -> figures, for trained on TICO-19, DSLCC and both."""
    from bench.qa_build_variety_weights import dslcc_split, tico_split, train

    tico, dslcc = tico_split(), dslcc_split()
    trainings = {"TICO-19": [tico], "DSLCC": [dslcc], "both": [tico, dslcc]}
    table = {}
    for trained_on, splits in trainings.items():
        weights = train(splits)
        for corpus in (tico, dslcc):
            table[(trained_on, corpus.name)] = score(corpus, weights, held_out)
    return table


def rows_per_second() -> float:
    """The whole QA check list over the TICO-19 Malay and Indonesian cells, on one core."""
    from bench.qa_build_variety_weights import tico_split
    from translations.qa import check_segment

    split = tico_split()
    texts = split.held_ms + split.held_id
    started = time.perf_counter()
    for text in texts:
        check_segment(source="Wash your hands.", target=text, source_lang="en", target_lang="ms")
    return len(texts) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="score the development halves instead")
    parser.add_argument("--misses", type=int, default=0, help="print up to N false positives and misses per cell")
    args = parser.parse_args()
    import django

    django.setup()
    table = cross_corpus_table(held_out=not args.dev)
    half = "development" if args.dev else "held-out"
    print(f"Malay vs Indonesian, {half} halves (Malay called Indonesian / Indonesian caught)")
    print(f"{'trained on':<10} {'scored on':<8} {'Malay called id':>20} {'Indonesian caught':>22}")
    ok = True
    for (trained_on, corpus), figures in table.items():
        independent = trained_on not in ("both", corpus)
        fp, caught = figures["malay_called_indonesian"], figures["indonesian_caught"]
        mark = ""
        if independent or trained_on == "both":
            good = fp <= GOAL_MALAY_CALLED_INDONESIAN and caught >= GOAL_INDONESIAN_CAUGHT
            ok &= good
            mark = "" if good else "  <- below goal"
        print(
            f"{trained_on:<10} {corpus:<8} {fp:>8.2%} of {figures['malay_rows']:<5}"
            f"       {caught:>8.2%} of {figures['indonesian_rows']:<5}{mark}"
        )
        for label, texts in (("false positive", figures["false_positives"]), ("miss", figures["misses"])):
            for text in texts[: args.misses]:
                print(f"    {label}: {text[:160]}")
    if not args.dev:
        try:
            print(f"speed: {rows_per_second():.0f} rows/s on one core (all QA checks, TICO-19 held-out ms + id)")
        except ImportError:
            pass
    print("goals met" if ok else "goals NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
