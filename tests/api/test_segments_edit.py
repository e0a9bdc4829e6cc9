"""PATCH /api/texts/{id}/segments/{key}/ with If-Match: a reviewer's edit, exactly as on the review screen."""

import pytest

from review.models import AuditEvent
from review.selectors import gate_evaluate
from tests.conftest import TICO, text_of
from translations.models import Contribution, SegmentEdit, TargetSegment
from workbench.api_base import text_etag


@pytest.fixture(autouse=True)
def _reviewers_edit_directly(settings):
    # Reviewers' own edits are what this file tests; by default a reviewer suggests instead and an
    # edit is refused (tests/api/test_suggestions.py, tests/web/test_access_matrix.py).
    settings.REVIEWERS_EDIT_DIRECTLY = True


NEW_TAMIL = "இந்த அறிகுறிகள் எத்தனை நாட்களாக இருக்கின்றன?"


def first_paragraph(tv) -> TargetSegment:
    return TargetSegment.objects.get(text_version=tv, source_segment__text=TICO[0]["en"])


def edit(client, tv, segment, text, etag):
    return client.patch(
        f"/api/texts/{tv.pk}/segments/{segment.key}/", {"text": text}, format="json", HTTP_IF_MATCH=etag
    )


def test_a_reviewer_edits_a_segment_and_gets_the_new_etag(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    segment = first_paragraph(tamil)
    reviewer = personas.reviewer("ta", "native")
    etag = api_as(reviewer).get(f"/api/texts/{tamil.pk}/")["ETag"]

    response = edit(api_as(reviewer), tamil, segment, NEW_TAMIL, etag)

    assert response.status_code == 200, response.content
    tamil.refresh_from_db()
    segment.refresh_from_db()
    assert segment.text == NEW_TAMIL and segment.origin == "human" and segment.updated_by == reviewer
    assert segment.edit_seq == 1 and segment.back_translation == ""
    assert response["ETag"] == text_etag(tamil) != etag and response.json()["etag"] == text_etag(tamil)
    body = response.json()
    assert body["changed"] is True and body["text_version"] == tamil.pk
    assert body["segment"]["target_text"] == NEW_TAMIL and body["segment"]["edit_seq"] == 1
    assert SegmentEdit.objects.get(target_segment=segment).new_text == NEW_TAMIL
    assert Contribution.objects.filter(user=reviewer, language_id="ta", key=segment.key).exists()
    assert AuditEvent.objects.filter(verb="text.edited", actor=reviewer).count() == 1


def test_an_edit_withdraws_the_texts_approvals(approved_leaflet, personas, api_as):
    tamil = text_of(approved_leaflet, "ta")
    assert gate_evaluate(leaflet=approved_leaflet).open

    response = edit(api_as(personas.dual_tamil), tamil, first_paragraph(tamil), NEW_TAMIL, text_etag(tamil))

    assert response.status_code == 200, response.content
    gate = gate_evaluate(leaflet=approved_leaflet)
    tamil_row = next(row for row in gate.rows if row.language == "ta")
    assert not gate.open
    assert not tamil_row.cells["native"].approved and not tamil_row.cells["clinical"].approved
    assert tamil_row.cells["native"].stale_approvals == 1
    assert all(row.ready for row in gate.rows if row.language != "ta")


def test_the_same_text_again_changes_nothing(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    segment = first_paragraph(tamil)

    response = edit(api_as(personas.reviewer("ta", "native")), tamil, segment, f"  {segment.text}\n", text_etag(tamil))

    assert response.status_code == 200 and response.json()["changed"] is False
    assert response["ETag"] == text_etag(tamil)
    assert not SegmentEdit.objects.exists()


def test_an_empty_body_or_a_wrong_type_is_a_400_and_changes_nothing(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    segment = first_paragraph(tamil)
    client = api_as(personas.reviewer("ta", "native"))
    url = f"/api/texts/{tamil.pk}/segments/{segment.key}/"

    for body in ({}, {"text": None}, {"text": 7 * [1]}):
        response = client.patch(url, body, format="json", HTTP_IF_MATCH=text_etag(tamil))
        assert response.status_code == 400, body
        assert set(response.json()) >= {"detail", "errors"}
    too_long = client.patch(url, {"text": "அ" * 20_001}, format="json", HTTP_IF_MATCH=text_etag(tamil))
    assert too_long.status_code == 400
    segment.refresh_from_db()
    assert segment.text == TICO[0]["ta"] and not SegmentEdit.objects.exists()


def test_an_unknown_segment_is_404_and_changes_nothing(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")

    response = api_as(personas.reviewer("ta", "native")).patch(
        f"/api/texts/{tamil.pk}/segments/00000000-0000-4000-8000-000000000000/",
        {"text": NEW_TAMIL},
        format="json",
        HTTP_IF_MATCH=text_etag(tamil),
    )

    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert not SegmentEdit.objects.exists()
