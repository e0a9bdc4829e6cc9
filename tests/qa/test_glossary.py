import pytest

from translations.qa import GlossaryEntry
from translations.qa.terms import alternatives, read_glossary_csv

from .conftest import of, run


def glossary(source, target, lang, entries):
    return of(run(source, target, lang, glossary=entries), "glossary")


MS_TERMS = [
    GlossaryEntry("contagious", "berjangkit"),
    GlossaryEntry("hospital", "hospital", forbidden=("rumah sakit",)),
    GlossaryEntry("confirmed cases", "kes yang disahkan"),
]


def test_it_stays_quiet_when_the_approved_term_is_used():
    assert glossary("The disease is contagious.", "Penyakit ini berjangkit.", "ms", MS_TERMS) == []


def test_it_warns_when_the_approved_term_is_missing():
    [finding] = glossary("The disease is contagious.", "Penyakit ini menular.", "ms", MS_TERMS)
    assert finding.severity == "warning"
    assert '"contagious"' in finding.message and '"berjangkit"' in finding.message


def test_it_flags_a_forbidden_term_as_an_error():
    [finding] = glossary("Go to the hospital.", "Pergi ke rumah sakit.", "ms", MS_TERMS)
    assert finding.severity == "error" and '"rumah sakit" must not be used' in finding.message


def test_it_matches_plurals_and_case_in_the_source():
    assert glossary("Confirmed case numbers rose.", "Bilangan kes yang disahkan meningkat.", "ms", MS_TERMS) == []
    assert glossary("Hospitals are full.", "Hospital penuh.", "ms", MS_TERMS) == []


def test_it_needs_word_boundaries_in_latin_scripts():
    # "hospitality" is not "hospital".
    assert glossary("Hospitality staff", "Kakitangan hospitaliti", "ms", MS_TERMS) == []


def test_an_acronym_matches_only_in_its_own_case():
    entries = [GlossaryEntry("AIDS", "艾滋病（AIDS）")]
    assert glossary("She wears hearing aids.", "她戴助听器。", "zh", entries) == []
    assert glossary("AIDS is caused by HIV.", "艾滋病由 HIV 引起。", "zh", entries) == []


def test_it_accepts_any_of_the_alternatives_in_the_tico_zh_list():
    entries = [GlossaryEntry("contagious", "可传染 : 有传染性")]
    assert glossary("The virus is contagious.", "该病毒有传染性。", "zh", entries) == []
    assert glossary("The virus is contagious.", "该病毒可传染。", "zh", entries) == []


def test_it_accepts_a_latin_term_inside_chinese_text():
    entries = [GlossaryEntry("WHO", "WHO")]
    assert glossary("the Director-General of the WHO said", "WHO总干事说", "zh", entries) == []


def test_it_accepts_a_tamil_term_with_a_case_ending():
    entries = [GlossaryEntry("hand-washing", "கை கழுவுதல்")]
    assert glossary("including handwashing and hand-washing", "கைகளை கழுவுதல் உள்ளிட்டவை", "ta", entries) == []


@pytest.mark.parametrize(
    "term, expected",
    [
        ("可传染 : 有传染性", ["可传染", "有传染性"]),
        ("ubat; ubat-ubatan", ["ubat", "ubat-ubatan"]),
        ("艾滋病（AIDS）", ["艾滋病（AIDS）", "艾滋病"]),
        ("冠状病毒 [when referring the generic virus group]", ["冠状病毒"]),
    ],
)
def test_it_splits_alternatives(term, expected):
    assert alternatives(term) == expected


def test_it_reads_the_tico_term_list_format():
    text = "id,sourceLang,targetLang,sourceString,targetString\n1,en,ms_MY,acute bronchitis,bronkitis akut\n"
    assert read_glossary_csv(text) == [GlossaryEntry("acute bronchitis", "bronkitis akut")]


def test_it_reads_the_project_format_with_forbidden_terms():
    text = "source_term,target_term,forbidden\nhospital,hospital,rumah sakit;RS\n"
    assert read_glossary_csv(text) == [GlossaryEntry("hospital", "hospital", ("rumah sakit", "RS"))]


def test_it_rejects_a_csv_without_term_columns():
    with pytest.raises(ValueError, match="sourceString"):
        read_glossary_csv("a,b\n1,2\n")
