"""Identifiers disguised with characters: invisible ones inside, look-alike
letters, other digit styles, digit groups with unusual separators. Each is
found in English, Chinese, Malay and Tamil text, and the span is exactly the
original disguised characters."""

import pytest

from translations.phi import detect

PUBLIC = ["995", "999", "1777", "1800 221 4444", "6389 2222"]
MRN = [r"\bMRN[:\s#-]*\d{6,10}\b"]

CARRIERS = {
    "nric": {
        "en": "Patient NRIC {X} was admitted to Ward 5 last night.",
        "zh": "患者身份证号码{X}已登记。",
        "ms": "Nombor NRIC pesakit {X} telah didaftarkan.",
        "ta": "நோயாளியின் அடையாள அட்டை எண் {X} பதிவு செய்யப்பட்டுள்ளது.",
    },
    "phone": {
        "en": "Call the patient's daughter at {X} after 6 pm.",
        "zh": "请在下午6点后拨打{X}联系患者的女儿。",
        "ms": "Hubungi anak perempuan pesakit di {X} selepas jam 6 petang.",
        "ta": "மாலை 6 மணிக்குப் பிறகு நோயாளியின் மகளை {X} என்ற எண்ணில் அழைக்கவும்.",
    },
    "email": {
        "en": "Send the discharge summary to {X} today.",
        "zh": "请将出院小结发送至{X}。",
        "ms": "Hantar ringkasan discaj ke {X} hari ini.",
        "ta": "வெளியேற்றச் சுருக்கத்தை {X} என்ற முகவரிக்கு அனுப்பவும்.",
    },
    "dob": {
        "en": "Mr Lim, DOB: {X}, was reviewed today.",
        "zh": "出生日期：{X}",
        "ms": "Tarikh lahir: {X}.",
        "ta": "பிறந்த தேதி: {X}.",
    },
    "address": {
        "en": "The patient lives at {X} with her son.",
        "zh": "住址：{X}。",
        "ms": "Alamat rumah: {X}.",
        "ta": "வீட்டு முகவரி: {X}.",
    },
}
LANGUAGES = ("en", "zh", "ms", "ta")


def spans_in(kind, language, disguised):
    text = CARRIERS[kind][language].replace("{X}", disguised)
    # The carriers name their patient ("Mr Lim"); names are tested in test_names.py.
    return [
        (span.type, span.text)
        for span in detect(text, public_numbers=PUBLIC, mrn_patterns=MRN)
        if span.type != "person"
    ]


def case_ids(cases):
    return [name for name, _ in cases]


NRIC_DISGUISES = [
    ("zero-width space inside", "S123\u200b4567D"),
    ("soft hyphen inside", "S123\u00ad4567D"),
    ("word joiner inside", "S1234\u2060567D"),
    ("BOM inside", "S12\ufeff34567D"),
    ("ZWJ and ZWNJ inside", "S\u200d1234567\u200cD"),
    ("bidi marks inside", "S\u200e1234\u202a567\u202cD"),
    ("Cyrillic series letter", "\u04051234567D"),
    ("Cyrillic M series", "\u041c1234567K"),
    ("Greek T series", "\u03a41234567J"),
    ("Greek digamma for F", "\u03dc1234567N"),
    ("Komi Sje for G", "\u050c4549883U"),
    ("Cyrillic check letter", "T1234567\u0408"),
    ("Greek check letter", "F1234567\u039d"),
    ("Cyrillic series and check letters", "\u041c1234567\u041a"),
    ("mathematical bold", "\U0001d412\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4\U0001d7d5\U0001d403"),
    ("mathematical double-struck digits", "S\U0001d7d9\U0001d7da\U0001d7db\U0001d7dc\U0001d7dd\U0001d7de\U0001d7dfD"),
    ("full-width", "\uff33\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff24"),
    ("Tamil digits", "S\u0be7\u0be8\u0be9\u0bea\u0beb\u0bec\u0bedD"),
    ("digit groups with spaces", "S 123 4567 D"),
    ("digit groups with no-break spaces", "S\u00a0123\u00a04567\u00a0D"),
    ("digit groups with a narrow no-break space", "S123\u202f4567D"),
    ("digit groups with a dot", "S1234.567D"),
    ("digit groups with hyphens", "S-123-4567-D"),
    ("digit groups with an en dash", "S123\u20134567D"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "nric"), NRIC_DISGUISES, ids=case_ids(NRIC_DISGUISES))
def test_it_finds_an_nric_in_disguise_and_the_span_is_the_disguised_original(language, name, nric):
    assert spans_in("nric", language, nric) == [("nric", nric)]


