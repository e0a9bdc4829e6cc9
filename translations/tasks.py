"""Celery tasks: take ids, call translations.jobs, declare retries.

acks_late + reject_on_worker_lost (settings) mean a task killed with its worker
is delivered again; the services' conditional claims make that harmless.
Retries are explicit (self.retry with a computed countdown) because the delay
must honour the endpoint's Retry-After, which autoretry cannot.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from translations import jobs


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run_translation_job(self, job_id: int) -> None:
    jobs.translation_job_start(job_id=job_id)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=settings.MODEL_MAX_ATTEMPTS + 2)
def run_batch(self, batch_id: int) -> None:
    outcome = jobs.batch_run(batch_id=batch_id)
    if outcome.retry_in is not None:
        # The batch row counts attempts and fails the job at the limit; the
        # Celery limit above is only a backstop against a runaway loop.
        raise self.retry(countdown=outcome.retry_in)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=settings.MODEL_MAX_ATTEMPTS + 2)
def run_draft_job(self, job_id: int) -> None:
    outcome = jobs.draft_run(job_id=job_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
