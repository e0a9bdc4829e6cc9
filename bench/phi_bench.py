"""Measure the PHI detector: recall, false positives and throughput.

    cd /work/main && .venv/bin/python bench/phi_bench.py

Recall is measured on sentences with planted identifiers in English, Chinese,
Malay and Tamil (bench/phi_corpus.py, seeded, generated on every run), then on
the same kinds of identifiers in disguise (invisible characters inside,
look-alike letters, other digit styles, digit-group separators, split across
two segments of one call), per disguise. False positives are measured on the
TICO-19 dev set (health-domain sentences with no identifiers), read from
../shared/data/tico19/tico19-dev.tsv and never copied into the project: per
sentence, and through the guard with consecutive sentences as the segments of
one call. Throughput is measured on one core over the TICO text of all four
languages concatenated to several MB, per sentence, and through the guard.

Prints the figures and, as the last line, one JSON object; exits 1 when a goal
(recall >= 0.99 plain and disguised, false positives <= 1% of English rows,
>= 1 MB/s) is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.phi_corpus import (  # noqa: E402
    CLINICAL_NEGATIVES,
    DISGUISED_NEGATIVES,
    DISGUISED_TYPES,
    LANGUAGES,
    MRN_PATTERNS,
    ROUND2_SPLITS,
    ROUND2_TYPES,
    TYPES,
    DisguiseGenerator,
    Generator,
    Round2Generator,
    round2_negatives,
)
from translations.phi.detector import detect  # noqa: E402
from translations.phi.guard import guard_outbound  # noqa: E402

TICO = ROOT.parent / "shared" / "data" / "tico19" / "tico19-dev.tsv"
# The project's default PHI_PUBLIC_NUMBERS (workbench/settings.py), so the
# bench runs the detector as production does without configuring Django.
PUBLIC_NUMBERS = ["995", "999", "1777", "1800 221 4444", "6389 2222"]

GOAL_RECALL = 0.99
GOAL_FP_EN = 0.01
GOAL_MB_PER_S = 1.0
GOAL_ROUND2_RECALL = 0.95  # per type and language, identifiers disguised with words


def scan(text: str):
    return detect(text, public_numbers=PUBLIC_NUMBERS, mrn_patterns=MRN_PATTERNS)


def guard(pieces: dict[str, str]):
    """The guard's findings for one call, without raising (policy allow)."""
    return guard_outbound(
        pieces=pieces, policy="allow", on_premises=True, public_numbers=PUBLIC_NUMBERS, mrn_patterns=MRN_PATTERNS
    ).locations


def tico_batches(sentences: list[str], max_segments: int = 40, max_chars: int = 6000) -> list[dict[str, str]]:
    """Consecutive sentences as the segments of model calls, cut as jobs.py cuts
    batches (MODEL_BATCH_MAX_SEGMENTS, MODEL_BATCH_MAX_CHARS)."""
    batches, current, size = [], {}, 0
    for sentence in sentences:
        if current and (len(current) >= max_segments or size + len(sentence) > max_chars):
            batches.append(current)
            current, size = {}, 0
        current[f"segment {len(current) + 1}"] = sentence
        size += len(sentence)
    if current:
        batches.append(current)
    return batches


def _caught(item) -> bool:
    if len(item.pieces) == 1:
        return any(
            span.type == item.type and span.start <= item.start and span.end >= item.end for span in scan(item.sentence)
        )
    # Split: every letter and digit of both parts must lie in a finding (the
    # guard then blocks under "block", and under "redact" it either blocks or
    # replaces every part).
    first, second = item.pieces
    locations = guard({"segment 1": first, "segment 2": second})
    wanted = [("segment 1", i) for i in range(item.start, len(first)) if first[i].isalnum()]
    wanted += [("segment 2", i) for i in range(item.end) if second[i].isalnum()]
    return all(any(loc.label == label and loc.start <= i < loc.end for loc in locations) for label, i in wanted)


