"""What a vendor receives: one unit per segment keyed by its stable key, the export details, glossary and memory."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from lxml import etree

from review.models import AuditEvent
from tests.conftest import TICO, text_of
from tests.exchange.conftest import FORMATS, export
from translations.exchange import xliff
from translations.models import GlossaryTerm, MemoryEntry, TargetSegment, Vendor

MDA = {"mda": xliff.NS_MDA}


def _meta(data: bytes) -> dict[str, str]:
    root = etree.fromstring(data)
    return {m.get("type"): m.text for m in root.iterfind(".//mda:metaGroup/mda:meta", MDA)}


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_file_names_leaflet_language_revision_hash_generation_and_export(
    file_format, translated_leaflet, personas, vendor
):
    tamil = text_of(translated_leaflet, "ta")

    exported = export(translated_leaflet, "ta", personas.author, file_format)

    assert _meta(exported.data) == {
        "leaflet": str(translated_leaflet.pk),
        "language": "ta",
        "revision": "1",
        "content-hash": tamil.content_hash,
        "edit-generation": str(tamil.edit_generation),
        "export": str(exported.record.pk),
    }
    keys = [
        str(k)
        for k in TargetSegment.objects.filter(text_version=tamil).order_by("position").values_list("key", flat=True)
    ]
    root = etree.fromstring(exported.data)
    unit_tag = "trans-unit" if file_format == "xliff12" else "unit"
    assert [u.get("id") for u in root.iter(f"{{*}}{unit_tag}")] == keys
    assert TICO[0]["ta"] in exported.data.decode()


@pytest.mark.parametrize("file_format", FORMATS)
def test_approved_glossary_terms_are_notes_and_memory_matches_are_candidates(
    file_format, translated_leaflet, personas, vendor
):
    GlossaryTerm.objects.create(target_language="ta", source_term="symptoms", target_term="அறிகுறிகள்")
    GlossaryTerm.objects.create(target_language="ta", source_term="image", target_term="படம்", approved=False)
    tamil = text_of(translated_leaflet, "ta")
    second = TargetSegment.objects.select_related("source_segment").get(text_version=tamil, text=TICO[1]["ta"])
    MemoryEntry.objects.create(
        source_language="en",
        target_language="ta",
        source_hash=second.source_segment.content_hash,
        source_text=second.source_segment.text,
        target_text="நான் ஒரு படம் அனுப்புவேன்",
        reviewed=False,
    )

    text = export(translated_leaflet, "ta", personas.author, file_format).data.decode()

    assert "Glossary: symptoms → அறிகுறிகள்" in text
    assert "Glossary: image" not in text  # not approved
    assert "நான் ஒரு படம் அனுப்புவேன்" in text and xliff.UNREVIEWED_ORIGIN in text
    assert ("<alt-trans" in text) if file_format == "xliff12" else ("<mtc:match" in text)


def test_every_export_is_recorded_and_audited(translated_leaflet, personas, vendor):
    exported = export(translated_leaflet, "zh", personas.reviewer("zh", "clinical"), "xliff2")

    event = AuditEvent.objects.get(verb="exchange.exported")
    assert event.actor == personas.reviewer("zh", "clinical") and event.object_id == str(exported.record.pk)
    assert (event.data["vendor"], event.data["language"], event.data["format"]) == ("lingua-sg", "zh", "xliff2")
    assert event.data["content_hash"] == text_of(translated_leaflet, "zh").content_hash
    assert event.data["file_sha256"] == exported.record.file_sha256


def test_it_refuses_someone_outside_the_language_and_a_disabled_or_unknown_vendor(translated_leaflet, personas, vendor):
    with pytest.raises(PermissionDenied):
        export(translated_leaflet, "ta", personas.reviewer("ms", "native"))
    with pytest.raises(PermissionDenied):
        export(translated_leaflet, "ta", personas.publisher)
    with pytest.raises(PermissionDenied):
        export(translated_leaflet, "en", personas.author)
    with pytest.raises(ValidationError, match="no translation vendor named"):
        export(translated_leaflet, "ta", personas.author, vendor="nobody")
    Vendor.objects.filter(pk=vendor.pk).update(enabled=False)
    with pytest.raises(ValidationError, match="disabled"):
        export(translated_leaflet, "ta", personas.author)
    assert not AuditEvent.objects.filter(verb="exchange.exported").exists()
