"""A change request blocks its text until the text changes or the requester withdraws it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import Approval
from review.roles import stage_group_name
from review.selectors import gate_evaluate
from review.services import (
    translation_approve,
    translation_change_request_withdraw,
    translation_request_changes,
)
from tests.attacks.conftest import refused_by_the_database
from tests.conftest import make_user, text_of
from tests.web.conftest import once, target_segments
from translations.edits import target_segment_edit
from workbench.models import Language


@pytest.fixture
def second_tamil_clinician(personas):
    return make_user("ta_clinical_2", stage_group_name(Language.objects.get(code="ta"), "clinical"))


def _tamil_row(leaflet):
    return next(r for r in gate_evaluate(leaflet=leaflet).rows if r.language == "ta")


def test_a_second_clinician_approving_after_a_change_request_gets_a_clear_refusal(
    translated_leaflet, personas, second_tamil_clinician, as_user
):
    tamil = text_of(translated_leaflet, "ta")
    translation_approve(
        text_version=tamil,
        reviewer=personas.reviewer("ta", "clinical"),
        stage="clinical",
        expected_hash=tamil.content_hash,
    )
    translation_request_changes(
        text_version=tamil, reviewer=second_tamil_clinician, stage="clinical", comment="Say 'days', not 'time'."
    )

    response = as_user(personas.reviewer("ta", "clinical")).post(
        f"/review/{tamil.pk}/decision/",
        {"action": "approve", "stage": "clinical", "expected_hash": tamil.content_hash, "_once": once()},
        follow=True,
    )

    assert response.status_code == 200
    assert "requested changes to this text" in response.content.decode()
    assert Approval.objects.filter(decision="approved").count() == 1
    assert not _tamil_row(translated_leaflet).cells["clinical"].approved


def test_it_refuses_every_approval_while_a_change_request_is_open(translated_leaflet, personas, second_tamil_clinician):
    tamil = text_of(translated_leaflet, "ta")
    translation_request_changes(
        text_version=tamil, reviewer=second_tamil_clinician, stage="clinical", comment="The dose is wrong."
    )
    with pytest.raises(ValidationError, match="requested changes"):
        translation_approve(
            text_version=tamil,
            reviewer=personas.reviewer("ta", "native"),
            stage="native",
            expected_hash=tamil.content_hash,
        )
    refused_by_the_database(
        lambda: Approval.objects.create(
            text_version=tamil,
            stage="native",
            reviewer=personas.reviewer("ta", "native"),
            decision="approved",
            content_hash=tamil.content_hash,
            generation=tamil.edit_generation,
        ),
        "request is still open",
    )


def test_the_requester_can_withdraw_and_then_the_earlier_approval_counts_again(
    translated_leaflet, personas, second_tamil_clinician, as_user
):
    tamil = text_of(translated_leaflet, "ta")
    translation_approve(
        text_version=tamil,
        reviewer=personas.reviewer("ta", "clinical"),
        stage="clinical",
        expected_hash=tamil.content_hash,
    )
    request = translation_request_changes(
        text_version=tamil, reviewer=second_tamil_clinician, stage="clinical", comment="Is this the right word?"
    )

    # Nobody else can withdraw it.
    with pytest.raises(PermissionDenied):
        translation_change_request_withdraw(change_request=request, reviewer=personas.reviewer("ta", "clinical"))
    assert (
        as_user(personas.reviewer("ta", "clinical"))
        .post(f"/review/{tamil.pk}/requests/{request.pk}/withdraw/", {"_once": once()})
        .status_code
        == 403
    )

    as_user(second_tamil_clinician).post(f"/review/{tamil.pk}/requests/{request.pk}/withdraw/", {"_once": once()})

    withdrawal = Approval.objects.get(decision="request_withdrawn")
    assert withdrawal.withdraws_id == request.pk and withdrawal.reviewer == second_tamil_clinician
    assert _tamil_row(translated_leaflet).cells["clinical"].approved
    with pytest.raises(ValidationError, match="no longer open"):
        translation_change_request_withdraw(change_request=request, reviewer=second_tamil_clinician)


def test_a_change_request_lapses_when_the_text_changes(translated_leaflet, personas, second_tamil_clinician):
    tamil = text_of(translated_leaflet, "ta")
    translation_request_changes(
        text_version=tamil, reviewer=second_tamil_clinician, stage="clinical", comment="Use the word for days."
    )
    segment = target_segments(tamil)[0]
    target_segment_edit(
        segment=segment,
        editor=personas.dual_tamil,
        text="இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?",
        expected_seq=segment.edit_seq,
    )
    tamil.refresh_from_db()

    translation_approve(
        text_version=tamil, reviewer=second_tamil_clinician, stage="clinical", expected_hash=tamil.content_hash
    )
    assert _tamil_row(translated_leaflet).cells["clinical"].approved


def test_the_database_keeps_change_requests_and_refuses_forged_withdrawals(
    translated_leaflet, personas, second_tamil_clinician
):
    tamil = text_of(translated_leaflet, "ta")
    request = translation_request_changes(
        text_version=tamil, reviewer=second_tamil_clinician, stage="clinical", comment="The dose is wrong."
    )
    refused_by_the_database(lambda: Approval.objects.filter(pk=request.pk).delete(), "append-only")
    refused_by_the_database(
        lambda: Approval.objects.create(
            text_version=tamil,
            stage="clinical",
            reviewer=personas.reviewer("ta", "clinical"),
            decision="request_withdrawn",
            withdraws=request,
            content_hash=tamil.content_hash,
            generation=tamil.edit_generation,
        ),
        "only the reviewer who requested",
    )
    assert Approval.objects.filter(pk=request.pk).exists()


def test_the_queue_drops_a_text_while_its_request_is_open_and_brings_it_back_when_withdrawn(
    translated_leaflet, personas
):
    from review.selectors import review_queue

    tamil = text_of(translated_leaflet, "ta")
    native = personas.reviewer("ta", "native")
    assert (tamil.pk, "native") in [(tv.pk, stage) for tv, stage in review_queue(user=native)]

    request = translation_request_changes(text_version=tamil, reviewer=native, stage="native", comment="Check this.")
    assert (tamil.pk, "native") not in [(tv.pk, stage) for tv, stage in review_queue(user=native)]

    translation_change_request_withdraw(change_request=request, reviewer=native)
    assert (tamil.pk, "native") in [(tv.pk, stage) for tv, stage in review_queue(user=native)]
