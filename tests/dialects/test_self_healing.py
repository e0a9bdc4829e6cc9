"""A provider configured in the wrong dialect heals on its first job: the refused parameter is dropped,
the call is tried again, the provider row changes (audited), and the JSON sync does not undo it."""

from django.test import override_settings

from review.models import AuditEvent
from tests.conftest import make_leaflet
from tests.jobs.helpers import run_job_inline
from tests.support.fake_llm import Step
from translations import jobs
from translations.models import Job, Provider
from translations.provider_services import provider_dialect_heal, providers_sync


def _configure(server, **keys) -> Provider:
    entry = {"name": "wrongly-set", "base_url": server.base_url, "model": "gpt-5-mini", "timeout_s": 5, **keys}
    providers_sync({"providers": [entry]})
    return Provider.objects.get(name="wrongly-set")


def _translate(personas):
    leaflet = make_leaflet(personas.author, languages=("en", "ms"))
    return [run_job_inline(job) for job in jobs.job_queue_translation(leaflet=leaflet, user=personas.author)]


def test_a_provider_sending_max_tokens_and_temperature_to_a_reasoning_model_heals(personas, model_server, needs_redis):
    model_server.dialect = "openai-reasoning"
    provider = _configure(model_server, family="generic")  # the old form: max_tokens and temperature
    assert (provider.token_param, provider.send_temperature) == ("max_tokens", True)

    finished = _translate(personas)

    assert [job.state for job in finished] == [Job.State.SUCCEEDED], [job.error for job in finished]
    provider.refresh_from_db()
    assert (provider.token_param, provider.send_temperature) == ("max_completion_tokens", False)
    healed = list(AuditEvent.objects.filter(verb="provider.healed").order_by("seq"))
    assert [event.data["refused"] for event in healed] == ["max_tokens", "temperature"]
    assert healed[0].data["changes"] == {"token_param": ["max_tokens", "max_completion_tokens"]}
    statuses = [("max_tokens" in r.body, "temperature" in r.body) for r in model_server.requests]
    assert statuses[:3] == [(True, True), (False, True), (False, False)]  # refused, refused, answered
    assert all(not sent_max and not sent_temperature for sent_max, sent_temperature in statuses[2:])


def test_the_sync_keeps_a_healed_setting_the_json_does_not_set_and_applies_one_it_does(
    personas, model_server, needs_redis
):
    model_server.dialect = "openai-reasoning"
    provider = _configure(model_server, family="generic")
    _translate(personas)

    _configure(model_server, family="generic")  # a restart with the same JSON
    provider.refresh_from_db()
    assert (provider.token_param, provider.send_temperature) == ("max_completion_tokens", False)

    _configure(model_server, family="generic", token_param="max_tokens")  # the JSON says otherwise
    provider.refresh_from_db()
    assert provider.token_param == "max_tokens"


def test_a_refused_json_schema_steps_down_to_json_object(personas, model_server, needs_redis):
    model_server.dialect = "deepseek-chat"
    provider = _configure(model_server, family="deepseek", structured_output="json_schema")

    finished = _translate(personas)

    assert [job.state for job in finished] == [Job.State.SUCCEEDED], [job.error for job in finished]
    provider.refresh_from_db()
    assert provider.structured_output == "json_object"
    assert AuditEvent.objects.get(verb="provider.healed").data["refused"] == "response_format"


def test_it_fails_the_job_with_the_reason_when_nothing_is_left_to_heal(personas, model_server, needs_redis):
    provider = _configure(model_server, family="openai", send_temperature=False)
    model_server.set_default(Step.unsupported_value("temperature", 0.2), task="translate")

    finished = _translate(personas)

    assert finished[0].state == Job.State.FAILED
    assert "temperature" in finished[0].error
    provider.refresh_from_db()
    assert provider.send_temperature is False
    assert not AuditEvent.objects.filter(verb="provider.healed").exists()


def test_it_does_not_heal_a_400_that_is_not_about_a_dialect_parameter(personas, model_server, needs_redis):
    provider = _configure(model_server, family="generic")
    model_server.set_default(
        Step.status(400, message="This model's maximum context length is 8192 tokens."), task="translate"
    )

    finished = _translate(personas)

    assert finished[0].state == Job.State.FAILED and "HTTP 400" in finished[0].error
    provider.refresh_from_db()
    assert (provider.token_param, provider.send_temperature, provider.structured_output) == ("max_tokens", True, "none")


def test_two_workers_healing_the_same_refusal_record_it_once(db, model_server):
    with override_settings(WORKBENCH_INTERNAL_HOSTS=[]):
        provider = _configure(model_server, family="generic")
    settings = {
        "token_param": "max_completion_tokens",
        "send_temperature": True,
        "reasoning_effort": "",
        "structured_output": "none",
        "inline_thinking": True,
    }

    first = provider_dialect_heal(provider=provider, settings=settings, refused="max_tokens", reason="400")
    second = provider_dialect_heal(provider=provider, settings=settings, refused="max_tokens", reason="400")

    assert (first, second) == (True, False)
    assert AuditEvent.objects.filter(verb="provider.healed").count() == 1