def measure_disguised(per_cell: int, show_misses: int) -> dict:
    generator = DisguiseGenerator()
    items = generator.disguised(per_cell)
    cells: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for item in items:
        found = _caught(item)
        cell = cells[(item.disguise, item.type, item.language)]
        cell[0] += found
        cell[1] += 1
        if not found:
            misses.append(item)

    def pooled(disguise, types=DISGUISED_TYPES, languages=LANGUAGES):
        keys = [(disguise, t, lang) for t in types for lang in languages if (disguise, t, lang) in cells]
        return sum(cells[k][0] for k in keys), sum(cells[k][1] for k in keys)

    print(f"Recall on {len(items)} disguised identifiers (up to {per_cell} per disguise, type and language)")
    width = max(len(name) for name in generator.names()) + 2
    print(
        f"  {'disguise':<{width}}"
        + "".join(f"{t:>9}" for t in DISGUISED_TYPES)
        + "".join(f"{lang:>7}" for lang in LANGUAGES)
        + f"{'all':>8}{'n':>6}"
    )
    by_disguise = {}
    for name in generator.names():
        row = ""
        for t in DISGUISED_TYPES:
            hit, total = pooled(name, types=(t,))
            row += f"{_ratio(hit, total):>9.3f}" if total else f"{'-':>9}"
        for lang in LANGUAGES:
            row += f"{_ratio(*pooled(name, languages=(lang,))):>7.3f}"
        hit, total = pooled(name)
        by_disguise[name] = _ratio(hit, total)
        print(f"  {name:<{width}}{row}{by_disguise[name]:>8.3f}{total:>6}")
    total_hit = sum(c[0] for c in cells.values())
    total = sum(c[1] for c in cells.values())
    print(
        f"  {'all':<{width}}"
        + " " * (9 * len(DISGUISED_TYPES) + 7 * len(LANGUAGES))
        + f"{_ratio(total_hit, total):>8.3f}{total:>6}"
    )
    for item in misses[:show_misses]:
        print(f"  missed {item.disguise} {item.type}/{item.language}: {item.identifier!r} in {item.pieces!r}")
    return {"all": _ratio(total_hit, total), "by_disguise": by_disguise, "missed": len(misses)}


def measure_recall(per_cell: int, show_misses: int) -> dict:
    hits: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for item in Generator().planted(per_cell):
        found = any(
            span.type == item.type and span.start <= item.start and span.end >= item.end for span in scan(item.sentence)
        )
        cell = hits[(item.type, item.language)]
        cell[0] += found
        cell[1] += 1
        if not found:
            misses.append(item)

    def pooled(cells) -> float:
        cells = list(cells)
        return _ratio(sum(hits[c][0] for c in cells), sum(hits[c][1] for c in cells))

    by_type = {t: pooled((t, lang) for lang in LANGUAGES) for t in TYPES}
    by_language = {lang: pooled((t, lang) for t in TYPES) for lang in LANGUAGES}
    total = _ratio(sum(h[0] for h in hits.values()), sum(h[1] for h in hits.values()))

    print(f"Recall on {sum(h[1] for h in hits.values())} planted identifiers ({per_cell} per type and language)")
    print(f"  {'type':<14}" + "".join(f"{lang:>8}" for lang in LANGUAGES) + f"{'all':>8}")
    for t in TYPES:
        row = "".join(f"{_ratio(*hits[(t, lang)]):>8.3f}" for lang in LANGUAGES)
        print(f"  {t:<14}{row}{by_type[t]:>8.3f}")
    print(f"  {'all':<14}" + "".join(f"{by_language[lang]:>8.3f}" for lang in LANGUAGES) + f"{total:>8.3f}")
    for item in misses[:show_misses]:
        print(f"  missed {item.type}/{item.language}: {item.identifier!r} in {item.sentence!r}")
        print(f"         found {[(s.type, s.text) for s in scan(item.sentence)]}")
    return {"all": total, "by_type": by_type, "by_language": by_language, "missed": len(misses)}


