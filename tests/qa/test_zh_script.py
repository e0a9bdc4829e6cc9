from .conftest import of, run


def test_it_flags_traditional_characters_as_an_error():
    findings = of(
        run("about how long have these symptoms been going on?", "這些症狀已持續多長時間？", "zh"), "zh_script"
    )
    assert len(findings) == 1 and findings[0].severity == "error"
    assert "這→这" in findings[0].message


def test_it_names_the_simplified_forms():
    findings = of(run("i will send you an image", "我會發給您一張圖像", "zh"), "zh_script")
    message = findings[0].message
    for pair in ("會→会", "發→发", "張→张", "圖→图"):
        assert pair in message


def test_it_stays_quiet_on_simplified_chinese():
    assert of(run("i will send you an image", "我会发给您一张图像", "zh"), "zh_script") == []


def test_it_stays_quiet_on_characters_used_in_both_scripts():
    # 乾 (乾坤), 於 (surname), 著 (著名), 覆 (覆盖) are all correct Simplified.
    text = "他是著名的医生，於医生覆盖了乾燥的伤口。"
    assert of(run("He is a well-known doctor.", text, "zh"), "zh_script") == []


def test_it_does_not_apply_to_other_languages():
    assert of(run("Hello", "這些症狀", "ms"), "zh_script") == []
