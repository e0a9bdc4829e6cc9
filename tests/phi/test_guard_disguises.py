"""The guard with disguised identifiers and identifiers split across pieces."""

import pickle

import pytest

from translations.phi import PhiBlocked, PhiLocation, guard_outbound, restore
from translations.phi.guard import placeholders_in

OPTIONS = {"public_numbers": ["995", "1777", "1800 221 4444"], "mrn_patterns": [r"\bMRN[:\s#-]*\d{6,10}\b"]}


def guard(pieces, policy="block", **extra):
    return guard_outbound(pieces=pieces, policy=policy, **{**OPTIONS, **extra})


def found(pieces):
    return guard(pieces, policy="allow", on_premises=True).locations


# --- Disguised identifiers in one piece ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Patient NRIC S123\u200b4567D was admitted.",
        "患者身份证号码S123\u200b4567D已登记。",
        "Nombor NRIC pesakit S123\u200b4567D telah didaftarkan.",
        "நோயாளியின் அடையாள எண் S123\u200b4567D பதிவு செய்யப்பட்டுள்ளது.",
    ],
)
def test_it_blocks_an_nric_with_a_zero_width_space_inside(text):
    with pytest.raises(PhiBlocked) as caught:
        guard({"segment 2": text})
    assert [(loc.label, loc.type) for loc in caught.value.locations] == [("segment 2", "nric")]
    location = caught.value.locations[0]
    assert text[location.start : location.end] == "S123\u200b4567D"
    message = str(caught.value)
    assert "S12****7D" in message  # masked, and without the invisible character
    assert "S1234567D" not in message and "S123\u200b4567D" not in message and "4567" not in message


def test_it_blocks_a_phone_number_with_a_soft_hyphen_in_a_draft_brief():
    brief = {"brief topic": "Dengue fever", "brief key_messages 1": "Mdm Lee (9123\u00ad4567) recovered at home"}
    with pytest.raises(PhiBlocked, match="phone number in 'brief key_messages 1'"):
        guard(brief)


@pytest.mark.parametrize(
    "text",
    [
        "NRIC \u0405\u200b1234567D, call \U0001d7d7\U0001d7cf\U0001d7d0\U0001d7d1\u00a04567, mail "
        "t\u0430n@gmail\u00ad.com.",
        "身份证Ｓ１２３４５６７Ｄ，电话９１２３\u202f４５６７，邮箱tan＠gmail.com。",
    ],
)
def test_redaction_replaces_the_whole_disguised_span_and_restore_puts_the_original_back(text):
    payload = guard({"s1": text}, policy="redact")
    sent = payload.pieces["s1"]
    assert set(placeholders_in(sent)) == {"[NRIC_1]", "[PHONE_1]", "[EMAIL_1]"}
    # Nothing of the identifiers is left around the placeholders, invisible characters included.
    for leftover in ("\u200b", "\u00ad", "\u202f", "1234567", "4567", "gmail", "Ｄ", "\U0001d7d7"):
        assert leftover not in sent
    assert restore(sent, payload.placeholders, expected=placeholders_in(sent)) == text


def test_allow_reports_the_original_offsets_of_a_disguised_identifier():
    text = "a\u00ad\u200bb call 9123\u2060 4567"
    [location] = found({"s1": text})
    assert (location.type, text[location.start : location.end]) == ("phone", "9123\u2060 4567")


# --- Identifiers split across pieces ------------------------------------------------


SPLIT = {"segment 3": "Our patient, NRIC S123", "segment 4": "4567D, had fever."}


def test_block_refuses_an_nric_split_across_two_segments_and_names_both():
    with pytest.raises(PhiBlocked) as caught:
        guard(SPLIT)
    locations = caught.value.locations
    assert [(loc.label, loc.type, loc.start, loc.end) for loc in locations] == [
        ("segment 3", "nric", 18, 22),
        ("segment 4", "nric", 0, 5),
    ]
    assert all(loc.split_across == ("segment 3", "segment 4") for loc in locations)
    message = str(caught.value)
    assert "split across 'segment 3' and 'segment 4'" in message
    assert "S12* ***7D" in message and "S123" not in message and "4567D" not in message


def test_redact_refuses_an_identifier_split_across_two_segments_with_a_message_saying_so():
    with pytest.raises(PhiBlocked) as caught:
        guard(SPLIT, policy="redact")
    message = str(caught.value)
    assert "spans two segments ('segment 3' and 'segment 4')" in message
    assert "cannot replace it" in message
    assert "S1234567D" not in message


