"""A failed attempt is retried with backoff, under the same delivery id and body, until it succeeds or gives up."""

import pytest
from django.test import override_settings

from review.models import AuditEvent, WebhookDelivery
from review.services import leaflet_publish
from review.webhooks import backoff_after
from tests.webhooks.conftest import free_port, make_due, run_messages


@pytest.fixture
def published(approved_leaflet, personas, endpoint, messages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    return WebhookDelivery.objects.get()


def test_a_500_is_retried_with_the_same_delivery_id_and_body_and_then_succeeds(published, receiver, messages):
    receiver.answer((500, "database is down"))

    run_messages(messages)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.last_response == "database is down" and "500" in delivery.last_error
    assert messages == [(delivery.pk, 30)]  # the retry, with the first backoff step

    run_messages(messages)  # a message arriving before its time (the backoff has not passed) does nothing
    assert len(receiver.received) == 1 and WebhookDelivery.objects.get().attempts == 1

    messages.append((delivery.pk, 30))
    make_due(delivery)
    run_messages(messages)

    first, second = receiver.received
    assert first.headers["X-Workbench-Delivery"] == second.headers["X-Workbench-Delivery"] == str(delivery.delivery_id)
    assert first.body == second.body
    assert first.problem is None and second.problem is None  # each attempt signed with its own timestamp
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        "succeeded",
        2,
        200,
        "",
    )
    assert messages == []


@override_settings(WEBHOOK_MAX_ATTEMPTS=4, WEBHOOK_BACKOFF_S=[30, 120, 600], WEBHOOK_TIMEOUT_S=2)
def test_a_receiver_that_is_down_gets_backoff_and_then_the_delivery_fails_with_the_reason(
    approved_leaflet, personas, make_endpoint, messages, django_capture_on_commit_callbacks
):
    make_endpoint(f"http://127.0.0.1:{free_port()}/nobody-listens")
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    delivery = WebhookDelivery.objects.get()

    countdowns = []
    for _attempt in range(4):
        make_due(delivery)
        (pk, countdown), *rest = messages
        assert pk == delivery.pk and rest == []
        countdowns.append(countdown)
        run_messages(messages)

    assert countdowns == [None, 30, 120, 600]  # queued on commit, then one retry per failure
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("failed", 4, None)
    assert delivery.last_error.startswith("Gave up after 4 attempts: The request failed:")
    assert "refused" in delivery.last_error.lower()
    assert messages == []  # no retry after the last attempt
    event = AuditEvent.objects.get(verb="webhook.failed")
    assert event.data["attempts"] == 4 and event.data["delivery_id"] == str(delivery.delivery_id)


def test_the_default_backoff_is_30s_2min_10min_1h_6h():
    assert [backoff_after(n) for n in range(1, 7)] == [30, 120, 600, 3600, 21600, 21600]


@override_settings(WEBHOOK_TIMEOUT_S=0.5)
def test_a_receiver_that_does_not_answer_in_time_is_a_failed_attempt(
    approved_leaflet, personas, make_endpoint, messages, django_capture_on_commit_callbacks
):
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    try:
        make_endpoint(f"http://127.0.0.1:{silent.getsockname()[1]}/slow")
        with django_capture_on_commit_callbacks(execute=True):
            leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
        run_messages(messages)
    finally:
        silent.close()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert "timed out" in delivery.last_error
    assert messages == [(delivery.pk, 30)]
