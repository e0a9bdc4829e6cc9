"""The provider sync from MODEL_PROVIDERS_JSON at worker start: audited as the system, only when something changes."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from review.models import AuditEvent
from tests.admin.conftest import events
from translations.models import Provider, Route
from translations.provider_services import sync_providers_from_settings

OPENAI = {
    "name": "openai",
    "base_url": "https://api.openai.com/v1",
    "model": "gpt-4o-mini",
    "api_key_env": "OPENAI_API_KEY",
    "price_in_per_1k": 0.00015,
    "price_out_per_1k": 0.0006,
}
LOCAL = {
    "name": "local",
    "base_url": "http://10.0.0.5:11434/v1",
    "model": "qwen2.5:14b",
    "on_premises": True,
    "phi_policy": "allow",
    "timeout_s": 120,
}
ROUTES = [
    {"kind": "translate", "language": "ta", "provider": "local", "priority": 10},
    {"kind": "any", "language": "", "provider": "openai", "priority": 50},
]


def configure(settings, providers, routes=None, internal=("10.0.0.0/8",)):
    config = {"providers": providers}
    if routes is not None:
        config["routes"] = routes
    settings.MODEL_PROVIDERS_JSON = json.dumps(config)
    settings.MODEL_PROVIDERS_FILE = ""
    settings.WORKBENCH_INTERNAL_HOSTS = list(internal)


def system_events():
    return list(AuditEvent.objects.filter(verb__regex=r"^(provider|route)\.").order_by("seq"))


def test_the_first_sync_records_each_provider_and_route_as_the_system(settings, db):
    configure(settings, [OPENAI, LOCAL], ROUTES)

    sync_providers_from_settings()

    assert Provider.objects.get(name="local").phi_policy == "allow"
    recorded = system_events()
    assert {e.actor_name for e in recorded} == {"system"} and all(e.actor is None for e in recorded)
    assert sorted(e.verb for e in recorded) == [
        "provider.created",
        "provider.phi_decision",
        "route.created",
        "route.created",
    ]
    [decision] = events("provider.phi_decision", provider="local")
    assert decision.data["changes"]["phi_policy"] == [None, "allow"]
    assert decision.data["decision"]["on_premises"] == [False, True]


def test_an_unchanged_restart_records_nothing_and_keeps_the_routes(settings, db):
    configure(settings, [OPENAI, LOCAL], ROUTES)
    sync_providers_from_settings()
    routes = sorted(Route.objects.values_list("id", flat=True))
    before = AuditEvent.objects.count()

    sync_providers_from_settings()
    call_command("provider_queues", stdout=StringIO())

    assert AuditEvent.objects.count() == before
    assert sorted(Route.objects.values_list("id", flat=True)) == routes


def test_a_changed_field_is_recorded_with_only_what_changed(settings, db):
    configure(settings, [OPENAI])
    sync_providers_from_settings()
    configure(settings, [{**OPENAI, "model": "gpt-4o", "price_in_per_1k": 0.0025}])

    sync_providers_from_settings()

    [changed] = events("provider.changed", provider="openai")
    assert changed.actor_name == "system"
    assert changed.data["changes"] == {"model": ["gpt-4o-mini", "gpt-4o"], "price_in_per_1k": ["0.000150", "0.0025"]}


def test_a_changed_route_table_records_the_routes_removed_and_added(settings, db):
    configure(settings, [OPENAI, LOCAL], ROUTES)
    sync_providers_from_settings()
    configure(
        settings,
        [OPENAI, LOCAL],
        [ROUTES[1], {"kind": "translate", "language": "zh", "provider": "local", "priority": 10}],
    )

    sync_providers_from_settings()

    assert [e.data["language"] for e in events("route.deleted")] == ["ta"]
    assert [e.data["language"] for e in events("route.created", provider="local")] == ["ta", "zh"]
    assert sorted(Route.objects.values_list("language", "provider__name")) == [("", "openai"), ("zh", "local")]


def test_a_route_to_a_provider_configured_elsewhere_is_not_duplicated_on_restart(settings, db):
    Provider.objects.create(name="admin-made", base_url="https://api.deepseek.com/v1", model="deepseek-chat")
    configure(settings, [OPENAI], [{"kind": "translate", "language": "zh", "provider": "admin-made"}])
    sync_providers_from_settings()
    sync_providers_from_settings()
    assert Route.objects.filter(provider__name="admin-made").count() == 1


@pytest.mark.parametrize(
    "entry",
    [
        {**LOCAL, "base_url": "https://api.example.com/v1"},  # allow on a public host
        {**LOCAL, "base_url": "http://127.0.0.1:11434/v1"},  # loopback, not listed
        {**OPENAI, "on_premises": True},  # "on premises" alone also needs an internal host
    ],
)
def test_it_refuses_allow_or_on_premises_on_a_host_not_declared_internal(settings, db, entry):
    configure(settings, [entry])
    with pytest.raises(ImproperlyConfigured, match=rf"{entry['name']}.*WORKBENCH_INTERNAL_HOSTS"):
        sync_providers_from_settings()
    assert not Provider.objects.exists()
    assert not system_events()


def test_allow_needs_on_premises_too(settings, db):
    configure(settings, [{**LOCAL, "on_premises": False}])
    with pytest.raises(ImproperlyConfigured, match="local.*on_premises"):
        sync_providers_from_settings()


def test_a_host_named_in_the_setting_may_be_allowed(settings, db):
    configure(
        settings, [{**LOCAL, "base_url": "http://gpu-01.hospital.local:8000/v1"}], internal=["gpu-01.hospital.local"]
    )
    sync_providers_from_settings()
    assert Provider.objects.get(name="local").on_premises


def test_a_row_already_allowed_is_refused_once_its_host_leaves_the_setting(settings, db):
    configure(settings, [LOCAL])
    sync_providers_from_settings()
    configure(settings, [LOCAL], internal=[])
    with pytest.raises(ImproperlyConfigured, match="'local'"):
        sync_providers_from_settings()


def test_a_bad_route_kind_stops_with_the_providers_name(settings, db):
    configure(settings, [OPENAI], [{"kind": "summarise", "provider": "openai"}])
    with pytest.raises(ImproperlyConfigured, match="openai.*kind"):
        sync_providers_from_settings()
    assert not Provider.objects.exists()  # all or nothing


def test_the_worker_start_command_names_the_refused_provider_without_a_traceback(settings, db):
    from django.core.management.base import CommandError

    configure(settings, [{**LOCAL, "base_url": "https://api.example.com/v1"}])
    with pytest.raises(CommandError, match="'local'.*not one this deployment declares internal"):
        call_command("provider_queues", stdout=StringIO())
