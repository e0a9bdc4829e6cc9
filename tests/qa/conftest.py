"""Helpers for the QA check tests: run one segment, pick findings by check."""

from __future__ import annotations

from translations.qa import QAFinding, check_segment


def run(source: str, target: str, target_lang: str, source_lang: str = "en", **kwargs) -> list[QAFinding]:
    return check_segment(source=source, target=target, source_lang=source_lang, target_lang=target_lang, **kwargs)


def of(findings: list[QAFinding], check_id: str, severity: str | None = None) -> list[QAFinding]:
    return [f for f in findings if f.check_id == check_id and (severity is None or f.severity == severity)]
