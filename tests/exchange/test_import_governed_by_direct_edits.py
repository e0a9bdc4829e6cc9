"""Importing a vendor's file is an edit, so WORKBENCH_REVIEWERS_EDIT_DIRECTLY governs it like the review
screen's edits: where reviewers suggest (the default), a reviewer may still send a text to a vendor, but the
file comes back through an author, on every path (the service, the page, the API and the command)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import execute_from_command_line

from tests.conftest import TICO, text_of
from tests.exchange.conftest import database_state, export, replace_target
from translations.exchange.services import leaflet_import
from translations.models import SegmentEdit, TargetSegment

NEW_MALAY = "berapa lamakah simptom ini sudah berterusan?"
REFUSAL = "an author imports the vendor's file"


@pytest.fixture(autouse=True)
def _reviewers_suggest(settings):
    settings.REVIEWERS_EDIT_DIRECTLY = False  # the default; tests/exchange/conftest.py turns it on for the rest


@pytest.fixture
def returned(translated_leaflet, personas, vendor) -> bytes:
    """The vendor's Malay file, exported by a Malay reviewer (which they still may do)."""
    exported = export(translated_leaflet, "ms", personas.reviewer("ms", "native"))
    return replace_target(exported.data, TICO[0]["ms"], NEW_MALAY)


def test_it_refuses_a_reviewers_import_in_the_service_and_changes_nothing(returned, personas):
    before = database_state()

    with pytest.raises(PermissionDenied, match=REFUSAL):
        leaflet_import(data=returned, user=personas.reviewer("ms", "native"))

    assert database_state() == before


def test_it_refuses_a_reviewers_import_through_the_page_and_offers_them_no_import_form(
    translated_leaflet, returned, personas, as_user
):
    client = as_user(personas.reviewer("ms", "native"))
    before = database_state()

    page = client.get(f"/leaflets/{translated_leaflet.pk}/files/").content.decode()
    response = client.post(
        f"/leaflets/{translated_leaflet.pk}/files/import/",
        {"language": "ms", "file": SimpleUploadedFile("ms.xlf", returned)},
    )

    assert "files/import/" not in page and REFUSAL in page
    assert response.status_code == 403
    assert database_state() == before


def test_it_refuses_a_reviewers_import_through_the_api(returned, personas):
    from rest_framework.test import APIClient

    from workbench.api_tokens import api_token_create

    client = APIClient()
    key = api_token_create(user=personas.reviewer("ms", "native"), name="tests", days=1).key
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    before = database_state()

    response = client.post("/api/texts/xliff/", {"file": SimpleUploadedFile("back.xlf", returned)}, format="multipart")

    assert response.status_code == 403 and REFUSAL in response.json()["detail"]
    assert database_state() == before


def test_it_refuses_a_reviewers_import_through_the_command(returned, personas, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path = tmp_path / "ms.xlf"
    path.write_bytes(returned)
    before = database_state()

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "leaflet_import", "--input", str(path), "--user", "ms_native"])

    assert exit_.value.code == 1 and REFUSAL in capsys.readouterr().err
    assert database_state() == before


def test_an_author_imports_the_file_a_reviewer_sent(translated_leaflet, returned, personas):
    leaflet_import(data=returned, user=personas.author)

    malay = text_of(translated_leaflet, "ms")
    assert TargetSegment.objects.filter(text_version=malay, text=NEW_MALAY).exists()
    assert SegmentEdit.objects.get().editor == personas.author


def test_where_reviewers_edit_directly_their_import_is_their_edit(translated_leaflet, returned, personas, settings):
    settings.REVIEWERS_EDIT_DIRECTLY = True

    leaflet_import(data=returned, user=personas.reviewer("ms", "native"))

    assert SegmentEdit.objects.get().editor == personas.reviewer("ms", "native")
