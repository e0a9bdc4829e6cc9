"""POST /api/memory/tmx/: a TMX file loaded as unreviewed memory (memory_import), by authors only."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from review.models import AuditEvent
from tests.conftest import TICO
from translations.exchange.tmx import TmxEntry, write_tmx
from translations.models import MemoryEntry


def tmx(language: str) -> bytes:
    return write_tmx(
        [TmxEntry(source=row["en"], target=row[language], kind="paragraph") for row in TICO],
        source_language="en",
        target_language=language,
    )


def upload(client, data: bytes, name="memory.tmx"):
    return client.post("/api/memory/tmx/", {"file": SimpleUploadedFile(name, data)}, format="multipart")


def test_an_author_loads_a_tmx_as_unreviewed_suggestions(personas, api_as):
    response = upload(api_as(personas.author), tmx("ms"))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["created"] == 2 and body["updated"] == 0 and body["pairs"] == {"ms": 2}
    assert "unreviewed" in body["detail"]
    entries = MemoryEntry.objects.filter(target_language="ms")
    assert sorted(entries.values_list("target_text", flat=True)) == sorted(row["ms"] for row in TICO)
    assert not entries.filter(reviewed=True).exists()
    assert AuditEvent.objects.filter(verb="memory.imported", actor=personas.author).count() == 1


def test_reviewers_may_not_import_memory(personas, api_as):
    assert upload(api_as(personas.reviewer("ms", "native")), tmx("ms")).status_code == 403
    assert upload(api_as(personas.publisher), tmx("ms")).status_code == 403
    assert not MemoryEntry.objects.exists()


def test_a_file_that_is_not_tmx_or_none_at_all_is_a_400(personas, api_as):
    client = api_as(personas.author)

    not_xml = upload(client, b"stringID,sourceString\n1,fever\n", name="terms.csv")
    no_file = client.post("/api/memory/tmx/", {}, format="multipart")
    as_json = client.post("/api/memory/tmx/", {"file": "x"}, format="json")

    assert not_xml.status_code == 400 and "detail" in not_xml.json()
    assert no_file.status_code == 400 and "file" in no_file.json()["detail"]
    assert as_json.status_code == 415
    assert not MemoryEntry.objects.exists() and not AuditEvent.objects.filter(verb="memory.imported").exists()


@override_settings(EXCHANGE_MAX_FILE_BYTES=100)
def test_a_file_over_the_size_limit_is_refused(personas, api_as):
    response = upload(api_as(personas.author), tmx("ta"))

    assert response.status_code == 400 and "larger than the limit" in response.json()["detail"]
    assert not MemoryEntry.objects.exists()
