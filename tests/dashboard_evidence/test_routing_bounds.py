"""Setting the bounds a language's suggested routing must stay within (cost per 100 segments, latency p95).

Only whoever may manage the model providers sets them, every change audited;
the suggestion then skips the providers whose latest evaluation is outside.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from review.models import AuditEvent
from tests.dashboard_evidence.conftest import evaluated
from tests.web.conftest import messages_of, once
from translations.models import RoutingBound
from translations.provider_services import routing_bound_save
from workbench.dashboard import routing_suggestion


def post_bounds(client, language="ta", *, cost="", latency=""):
    return client.post(
        f"/dashboard/routing/{language}/bounds/",
        {"max_cost_per_100_segments": cost, "max_latency_p95_s": latency, "_once": once()},
        follow=True,
    )


def bound_events():
    return list(AuditEvent.objects.filter(verb="routing.bounds_changed").order_by("seq"))


def suggested(language="ta") -> list[str]:
    suggestion = routing_suggestion(language)
    return [] if suggestion is None else [row.provider.name for row in suggestion.rows]


def test_a_provider_manager_sets_a_cost_bound_and_the_suggestion_keeps_within_it(providers, provider_manager, as_user):
    evaluated(providers["sharp"], chrf=71.5, cost="0.090000", segments=100)  # 0.09 per 100 segments
    evaluated(providers["sloppy"], chrf=48.0, cost="0.010000", segments=100)
    assert suggested() == ["sharp", "sloppy"]

    response = post_bounds(as_user(provider_manager), cost="0.05")

    assert response.status_code == 200 and any("Routing bounds saved" in m for m in messages_of(response))
    bound = RoutingBound.objects.get(language="ta")
    assert (bound.max_cost_per_100_segments, bound.max_latency_p95_s) == (Decimal("0.05"), None)
    assert bound.updated_by == provider_manager
    assert suggested() == ["sloppy"]  # no fallback: the other one costs too much
    [event] = bound_events()
    assert event.actor_id == provider_manager.pk
    assert event.data == {"language": "ta", "changes": {"max_cost_per_100_segments": [None, "0.050000"]}}
    html = response.content.decode()
    assert "over the cost bound" in html


def test_a_latency_bound_leaves_out_the_slow_provider(providers, provider_manager, as_user):
    evaluated(providers["sharp"], chrf=71.5, latency_p95_s=9.5)
    evaluated(providers["sloppy"], chrf=48.0, latency_p95_s=1.2)

    post_bounds(as_user(provider_manager), latency="3")

    assert RoutingBound.objects.get(language="ta").max_latency_p95_s == 3.0
    assert suggested() == ["sloppy"]
    assert suggested("ms") == []  # bounds are per language; Malay has no evaluation at all


def test_clearing_the_bounds_is_recorded_and_the_best_chrf_is_suggested_again(providers, provider_manager, as_user):
    evaluated(providers["sharp"], chrf=71.5, latency_p95_s=9.5)
    evaluated(providers["sloppy"], chrf=48.0, latency_p95_s=1.2)
    client = as_user(provider_manager)
    post_bounds(client, latency="3", cost="1")

    post_bounds(client)

    bound = RoutingBound.objects.get(language="ta")
    assert (bound.max_cost_per_100_segments, bound.max_latency_p95_s) == (None, None)
    assert suggested() == ["sharp", "sloppy"]
    _set, cleared = bound_events()
    assert cleared.data["changes"] == {
        "max_cost_per_100_segments": ["1.000000", None],
        "max_latency_p95_s": [3.0, None],
    }


def test_saving_the_same_bounds_again_records_nothing(providers, provider_manager, as_user):
    client = as_user(provider_manager)
    post_bounds(client, latency="3")
    post_bounds(client, latency="3.0")
    assert len(bound_events()) == 1


@pytest.mark.parametrize("who", ["outsider", "author", "publisher"])
def test_it_refuses_anyone_who_may_not_manage_providers(who, personas, as_user):
    response = as_user(getattr(personas, who)).post(
        "/dashboard/routing/ta/bounds/", {"max_cost_per_100_segments": "0.01", "_once": once()}
    )

    assert response.status_code == 403
    assert not RoutingBound.objects.exists()
    assert bound_events() == []


def test_it_refuses_a_negative_cost_or_a_latency_of_zero(provider_manager, as_user):
    client = as_user(provider_manager)

    refused_cost = post_bounds(client, cost="-1")
    refused_latency = post_bounds(client, latency="0")

    assert messages_of(refused_cost) and messages_of(refused_latency)
    assert not RoutingBound.objects.exclude(max_cost_per_100_segments=None, max_latency_p95_s=None).exists()
    assert bound_events() == []


def test_it_refuses_an_unknown_language(provider_manager, as_user):
    response = as_user(provider_manager).post("/dashboard/routing/xx/bounds/", {"max_latency_p95_s": "3"})
    assert response.status_code == 404
    assert not RoutingBound.objects.exists()


def test_the_service_refuses_a_user_without_the_provider_permission(personas):
    with pytest.raises(PermissionDenied):
        routing_bound_save(
            actor=personas.author, language="ta", max_cost_per_100_segments=Decimal("1"), max_latency_p95_s=None
        )
    assert not RoutingBound.objects.exists()
