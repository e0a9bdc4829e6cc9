from translations.qa.malay_indonesian import function_word_counts, variety_evidence


def test_it_calls_a_tico_indonesian_sentence_indonesian():
    evidence = variety_evidence(
        "Selain itu, modifikasi sistem surveilans yang ada untuk mengumpulkan data populasi dalam cara yang "
        "paralel juga efektif."
    )
    assert evidence.is_indonesian


def test_it_calls_the_matching_tico_malay_sentence_malay():
    evidence = variety_evidence(
        "Selain itu, mengubah suai sistem pengawasan sedia ada untuk mengumpul data populasi dalam cara yang "
        "selari juga berkesan."
    )
    assert not evidence.is_indonesian


def test_a_capitalised_anda_mid_sentence_leans_indonesian_but_does_not_decide_alone():
    assert variety_evidence("tetapi jika Anda batuk").score > 0
    assert not variety_evidence("tetapi jika Anda batuk").is_indonesian


def test_anda_at_the_start_of_a_sentence_is_not_evidence():
    assert variety_evidence("Anda perlu berehat.").score <= 0


def test_the_indonesian_decimal_comma_is_evidence():
    assert variety_evidence("Periode inkubasi rata-rata adalah 4,8 (3,0-7,2) hari.").is_indonesian


def test_a_thousands_comma_is_not_a_decimal_comma():
    assert variety_evidence("CNBC melaporkan terdapat sekurang-kurangnya 118,381 kes seluruh dunia.").score < 0


def test_itas_endings_are_indonesian_and_iti_endings_malay():
    assert variety_evidence("komunitas").score > 0
    assert variety_evidence("komuniti").score < 0


def test_function_words_separate_english_from_malay():
    assert function_word_counts("Wash your hands with soap and water for at least 20 seconds.")[1] >= 3
    assert function_word_counts("Basuh tangan anda dengan sabun dan air.")[0] >= 2
