"""Applying the dashboard's suggested routing: one audited change of a language's translate routes.

The form carries the result ids the suggestion was drawn from; when the
evaluations (or the bounds, or a revalidation mark) changed since the page was
shown, the request is refused and the routes stay as they were.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent
from tests.dashboard_evidence.conftest import answered_as, evaluated, make_provider, translate_routes
from tests.web.conftest import messages_of, once
from translations.models import Route, RoutingBound
from translations.provider_services import route_apply_suggestion, routing_bound_save
from translations.providers import route


def shown_form(client, language: str = "ta") -> dict:
    """What the page's "Apply this routing" form of `language` posts, as it was rendered."""
    response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="/dashboard/routing/{language}/apply/"' in html
    [evidence] = [lang for lang in response.context["evidence"].languages if lang.code == language]
    suggestion = evidence.suggestion
    assert f'value="{suggestion.providers_field}"' in html and f'value="{suggestion.evidence_field}"' in html
    return {"providers": suggestion.providers_field, "evidence": suggestion.evidence_field, "_once": once()}


def apply(client, data, language: str = "ta"):
    return client.post(f"/dashboard/routing/{language}/apply/", data, follow=True)


def applied_events():
    return list(AuditEvent.objects.filter(verb="route.suggestion_applied").order_by("seq"))


def test_a_provider_manager_applies_the_suggestion_and_one_audit_event_records_it(providers, provider_manager, as_user):
    sharp, sloppy = providers["sharp"], providers["sloppy"]
    good = evaluated(sharp, chrf=71.5)
    poor = evaluated(sloppy, chrf=48.0)
    client = as_user(provider_manager)
    assert translate_routes() == [("sloppy", 10), ("sharp", 20)]

    response = apply(client, shown_form(client))

    assert response.status_code == 200
    assert translate_routes() == [("sharp", 10), ("sloppy", 20)]
    assert [p.name for p in route(kind=Route.Kind.TRANSLATE, language="ta")] == ["sharp", "sloppy"]
    [event] = applied_events()
    assert event.actor_id == provider_manager.pk
    assert event.data["language"] == "ta" and event.data["kind"] == "translate"
    assert [r["provider"] for r in event.data["before"]] == ["sloppy", "sharp"]
    assert event.data["after"] == [
        {"kind": "translate", "language": "ta", "provider": "sharp", "priority": 10},
        {"kind": "translate", "language": "ta", "provider": "sloppy", "priority": 20},
    ]
    assert event.data["evidence"] == sorted([good.pk, poor.pk])
    assert any("suggested providers" in m for m in messages_of(response))


def test_it_refuses_a_suggestion_whose_results_changed_since_the_page_was_shown(providers, provider_manager, as_user):
    evaluated(providers["sharp"], chrf=71.5)
    evaluated(providers["sloppy"], chrf=48.0)
    client = as_user(provider_manager)
    form = shown_form(client)
    # Meanwhile a new run finds the other provider better.
    evaluated(providers["sloppy"], chrf=80.0, ago=timedelta(seconds=1))

    response = apply(client, form)

    assert translate_routes() == [("sloppy", 10), ("sharp", 20)]
    assert applied_events() == []
    assert any("results changed since the page was shown" in m for m in messages_of(response))


def test_it_refuses_a_suggestion_the_new_bounds_no_longer_allow(providers, provider_manager, as_user):
    evaluated(providers["sharp"], chrf=71.5, cost="0.090000")
    evaluated(providers["sloppy"], chrf=48.0, cost="0.001000")
    client = as_user(provider_manager)
    form = shown_form(client)
    routing_bound_save(
        actor=provider_manager, language="ta", max_cost_per_100_segments=Decimal("0.05"), max_latency_p95_s=None
    )

    response = apply(client, form)

    assert translate_routes() == [("sloppy", 10), ("sharp", 20)]
    assert applied_events() == []
    assert any("suggestion changed since the page was shown" in m for m in messages_of(response))


@pytest.mark.parametrize("who", ["outsider", "author", "publisher"])
def test_it_refuses_anyone_who_may_not_manage_providers(who, providers, provider_manager, personas, as_user):
    evaluated(providers["sharp"], chrf=71.5)
    evaluated(providers["sloppy"], chrf=48.0)
    form = shown_form(as_user(provider_manager))

    response = as_user(getattr(personas, who)).post("/dashboard/routing/ta/apply/", form)

    assert response.status_code == 403
    assert translate_routes() == [("sloppy", 10), ("sharp", 20)]
    assert applied_events() == []


def test_the_page_offers_the_button_only_to_those_who_may_manage_providers(providers, personas, as_user):
    evaluated(providers["sharp"], chrf=71.5)
    evaluated(providers["sloppy"], chrf=48.0)

    html = as_user(personas.author).get("/dashboard/").content.decode()

    assert "/dashboard/routing/ta/apply/" not in html
    assert "/dashboard/routing/ta/bounds/" not in html
    assert "data-suggestion" in html  # the evidence and the suggestion are shown to every dashboard reader


