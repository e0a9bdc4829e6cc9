"""Token tricks: what a token that leaked (or was made short-lived on purpose) can do beyond its own life."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from workbench.api_tokens import api_token_create, api_token_revoke
from workbench.models import ApiToken


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch):
    from workbench.api_base import CallerThrottle

    monkeypatch.setattr(CallerThrottle, "THROTTLE_RATES", {"caller": "1000000/minute", "anonymous": "1000000/minute"})


def test_a_one_day_token_cannot_mint_a_long_lived_token_that_survives_its_revocation(personas):
    short = api_token_create(user=personas.author, name="ci job", days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {short.key}")

    response = client.post("/api/tokens/", {"name": "persistence", "days": 365}, format="json")
    api_token_revoke(token=short.token, user=personas.author)

    minted = ApiToken.objects.filter(user=personas.author, name="persistence", revoked_at__isnull=True)
    # A stolen one-day token must not become a year of access that outlives revoking it.
    assert response.status_code in (401, 403)
    assert not minted.exists()


def test_a_token_in_the_query_string_is_not_accepted(personas, approved_leaflet):
    key = api_token_create(user=personas.author, name="t", days=1).key

    for name in ("token", "access_token", "api_key", "key"):
        response = APIClient().get(f"/api/leaflets/{approved_leaflet.pk}/?{name}={key}")
        assert response.status_code == 401
