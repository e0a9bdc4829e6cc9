"""The PHI detector: what it finds, what it leaves alone, and its spans."""

import itertools
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from translations.phi import PhiSpan, detect

PUBLIC = ["995", "999", "1777", "1800 221 4444", "6389 2222"]
MRN = [r"\bMRN[:\s#-]*\d{6,10}\b"]
TICO = Path(__file__).resolve().parents[3] / "shared" / "data" / "tico19" / "tico19-dev.tsv"


def found(text, **options):
    """Identifiers other than people's names (tests/phi/test_names.py covers those:
    "Mr Lim, D.O.B. ..." and "Dr Tan will see you" hold a name too)."""
    options.setdefault("public_numbers", PUBLIC)
    options.setdefault("mrn_patterns", MRN)
    return [(span.type, span.text) for span in detect(text, **options) if span.type != "person"]


# --- NRIC / FIN ------------------------------------------------------------------


@pytest.mark.parametrize("nric", ["S1234567D", "T1234567J", "F1234567N", "G4549883U", "M1234567K", "M3960741N"])
def test_it_finds_a_valid_nric_of_every_series(nric):
    assert found(f"Patient {nric} was admitted.") == [("nric", nric)]


def test_it_finds_m_series_fins_that_validators_indexing_the_table_forwards_reject():
    assert found("FIN M1234567K") == [("nric", "M1234567K")]
    assert found("FIN M1234567X") == [("nric_suspect", "M1234567X")]


@pytest.mark.parametrize("text", ["S1234567A", "T1234567D", "F1234567X", "G1234567N", "M1234567N"])
def test_it_reports_a_wrong_check_letter_as_a_suspect_and_not_as_an_nric(text):
    assert found(f"NRIC {text} on the form") == [("nric_suspect", text)]


@pytest.mark.parametrize(
    ("text", "nric"),
    [
        ("nric: s1234567d.", "s1234567d"),
        ("(S1234567D)", "S1234567D"),
        ("“S1234567D”,", "S1234567D"),
        ("身份证号码：S1234567D，已登记。", "S1234567D"),
        ("அடையாள எண் S1234567D பதிவு", "S1234567D"),
        ("IC no.S1234567D;", "S1234567D"),
        ("S 1234567 D", "S 1234567 D"),
        ("身份证Ｓ１２３４５６７Ｄ", "Ｓ１２３４５６７Ｄ"),
    ],
)
def test_it_tolerates_case_spacing_punctuation_and_full_width_forms(text, nric):
    assert found(text) == [("nric", nric)]


@pytest.mark.parametrize("text", ["AS1234567D", "S12345678D", "S1234567DE", "S123456D", "ref XS1234567D9"])
def test_it_does_not_take_part_of_a_longer_code_for_an_nric(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "masked", ["*****567D", "XXXXX567D", "xxxxx567d", "S****567D", "SXXXX567D", "S12****7D", "•••••567D"]
)
def test_it_finds_masked_nrics_because_they_are_still_personal_data(masked):
    assert found(f"NRIC {masked} on file") == [("nric_partial", masked)]


@pytest.mark.parametrize("text", ["*********", "XXXXXXXXX", "S*******D", "see note *3 and #4", "XXL size 12345678"])
def test_it_ignores_masks_that_show_no_digits(text):
    assert found(text) == []


# --- Phone numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "91234567",
        "9123 4567",
        "9123-4567",
        "+65 9123 4567",
        "+6591234567",
        "(65) 6123 4567",
        "(+65) 8123 4567",
        "0065 6123 4567",
        "+65-9123-4567",
        "1800 123 4567",
    ],
)
def test_it_finds_singapore_phone_numbers_in_every_common_writing(phone):
    assert found(f"Call her on {phone} after 6 pm.") == [("phone", phone)]


@pytest.mark.parametrize("text", ["请致电91234567联系", "தொலைபேசி: 9123 4567.", "Hubungi +65 9123 4567 segera"])
def test_it_finds_phone_numbers_in_chinese_tamil_and_malay_sentences(text):
    assert [t for t, _ in found(text)] == ["phone"]