def test_it_blocks_an_nric_with_a_zero_width_space_inside_as_a_valid_nric_not_a_suspect():
    # The checksum is computed on the digits the view reads, so the disguise
    # does not turn a real NRIC into a mere suspect.
    assert spans_in("nric", "en", "T1234\u200b567J") == [("nric", "T1234\u200b567J")]
    assert spans_in("nric", "en", "T1234\u200b567A") == [("nric_suspect", "T1234\u200b567A")]


PHONE_DISGUISES = [
    ("soft hyphen inside", "9123\u00ad4567"),
    ("zero-width space inside", "91\u200b23 4567"),
    ("word joiner inside", "9123\u20604567"),
    ("BOM inside", "+65 9123\ufeff4567"),
    ("mathematical bold digits", "\U0001d7d7\U0001d7cf\U0001d7d0\U0001d7d1 \U0001d7d2\U0001d7d3\U0001d7d4\U0001d7d5"),
    (
        "mathematical monospace digits",
        "\U0001d7ff\U0001d7f7\U0001d7f8\U0001d7f9\U0001d7fa\U0001d7fb\U0001d7fc\U0001d7fd",
    ),
    ("full-width", "\uff19\uff11\uff12\uff13\u3000\uff14\uff15\uff16\uff17"),
    ("Arabic-Indic digits", "\u0669\u0661\u0662\u0663 \u0664\u0665\u0666\u0667"),
    ("no-break space", "9123\u00a04567"),
    ("narrow no-break space", "9123\u202f4567"),
    ("thin space", "9123\u20094567"),
    ("figure space", "9123\u20074567"),
    ("ideographic space", "9123\u30004567"),
    ("dot", "9123.4567"),
    ("en dash", "9123\u20134567"),
    ("minus sign", "9123\u22124567"),
    ("country code with no-break spaces", "+65\u00a09123\u00a04567"),
    ("country code with dots", "+65.9123.4567"),
    ("pairs with spaces", "91 23 45 67"),
    ("pairs with dots", "91.23.45.67"),
    ("one digit at a time", "9 1 2 3 4 5 6 7"),
    ("1800 number with no-break spaces", "1800\u00a0123\u00a04567"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "phone"), PHONE_DISGUISES, ids=case_ids(PHONE_DISGUISES))
def test_it_finds_a_phone_number_in_disguise(language, name, phone):
    assert spans_in("phone", language, phone) == [("phone", phone)]


EMAIL_DISGUISES = [
    ("zero-width space inside", "tan.ah\u200bkow@gmail.com"),
    ("soft hyphen in the domain", "tan.ahkow@gmail\u00ad.com"),
    ("Cyrillic letters", "t\u0430n.\u0430hkow@gm\u0430il.\u0441om"),
    ("Greek omicron", "lim.\u03bfng@hotmail.c\u03bfm"),
    ("full-width at sign", "tan.ahkow\uff20gmail.com"),
    ("small at sign", "tan.ahkow\ufe6bgmail.com"),
    ("mathematical digits", "raj\U0001d7d7\U0001d7d7@u.nus.edu"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "email"), EMAIL_DISGUISES, ids=case_ids(EMAIL_DISGUISES))
def test_it_finds_an_email_address_in_disguise(language, name, email):
    assert spans_in("email", language, email) == [("email", email)]


DOB_DISGUISES = [
    ("zero-width space inside", "12\u200b/03/1985"),
    ("soft hyphen inside", "12/03/19\u00ad85"),
    ("mathematical digits", "\U0001d7cf\U0001d7d0/\U0001d7ce\U0001d7d1/\U0001d7cf\U0001d7d7\U0001d7d6\U0001d7d3"),
    ("full-width", "\uff11\uff12\uff0f\uff10\uff13\uff0f\uff11\uff19\uff18\uff15"),
    ("Tamil digits", "\u0be7\u0be8/\u0be6\u0be9/\u0be7\u0bef\u0bee\u0beb"),
    ("division slashes", "12\u221503\u22151985"),
    ("en dashes", "12\u201303\u20131985"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "date"), DOB_DISGUISES, ids=case_ids(DOB_DISGUISES))
def test_it_finds_a_date_of_birth_in_disguise(language, name, date):
    assert spans_in("dob", language, date) == [("dob", date)]


def test_it_reads_a_birth_keyword_written_with_look_alike_letters():
    assert spans_in("dob", "en", "12 \u041c\u0430rch 1985") == [("dob", "12 \u041c\u0430rch 1985")]
    text = "Mr Lim, D\u041e\u0412: 12/03/1985."  # Cyrillic O and B in DOB
    assert [(s.type, s.text) for s in detect(text, public_numbers=PUBLIC, mrn_patterns=MRN)] == [
        ("person", "Lim"),
        ("dob", "12/03/1985"),
    ]


