"""The TICO-19 reference data for QA benchmarks and tests, and the corrupted
rows built from it.

The data stays in ../shared/data/tico19/ (read-only, never copied into the
project). Rows are split by position: even-numbered rows calibrate, odd-numbered
rows are held out.
"""

from __future__ import annotations

import csv
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TICO_DIR = Path(os.environ.get("QA_TICO_DIR", ROOT.parent / "shared" / "data" / "tico19"))
DEFAULT_TICO = DEFAULT_TICO_DIR / "tico19-dev.tsv"
LANGUAGES = ("zh", "ms", "ta")


def load_tico(path: Path = DEFAULT_TICO) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        # QUOTE_NONE: the file quotes nothing; a row that starts with " is text.
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def calibration_rows(rows: list[dict]) -> list[dict]:
    return rows[0::2]


def held_out_rows(rows: list[dict]) -> list[dict]:
    return rows[1::2]


# --- test cases ----------------------------------------------------------------

# "Call 995 if it gets worse" in each language, for the emergency-number cases.
EMERGENCY_SENTENCE = {
    "en": "If it gets worse, call 995.",
    "zh": "如果情况恶化，请拨打 995。",
    "ms": "Jika keadaan bertambah teruk, hubungi 995.",
    "ta": "நிலைமை மோசமானால், 995 ஐ அழைக்கவும்.",
}
# Which column stands in as "the wrong language" for each target.
WRONG_LANGUAGE = {"zh": "ms", "ms": "ta", "ta": "zh"}
# A number not glued to letters, and not part of a longer number (3,000 / 2.5).
_STANDALONE_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z\-.,])[0-9]+(?![0-9A-Za-z]|[.,][0-9])")


@dataclass(frozen=True)
class Case:
    row_id: str
    source: str
    target: str
    target_lang: str


def correct_cases(rows: list[dict], lang: str) -> list[Case]:
    return [Case(r["id"], r["en"], r[lang], lang) for r in rows]


def emergency_kept_cases(rows: list[dict], lang: str) -> list[Case]:
    """The emergency sentence added to both sides: must stay as quiet as the plain rows."""
    return [
        Case(r["id"], f"{r['en']} {EMERGENCY_SENTENCE['en']}", f"{r[lang]} {EMERGENCY_SENTENCE[lang]}", lang)
        for r in rows
    ]


def _change_a_number(row: dict, lang: str) -> str | None:
    source_numbers = set(_STANDALONE_NUMBER_RE.findall(row["en"]))
    spans = [m for m in _STANDALONE_NUMBER_RE.finditer(row[lang]) if m.group(0) in source_numbers]
    if not spans:
        return None
    match = random.Random(row["id"]).choice(spans)
    digits = match.group(0)
    changed = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    return row[lang][: match.start()] + changed + row[lang][match.end() :]


def corrupted_cases(rows: list[dict], lang: str) -> dict[str, list[Case]]:
    """Each corruption on every row where it applies."""
    from bench.qa_s2t_table import to_traditional

    cases: dict[str, list[Case]] = {}
    if lang == "ms":
        cases["indonesian_as_malay"] = [Case(r["id"], r["en"], r["id_ID"], "ms") for r in rows if r["id_ID"] != r["ms"]]
    if lang == "zh":
        cases["traditional_as_simplified"] = [
            Case(r["id"], r["en"], to_traditional(r["zh"]), "zh") for r in rows if to_traditional(r["zh"]) != r["zh"]
        ]
    changed = [(r, _change_a_number(r, lang)) for r in rows]
    cases["number_changed"] = [Case(r["id"], r["en"], t, lang) for r, t in changed if t is not None]
    cases["emergency_dropped"] = [Case(r["id"], f"{r['en']} {EMERGENCY_SENTENCE['en']}", r[lang], lang) for r in rows]
    other = WRONG_LANGUAGE[lang]
    cases[f"wrong_language_{other}_as_{lang}"] = [
        Case(r["id"], r["en"], r[other], lang) for r in rows if r[other].strip() != r[lang].strip()
    ]
    cases["untranslated"] = [Case(r["id"], r["en"], r["en"], lang) for r in rows if r[lang].strip() != r["en"].strip()]
    cases["cut_off"] = [
        Case(r["id"], r["en"], r[lang][: len(r[lang]) // 2].rstrip(), lang) for r in rows if len(r[lang].strip()) >= 2
    ]
    return cases
