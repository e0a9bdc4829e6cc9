"""A file exported before the text was edited again never overwrites the newer text: its changes are kept beside it."""

from tests.conftest import TICO, text_of
from tests.exchange.conftest import export, replace_target
from translations.edits import target_segment_edit
from translations.exchange.services import leaflet_import
from translations.models import SegmentEdit, TargetSegment

REVIEWER_TEXT = "இந்த அறிகுறிகள் எவ்வளவு நாட்களாக உள்ளன?"
VENDOR_FIRST = "இந்த அறிகுறிகள் எத்தனை நாட்களாக இருக்கின்றன?"
VENDOR_SECOND = "நான் உங்களுக்கு ஒரு படத்தை அனுப்புகிறேன்"


def test_a_stale_file_is_kept_as_unapplied_edits_and_reported(translated_leaflet, personas, vendor):
    tamil = text_of(translated_leaflet, "ta")
    exported = export(translated_leaflet, "ta", personas.author, "xliff2")
    first = TargetSegment.objects.get(text_version=tamil, text=TICO[0]["ta"])
    target_segment_edit(
        segment=first, editor=personas.reviewer("ta", "native"), text=REVIEWER_TEXT, expected_seq=first.edit_seq
    )
    tamil.refresh_from_db()
    hash_after_the_reviewer = tamil.content_hash
    returned = replace_target(replace_target(exported.data, TICO[0]["ta"], VENDOR_FIRST), TICO[1]["ta"], VENDOR_SECOND)

    result = leaflet_import(data=returned, user=personas.author)

    tamil.refresh_from_db()
    assert result.stale and result.applied == [] and len(result.kept) == 2
    assert tamil.content_hash == hash_after_the_reviewer == result.new_hash
    assert set(TargetSegment.objects.filter(text_version=tamil).values_list("text", flat=True)) >= {
        REVIEWER_TEXT,
        TICO[1]["ta"],
    }
    kept = SegmentEdit.objects.filter(pk__in=result.kept)
    assert {(e.new_text, e.old_text, e.applied, e.editor) for e in kept} == {
        (VENDOR_FIRST, REVIEWER_TEXT, False, personas.author),
        (VENDOR_SECOND, TICO[1]["ta"], False, personas.author),
    }


def test_a_stale_file_whose_changes_equal_the_current_text_keeps_nothing(translated_leaflet, personas, vendor):
    tamil = text_of(translated_leaflet, "ta")
    exported = export(translated_leaflet, "ta", personas.author)
    first = TargetSegment.objects.get(text_version=tamil, text=TICO[0]["ta"])
    target_segment_edit(
        segment=first, editor=personas.reviewer("ta", "native"), text=REVIEWER_TEXT, expected_seq=first.edit_seq
    )

    result = leaflet_import(data=replace_target(exported.data, TICO[0]["ta"], REVIEWER_TEXT), user=personas.author)

    assert result.stale and result.kept == [] and result.unchanged == 1
