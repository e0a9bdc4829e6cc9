"""Providers and routes change through audited services; what a provider may see is a superuser's decision.

The issue: "a provider on a public host can be marked 'on premises' with PHI
policy allow by ticking a box", and admin edits left no audit event.
"""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent
from tests.admin.conftest import change_form_data, events, form_errors
from translations.models import Provider, Route
from translations.provider_services import audit_url, provider_delete, provider_save, route_delete, route_save

SECRET = "sk-live-0123456789abcdefSECRET"


@pytest.fixture
def internal(settings):
    settings.WORKBENCH_INTERNAL_HOSTS = ["llm.hospital.local", "10.0.0.0/8"]
    return settings


@pytest.fixture
def cloud(db, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    return Provider.objects.create(
        name="cloud", base_url="https://api.openai.com/v1", model="gpt-4o-mini", api_key_env="OPENAI_API_KEY"
    )


@pytest.fixture
def local(db, internal):
    return Provider.objects.create(name="local", base_url="http://10.0.0.5:11434/v1", model="qwen2.5:14b")


def url(provider, suffix="change/"):
    return f"/admin/translations/provider/{provider.pk}/{suffix}"


def stored(provider):
    return Provider.objects.values("phi_policy", "on_premises", "base_url", "max_concurrency").get(pk=provider.pk)


def post_change(client, provider, **changes):
    return client.post(url(provider), change_form_data(client.get(url(provider)), **changes))


# --- Through the admin ------------------------------------------------------------------------
def test_it_refuses_ticking_on_premises_for_a_public_host_even_for_a_superuser(as_superuser, cloud, internal):
    before, audit_before = stored(cloud), AuditEvent.objects.count()

    response = post_change(as_superuser, cloud, on_premises=True, phi_policy="allow")

    assert response.status_code == 200
    assert "'api.openai.com' is not one this deployment declares internal" in form_errors(response)
    assert stored(cloud) == before
    assert AuditEvent.objects.count() == audit_before


def test_it_refuses_a_staff_user_marking_an_internal_provider_on_premises_or_allow(as_staff, local):
    before, audit_before = stored(local), AuditEvent.objects.count()

    for changes in ({"on_premises": True}, {"on_premises": True, "phi_policy": "allow"}):
        response = post_change(as_staff, local, **changes)
        assert response.status_code == 200
        assert "Only a superuser may decide" in form_errors(response)

    assert stored(local) == before
    assert AuditEvent.objects.count() == audit_before


def test_a_superuser_allows_an_internal_provider_and_the_decision_is_audited(as_superuser, superuser, local):
    response = post_change(as_superuser, local, on_premises=True, phi_policy="allow")

    assert response.status_code == 302
    assert stored(local)["phi_policy"] == "allow" and stored(local)["on_premises"] is True
    [event] = events("provider.phi_decision", provider="local")
    assert event.actor == superuser
    assert event.data["changes"] == {"phi_policy": ["block", "allow"], "on_premises": [False, True]}
    assert event.data["decision"] == {
        "phi_policy": ["block", "allow"],
        "on_premises": [False, True],
        "base_url": ["http://10.0.0.5:11434/v1", "http://10.0.0.5:11434/v1"],
    }
    assert (event.object_type, event.object_id) == ("translations.provider", str(local.pk))


def test_it_refuses_a_staff_user_taking_allow_away_or_moving_an_allowed_provider(as_staff, local):
    Provider.objects.filter(pk=local.pk).update(on_premises=True, phi_policy="allow")
    before = stored(local)
    assert "Only a superuser" in form_errors(post_change(as_staff, local, phi_policy="redact"))
    assert "Only a superuser" in form_errors(post_change(as_staff, local, base_url="http://10.0.0.6:11434/v1"))
    assert stored(local) == before


def test_a_staff_user_changes_ordinary_fields_and_block_to_redact_audited(as_staff, staff, cloud):
    response = post_change(as_staff, cloud, max_concurrency="8", phi_policy="redact")

    assert response.status_code == 302
    assert stored(cloud)["max_concurrency"] == 8 and stored(cloud)["phi_policy"] == "redact"
    [event] = events("provider.changed", provider="cloud")
    assert event.actor == staff
    assert event.data["changes"] == {"max_concurrency": [4, 8], "phi_policy": ["block", "redact"]}


def test_saving_an_unchanged_provider_records_nothing(as_superuser, cloud):
    before = AuditEvent.objects.count()
    assert post_change(as_superuser, cloud).status_code == 302
    assert AuditEvent.objects.count() == before


def test_adding_a_provider_is_audited_and_on_premises_is_refused_to_staff(as_staff, internal):
    page = as_staff.get("/admin/translations/provider/add/")
    data = change_form_data(
        page, name="vllm", base_url="http://llm.hospital.local:8000/v1", model="qwen", on_premises=True
    )
    response = as_staff.post("/admin/translations/provider/add/", data)
    assert response.status_code == 200 and "Only a superuser" in form_errors(response)
    assert not Provider.objects.filter(name="vllm").exists()

    data.pop("on_premises")
    assert as_staff.post("/admin/translations/provider/add/", data).status_code == 302
    [event] = events("provider.created", provider="vllm")
    assert event.data["changes"]["base_url"] == [None, "http://llm.hospital.local:8000/v1"]


def test_routes_added_and_removed_in_the_admin_are_audited(as_superuser, cloud):
    data = change_form_data(
        as_superuser.get(url(cloud)),
        **{
            "routes-TOTAL_FORMS": "1",
            "routes-0-kind": "translate",
            "routes-0-language": "ta",
            "routes-0-priority": "10",
            "routes-0-provider": str(cloud.pk),
        },
    )
    assert as_superuser.post(url(cloud), data).status_code == 302
    route = Route.objects.get(provider=cloud)
    [created] = events("route.created", provider="cloud")
    assert (created.data["kind"], created.data["language"], created.data["priority"]) == ("translate", "ta", 10)

    data = change_form_data(as_superuser.get(url(cloud)), **{"routes-0-DELETE": "on"})
    assert as_superuser.post(url(cloud), data).status_code == 302
    assert not Route.objects.filter(pk=route.pk).exists()
    [deleted] = events("route.deleted", provider="cloud")
    assert deleted.object_id == str(route.pk)


def test_deleting_a_provider_is_audited_with_its_routes(as_staff, cloud):
    Route.objects.create(provider=cloud, kind="draft", priority=5)
    response = as_staff.post(url(cloud, "delete/"), {"post": "yes"})
    assert response.status_code == 302
    assert not Provider.objects.filter(pk=cloud.pk).exists()
    [event] = events("provider.deleted", provider="cloud")
    assert event.data["routes"] == [{"kind": "draft", "language": "", "provider": "cloud", "priority": 5}]
    assert event.data["fields"]["api_key_env"] == "OPENAI_API_KEY"


def test_no_audit_event_ever_holds_a_key(as_superuser, superuser, cloud):
    data = change_form_data(
        as_superuser.get(url(cloud)),
        base_url=f"https://user:{SECRET}@api.openai.com/v1?api-key={SECRET}",
        max_tokens="2000",
    )
    assert as_superuser.post(url(cloud), data).status_code == 302
    provider_delete(actor=superuser, provider=Provider.objects.get(pk=cloud.pk))

    every_event = json.dumps(list(AuditEvent.objects.values("data", "object_id", "actor_name")), default=str)
    assert SECRET not in every_event
    assert "OPENAI_API_KEY" in every_event  # the variable's name is fine to record
    assert (
        audit_url(f"https://user:{SECRET}@api.openai.com:8443/v1?k={SECRET}#x")
        == "https://user@api.openai.com:8443/v1?(removed)"
    )


# --- The services themselves --------------------------------------------------------------------
def test_the_service_refuses_a_user_without_the_provider_permissions(personas, cloud):
    cloud.max_concurrency = 99
    for actor in (personas.author, personas.publisher, personas.reviewer("ta", "native")):
        with pytest.raises(PermissionDenied):
            provider_save(actor=actor, provider=cloud)
        with pytest.raises(PermissionDenied):
            provider_delete(actor=actor, provider=cloud)
        with pytest.raises(PermissionDenied):
            route_save(actor=actor, route=Route(provider=cloud))
    assert stored(cloud)["max_concurrency"] == 4
    assert not Route.objects.exists()


def test_the_service_refuses_staff_deciding_exposure_and_anyone_a_public_host(staff, superuser, local, cloud):
    local.on_premises = True
    with pytest.raises(PermissionDenied, match="Only a superuser"):
        provider_save(actor=staff, provider=local)
    cloud.on_premises = True
    with pytest.raises(ValidationError, match="not one this deployment declares internal"):
        provider_save(actor=superuser, provider=cloud)
    with pytest.raises(ValidationError, match="not one this deployment declares internal"):
        provider_save(actor=None, provider=cloud)
    assert not Provider.objects.filter(on_premises=True).exists()
    assert not events("provider.phi_decision")


def test_the_service_records_the_system_as_actor(local):
    local.on_premises, local.phi_policy = True, "allow"
    provider_save(actor=None, provider=local)
    [event] = events("provider.phi_decision", provider="local")
    assert event.actor is None and event.actor_name == "system"


def test_route_services_are_audited(superuser, cloud):
    route = route_save(actor=superuser, route=Route(provider=cloud, kind="translate", language="zh", priority=1))
    route.priority = 3
    route_save(actor=superuser, route=route)
    route_save(actor=superuser, route=route)  # unchanged: nothing recorded
    [changed] = events("route.changed", provider="cloud")
    assert changed.data["changes"] == {"priority": [1, 3]}
    route_delete(actor=superuser, route=route)
    assert [e.verb for e in AuditEvent.objects.filter(verb__startswith="route.").order_by("seq")] == [
        "route.created",
        "route.changed",
        "route.deleted",
    ]
    with pytest.raises(ValidationError):
        route_save(actor=superuser, route=Route(provider=cloud, kind="summarise"))
