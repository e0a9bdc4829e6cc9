"""Celery tasks: take ids, call translations.batches, declare retries.

acks_late + reject_on_worker_lost mean a task killed with its worker is
delivered again; the services' conditional claims make that harmless.
Retries are explicit (self.retry with a computed countdown) because the delay
must honour the endpoint's Retry-After, which autoretry cannot.

translations.jobs queues these by reference (`run_batch.apply_async_on_commit`),
never by name; batches never sends a message itself but returns the messages
to send in its outcome, so jobs -> tasks -> batches has no circle.
`run_draft_job` and `finish_without_model` are no longer queued;
they stay for messages already in a queue when this version is deployed.
"""

from __future__ import annotations

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from translations import batches, evaluation


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


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=settings.MODEL_MAX_ATTEMPTS + 2)
def run_batch(self, batch_id: int) -> None:
    outcome = batches.batch_run(batch_id=batch_id)
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


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def finish_job(self, job_id: int) -> None:
    batches.job_finish_if_done(job_id=job_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def finish_without_model(self, job_id: int, remaining: int | None = None) -> None:
    batches.job_finish_if_done(job_id=job_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=settings.MODEL_MAX_ATTEMPTS + 2)
def run_draft_job(self, job_id: int) -> None:
    _again(self, run_draft_job, job_id, batches.draft_run(job_id=job_id))


@worker_ready.connect
def _warm_up(**_):
    # Load langdetect's profiles, the QA tables and the HTTP client stack once
    # at start, instead of inside the first job a person is waiting for.
    from translations.qa import check_segment

    check_segment(source="Drink water.", target="Minum air.", source_lang="en", target_lang="ms")
    import openai  # noqa: F401
    import sacrebleu  # noqa: F401


@shared_task(name=evaluation.RUN_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=0)
def run_evaluation(self, run_id: int) -> None:
    """A queued provider evaluation (the dashboard's button, a revalidation), run here from start to end.

    The run's conditional claim makes a second delivery do nothing; whatever
    goes wrong ends the run "failed" with the reason (evaluation_run_queued).
    """
    evaluation.evaluation_run_queued(run_id=run_id)
