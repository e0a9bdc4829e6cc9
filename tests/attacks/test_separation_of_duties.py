"""Nobody approves a text they ever wrote or edited, over the text's whole history."""

import pytest
from django.core.exceptions import ValidationError

from review.models import Approval
from review.roles import AUTHORS, stage_group_name
from review.services import translation_approve
from tests.attacks.conftest import refused_by_the_database
from tests.conftest import make_leaflet, make_user, text_of, translate_all
from tests.web.conftest import target_segments
from translations.edits import target_segment_edit
from translations.models import Contribution, TargetSegment
from translations.text_versions import has_contributed
from workbench.models import Language
from workbench.services import SegmentInput, revision_save


def _edit(segment, editor, text):
    segment.refresh_from_db()
    target_segment_edit(segment=segment, editor=editor, text=text, expected_seq=segment.edit_seq)


def test_it_refuses_a_reviewer_whose_edit_a_colleague_touched_up(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    segment = target_segments(tamil)[-1]
    native = personas.reviewer("ta", "native")
    _edit(segment, native, "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?")
    _edit(segment, personas.dual_tamil, "இந்த அறிகுறிகள் எத்தனை நாட்களாக இருக்கின்றன?")  # now "last edited" by a colleague
    tamil.refresh_from_db()
    assert not TargetSegment.objects.filter(text_version=tamil, updated_by=native).exists()

    with pytest.raises(ValidationError, match="wrote or edited"):
        translation_approve(text_version=tamil, reviewer=native, stage="native", expected_hash=tamil.content_hash)
    response = as_user(native).post(
        f"/review/{tamil.pk}/decision/",
        {"action": "approve", "stage": "native", "expected_hash": tamil.content_hash},
        follow=True,
    )
    assert "wrote or edited" in response.content.decode()
    refused_by_the_database(
        lambda: Approval.objects.create(
            text_version=tamil,
            stage="native",
            reviewer=native,
            decision="approved",
            content_hash=tamil.content_hash,
            generation=tamil.edit_generation,
        ),
        "wrote or edited",
    )
    assert not Approval.objects.filter(reviewer=native).exists()


def test_it_refuses_the_original_author_after_a_colleague_saved_a_later_revision(personas):
    english = Language.objects.get(code="en")
    writer = make_user("writer", AUTHORS, stage_group_name(english, "clinical"))
    leaflet = make_leaflet(writer, languages=("en", "ta"))
    current = leaflet.current_revision
    rows = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in current.segments.all()]
    rows[-1] = SegmentInput(kind=rows[-1].kind, text="i will send you a photo", key=rows[-1].key)
    revision_save(leaflet=leaflet, user=personas.second_author, segments=rows, base_revision_number=current.number)
    source = text_of(leaflet, "en")

    # The segments the writer wrote are still recorded as theirs...
    assert TargetSegment.objects.filter(text_version=source, updated_by=writer).exists()
    assert has_contributed(user=writer, text_version=source)
    with pytest.raises(ValidationError, match="wrote or edited"):
        translation_approve(text_version=source, reviewer=writer, stage="clinical", expected_hash=source.content_hash)
    refused_by_the_database(
        lambda: Approval.objects.create(
            text_version=source,
            stage="clinical",
            reviewer=writer,
            decision="approved",
            content_hash=source.content_hash,
            generation=source.edit_generation,
        ),
        "wrote or edited",
    )


def test_a_reviewer_who_edited_an_earlier_revision_cannot_approve_the_carried_text(personas):
    leaflet = make_leaflet(personas.author, languages=("en", "ta"))
    translate_all(leaflet)
    tamil = text_of(leaflet, "ta")
    native = personas.reviewer("ta", "native")
    _edit(target_segments(tamil)[-1], native, "உங்களுக்கு நான் ஒரு படத்தை அனுப்புகிறேன்")
    current = leaflet.current_revision
    rows = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in current.segments.all()]
    rows.append(SegmentInput(kind="paragraph", text="Drink plenty of water."))
    revision_save(leaflet=leaflet, user=personas.author, segments=rows, base_revision_number=current.number)
    new_tamil = text_of(leaflet, "ta")

    assert Contribution.objects.filter(user=native, language_id="ta").exists()
    assert has_contributed(user=native, text_version=new_tamil)


def test_the_database_records_who_edited_even_when_the_edit_comes_from_a_shell(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    segment = target_segments(tamil)[0]
    clinician = personas.reviewer("ta", "clinical")

    TargetSegment.objects.filter(pk=segment.pk).update(text="மாற்றப்பட்ட உரை", updated_by=clinician)

    assert Contribution.objects.filter(user=clinician, key=segment.key, language_id="ta").exists()
    refused_by_the_database(lambda: Contribution.objects.filter(user=clinician).delete(), "append-only")
    refused_by_the_database(
        lambda: Contribution.objects.filter(user=clinician).update(user=personas.outsider), "append-only"
    )