def test_allow_reports_both_parts_of_a_split_identifier():
    assert found(SPLIT) == [
        PhiLocation("segment 3", "nric", 18, 22, ("segment 3", "segment 4")),
        PhiLocation("segment 4", "nric", 0, 5, ("segment 3", "segment 4")),
    ]


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        ("Call her on 9123", "4567 after 6 pm.", "phone"),
        ("请拨打+65 9123", "4567联系她。", "phone"),
        ("Hubungi 9123\u00ad", "\u200b4567 segera.", "phone"),
        ("Write to tan.ah", "kow@gmail.com today.", "email"),
        ("她的电子邮箱是tan.ahkow@gmail", ".com。", "email"),
        ("பிறந்த தேதி: 12/03", "/1985.", "dob"),
        ("Tarikh lahir: 12 Mac", "1985.", "dob"),
        ("Lives at Blk 123", "Ang Mo Kio Ave 3 #05-67.", "address"),
        ("NRIC Ѕ123", "４５６７Ｄ on file.", "nric"),
    ],
)
def test_an_identifier_split_across_two_segments_is_caught_in_every_language(first, second, kind):
    locations = found({"segment 1": first, "segment 2": second})
    assert {loc.label for loc in locations if loc.type == kind and loc.split_across} == {"segment 1", "segment 2"}
    with pytest.raises(PhiBlocked, match="spans two segments"):
        guard({"segment 1": first, "segment 2": second}, policy="redact")


def test_a_split_is_found_between_neighbouring_segments_anywhere_in_a_long_batch():
    pieces = {f"segment {i}": "Drink plenty of water and rest at home." for i in range(1, 40)}
    pieces["segment 20"] = "If you feel worse, call 9123"
    pieces["segment 21"] = "4567 at once."
    labels = {loc.label for loc in found(pieces)}
    assert labels == {"segment 20", "segment 21"}


def test_a_birth_date_whose_keyword_ends_the_previous_segment_is_redacted_in_its_own_segment():
    pieces = {"segment 1": "Date of birth:", "segment 2": "12/03/1985", "segment 3": "Drink water."}
    payload = guard(pieces, policy="redact")
    assert payload.pieces == {"segment 1": "Date of birth:", "segment 2": "[DOB_1]", "segment 3": "Drink water."}
    assert restore("[DOB_1]", payload.placeholders, expected={"[DOB_1]"}) == "12/03/1985"


def test_two_halves_of_an_address_each_found_in_its_own_segment_are_redacted_not_refused():
    pieces = {"segment 1": "Blk 123 Ang Mo Kio Ave 3", "segment 2": "#05-67 Singapore 560123"}
    payload = guard(pieces, policy="redact")
    assert payload.pieces == {"segment 1": "[ADDRESS_1]", "segment 2": "[ADDRESS_2]"}


def test_identifiers_wholly_inside_neighbouring_segments_are_not_taken_for_a_split():
    pieces = {"segment 1": "Call 9123 4567", "segment 2": "S1234567D is the NRIC."}
    assert [loc.split_across for loc in found(pieces)] == [(), ()]
    assert guard(pieces, policy="redact").pieces == {
        "segment 1": "Call [PHONE_1]",
        "segment 2": "[NRIC_1] is the NRIC.",
    }


@pytest.mark.parametrize(
    "segments",
    [
        ["Take 500 mg twice a day.", "Call 995 in an emergency.", "1777 is for a non-emergency ambulance."],
        ["Dosage", "500 mg", "2 x 250 mg", "8.30 am", "Call 995", "1800 221 4444", "2020", "2021", "95%"],
        ["Step 1", "2 tablets", "3 times a day", "Week 6", "8 weeks", "Ages 6", "9 and above"],
        ["服用500毫克", "每日两次", "紧急情况请拨打995", "1777非紧急"],
        ["ஸ்ரீ\u200dமதி", "கை\u200cகளை கழுவவும்", "995 ஐ அழைக்கவும்"],
        ["Ambil 500\u00a0mg", "dua kali sehari", "Hubungi 995", "Temu janji 12 Mac 2025"],
        ["Babies born early need extra care.", "12 March 2020: the outbreak began."],
    ],
)
def test_ordinary_leaflet_segments_are_not_flagged_when_read_together(segments):
    pieces = {f"segment {i + 1}": text for i, text in enumerate(segments)}
    assert found(pieces) == []
    assert guard(pieces).pieces == pieces


def test_a_blocked_error_with_a_split_identifier_survives_pickling_and_audits_without_the_identifier():
    with pytest.raises(PhiBlocked) as caught:
        guard(SPLIT, policy="redact")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value) and copy.locations == caught.value.locations
    records = [loc.as_audit_dict() for loc in caught.value.locations]
    assert records[0] == {
        "label": "segment 3",
        "type": "nric",
        "start": 18,
        "end": 22,
        "split_across": ["segment 3", "segment 4"],
    }
    assert "S123" not in str(records) and "4567D" not in str(records)
