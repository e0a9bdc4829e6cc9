"""Draft jobs: a brief becomes a first revision, marked with the model and prompt that wrote it."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from review.models import AuditEvent
from tests.support.fake_llm import Step
from translations import batches, jobs
from translations.models import Job, JobBatch

BRIEF = {
    "topic": "Dengue fever",
    "audience": "adults",
    "key_messages": ["Drink plenty of fluids"],
    "actions": "Rest at home",
    "seek_help": "bleeding gums",
    "emergency_contacts": "995",
}


def draft(personas, brief=BRIEF):
    return jobs.job_queue_draft(
        leaflet_or_none=None, user=personas.author, brief=brief, title="Dengue at home", required_languages=["en", "zh"]
    )


def test_a_draft_becomes_the_first_revision_with_its_provenance(personas, provider, model_server):
    job = draft(personas)
    batches.draft_run(job_id=job.pk)
    job.refresh_from_db()

    assert job.state == Job.State.SUCCEEDED
    revision = job.result_revision
    assert (revision.drafted_by_model, revision.prompt_version, revision.number) == ("scripted-model-1", "draft-v2", 1)
    assert revision.leaflet.title == "Dengue at home" and revision.leaflet.language_codes() == ["en", "zh"]
    event = AuditEvent.objects.get(verb="job.succeeded")
    assert event.data["model"] == "scripted-model-1" and event.data["prompt_version"] == "draft-v2"
    batches.draft_run(job_id=job.pk)  # a redelivered message
    assert Job.objects.get(pk=job.pk).result_revision == revision and len(model_server.requests) == 1


def test_it_refuses_to_draft_without_a_model_endpoint(personas, needs_redis):
    with pytest.raises(ValidationError, match="No model endpoint is configured"):
        draft(personas)
    assert not Job.objects.exists()


def test_it_refuses_a_brief_carrying_a_phone_number_before_queueing(personas, provider, model_server):
    with pytest.raises(ValidationError, match="phone"):
        draft(personas, {**BRIEF, "key_messages": ["Mdm Lee (9123 4567) recovered at home"]})
    assert not Job.objects.exists() and model_server.requests == []
    assert AuditEvent.objects.filter(verb="phi.blocked").exists()


def test_a_malformed_draft_is_retried_once_then_fails_with_the_reason(personas, provider, model_server):
    model_server.set_default(Step.reply('{"title": "x", "segments": [{"kind": "poem", "text": "Roses"}]}'))
    job = draft(personas)
    assert batches.draft_run(job_id=job.pk).retry_in == 0.0
    batches.draft_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "malformed twice" in job.error


@override_settings(MODEL_MAX_ATTEMPTS=1)
def test_a_draft_falls_back_to_the_next_provider(personas, provider, model_server):
    from tests.support.fake_llm import FakeLLMServer
    from translations.models import Provider, Route

    model_server.set_default(Step.status(503))
    with FakeLLMServer(model="fallback-model-2") as second:
        backup = Provider.objects.create(name="scripted-b", base_url=second.base_url, model="fallback-model-2")
        Route.objects.create(kind="draft", provider=provider, priority=10)
        Route.objects.create(kind="draft", provider=backup, priority=20)
        job = draft(personas)
        outcome = batches.draft_run(job_id=job.pk)
        assert outcome.queue == "model.scripted-b"
        batches.draft_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.reported_model == "fallback-model-2"


def test_a_draft_survives_one_http_500_then_one_malformed_reply(personas, provider, model_server):
    # Transport attempts and malformed replies are counted apart: a 500 is not
    # the first of "malformed twice".
    model_server.script(Step.status(500), Step.malformed("Here is your leaflet!"), task="draft")
    job = draft(personas)

    after_500 = batches.draft_run(job_id=job.pk)
    after_malformed = batches.draft_run(job_id=job.pk)
    batches.draft_run(job_id=job.pk)

    job.refresh_from_db()
    assert after_500.retry_in is not None and after_malformed.retry_in == 0.0
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.result_revision.drafted_by_model == "scripted-model-1"
    batch = JobBatch.objects.get(job=job)
    assert (batch.attempts, batch.malformed_replies) == (3, 1)
    assert [r.task for r in model_server.requests] == ["draft"] * 3


@override_settings(MODEL_MAX_ATTEMPTS=2)
def test_a_malformed_draft_reply_does_not_use_up_the_transport_attempts(personas, provider, model_server):
    model_server.script(Step.malformed(), Step.status(503), Step.status(503), task="draft")
    job = draft(personas)

    outcomes = [batches.draft_run(job_id=job.pk) for _ in range(3)]

    job.refresh_from_db()
    assert [o.retry_in is not None for o in outcomes] == [True, True, False]
    assert job.state == Job.State.FAILED and "HTTP 503" in job.error and "2 attempts" in job.error


def test_a_draft_cut_off_by_the_token_limit_fails_with_the_reason_and_counts_its_tokens(
    personas, provider, model_server
):
    model_server.script(Step.truncated(), task="draft")
    job = draft(personas)

    assert batches.draft_run(job_id=job.pk).retry_in is None

    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "raise max_tokens" in job.error
    assert job.tokens_in > 0 and job.tokens_out > 0


def test_a_draft_job_queues_its_call_on_the_providers_queue_by_reference(
    personas, provider, model_server, django_capture_on_commit_callbacks
):
    from unittest import mock

    from translations import tasks

    with mock.patch.object(tasks.run_batch, "apply_async") as sent:
        with django_capture_on_commit_callbacks(execute=True):
            job = draft(personas)

    batch = JobBatch.objects.get(job=job)
    sent.assert_called_once_with(args=[batch.pk], queue="model.scripted")
