"""`manage.py provider_check NAME`: the endpoint's models, one tiny call per dialect, what to configure."""

import json

import pytest
from django.core.management import call_command

from tests.support.fake_llm import Step
from translations.models import Provider
from translations.provider_services import providers_sync


def _provider(server, **keys) -> Provider:
    providers_sync(
        {"providers": [{"name": "checked", "base_url": server.base_url, "model": "gpt-5-mini", "timeout_s": 3, **keys}]}
    )
    return Provider.objects.get(name="checked")


def _check(capsys, *args) -> tuple[int, str]:
    try:
        call_command("provider_check", "checked", *args)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, capsys.readouterr().out


def test_against_a_reasoning_model_it_recommends_what_the_model_accepts(db, model_server, needs_redis, capsys):
    model_server.dialect = "openai-reasoning"
    provider = _provider(model_server, family="generic")

    code, out = _check(capsys, "--json")

    report = json.loads(out.strip().splitlines()[-1])
    assert code == 0 and report["reachable"] is True
    assert set(report) == {"provider", "reachable", "models", "reported_model", "working", "tried", "recommended"}
    assert report["models"] and report["reported_model"]
    assert report["recommended"]["token_param"] == "max_completion_tokens"
    assert report["recommended"]["send_temperature"] is False
    refused = [t for t in report["tried"] if t["status"] == "refused"]
    assert refused and all("HTTP 400" in t["error"] for t in refused)
    assert "differs from the stored settings" in out
    provider.refresh_from_db()
    assert provider.token_param == "max_tokens"  # a check changes nothing


def test_against_deepseek_it_prefers_json_object_to_plain_text(db, model_server, needs_redis, capsys):
    model_server.dialect = "deepseek-chat"
    _provider(model_server, family="deepseek")

    code, out = _check(capsys, "--json")

    report = json.loads(out.strip().splitlines()[-1])
    assert code == 0
    assert report["recommended"]["structured_output"] == "json_object"
    assert report["tried"][0]["status"] == "ok" and "(as stored now)" in out


def test_it_exits_1_when_no_dialect_works(db, model_server, needs_redis, capsys):
    _provider(model_server, family="generic")
    model_server.set_default(Step.malformed("I cannot help with that."))

    code, out = _check(capsys, "--json", "--max-calls", "3")

    report = json.loads(out.strip().splitlines()[-1])
    assert code == 1 and report["working"] is None and report["recommended"] is None
    assert [t["status"] for t in report["tried"]] == ["malformed"] * 3
    assert report["reachable"] is True


def test_an_endpoint_that_cannot_be_reached_is_reported_so(db, needs_redis, capsys):
    providers_sync(
        {"providers": [{"name": "checked", "base_url": "http://127.0.0.1:9/v1", "model": "x", "timeout_s": 1}]}
    )

    code, out = _check(capsys, "--json", "--max-calls", "1")

    report = json.loads(out.strip().splitlines()[-1])
    assert code == 1 and report["reachable"] is False and "NOT reachable" in out


def test_it_names_the_known_providers_when_the_name_is_wrong(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No provider named"):
        call_command("provider_check", "nope")


def test_the_admin_action_checks_the_endpoint_and_changes_nothing(personas, model_server, needs_redis, as_user):
    from django.contrib.auth import get_user_model

    model_server.dialect = "openai-reasoning"
    provider = _provider(model_server, family="generic")
    root = get_user_model().objects.create_superuser("root", "root@example.invalid", None)

    response = as_user(root).post(
        "/admin/translations/provider/",
        {"action": "check_endpoint", "index": 0, "_selected_action": [provider.pk]},
        follow=True,
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "checked: model" in text.lower() and "recommended settings" in text and "max_completion_tokens" in text
    provider.refresh_from_db()
    assert provider.token_param == "max_tokens"
