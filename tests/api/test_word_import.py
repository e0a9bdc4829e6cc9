"""POST /api/leaflets/{id}/docx/: a Word document as the leaflet's new source revision, keeping what did not change."""

from __future__ import annotations

import io

from docx import Document

from review.models import AuditEvent
from tests.conftest import TICO, text_of
from translations.models import TargetSegment
from workbench.models import Revision

EDITED = "i will send you a photo of the rash"


def word_file(data: bytes, name: str = "leaflet.docx") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_a_round_trip_through_word_keeps_the_translations_of_the_unchanged_paragraphs(
    translated_leaflet, personas, api_as
):
    client = api_as(personas.author)
    exported = client.get(f"/api/leaflets/{translated_leaflet.pk}/docx/", {"language": "en"})
    document = Document(io.BytesIO(exported.content))
    paragraph = next(p for p in document.paragraphs if p.text == TICO[1]["en"])
    paragraph.runs[0].text = EDITED
    for run in paragraph.runs[1:]:
        run.text = ""
    edited = io.BytesIO()
    document.save(edited)
    translated_leaflet.refresh_from_db()
    before = {s.text: s.key for s in translated_leaflet.current_revision.segments.all()}

    response = client.post(
        f"/api/leaflets/{translated_leaflet.pk}/docx/", {"file": word_file(edited.getvalue())}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["revision"]["number"], body["unchanged"], body["conflict"], body["not_imported"]) == (
        2,
        False,
        False,
        [],
    )
    translated_leaflet.refresh_from_db()
    current = translated_leaflet.current_revision
    assert current.number == 2 and current.created_by == personas.author
    assert [s.text for s in current.segments.all()] == ["Symptoms check", TICO[0]["en"], EDITED]
    for language in ("zh", "ms", "ta"):
        translations = {
            t.key: t.text for t in TargetSegment.objects.filter(text_version=text_of(translated_leaflet, language))
        }
        assert translations[before[TICO[0]["en"]]] == TICO[0][language]  # unchanged: kept
        assert translations[before["Symptoms check"]]  # the title too
        assert not translations[before[TICO[1]["en"]]]  # changed: to translate again
    event = AuditEvent.objects.get(verb="leaflet.docx_imported", leaflet=translated_leaflet)
    assert event.actor == personas.author and event.data["revision"] == 2


def test_the_same_document_back_changes_nothing(leaflet, personas, api_as):
    client = api_as(personas.author)
    exported = client.get(f"/api/leaflets/{leaflet.pk}/docx/", {"language": "en"}).content

    response = client.post(f"/api/leaflets/{leaflet.pk}/docx/", {"file": word_file(exported)}, format="multipart")

    assert response.status_code == 200 and response.json()["unchanged"] is True
    assert Revision.objects.filter(leaflet=leaflet).count() == 1
    assert not AuditEvent.objects.filter(verb="leaflet.docx_imported").exists()


def test_a_file_that_is_not_a_word_document_is_refused_and_nothing_changes(leaflet, personas, api_as):
    response = api_as(personas.author).post(
        f"/api/leaflets/{leaflet.pk}/docx/", {"file": word_file(b"PK\x03\x04 not a document")}, format="multipart"
    )
    missing = api_as(personas.author).post(f"/api/leaflets/{leaflet.pk}/docx/", {}, format="multipart")

    assert response.status_code == missing.status_code == 400
    assert response.json()["detail"]
    assert Revision.objects.filter(leaflet=leaflet).count() == 1


def test_reviewers_cannot_import_and_outsiders_are_told_nothing_exists(leaflet, personas, api_as):
    exported = api_as(personas.author).get(f"/api/leaflets/{leaflet.pk}/docx/").content

    reviewer = api_as(personas.reviewer("en", "native")).post(
        f"/api/leaflets/{leaflet.pk}/docx/", {"file": word_file(exported)}, format="multipart"
    )
    outsider = api_as(personas.outsider).post(
        f"/api/leaflets/{leaflet.pk}/docx/", {"file": word_file(exported)}, format="multipart"
    )

    assert reviewer.status_code == 403 and outsider.status_code == 404
    assert Revision.objects.filter(leaflet=leaflet).count() == 1


def test_what_the_workbench_has_no_place_for_is_reported(leaflet, personas, api_as):
    client = api_as(personas.author)
    document = Document(io.BytesIO(client.get(f"/api/leaflets/{leaflet.pk}/docx/").content))
    document.add_table(rows=1, cols=2).cell(0, 0).text = "Dose"
    document.add_paragraph("my sister has similar symptoms")
    edited = io.BytesIO()
    document.save(edited)

    response = client.post(
        f"/api/leaflets/{leaflet.pk}/docx/", {"file": word_file(edited.getvalue())}, format="multipart"
    )

    assert response.status_code == 201
    [table] = response.json()["not_imported"]
    assert (table["kind"], table["kind_label"]) == ("table", "Table") and "Dose" in table["preview"]
    assert AuditEvent.objects.get(verb="leaflet.docx_imported").data["not_imported"][0]["kind"] == "table"
