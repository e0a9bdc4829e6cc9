"""The recovery sweep as a service: each kind of stuck work found in the database and sent again, or ended.

No worker and no broker here: the sweep's messages are caught (`sent`), and
"later" is the sweep's `now`. tests/faults/test_worker_killed.py runs the same
sweep in real workers, one of them killed.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from review.invariants import invariant_violations
from review.models import AuditEvent, WebhookDelivery, WebhookEndpoint
from review.services import leaflet_publish
from review.webhooks import DELIVER_TASK, webhook_endpoint_save
from tests.conftest import make_leaflet
from tests.jobs.helpers import run_job_inline
from tests.support.fake_llm import Step
from translations import batches, evaluation, jobs, recovery
from translations.models import EvaluationRun, Job, JobBatch

pytestmark = pytest.mark.faults

SECOND = timedelta(seconds=1)


@pytest.fixture
def sent(monkeypatch):
    """The messages the sweep sends, as (task name, row id, queue), instead of a broker."""
    messages: list[tuple[str, int, str | None]] = []
    monkeypatch.setattr(recovery, "_publish", lambda m: messages.append((m.task, m.object_id, m.queue)))
    return messages


def lease() -> timedelta:
    return batches.lease()


def grace(settings) -> timedelta:
    return timedelta(seconds=settings.RECOVERY_GRACE_S)


def planned(personas, language: str = "ms") -> tuple[Job, JobBatch]:
    """A translation job whose one batch is queued; its message went nowhere (no broker in these tests)."""
    leaflet = make_leaflet(personas.author, languages=("en", language))
    job = jobs.job_queue_translation(leaflet=leaflet, user=personas.author)[0]
    return job, JobBatch.objects.get(job=job)


def claimed(batch: JobBatch) -> JobBatch:
    """What a worker's claim writes (translations.batches._claim): the worker is then lost."""
    JobBatch.objects.filter(pk=batch.pk).update(state=JobBatch.State.RUNNING, claimed_at=timezone.now(), attempts=1)
    batch.refresh_from_db()
    return batch


def recovered_events() -> list[dict]:
    return [event.data for event in AuditEvent.objects.filter(verb="work.recovered").order_by("seq")]


# --- Batches -------------------------------------------------------------------------------------
def test_a_queued_batch_nobody_claimed_is_sent_again_to_its_providers_queue(personas, provider, sent, settings):
    job, batch = planned(personas)

    early = recovery.recovery_sweep(now=batch.due_at + grace(settings) - SECOND)
    assert not early.recovered and sent == []

    later = batch.due_at + grace(settings) + SECOND
    report = recovery.recovery_sweep(now=later)

    assert report.resent == [batch.pk] and report.sent == 1
    assert sent == [(recovery.RUN_BATCH_TASK, batch.pk, "model.scripted")]
    batch.refresh_from_db()
    assert (batch.state, batch.due_at, batch.recoveries) == ("queued", later, 0)
    assert recovered_events() == [
        {"resent": [batch.pk], "lease_s": settings.MODEL_BATCH_LEASE_S, "grace_s": settings.RECOVERY_GRACE_S}
    ]
    # Sent once per grace, not at every sweep while the message makes its way.
    assert not recovery.recovery_sweep(now=later).recovered and len(sent) == 1


def test_a_batch_retried_with_a_countdown_is_not_sent_again_before_it_is_due(
    personas, provider, model_server, sent, settings
):
    model_server.script(Step.status(503, retry_after=50), task="translate")
    job, batch = planned(personas)
    started = timezone.now()

    outcome = batches.batch_run(batch_id=batch.pk)

    batch.refresh_from_db()
    assert outcome.retry_in >= 50 and batch.state == "queued"
    assert batch.due_at >= started + timedelta(seconds=50)
    assert not recovery.recovery_sweep(now=started + grace(settings) + 10 * SECOND).recovered
    assert recovery.recovery_sweep(now=batch.due_at + grace(settings) + SECOND).resent == [batch.pk]
    assert sent == [(recovery.RUN_BATCH_TASK, batch.pk, "model.scripted")]


def test_a_batch_whose_worker_was_lost_is_queued_again_counted_and_then_runs(
    personas, provider, model_server, sent, settings
):
    job, batch = planned(personas)
    batch = claimed(batch)
    assert not recovery.recovery_sweep(now=batch.claimed_at + lease() - SECOND).recovered  # a live worker's claim

    later = batch.claimed_at + lease() + SECOND
    report = recovery.recovery_sweep(now=later)

    batch.refresh_from_db()
    assert (batch.state, batch.recoveries, batch.due_at) == ("queued", 1, later)
    assert report.requeued == [{"batch": batch.pk, "job": job.pk, "phase": "translate", "index": 0, "times": 1}]
    assert sent == [(recovery.RUN_BATCH_TASK, batch.pk, "model.scripted")]
    assert recovered_events()[0]["requeued"] == report.requeued
    # The message sent again runs the batch from the start, as any delivery would.
    assert run_job_inline(job).state == Job.State.SUCCEEDED


