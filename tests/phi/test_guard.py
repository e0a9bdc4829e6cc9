"""The outbound guard's policies and the placeholder round trip."""

import pickle

import pytest

from translations.phi import (
    GuardedPayload,
    PhiBlocked,
    PhiLocation,
    PlaceholderMismatch,
    guard_outbound,
    restore,
)
from translations.phi.guard import mask, placeholders_in

OPTIONS = {"public_numbers": ["995"], "mrn_patterns": [r"\bMRN[:\s#-]*\d{6,10}\b"]}
PIECES = {
    "title": "Discharge note for S1234567D",
    "body": "Call 9123 4567 or mail tan@example.com. NRIC S1234567D again.",
}


def guard(pieces=PIECES, policy="redact", **extra):
    return guard_outbound(pieces=pieces, policy=policy, **{**OPTIONS, **extra})


# --- block ---------------------------------------------------------------------------


def test_block_refuses_to_send_text_with_any_identifier():
    with pytest.raises(PhiBlocked) as caught:
        guard(policy="block")
    assert [(loc.label, loc.type) for loc in caught.value.locations] == [
        ("title", "nric"),
        ("body", "phone"),
        ("body", "email"),
        ("body", "nric"),
    ]


@pytest.mark.parametrize("text", ["NRIC S1234567A (typo?)", "NRIC *****567D"])
def test_block_also_refuses_suspect_and_masked_nrics(text):
    with pytest.raises(PhiBlocked):
        guard({"body": text}, policy="block")


def test_the_block_message_says_what_and_where_but_shows_only_a_masked_form():
    with pytest.raises(PhiBlocked) as caught:
        guard({"segment 3": "Patient NRIC S1234567D."}, policy="block")
    message = str(caught.value)
    assert "NRIC/FIN" in message and "'segment 3'" in message and "13-22" in message
    assert "S12****7D" in message
    assert "S1234567D" not in message
    assert "S1234567D" not in repr(caught.value) and "S1234567D" not in repr(caught.value.args)


def test_a_blocked_error_survives_pickling_for_the_task_queue():
    with pytest.raises(PhiBlocked) as caught:
        guard(policy="block")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value) and copy.locations == caught.value.locations


def test_block_sends_clean_text_unchanged():
    payload = guard({"body": "Take 500 mg twice a day; call 995 in an emergency."}, policy="block")
    assert payload == GuardedPayload(
        pieces={"body": "Take 500 mg twice a day; call 995 in an emergency."}, placeholders={}, locations=[]
    )


def test_block_is_the_default_policy():
    with pytest.raises(PhiBlocked):
        guard_outbound(pieces={"body": "S1234567D"}, **OPTIONS)


def test_audit_records_carry_type_and_position_but_never_the_identifier():
    payload = guard()
    records = [loc.as_audit_dict() for loc in payload.locations]
    assert records[0] == {"label": "title", "type": "nric", "start": 19, "end": 28}
    assert all("S1234567D" not in str(record) and "text" not in record for record in records)


def test_masking_hides_the_middle_and_keeps_separators():
    assert mask("S1234567D", "nric") == "S12****7D"
    assert mask("9123 4567", "phone") == "9*** ***7"
    assert mask("tan@example.com", "email") == "t**@*******.**m"
    assert mask("12/03/1985", "dob") == "1*/**/***5"
    assert mask("3/5", "dob") == "*/*"


# --- redact --------------------------------------------------------------------------


def test_redaction_replaces_identifiers_with_typed_numbered_placeholders():
    payload = guard()
    assert payload.pieces == {
        "title": "Discharge note for [NRIC_1]",
        "body": "Call [PHONE_1] or mail [EMAIL_1]. NRIC [NRIC_1] again.",
    }
    assert payload.placeholders == {"[NRIC_1]": "S1234567D", "[PHONE_1]": "9123 4567", "[EMAIL_1]": "tan@example.com"}
    assert len(payload.locations) == 4


def test_redaction_numbers_each_type_separately():
    payload = guard({"body": "S1234567D, T1234567J, 9123 4567, S1234567A"})
    assert payload.pieces["body"] == "[NRIC_1], [NRIC_2], [PHONE_1], [NRIC_SUSPECT_1]"


def test_redaction_never_issues_a_placeholder_already_in_the_text_and_restores_that_text():
    pieces = {"a": "Earlier reply kept [NRIC_1] literally.", "b": "Patient S1234567D."}
    payload = guard(pieces)
    sent_for_patient = payload.pieces["b"].removeprefix("Patient ").removesuffix(".")
    assert sent_for_patient != "[NRIC_1]"
    for label, sent in payload.pieces.items():
        assert restore(sent, payload.placeholders, expected=placeholders_in(sent)) == pieces[label]


def test_restore_puts_the_identifiers_back_into_the_reply():
    payload = guard()
    reply = "致电[PHONE_1]或发邮件至[EMAIL_1]。身份证[NRIC_1]。"
    assert restore(reply, payload.placeholders, expected=placeholders_in(payload.pieces["body"])) == (
        "致电9123 4567或发邮件至tan@example.com。身份证S1234567D。"
    )


def test_restore_refuses_a_reply_that_lost_a_placeholder():
    payload = guard()
    with pytest.raises(PlaceholderMismatch, match=r"missing \[EMAIL_1\]") as caught:
        restore(
            "致电[PHONE_1]。身份证[NRIC_1]。", payload.placeholders, expected=placeholders_in(payload.pieces["body"])
        )
    assert caught.value.missing == ["[EMAIL_1]"]


@pytest.mark.parametrize(
    "altered", ["[NRIC 1]", "[nric_1]", "NRIC_1", "【NRIC_1】", "(NRIC_1)", "[NRIC_01]", "［NRIC_1］"]
)
def test_restore_refuses_an_altered_placeholder(altered):
    with pytest.raises(PlaceholderMismatch) as caught:
        restore(f"身份证{altered}。", {"[NRIC_1]": "S1234567D"}, expected={"[NRIC_1]"})
    assert caught.value.unexpected == [altered]
    assert "S1234567D" not in str(caught.value)


def test_restore_refuses_a_placeholder_that_was_not_sent_with_this_piece():
    placeholders = {"[NRIC_1]": "S1234567D", "[PHONE_1]": "91234567"}
    with pytest.raises(PlaceholderMismatch, match=r"\[PHONE_1\]"):
        restore("[NRIC_1] [PHONE_1]", placeholders, expected={"[NRIC_1]"})
    with pytest.raises(PlaceholderMismatch, match=r"\[PHONE_2\]"):
        restore("[NRIC_1] [PHONE_2]", placeholders)


def test_restore_leaves_ordinary_brackets_alone():
    assert restore("See [1] and (note 2).", {}, expected=set()) == "See [1] and (note 2)."


# --- allow ---------------------------------------------------------------------------


def test_allow_is_refused_for_a_model_outside_the_hospital():
    with pytest.raises(ValueError, match="on-premises"):
        guard(policy="allow")


def test_allow_on_premises_sends_text_unchanged_and_still_reports_what_it_found():
    payload = guard(policy="allow", on_premises=True)
    assert payload.pieces == PIECES and payload.placeholders == {}
    assert PhiLocation("title", "nric", 19, 28) in payload.locations


def test_an_unknown_policy_is_a_configuration_error():
    with pytest.raises(ValueError, match="Unknown PHI policy"):
        guard(policy="mask")
