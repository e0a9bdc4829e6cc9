from .conftest import of, run

# TICO-19 dev, PubMed_7:187
EN = (
    "Similar to its homologous virus, SARS-CoV, which caused SARS in thousands of people in 2003, SARS-CoV-2 might "
    "also be transmitted from the bats and causes similar symptoms through a similar mechanism."
)
ZH = (
    "与其同源病毒 SARS-CoV——在 2003 年导致成千上万人感染 SARS——相似，"
    "SARS-CoV-2 也可能由蝙蝠传播，并通过相仿的机制引起类似的症状。"
)
MS = (
    "Sama seperti virus homolognya, SARS-CoV, yang menyebabkan SARS dalam ribuan manusia pada tahun 2003, SARS-CoV-2 "
    "juga mungkin tersebar daripada kelawar dan menyebabkan simptom yang serupa menerusi mekanisme yang serupa."
)


def test_it_stays_quiet_on_usual_lengths():
    assert of(run(EN, ZH, "zh"), "length") == []
    assert of(run(EN, MS, "ms"), "length") == []


def test_it_warns_when_the_second_half_is_cut_off():
    [finding] = of(run(EN, MS[: len(MS) // 2], "ms"), "length")
    assert finding.severity == "warning" and "shorter" in finding.message


def test_it_warns_when_the_chinese_is_cut_off():
    assert of(run(EN, ZH[: len(ZH) // 2], "zh"), "length", "warning")


def test_it_warns_when_the_target_is_far_longer():
    [finding] = of(run(EN, MS + " " + MS, "ms"), "length")
    assert "longer" in finding.message


def test_it_leaves_very_short_segments_alone():
    assert of(run("Yes.", "是的，没错，确实如此。", "zh"), "length") == []
