"""The differences between two versions: words for Malay and English, characters for Chinese and Tamil, escaped."""

from tests.conftest import TICO
from translations.dual_diff import diff_html


def test_malay_differs_by_whole_words():
    a, b = diff_html("saya akan hantarkan imej", "saya akan menghantar imej", "ms")

    assert a == 'saya akan <mark class="diff">hantarkan</mark> imej'
    assert b == 'saya akan <mark class="diff">menghantar</mark> imej'


def test_chinese_differs_by_characters():
    a, b = diff_html(TICO[1]["zh"], "我会发给您一张图片", "zh")

    assert a.endswith('<mark class="diff">像</mark>')
    assert b.endswith('<mark class="diff">片</mark>')


def test_a_tamil_mark_never_splits_a_letter_from_its_vowel_sign():
    a, b = diff_html("அனுப்பு", "அனுப்பி", "ta")

    # "பு" and "பி" differ only in the vowel sign: the whole letter is marked, never the sign alone.
    assert a == 'அனுப்<mark class="diff">பு</mark>' and b == 'அனுப்<mark class="diff">பி</mark>'


def test_model_output_is_escaped():
    a, b = diff_html("<b>x</b> y", "<b>x</b> z", "en")

    assert "<b>" not in a and "&lt;b&gt;x&lt;/b&gt;" in a
    assert b.endswith('<mark class="diff">z</mark>')
