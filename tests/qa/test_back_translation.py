from translations.qa.checks.back_translation import score

from .conftest import of, run

EN = "about how long have these symptoms been going on?"
MS = "agak-agak sudah berapa lamakah simptom ini berterusan?"


def test_it_stays_quiet_on_a_faithful_back_translation():
    findings = run(EN, MS, "ms", back_translation="roughly how long have these symptoms been going on?")
    assert of(findings, "back_translation") == []


def test_it_warns_when_the_back_translation_says_something_else():
    [finding] = of(run(EN, MS, "ms", back_translation="please take two tablets after meals"), "back_translation")
    assert finding.severity == "warning" and "chrF" in finding.message


def test_it_does_not_run_without_a_back_translation():
    assert of(run(EN, MS, "ms"), "back_translation") == []
    assert of(run(EN, MS, "ms", back_translation="   "), "back_translation") == []


def test_chinese_spacing_and_full_width_forms_do_not_lower_the_score():
    source = "2020年3月7日，COVID-19病例增加。"
    assert score("2020 年 3 月 7 日，ＣＯＶＩＤ－１９ 病例增加。", source, "zh") == score(source, source, "zh")


def test_it_uses_the_chinese_threshold_for_a_chinese_source():
    source = "这些症状已持续多长时间？"
    findings = run(
        source,
        "How long have these symptoms lasted?",
        "en",
        source_lang="zh",
        back_translation="这些症状持续了多长时间？",
    )
    assert of(findings, "back_translation") == []
