"""Malay vs Indonesian beyond one corpus (issue 16): known differences only,
no topic words, no proper nouns."""

import pytest

from translations.qa.malay_indonesian import features, variety_evidence


@pytest.mark.parametrize(
    "malay",
    [
        # The false positives: common Malay words and foreign place names.
        "Harga barang di pasar raya semakin mahal sejak awal tahun ini.",
        "Semakin ramai pengunjung datang ke pasar raya itu pada hujung minggu.",
        "Beliau melawat Sri Aman, Jogjakarta dan Pasar Baru di Jakarta minggu lepas.",
        "Pasukan itu akan bertolak ke Italia Utara dan Kota Kinabalu selepas pilihan raya kecil.",
        "Keputusan pilihan raya akan diumumkan di Dewan Raya Bandar Baru petang ini.",
        # Leaflet Malay.
        "Jika anda demam lebih daripada tiga hari, sila berjumpa doktor di klinik kesihatan berhampiran.",
        "Ubat ini boleh menyebabkan rasa mengantuk; jangan memandu selepas mengambilnya.",
        "Basuh tangan anda dengan sabun dan air sekurang-kurangnya 20 saat.",
        # Leaflet Malay in the fourth round's words: the Malay counterparts.
        "Elakkan makanan bergoreng dan makanan ringan yang pedas jika asid perut anda tinggi.",
        "Penghidap penyakit kronik perlu berehat secukupnya dan beratur di kaunter farmasi.",
        "Kanser payudara boleh dikesan awal melalui saringan.",
    ],
)
def test_correct_malay_stays_clean(malay):
    assert not variety_evidence(malay).is_indonesian


@pytest.mark.parametrize(
    "indonesian",
    [
        "Jika Anda demam lebih dari tiga hari, silakan periksa ke dokter di puskesmas terdekat.",
        "Obat ini bisa menyebabkan kantuk; jangan mengemudi setelah meminumnya.",
        "Pasien yang terinfeksi harus dirawat di rumah sakit selama dua minggu.",
        "Pemeriksaan ini gratis untuk semua warga yang berusia di atas 60 tahun.",
        "Karena itu, hubungi nomor telepon di bawah ini untuk membuat janji.",
        "Minumlah obat sesuai resep, sebagian besar pasien membaik dalam seminggu.",
        "Kualitas udara yang buruk dapat memperparah gejala asma pada anak-anak.",
        "Biaya perawatan ditanggung asuransi kesehatan nasional.",
        "Cuci tangan pakai sabun selama 20 detik, terutama sebelum makan.",
        "Tim dokter berhasil menemukan penyebab infeksi tersebut.",
        # The fourth round's forms, each sentence without an earlier-listed one.
        "Hindari gorengan dan jajanan pedas jika asam lambung naik.",
        "Penyakit kronis membuat tubuh perlu beristirahat lebih lama.",
        "Sebelum dioperasi, ia harus mengantre untuk rontgen.",
    ],
)
def test_indonesian_given_as_malay_is_caught(indonesian):
    assert variety_evidence(indonesian).is_indonesian


# Round 2, second pass: leaflet sentences written for these tests, each with
# forms added from knowledge of the two standards (not read off a corpus).
@pytest.mark.parametrize(
    "indonesian",
    [
        "Minum sirup ini dua kali sehari sesuai dosis yang tertulis pada kemasan.",
        "Jika muncul efek samping seperti pingsan atau memar, segera hubungi dokter.",
        "Bawa kartu berobat dan jadwal kontrol Anda saat datang ke klinik.",
        "Oleskan salep tipis-tipis pada kulit yang lecet, lalu tutup dengan perban.",
        "Ibu menyusui perlu makan makanan bergizi dan menjaga gizi yang seimbang.",
        "Unduh formulir pendaftaran dari situs web kami atau ambil di loket.",
        "Jangan khawatir jika Anda berkeringat banyak setelah minum obat ini.",
        "Layanan konseling tersedia untuk pasien kanker dan keluarganya.",
        "Simpan obat di tempat yang sejuk, jauh dari jangkauan balita.",
        "Pemeriksaan rawat jalan dijadwalkan ulang bila Anda tidak bisa hadir.",
    ],
)
def test_indonesian_leaflet_sentences_with_the_added_forms_are_caught(indonesian):
    assert variety_evidence(indonesian).is_indonesian


@pytest.mark.parametrize(
    "malay",
    [
        "Minum sirap ini dua kali sehari mengikut dos yang tertulis pada bungkusan.",
        "Jika berlaku kesan sampingan seperti pengsan atau lebam, segera hubungi doktor.",
        "Bawa kad temu janji dan jadual rawatan susulan anda apabila datang ke klinik.",
        "Sapukan salap nipis-nipis pada kulit yang calar, kemudian tutup dengan pembalut.",
        "Ibu yang menyusukan bayi perlu mengambil makanan berkhasiat dan pemakanan seimbang.",
        "Muat turun borang pendaftaran dari laman web kami atau dapatkan di kaunter.",
        "Jangan bimbang jika anda berpeluh banyak selepas makan ubat ini.",
        "Perkhidmatan kaunseling disediakan untuk pesakit kanser dan keluarga mereka.",
        "Simpan ubat di tempat yang sejuk, jauh daripada capaian kanak-kanak.",
        "Baru-baru ini kami juga membuka pusat saringan kesihatan di luar bandar.",
    ],
)
def test_malay_leaflet_sentences_with_the_added_forms_stay_clean(malay):
    assert not variety_evidence(malay).is_indonesian


