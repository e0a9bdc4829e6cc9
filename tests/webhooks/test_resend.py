"""Staff re-send a delivery: the same delivery id and byte-identical body, attempts counted afresh, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent, WebhookDelivery
from review.services import leaflet_publish
from review.webhooks import webhook_resend
from tests.webhooks.conftest import run_messages


@pytest.fixture
def delivered(approved_leaflet, personas, endpoint, receiver, messages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    run_messages(messages)
    return WebhookDelivery.objects.get(state="succeeded")


def test_a_resend_sends_the_same_delivery_id_and_body(
    delivered, staff, receiver, messages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resent = webhook_resend(delivery=delivered, user=staff)
    assert (resent.state, resent.attempts) == ("pending", 0)
    run_messages(messages)

    first, again = receiver.received
    assert again.headers["X-Workbench-Delivery"] == first.headers["X-Workbench-Delivery"]
    assert again.body == first.body and again.problem is None
    delivered.refresh_from_db()
    assert (delivered.state, delivered.attempts) == ("succeeded", 1)
    event = AuditEvent.objects.get(verb="webhook.resent")
    assert event.actor == staff and event.data["previous"]["state"] == "succeeded"


def test_a_failed_delivery_can_be_resent(delivered, staff, receiver, messages, django_capture_on_commit_callbacks):
    WebhookDelivery.objects.filter(pk=delivered.pk).update(state="failed", attempts=6)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_resend(delivery=delivered, user=staff)
    run_messages(messages)

    assert WebhookDelivery.objects.get().state == "succeeded" and len(receiver.received) == 2


def test_only_staff_resend(delivered, personas, messages):
    for user in (personas.publisher, personas.author):
        with pytest.raises(PermissionDenied):
            webhook_resend(delivery=delivered, user=user)
    assert WebhookDelivery.objects.get().state == "succeeded" and messages == []
    assert not AuditEvent.objects.filter(verb="webhook.resent").exists()


def test_a_delivery_waiting_for_its_next_attempt_is_not_resent(
    approved_leaflet, personas, endpoint, receiver, staff, messages, django_capture_on_commit_callbacks
):
    receiver.answer((503, "busy"))
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    run_messages(messages)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending"

    with pytest.raises(ValidationError, match="scheduled"):
        webhook_resend(delivery=delivery, user=staff)
    assert WebhookDelivery.objects.get().attempts == 1
