"""Hostile and odd input: findings or clear errors, never a crash or a hang."""

import time

import pytest

from translations.qa import check_segment, check_source_document

from .conftest import of, run

MEGABYTE_TEXTS = {
    "prose": "Take two tablets every day. " * 37_000,
    "digits": "1234567890" * 100_000,
    "spaced thousands": "1 000 " * 170_000,
    "colons": "1:" * 500_000,
    "hyphenated digits": "-1" * 500_000,
    "names": "COVID-19 " * 110_000,
    "chinese numerals": "一二三四五六七八九十百千万亿" * 70_000,
    "han": "这是一个测试句子。" * 110_000,
    "tamil": "இந்த அறிகுறிகள் " * 60_000,
    "one long word": "a" * 1_000_000,
    "markdown stars": "*a" * 500_000,
    "brackets": "[" * 1_000_000,
    "at signs": "a@" * 500_000,
    "angle brackets": "<a " * 330_000,
    "bidi": "\u202e" * 1_000_000,
}


@pytest.mark.parametrize("name", sorted(MEGABYTE_TEXTS))
def test_a_one_megabyte_row_is_checked_in_seconds(name):
    text = MEGABYTE_TEXTS[name]
    started = time.perf_counter()
    findings = run("Take two tablets every day.", text, "ms")
    assert isinstance(findings, list)
    assert not any("could not run" in f.message for f in findings)
    assert time.perf_counter() - started < 15


def test_a_one_megabyte_source_document_is_graded():
    segments = [("paragraph", "Drink water and rest. " * 45_000), ("red_flag", "Call 995 if you feel worse.")]
    findings = check_source_document(segments=segments, lang="en")
    assert {f.check_id for _, f in findings} == {"reading_level"}


def test_none_is_treated_as_empty_text():
    findings = check_segment(source="Wash your hands.", target=None, source_lang="en", target_lang="ms")
    assert [f.check_id for f in findings] == ["empty"]


def test_mixed_scripts_get_a_language_finding():
    findings = run("i will send you an image", "saya akan hantarkan 图像 kepada anda உருவப்படத்தை", "ms")
    assert of(findings, "language")


def test_right_to_left_marks_are_reported():
    assert of(run("Call 995.", "Hubungi \u200f995.", "ms"), "rtl_marks", "error")


def test_emoji_only_target_is_not_a_crash():
    findings = run("Stay at home.", "🏠🏠🏠", "zh")
    assert of(findings, "emoji")


def test_control_characters_and_lone_surrogates_are_reported_not_a_crash():
    # A NUL or a lone surrogate is debris of a broken conversion: it cannot be
    # encoded as UTF-8 or stored by PostgreSQL, and nothing else is wrong here.
    findings = run("Take 2 tablets.", "Ambil \x00 2 \ud800 biji.", "ms")
    assert [(f.check_id, f.severity, f.message) for f in findings] == [
        (
            "rtl_marks",
            "error",
            "The target contains 2 control or broken character(s): U+0000 CONTROL CHARACTER ×1 (first at "
            "character 7); U+D800 LONE SURROGATE ×1 (first at character 11).",
        )
    ]


def test_unknown_language_codes_run_the_checks_that_can():
    # No language-specific check knows French, but the changed dose must not pass unseen.
    findings = check_segment(source="Take 2 tablets.", target="Prenez 3 comprimés.", source_lang="en", target_lang="fr")
    assert [(f.check_id, f.severity, f.message) for f in findings] == [
        ("numbers", "error", "Numbers differ: the source has 2, the target has 3 instead.")
    ]
    findings = check_segment(source="Call {name} now ⚠", target="", source_lang="en", target_lang="fr")
    assert [f.check_id for f in findings] == ["empty"]
    findings = check_segment(
        source="Call {name} now ⚠", target="Appelez \u202e maintenant", source_lang="en", target_lang="fr"
    )
    assert [f.check_id for f in findings] == ["placeholders", "rtl_marks", "emoji"]