def test_loan_endings_point_to_their_standard():
    # Words not listed one by one: the ending is the evidence.
    assert "#-syen" in features("Dewan konvensyen itu dibuka semula.")
    assert "#-uler" in features("Pemeriksaan reguler di puskesmas.")
    assert variety_evidence("konvensyen").score < 0
    assert variety_evidence("reguler").score > 0


def test_links_and_accented_names_are_not_read_as_words():
    # "nih" (Jakarta "this") inside a link, "ais" (Malay "ice") inside "Français".
    assert "nih" not in features("Lihat https://www.ncbi.nlm.nih.gov/pubmed/ untuk maklumat.")
    assert "ais" not in features("Ia dianjurkan oleh Institut Français di Kuala Lumpur.")


def test_iban_in_a_malay_corpus_is_not_indonesian():
    # DSLCC's Malay half has Sarawak news in Iban, which says "rumah sakit"
    # (hospital) and "udah" (already) like Jakarta; "kitai", "enda", "bisi" are
    # not Indonesian at all.
    assert not variety_evidence("Kitai udah datai ba rumah sakit, tang iya enda bisi duit.").is_indonesian


def test_a_capitalised_name_inside_a_sentence_is_not_evidence():
    assert "sakit" not in features("Beliau dirawat di Rumah Sakit Umum Pusat.")
    assert "rumah sakit" in features("Pasien dirawat di rumah sakit.")


def test_month_and_country_names_count_although_capitalised():
    assert {"agustus", "jepang"} <= features("Dia tiba dari Jepang pada 17 Agustus.")
    assert {"ogos", "jepun"} <= features("Dia tiba dari Jepun pada 17 Ogos.")


def test_a_title_case_heading_is_read_for_its_words():
    assert variety_evidence("Pemeriksaan Kesehatan Gratis Untuk Lansia").is_indonesian


def test_reduplicated_and_nya_forms_count_as_their_base():
    assert "gejala" in features("gejala-gejala ini")
    assert "kasus" in features("kasusnya meningkat")


def test_the_finding_names_the_indonesian_form_and_its_malay_counterpart():
    examples = dict(variety_evidence("Pasien harus minum obat karena infeksi.").indonesian_examples)
    assert examples.get("pasien") == "pesakit" or examples.get("obat") == "ubat" or examples.get("karena") == "kerana"


def test_indonesian_thousands_points_lean_indonesian_but_do_not_decide_alone():
    evidence = variety_evidence("Sebanyak 5.000 orang hadir.")
    assert evidence.score > 0
    assert not evidence.is_indonesian


def test_the_measured_rates_hold_on_the_dslcc_held_out_half():
    """Weights trained without DSLCC, and the shipped ones, on the DSLCC
    held-out half (figures in docs/qa.md, "Malay or Indonesian, round 2")."""
    from bench.qa_build_variety_weights import DEFAULT_DSLCC, DEFAULT_TICO

    if not DEFAULT_DSLCC.exists() or not DEFAULT_TICO.exists():
        pytest.skip(f"needs {DEFAULT_DSLCC} and {DEFAULT_TICO} (../shared/data)")
    from bench.qa_build_variety_weights import dslcc_split, tico_split, train
    from bench.qa_variety_measure import score
    from translations.qa.malay_indonesian_weights import MINED_WEIGHTS

    dslcc = dslcc_split()
    trained_on_tico = score(dslcc, train([tico_split()]))
    shipped = score(dslcc, dict(MINED_WEIGHTS))
    # Measured: 0.8% / 91.0% trained on TICO-19 alone, 0.2% / 91.2% shipped.
    assert trained_on_tico["malay_called_indonesian"] <= 0.02
    assert trained_on_tico["indonesian_caught"] >= 0.90
    assert shipped["malay_called_indonesian"] <= 0.01
    assert shipped["indonesian_caught"] >= 0.90


def test_a_soft_indonesian_form_no_corpus_shows_decides_alone_unless_something_points_to_malay():
    """A leaflet word absent from every training corpus carries the list's word
    (the threshold) and no more: Malay evidence beside it outweighs it."""
    from bench.qa_build_variety_weights import learn

    weights = learn(["Dia makan nasi."], ["Dia makan nasi."])
    assert weights["beristirahat"] >= 1.75
    assert variety_evidence("Dia perlu beristirahat di rumah.", weights).is_indonesian
    assert not variety_evidence("Dia berkata dia perlu beristirahat di rumah.", weights).is_indonesian


def test_news_only_weights_catch_tico_indonesian_held_out():
    """The strictest reading of the goal: weights learned from news alone,
    scored on the TICO-19 held-out half (figures in docs/qa.md)."""
    from bench.qa_build_variety_weights import DEFAULT_DSLCC, DEFAULT_TICO

    if not DEFAULT_DSLCC.exists() or not DEFAULT_TICO.exists():
        pytest.skip(f"needs {DEFAULT_DSLCC} and {DEFAULT_TICO} (../shared/data)")
    from bench.qa_build_variety_weights import dslcc_split, tico_split, train
    from bench.qa_variety_measure import score

    figures = score(tico_split(), train([dslcc_split()]))
    # Measured: 0.2% / 90.2% (887 of 983).
    assert figures["malay_called_indonesian"] <= 0.02
    assert figures["indonesian_caught"] >= 0.90
