"""The back-translation check: chrF between the back-translation and the source.

A job scores each back-translation when it stores it (the figure reviewers
see, `TargetSegment.back_translation_chrf`, rounded to one decimal), and QA
runs over the whole text when the job finishes. `stored_scores` lets that run
use the stored figures instead of scoring every segment again: a figure is
looked up by the exact back-translation and source it was stored with, and
trusted only when, even off by the rounding, it clears the threshold. A figure
near or below the threshold is computed again, so the finding (and its
message) is the one the check would give without it. A figure never outlives
its back-translation: they are written and cleared together (a reviewer's
edit clears both), and one whose back-translation is not this one is not
found.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.utils.translation import gettext_noop

from translations.qa.base import WARNING, Segment, SegmentCheck
from translations.qa.calibration import CHRF_THRESHOLD, CHRF_THRESHOLD_DEFAULT
from translations.qa.registry import register


@lru_cache(maxsize=1)
def _metric():
    from sacrebleu.metrics import CHRF

    # chrF (char 6-grams, beta 2), not chrF++: word n-grams split on spaces,
    # which a Chinese sentence does not have. whitespace=False drops spaces
    # before counting, so "2020 年 3 月" and "2020年3月" (both found in
    # professional Chinese) score the same. Case is folded: a back-translation
    # writing "Covid" for "COVID" has not lost meaning.
    return CHRF(char_order=6, word_order=0, beta=2, lowercase=True, whitespace=False)


def _normalise(text: str) -> str:
    # NFKC folds full-width ＣＯＶＩＤ－１９ and ，。 variants that machine
    # back-translations into Chinese produce unpredictably.
    return unicodedata.normalize("NFKC", text)


def score(back_translation: str, source: str, source_lang: str) -> float:
    return _metric().sentence_score(_normalise(back_translation), [_normalise(source)]).score


# Stored figures are round(score, 1): the score itself is within 0.05 of it
# (a little more allows for floating point).
STORED_PRECISION = 0.051

_stored: ContextVar[Mapping[tuple[str, str], float] | None] = ContextVar("stored_chrf", default=None)
_computed: ContextVar[dict[tuple[str, str], float] | None] = ContextVar("computed_chrf", default=None)


@contextmanager
def stored_scores(figures: Mapping[tuple[str, str], float]) -> Iterator[None]:
    """Within the block, trust these stored chrF figures, keyed by (back-translation, source) as stored.

    Scores computed within the block are kept too: two checks (back-translation, shifted segment)
    ask for the same pair, and chrF is the costly part of a QA run.
    """
    token = _stored.set(figures)
    computed = _computed.set({})
    try:
        yield
    finally:
        _computed.reset(computed)
        _stored.reset(token)


def score_or_stored(back_translation: str, source: str, source_lang: str) -> float:
    """The chrF of a back-translation against its own source: the stored figure when there is one."""
    figure = (_stored.get() or {}).get((back_translation, source))
    return figure if figure is not None else fresh_score(back_translation, source, source_lang)


def fresh_score(back_translation: str, source: str, source_lang: str) -> float:
    """chrF computed now (never a stored, rounded figure), once per pair within a stored_scores block."""
    cache = _computed.get()
    if cache is None:
        return score(back_translation, source, source_lang)
    if (back_translation, source) not in cache:
        cache[(back_translation, source)] = score(back_translation, source, source_lang)
    return cache[(back_translation, source)]


def stored_figure_passes(figure: float, source_lang: str) -> bool:
    """True when a stored (rounded) figure proves the score clears the threshold."""
    return figure - STORED_PRECISION >= CHRF_THRESHOLD.get(source_lang, CHRF_THRESHOLD_DEFAULT)


@register
class BackTranslationCheck(SegmentCheck):
    check_id = "back_translation"
    name = gettext_noop("Back-translation")
    description = (
        "chrF between the back-translation and the source; below the calibrated threshold for the source "
        "language the meaning may have drifted (warning). Runs only when a back-translation exists."
    )
    severity = WARNING
    messages = {
        "far": gettext_noop(
            "The back-translation is far from the source (chrF %(score)s, threshold %(threshold)s): "
            "the meaning may have changed."
        ),
    }

    def applies(self, segment: Segment) -> bool:
        return bool(segment.back_translation and segment.back_translation.strip()) and super().applies(segment)

    def run(self, segment: Segment):
        if not segment.back_translation or not segment.source.strip():
            return
        figure = (_stored.get() or {}).get((segment.back_translation, segment.source))
        if figure is not None and stored_figure_passes(figure, segment.source_lang):
            return
        value = fresh_score(segment.back_translation, segment.source, segment.source_lang)
        threshold = CHRF_THRESHOLD.get(segment.source_lang, CHRF_THRESHOLD_DEFAULT)
        if value < threshold:
            yield self.finding("far", score=f"{value:.0f}", threshold=f"{threshold:.0f}")
