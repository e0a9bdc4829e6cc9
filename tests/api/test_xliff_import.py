"""POST /api/texts/xliff/: the vendor's file back (leaflet_import), the importer's edit of the text."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from review.selectors import gate_evaluate
from tests.conftest import TICO, text_of
from translations.models import SegmentEdit, TargetSegment, Vendor
from workbench.api_base import text_etag


@pytest.fixture(autouse=True)
def _reviewers_edit_directly(settings):
    # Reviewers' own edits are what this file tests; by default a reviewer suggests instead and an
    # edit is refused (tests/api/test_suggestions.py, tests/web/test_access_matrix.py).
    settings.REVIEWERS_EDIT_DIRECTLY = True


NEW_TAMIL = "இந்த அறிகுறிகள் எத்தனை நாட்களாக இருக்கின்றன?"
OTHER_TAMIL = "இந்த அறிகுறிகள் எவ்வளவு நாட்களாக உள்ளன?"


@pytest.fixture
def vendor(db) -> Vendor:
    return Vendor.objects.create(name="lingua-sg", phi_policy=Vendor.PhiPolicy.BLOCK)


def replace_target(data: bytes, old: str, new: str) -> bytes:
    """The vendor's change: one target text replaced (inside <target> elements only)."""
    pattern = re.compile(r"(<target[^>]*>)" + re.escape(old) + r"(</target>)")
    changed, count = pattern.subn(lambda m: m.group(1) + new + m.group(2), data.decode("utf-8"))
    assert count >= 1, f"no <target> holds {old!r}"
    return changed.encode("utf-8")


def upload(client, data: bytes):
    return client.post("/api/texts/xliff/", {"file": SimpleUploadedFile("back.xlf", data)}, format="multipart")


@pytest.mark.parametrize("file_format", ["xliff12", "xliff2"])
def test_a_round_trip_records_the_edit_and_withdraws_the_approvals(
    file_format, approved_leaflet, personas, vendor, api_as
):
    tamil = text_of(approved_leaflet, "ta")
    client = api_as(personas.author)
    assert gate_evaluate(leaflet=approved_leaflet).open
    exported = client.get(f"/api/texts/{tamil.pk}/xliff/?format={file_format}&vendor=lingua-sg")
    assert exported.status_code == 200

    response = upload(client, replace_target(exported.content, TICO[0]["ta"], NEW_TAMIL))

    assert response.status_code == 200, response.content
    tamil.refresh_from_db()
    segment = TargetSegment.objects.get(text_version=tamil, source_segment__text=TICO[0]["en"])
    assert segment.text == NEW_TAMIL and segment.updated_by == personas.author and segment.origin == "human"
    edit = SegmentEdit.objects.get()
    assert (edit.target_segment, edit.new_text, edit.applied) == (segment, NEW_TAMIL, True)
    assert edit.editor == personas.author
    body = response.json()
    assert body["applied"] == [str(segment.key)] and body["stale"] is False and body["kept"] == 0
    assert body["text_version"] == tamil.pk and body["etag"] == text_etag(tamil)
    assert body["file_format"] == file_format and "needs both approvals again" in body["detail"]
    tamil_row = next(row for row in gate_evaluate(leaflet=approved_leaflet).rows if row.language == "ta")
    assert not tamil_row.cells["native"].approved and not tamil_row.cells["clinical"].approved


def test_a_file_exported_before_another_edit_is_kept_unapplied_and_says_so(
    translated_leaflet, personas, vendor, api_as
):
    tamil = text_of(translated_leaflet, "ta")
    client = api_as(personas.author)
    exported = client.get(f"/api/texts/{tamil.pk}/xliff/?vendor=lingua-sg").content
    # Meanwhile a reviewer edits the other paragraph.
    other = TargetSegment.objects.get(text_version=tamil, source_segment__text=TICO[1]["en"])
    reviewer = api_as(personas.reviewer("ta", "native"))
    assert (
        reviewer.patch(
            f"/api/texts/{tamil.pk}/segments/{other.key}/",
            {"text": OTHER_TAMIL},
            format="json",
            HTTP_IF_MATCH=text_etag(tamil),
        ).status_code
        == 200
    )
    tamil.refresh_from_db()
    before = (tamil.content_hash, tamil.edit_generation)

    response = upload(client, replace_target(exported, TICO[0]["ta"], NEW_TAMIL))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stale"] is True and body["applied"] == [] and body["kept"] == 1
    assert "nothing was applied" in body["detail"]
    tamil.refresh_from_db()
    assert (tamil.content_hash, tamil.edit_generation) == before
    kept = SegmentEdit.objects.get(new_text=NEW_TAMIL)
    assert kept.applied is False and kept.editor == personas.author
    assert TargetSegment.objects.get(text_version=tamil, source_segment__text=TICO[0]["en"]).text == TICO[0]["ta"]


def test_a_file_for_a_language_the_importer_does_not_handle_is_refused(translated_leaflet, personas, vendor, api_as):
    tamil = text_of(translated_leaflet, "ta")
    exported = api_as(personas.author).get(f"/api/texts/{tamil.pk}/xliff/?vendor=lingua-sg").content

    response = upload(api_as(personas.reviewer("ms", "native")), replace_target(exported, TICO[0]["ta"], NEW_TAMIL))

    assert response.status_code == 403
    assert not SegmentEdit.objects.exists()


def test_a_file_that_is_not_ours_is_a_400(personas, api_as):
    client = api_as(personas.author)

    assert upload(client, b"<xliff version='1.2'><file/></xliff>").status_code == 400
    assert upload(client, b"not xml at all").status_code == 400
    assert upload(client, b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>').status_code == 400
    assert client.post("/api/texts/xliff/", {}, format="multipart").status_code == 400
    assert not SegmentEdit.objects.exists()