ADDRESS_DISGUISES = [
    ("zero-width space in the postal code", "Blk 123 Ang Mo Kio Avenue 3 #05-67 Singapore 560\u200b123"),
    ("no-break spaces", "Blk\u00a0123\u00a0Ang Mo Kio Avenue\u00a03 #05-67 Singapore\u00a0560123"),
    ("Cyrillic letters", "\u0412lk 123 Ang Mo Kio Av\u0435nue 3 #05-67 \u0405ingapore 560123"),
    (
        "full-width unit and postal code",
        "Blk 123 Ang Mo Kio Avenue 3 \uff03\uff10\uff15\uff0d\uff16\uff17 Singapore "
        "\uff15\uff16\uff10\uff11\uff12\uff13",
    ),
    ("mathematical digits", "Blk \U0001d7cf\U0001d7d0\U0001d7d1 Ang Mo Kio Avenue 3 #05-67 Singapore 560123"),
    ("soft hyphen in the unit", "Blk 123 Ang Mo Kio Avenue 3 #05\u00ad-67 Singapore 560123"),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "address"), ADDRESS_DISGUISES, ids=case_ids(ADDRESS_DISGUISES))
def test_it_finds_an_address_in_disguise(language, name, address):
    assert spans_in("address", language, address) == [("address", address)]


def test_it_finds_a_chinese_address_with_invisible_characters_and_full_width_digits():
    address = "新加坡宏茂桥3道\u200b１２３座#05-67，邮区５６０\u00ad１２３"
    assert spans_in("address", "zh", address) == [("address", address)]


# --- What stays quiet -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ஸ்ரீ\u200dமதி மருத்துவமனைக்கு வந்தார்; கை\u200cகளை நன்கு கழுவவும்.",
        "க\u200dஷ்டம் இருந்தால் மருத்துவரை அணுகவும்\u200c.",
        "உணவுக்குப் பிறகு 500\u00a0மி.கி. ஒரு நாளைக்கு இரண்டு முறை; அவசர நிலையில் 995 ஐ அழைக்கவும்.",
    ],
)
def test_tamil_text_with_zwj_and_zwnj_and_no_identifier_is_not_flagged(text):
    assert detect(text, public_numbers=PUBLIC, mrn_patterns=MRN) == []


@pytest.mark.parametrize(
    "text",
    [
        "Take 500\u00a0mg twice a day; children take 2\u00a0x\u00a0250\u202fmg.",
        "Take 2 x 250 mg at 8.30 am and 8.30 pm.",
        "Clinic hours: 8.30\u202fam\u2009\u2013\u20095.30\u202fpm.",
        "In an emergency call 995\u00a0or 1777; hotline 1800\u00a0221\u00a04444 or 6389\u00a02222.",
        "In an emergency call ９９５; hotline １８００ ２２１ ４４４４.",
        "Between 2019\u20132021, 8000\u20139000 cases; 95\u00a0% recovered; 6000\u00a06500 doses.",
        "Readings at 30 45 60 90 minutes, and 30.45.60.90 in the old chart.",
        "Measured on 30.06.2020 and 31.12.2021; next review 30-06-2025.",
        "Vaccines in 2020 2021 2022; ages 6 to 9; 3\u20134 weeks apart.",
        "Sol\u00adu\u00adtion: dilute 10\u00a0ml in 100\u00a0ml of water.",
        "服用５００毫克，每日两次；紧急情况请拨打９９５。上午８：３０至下午５：３０。",
        "Ambil 500\u00a0mg dua kali sehari; hubungi 995\u00a0jika kecemasan.",
        "Pi is 3.1415\u00a09265; the fee is $9123.45.",
        "About 38\u202f123\u202f456 people and 91 234 567 doses (thousands set off by spaces).",
    ],
)
def test_doses_times_years_and_public_numbers_written_with_odd_spaces_are_not_flagged(text):
    assert detect(text, public_numbers=PUBLIC, mrn_patterns=MRN) == []


def test_an_emoji_or_a_ligature_before_an_identifier_does_not_shift_its_span():
    text = "📞 ﬁle: call 9123\u00ad4567 ½ hour later"
    spans = detect(text, public_numbers=PUBLIC, mrn_patterns=MRN)
    assert [(s.type, s.text) for s in spans] == [("phone", "9123\u00ad4567")]
    assert text[spans[0].start : spans[0].end] == "9123\u00ad4567"


@pytest.mark.parametrize(
    ("text", "mrn"),
    [
        ("病历号MRN 12\u00ad34567，请复查。", "MRN 12\u00ad34567"),
        ("病历号ＭＲＮ１２３４５６７，请复查。", "ＭＲＮ１２３４５６７"),
        (
            "Refer to MRN\u00a0\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4\U0001d7d5 for scans.",
            "MRN\u00a0\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4\U0001d7d5",
        ),
    ],
)
def test_mrn_patterns_match_the_normalised_view_and_report_the_original(text, mrn):
    assert [(s.type, s.text) for s in detect(text, public_numbers=PUBLIC, mrn_patterns=MRN)] == [("mrn", mrn)]
