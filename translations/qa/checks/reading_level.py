from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_noop

from translations.qa.base import INFO, WARNING, DocumentCheck, QAFinding
from translations.qa.registry import register
from translations.qa.syllables import count as syllables

TARGET_GRADE = 8.0
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")


def grade(sentences: int, words: list[str]) -> float:
    """Flesch-Kincaid grade level (Kincaid et al. 1975)."""
    if not words or not sentences:
        return 0.0
    return 0.39 * len(words) / sentences + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:47].rstrip() + "..."


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT_RE.split(text.strip()) if _WORD_RE.search(s)]


@register
class ReadingLevelCheck(DocumentCheck):
    """Patient leaflets should be readable at about grade 8 or below."""

    check_id = "reading_level"
    name = gettext_noop("Reading level")
    description = (
        "Flesch-Kincaid grade level of the English source (title and headings left out), with an offline syllable "
        "counter; above grade 8 is a warning, otherwise the grade is reported as info."
    )
    severity = WARNING
    languages = frozenset({"en"})
    messages = {
        "grade": gettext_noop(
            "Reading level: Flesch-Kincaid grade %(grade)s (%(words)s words, %(sentences)s sentences; "
            "target %(target)s or below)."
        ),
        "grade_hardest": gettext_noop(
            "Reading level: Flesch-Kincaid grade %(grade)s (%(words)s words, %(sentences)s sentences; "
            "target %(target)s or below). Hardest: %(hardest)s."
        ),
    }
    # One of the hardest segments, quoted: "%(text)s" and its own grade.
    hardest_item = gettext_noop('"%(text)s" grade %(grade)s')

    @classmethod
    def localise(cls, key, params, translate):
        if "hardest" in params:
            params["hardest"] = "; ".join(
                translate(cls.hardest_item) % {"text": text, "grade": grade} for text, grade in params["hardest"]
            )
        return params

    def run(self, segments: Sequence[tuple[str, str]], lang: str) -> Iterator[tuple[int | None, QAFinding]]:
        total_sentences = 0
        all_words: list[str] = []
        per_segment: list[tuple[float, str]] = []
        for kind, text in segments:
            if kind in ("title", "heading") or not text.strip():
                continue
            sentences = _sentences(text)
            words = _WORD_RE.findall(text)
            if not words:
                continue
            # A list item is a sentence even without a full stop.
            count = max(1, len(sentences))
            total_sentences += count
            all_words.extend(words)
            per_segment.append((grade(count, words), text))
        if not all_words:
            return
        level = grade(total_sentences, all_words)
        summary: dict[str, Any] = {
            "grade": f"{level:.1f}",
            "words": len(all_words),
            "sentences": total_sentences,
            "target": f"{TARGET_GRADE:.0f}",
        }
        if level <= TARGET_GRADE:
            yield None, self.finding("grade", INFO, **summary)
            return
        hardest = sorted((item for item in per_segment if item[0] > TARGET_GRADE), key=lambda item: -item[0])[:3]
        if hardest:
            detail = [[_snippet(text), f"{g:.1f}"] for g, text in hardest]
            yield None, self.finding("grade_hardest", hardest=detail, **summary)
        else:
            yield None, self.finding("grade", **summary)
