"""A message delivered twice (acks_late, a lost worker, a re-send racing a retry) never sends twice."""

import pytest

from review import webhooks
from review.models import WebhookDelivery
from review.services import leaflet_publish
from review.tasks import webhook_deliver
from review.webhooks import webhook_attempt


@pytest.fixture
def delivery(approved_leaflet, personas, endpoint, messages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    return WebhookDelivery.objects.get()


def test_a_duplicate_message_for_a_delivery_already_sent_sends_nothing(delivery, receiver, messages):
    webhook_deliver(delivery.pk)
    webhook_deliver(delivery.pk)  # the same message again

    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("succeeded", 1)


def test_a_duplicate_message_arriving_while_the_attempt_is_in_flight_sends_nothing(
    delivery, receiver, messages, monkeypatch
):
    post = webhooks._post
    duplicates = []

    def post_while_a_duplicate_arrives(url, body, headers, **kwargs):
        # The first attempt holds the claim; a second message is handled now, mid-request.
        duplicates.append(webhook_attempt(delivery_id=delivery.pk))
        return post(url, body, headers, **kwargs)

    monkeypatch.setattr(webhooks, "_post", post_while_a_duplicate_arrives)
    webhook_deliver(delivery.pk)

    assert duplicates == [webhooks.AttemptOutcome(sent=False)]
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("succeeded", 1)


def test_a_message_for_a_delivery_that_does_not_exist_does_nothing(db, receiver):
    webhook_deliver(987654)
    assert receiver.received == []


def test_the_task_is_registered_under_the_name_the_emitter_queues(delivery):
    from workbench.celery import app

    assert webhook_deliver.name == webhooks.DELIVER_TASK
    assert app.tasks[webhooks.DELIVER_TASK].name == webhooks.DELIVER_TASK
    assert webhook_deliver.acks_late and webhook_deliver.reject_on_worker_lost
