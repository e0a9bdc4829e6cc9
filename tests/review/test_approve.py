"""Approving: exactly the current text, by the right person, once per stage."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import Approval, AuditEvent
from review.selectors import gate_evaluate
from review.services import translation_approve, translation_request_changes
from tests.conftest import text_of
from tests.support.review import seen
from translations.edits import target_segment_edit
from translations.models import TargetSegment


def test_it_records_the_hash_the_reviewer_approved(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    approval = translation_approve(
        text_version=tamil, expected_hash=seen(tamil), reviewer=personas.reviewer("ta", "native"), stage="native"
    )
    assert Approval.objects.get(pk=approval.pk).content_hash == tamil.content_hash
    assert AuditEvent.objects.filter(verb="text.approved", object_id=str(approval.pk)).exists()


def test_it_refuses_a_reviewer_of_another_language(translated_leaflet, personas):
    with pytest.raises(PermissionDenied):
        translation_approve(
            text_version=text_of(translated_leaflet, "ta"),
            expected_hash=seen(text_of(translated_leaflet, "ta")),
            reviewer=personas.reviewer("ms", "clinical"),
            stage="clinical",
        )
    assert not Approval.objects.exists()


def test_it_refuses_a_native_reviewer_giving_the_clinician_approval(translated_leaflet, personas):
    with pytest.raises(PermissionDenied):
        translation_approve(
            text_version=text_of(translated_leaflet, "ta"),
            expected_hash=seen(text_of(translated_leaflet, "ta")),
            reviewer=personas.reviewer("ta", "native"),
            stage="clinical",
        )


def test_it_refuses_one_person_giving_both_approvals_of_a_language(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    translation_approve(text_version=tamil, expected_hash=seen(tamil), reviewer=personas.dual_tamil, stage="native")
    with pytest.raises(ValidationError, match="two people"):
        translation_approve(
            text_version=tamil, expected_hash=seen(tamil), reviewer=personas.dual_tamil, stage="clinical"
        )
    assert Approval.objects.filter(text_version=tamil).count() == 1


def test_it_refuses_the_reviewer_who_edited_the_text(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    segment = TargetSegment.objects.filter(text_version=tamil).first()
    editor = personas.reviewer("ta", "native")
    target_segment_edit(
        segment=segment, editor=editor, text="இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?", expected_seq=segment.edit_seq
    )
    with pytest.raises(ValidationError, match="wrote or edited"):
        translation_approve(
            text_version=text_of(translated_leaflet, "ta"),
            expected_hash=seen(text_of(translated_leaflet, "ta")),
            reviewer=editor,
            stage="native",
        )


def test_it_refuses_the_author_approving_the_source_they_wrote(translated_leaflet, personas):
    from django.contrib.auth.models import Group

    english = text_of(translated_leaflet, "en")
    personas.author.groups.add(Group.objects.get(name="English clinicians"))
    author = type(personas.author).objects.get(pk=personas.author.pk)  # fresh: permissions are cached per object
    with pytest.raises(ValidationError, match="wrote or edited"):
        translation_approve(text_version=english, expected_hash=seen(english), reviewer=author, stage="clinical")


def test_it_refuses_an_approval_of_text_the_reviewer_has_not_seen(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    shown = tamil.content_hash
    segment = TargetSegment.objects.filter(text_version=tamil).first()
    target_segment_edit(
        segment=segment,
        editor=personas.reviewer("ta", "native"),
        text="இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?",
        expected_seq=segment.edit_seq,
    )
    with pytest.raises(ValidationError, match="changed while you were reviewing"):
        translation_approve(
            text_version=tamil, reviewer=personas.reviewer("ta", "clinical"), stage="clinical", expected_hash=shown
        )


def test_an_approval_stops_counting_when_the_text_changes(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    translation_approve(
        text_version=tamil, expected_hash=seen(tamil), reviewer=personas.reviewer("ta", "clinical"), stage="clinical"
    )
    segment = TargetSegment.objects.filter(text_version=tamil).first()
    target_segment_edit(
        segment=segment,
        editor=personas.reviewer("ta", "native"),
        text="இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?",
        expected_seq=segment.edit_seq,
    )

    row = next(r for r in gate_evaluate(leaflet=translated_leaflet).rows if r.language == "ta")
    assert not row.cells["clinical"].approved
    assert row.cells["clinical"].stale_approvals == 1


def test_a_change_request_needs_a_comment_and_outranks_an_earlier_approval(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    with pytest.raises(ValidationError):
        translation_request_changes(
            text_version=tamil, reviewer=personas.reviewer("ta", "native"), stage="native", comment=""
        )
    translation_request_changes(
        text_version=tamil,
        reviewer=personas.reviewer("ta", "native"),
        stage="native",
        comment="Use a more familiar word for symptoms.",
    )
    row = next(r for r in gate_evaluate(leaflet=translated_leaflet).rows if r.language == "ta")
    assert not row.cells["native"].approved
    assert "requested changes" in " ".join(row.reasons)


def test_it_refuses_to_approve_text_with_untranslated_segments(leaflet, personas):
    with pytest.raises(ValidationError, match="not translated"):
        translation_approve(
            text_version=text_of(leaflet, "ms"),
            expected_hash=seen(text_of(leaflet, "ms")),
            reviewer=personas.reviewer("ms", "native"),
            stage="native",
        )
