import pytest

from translations.qa import check_source_document
from translations.qa.syllables import count


def reading(segments, lang="en"):
    return [f for _, f in check_source_document(segments=segments, lang=lang) if f.check_id == "reading_level"]


def test_it_reports_plain_english_as_info():
    [finding] = reading(
        [("paragraph", "Drink water. Rest at home. Take your medicine."), ("red_flag", "Call 995 if you feel worse.")]
    )
    assert finding.severity == "info" and "grade" in finding.message


def test_it_warns_above_grade_eight_and_names_the_hardest_text():
    hard = (
        "Community mitigation strategies, which aim to slow the spread of COVID-19, are important to protect all "
        "persons from COVID-19, especially persons with underlying health conditions and other persons at risk for "
        "severe COVID-19-associated disease."
    )
    [finding] = reading([("paragraph", hard)])
    assert finding.severity == "warning" and "Community mitigation" in finding.message


def test_it_leaves_headings_out():
    assert reading([("heading", "Antimicrobial stewardship considerations")]) == []


def test_it_leaves_the_title_out():
    title = "Antimicrobial stewardship considerations for immunocompromised patients"
    assert reading([("title", title)]) == []
    [finding] = reading([("title", title), ("paragraph", "Drink water. Rest at home.")])
    assert finding.severity == "info" and finding.params["words"] == 5
    assert "Antimicrobial" not in finding.message


def test_it_only_grades_english():
    assert reading([("paragraph", "多喝水。")], "zh") == []


@pytest.mark.parametrize(
    "word, syllables",
    [
        ("water", 2),
        ("medicine", 3),
        ("table", 2),
        ("make", 1),
        ("treated", 2),
        ("needed", 2),
        ("washed", 1),
        ("boxes", 2),
        ("nation", 2),
        ("bacteria", 4),
        ("CDC", 3),
        ("SARS", 1),
        ("coronavirus", 5),
        ("self-isolate", 4),
    ],
)
def test_the_syllable_counter_agrees_with_the_dictionary(word, syllables):
    assert count(word) == syllables