@pytest.mark.parametrize(
    "text",
    [
        "Take 500 mg twice a day.",
        "Call 995 in an emergency, or 1777 for a non-emergency ambulance; 999 for the police.",
        "Take 2 tablets 3 times a day for 5 days.",
        "About 95% recover; 8000-9000 cases in 2020; 6000 8000 patients; 90000000 doses.",
        "Pi is 3.14159265 and the fee is $91234567.",
        "Reference 12345678 and 2020 1234.",
    ],
)
def test_it_stays_quiet_on_doses_emergency_numbers_and_quantities(text):
    assert found(text) == []


@pytest.mark.parametrize("hotline", ["6389 2222", "+65 6389 2222", "63892222", "1800 221 4444", "1800-221-4444"])
def test_it_lets_configured_hotlines_through_in_any_writing(hotline):
    assert found(f"For enquiries call {hotline}.") == []


def test_it_reads_public_numbers_from_settings_when_none_are_given():
    with override_settings(PHI_PUBLIC_NUMBERS=["6123 4567"]):
        assert detect("Call 6123 4567 or 6765 4321", mrn_patterns=[]) == [PhiSpan("phone", 18, 27, "6765 4321")]


# --- E-mail ------------------------------------------------------------------------


@pytest.mark.parametrize("email", ["tan.ah.kow@gmail.com", "Siti_Abdullah+clinic@moh.gov.sg", "raj99@u.nus.edu"])
def test_it_finds_email_addresses(email):
    assert found(f"请将报告发送至{email}，谢谢。") == [("email", email)]


def test_it_does_not_take_a_handle_or_an_at_sign_for_an_email():
    assert found("Follow @moh_sg on social media, 3 @ $5 each.") == []


# --- Addresses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "Blk 123 Ang Mo Kio Avenue 3 #05-67 Singapore 560123",
        "123 Jurong West St 42, #12-345, S(640123)",
        "BLK 45A BEDOK NORTH ROAD #11-1234 SINGAPORE 460045",
        "10 Sinaran Drive #10-01 Novena Specialist Center Singapore 307506",
        "22 Jalan Kembangan, Singapore 419114",
        "Blok 123 Jalan Bukit Merah #05-67 Singapura 150123",
        "新加坡宏茂桥3道123座#05-67，邮区560123",
        "新加坡560123宏茂桥3道第123座05-67号",
        "புளோக் 123, அங் மோ கியோ அவென்யூ 3, #05-67, சிங்கப்பூர் 560123",
        "Blk 123 #05-67",
        "宏茂桥3道123座",
        "Ang Mo Kio Ave 3, 560123",
    ],
)
def test_it_reports_a_whole_address_as_one_span(address):
    assert found(f"地址 / Address: {address}. ") == [("address", address)]


@pytest.mark.parametrize(
    "text",
    [
        "Take 1 tablet #3-4 times; see note #1 and 2.",
        "The way to Park Hill is closed.",
        "Singapore reported 118381 cases in 2020.",
        "三座城市的呼吸道感染病例增加。",
        "RCGP 在第 53 个监测季节。",
        "Dr Tan will see you in Clinic B.",
        "The pharmacy is at #01-23, open from 8 am.",
        "Blk 5 is closed for renovation.",
    ],
)
def test_it_does_not_take_numbers_street_words_or_a_lone_unit_for_an_address(text):
    assert found(text) == []


def test_it_lets_the_hospital_address_through_when_its_postal_code_is_public():
    text = "Visit us at 1 Hospital Drive, Singapore 169608."
    assert found(text) == [("address", "1 Hospital Drive, Singapore 169608")]
    assert found(text, public_numbers=PUBLIC + ["169608"]) == []


