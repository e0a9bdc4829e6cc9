"""Every provider example in the README, loaded through the provider sync, translates and drafts
against the scripted server speaking that endpoint's dialect."""

import json
import re
from pathlib import Path

import pytest
from django.test import override_settings

from review.models import AuditEvent
from tests.conftest import make_leaflet, text_of
from tests.jobs.helpers import run_job_inline
from translations import batches, jobs
from translations.models import Job, Provider, TargetSegment
from translations.provider_services import providers_sync

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
EXAMPLES = {
    dialect: json.loads(body)
    for dialect, body in re.findall(r"<!-- provider example: ([a-z-]+) -->\n```json\n(.*?)\n```", README, re.DOTALL)
}
THINKING = re.compile(r"think|not this|decoy", re.IGNORECASE)


def test_the_readme_has_an_example_for_every_family():
    families = {entry["family"] for config in EXAMPLES.values() for entry in config["providers"]}
    assert families == {"openai", "azure", "deepseek", "vllm", "ollama", "llamacpp"}
    assert len(EXAMPLES) == 8


def _load(config: dict, server, monkeypatch) -> Provider:
    """The example as an operator would use it, pointed at the scripted server instead of the vendor."""
    config = json.loads(json.dumps(config))
    for entry in config["providers"]:
        entry["base_url"] = server.azure_v1_base_url if entry["family"] == "azure" else server.base_url
        if entry.get("api_key_env"):
            monkeypatch.setenv(entry["api_key_env"], "sk-test")
    with override_settings(WORKBENCH_INTERNAL_HOSTS=["127.0.0.1"]):
        providers_sync(config)
    return Provider.objects.get(name=config["providers"][0]["name"])


@pytest.mark.parametrize("dialect", sorted(EXAMPLES))
def test_a_translation_job_succeeds_in_each_dialect(dialect, personas, model_server, needs_redis, monkeypatch):
    model_server.dialect = dialect
    if dialect == "azure":
        model_server.model = "gpt-5-mini"  # the model behind the deployment decides the dialect, as on Azure
    provider = _load(EXAMPLES[dialect], model_server, monkeypatch)
    leaflet = make_leaflet(personas.author, languages=("en", "zh", "ta"))

    with override_settings(WORKBENCH_INTERNAL_HOSTS=["127.0.0.1"]):
        finished = [run_job_inline(job) for job in jobs.job_queue_translation(leaflet=leaflet, user=personas.author)]

    assert [job.state for job in finished] == [Job.State.SUCCEEDED] * 2, [job.error for job in finished]
    for language in ("zh", "ta"):
        segments = TargetSegment.objects.filter(text_version=text_of(leaflet, language))
        assert all(s.text and s.back_translation for s in segments)
        assert not any(THINKING.search(s.text) or THINKING.search(s.back_translation) for s in segments)
    sent = [r for r in model_server.requests if r.path.endswith("/chat/completions")]
    assert sent and all(provider.token_param in r.body for r in sent)
    if provider.structured_output == "json_schema":
        assert all(r.body["response_format"]["type"] == "json_schema" for r in sent)
    if dialect in ("openai-reasoning", "deepseek-reasoner", "azure"):
        assert all(job.tokens_reasoning > 0 for job in finished)
        assert all(job.tokens_reasoning < job.tokens_out for job in finished)
    assert not AuditEvent.objects.filter(verb="provider.healed").exists()  # each example is right as written


@pytest.mark.parametrize("dialect", ["openai-reasoning", "deepseek-reasoner", "ollama-think"])
def test_a_draft_succeeds_in_a_thinking_dialect(dialect, personas, model_server, needs_redis, monkeypatch):
    model_server.dialect = dialect
    _load(EXAMPLES[dialect], model_server, monkeypatch)
    with override_settings(WORKBENCH_INTERNAL_HOSTS=["127.0.0.1"]):
        job = jobs.job_queue_draft(
            leaflet_or_none=None,
            user=personas.author,
            title="",
            brief={"topic": "Dengue fever", "audience": "adults"},
            required_languages=["en"],
        )
        batches.draft_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    texts = [s.text for s in job.result_revision.segments.all()]
    assert texts and not any(THINKING.search(text) for text in texts)


def test_a_reasoning_model_costs_its_reasoning_tokens_once(personas, model_server, needs_redis, monkeypatch, as_user):
    from decimal import Decimal

    model_server.dialect = "openai-reasoning"
    provider = _load(EXAMPLES["openai-reasoning"], model_server, monkeypatch)
    leaflet = make_leaflet(personas.author, languages=("en", "ms"))

    job = run_job_inline(jobs.job_queue_translation(leaflet=leaflet, user=personas.author)[0])

    replies = [r for r in model_server.requests if r.path.endswith("/chat/completions")]
    assert job.state == Job.State.SUCCEEDED and len(replies) == 2
    # The endpoint's completion_tokens already hold the reasoning: cost is priced on them, nothing added.
    assert 0 < job.tokens_reasoning < job.tokens_out
    expected = (
        Decimal(job.tokens_in) * provider.price_in_per_1k + Decimal(job.tokens_out) * provider.price_out_per_1k
    ) / 1000
    # Each call's cost is stored to the micro-dollar and summed, so two calls may differ by a rounding step each.
    assert abs(job.cost - expected) <= Decimal("0.000001") * len(replies)
    assert (
        AuditEvent.objects.get(verb="job.succeeded", object_id=str(job.pk)).data["tokens_reasoning"]
        == job.tokens_reasoning
    )
    page = as_user(personas.publisher).get("/dashboard/").content.decode()
    assert f'<td class="num">{job.tokens_reasoning}</td>' in page
