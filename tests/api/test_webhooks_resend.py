"""POST /api/webhooks/deliveries/{id}/resend/: staff send a delivery again, same id and body."""

import uuid

import pytest
from django.contrib.auth import get_user_model

from review.models import AuditEvent, WebhookDelivery, WebhookEndpoint
from review.services import leaflet_publish


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("it_staff", password=None, is_staff=True)


@pytest.fixture
def failed_delivery(approved_leaflet, personas):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    endpoint = WebhookEndpoint.objects.create(
        url="https://intranet.example.org/hooks", secret="whsec_x", events=["leaflet.published"]
    )
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="leaflet.published",
        delivery_id=uuid.uuid4(),
        publication=publication,
        payload='{"event":"leaflet.published"}',
        state="failed",
        attempts=6,
        last_error="Gave up after 6 attempt(s): The receiver answered HTTP 500.",
    )


def test_staff_resend_a_failed_delivery(failed_delivery, staff, api_as, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = api_as(staff).post(f"/api/webhooks/deliveries/{failed_delivery.pk}/resend/")

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["delivery_id"] == str(failed_delivery.delivery_id) and body["state"] == "pending"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.delivery_id, delivery.payload) == (failed_delivery.delivery_id, failed_delivery.payload)
    assert (delivery.state, delivery.attempts) == ("pending", 0)
    assert len(queued) == 1  # the message goes out once the re-send commits
    assert AuditEvent.objects.filter(verb="webhook.resent", actor=staff).count() == 1


def test_a_delivery_waiting_for_its_next_attempt_is_a_400(failed_delivery, staff, api_as):
    from datetime import timedelta

    from django.utils import timezone

    WebhookDelivery.objects.filter(pk=failed_delivery.pk).update(
        state="pending", next_attempt_at=timezone.now() + timedelta(minutes=10)
    )

    response = api_as(staff).post(f"/api/webhooks/deliveries/{failed_delivery.pk}/resend/")

    assert response.status_code == 400 and response.json()["code"] == "busy"
    assert not AuditEvent.objects.filter(verb="webhook.resent").exists()


def test_it_is_staff_only_and_unknown_ids_are_404(failed_delivery, personas, staff, api_as):
    assert api_as(personas.publisher).post(f"/api/webhooks/deliveries/{failed_delivery.pk}/resend/").status_code == 403
    assert api_as(staff).post("/api/webhooks/deliveries/999999/resend/").status_code == 404
    assert WebhookDelivery.objects.get().state == "failed"
