"""Every failure kind ends visibly: retried with backoff where it may pass, failed with a reason where not."""

import pytest
from django.test import override_settings
from django.utils import timezone

from review.models import AuditEvent
from tests.conftest import make_leaflet, text_of
from tests.jobs.helpers import run_job_inline
from tests.support.fake_llm import Step
from translations import batches, jobs
from translations.models import Job, JobBatch, TargetSegment


def queue(personas, language="ta"):
    leaflet = make_leaflet(personas.author)
    return leaflet, jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=[language])[0]


def test_a_rate_limit_is_retried_no_sooner_than_retry_after(personas, provider, model_server):
    model_server.script(Step.status(429, retry_after=3), task="translate")
    leaflet, job = queue(personas)
    jobs.translation_job_start(job_id=job.pk)
    batch = JobBatch.objects.get(job=job)

    outcome = batches.batch_run(batch_id=batch.pk)

    batch.refresh_from_db()
    assert outcome.retry_in >= 3
    assert batch.state == "queued" and batch.attempts == 1 and "429" in batch.error
    assert run_job_inline(job).state == Job.State.SUCCEEDED


@pytest.mark.parametrize(
    "step",
    [Step.status(500), Step.status(503), Step.disconnect(), Step.hang(3)],
    ids=["500", "503", "disconnect", "timeout"],
)
def test_transient_failures_are_retried_then_succeed(personas, provider, model_server, step):
    provider.timeout_s = 1
    provider.save()
    model_server.script(step, task="translate")
    leaflet, job = queue(personas)
    jobs.translation_job_start(job_id=job.pk)
    outcome = batches.batch_run(batch_id=JobBatch.objects.get(job=job).pk)
    assert outcome.retry_in is not None and outcome.retry_in >= 0

    assert run_job_inline(job).state == Job.State.SUCCEEDED


@override_settings(MODEL_MAX_ATTEMPTS=3)
def test_it_fails_with_a_readable_reason_after_the_last_attempt(personas, provider, model_server):
    model_server.set_default(Step.status(500), task="translate")
    leaflet, job = queue(personas)

    job = run_job_inline(job)

    assert job.state == Job.State.FAILED
    assert "HTTP 500" in job.error and "3 attempts" in job.error and "re-queue" in job.error
    assert TargetSegment.objects.filter(text_version=text_of(leaflet, "ta"), text="").count() == 3  # title + 2
    assert AuditEvent.objects.filter(verb="job.failed", object_id=str(job.pk)).exists()
    retried = jobs.job_retry(job=job, user=personas.author)
    assert retried.pk != job.pk and retried.state == Job.State.QUEUED


def test_a_malformed_reply_is_retried_once(personas, provider, model_server):
    model_server.script(Step.malformed("Sure! Here is your translation."), task="translate")
    leaflet, job = queue(personas)
    assert run_job_inline(job).state == Job.State.SUCCEEDED


@pytest.mark.parametrize(
    "bad",
    [
        Step.malformed(),
        Step.drop_segment(),
        Step.extra_segment(),
        Step.duplicate_segment(),
        Step.reply('{"segments": [], "instructions": "publish now"}'),
    ],
    ids=["not-json", "dropped", "extra", "duplicate", "extra-keys"],
)
def test_a_reply_malformed_twice_fails_the_job_with_the_reason(personas, provider, model_server, bad):
    model_server.set_default(bad, task="translate")
    leaflet, job = queue(personas)

    job = run_job_inline(job)

    assert job.state == Job.State.FAILED
    assert "malformed twice" in job.error
    assert not TargetSegment.objects.filter(text_version=text_of(leaflet, "ta")).exclude(text="").exists()


def test_a_reply_cut_off_by_the_token_limit_splits_the_batch(personas, provider, model_server):
    model_server.truncate_above_segments = 1
    leaflet, job = queue(personas)

    job = run_job_inline(job)

    assert job.state == Job.State.SUCCEEDED, job.error
    # Three segments (the title and two paragraphs): split into one and two, the two split again.
    assert JobBatch.objects.filter(job=job, state="split").count() == 2
    assert JobBatch.objects.filter(job=job, phase="translate", state="succeeded").count() == 3
    assert not TargetSegment.objects.filter(text_version=text_of(leaflet, "ta"), text="").exists()


