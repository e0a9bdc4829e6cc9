from .conftest import of, run

EN = "Wash your hands often with soap and water for at least 20 seconds."


def test_it_flags_a_copy_of_the_english_source_in_chinese():
    findings = of(run(EN, EN, "zh"), "untranslated")
    assert findings and findings[0].severity == "error" and "identical" in findings[0].message


def test_it_flags_a_copy_of_the_english_source_in_malay_with_different_spacing():
    findings = of(
        run(EN, "  Wash your hands often with soap and water  for at least 20 seconds. ", "ms"), "untranslated"
    )
    assert findings


def test_it_flags_english_words_kept_in_a_tamil_target():
    target = "your hands often with soap and water கழுவவும்"
    assert of(run(EN, target, "ta"), "untranslated", "error")


def test_it_stays_quiet_on_proper_nouns_and_acronyms_alone():
    for text in ("COVID-19", "CDC", "SARS-CoV-2", "Katherine Maher"):
        assert of(run(text, text, "zh"), "untranslated") == [], text
        assert of(run(text, text, "ms"), "untranslated") == [], text


def test_it_stays_quiet_on_names_kept_in_a_chinese_translation():
    # TICO-19 dev: the sender line keeps its names in every language.
    assert (
        of(
            run(
                "FROM: Katherine Maher, Wikimedia Foundation CEO",
                "发件人：Wikimedia Foundation首席执行官Katherine Maher",
                "zh",
            ),
            "untranslated",
        )
        == []
    )


def test_it_stays_quiet_on_malay_that_shares_loanwords_with_english():
    source = "Coronaviruses contain a positive-sense, single-stranded RNA genome."
    target = "Koronavirus mengandungi genom RNA bebenang tunggal dan sense positif."
    assert of(run(source, target, "ms"), "untranslated") == []