def test_it_never_suggests_a_provider_failing_every_segment_or_needing_revalidation(
    providers, provider_manager, personas, as_user
):
    sharp, sloppy = providers["sharp"], providers["sloppy"]
    broken = make_provider("broken")
    drifted = make_provider("drifted")
    evaluated(broken, chrf=None, translated=0, failures=12, error="The provider could not be reached.")
    evaluated(drifted, chrf=90.0, reported_model="drifted-model")
    # Since its evaluation, the "drifted" endpoint answered a job as another model.
    answered_as(drifted, "drifted-model-v2", created_by=personas.author)
    evaluated(sharp, chrf=71.5)
    evaluated(sloppy, chrf=48.0)
    client = as_user(provider_manager)

    apply(client, shown_form(client))

    assert translate_routes() == [("sharp", 10), ("sloppy", 20)]


def test_the_suggested_routes_come_before_routes_for_any_language(providers, provider_manager, as_user):
    sharp, sloppy = providers["sharp"], providers["sloppy"]
    generic = make_provider("generic")
    Route.objects.create(kind=Route.Kind.ANY, language="", provider=generic, priority=5)
    Route.objects.create(kind=Route.Kind.DRAFT, language="ta", provider=sloppy, priority=1)
    evaluated(sharp, chrf=71.5)
    evaluated(sloppy, chrf=48.0)
    client = as_user(provider_manager)

    apply(client, shown_form(client))

    assert [p.name for p in route(kind=Route.Kind.TRANSLATE, language="ta")] == ["sharp", "sloppy", "generic"]
    assert Route.objects.filter(kind=Route.Kind.DRAFT, language="ta", provider=sloppy).exists()
    assert Route.objects.filter(kind=Route.Kind.ANY, provider=generic).exists()


def test_it_leaves_other_languages_alone(providers, provider_manager, as_user):
    sharp, sloppy = providers["sharp"], providers["sloppy"]
    Route.objects.create(kind=Route.Kind.TRANSLATE, language="ms", provider=sloppy, priority=10)
    evaluated(sharp, chrf=71.5)
    evaluated(sloppy, chrf=48.0)
    client = as_user(provider_manager)

    apply(client, shown_form(client))

    assert translate_routes("ms") == [("sloppy", 10)]


def test_routing_that_already_follows_the_suggestion_shows_no_button(providers, provider_manager, as_user):
    evaluated(providers["sloppy"], chrf=40.0)  # the routes send Tamil to "sloppy" first already
    evaluated(providers["sharp"], chrf=30.0)

    html = as_user(provider_manager).get("/dashboard/").content.decode()

    assert "/dashboard/routing/ta/apply/" not in html
    assert "The routes already follow this suggestion." in html


def test_the_service_refuses_a_user_without_the_provider_permission(providers, personas):
    with pytest.raises(PermissionDenied):
        route_apply_suggestion(actor=personas.publisher, language="ta", providers=[providers["sharp"]])
    assert translate_routes() == [("sloppy", 10), ("sharp", 20)]


def test_the_service_refuses_a_disabled_provider_and_a_repeated_one(providers, provider_manager):
    sharp = providers["sharp"]
    with pytest.raises(ValidationError):
        route_apply_suggestion(actor=provider_manager, language="ta", providers=[sharp, sharp])
    sharp.enabled = False
    sharp.save()
    with pytest.raises(ValidationError):
        route_apply_suggestion(actor=provider_manager, language="ta", providers=[sharp])
    assert translate_routes() == [("sloppy", 10), ("sharp", 20)]
    assert applied_events() == []


@pytest.mark.postgres
def test_two_applications_at_once_leave_one_route_order_not_both(postgres_only, provider_manager):
    import threading

    from django.db import connection

    # Two different suggestions (from two pages shown at different times): no provider in common to lock.
    orders = ([make_provider("first"), make_provider("second")], [make_provider("third"), make_provider("fourth")])
    for language in ("zh", "ms", "ta", "en"):
        RoutingBound.objects.create(language=language)  # bounds already set (none): no insert to wait on
        barrier = threading.Barrier(2)
        errors: list[Exception] = []

        def apply_order(order, language=language, barrier=barrier, errors=errors):
            try:
                barrier.wait()
                route_apply_suggestion(actor=provider_manager, language=language, providers=order)
            except Exception as exc:  # anything is a bug here
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=apply_order, args=(order,)) for order in orders]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not errors, errors
        routes = [name for name, _priority in translate_routes(language)]
        assert routes in (["first", "second"], ["third", "fourth"]), routes
