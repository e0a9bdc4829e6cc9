from .conftest import of, run

# TICO-19 dev, CMU_1:100
EN = "i will send you an image"


def test_it_flags_indonesian_given_as_malay():
    findings = of(run(EN, "saya akan mengirimkan gambar kepada Anda dan dokter karena kasus ini", "ms"), "language")
    assert findings and findings[0].severity == "error"
    assert "Indonesian, not Malay" in findings[0].message
    assert '"dokter" (Malay: "doktor")' in findings[0].message


def test_it_flags_a_tico_indonesian_sentence_given_as_malay():
    indonesian = (
        "Mirip dengan virus homolognya, SARS-CoV, yang menyebabkan SARS pada ribuan orang pada tahun 2003, "
        "SARS-CoV-2 mungkin juga ditransmisikan dari kelelawar dan menyebabkan gejala yang mirip melalui "
        "mekanisme yang mirip."
    )
    assert of(run("Similar to its homologous virus...", indonesian, "ms"), "language", "error")


def test_it_stays_quiet_on_correct_malay():
    malay = (
        "Sama seperti virus homolognya, SARS-CoV, yang menyebabkan SARS dalam ribuan manusia pada tahun 2003, "
        "SARS-CoV-2 juga mungkin tersebar daripada kelawar dan menyebabkan simptom yang serupa menerusi "
        "mekanisme yang serupa."
    )
    assert of(run("Similar to its homologous virus...", malay, "ms"), "language") == []


def test_it_stays_quiet_on_a_short_malay_heading_langdetect_calls_estonian():
    assert (
        of(run("Zoonotic origins of human coronaviruses", "Asal-usul zoonotik koronavirus manusia", "ms"), "language")
        == []
    )


def test_it_flags_english_given_as_malay():
    findings = of(
        run("Wash your hands", "Wash your hands often with soap and water for at least 20 seconds.", "ms"), "language"
    )
    assert findings and "English, not Malay" in findings[0].message


def test_it_flags_tamil_given_as_malay():
    findings = of(run(EN, "உங்களுக்கு நான் ஒரு உருவப்படத்தை அனுப்பி வைக்கிறேன்", "ms"), "language")
    assert findings and findings[0].message == "The target is in Tamil, not Malay."


def test_it_flags_malay_given_as_chinese():
    findings = of(run(EN, "saya akan hantarkan imej kepada anda", "zh"), "language")
    assert findings and "no Chinese at all" in findings[0].message and "Malay" in findings[0].message


def test_it_flags_chinese_given_as_tamil():
    findings = of(run(EN, "我会发给您一张图像", "ta"), "language")
    assert findings and findings[0].message == "The target is in Chinese, not Tamil."


def test_it_flags_japanese_given_as_chinese():
    findings = of(run(EN, "画像を送ります", "zh"), "language")
    assert findings and "Japanese" in findings[0].message


def test_it_stays_quiet_on_chinese_with_latin_names_and_acronyms():
    # TICO-19: 其中 HCoV-229E 和 HCoV-NL63 是 α-CoV。
    assert (
        of(
            run("Among them, HCoV-229E and HCoV-NL63 are alpha-CoVs.", "其中 HCoV-229E 和 HCoV-NL63 是 α-CoV。", "zh"),
            "language",
        )
        == []
    )


def test_it_stays_quiet_on_a_copied_acronym_alone():
    assert of(run("COVID-19", "COVID-19", "zh"), "language") == []
    assert of(run("CDC", "CDC", "ta"), "language") == []


def test_it_flags_tamil_mixed_into_a_chinese_translation():
    findings = of(run(EN, "我会发给您一张图像 உங்களுக்கு நான் ஒரு உருவப்படத்தை அனுப்பி", "zh"), "language")
    assert findings and findings[0].severity == "error" and "Tamil" in findings[0].message


def test_it_flags_malay_given_as_english_target():
    findings = of(
        run("saya akan hantarkan imej kepada anda", "saya akan hantarkan imej kepada anda", "en", source_lang="ms"),
        "language",
    )
    assert findings and "not English" in findings[0].message
