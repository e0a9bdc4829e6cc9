"""Print the calibration figures behind translations/qa/calibration.py.

    .venv/bin/python bench/qa_calibrate.py [--data ../shared/data/tico19/tico19-dev.tsv]

Everything is computed on the even-numbered (calibration) rows only; the
benchmark (bench/qa_bench.py) measures on all rows and the held-out half.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.qa_corpus import DEFAULT_TICO, LANGUAGES, calibration_rows, load_tico  # noqa: E402
from translations.qa.text import nonspace_len, script_profile  # noqa: E402

MIN_SOURCE = 20  # effective characters; shorter segments are not length-checked


def _quantile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p * (len(values) - 1)))))]


def _effective(text: str, weights: dict[str, float]) -> float:
    profile = script_profile(text)
    special = sum(profile[s] for s in weights)
    return sum(weights[s] * profile[s] for s in weights) + (nonspace_len(text) - special)


def length(rows: list[dict]) -> None:
    print("# Length: effective length = weight x script characters + other non-space characters")
    fitted = {}
    for lang, script in (("zh", "han"), ("ta", "tamil")):
        plain = [math.log(nonspace_len(r[lang]) / nonspace_len(r["en"])) for r in rows]
        plain_median = statistics.median(plain)
        plain_mad = statistics.median(abs(x - plain_median) for x in plain)
        print(f"{lang}: plain character counts, median absolute deviation of log ratio {plain_mad:.3f}")
        best = None
        for step in range(5, 60):
            w = step / 10
            logs = [math.log(_effective(r[lang], {script: w}) / nonspace_len(r["en"])) for r in rows]
            med = statistics.median(logs)
            mad = statistics.median(abs(x - med) for x in logs)
            if best is None or mad < best[0]:
                best = (mad, w)
        fitted[lang] = {script: best[1]}
        print(f"{lang}: {script} weight {best[1]} (median absolute deviation of log ratio {best[0]:.3f})")
    fitted["ms"] = {}
    for lang in LANGUAGES:
        logs = [
            math.log(_effective(r[lang], fitted[lang]) / nonspace_len(r["en"]))
            for r in rows
            if nonspace_len(r["en"]) >= MIN_SOURCE and r[lang].strip()
        ]
        med = statistics.median(logs)
        lo, hi = _quantile(logs, 0.005) - med, _quantile(logs, 0.995) - med
        print(
            f"{lang}: n={len(logs)} median ratio {math.exp(med):.3f}; "
            f"0.5%..99.5% band x{math.exp(lo):.2f}..x{math.exp(hi):.2f}"
            f" -> LENGTH[{lang!r}] = ({math.log(math.exp(med)):.3f}, {lo:.3f}, {hi:.3f})"
        )


def chrf(rows: list[dict]) -> None:
    from translations.qa.checks.back_translation import score

    print("\n# chrF of unrelated sentence pairs (what a hallucinated back-translation scores)")
    rng = random.Random(0)
    for lang in ("en", "zh"):
        scores = []
        for row in rows:
            other = rng.choice(rows)
            if other is row or other[lang] == row[lang]:
                continue
            scores.append(score(other[lang], row[lang], lang))
        halves = [score(r[lang][: len(r[lang]) // 2], r[lang], lang) for r in rows]
        print(
            f"{lang}: unrelated p50 {_quantile(scores, 0.5):.1f} p90 {_quantile(scores, 0.9):.1f} "
            f"p99 {_quantile(scores, 0.99):.1f} p99.9 {_quantile(scores, 0.999):.1f}; "
            f"first half only: p1 {_quantile(halves, 0.01):.1f} p50 {_quantile(halves, 0.5):.1f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_TICO))
    args = parser.parse_args()
    rows = calibration_rows(load_tico(Path(args.data)))
    length(rows)
    chrf(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
