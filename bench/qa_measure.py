"""Measuring the QA checks on TICO-19: false alarms on the professional
translations, detection on corrupted copies, speed. Shared by
bench/qa_bench.py and tests/qa/test_tico_benchmark.py."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench.qa_corpus import (
    DEFAULT_TICO_DIR,
    LANGUAGES,
    Case,
    correct_cases,
    corrupted_cases,
    emergency_kept_cases,
    held_out_rows,
)
from translations.qa import GlossaryEntry, QAFinding, check_segment
from translations.qa.terms import read_glossary_csv

GLOSSARY_FILES = {"zh": "f_en-zh_CN.csv", "ms": "f_en-ms_MY.csv", "ta": "f_en-ta_IN.csv"}


class Timer:
    def __init__(self) -> None:
        self.rows = 0
        self.seconds = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def run(cases: Sequence[Case], timer: Timer, glossary: Sequence[GlossaryEntry] = ()) -> list[list[QAFinding]]:
    started = time.perf_counter()
    results = [
        check_segment(source=c.source, target=c.target, source_lang="en", target_lang=c.target_lang, glossary=glossary)
        for c in cases
    ]
    timer.seconds += time.perf_counter() - started
    timer.rows += len(cases)
    return results


def rate(results: list[list[QAFinding]], severities: Iterable[str] = ("error",), check_id: str | None = None) -> float:
    if not results:
        return 0.0
    wanted = set(severities)
    hits = sum(
        1
        for findings in results
        if any(f.severity in wanted and (check_id is None or f.check_id == check_id) for f in findings)
    )
    return hits / len(results)


def error_checks(results: list[list[QAFinding]]) -> dict[str, int]:
    counts: Counter = Counter()
    for findings in results:
        for check_id in {f.check_id for f in findings if f.severity == "error"}:
            counts[check_id] += 1
    return dict(counts.most_common())


def load_glossary(lang: str, directory: Path = DEFAULT_TICO_DIR) -> list[GlossaryEntry]:
    path = directory / GLOSSARY_FILES[lang]
    return read_glossary_csv(path.read_text(encoding="utf-8")) if path.exists() else []


def measure(rows: list[dict], languages: Sequence[str] = LANGUAGES, with_glossary: bool = True) -> dict:
    timer = Timer()
    summary: dict = {
        "rows": len(rows),
        "false_error_rate": {},
        "false_warning_rate": {},
        "false_error_checks": {},
        "detection": {},
        "applicable": {},
        "glossary": {},
    }
    for lang in languages:
        correct = run(correct_cases(rows, lang), timer)
        summary["false_error_rate"][lang] = rate(correct)
        summary["false_warning_rate"][lang] = rate(correct, ("warning",))
        summary["false_error_checks"][lang] = error_checks(correct)
        kept = run(emergency_kept_cases(rows, lang), timer)
        summary["false_error_rate"][f"{lang}_with_emergency_sentence"] = rate(kept)
        for name, cases in corrupted_cases(rows, lang).items():
            results = run(cases, timer)
            key = f"{name}:{lang}"
            summary["applicable"][key] = len(cases)
            if name == "cut_off":
                summary["detection"][key] = rate(results)
                summary["detection"][f"{key}:warning_or_error"] = rate(results, ("error", "warning"))
            else:
                summary["detection"][key] = rate(results)
            if name == "emergency_dropped":
                summary["detection"][f"{key}:emergency_message"] = sum(
                    1 for findings in results if any("emergency number" in f.message for f in findings)
                ) / len(results)
        if with_glossary:
            glossary = load_glossary(lang)
            if glossary:
                with_terms = run(correct_cases(rows, lang), timer, glossary)
                summary["glossary"][lang] = {
                    "terms": len(glossary),
                    "rows_with_missing_term_warning": rate(with_terms, ("warning",), "glossary"),
                    "false_error_rate_with_glossary": rate(with_terms),
                }
    summary["rows_per_second"] = timer.rows_per_second
    summary["checked_rows"] = timer.rows
    return summary


def malay_indonesian_held_out(rows: list[dict]) -> dict:
    """The variety discriminator on the rows its word weights never saw."""
    timer = Timer()
    held = held_out_rows(rows)
    malay = run([Case(r["id"], r["en"], r["ms"], "ms") for r in held], timer)
    indonesian = run([Case(r["id"], r["en"], r["id_ID"], "ms") for r in held if r["id_ID"] != r["ms"]], timer)
    return {
        "rows": len(held),
        "malay_called_indonesian": sum(1 for f in malay if any("Indonesian" in x.message for x in f)) / len(malay),
        "indonesian_detected": sum(1 for f in indonesian if any("Indonesian" in x.message for x in f))
        / len(indonesian),
        "indonesian_any_error": rate(indonesian),
    }
