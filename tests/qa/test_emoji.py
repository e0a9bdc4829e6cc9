from .conftest import of, run


def test_it_warns_when_an_emoji_is_dropped():
    [finding] = of(run("⚠️ Call 995 now.", "Hubungi 995 sekarang.", "ms"), "emoji")
    assert finding.severity == "warning" and "⚠" in finding.message


def test_it_warns_when_an_emoji_is_added():
    assert of(run("Stay at home.", "Duduk di rumah 😷.", "ms"), "emoji")


def test_it_stays_quiet_when_emoji_survive():
    assert of(run("☎ Call 995 ✔", "☎ 请拨打 995 ✔", "zh"), "emoji") == []
