from __future__ import annotations

import math

from django.utils.translation import gettext_noop

from translations.qa.base import WARNING, Segment, SegmentCheck
from translations.qa.calibration import LENGTH_FROM_ENGLISH, MIN_SOURCE_LENGTH, SCRIPT_WEIGHTS
from translations.qa.registry import register
from translations.qa.text import nonspace_len


def effective_length(segment_text: str, profile, lang: str) -> float:
    weights = SCRIPT_WEIGHTS.get(lang, {})
    special = sum(profile[s] for s in weights)
    return sum(w * profile[s] for s, w in weights.items()) + (nonspace_len(segment_text) - special)


def _band(source_lang: str, target_lang: str) -> tuple[float, float, float] | None:
    """(expected log ratio, low, high) for a pair, through English when neither side is."""
    if source_lang not in LENGTH_FROM_ENGLISH or target_lang not in LENGTH_FROM_ENGLISH:
        return None
    s_med, s_lo, s_hi = LENGTH_FROM_ENGLISH[source_lang]
    t_med, t_lo, t_hi = LENGTH_FROM_ENGLISH[target_lang]
    if source_lang == "en":
        return t_med, t_lo, t_hi
    # X -> Y: the Y/en and X/en ratios divide; the band is the looser of the two.
    return t_med - s_med, min(t_lo, -s_hi), max(t_hi, -s_lo)


@register
class LengthCheck(SegmentCheck):
    check_id = "length"
    name = gettext_noop("Omission and length")
    description = (
        "The target is far shorter or longer than the language pair's usual length ratio (outside the band "
        "holding 99% of TICO-19's professional translations): something may be missing or added."
    )
    severity = WARNING
    messages = {
        "shorter": gettext_noop(
            "The target is much shorter than usual for this language pair (%(percent)s%% of the expected "
            "length): part of the text may be missing."
        ),
        "longer": gettext_noop(
            "The target is much longer than usual for this language pair (%(percent)s%% of the expected "
            "length): something may have been added."
        ),
    }

    def run(self, segment: Segment):
        band = _band(segment.source_lang, segment.target_lang)
        if band is None:
            return
        source_length = effective_length(segment.source, segment.source_profile, segment.source_lang)
        target_length = effective_length(segment.target, segment.target_profile, segment.target_lang)
        if source_length < MIN_SOURCE_LENGTH or target_length <= 0:
            return
        expected, low, high = band
        deviation = math.log(target_length / source_length) - expected
        share = math.exp(deviation)
        if deviation < low:
            yield self.finding("shorter", percent=f"{share * 100:.0f}")
        elif deviation > high:
            yield self.finding("longer", percent=f"{share * 100:.0f}")
