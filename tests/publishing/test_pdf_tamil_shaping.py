"""Tamil is shaped on the printed page: a pre-base vowel sign (ெ ே ை) is drawn before
its consonant, a two-part sign (ொ ோ) around it, and no dotted circle (U+25CC, what
HarfBuzz draws for a cluster it cannot shape) appears.

Each syllable is printed big as the leaflet title, rasterised by pdftoppm, and its
ink compared with the ink of its parts printed alone (the sign after a no-break
space, which carries a mark without a dotted circle): the parts must appear left to
right in visual order, edge to edge, with nothing else drawn."""

import functools
import re

import pytest
from PIL import Image, ImageChops

from tests.publishing import make_pdf, render, skip_unless_printing, tico

NBSP = "\u00a0"
# How each vowel sign is drawn, left to right, around the consonant (C).
VISUAL_ORDER = {
    "\u0bc6": [NBSP + "\u0bc6", "C"],  # ெ
    "\u0bc7": [NBSP + "\u0bc7", "C"],  # ே
    "\u0bc8": [NBSP + "\u0bc8", "C"],  # ை
    "\u0bca": [NBSP + "\u0bc6", "C", NBSP + "\u0bbe"],  # ொ = ெ + ா
    "\u0bcb": [NBSP + "\u0bc7", "C", NBSP + "\u0bbe"],  # ோ = ே + ா
}
SYLLABLE = re.compile("([\u0b95-\u0bb9])([\u0bc6\u0bc7\u0bc8\u0bca\u0bcb])")
# The title line at 300 dpi: below the top margin, above anything else on the page.
TITLE_BAND = (0, 150, 1240, 200)
SAME = 0.8  # intersection over union of the ink: 1.0 when shaped right, about 0.3-0.45 when not
MAX_GAP = 30  # pixels between two parts of a cluster at 300 dpi (a dotted circle is wider)


@pytest.fixture(autouse=True)
def _printing():
    skip_unless_printing()


def _tamil_sentences():
    return tico(
        "ta",
        where=lambda row: all(sign in row["ta"] for sign in "ெேை") and ("ொ" in row["ta"] or "ோ" in row["ta"]),
        count=4,
    )


def _syllables():
    """Distinct consonant + pre-base or two-part vowel sign pairs of real TICO-19 sentences,
    at least one of each sign."""
    found: dict[str, str] = {}
    for sentence in _tamil_sentences():
        for consonant, sign in SYLLABLE.findall(sentence):
            found.setdefault(sign, consonant + sign)
    return sorted(found.values())


@functools.cache
def _ink(text: str) -> Image.Image:
    """The ink (black and white) of `text` printed as the title, cut to its left and right edges."""
    picture = render(make_pdf("ta", title=text), dpi=300, crop=TITLE_BAND)
    mono = picture.point(lambda value: 255 if value < 128 else 0).convert("1")
    box = mono.getbbox()
    assert box, f"nothing drawn for {text!r}"
    return mono.crop((box[0], 0, box[2], mono.height))


def _overlap(a: Image.Image, b: Image.Image) -> float:
    both = ImageChops.logical_and(a, b).histogram()[-1]
    either = ImageChops.logical_or(a, b).histogram()[-1]
    return both / either if either else 0.0


def _drawn_as(text: str, parts: list[str]) -> tuple[list[float], int]:
    """How well each part matches the ink of `text` where it should be, walking left to
    right, and how many columns of ink are left over on the right."""
    whole = _ink(text)
    scores, position = [], 0
    for index, part_text in enumerate(parts):
        part = _ink(part_text)
        best = (0.0, position)
        last = min(position + (2 if index == 0 else MAX_GAP), whole.width - part.width)
        for dx in range(position, last + 1):
            window = whole.crop((dx, 0, dx + part.width, whole.height))
            for dy in range(-3, 4):  # the baseline may round to another pixel row
                best = max(best, (_overlap(window, ImageChops.offset(part, 0, dy)), dx))
        scores.append(best[0])
        position = best[1] + part.width
    return scores, whole.width - position


def _is_shaped_right(text: str, parts: list[str]) -> bool:
    scores, left_over = _drawn_as(text, parts)
    return all(score >= SAME for score in scores) and left_over <= 3


def _parts(syllable: str) -> list[str]:
    consonant, sign = syllable[0], syllable[1]
    return [consonant if part == "C" else part for part in VISUAL_ORDER[sign]]


def test_the_tico_sentences_hold_every_pre_base_and_two_part_sign():
    signs = {syllable[1] for syllable in _syllables()}
    assert {"\u0bc6", "\u0bc7", "\u0bc8"} <= signs
    assert signs & {"\u0bca", "\u0bcb"}


def test_pre_base_and_two_part_vowel_signs_are_drawn_around_their_consonant():
    for syllable in _syllables():
        scores, left_over = _drawn_as(syllable, _parts(syllable))
        assert all(score >= SAME for score in scores) and left_over <= 3, (syllable, scores, left_over)


def test_the_check_fails_a_vowel_sign_drawn_after_its_consonant():
    # க then ெ on a no-break space: the picture of a shaper that did not reorder.
    assert not _is_shaped_right("க" + NBSP + "ெ", [NBSP + "ெ", "க"])


def test_the_check_fails_a_dotted_circle():
    # The sign typed before its consonant: HarfBuzz draws ெ◌க.
    assert not _is_shaped_right("ெக", [NBSP + "ெ", "க"])
