"""GET /api/memory/{lang}/tmx/: the approved memory of English -> a language as TMX (memory_export), audited."""

from review.models import AuditEvent
from tests.conftest import approve_everything
from translations.exchange.tmx import read_tmx
from translations.models import MemoryEntry


def test_a_reviewer_downloads_the_approved_memory_of_their_language(translated_leaflet, personas, api_as):
    approve_everything(translated_leaflet, personas)
    MemoryEntry.objects.create(
        source_language="en",
        target_language="ta",
        source_hash="0" * 64,
        source_text="Rest.",
        target_text="ஓய்வு.",
        reviewed=False,
    )

    response = api_as(personas.reviewer("ta", "native")).get("/api/memory/ta/tmx/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-tmx+xml"
    assert response["Content-Disposition"] == 'attachment; filename="memory-en-ta.tmx"'
    entries = read_tmx(response.content, limit=10**7, source_language="en", target_language="ta")
    approved = MemoryEntry.objects.filter(target_language="ta", reviewed=True)
    assert sorted(e.target for e in entries) == sorted(approved.values_list("target_text", flat=True))
    assert approved.exists() and "ஓய்வு." not in [e.target for e in entries]  # a suggestion is not approved memory
    event = AuditEvent.objects.get(verb="memory.exported")
    assert event.actor == personas.reviewer("ta", "native") and event.data["target_language"] == "ta"


def test_another_languages_reviewer_gets_403_and_nothing_is_recorded(personas, api_as):
    response = api_as(personas.reviewer("ta", "native")).get("/api/memory/zh/tmx/")

    assert response.status_code == 403 and response["Content-Type"] == "application/json"
    assert api_as(personas.outsider).get("/api/memory/zh/tmx/").status_code == 403
    assert not AuditEvent.objects.filter(verb="memory.exported").exists()


def test_an_unknown_language_is_404_whatever_the_accept_header(personas, api_as):
    response = api_as(personas.author).get("/api/memory/xx/tmx/", HTTP_ACCEPT="application/x-tmx+xml")

    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
