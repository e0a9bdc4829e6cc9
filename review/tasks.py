"""Celery tasks of the review app: take ids, call review.webhooks, schedule the retries.

acks_late + reject_on_worker_lost: a task killed with its worker is delivered
again, and the delivery's conditional claim (review.webhooks.webhook_attempt)
makes a second message harmless. The delivery row counts the attempts and
decides the backoff; the next attempt is a new message with a countdown
rather than self.retry, so the count lives in one place (the row) and a
re-send made by staff starts a fresh series under the same rules.

A database error (the database restarted) is retried with backoff on a new
connection (workbench.celery.retry_on_database_errors); a message that never
arrives is sent again by the recovery sweep (translations/recovery.py) once
the delivery is overdue.
"""

from __future__ import annotations

from celery import shared_task

from review import webhooks
from workbench.celery import retry_on_database_errors


@shared_task(name=webhooks.DELIVER_TASK, bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
@retry_on_database_errors
def webhook_deliver(self, delivery_id: int) -> None:
    outcome = webhooks.webhook_attempt(delivery_id=delivery_id)
    if outcome.retry_in is not None:
        webhook_deliver.apply_async(args=[delivery_id], countdown=outcome.retry_in)
