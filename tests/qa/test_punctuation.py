from .conftest import of, run


def test_it_warns_when_a_question_loses_its_question_mark():
    [finding] = of(
        run("about how long have these symptoms been going on?", "这些症状已持续多长时间", "zh"), "punctuation"
    )
    assert finding.severity == "warning" and "question" in finding.message


def test_it_accepts_a_full_width_question_mark():
    assert (
        of(run("about how long have these symptoms been going on?", "这些症状已持续多长时间？", "zh"), "punctuation")
        == []
    )


def test_it_warns_when_the_target_stops_mid_sentence():
    findings = of(run("Wash your hands with soap and water.", "Basuh tangan anda dengan", "ms"), "punctuation")
    assert findings and "cut off" in findings[0].message


def test_it_accepts_a_closing_quote_after_the_stop():
    source = 'The WHO said it was "a very important indication".'
    assert of(run(source, "世卫组织称这是“一个非常重要的迹象。”", "zh"), "punctuation") == []


def test_it_stays_quiet_on_headings_without_a_stop():
    assert of(run("Travel History and Clinical Descriptors", "旅行史以及临床描述", "zh"), "punctuation") == []
