"""The admin and management commands are entry points too: neither opens the gate."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError

from review.models import Approval, Publication, PublicationText
from tests.conftest import text_of


@pytest.fixture
def superuser(personas):
    return get_user_model().objects.create_superuser("root", "root@example.invalid", password=None)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/review/approval/add/",
        "/admin/review/publication/add/",
        "/admin/review/publicationtext/add/",
    ],
)
def test_the_admin_offers_no_way_to_write_decisions_or_publications(superuser, as_user, url):
    client = as_user(superuser)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert not Approval.objects.exists() and not Publication.objects.exists()


def test_the_admin_cannot_change_a_text_version_or_an_approval(approved_leaflet, superuser, as_user):
    tamil = text_of(approved_leaflet, "ta")
    approval = Approval.objects.filter(text_version=tamil).first()
    client = as_user(superuser)
    before = (tamil.content_hash, tamil.edit_generation)

    client.post(f"/admin/translations/textversion/{tamil.pk}/change/", {"content_hash": "0" * 64, "edit_generation": 0})
    client.post(f"/admin/review/approval/{approval.pk}/change/", {"content_hash": "0" * 64})
    client.post(f"/admin/review/approval/{approval.pk}/delete/", {"post": "yes"})

    tamil.refresh_from_db()
    assert (tamil.content_hash, tamil.edit_generation) == before
    assert Approval.objects.filter(pk=approval.pk, content_hash=approval.content_hash).exists()


def test_loaddata_cannot_bring_in_a_forged_live_publication(translated_leaflet, personas, tmp_path):
    tamil = text_of(translated_leaflet, "ta")
    fixture = tmp_path / "forged.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "review.approval",
                    "pk": 9001,
                    "fields": {
                        "text_version": tamil.pk,
                        "stage": "native",
                        "reviewer": personas.outsider.pk,
                        "decision": "approved",
                        "content_hash": tamil.content_hash,
                        "generation": tamil.edit_generation,
                        "comment": "",
                        "created_at": "2026-01-01T00:00:00Z",
                    },
                },
                {
                    "model": "review.publication",
                    "pk": 9001,
                    "fields": {
                        "leaflet": translated_leaflet.pk,
                        "revision": translated_leaflet.current_revision_id,
                        "state": "live",
                        "published_by": personas.outsider.pk,
                        "published_at": "2026-01-01T00:00:00Z",
                        "withdrawal_reason": "",
                    },
                },
            ]
        )
    )

    with pytest.raises(IntegrityError):
        call_command("loaddata", str(fixture), verbosity=0)

    assert not Approval.objects.exists()
    assert not Publication.objects.exists() and not PublicationText.objects.exists()
