from __future__ import annotations

import unicodedata
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
        value = score(segment.back_translation, segment.source, segment.source_lang)
        threshold = CHRF_THRESHOLD.get(segment.source_lang, CHRF_THRESHOLD_DEFAULT)
        if value < threshold:
            yield self.finding("far", score=f"{value:.0f}", threshold=f"{threshold:.0f}")
