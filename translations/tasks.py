"""Celery tasks: take ids, call translations.batches, declare retries.

acks_late + reject_on_worker_lost mean a task killed with its worker is
delivered again; the services' conditional claims make that harmless.
Retries are explicit (self.retry with a computed countdown) because the delay
must honour the endpoint's Retry-After, which autoretry cannot. A database
error (the database restarted) is retried with backoff on a new connection
(workbench.celery.retry_on_database_errors).

A message that never arrives (a worker killed with SIGKILL keeps its messages
until Redis's visibility timeout; Redis restarted without persistence) is
sent again by the recovery sweep, `recover`, run every RECOVERY_INTERVAL_S
(translations/recovery.py; the schedule is in workbench/celery.py).

translations.jobs queues these by reference (`run_batch.apply_async_on_commit`),
never by name; batches never sends a message itself but returns the messages
to send in its outcome, so jobs -> tasks -> batches has no circle. The
recovery sweep, below this module, sends them by name: the names are its
constants, and equal the names Celery would give these functions, so
messages queued before the names were written down still find their task.
`run_draft_job` and `finish_without_model` are no longer queued by the
application; the sweep sends `run_draft_job` for a draft job queued by an
earlier version, and both stay for messages already in a queue.
"""

from __future__ import annotations

import logging
from datetime import datetime

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import InterfaceError, OperationalError

from translations import batches, evaluation, recovery
from workbench.celery import RECOVER_TASK, replace_connections, retry_on_database_errors

log = logging.getLogger(__name__)


def _send(outcome: batches.BatchOutcome) -> None:
    for batch_id, queue in outcome.send:
        run_batch.apply_async(args=[batch_id], queue=queue)


def _again(self, task, object_id: int, outcome: batches.BatchOutcome) -> None:
    """Run the work again as the outcome asks: on a fallback provider's queue, or as a retry here."""
    if outcome.retry_in is None:
        return
    if outcome.queue:
        # Moved to a fallback provider: its own queue, its own attempts.
        task.apply_async(args=[object_id], countdown=outcome.retry_in, queue=outcome.queue)
        return
    # The row counts attempts and fails the job at the limit; the Celery limit
    # on the task is only a backstop against a runaway loop.
    raise self.retry(countdown=outcome.retry_in)


@shared_task(
    name=recovery.RUN_BATCH_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=settings.MODEL_MAX_ATTEMPTS + 2,
)
@retry_on_database_errors
def run_batch(self, batch_id: int, reclaim: str | None = None) -> None:
    batches.claim_forget()  # a pool thread runs many tasks: only this one's claim counts
    try:
        outcome = batches.batch_run(batch_id=batch_id, reclaim=datetime.fromisoformat(reclaim) if reclaim else None)
        _send(outcome)
        _again(self, run_batch, batch_id, outcome)
        if outcome.follow_up is not None:
            # The back-translation of what just arrived: start it here rather than
            # wait for its message to come round the queue.
            follow = batches.batch_run(batch_id=outcome.follow_up)
            _send(follow)
            if follow.retry_in is not None:
                run_batch.apply_async(
                    args=[outcome.follow_up], countdown=follow.retry_in, queue=follow.queue or outcome.queue
                )
    except (OperationalError, InterfaceError) as exc:
        held = batches.claim_held()
        if held is not None:
            # The batch claimed last (this one, or the back-translation started inline) is retried
            # holding its claim, so the retry runs it now instead of after the lease.
            setattr(exc, "retry_with", ([held[0]], {"reclaim": held[1].isoformat()}))  # noqa: B010
        raise


@shared_task(name=recovery.FINISH_JOB_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
@retry_on_database_errors
def finish_job(self, job_id: int) -> None:
    batches.job_finish_if_done(job_id=job_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
@retry_on_database_errors
def finish_without_model(self, job_id: int, remaining: int | None = None) -> None:
    batches.job_finish_if_done(job_id=job_id)


@shared_task(
    name=recovery.RUN_DRAFT_JOB_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=settings.MODEL_MAX_ATTEMPTS + 2,
)
@retry_on_database_errors
def run_draft_job(self, job_id: int) -> None:
    _again(self, run_draft_job, job_id, batches.draft_run(job_id=job_id))


# Acknowledged on receipt, and never retried: a sweep lost with its worker, or stopped by a database
# error, is simply the next one, RECOVERY_INTERVAL_S later.
@shared_task(name=RECOVER_TASK, acks_late=False, ignore_result=True)
def recover() -> None:
    """The recovery sweep (translations/recovery.py), offered every RECOVERY_INTERVAL_S by workbench/celery.py."""
    try:
        recovery.recovery_sweep()
    except (OperationalError, InterfaceError) as exc:
        replace_connections()
        log.warning("recovery sweep stopped by a database error (%s); the next one follows", exc)


@worker_ready.connect
def _check_lease(**_):
    """A worker refuses to start with a batch lease a provider's calls could outlast (MODEL_BATCH_LEASE_S).

    SystemExit, not an exception: Celery logs and ignores exceptions raised by
    signal handlers, and a worker that runs anyway would run live batches twice
    and count them as lost until their jobs failed.
    """
    try:
        recovery.lease_check()
    except ImproperlyConfigured as exc:
        log.critical("%s The worker stops.", exc)
        raise SystemExit(78) from exc  # EX_CONFIG


@worker_ready.connect
def _warm_up(**_):
    # Load langdetect's profiles, the QA tables and the HTTP client stack once
    # at start, instead of inside the first job a person is waiting for.
    from translations.qa import check_segment

    check_segment(source="Drink water.", target="Minum air.", source_lang="en", target_lang="ms")
    import openai  # noqa: F401
    import sacrebleu  # noqa: F401


@shared_task(name=evaluation.RUN_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=0)
@retry_on_database_errors
def run_evaluation(self, run_id: int) -> None:
    """A queued provider evaluation (the dashboard's button, a revalidation), run here from start to end.

    The run's conditional claim makes a second delivery do nothing; whatever
    goes wrong ends the run "failed" with the reason (evaluation_run_queued).
    """
    evaluation.evaluation_run_queued(run_id=run_id)