def test_a_live_call_to_a_provider_with_a_long_timeout_is_not_taken_for_lost(personas, provider, sent):
    provider.timeout_s = 600  # raised after the workers started: a call may now hold its batch 2 x (30 + 600) s
    provider.save()
    batch = claimed(planned(personas)[1])

    assert settings.MODEL_SLOT_WAIT_S == 30
    assert not recovery.recovery_sweep(now=batch.claimed_at + lease() + SECOND).recovered
    assert not recovery.recovery_sweep(now=batch.claimed_at + timedelta(seconds=1259)).recovered
    assert recovery.recovery_sweep(now=batch.claimed_at + timedelta(seconds=1261)).requeued[0]["batch"] == batch.pk


def test_a_batch_that_keeps_killing_its_workers_fails_its_job_with_the_reason(personas, provider, sent, settings):
    settings.RECOVERY_MAX_PER_BATCH = 2
    job, batch = planned(personas)
    for lost in (1, 2):
        batch = claimed(batch)
        assert recovery.recovery_sweep(now=batch.claimed_at + lease() + SECOND).requeued[0]["times"] == lost

    batch = claimed(batch)
    report = recovery.recovery_sweep(now=batch.claimed_at + lease() + SECOND)

    job.refresh_from_db()
    batch.refresh_from_db()
    assert job.state == Job.State.FAILED and job.error.startswith("A worker was lost 3 times while running part")
    assert (batch.state, batch.error) == ("failed", job.error)
    assert report.requeued == [] and report.failed_jobs == [{"job": job.pk, "reason": job.error}]
    assert len(sent) == 2  # the two recoveries; nothing for the third loss
    failed = AuditEvent.objects.get(verb="job.failed", object_id=str(job.pk))
    assert failed.data["recovery"] == {"batch": batch.pk, "phase": "translate", "index": 0, "lost": 3}
    assert invariant_violations() == []


def test_batches_left_active_by_a_job_that_ended_are_cancelled(personas, provider, sent):
    job, batch = planned(personas)
    batch = claimed(batch)
    batches.job_fail(job_id=job.pk, reason="Cancelled by the test")  # leaves a running batch running

    report = recovery.recovery_sweep(now=batch.claimed_at + lease() + SECOND)

    batch.refresh_from_db()
    assert report.cancelled == [batch.pk] and batch.state == "cancelled" and sent == []


# --- Jobs ----------------------------------------------------------------------------------------
def test_a_job_whose_batches_are_all_done_gets_its_finishing_step_sent_again(personas, provider, sent, settings):
    job, batch = planned(personas)
    # A worker stored the batch and was lost before it finished the job.
    JobBatch.objects.filter(pk=batch.pk).update(state=JobBatch.State.SUCCEEDED, claimed_at=timezone.now())
    batch.refresh_from_db()
    assert not recovery.recovery_sweep(now=batch.claimed_at + grace(settings) - SECOND).recovered

    report = recovery.recovery_sweep(now=batch.claimed_at + grace(settings) + SECOND)

    assert report.finished_jobs == [job.pk]
    assert sent == [(recovery.FINISH_JOB_TASK, job.pk, None)]
    batches.job_finish_if_done(job_id=job.pk)  # what the message does
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED


def test_a_batch_that_failed_without_failing_its_job_fails_the_job_with_the_batchs_reason(
    personas, provider, sent, settings
):
    job, batch = planned(personas)
    JobBatch.objects.filter(pk=batch.pk).update(
        state=JobBatch.State.FAILED, claimed_at=timezone.now(), error="The model endpoint answered with HTTP 401"
    )

    recovery.recovery_sweep(now=timezone.now() + grace(settings) + SECOND)

    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", "The model endpoint answered with HTTP 401")
    assert sent == []


def test_a_translation_job_whose_start_was_lost_fails_so_it_can_be_queued_again(
    personas, provider, sent, settings, monkeypatch
):
    leaflet = make_leaflet(personas.author, languages=("en", "ta"))
    with monkeypatch.context() as lost:
        # The request that queued the job died before it planned the batches.
        lost.setattr(jobs, "translation_job_start", lambda **_: None)
        job = jobs.job_queue_translation(leaflet=leaflet, user=personas.author)[0]
    assert job.state == Job.State.QUEUED

    report = recovery.recovery_sweep(now=job.created_at + grace(settings) + SECOND)

    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "interrupted before its work was sent" in job.error
    assert report.failed_jobs == [{"job": job.pk, "reason": job.error}]
    assert jobs.job_retry(job=job, user=personas.author).batches.count() == 1