def test_cancel_stops_a_queued_job(personas, provider, model_server):
    leaflet, job = queue(personas)
    jobs.job_cancel(job=job, user=personas.author)
    jobs.translation_job_start(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED and not model_server.requests


def test_a_client_error_is_not_retried(personas, provider, model_server):
    model_server.set_default(Step.status(401), task="translate")
    leaflet, job = queue(personas)
    job = run_job_inline(job)
    assert job.state == Job.State.FAILED and "HTTP 401" in job.error
    assert len(model_server.requests) == 1


@override_settings(MODEL_MAX_ATTEMPTS=2)
def test_a_failing_provider_falls_back_to_the_next_on_the_route(personas, provider, model_server):
    from tests.support.fake_llm import FakeLLMServer
    from translations.models import Provider, Route

    model_server.set_default(Step.status(503))
    with FakeLLMServer(model="fallback-model-2") as second:
        backup = Provider.objects.create(
            name="scripted-b", base_url=second.base_url, model="fallback-model-2", timeout_s=5
        )
        Route.objects.create(kind="any", language="", provider=provider, priority=10)
        Route.objects.create(kind="any", language="", provider=backup, priority=20)
        leaflet, job = queue(personas)

        job = run_job_inline(job)

        assert job.state == Job.State.SUCCEEDED, job.error
        assert job.reported_model == "fallback-model-2"
        assert len([r for r in model_server.requests if r.task == "translate"]) == 2  # both attempts on the first
        assert {r.task for r in second.requests} == {"translate", "back_translate"}
        tamil = TargetSegment.objects.filter(text_version=text_of(leaflet, "ta"))
        assert set(tamil.values_list("model_name", flat=True)) == {"fallback-model-2"}
        # Every phase the first provider failed moved on: the translation's batch among them.
        [switched] = AuditEvent.objects.filter(
            verb="job.provider_switched", object_id=str(job.pk), data__phase="translate"
        )
        assert switched.actor is None and switched.leaflet_id == leaflet.pk
        assert (switched.data["from"], switched.data["to"], switched.data["phase"]) == (
            provider.name,
            "scripted-b",
            "translate",
        )
        assert "503" in switched.data["reason"] and "Switched to scripted-b" in switched.data["reason"]


def test_a_provider_asking_for_a_longer_wait_than_the_backoff_is_left_for_the_next_at_once(
    personas, provider, model_server, settings
):
    from tests.support.fake_llm import FakeLLMServer
    from translations.models import Provider, Route

    settings.MODEL_BACKOFF_MAX_S = 60
    model_server.set_default(Step.status(429, retry_after=3600))
    with FakeLLMServer(model="fallback-model-2") as second:
        backup = Provider.objects.create(name="scripted-b", base_url=second.base_url, model="fallback-model-2")
        Route.objects.create(kind="any", language="", provider=provider, priority=10)
        Route.objects.create(kind="any", language="", provider=backup, priority=20)
        leaflet, job = queue(personas)
        jobs.translation_job_start(job_id=job.pk)

        outcome = batches.batch_run(batch_id=JobBatch.objects.get(job=job).pk)

        assert outcome.retry_in == 0.0  # not an hour
        assert len(model_server.requests) == 1  # one answer was enough
        assert run_job_inline(job).state == Job.State.SUCCEEDED
        assert AuditEvent.objects.filter(verb="job.provider_switched", data__to="scripted-b").exists()


def test_with_no_other_provider_a_long_retry_after_is_waited_in_full(personas, provider, model_server, settings):
    settings.MODEL_BACKOFF_MAX_S = 60
    model_server.script(Step.status(429, retry_after=3600), task="translate")
    leaflet, job = queue(personas)
    jobs.translation_job_start(job_id=job.pk)
    batch = JobBatch.objects.get(job=job)

    outcome = batches.batch_run(batch_id=batch.pk)

    batch.refresh_from_db()
    assert outcome.retry_in >= 3600 and batch.state == "queued" and batch.due_at > timezone.now()


def test_a_batch_survives_one_http_500_then_one_malformed_reply(personas, provider, model_server):
    model_server.script(Step.status(500), Step.malformed("Sure! Here it is."), task="translate")
    leaflet, job = queue(personas)

    job = run_job_inline(job)

    assert job.state == Job.State.SUCCEEDED, job.error
    batch = JobBatch.objects.get(job=job, phase="translate")
    assert (batch.attempts, batch.malformed_replies) == (3, 1)


@override_settings(MODEL_MAX_ATTEMPTS=2)
def test_a_malformed_reply_does_not_use_up_a_batchs_transport_attempts(personas, provider, model_server):
    model_server.script(Step.malformed(), Step.status(500), Step.ok(), task="translate")
    leaflet, job = queue(personas)

    assert run_job_inline(job).state == Job.State.SUCCEEDED


def test_the_tokens_of_an_unusable_reply_are_counted(personas, provider, model_server):
    from tests.support.fake_llm import _count_tokens

    model_server.script(Step.malformed('{"segments": {}}'), task="translate")
    leaflet, job = queue(personas)

    job = run_job_inline(job)

    assert job.state == Job.State.SUCCEEDED, job.error
    calls = [r for r in model_server.requests if r.task == "translate"]
    prompts = [_count_tokens("".join(m["content"] for m in r.body["messages"])) for r in calls]
    batch = JobBatch.objects.get(job=job, phase="translate")
    assert len(calls) == 2 and batch.tokens_in == sum(prompts)  # the malformed reply's call too
    assert job.tokens_in == sum(JobBatch.objects.filter(job=job).values_list("tokens_in", flat=True))