# --- Dates of birth -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB: 12/03/1985", "12/03/1985"),
        ("Mr Lim, D.O.B. 12 March 1985, ward 7", "12 March 1985"),
        ("The patient was born on March 12, 1985.", "March 12, 1985"),
        ("Date of birth 1985-03-12", "1985-03-12"),
        ("出生日期：1985年3月12日", "1985年3月12日"),
        ("患者于1985年3月12日出生。", "1985年3月12日"),
        ("Tarikh lahir: 12 Mac 1985", "12 Mac 1985"),
        ("Pesakit dilahirkan pada 12 Ogos 1985.", "12 Ogos 1985"),
        ("பிறந்த தேதி: 12/03/1985", "12/03/1985"),
        ("அவர் 12 மார்ச் 1985 அன்று பிறந்தார்.", "12 மார்ச் 1985"),
    ],
)
def test_it_finds_a_date_of_birth_when_the_context_says_so(text, date):
    assert found(text) == [("dob", date)]


@pytest.mark.parametrize(
    "text",
    [
        "Your appointment is on 12/03/2025 at 9.30 am.",
        "The outbreak began on 23 January 2020.",
        "Children born on or after 1 January 2015 are eligible.",
        "2015年1月1日或之后出生的儿童可接种。",
        "本规定自2024年7月1日起生效。",
        "张医生于 12 月 26 日发现了病例。",
        "DOB is required. The clinic opens on 12/03/2025.",
        "Kanak-kanak yang lahir pada atau selepas 1 Januari 2015 layak.",
        "1 ஜனவரி 2015 அல்லது அதற்குப் பிறகு பிறந்த குழந்தைகள்.",
        "Newborn screening on 12/03/2025.",
    ],
)
def test_it_ignores_dates_without_a_birth_context(text):
    assert found(text) == []


# --- Medical record numbers ---------------------------------------------------------


def test_it_finds_medical_record_numbers_with_the_patterns_given():
    assert found("Previous stay under HN12345678.", mrn_patterns=[r"\bHN\d{8}\b"]) == [("mrn", "HN12345678")]


def test_it_reads_mrn_patterns_from_settings_when_none_are_given():
    with override_settings(PHI_MRN_PATTERNS=[r"\bHN\d{8}\b"]):
        assert detect("病历号HN12345678，请复查。", public_numbers=[]) == [PhiSpan("mrn", 3, 13, "HN12345678")]


def test_it_refuses_an_mrn_pattern_that_is_not_a_regular_expression():
    with pytest.raises(ImproperlyConfigured, match="PHI_MRN_PATTERNS"):
        detect("text", public_numbers=[], mrn_patterns=["MRN(\\d+"])


# --- Spans --------------------------------------------------------------------------


def test_spans_index_the_callers_string_are_sorted_and_do_not_overlap():
    text = (
        "病人Ｓ１２３４５６７Ｄ，电话 +65 9123 4567，邮箱 a.b@c.com，"
        "DOB: 31121990，住 Blk 1 Ang Mo Kio Ave 1 #01-01 S(560001)"
    )
    spans = detect(text, public_numbers=PUBLIC, mrn_patterns=MRN)
    assert [s.type for s in spans] == ["nric", "phone", "email", "dob", "address"]
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_a_span_turns_into_a_plain_dict():
    assert PhiSpan("nric", 10, 19, "S1234567D").as_dict() == {
        "type": "nric",
        "start": 10,
        "end": 19,
        "text": "S1234567D",
    }


def test_it_scans_a_megabyte_of_text():
    text = ("Take 500 mg twice a day. " * 40_000) + "Call 9123 4567."
    assert detect(text, public_numbers=PUBLIC, mrn_patterns=MRN)[-1].text == "9123 4567"


@pytest.mark.skipif(not TICO.exists(), reason="shared TICO-19 data is not beside the project")
def test_it_flags_at_most_one_percent_of_tico19_health_sentences():
    header, *rows = TICO.read_text(encoding="utf-8").splitlines()
    columns = header.split("\t")
    for language in ("en", "zh", "ms", "ta"):
        at = columns.index(language)
        flagged = sum(1 for row in rows if detect(row.split("\t")[at], public_numbers=PUBLIC, mrn_patterns=MRN))
        assert flagged / len(rows) <= 0.01, language
