"""Export a text for a vendor, change a translation in the file, import it: a person's edit, to be approved again."""

import pytest
from django.core.exceptions import ValidationError

from review.models import AuditEvent
from review.selectors import gate_evaluate
from review.services import translation_approve
from tests.conftest import TICO, text_of
from tests.exchange.conftest import FORMATS, export, replace_target
from tests.support.review import seen
from translations.exchange.services import leaflet_import
from translations.models import Contribution, SegmentEdit, TargetSegment

NEW_TAMIL = "இந்த அறிகுறிகள் எத்தனை நாட்களாக இருக்கின்றன?"


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_imported_change_is_a_new_text_that_needs_both_approvals_again(
    file_format, approved_leaflet, personas, vendor
):
    tamil = text_of(approved_leaflet, "ta")
    approved_hash = tamil.content_hash
    assert gate_evaluate(leaflet=approved_leaflet).open

    exported = export(approved_leaflet, "ta", personas.author, file_format)
    returned = replace_target(exported.data, TICO[0]["ta"], NEW_TAMIL)
    result = leaflet_import(data=returned, user=personas.author)

    tamil.refresh_from_db()
    segment = TargetSegment.objects.get(text_version=tamil, text=NEW_TAMIL)
    assert result.applied == [str(segment.key)] and not result.stale
    assert tamil.content_hash != approved_hash and result.new_hash == tamil.content_hash
    assert segment.updated_by == personas.author and segment.origin == TargetSegment.Origin.HUMAN
    assert SegmentEdit.objects.get(pk__in=result.edits).new_text == NEW_TAMIL
    assert Contribution.objects.filter(user=personas.author, language_id="ta", key=segment.key).exists()
    row = next(row for row in gate_evaluate(leaflet=approved_leaflet).rows if row.language == "ta")
    assert not row.cells["native"].approved and not row.cells["clinical"].approved
    assert not gate_evaluate(leaflet=approved_leaflet).open
    for stage in ("native", "clinical"):
        translation_approve(
            text_version=tamil, expected_hash=seen(tamil), reviewer=personas.reviewer("ta", stage), stage=stage
        )
    assert gate_evaluate(leaflet=approved_leaflet).open


@pytest.mark.parametrize("file_format", FORMATS)
def test_it_records_one_import_event_naming_vendor_format_counts_and_hashes(
    file_format, translated_leaflet, personas, vendor
):
    malay = text_of(translated_leaflet, "ms")
    old_hash = malay.content_hash
    exported = export(translated_leaflet, "ms", personas.reviewer("ms", "native"), file_format)
    returned = replace_target(exported.data, TICO[1]["ms"], "saya akan menghantar gambar kepada anda")

    result = leaflet_import(data=returned, user=personas.reviewer("ms", "native"))

    event = AuditEvent.objects.get(verb="exchange.imported")
    assert event.pk == result.event_id and event.actor == personas.reviewer("ms", "native")
    malay.refresh_from_db()
    assert event.data["vendor"] == "lingua-sg" and event.data["format"] == file_format
    assert (event.data["old_hash"], event.data["new_hash"]) == (old_hash, malay.content_hash)
    assert (event.data["applied"], event.data["unchanged"], event.data["kept_unapplied"]) == (1, 0, 0)
    assert event.data["units"] == TargetSegment.objects.filter(text_version=malay).count()


def test_the_importer_may_no_longer_approve_the_text(translated_leaflet, personas, vendor):
    reviewer = personas.reviewer("zh", "native")
    exported = export(translated_leaflet, "zh", reviewer, "xliff2")
    leaflet_import(data=replace_target(exported.data, TICO[1]["zh"], "我会给您发一张图片"), user=reviewer)

    chinese = text_of(translated_leaflet, "zh")
    with pytest.raises(ValidationError, match="You wrote or edited this text"):
        translation_approve(text_version=chinese, expected_hash=seen(chinese), reviewer=reviewer, stage="native")


def test_a_file_returned_unchanged_changes_nothing_but_is_recorded(translated_leaflet, personas, vendor):
    tamil = text_of(translated_leaflet, "ta")
    exported = export(translated_leaflet, "ta", personas.author)

    result = leaflet_import(data=exported.data, user=personas.author)

    tamil.refresh_from_db()
    assert result.applied == [] and result.new_hash == result.old_hash == tamil.content_hash
    assert not SegmentEdit.objects.exists()
    assert AuditEvent.objects.filter(verb="exchange.imported").count() == 1
