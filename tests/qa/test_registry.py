from __future__ import annotations

import pytest

import translations.qa as qa
from translations.qa import GlossaryEntry, QAFinding, check_segment, check_source_document, registered_checks
from translations.qa.base import SEVERITIES, DocumentCheck, SegmentCheck
from translations.qa.registry import register

from .conftest import of, run

REQUIRED = {
    "language",
    "zh_script",
    "untranslated",
    "numbers",
    "glossary",
    "length",
    "placeholders",
    "back_translation",
    "source_safety",
    "reading_level",
}


def test_the_public_api_is_exported_under_its_agreed_names():
    assert set(qa.__all__) >= {
        "GlossaryEntry",
        "QAFinding",
        "check_segment",
        "check_source_document",
        "registered_checks",
    }


def test_it_registers_every_required_check_once():
    ids = [cls.check_id for cls in registered_checks()]
    assert REQUIRED <= set(ids)
    assert len(ids) == len(set(ids))


def test_the_checks_run_in_the_stated_order_and_the_order_names_every_built_in_check():
    from translations.qa.checks import RUN_ORDER

    built_in = [cls.check_id for cls in registered_checks() if cls.__module__.startswith("translations.qa.checks.")]
    assert built_in == list(RUN_ORDER)
    assert RUN_ORDER[0] == "empty"  # exclusive: an empty translation gets one finding, not ten


def test_every_check_declares_id_severity_languages_name_and_description():
    for cls in registered_checks():
        assert cls.severity in SEVERITIES, cls
        assert cls.languages and cls.languages <= {"en", "zh", "ms", "ta"}, cls
        assert cls.name and cls.description, cls
        assert issubclass(cls, (SegmentCheck, DocumentCheck))


def test_the_document_checks_are_source_safety_and_reading_level():
    document = {cls.check_id for cls in registered_checks() if issubclass(cls, DocumentCheck)}
    assert document == {"source_safety", "reading_level"}


def test_it_refuses_a_second_check_with_the_same_id():
    with pytest.raises(ValueError, match="already registered"):

        @register
        class Duplicate(SegmentCheck):
            check_id = "numbers"
            name = "x"
            description = "x"
            severity = "error"


def test_it_refuses_an_unknown_severity():
    with pytest.raises(ValueError, match="severity"):

        @register
        class Loud(SegmentCheck):
            check_id = "test_loud"
            name = "x"
            description = "x"
            severity = "fatal"


def test_a_finding_serialises_as_check_severity_message():
    finding = QAFinding("numbers", "error", "The source has 995 (emergency number) but the target does not.")
    assert finding.as_dict() == {
        "check": "numbers",
        "severity": "error",
        "message": "The source has 995 (emergency number) but the target does not.",
    }


def test_a_glossary_entry_has_no_forbidden_terms_by_default():
    assert GlossaryEntry("hospital", "hospital").forbidden == ()


def test_it_stays_quiet_on_a_correct_tico_translation():
    findings = run(
        "The incubation period for COVID-19 is typically five to six days but may range from two to 14 days.",
        "COVID-19 的潜伏期通常为 5-6 天，但可能扩展至 2-14 天不等。",
        "zh",
    )
    assert findings == []


def test_it_runs_only_the_source_text_checks_when_target_and_source_language_agree():
    # The source itself: no comparison checks (numbers, placeholders), but language does run.
    findings = check_segment(source="Sila hubungi 995.", target="Sila hubungi 995.", source_lang="en", target_lang="en")
    assert {f.check_id for f in findings} == {"language"}


def test_it_flags_traditional_characters_in_a_chinese_source_text():
    text = "這些症狀已持續多長時間？"
    findings = check_segment(source=text, target=text, source_lang="zh", target_lang="zh")
    assert of(findings, "zh_script", "error")


def test_a_check_that_crashes_becomes_an_error_finding_not_an_exception(monkeypatch):
    from translations.qa.checks.punctuation import PunctuationCheck

    def boom(self, segment):
        raise RuntimeError("bug")

    monkeypatch.setattr(PunctuationCheck, "run", boom)
    findings = run("Wash your hands.", "Basuh tangan anda.", "ms")
    crashed = of(findings, "punctuation")
    assert crashed and crashed[0].severity == "error" and "could not run" in crashed[0].message


def test_emergency_numbers_come_from_settings_when_not_given(settings):
    settings.EMERGENCY_NUMBERS = ["6123 4567"]
    findings = run("Call 6123 4567 if you feel worse.", "Hubungi doktor jika anda berasa lebih teruk.", "ms")
    assert any("6123 4567 (emergency number)" in f.message for f in findings)


def test_emergency_numbers_default_to_995_999_and_1777_without_the_setting(settings):
    if hasattr(settings, "EMERGENCY_NUMBERS"):
        del settings.EMERGENCY_NUMBERS
    findings = run("For a non-emergency ambulance call 1777.", "Untuk ambulans bukan kecemasan, hubungi doktor.", "ms")
    assert any("1777 (emergency number)" in f.message for f in findings)


def test_explicit_emergency_numbers_override_the_settings(settings):
    settings.EMERGENCY_NUMBERS = ["995"]
    findings = run("Call 995.", "Hubungi ambulans.", "ms", emergency_numbers=[])
    assert not any("emergency number" in f.message for f in findings)


def test_check_source_document_returns_indexes_and_findings():
    result = check_source_document(segments=[("heading", "Fever"), ("paragraph", "Drink water.")], lang="en")
    assert all(index is None or isinstance(index, int) for index, _ in result)
    assert any(f.check_id == "source_safety" for _, f in result)
