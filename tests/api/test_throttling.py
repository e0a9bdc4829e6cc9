"""Rate limits per token (DRF throttling, counted in Redis); with Redis down calls go through rather than fail."""

from __future__ import annotations

import pytest
from django.core.cache.backends.redis import RedisCache

from workbench.api_base import CallerThrottle


@pytest.fixture
def three_a_minute(monkeypatch, cache_in_redis):
    monkeypatch.setattr(CallerThrottle, "THROTTLE_RATES", {"caller": "3/minute", "anonymous": "2/minute"})


def test_each_token_has_its_own_budget_and_the_fourth_call_waits(personas, api_as, three_a_minute):
    first, second = api_as(personas.author), api_as(personas.author)

    answers = [first.get("/api/tokens/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    refused = first.get("/api/tokens/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert second.get("/api/tokens/").status_code == 200  # another token of the same person: its own budget


def test_anonymous_callers_of_public_endpoints_are_limited_by_address(api_as, three_a_minute):
    anonymous = api_as(None)

    answers = [anonymous.get("/api/schema/").status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_with_redis_down_calls_go_through_and_nothing_fails(personas, api_as, monkeypatch, three_a_minute):
    # A cache that really cannot be reached: nothing listens on port 1.
    monkeypatch.setattr(CallerThrottle, "cache", RedisCache("redis://127.0.0.1:1/0", {}))
    client = api_as(personas.author)

    assert [client.get("/api/tokens/").status_code for _ in range(5)] == [200] * 5