def measure_false_positives(show: int) -> dict:
    header, *rows = TICO.read_text(encoding="utf-8").splitlines()
    columns = header.split("\t")
    rates = {}
    print(f"False positives on {len(rows)} TICO-19 dev rows (share of rows with any finding)")
    for lang in LANGUAGES:
        at = columns.index(lang)
        flagged = [(r.split("\t")[at], spans) for r in rows if (spans := scan(r.split("\t")[at]))]
        rates[lang] = len(flagged) / len(rows)
        print(f"  {lang}: {len(flagged)} rows, {rates[lang]:.4f}")
        for text, spans in flagged[:show]:
            print(f"    {[(s.type, s.text) for s in spans]} in {text[:120]!r}")
    clinical = [(text, spans) for text in CLINICAL_NEGATIVES + DISGUISED_NEGATIVES if (spans := scan(text))]
    rates["clinical_negatives"] = len(clinical) / (len(CLINICAL_NEGATIVES) + len(DISGUISED_NEGATIVES))
    print(
        f"  clinical leaflet sentences: {len(clinical)} of {len(CLINICAL_NEGATIVES) + len(DISGUISED_NEGATIVES)} "
        f"flagged ({len(DISGUISED_NEGATIVES)} of them with no-break spaces, soft hyphens, ZWJ/ZWNJ, full-width digits)"
    )
    for text, spans in clinical:
        print(f"    {[(s.type, s.text) for s in spans]} in {text!r}")
    print("False positives through the guard, consecutive rows as the segments of one call (40 segments, 6000 chars)")
    for lang in LANGUAGES:
        at = columns.index(lang)
        batches = tico_batches([r.split("\t")[at] for r in rows])
        flagged = [(batch, locations) for batch in batches if (locations := guard(batch))]
        rates[f"{lang}_batches"] = len(flagged) / len(batches)
        print(f"  {lang}: {len(flagged)} of {len(batches)} calls with any finding, {rates[f'{lang}_batches']:.4f}")
        for _batch, locations in flagged[:show]:
            print(f"    {[(loc.label, loc.type, loc.start, loc.end, loc.split_across) for loc in locations]}")
    return rates


def measure_round2(per_form: int, show_misses: int, split: str = "held_out") -> dict:
    """Identifiers disguised with words (issue 16): recall per type and language
    on one half of the round-2 corpus, and false positives on generated leaflet
    sentences full of hospitals, places, doses, times, dates, years and prices."""
    items = [item for item in Round2Generator().items(per_form) if item.split == split]
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    forms: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for item in items:
        found = any(
            span.type == item.type and span.start <= item.start and span.end >= item.end for span in scan(item.sentence)
        )
        for table, key in ((cells, (item.type, item.language)), (forms, (item.type, item.form))):
            table[key][0] += found
            table[key][1] += 1
        if not found:
            misses.append(item)
    print(f"Recall on {len(items)} identifiers disguised with words ({split} half, {per_form} per form and language)")
    print(f"  {'type':<10}" + "".join(f"{lang:>8}" for lang in LANGUAGES) + f"{'all':>8}{'n':>6}")
    by_cell = {}
    for kind in ROUND2_TYPES:
        row = ""
        for lang in LANGUAGES:
            by_cell[f"{kind}/{lang}"] = _ratio(*cells[(kind, lang)])
            row += f"{by_cell[f'{kind}/{lang}']:>8.3f}"
        hit = sum(cells[(kind, lang)][0] for lang in LANGUAGES)
        total = sum(cells[(kind, lang)][1] for lang in LANGUAGES)
        print(f"  {kind:<10}{row}{_ratio(hit, total):>8.3f}{total:>6}")
    weak = [(key, value) for key, value in sorted(forms.items()) if value[0] < value[1]]
    if weak:
        print("  forms with misses: " + "; ".join(f"{t} {f!r} {h}/{n}" for (t, f), (h, n) in weak))
    for item in misses[:show_misses]:
        found = [(s.type, s.text) for s in scan(item.sentence)]
        print(
            f"  missed {item.type}/{item.language} {item.form!r}: {item.identifier!r} "
            f"in {item.sentence!r} found {found}"
        )
    negatives = round2_negatives()
    fp = {}
    print(
        "False positives (e-mail, phone, address, dob) on generated leaflet sentences "
        "(hospitals, places, doses, times, dates, prices)"
    )
    for lang in LANGUAGES:
        # Only this part's types: names in these sentences ("Dr Tan at ...")
        # are the person detector's and its allow-list's business.
        flagged = [
            (text, spans)
            for text in negatives[lang]
            if (spans := [span for span in scan(text) if span.type in ROUND2_TYPES])
        ]
        fp[lang] = len(flagged) / len(negatives[lang])
        print(f"  {lang}: {len(flagged)} of {len(negatives[lang])}, {fp[lang]:.4f}")
        for text, spans in flagged[:show_misses]:
            print(f"    {[(s.type, s.text) for s in spans]} in {text!r}")
    return {
        "split": split,
        "min": min(by_cell.values()),
        "by_cell": by_cell,
        "missed": len(misses),
        "false_positive_rate": fp,
    }


