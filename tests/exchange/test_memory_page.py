"""The glossary page's translation memory: download the approved memory as TMX, load a TMX as suggestions."""

from django.core.files.uploadedfile import SimpleUploadedFile

from review.models import AuditEvent
from tests.conftest import approve_everything
from translations.exchange.tmx import TmxEntry, write_tmx
from translations.models import MemoryEntry


def test_a_reviewer_downloads_the_approved_memory_of_their_language(translated_leaflet, personas, as_user):
    approve_everything(translated_leaflet, personas)

    response = as_user(personas.reviewer("ta", "native")).post("/memory/export/", {"language": "ta"})

    assert response.status_code == 200 and response["Content-Disposition"].endswith('memory-en-ta.tmx"')
    body = response.content.decode()
    for entry in MemoryEntry.objects.filter(target_language="ta", reviewed=True):
        assert entry.target_text in body
    assert AuditEvent.objects.filter(verb="memory.exported").count() == 1


def test_it_refuses_the_memory_of_a_language_the_reviewer_does_not_review(personas, as_user):
    response = as_user(personas.reviewer("ta", "native")).post("/memory/export/", {"language": "zh"})

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(verb="memory.exported").exists()


def test_an_author_loads_a_tmx_as_unreviewed_suggestions(personas, as_user):
    data = write_tmx(
        [TmxEntry(source="Drink plenty of water.", target="Minum banyak air.", kind="paragraph")],
        source_language="en",
        target_language="ms",
    )

    response = as_user(personas.author).post(
        "/memory/import/", {"file": SimpleUploadedFile("memory.tmx", data)}, follow=True
    )

    assert response.status_code == 200 and "unreviewed" in response.content.decode()
    entry = MemoryEntry.objects.get(target_language="ms", source_text="Drink plenty of water.")
    assert entry.target_text == "Minum banyak air." and entry.reviewed is False


def test_it_refuses_a_tmx_from_a_reviewer_and_changes_nothing(personas, as_user):
    data = write_tmx(
        [TmxEntry(source="Rest.", target="Berehat.", kind="paragraph")], source_language="en", target_language="ms"
    )

    response = as_user(personas.reviewer("ms", "native")).post(
        "/memory/import/", {"file": SimpleUploadedFile("memory.tmx", data)}
    )

    assert response.status_code == 403
    assert not MemoryEntry.objects.exists()


def test_a_broken_tmx_shows_the_reason_and_changes_nothing(personas, as_user):
    response = as_user(personas.author).post(
        "/memory/import/", {"file": SimpleUploadedFile("memory.tmx", b"<tmx")}, follow=True
    )

    assert "well-formed" in response.content.decode()
    assert not MemoryEntry.objects.exists()
