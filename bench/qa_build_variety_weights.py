"""Learn the Malay-vs-Indonesian feature weights from TICO-19 and DSLCC.

Development-time only. translations/qa/malay_indonesian.py lists the known
differences between the two standards (each form with its counterpart and the
way it points); this learns how far each one points from data, as a
log-likelihood ratio with the listed prior as pseudo-counts, and drops a form
the data contradicts (a "Malay" form seen more in the Indonesian rows). Only
listed forms are weighed: no topic word, however one-sided a corpus shows it,
and no proper noun (malay_indonesian.features skips capitalised words inside
a sentence).

Corpora, each split in a development half and a held-out half (never read here):
* TICO-19 dev (`ms` and `id_ID` columns, parallel health text, CC0-1.0): even
  rows develop, odd rows are held out (bench/qa_corpus.py); Indonesian rows
  identical to their Malay row are left out.
* DSLCC Malay/Indonesian (news, 1,000 sentences of each, CC0): each language
  shuffled with seed 16, first half develops, second half is held out.

    .venv/bin/python bench/qa_build_variety_weights.py [--train tico,dslcc]

Writes translations/qa/malay_indonesian_weights.py (trained on the
development halves of the corpora named; both by default).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 32)
os.environ.setdefault("AUDIT_KEY", "bench-only-audit-key-" + "y" * 32)

from bench.qa_corpus import DEFAULT_TICO, calibration_rows, held_out_rows, load_tico  # noqa: E402

DEFAULT_DSLCC = Path(os.environ.get("QA_DSLCC", ROOT.parent / "shared" / "data" / "dslcc" / "malay_indonesian.tsv"))
DSLCC_SEED = 16
PRIOR_COUNT = 4.0  # the listed prior weighs as much as four rows of evidence
CLIP = 3.0  # no single feature is worth more than about 20 to 1
# A form standard in both (a soft marker) decides alone only when the data
# shows it about 6 to 1 one-sided (the threshold, 1.75) and nothing in the
# text points to Malay.
SOFT_CLIP = 2.0
# A Malay soft marker (kepada, kini, berkata, semula) is ordinary in Indonesian
# news even when one corpus shows it rarely: it may weaken the evidence for
# Indonesian, never cancel a form that is not Malay at all.
MALAY_SOFT_CLIP = 1.5
# Capitals and digit grouping are habits of writers as much as standards:
# evidence, never enough alone.
STYLE_CLIP = 1.5


@dataclass(frozen=True)
class Split:
    """Correct Malay and Indonesian texts of one corpus, development and held-out halves."""

    name: str
    dev_ms: list[str]
    dev_id: list[str]
    held_ms: list[str]
    held_id: list[str]


def tico_split(path: Path = DEFAULT_TICO) -> Split:
    rows = load_tico(path)

    def halves(part: list[dict]) -> tuple[list[str], list[str]]:
        return [r["ms"] for r in part], [r["id_ID"] for r in part if r["id_ID"] != r["ms"]]

    dev_ms, dev_id = halves(calibration_rows(rows))
    held_ms, held_id = halves(held_out_rows(rows))
    return Split("TICO-19", dev_ms, dev_id, held_ms, held_id)


def dslcc_split(path: Path = DEFAULT_DSLCC) -> Split:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))

    def halves(lang: str) -> tuple[list[str], list[str]]:
        texts = [r["text"] for r in rows if r["lang"] == lang]
        random.Random(DSLCC_SEED).shuffle(texts)
        middle = len(texts) // 2
        return texts[:middle], texts[middle:]

    dev_ms, held_ms = halves("ms")
    dev_id, held_id = halves("id")
    return Split("DSLCC", dev_ms, dev_id, held_ms, held_id)


def learn(malay: list[str], indonesian: list[str]) -> dict[str, float]:
    """Weights for the listed features from correct Malay and Indonesian texts."""
    from translations.qa import malay_indonesian as variety

    in_malay: dict[str, int] = {}
    in_indonesian: dict[str, int] = {}
    for texts, counts in ((malay, in_malay), (indonesian, in_indonesian)):
        for text in texts:
            for feature in variety.features(text):
                counts[feature] = counts.get(feature, 0) + 1
    weights = {}
    for feature, prior in variety.PRIOR_WEIGHTS.items():
        strong = abs(prior) >= variety.STRONG
        prior_id = PRIOR_COUNT / (1 + math.exp(-prior))
        rate_id = (in_indonesian.get(feature, 0) + prior_id) / (len(indonesian) + PRIOR_COUNT)
        rate_ms = (in_malay.get(feature, 0) + PRIOR_COUNT - prior_id) / (len(malay) + PRIOR_COUNT)
        weight = math.log(rate_id / rate_ms)
        if weight * prior <= 0:
            continue  # the data contradicts the listed direction: not evidence
        if feature in variety.STYLE_FEATURES:
            low, high = -STYLE_CLIP, STYLE_CLIP
        elif strong:
            low, high = -CLIP, CLIP
        else:
            low, high = -MALAY_SOFT_CLIP, SOFT_CLIP
        weights[feature] = round(max(low, min(high, weight)), 2)
    return weights


def train(splits: list[Split]) -> dict[str, float]:
    return learn([t for s in splits for t in s.dev_ms], [t for s in splits for t in s.dev_id])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", default="tico,dslcc", help="corpora to learn from: tico, dslcc or both")
    args = parser.parse_args()
    import django

    django.setup()
    builders = {"tico": tico_split, "dslcc": dslcc_split}
    splits = [builders[name.strip()]() for name in args.train.split(",")]
    weights = train(splits)

    from translations.qa import malay_indonesian as variety

    dropped = sorted(set(variety.PRIOR_WEIGHTS) - set(weights))
    sizes = ", ".join(f"{s.name} {len(s.dev_ms)} Malay / {len(s.dev_id)} Indonesian" for s in splits)
    lines = [
        '"""Learned Malay-vs-Indonesian feature weights (log-odds, Indonesian positive).',
        "",
        "GENERATED by bench/qa_build_variety_weights.py from the development halves of",
        f"{sizes} rows. Only the",
        "features listed in malay_indonesian.py are weighed; a feature the data",
        "contradicts is left out. TICO-19 and DSLCC are CC0. Do not edit by hand.",
        '"""',
        "",
        f"# Left out, contradicted by the data: {', '.join(dropped) or 'none'}.",
        "",
        "MINED_WEIGHTS: dict[str, float] = {",
    ]
    lines += [f'    "{feature}": {weight},' for feature, weight in sorted(weights.items())]
    lines.append("}")
    out = ROOT / "translations" / "qa" / "malay_indonesian_weights.py"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(weights)} features weighed, {len(dropped)} left out -> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
