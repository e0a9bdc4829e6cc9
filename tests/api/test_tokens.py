"""API tokens: made, listed and revoked by their owner; stored as a digest; refused once revoked or expired."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from review.models import AuditEvent
from workbench.api_tokens import api_token_create, key_digest
from workbench.models import ApiToken


def _bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_a_token_is_shown_once_and_only_its_digest_is_stored(personas, as_user):
    response = as_user(personas.author).post(
        "/api/tokens/", {"name": "intranet sync", "days": 30}, content_type="application/json"
    )

    assert response.status_code == 201
    key = response.json()["key"]
    row = ApiToken.objects.get(user=personas.author)
    assert key.startswith("wbt_") and len(key) >= 40
    assert row.key_digest == key_digest(key) and key not in str(ApiToken.objects.filter(pk=row.pk).values().get())
    assert "key" not in as_user(personas.author).get("/api/tokens/").json()["results"][0]
    event = AuditEvent.objects.get(verb="api_token.created")
    assert event.actor == personas.author and key not in str(event.data)


def test_a_script_calls_the_api_as_the_tokens_owner(personas):
    key = api_token_create(user=personas.author, name="cli", days=1).key

    response = _bearer(key).get("/api/tokens/")

    assert response.status_code == 200
    assert [t["name"] for t in response.json()["results"]] == ["cli"]
    assert ApiToken.objects.get().last_used_at is not None


def test_it_refuses_an_unknown_a_revoked_and_an_expired_token_alike(personas):
    revoked = api_token_create(user=personas.author, name="old", days=1)
    _bearer(revoked.key).delete(f"/api/tokens/{revoked.token.pk}/")
    expired = api_token_create(user=personas.author, name="expired", days=1)
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    answers = [_bearer(key).get("/api/tokens/") for key in (revoked.key, expired.key, "wbt_" + "x" * 40, "nonsense")]

    assert [a.status_code for a in answers] == [401, 401, 401, 401]
    assert len({a.json()["detail"] for a in answers}) == 1  # nothing to learn by probing
    assert ApiToken.objects.get(pk=revoked.token.pk).revoked_at is not None


def test_a_deactivated_users_token_stops_working(personas):
    key = api_token_create(user=personas.author, name="cli", days=1).key
    personas.author.is_active = False
    personas.author.save(update_fields=["is_active"])

    assert _bearer(key).get("/api/tokens/").status_code == 401


def test_nobody_lists_or_revokes_another_persons_tokens(personas):
    theirs = api_token_create(user=personas.author, name="theirs", days=1)
    mine = api_token_create(user=personas.publisher, name="mine", days=1).key

    assert [t["name"] for t in _bearer(mine).get("/api/tokens/").json()["results"]] == ["mine"]
    assert _bearer(mine).delete(f"/api/tokens/{theirs.token.pk}/").status_code == 404
    assert ApiToken.objects.get(pk=theirs.token.pk).revoked_at is None


@pytest.mark.parametrize("body", [{"name": "", "days": 30}, {"name": "x", "days": 0}, {"name": "x", "days": 100000}])
def test_it_refuses_a_nameless_or_out_of_range_token(personas, as_user, body):
    response = as_user(personas.author).post("/api/tokens/", body, content_type="application/json")

    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_the_page_makes_shows_once_and_revokes(personas, as_user):
    client = as_user(personas.author)
    page = client.post("/account/tokens/", {"name": "intranet", "days": "30"})
    key = page.context["new_key"]

    assert key in page.content.decode()
    assert key not in client.get("/account/tokens/").content.decode()  # never again
    token = ApiToken.objects.get()
    client.post("/account/tokens/", {"revoke": str(token.pk)})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(verb="api_token.revoked", actor=personas.author).count() == 1


def test_the_schema_and_its_docs_page_are_served_from_this_site(client):
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200 and b"openapi: 3" in schema.content
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
