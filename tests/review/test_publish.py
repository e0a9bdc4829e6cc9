"""Publishing: the gate refuses everything short of two fresh approvals per language."""

import pytest
from django.core.exceptions import PermissionDenied

from review.models import AuditEvent, Publication, PublicationText
from review.services import GateClosed, leaflet_publish, publication_withdraw, translation_approve
from tests.conftest import approve_everything, text_of, translate_all
from tests.support.review import seen
from translations.edits import target_segment_edit
from translations.models import TargetSegment
from workbench.services import SegmentInput, revision_save


def test_it_publishes_when_every_language_has_both_approvals(approved_leaflet, personas):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    publication.refresh_from_db()
    assert publication.state == Publication.State.LIVE
    texts = {t.language_id: t for t in PublicationText.objects.filter(publication=publication)}
    assert set(texts) == {"en", "zh", "ms", "ta"}
    assert (texts["ta"].body[0]["kind"], texts["ta"].body[0]["text"]) == ("title", "அறிகுறி சோதனை")
    assert texts["ta"].body[1]["text"] == "இந்த அறிகுறிகள் எவ்வளவு காலமாக இருந்து வருகின்றன?"
    assert texts["ta"].title == "அறிகுறி சோதனை"  # the column the lead takes from the title item
    assert texts["zh"].content_hash == text_of(approved_leaflet, "zh").content_hash
    assert AuditEvent.objects.filter(verb="leaflet.published", leaflet=approved_leaflet).count() == 1


def test_it_refuses_when_one_clinician_approval_is_missing(translated_leaflet, personas):
    for code in ("en", "zh", "ms", "ta"):
        translation_approve(
            text_version=text_of(translated_leaflet, code),
            expected_hash=seen(text_of(translated_leaflet, code)),
            reviewer=personas.reviewer(code, "native"),
            stage="native",
        )
        if code != "ta":
            translation_approve(
                text_version=text_of(translated_leaflet, code),
                expected_hash=seen(text_of(translated_leaflet, code)),
                reviewer=personas.reviewer(code, "clinical"),
                stage="clinical",
            )

    with pytest.raises(GateClosed) as refused:
        leaflet_publish(leaflet=translated_leaflet, publisher=personas.publisher)

    assert any("Tamil" in reason and "Clinician" in reason for reason in refused.value.reasons)
    assert not Publication.objects.exists()
    assert AuditEvent.objects.filter(verb="leaflet.publish_refused").count() == 1


def test_it_refuses_after_a_reviewer_edit_voids_the_approvals(approved_leaflet, personas):
    tamil = text_of(approved_leaflet, "ta")
    segment = TargetSegment.objects.filter(text_version=tamil).first()
    target_segment_edit(
        segment=segment,
        editor=personas.reviewer("ta", "native"),
        text=segment.text + " ",
        expected_seq=segment.edit_seq,
    )  # whitespace only: no change
    target_segment_edit(
        segment=segment,
        editor=personas.reviewer("ta", "native"),
        text="இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?",
        expected_seq=segment.edit_seq,
    )

    with pytest.raises(GateClosed) as refused:
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    assert any(reason.startswith("Tamil:") for reason in refused.value.reasons)
    assert not Publication.objects.exists()


def test_it_refuses_after_the_source_changed(approved_leaflet, personas):
    revision = approved_leaflet.current_revision
    segments = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision.segments.all()]
    segments[1] = SegmentInput(kind="paragraph", text="i will send you a photo", key=segments[1].key)
    revision_save(
        leaflet=approved_leaflet, user=personas.author, segments=segments, base_revision_number=revision.number
    )

    with pytest.raises(GateClosed) as refused:
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    reasons = " ".join(refused.value.reasons)
    assert "not translated" in reasons  # the changed segment is outdated in every target language
    assert "awaiting" in reasons


def test_it_refuses_anyone_who_is_not_a_publisher(approved_leaflet, personas):
    for person in (personas.author, personas.outsider, personas.reviewer("ta", "clinical")):
        with pytest.raises(PermissionDenied):
            leaflet_publish(leaflet=approved_leaflet, publisher=person)
    assert not Publication.objects.exists()


def test_it_refuses_publishing_the_live_revision_again_and_withdrawal_needs_a_reason(approved_leaflet, personas):
    from django.core.exceptions import ValidationError

    first = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    with pytest.raises(ValidationError, match="already published"):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    with pytest.raises(ValidationError):
        publication_withdraw(publication=first, user=personas.publisher, reason="  ")

    publication_withdraw(publication=first, user=personas.publisher, reason="Dose advice under revision")

    first.refresh_from_db()
    assert first.state == Publication.State.WITHDRAWN and first.withdrawal_reason == "Dose advice under revision"
    assert Publication.objects.count() == 1


def test_a_later_revision_can_be_republished_after_it_is_approved_again(approved_leaflet, personas):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    revision = approved_leaflet.current_revision
    segments = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision.segments.all()]
    segments.reverse()  # a reorder is a change of the text too
    revision_save(
        leaflet=approved_leaflet, user=personas.author, segments=segments, base_revision_number=revision.number
    )
    translate_all(approved_leaflet)
    approve_everything(approved_leaflet, personas)

    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    assert publication.revision_id == approved_leaflet.current_revision_id
    assert Publication.objects.filter(state=Publication.State.LIVE).count() == 1
    superseded = Publication.objects.exclude(pk=publication.pk).get()
    assert superseded.state == Publication.State.WITHDRAWN and "Superseded" in superseded.withdrawal_reason
