"""Going around the services (as the admin, a shell or a bug would) still cannot open the gate."""

import pytest
from django.db import IntegrityError, transaction

from review.models import Approval, AuditEvent, Publication, PublicationText
from review.selectors import gate_evaluate
from review.services import GateClosed, leaflet_publish, translation_approve
from tests.conftest import text_of
from tests.support.review import seen
from translations.models import TargetSegment
from workbench.models import Segment


def refused(callable_, match: str):
    with pytest.raises(IntegrityError, match=match):
        with transaction.atomic():
            callable_()


def test_it_refuses_a_raw_approval_for_content_that_is_not_current(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    refused(
        lambda: Approval.objects.create(
            text_version=tamil,
            stage="native",
            reviewer=personas.reviewer("ta", "native"),
            decision="approved",
            content_hash="f" * 64,
        ),
        "no longer the current text",
    )


def test_it_refuses_a_raw_second_approval_by_the_same_person(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    translation_approve(text_version=tamil, expected_hash=seen(tamil), reviewer=personas.dual_tamil, stage="native")
    refused(
        lambda: Approval.objects.create(
            text_version=tamil,
            stage="clinical",
            reviewer=personas.dual_tamil,
            decision="approved",
            content_hash=tamil.content_hash,
            generation=tamil.edit_generation,
        ),
        "both approvals",
    )


def test_it_refuses_editing_an_approval_after_the_fact(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    approval = translation_approve(
        text_version=tamil, expected_hash=seen(tamil), reviewer=personas.reviewer("ta", "native"), stage="native"
    )
    refused(lambda: Approval.objects.filter(pk=approval.pk).update(content_hash="0" * 64), "append-only")


def test_a_segment_updated_behind_the_services_back_voids_the_hash_and_closes_the_gate(approved_leaflet, personas):
    tamil = text_of(approved_leaflet, "ta")
    TargetSegment.objects.filter(text_version=tamil, position=0).update(text="மாற்றப்பட்ட உரை")

    tamil.refresh_from_db()
    assert tamil.content_hash == ""
    assert not gate_evaluate(leaflet=approved_leaflet).open
    with pytest.raises(GateClosed):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)


def test_it_refuses_a_publication_created_live(approved_leaflet, personas):
    refused(
        lambda: Publication.objects.create(
            leaflet=approved_leaflet,
            revision=approved_leaflet.current_revision,
            published_by=personas.publisher,
            state="live",
        ),
        "starts pending",
    )


def test_it_refuses_going_live_with_a_language_missing(approved_leaflet, personas):
    publication = Publication.objects.create(
        leaflet=approved_leaflet, revision=approved_leaflet.current_revision, published_by=personas.publisher
    )
    refused(lambda: Publication.objects.filter(pk=publication.pk).update(state="live"), "required language")


def test_it_refuses_a_published_text_backed_by_the_wrong_approvals(approved_leaflet, personas):
    tamil = text_of(approved_leaflet, "ta")
    native = Approval.objects.get(text_version=tamil, stage="native")
    malay_clinical = Approval.objects.get(text_version=text_of(approved_leaflet, "ms"), stage="clinical")
    publication = Publication.objects.create(
        leaflet=approved_leaflet, revision=approved_leaflet.current_revision, published_by=personas.publisher
    )
    refused(
        lambda: PublicationText.objects.create(
            publication=publication,
            language_id="ta",
            text_version=tamil,
            content_hash=tamil.content_hash,
            edit_generation=tamil.edit_generation,
            native_approval=native,
            clinical_approval=malay_clinical,
            title="x",
            body=[],
        ),
        "no clinician approval",
    )
    refused(
        lambda: PublicationText.objects.create(
            publication=publication,
            language_id="ta",
            text_version=tamil,
            content_hash=tamil.content_hash,
            edit_generation=tamil.edit_generation,
            native_approval=native,
            clinical_approval=native,
            title="x",
            body=[],
        ),
        "no clinician approval",
    )


def test_it_refuses_editing_a_saved_segment_or_the_audit_trail(approved_leaflet):
    refused(
        lambda: Segment.objects.filter(revision=approved_leaflet.current_revision).update(text="changed"), "immutable"
    )
    refused(lambda: AuditEvent.objects.update(actor_name="someone else"), "append-only")
