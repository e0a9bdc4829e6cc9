"""Learn the shifted-segment check's bilingual lexicon (IBM Model 1).

    cd /work/main && .venv/bin/python bench/qa_round2_lexicon.py [--tico-dir ../shared/data/tico19]

Development-time only; nothing imports this at run time. Per target
language, on the LEXICON documents of TICO-19 dev and the TICO-19 term lists
(f_en-*.csv, g_en_*.csv, each term pair a short sentence pair), with the
tokens of translations/qa/alignment.py: trains IBM Model 1 both ways (EM, a
NULL word, 6 iterations; t(target | English) and t(English | target)), keeps
for each English word the target tokens whose two probabilities have a
geometric mean >= 0.05 (at most 4), and counts in how many pairs each word
and token occurs. It writes translations/qa/shift_lexicon_table.py: the
lexicon and an idf weight per word and token (ln((pairs + 1) / (pairs with
it + 1))).

Both directions, because one direction alone lets a frequent token be the
"translation" of a rare word it merely stands next to (across -> 的 在 个);
requiring the token to point back at the word removes most of these. The idf
weights, because a source and a wrong neighbour share the common words and
characters (的, 在, yang, மற்றும்) as readily as the right one: counting
them equally blurred the difference that the rare words make. On the TUNING
documents the two together took the Chinese shifted rows flagged at zero
false errors from 84.7% to 92.4% (bench/qa_round2_measure.py --tune --sweep;
candidates in the report of issue 16).

The split of TICO-19 dev for the shifted check is by DOCUMENT (a row id is
"document:number"): a text a lexicon has read, or whose neighbours it has
read, scores too well, and real leaflets are never in the lexicon. Whole
documents go to three parts, LEXICON (~50% of rows: learned from here),
TUNING (~20%: the check's thresholds and method are chosen here,
bench/qa_round2_measure.py --tune [--sweep]) and HELD-OUT (~30%: measured
once, bench/qa_round2_measure.py --shift-heldout). See `document_parts`.
The negation and unit checks keep their own odd/even row split
(bench/qa_round2_corpus.py); they learn nothing from TICO-19.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 32)
os.environ.setdefault("AUDIT_KEY", "bench-only-audit-key-" + "y" * 32)

from bench.qa_corpus import DEFAULT_TICO_DIR, load_tico  # noqa: E402
from translations.qa.alignment import tokens  # noqa: E402

TERM_FILES = {
    "zh": ("f_en-zh_CN.csv", "g_en_zh-CN.csv"),
    "ms": ("f_en-ms_MY.csv", "g_en_ms.csv"),
    "ta": ("f_en-ta_IN.csv", "g_en_ta.csv"),
}
# 12 iterations were tried on the TUNING documents: no better.
ITERATIONS = 6
# Words seen once are kept: most are glossary terms, whose pairs are short
# enough to align well (dropping them lost 2-9 points of shifted rows flagged
# and cut no false errors).
MIN_COUNT = 1
# On the geometric mean of t(f | e) and t(e | f).
MIN_PROBABILITY = 0.05
MAX_TRANSLATIONS = 4
NULL = ""
OUT = ROOT / "translations" / "qa" / "shift_lexicon_table.py"

LEXICON, TUNING, HELD_OUT = "lexicon", "tuning", "held-out"
# Share of TICO-19 dev rows each part is filled to.
SHARES = {LEXICON: 0.50, TUNING: 0.20, HELD_OUT: 0.30}


def document(row_id: str) -> str:
    return row_id.split(":")[0]


def document_parts(rows: list[dict]) -> dict[str, str]:
    """Document name -> part, fixed by the data alone (nothing the check does).

    Largest document first (ties by the SHA-256 of the name), each given to the
    part furthest below its share in rows. The documents are very unequal (1 to
    289 rows); taken in hash order instead, the three largest fell to one part
    and the shares came out 51/17/33%; largest first they are 50/20/30%.
    """
    sizes = Counter(document(row["id"]) for row in rows)
    total = sum(sizes.values())
    filled = dict.fromkeys(SHARES, 0)
    parts = {}
    for name in sorted(sizes, key=lambda d: (-sizes[d], hashlib.sha256(d.encode()).hexdigest())):
        part = max(SHARES, key=lambda p: SHARES[p] * total - filled[p])
        filled[part] += sizes[name]
        parts[name] = part
    return parts


def part_rows(rows: list[dict], part: str) -> list[dict]:
    """The rows of one part's documents, in file order (whole documents)."""
    parts = document_parts(rows)
    return [row for row in rows if parts[document(row["id"])] == part]


