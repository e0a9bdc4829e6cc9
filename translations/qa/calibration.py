"""Calibrated constants, with the figures they come from.

Produced by `bench/qa_calibrate.py` on the even-numbered (calibration) rows of
TICO-19 dev (986 rows of professional en -> zh/ms/ta health translations).
"""

from __future__ import annotations

# --- length ------------------------------------------------------------------
# Effective length counts one Han character as 2.9 Latin characters and one
# Tamil code point as 2.5: the weights that make the en->target length ratio
# least variable (median absolute deviation of the log ratio 0.099 for zh and
# 0.100 for ta, against 0.131 for plain character counts in Chinese).
SCRIPT_WEIGHTS = {"zh": {"han": 2.9}, "ta": {"tamil": 2.5}, "ms": {}, "en": {}}

# Segments whose source is shorter than this (effective characters) are not
# length-checked: "Yes." / "是。" ratios say nothing.
MIN_SOURCE_LENGTH = 20

# Per target language, from English: (log median ratio, low, high), the band
# being the 0.5% and 99.5% quantiles of log(target/source) around the median.
#   zh: median x0.898, band x0.59 .. x1.72
#   ms: median x1.103, band x0.77 .. x1.49
#   ta: median x3.241, band x0.66 .. x1.71
LENGTH_FROM_ENGLISH = {
    "en": (0.0, -0.418, 0.541),  # no en->en data: the widest of the three bands
    "zh": (-0.108, -0.535, 0.541),
    "ms": (0.098, -0.267, 0.402),
    "ta": (1.176, -0.418, 0.537),
}

# --- back-translation ----------------------------------------------------------
# chrF (sacrebleu, char 6-grams, beta 2) of a back-translation against its
# source. There are no genuine back-translations in TICO-19, so the threshold is
# set from the failure side: unrelated sentence pairs score
#   en: p50 17.4, p99 27.9, p99.9 33.6;  zh: p50 1.9, p99 12.7, p99.9 19.6
# and the first half of a sentence alone scores en p1 46.4 / zh p1 36.5.
# The thresholds sit above 99.9% of unrelated pairs and well below what a
# half-faithful back-translation keeps.
CHRF_THRESHOLD = {"en": 35.0, "zh": 20.0}
CHRF_THRESHOLD_DEFAULT = 35.0
