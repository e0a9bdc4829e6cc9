from .conftest import of, run


def test_it_flags_a_right_to_left_override_as_an_error():
    [finding] = of(run("Call 995.", "Hubungi \u202e599\u202c.", "ms"), "rtl_marks")
    assert finding.severity == "error" and "U+202E RIGHT-TO-LEFT OVERRIDE" in finding.message


def test_it_warns_about_zero_width_spaces():
    [finding] = of(run("Wash your hands.", "Basuh\u200b tangan anda.", "ms"), "rtl_marks")
    assert finding.severity == "warning" and "ZERO WIDTH SPACE" in finding.message


def test_it_stays_quiet_on_tamil_that_uses_zero_width_joiners():
    assert of(run("Wash your hands.", "கைகளைக்\u200d கழுவுங்கள்.", "ta"), "rtl_marks") == []


def test_it_checks_the_source_text_itself():
    findings = run("Take \u202e2\u202c tablets.", "Take \u202e2\u202c tablets.", "en", source_lang="en")
    assert of(findings, "rtl_marks", "error")
