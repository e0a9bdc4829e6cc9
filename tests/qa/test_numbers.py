"""The numbers check, on TICO-19 sentences (quoted inline) and leaflet-style text."""

import pytest

from .conftest import of, run


def numbers(source, target, lang, **kwargs):
    return of(run(source, target, lang, **kwargs), "numbers")


# --- stays quiet on correct translations --------------------------------------------


@pytest.mark.parametrize(
    "source, target, lang",
    [
        # Dates: month names vs 年月日, day-month order.
        (
            "President Hassan Rouhani said on 26 February 2020 that there were no plans to quarantine areas.",
            "2020 年 2 月 26 日，伊朗总统哈桑·鲁哈尼称未计划封锁受疫情影响的地区。",
            "zh",
        ),
        (
            "As of April 7, 2020, over a dozen expert groups were working on privacy-friendly solutions.",
            "截至 2020 年 4 月 7 日，共有十多个专家组正致力于研究具备隐私保护功能的解决方案。",
            "zh",
        ),
        # Words vs digits, ranges.
        (
            "The incubation period for COVID-19 is typically five to six days but may range from two to 14 days.",
            "COVID-19 的潜伏期通常为 5-6 天，但可能扩展至 2-14 天不等。",
            "zh",
        ),
        # Scale words: 亿, 万.
        (
            "Led by the Gates Foundation with partners investing US$125 million.",
            "盖茨基金会牵头与多家合作伙伴共同投资了 1.25 亿美元。",
            "zh",
        ),
        (
            "The move gives the federal government access to around US$50 billion in extra funding.",
            "该举措让联邦政府获权启动约500亿美元的额外资金。",
            "zh",
        ),
        (
            "Ebola was originally predicted to cause up to a million cases with half a million deaths.",
            "埃博拉病毒曾被预测会导致 100 万起病例并造成 50 万人死亡。",
            "zh",
        ),
        (
            "The genome size of coronaviruses ranges from approximately 26 to 32 kilobases.",
            "冠状病毒的基因组大小约在 2.6 到 3.2 万个碱基之间。",
            "zh",
        ),
        # Decades.
        (
            "In the 1940s, two more animal coronaviruses were isolated.",
            "20 世纪 40 年代，另外两种动物冠状病毒被分离出来。",
            "zh",
        ),
        # Thousands separators and percentages.
        (
            "Comparably, the mortality of SARS by November 2002 was 10% of 8,096 confirmed cases.",
            "相比之下，截至 2002 年 11 月，SARS 在 8,096 名确诊病例中的死亡率为 10%。",
            "zh",
        ),
        # Ordinals and "one of": not numbers.
        ("The first case was one of the earliest.", "第一例是最早的病例之一。", "zh"),
        # Chinese words made of numerals that are not numbers.
        ("This is very important for everyone.", "这对每个人都十分重要，一定要一起遵守。", "zh"),
        # Malay number words and a decimal.
        (
            "Iran allocated five trillion rials to combat the virus.",
            "Iran memperuntukkan lima trilion rial untuk melawan virus itu.",
            "ms",
        ),
        ("Take two tablets twice a day for 14 days.", "Ambil dua biji dua kali sehari selama empat belas hari.", "ms"),
        # Tamil: date with a hyphen, a name kept with its number.
        (
            "The White House Coronavirus Task Force was established on 29 January.",
            "வெள்ளை மாளிகை கொரோனா நோய்க்கிருமி பணிக்குழு ஜனவரி-29 அன்று நிறுவப்பட்டது.",
            "ta",
        ),
        (
            "Travel History and Clinical Descriptors of the COVID-19 Infections",
            "கோவிட்-19 நோய்த் தொற்றுகளின் பயண வரலாறு மற்றும் மருத்துவ விவரிப்பிகள்",
            "ta",
        ),
        # Roman numerals.
        (
            "Phase I trials, usually in healthy volunteers, determine safety and dosing.",
            "Percubaan Fasa 1, biasanya untuk sukarelawan yang sihat, menentu keselamatan dan jumlah dos.",
            "ms",
        ),
        # "a Chinese person" -> "1 名中国人".
        (
            "Brazil evacuated 34 Brazilians in addition to four Poles, a Chinese person, and an Indian citizen.",
            "巴西撤回了 34 名巴西人，另外还撤回了 4 名波兰人、1 名中国人和 1 名印度人。",
            "zh",
        ),
        # Times.
        ("Take it at 8 a.m. and 8 p.m.", "请在上午 8 点和晚上 8 点服用。", "zh"),
        ("The clinic opens at 8:30 a.m.", "Klinik dibuka pada 8.30 pagi.", "ms"),
        # Year ranges written short.
        (
            "Italy had 12.5 beds per 100,000 population in 2010–11.",
            "意大利 2010-2011 年每 10 万人拥有 12.5 张床位。",
            "zh",
        ),
        # 24/7 is an idiom.
        ("The hotline is open 24/7.", "热线全天候开放。", "zh"),
        # Numbers in URLs are not numbers.
        (
            "See https://www.cdc.gov/coronavirus/2019-ncov/index.html for more.",
            "详情请见 https://www.cdc.gov/coronavirus/2019-ncov/index.html。",
            "zh",
        ),
        # "1 000" vs "1,000", decimal comma read as a decimal.
        ("About 1,000 people.", "Kira-kira 1 000 orang.", "ms"),
    ],
)
def test_it_stays_quiet_on_correct_translations(source, target, lang):
    assert numbers(source, target, lang) == []


