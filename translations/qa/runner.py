"""Running the registered checks over a segment or a source document."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache

from translations.qa.base import ERROR, GlossaryEntry, QAFinding, Segment
from translations.qa.config import emergency_numbers as resolve_emergency_numbers
from translations.qa.messages import CRASHED
from translations.qa.registry import document_checks, segment_checks

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _segment_instances() -> tuple:
    return tuple(cls() for cls in segment_checks())


@lru_cache(maxsize=1)
def _document_instances() -> tuple:
    return tuple(cls() for cls in document_checks())


def _crashed(check, exc: Exception) -> QAFinding:
    # A check that cannot run has not passed the text: say so, as an error a
    # reviewer has to look at, instead of failing the whole run or passing silently.
    logger.exception("QA check %s failed", check.check_id)
    return check.finding(CRASHED, ERROR, check=check.check_id, error=type(exc).__name__)


def check_segment(
    *,
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    back_translation: str | None = None,
    glossary: Sequence[GlossaryEntry] = (),
    emergency_numbers: Sequence[str] | None = None,
    neighbour_sources: Sequence[str] = (),
) -> list[QAFinding]:
    """Run every registered segment check that applies to target_lang.

    When target_lang == source_lang the text is the source itself and only the
    checks that make sense on their own run (language, script, invisible marks).
    `neighbour_sources` are the sources of the segments before and after this
    one in the text; the shifted-segment check compares the target with them.
    """
    segment = Segment(
        source=source or "",
        target=target or "",
        source_lang=source_lang,
        target_lang=target_lang,
        back_translation=back_translation,
        glossary=glossary,
        emergency_numbers=resolve_emergency_numbers(emergency_numbers),
        neighbour_sources=neighbour_sources,
    )
    findings: list[QAFinding] = []
    for check in _segment_instances():
        if not check.applies(segment):
            continue
        try:
            result = list(check.run(segment))
        except Exception as exc:  # noqa: BLE001 - reported as a finding, see _crashed
            result = [_crashed(check, exc)]
        if result and check.exclusive:
            return result
        findings.extend(result)
    return findings


def check_source_document(*, segments: Sequence[tuple[str, str]], lang: str) -> list[tuple[int | None, QAFinding]]:
    """Run the document checks over a source draft: [(kind, text), ...].

    Returns (segment index, or None for the document as a whole, finding).
    """
    segments = [(kind, text or "") for kind, text in segments]
    findings: list[tuple[int | None, QAFinding]] = []
    for check in _document_instances():
        if not check.applies(lang):
            continue
        try:
            findings.extend(check.run(segments, lang))
        except Exception as exc:  # noqa: BLE001
            findings.append((None, _crashed(check, exc)))
    return findings
