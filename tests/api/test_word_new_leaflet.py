"""POST /api/leaflets/docx/: a Word document as a new leaflet, for authors, through the same import as the page."""

from __future__ import annotations

import io

from docx import Document

from review.models import AuditEvent
from tests.conftest import TICO
from workbench.models import Leaflet


def word_document(*paragraphs: tuple[str, str]) -> io.BytesIO:
    document = Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    data = io.BytesIO()
    document.save(data)
    upload = io.BytesIO(data.getvalue())
    upload.name = "demam.docx"
    return upload


MALAY = [("Title", "Demam di rumah"), ("Normal", TICO[0]["ms"]), ("List Bullet", TICO[1]["ms"])]


def test_an_author_makes_a_leaflet_from_a_word_document(personas, api_as):
    response = api_as(personas.author).post(
        "/api/leaflets/docx/", {"file": word_document(*MALAY), "language": "ms"}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    leaflet = Leaflet.objects.get()
    assert response.json()["leaflet"] == leaflet.pk and response.json()["created"] is True
    assert response["Location"] == f"/api/leaflets/{leaflet.pk}/"
    assert (leaflet.title, leaflet.source_language_id, leaflet.created_by) == ("Demam di rumah", "ms", personas.author)
    assert [(s.kind, s.text) for s in leaflet.current_revision.segments.all()] == [
        ("title", "Demam di rumah"),
        ("paragraph", TICO[0]["ms"]),
        ("list_item", TICO[1]["ms"]),
    ]
    assert AuditEvent.objects.get(verb="leaflet.created", leaflet=leaflet).actor == personas.author
    imported = AuditEvent.objects.get(verb="leaflet.docx_imported", leaflet=leaflet)
    assert imported.data["file_name"] == "demam.docx" and imported.data["language_from"] == "chosen"


def test_only_authors_may_and_a_document_without_a_title_is_refused(personas, api_as):
    reviewer = api_as(personas.reviewer("ms", "native")).post(
        "/api/leaflets/docx/", {"file": word_document(*MALAY)}, format="multipart"
    )
    untitled = api_as(personas.author).post(
        "/api/leaflets/docx/", {"file": word_document(("Normal", TICO[0]["ms"]))}, format="multipart"
    )
    unknown = api_as(personas.author).post(
        "/api/leaflets/docx/", {"file": word_document(*MALAY), "language": "xx"}, format="multipart"
    )

    assert reviewer.status_code == 403
    assert untitled.status_code == 400 and untitled.json()["detail"].startswith("The document has no title")
    assert unknown.status_code == 400 and unknown.json()["detail"].startswith("Unknown language code")
    assert not Leaflet.objects.exists()
