import pytest

from .conftest import of, run


def placeholders(source, target, lang="ms"):
    return of(run(source, target, lang), "placeholders")


@pytest.mark.parametrize(
    "source, target",
    [
        ("Dear {name}, your appointment is on {date}.", "{name} yang dihormati, temu janji anda pada {date}."),
        ("%s tablets remain", "Tinggal %s biji"),
        ("Hello %(patient)s", "Helo %(patient)s"),
        ("Patient [NRIC_1] was seen by [NAME_2].", "Pesakit [NRIC_1] telah diperiksa oleh [NAME_2]."),
        (
            '<b>Do not</b> stop taking it. <a href="https://www.moh.gov.sg">MOH</a>',
            '<b>Jangan</b> berhenti mengambilnya. <a href="https://www.moh.gov.sg">KKM</a>',
        ),
        ("**Call 995** if you cannot breathe.", "**Hubungi 995** jika anda tidak dapat bernafas."),
        ("Email help@hospital.sg for help.", "E-mel help@hospital.sg untuk bantuan."),
        # TICO-19: a Chinese target running straight into the URL.
        (
            "as outlined at https://www.cisa.gov/critical-infrastructure-sectors.",
            "（如https://www.cisa.gov/critical-infrastructure-sectors所述）",
        ),
        # 50% of is not a %s placeholder; [COPD] is an abbreviation, not a token.
        (
            "About 50% of people with chronic obstructive pulmonary disease [COPD].",
            "Kira-kira 50% orang dengan [COPD].",
        ),
    ],
)
def test_it_stays_quiet_when_everything_survives(source, target):
    lang = "zh" if "所述" in target else "ms"
    assert placeholders(source, target, lang) == []


def test_it_flags_a_missing_placeholder():
    [finding] = placeholders("Dear {name},", "Yang dihormati,")
    assert finding.severity == "error" and "{name}" in finding.message


def test_it_flags_a_translated_placeholder():
    [finding] = placeholders("Dear {name},", "{nama} yang dihormati,")
    assert "{name}" in finding.message and "{nama}" in finding.message


def test_it_flags_an_added_redaction_token():
    assert placeholders("The patient was seen.", "Pesakit [NRIC_1] telah diperiksa.")


def test_it_flags_an_altered_url():
    assert placeholders("See https://www.moh.gov.sg/covid-19.", "Lihat https://www.moh.gov.my/covid-19.")


def test_it_flags_a_lost_html_tag():
    assert placeholders("<b>Do not</b> drive.", "Jangan memandu.")


def test_it_flags_lost_markdown_emphasis():
    assert placeholders("**Do not** drive.", "Jangan memandu.")
