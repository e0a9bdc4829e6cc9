"""API callers: a real token made through the service, sent as a Bearer header, as a script would."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from workbench.api_tokens import api_token_create


@pytest.fixture
def api_as(db):
    """api_as(user) -> an APIClient that authenticates with a fresh token of that user; api_as(None): anonymous."""

    def client_for(user) -> APIClient:
        client = APIClient()
        if user is not None:
            key = api_token_create(user=user, name="tests", days=1).key
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return client_for


@pytest.fixture(autouse=True)
def _unthrottled(request, monkeypatch):
    """Rate limits stay out of the way of every test but the ones about them.

    The counts live in the shared Redis, keyed by token and address: tests run
    one after another (or two suites at once) would use up each other's budget.
    """
    if request.module.__name__.endswith("test_throttling"):
        return
    from workbench.api_base import CallerThrottle

    monkeypatch.setattr(CallerThrottle, "THROTTLE_RATES", {"caller": "1000000/minute", "anonymous": "1000000/minute"})
