"""Identifiers disguised with words and writing habits (issue 16): e-mails
with "[at]"/"dot", phone numbers with the country code written any way,
addresses with "S'pore", without "Blk" or with the Tamil or Chinese street
first, dates of birth behind "b.", "பிறப்பு:" or "lahir pada". Each is found in
the four languages' sentences, and ordinary leaflet text stays quiet."""

from pathlib import Path

import pytest

from translations.phi import detect

PUBLIC = ["995", "999", "1777", "1800 221 4444", "6389 2222"]
MINE = ("email", "phone", "address", "dob")
TICO = Path(__file__).resolve().parents[3] / "shared" / "data" / "tico19" / "tico19-dev.tsv"


def found(text):
    return [(span.type, span.text) for span in detect(text, public_numbers=PUBLIC, mrn_patterns=[])]


def mine(text):
    # Person names are another detector's business; these tests are about
    # e-mails, phones, addresses and dates of birth.
    return [(kind, value) for kind, value in found(text) if kind in MINE]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Email lim.siewmei [at] gmail [dot] com for the results.", "lim.siewmei [at] gmail [dot] com"),
        ("Write to tan at outlook dot com please.", "tan at outlook dot com"),
        ("Her address is tan.ahkow @ gmail.com.", "tan.ahkow @ gmail.com"),
        ("Send it to siti_aisyah(at)yahoo(dot)com(dot)sg today.", "siti_aisyah(at)yahoo(dot)com(dot)sg"),
        ("Contact: kumar.r {at} singnet {dot} com {dot} sg", "kumar.r {at} singnet {dot} com {dot} sg"),
        ("Contact: RAJESH.P12 AT GMAIL DOT COM", "RAJESH.P12 AT GMAIL DOT COM"),
        ("Send to lim dot siewmei at gmail dot com now.", "lim dot siewmei at gmail dot com"),
        ("Send to weiling88@gmail . com now.", "weiling88@gmail . com"),
        ("Send to weiling88 ＠ gmail.com now.", "weiling88 ＠ gmail.com"),
        ("Send to meimei.tan at icloud.com now.", "meimei.tan at icloud.com"),
        ("她儿子的邮箱：chen.jw艾特qq点com", "chen.jw艾特qq点com"),
        ("联系方式：chen.jw at符号 gmail.com", "chen.jw at符号 gmail.com"),
        ("E-mel anak beliau: ahmad_rahim di outlook dot com", "ahmad_rahim di outlook dot com"),
        ("மகனின் மின்னஞ்சல்: lakshmi.s [at] gmail [dot] com", "lakshmi.s [at] gmail [dot] com"),
        ("Email: siti at nus.edu.sg", "siti at nus.edu.sg"),
    ],
)
def test_it_finds_an_email_address_written_with_words(text, expected):
    assert mine(text) == [("email", expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call her on 8123.4567 after 6 pm.", "8123.4567"),
        ("Call her on +65.8123.4567 after 6 pm.", "+65.8123.4567"),
        ("Tel: +65-9123-4567", "+65-9123-4567"),
        ("Contact number 65 9123 4567.", "65 9123 4567"),
        ("Contact number (65)91234567.", "(65)91234567"),
        ("Contact number +65 9123-4567.", "+65 9123-4567"),
        ("Contact number 65-9123-4567.", "65-9123-4567"),
        ("Contact number 6591234567.", "6591234567"),
        ("Contact number 9123 - 4567.", "9123 - 4567"),
        ("Contact number 9123 45 67.", "9123 45 67"),
        ("联系电话：+65.9123.4567。", "+65.9123.4567"),
        ("Nombor telefon: 65 9123 4567.", "65 9123 4567"),
        ("தொலைபேசி எண்: (65)91234567.", "(65)91234567"),
    ],
)
def test_it_finds_a_phone_number_with_the_country_code_written_any_way(text, expected):
    assert mine(text) == [("phone", expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She lives at 123 Tampines St 21, #05-123, S'pore 520123.", "123 Tampines St 21, #05-123, S'pore 520123"),
        ("She lives at 123 Tampines St 21, S\u2019pore 520123.", "123 Tampines St 21, S\u2019pore 520123"),
        ("Blk 123 Tampines St 21 #05-123 Spore 520123", "Blk 123 Tampines St 21 #05-123 Spore 520123"),
        ("Home address: Singapore 520123.", "Singapore 520123"),
        ("She lives at No. 12 Jalan Kembangan with her son.", "No. 12 Jalan Kembangan"),
        ("Deliver to Block 123 Tampines Street 21 by Friday.", "Block 123 Tampines Street 21"),
        ("Deliver to Apt Blk 123 Tampines Street 21 by Friday.", "Apt Blk 123 Tampines Street 21"),
        ("Deliver to Tampines Street 21 #05-123 by Friday.", "Tampines Street 21 #05-123"),
        (
            "Tinggal di Blok 12 Jalan Bukit Merah, Tingkat 5, Unit 05-12.",
            "Blok 12 Jalan Bukit Merah, Tingkat 5, Unit 05-12",
        ),
        ("Alamat: Lorong 4 Toa Payoh, Blok 12", "Lorong 4 Toa Payoh, Blok 12"),
        ("住址：淡滨尼21街第123座。", "淡滨尼21街第123座"),
        ("住址：大巴窑4巷第253C座03楼0974号。", "大巴窑4巷第253C座03楼0974号"),
        ("护士周一将到红山路123号家访。", "红山路123号"),
        ("வீட்டு முகவரி: தெம்பனீஸ் ஸ்ட்ரீட் 21, புளோக் 123.", "தெம்பனீஸ் ஸ்ட்ரீட் 21, புளோக் 123"),
        ("முகவரி: சிராங்கூன் சாலை #05-12", "சிராங்கூன் சாலை #05-12"),
    ],
)
def test_it_finds_an_address_written_the_way_people_write_it(text, expected):
    assert mine(text) == [("address", expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr Lim b. 12.3.1985 was seen today.", "12.3.1985"),
        ("Seen in clinic (b. 1985-03-12).", "1985-03-12"),
        ("Patient born 12/3/85, lives alone.", "12/3/85"),
        ("DOB 1985-03-12, allergies nil.", "1985-03-12"),
        ("d.o.b. 12/03/1985", "12/03/1985"),
        ("DOB: 12 / 03 / 1985", "12 / 03 / 1985"),
        ("生于1985年3月12日。", "1985年3月12日"),
        ("出生日期：1985年3月12日", "1985年3月12日"),
        ("出生：1985/3/12", "1985/3/12"),
        ("Encik Ahmad, lahir pada 12 Mac 1985, diperiksa.", "12 Mac 1985"),
        ("Dilahirkan pada 12hb Mac 1985.", "12hb Mac 1985"),
        ("Butiran: 12 Mac 1985 (tarikh lahir).", "12 Mac 1985"),
        ("tarikh lahir 12/3/1985", "12/3/1985"),
        ("பிறப்பு: 1985-03-12", "1985-03-12"),
        ("பிறந்த தேதி: 12.03.1985", "12.03.1985"),
    ],
)
def test_it_finds_a_date_of_birth_behind_its_short_or_local_label(text, expected):
    assert mine(text) == [("dob", expected)]


