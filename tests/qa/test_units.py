"""The unit check: a number kept with a changed unit is an error; a changed number is the numbers check's."""

import pytest

from bench.qa_corpus import DEFAULT_TICO, load_tico

from .conftest import of, run


def units(source, target, lang):
    return of(run(source, target, lang), "units")


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Take it for 7 days.", "连续服用 7 周。", "zh"),
        ("Take it for 7 days.", "连续服用七个星期。", "zh"),
        ("Your next appointment is in 2 months.", "Temu janji anda yang seterusnya dalam masa 2 tahun.", "ms"),
        ("Take 500 mg twice a day.", "Ambil 500 g dua kali sehari.", "ms"),
        ("The vaccine lowers the risk by 20%.", "疫苗可将风险降低 20 倍。", "zh"),
        ("Drink 2 litres of water a day.", "ஒரு நாளைக்கு 2 மி.லி. தண்ணீர் குடிக்கவும்.", "ta"),
        ("Stay at home for 5 days.", "5 வாரங்கள் வீட்டில் இருங்கள்.", "ta"),
        ("Give 5 ml three times a day.", "每天三次，每次 5 升。", "zh"),
    ],
)
def test_it_flags_a_kept_number_with_a_changed_unit(source, target, lang):
    findings = units(source, target, lang)
    assert [(f.severity, f.message_key) for f in findings] == [("error", "changed")]


def test_the_finding_quotes_both_sides():
    (finding,) = units("Take it for 7 days.", "Ambil selama 7 minggu.", "ms")
    assert finding.params == {"source": "7 days", "target": "7 minggu"}


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Take 500 mg twice a day for 7 days.", "每天服用两次，每次 500 毫克，连续 7 天。", "zh"),
        ("Give 5 ml of the syrup three times a day.", "Beri 5 ml sirap tiga kali sehari.", "ms"),
        ("Stay at home for 5 days.", "5 நாட்கள் வீட்டில் இருங்கள்.", "ta"),
        ("Stay at home for 5 days.", "5 நாட்களுக்கு வீட்டில் இருங்கள்.", "ta"),
        ("Babies under 6 months should not be given honey.", "6 个月以下的婴儿不应食用蜂蜜。", "zh"),
        ("Keep it at 2 to 8 °C.", "Simpan pada suhu 2 hingga 8 darjah Celsius.", "ms"),
        ("Smokers are 2-fold more likely to fall ill.", "吸烟者患病的可能性高出 2 倍。", "zh"),
        # a date is not a duration: 2020 年 3 月 is March 2020
        ("On 7 March 2020, 3 cases were reported.", "2020 年 3 月 7 日报告了 3 例病例。", "zh"),
    ],
)
def test_it_accepts_the_same_units_written_each_languages_way(source, target, lang):
    assert units(source, target, lang) == []


def test_a_changed_number_is_left_to_the_numbers_check():
    findings = run("Take it for 7 days.", "Ambil selama 8 hari.", "ms")
    assert of(findings, "units") == []
    assert of(findings, "numbers", "error")


@pytest.mark.skipif(not DEFAULT_TICO.exists(), reason=f"TICO-19 data not found at {DEFAULT_TICO}")
@pytest.mark.parametrize("lang", ["zh", "ms", "ta"])
def test_it_stays_quiet_on_professional_tico_translations(lang):
    rows = [r for r in load_tico() if r[lang].strip()]
    flagged = [r["id"] for r in rows if units(r["en"], r[lang], lang)]
    assert len(flagged) / len(rows) <= 0.005, flagged[:10]