# --- Webhook deliveries and evaluations -----------------------------------------------------------
def test_an_overdue_webhook_delivery_is_sent_again_once_per_grace(approved_leaflet, personas, sent, settings):
    staff = get_user_model().objects.create_user("it_staff", password=None, is_staff=True)
    webhook_endpoint_save(
        endpoint=WebhookEndpoint(url="https://receiver.example/hooks", events=["leaflet.published"]), user=staff
    )
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)  # its message went nowhere
    delivery = WebhookDelivery.objects.get()
    later = delivery.next_attempt_at + grace(settings) + SECOND

    report = recovery.recovery_sweep(now=later)

    delivery.refresh_from_db()
    assert report.deliveries == [delivery.pk] and sent == [(DELIVER_TASK, delivery.pk, None)]
    assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == ("pending", 0, later)
    assert not recovery.recovery_sweep(now=later + SECOND).recovered


def test_an_evaluation_left_queued_or_running_too_long_is_sent_again(personas, provider, sent, settings):
    now = timezone.now()
    queued = EvaluationRun.objects.create(language="ms", reference="memory")
    running = EvaluationRun.objects.create(
        language="ta", reference="memory", state="running", started_at=now - evaluation.LEASE - SECOND
    )
    fresh = EvaluationRun.objects.create(language="zh", reference="memory", state="running", started_at=now)

    report = recovery.recovery_sweep(now=now + grace(settings) + SECOND)

    assert report.evaluations == [queued.pk, running.pk] and fresh.pk not in report.evaluations
    assert sent == [(evaluation.RUN_TASK, queued.pk, None), (evaluation.RUN_TASK, running.pk, None)]


# --- What a sweep costs and records ----------------------------------------------------------------
def test_a_sweep_that_finds_nothing_records_nothing(personas, provider, sent):
    planned(personas)

    report = recovery.recovery_sweep()

    assert not report.recovered and sent == []
    assert not AuditEvent.objects.filter(verb="work.recovered").exists()


def test_a_message_the_broker_does_not_take_is_found_again_after_the_grace(personas, provider, monkeypatch, settings):
    from kombu.exceptions import OperationalError

    def broker_down(message):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(recovery, "_publish", broker_down)
    _job, batch = planned(personas)
    later = batch.due_at + grace(settings) + SECOND

    report = recovery.recovery_sweep(now=later)

    assert (report.resent, report.sent, report.unsent) == ([batch.pk], 0, 1)
    assert recovery.recovery_sweep(now=later + grace(settings) + SECOND).resent == [batch.pk]


def stuck_rows(personas, publication, n: int) -> None:
    """n of each: a batch whose worker was lost, a batch whose message was lost, a job whose finishing was lost,
    an overdue webhook delivery, a forgotten evaluation (rows as those failures leave them)."""
    staff = get_user_model().objects.get_or_create(username="it_staff", defaults={"is_staff": True})[0]
    long_ago = timezone.now() - timedelta(days=1)
    for _ in range(n):
        lost_worker = planned(personas)[1]
        JobBatch.objects.filter(pk=lost_worker.pk).update(state="running", claimed_at=long_ago)
        lost_message = planned(personas)[1]
        JobBatch.objects.filter(pk=lost_message.pk).update(due_at=long_ago)
        lost_finish = planned(personas)[1]
        JobBatch.objects.filter(pk=lost_finish.pk).update(state="succeeded", claimed_at=long_ago)
        endpoint = webhook_endpoint_save(
            endpoint=WebhookEndpoint(url="https://receiver.example/hooks", events=["leaflet.published"]), user=staff
        )
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event="leaflet.published",
            delivery_id=uuid.uuid4(),
            publication=publication,
            payload="{}",
            next_attempt_at=long_ago,
        )
        EvaluationRun.objects.create(language="ms", reference="memory")
    EvaluationRun.objects.update(created_at=long_ago)