# --- flags ----------------------------------------------------------------------------


def test_it_flags_a_changed_dose():
    findings = numbers("Take 2 tablets every 6 hours.", "Ambil 3 biji setiap 6 jam.", "ms")
    assert findings and findings[0].severity == "error"
    assert findings[0].message == "Numbers differ: the source has 2, the target has 3 instead."


def test_it_flags_a_changed_number_written_as_words_on_both_sides():
    assert numbers("Take two tablets.", "Ambil tiga biji.", "ms")


def test_it_flags_a_dropped_number():
    # TICO-19 dev: the Malay reference drops "20".
    findings = numbers(
        "On 20 March, the United States began to partially withdrawal its troops from Iraq due to the pandemic.",
        "Pada Mac, Amerika Syarikat mula menarik keluar sebahgian daripada pasukannya dari Iraq disebabkan oleh "
        "pandemik.",
        "ms",
    )
    assert findings and "20" in findings[0].message


def test_it_flags_an_added_number():
    findings = numbers("Drink plenty of water.", "Minum 8 gelas air.", "ms")
    assert findings and findings[0].message == "The target has 8, which is not in the source."


def test_it_flags_a_tenfold_error_the_reference_translation_made():
    # TICO-19 dev: "over 200 papers" became "lebih 2000 kertas".
    findings = numbers("over 200 papers have been published", "lebih 2000 kertas telah diterbitkan", "ms")
    assert findings and "200" in findings[0].message and "2000" in findings[0].message


def test_it_flags_a_dropped_emergency_number_with_its_own_message():
    findings = numbers("If you have chest pain, call 995.", "如果您胸痛，请立即就医。", "zh")
    assert findings[0].message == "The source has 995 (emergency number) but the target does not."
    assert len(findings) == 1  # not also reported as an ordinary missing number


def test_it_accepts_an_emergency_number_written_with_spaces():
    assert (
        numbers(
            "Call 1800 221 4444 for advice.", "请拨打 1800-221-4444 咨询。", "zh", emergency_numbers=["1800 221 4444"]
        )
        == []
    )


def test_an_emergency_number_inside_a_longer_number_does_not_count():
    findings = numbers("It kills 99.999% of bacteria.", "Ia membunuh 99.99% bakteria.", "ms")
    assert findings and not any("emergency" in f.message for f in findings)


def test_it_flags_a_number_changed_to_one_the_segment_already_has():
    findings = numbers(
        "The Olympics were rescheduled to a date beyond 2020 but not later than summer 2021.",
        "奥运会将重新安排到 2021 年以后，但不得晚于 2021 年夏季。",
        "zh",
    )
    assert findings and "2020" in findings[0].message


def test_it_flags_a_changed_name_number():
    # TICO-19 dev: the Malay reference wrote COVID-10.
    findings = numbers(
        "On 11 March 2020, WHO characterized COVID-19 as a pandemic.",
        "Pada 11 Mac 2020, WHO mengumumkan COVID-10 sebagai pandemik.",
        "ms",
    )
    assert findings and "COVID-19" in findings[0].message and "COVID-10" in findings[0].message


def test_a_name_in_the_target_does_not_vouch_for_a_number_in_the_source():
    findings = numbers(
        "Severe acute respiratory syndrome coronavirus 2 (SARS-CoV-2) is a novel virus.",
        "严重急性呼吸综合征冠状病毒 3 型 (SARS-CoV-2) 是一种新型病毒。",
        "zh",
    )
    assert findings


def test_it_flags_a_renumbered_list_item():
    assert numbers(
        "(3) Serology sample collection across all age groups.", "(4) 在所有年龄段进行血清学样本采集。", "zh"
    )


def test_it_tells_morning_from_evening():
    assert numbers("Take it at 8 a.m.", "请在晚上 8 点服用。", "zh")


def test_it_flags_a_wrong_month_in_a_chinese_date():
    assert numbers("On 26 February 2020.", "2020 年 3 月 26 日。", "zh")


def test_it_flags_a_wrong_scale():
    assert numbers("3.5 million people", "35 万人", "zh")
    assert numbers("3.5 million people", "3.5 juta orang", "ms") == []
    assert numbers("3.5 million people", "350 万人", "zh") == []


def test_it_reports_a_segment_with_too_many_numbers_instead_of_comparing_them():
    table = " ".join(str(n) for n in range(6000))
    findings = numbers(table, table, "ms")
    assert findings and "too many to compare" in findings[0].message
