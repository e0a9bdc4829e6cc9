"""GET /api/leaflets/{id}/docx/?language=xx: a language's text as a Word document, for whoever may read it."""

from __future__ import annotations

import io

from docx import Document

from review.models import AuditEvent
from tests.conftest import TICO, text_of
from translations.exchange import docx


def test_an_author_downloads_a_languages_text_as_a_word_document(translated_leaflet, personas, api_as):
    response = api_as(personas.author).get(f"/api/leaflets/{translated_leaflet.pk}/docx/", {"language": "zh"})

    assert response.status_code == 200
    assert response["Content-Type"] == docx.CONTENT_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="leaflet-{translated_leaflet.pk}-r1-zh.docx"'
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text]
    assert texts == ["症状检查", TICO[0]["zh"], TICO[1]["zh"]]
    event = AuditEvent.objects.get(verb="leaflet.docx_exported", leaflet=translated_leaflet)
    assert event.actor == personas.author and event.data["language"] == "zh"
    assert event.object_id == str(text_of(translated_leaflet, "zh").pk)


def test_without_a_language_it_is_the_source_text(leaflet, personas, api_as):
    response = api_as(personas.reviewer("en", "native")).get(f"/api/leaflets/{leaflet.pk}/docx/")

    assert response.status_code == 200
    assert [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text][0] == "Symptoms check"


def test_an_outsider_cannot_export_and_learns_nothing(leaflet, personas, api_as):
    response = api_as(personas.outsider).get(f"/api/leaflets/{leaflet.pk}/docx/", {"language": "en"})

    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert not AuditEvent.objects.filter(verb="leaflet.docx_exported").exists()


def test_a_reviewer_reads_only_their_languages_and_an_unknown_language_is_refused(translated_leaflet, personas, api_as):
    client = api_as(personas.reviewer("ta", "native"))

    other = client.get(f"/api/leaflets/{translated_leaflet.pk}/docx/", {"language": "zh"})
    unknown = client.get(f"/api/leaflets/{translated_leaflet.pk}/docx/", {"language": "xx\x00"})

    assert other.status_code == 403
    assert unknown.status_code == 400 and unknown.json()["detail"].startswith("Unknown language code")
    assert not AuditEvent.objects.filter(verb="leaflet.docx_exported").exists()
