"""The attacks the pages are tested against (tests/attacks/, tests/review/), tried through the API.

The API is one more entry point to the same services: every refusal below is
the page's refusal, and each test checks the database after the request, not
only the status code.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from review.models import Approval, Publication
from review.roles import AUTHORS, stage_group_name, translator_group_name
from review.services import leaflet_publish, translation_approve
from tests.conftest import make_leaflet, make_user, text_of
from tests.support.review import seen
from tests.web.conftest import target_segments
from translations.edits import target_segment_edit
from workbench.api_base import text_etag
from workbench.api_tokens import api_token_create, api_token_revoke
from workbench.models import ApiToken, Language

CORRECTED = "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?"


def approve(client, tv, stage: str, etag: str):
    return client.post(f"/api/texts/{tv.pk}/approve/", {"stage": stage}, format="json", HTTP_IF_MATCH=etag)


def publish(client, leaflet):
    return client.post(f"/api/leaflets/{leaflet.pk}/publish/", {}, format="json")


def edit(segment, editor, text: str) -> None:
    segment.refresh_from_db()
    target_segment_edit(segment=segment, editor=editor, text=text, expected_seq=segment.edit_seq)


# --- The gate -------------------------------------------------------------------------------------
def test_publishing_without_both_approvals_is_409_and_publishes_nothing(translated_leaflet, personas, api_as):
    for code in translated_leaflet.language_codes():
        tv = text_of(translated_leaflet, code)
        translation_approve(
            text_version=tv, expected_hash=seen(tv), reviewer=personas.reviewer(code, "native"), stage="native"
        )

    response = publish(api_as(personas.publisher), translated_leaflet)

    assert response.status_code == 409
    assert any("awaiting" in reason for reason in response.json()["reasons"])
    assert not Publication.objects.exists()


def test_publishing_after_an_edit_withdrew_an_approval_is_409(approved_leaflet, personas, api_as):
    tamil = text_of(approved_leaflet, "ta")
    edit(target_segments(tamil)[-1], personas.dual_tamil, CORRECTED)

    response = publish(api_as(personas.publisher), approved_leaflet)

    assert response.status_code == 409
    assert any("earlier version" in reason for reason in response.json()["reasons"])
    assert not Publication.objects.exists()


# --- Approving what one wrote, or another language --------------------------------------------------
def test_a_reviewer_who_edited_the_text_cannot_approve_it(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    clinician = personas.reviewer("ta", "clinical")
    edit(target_segments(tamil)[-1], clinician, CORRECTED)
    tamil = text_of(translated_leaflet, "ta")

    response = approve(api_as(clinician), tamil, "clinical", text_etag(tamil))

    assert response.status_code == 400 and "wrote or edited" in response.json()["detail"]
    assert not Approval.objects.exists()


def test_a_translator_who_is_also_a_reviewer_cannot_approve_their_translation(translated_leaflet, personas, api_as):
    tamil_language = Language.objects.get(code="ta")
    translator = make_user(
        "ta_translator_native", translator_group_name(tamil_language), stage_group_name(tamil_language, "native")
    )
    tamil = text_of(translated_leaflet, "ta")
    edit(target_segments(tamil)[-1], translator, CORRECTED)
    tamil = text_of(translated_leaflet, "ta")

    response = approve(api_as(translator), tamil, "native", text_etag(tamil))

    assert response.status_code == 400 and "wrote or edited" in response.json()["detail"]
    assert not Approval.objects.exists()


def test_a_plain_translator_may_not_approve_at_all(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")

    response = approve(api_as(personas.translator("ta")), tamil, "native", text_etag(tamil))

    assert response.status_code == 403
    assert not Approval.objects.exists()


def test_an_author_who_wrote_the_source_cannot_approve_it(personas, api_as):
    english = Language.objects.get(code="en")
    writer = make_user("writer", AUTHORS, stage_group_name(english, "clinical"))
    leaflet = make_leaflet(writer, languages=("en",))
    source = text_of(leaflet, "en")

    response = approve(api_as(writer), source, "clinical", text_etag(source))

    assert response.status_code == 400 and "wrote or edited" in response.json()["detail"]
    assert not Approval.objects.exists()


def test_approving_another_languages_text_is_404(translated_leaflet, personas, api_as):
    malay = text_of(translated_leaflet, "ms")

    response = approve(api_as(personas.reviewer("ta", "native")), malay, "native", text_etag(malay))

    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert not Approval.objects.exists()


# --- Approving text one did not read ---------------------------------------------------------------
def test_a_stale_etag_is_412_and_records_nothing(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    read = text_etag(tamil)
    edit(target_segments(tamil)[-1], personas.dual_tamil, CORRECTED)  # a colleague changes it meanwhile

    response = approve(api_as(personas.reviewer("ta", "native")), tamil, "native", read)

    assert response.status_code == 412
    assert response["ETag"] == text_etag(text_of(translated_leaflet, "ta"))  # what to read next
    assert not Approval.objects.exists()


def test_the_etag_from_get_text_is_the_one_approve_takes(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    client = api_as(personas.reviewer("ta", "native"))
    read = client.get(f"/api/texts/{tamil.pk}/")
    assert read.status_code == 200, "GET /api/texts/{id}/ (translations/api.py) must answer with the text"

    response = approve(client, tamil, "native", read["ETag"])

    assert response.status_code == 201, response.content
    assert Approval.objects.filter(text_version=tamil, stage="native").count() == 1


def test_the_old_etag_of_a_reverted_edit_is_refused(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    read = text_etag(tamil)
    segment = target_segments(tamil)[-1]
    original = segment.text
    edit(segment, personas.dual_tamil, CORRECTED)
    edit(segment, personas.dual_tamil, original)  # the same words again...
    tamil = text_of(translated_leaflet, "ta")
    assert read.strip('"').split(".")[0] == tamil.content_hash  # ...the same hash, a later generation

    response = approve(api_as(personas.reviewer("ta", "native")), tamil, "native", read)

    assert response.status_code == 412
    assert not Approval.objects.exists()


# --- Superusers are not publishers -----------------------------------------------------------------
@pytest.fixture
def superuser(personas):
    return get_user_model().objects.create_superuser("root", "root@example.invalid", password=None)


def test_a_superuser_not_in_publishers_cannot_publish(approved_leaflet, superuser, api_as):
    assert publish(api_as(superuser), approved_leaflet).status_code == 404  # cannot even see it
    superuser.groups.add(Group.objects.get(name=AUTHORS))
    seeing = get_user_model().objects.get(pk=superuser.pk)  # a fresh object: permissions are cached per user object

    assert publish(api_as(seeing), approved_leaflet).status_code == 403  # sees it as an author, still no publisher
    assert not Publication.objects.exists()


def test_a_superuser_not_in_publishers_cannot_withdraw(approved_leaflet, superuser, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    response = api_as(superuser).post(
        f"/api/publications/{publication.pk}/withdraw/", {"reason": "Because I can."}, format="json"
    )

    assert response.status_code in (403, 404)
    assert Publication.objects.get(pk=publication.pk).state == "live"


# --- Outsiders see nothing of an unpublished leaflet -----------------------------------------------
def test_an_outsider_learns_nothing_of_an_unpublished_leaflet(approved_leaflet, personas, api_as):
    client = api_as(personas.outsider)
    tamil = text_of(approved_leaflet, "ta")

    for url in (
        f"/api/leaflets/{approved_leaflet.pk}/",
        f"/api/texts/{tamil.pk}/",
        f"/api/texts/{tamil.pk}/decisions/",
        f"/api/leaflets/{approved_leaflet.pk}/gate/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert approved_leaflet.title not in response.content.decode(), url
    listed = client.get(f"/api/publications/?leaflet={approved_leaflet.pk}")
    assert listed.status_code == 200 and listed.json()["count"] == 0


def test_an_outsider_does_not_see_a_published_leaflets_publications_either(approved_leaflet, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = api_as(personas.outsider)

    assert client.get(f"/api/publications/?leaflet={approved_leaflet.pk}").json()["count"] == 0
    assert client.get(f"/api/publications/{publication.pk}/").status_code == 404


# --- Tokens ------------------------------------------------------------------------------------------
def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_revoked_token_is_401(approved_leaflet, personas, client):
    made = api_token_create(user=personas.publisher, name="script", days=1)
    api_token_revoke(token=made.token, user=personas.publisher)

    response = client.post(f"/api/leaflets/{approved_leaflet.pk}/publish/", **bearer(made.key))

    assert response.status_code == 401
    assert not Publication.objects.exists()


def test_an_expired_token_is_401(approved_leaflet, personas, client):
    made = api_token_create(user=personas.publisher, name="script", days=1)
    ApiToken.objects.filter(pk=made.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(f"/api/leaflets/{approved_leaflet.pk}/publish/", **bearer(made.key))

    assert response.status_code == 401
    assert not Publication.objects.exists()


def test_the_token_of_a_deactivated_user_is_401(approved_leaflet, personas, client):
    made = api_token_create(user=personas.publisher, name="script", days=1)
    get_user_model().objects.filter(pk=personas.publisher.pk).update(is_active=False)

    response = client.post(f"/api/leaflets/{approved_leaflet.pk}/publish/", **bearer(made.key))

    assert response.status_code == 401
    assert not Publication.objects.exists()


def test_a_tampered_token_is_401(approved_leaflet, personas, client):
    made = api_token_create(user=personas.publisher, name="script", days=1)

    # Another last character, whatever it was (replacing it with a fixed "x" left the key as it was
    # whenever it already ended in "x": once in 60-odd runs the "tampered" token was the real one).
    tampered = made.key[:-1] + ("y" if made.key.endswith("x") else "x")

    response = client.post(f"/api/leaflets/{approved_leaflet.pk}/publish/", **bearer(tampered))

    assert response.status_code == 401
    assert not Publication.objects.exists()