def sweep_queries(sent) -> tuple[int, recovery.RecoveryReport]:
    """The queries of one sweep, its changes rolled back afterwards (the stuck rows stay stuck)."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            report = recovery.recovery_sweep()
        transaction.set_rollback(True)
    sent.clear()
    return len(queries), report


def test_the_sweep_asks_as_many_queries_for_three_stuck_rows_of_each_kind_as_for_one(
    approved_leaflet, personas, provider, sent
):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    stuck_rows(personas, publication, 1)
    one, report_one = sweep_queries(sent)

    stuck_rows(personas, publication, 2)
    three, report_three = sweep_queries(sent)

    counts = [
        (len(r.requeued), len(r.resent), len(r.finished_jobs), len(r.deliveries), len(r.evaluations))
        for r in (report_one, report_three)
    ]
    assert counts == [(1, 1, 1, 1, 1), (3, 3, 3, 3, 3)]
    assert one == three, f"{one} queries for one stuck row of each kind, {three} for three"


# --- The lease ------------------------------------------------------------------------------------
def test_a_lease_a_providers_calls_could_outlast_is_refused_naming_the_provider(provider, settings):
    settings.MODEL_SLOT_WAIT_S = 0
    settings.MODEL_BATCH_LEASE_S = 9  # the fixture's timeout_s is 5: a call and its healed re-call, 10 s

    with pytest.raises(ImproperlyConfigured, match=r"provider 'scripted': timeout_s=5 .* up to 10 s"):
        recovery.lease_check()

    settings.MODEL_BATCH_LEASE_S = 11
    recovery.lease_check()


def test_a_lease_the_wait_for_a_concurrency_slot_could_outlast_is_refused(provider, settings):
    # A batch is claimed before its call waits for a slot: a live worker waiting its turn holds the claim
    # (CI once saw the sweep hand such a batch to a second worker, and the model called twice for it).
    settings.MODEL_SLOT_WAIT_S = 3
    settings.MODEL_BATCH_LEASE_S = 15  # two calls of (3 s waiting + 5 s timeout): 16 s

    with pytest.raises(ImproperlyConfigured, match=r"timeout_s=5 with MODEL_SLOT_WAIT_S=3 .* up to 16 s"):
        recovery.lease_check()

    settings.MODEL_BATCH_LEASE_S = 17
    recovery.lease_check()


def test_a_worker_stops_as_it_starts_when_a_providers_calls_could_outlast_the_lease(provider, settings, caplog):
    from translations.tasks import _check_lease

    settings.MODEL_BATCH_LEASE_S = 4  # the fixture's timeout_s is 5

    # SystemExit, which Celery does not swallow in a signal handler as it does exceptions: the worker exits 78.
    with pytest.raises(SystemExit) as stopped:
        _check_lease(sender=None)

    assert stopped.value.code == 78
    assert "MODEL_BATCH_LEASE_S is too short for provider 'scripted': timeout_s=5" in caplog.text


# --- Database errors ------------------------------------------------------------------------------
@pytest.mark.parametrize("error", ["OperationalError", "InterfaceError"])
def test_a_task_that_hits_a_database_error_is_retried_later_on_a_new_connection(monkeypatch, error):
    import django.db
    from celery.exceptions import Retry

    from translations import tasks

    def database_gone(**_):
        raise getattr(django.db, error)("server closed the connection unexpectedly")

    replaced, retried = [], {}

    def retry(**options):
        retried.update(options)
        return Retry()

    monkeypatch.setattr(batches, "job_finish_if_done", database_gone)
    monkeypatch.setattr("workbench.celery.replace_connections", lambda: replaced.append(True))
    monkeypatch.setattr(tasks.finish_job, "retry", retry)

    with pytest.raises(Retry):
        tasks.finish_job(7)

    assert replaced == [True]
    assert 0.25 <= retried["countdown"] <= 0.5 and retried["max_retries"] == 3 + 10
    assert isinstance(retried["exc"], getattr(django.db, error))


# --- The schedule ---------------------------------------------------------------------------------
def test_of_several_workers_offering_sweeps_one_offer_per_interval_gets_through(needs_redis, monkeypatch, settings):
    import time

    import redis

    from workbench import celery as workbench_celery

    interval = 0.2
    redis.Redis.from_url(settings.REDIS_URL).delete(workbench_celery.TICK_KEY.format(interval=interval))
    offers: list[str] = []
    monkeypatch.setattr(workbench_celery.app, "send_task", lambda name, **options: offers.append(name))
    timers = [workbench_celery._SweepTimer(interval, settings.REDIS_URL) for _worker in range(3)]

    started = time.monotonic()
    while time.monotonic() - started < 0.7:
        for timer in timers:  # three workers ticking far more often than their timers would
            timer.offer()
        time.sleep(0.01)
    elapsed = time.monotonic() - started

    assert set(offers) == {"translations.tasks.recover"}
    assert 2 <= len(offers) <= elapsed / interval + 1, f"{len(offers)} offers in {elapsed:.2f} s"