def measure_throughput(target_mb: float, repeats: int) -> dict:
    header, *rows = TICO.read_text(encoding="utf-8").splitlines()
    columns = header.split("\t")
    sentences = [r.split("\t")[columns.index(lang)] for lang in LANGUAGES for r in rows]
    chunk = "\n".join(sentences) + "\n"
    copies = max(1, round(target_mb * 1e6 / len(chunk.encode("utf-8"))))
    document = chunk * copies
    size_mb = len(document.encode("utf-8")) / 1e6

    def best(run) -> float:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        return min(times)

    whole = best(lambda: scan(document))
    sentence_list = sentences * max(1, copies // 2)
    sentences_mb = sum(len(s.encode("utf-8")) for s in sentence_list) / 1e6
    per_sentence = best(lambda: [scan(s) for s in sentence_list])
    batches = tico_batches(sentence_list)
    through_guard = best(lambda: [guard(batch) for batch in batches])
    # Worst case for the normalised view: text pasted from a PDF with a soft
    # hyphen every six characters and no-break spaces (every offset is mapped).
    pasted = "\u00ad".join(chunk[i : i + 6] for i in range(0, len(chunk), 6)).replace(" ", "\u00a0")
    pasted_doc = pasted * max(1, copies // 4)
    pasted_mb = len(pasted_doc.encode("utf-8")) / 1e6
    through_pasted = best(lambda: scan(pasted_doc))
    result = {
        "document_mb": round(size_mb, 2),
        "document_mb_per_s": size_mb / whole,
        "sentences_mb": round(sentences_mb, 2),
        "sentences_mb_per_s": sentences_mb / per_sentence,
        "guard_mb_per_s": sentences_mb / through_guard,
        "pasted_mb": round(pasted_mb, 2),
        "pasted_mb_per_s": pasted_mb / through_pasted,
    }
    print(f"Throughput on one core (best of {repeats})")
    print(f"  one {size_mb:.1f} MB document: {whole:.2f} s, {result['document_mb_per_s']:.1f} MB/s")
    print(
        f"  {len(sentence_list)} sentences, {sentences_mb:.1f} MB: {per_sentence:.2f} s, "
        f"{result['sentences_mb_per_s']:.1f} MB/s"
    )
    print(
        f"  guard_outbound, the same sentences as {len(batches)} calls of up to 40 segments: {through_guard:.2f} s, "
        f"{result['guard_mb_per_s']:.1f} MB/s"
    )
    print(
        f"  a {pasted_mb:.1f} MB document with a soft hyphen every 6 characters and no-break spaces: "
        f"{through_pasted:.2f} s, {result['pasted_mb_per_s']:.1f} MB/s"
    )
    return result


def _round2_ok(round2: dict) -> bool:
    return round2["min"] >= GOAL_ROUND2_RECALL and max(round2["false_positive_rate"].values()) <= GOAL_FP_EN


def _ratio(hit: int, total: int) -> float:
    return hit / total if total else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-cell", type=int, default=150, help="planted identifiers per type and language")
    parser.add_argument(
        "--disguised-per-cell", type=int, default=25, help="disguised identifiers per disguise, type and language"
    )
    parser.add_argument("--mb", type=float, default=8.0, help="size of the throughput document in MB")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--show", type=int, default=10, help="examples of misses and false positives to print")
    parser.add_argument("--round2-per-form", type=int, default=12, help="word-disguised items per form and language")
    parser.add_argument("--round2-split", choices=ROUND2_SPLITS, default="held_out")
    parser.add_argument("--round2-only", action="store_true", help="measure only the word disguises (issue 16)")
    args = parser.parse_args()
    round2 = measure_round2(args.round2_per_form, args.show, args.round2_split)
    if args.round2_only:
        print(json.dumps({"round2": round2}, sort_keys=True))
        return 0 if _round2_ok(round2) else 1

    recall = measure_recall(args.per_cell, args.show)
    disguised = measure_disguised(args.disguised_per_cell, args.show)
    fp = measure_false_positives(args.show)
    speed = measure_throughput(args.mb, args.repeats)
    ok = (
        recall["all"] >= GOAL_RECALL
        and disguised["all"] >= GOAL_RECALL
        and fp["en"] <= GOAL_FP_EN
        and min(
            speed["document_mb_per_s"], speed["sentences_mb_per_s"], speed["guard_mb_per_s"], speed["pasted_mb_per_s"]
        )
        >= GOAL_MB_PER_S
        and _round2_ok(round2)
    )
    print(
        json.dumps(
            {
                "recall": recall,
                "disguised_recall": disguised,
                "false_positive_rate": fp,
                "throughput": speed,
                "round2": round2,
                "goals_met": ok,
            },
            sort_keys=True,
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