def test_the_span_of_a_disguised_email_is_the_original_text_with_its_invisible_characters():
    text = "Mail lim\u00ad.siewmei [at] gmail [dot] com today."
    assert mine(text) == [("email", "lim\u00ad.siewmei [at] gmail [dot] com")]


# --- What stays quiet -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Take 1.5 mg at 8.30 am and 2.5 ml at 9.15 pm.",
        "The app (version 2.5.1) costs $12.50 at the App Store.",
        "Visit us at www.healthhub.sg or at Tan Tock Seng Hospital.",
        "Find out more at healthhub.sg and moh.gov.sg.",
        "Look at the dot in the middle of the chart.",
        "Apply a dot of cream at bedtime.",
        "Walk 3000 - 4500 steps a day; 6000 - 8000 is better.",
        "In 1985 the vaccine was first given at Singapore General Hospital.",
        "Your appointment is on 12.3.2025 at 9.30 am at Bedok Polyclinic.",
        "a. Rest at home. b. 12/3/2025: second dose.",
        "The clinic is at Level 2, Block 3, Tampines.",
        "Children born in 2015 get the booster at Toa Payoh.",
        "Pada 12 Mac 2020, 300 bayi lahir di hospital itu.",
        "பிறப்பு கட்டுப்பாடு பற்றி மருத்துவரிடம் கேட்கவும்; அடுத்த சந்திப்பு 12/03/2025.",
        "2015年1月1日或之后出生的儿童可免费接种。",
        "请访问www.healthhub.sg或前往陈笃生医院了解更多。",
        "Temu janji anda di Poliklinik Bedok pada 12.3.2025 jam 9.30 pagi.",
    ],
)
def test_leaflet_text_with_doses_times_prices_links_and_dates_stays_quiet(text):
    assert mine(text) == []


@pytest.mark.skipif(not TICO.exists(), reason="TICO-19 dev data not found at ../shared/data/tico19/tico19-dev.tsv")
@pytest.mark.parametrize("language", ["en", "zh", "ms", "ta"])
def test_tico19_dev_sentences_give_no_email_phone_address_or_birth_date(language):
    header, *rows = TICO.read_text(encoding="utf-8").splitlines()
    at = header.split("\t").index(language)
    flagged = [row.split("\t")[at] for row in rows if mine(row.split("\t")[at])]
    assert flagged == []
