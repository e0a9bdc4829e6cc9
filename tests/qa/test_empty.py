from .conftest import of, run


def test_it_flags_an_empty_translation_as_an_error():
    findings = run("Wash your hands with soap and water.", "", "ms")
    assert [f.as_dict() for f in findings] == [
        {
            "check": "empty",
            "severity": "error",
            "message": "Empty translation: the source has text but the target is empty.",
        }
    ]


def test_it_flags_a_whitespace_only_translation_and_nothing_else():
    findings = run("Wash your hands with soap and water.", " \t\n", "zh")
    assert [f.check_id for f in findings] == ["empty"]


def test_it_stays_quiet_when_source_and_target_are_both_empty():
    assert of(run("", "", "ta"), "empty") == []


def test_it_flags_an_empty_source_text():
    findings = run("", "", "en", source_lang="en")
    assert of(findings, "empty", "error")