def corpus(tico_dir: Path, lang: str) -> list[tuple[list[str], list[str]]]:
    pairs = []
    for row in part_rows(load_tico(tico_dir / "tico19-dev.tsv"), LEXICON):
        pairs.append((row["en"], row[lang]))
    for name in TERM_FILES[lang]:
        with open(tico_dir / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                pairs.append((row["sourceString"], row["targetString"]))
    out = []
    for source, target in pairs:
        # Digits match themselves at run time: not learned.
        e = [w for w in tokens(source, "en") if not w[0].isdigit()]
        f = [w for w in tokens(target, lang) if not w[0].isdigit()]
        if e and f:
            out.append((e, f))
    return out


def train(pairs: list[tuple[list[str], list[str]]]) -> dict[str, dict[str, float]]:
    """t(f | e) by EM, uniform start; as {e: {f: t}}."""
    t: dict[tuple[str, str], float] = defaultdict(lambda: 1.0)
    for _ in range(ITERATIONS):
        count: dict[tuple[str, str], float] = defaultdict(float)
        total: dict[str, float] = defaultdict(float)
        for e_words, f_words in pairs:
            e_all = [NULL, *e_words]
            for f in f_words:
                z = sum(t[(e, f)] for e in e_all)
                for e in e_all:
                    c = t[(e, f)] / z
                    count[(e, f)] += c
                    total[e] += c
        t = defaultdict(float, {(e, f): c / total[e] for (e, f), c in count.items()})
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for (e, f), p in t.items():
        if e != NULL:
            table[e][f] = p
    return table


def weights(sentences: list[list[str]]) -> dict[str, float]:
    """idf of each item over the sentences, ln((n + 1) / (df + 1))."""
    df = Counter(item for sentence in sentences for item in set(sentence))
    n = len(sentences)
    return {item: round(math.log((n + 1) / (count + 1)), 2) for item, count in df.items()}


def build(tico_dir: Path) -> dict[str, dict]:
    result = {}
    for lang in ("zh", "ms", "ta"):
        pairs = corpus(tico_dir, lang)
        seen = Counter(e for e_words, _ in pairs for e in set(e_words))
        forward = train(pairs)
        backward = train([(f_words, e_words) for e_words, f_words in pairs])
        lexicon = {}
        for e, translations in forward.items():
            if seen[e] < MIN_COUNT:
                continue
            both = {f: math.sqrt(p * backward.get(f, {}).get(e, 0.0)) for f, p in translations.items()}
            best = sorted(both.items(), key=lambda item: (-item[1], item[0]))[:MAX_TRANSLATIONS]
            kept = [f for f, p in best if p >= MIN_PROBABILITY]
            if kept:
                lexicon[e] = kept
        word_weights = weights([e_words for e_words, _ in pairs])
        result[lang] = {
            "lexicon": lexicon,
            "words": {e: word_weights[e] for e in lexicon},
            "tokens": weights([f_words for _, f_words in pairs]),
            "unseen": round(math.log(len(pairs) + 1), 2),
        }
        print(f"{lang}: {len(pairs)} pairs, {len(lexicon)} English words", file=sys.stderr)
    return result


def _literal(text: str) -> str:
    """A string literal as ruff format writes it (double quotes unless the text has one)."""
    quoted = repr(text)
    if quoted.startswith("'") and '"' not in text:
        quoted = '"' + quoted[1:-1].replace("\\'", "'") + '"'
    return quoted


def write(tables: dict[str, dict]) -> None:
    lines = [
        "# ruff: noqa: E501 (generated: one entry a line, however long)",
        '"""English word -> likely target tokens and idf weights, for the shifted-segment check.',
        "",
        "GENERATED by bench/qa_round2_lexicon.py (IBM Model 1 both ways over the LEXICON",
        "documents of TICO-19 dev and the TICO-19 term lists, released by their authors",
        "under CC0); do not edit by hand. One string per language: entries separated by",
        'newlines; LEXICON "<english word>\\t<idf>\\t<token> <token> ...", TOKENS',
        '"<token>\\t<idf>", tokens as translations/qa/alignment.py cuts them; UNSEEN is',
        "the weight of a word or token the training pairs never had.",
        '"""',
        "",
    ]
    # One entry a line, so the module stays readable and diffable.
    lines.append("LEXICON = {")
    for lang, table in tables.items():
        lines.append(f"    {_literal(lang)}: (")
        lines.extend(
            f"        {_literal(e + chr(9) + str(table['words'][e]) + chr(9) + ' '.join(fs) + chr(10))}"
            for e, fs in sorted(table["lexicon"].items())
        )
        lines.append("    ),")
    lines.append("}")
    lines.append("TOKENS = {")
    for lang, table in tables.items():
        lines.append(f"    {_literal(lang)}: (")
        lines.extend(f"        {_literal(f + chr(9) + str(w) + chr(10))}" for f, w in sorted(table["tokens"].items()))
        lines.append("    ),")
    lines.append("}")
    lines.append(
        "UNSEEN = {" + ", ".join(f"{_literal(lang)}: {table['unseen']}" for lang, table in tables.items()) + "}"
    )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tico-dir", type=Path, default=DEFAULT_TICO_DIR)
    args = parser.parse_args()
    write(build(args.tico_dir))


if __name__ == "__main__":
    main()
