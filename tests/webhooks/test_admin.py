"""The admin: staff register endpoints (the secret generated and shown read-only), and re-send deliveries."""

import pytest
from django.contrib.auth import get_user_model

from review.models import AuditEvent, WebhookDelivery, WebhookEndpoint
from review.services import leaflet_publish


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.invalid", None)


def test_a_superuser_registers_an_endpoint_and_gets_a_generated_secret(client, superuser):
    client.force_login(superuser)

    response = client.post(
        "/admin/review/webhookendpoint/add/",
        {"url": "https://intranet.example.org/hooks/leaflets", "events": ["leaflet.published"], "active": "on"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["leaflet.published"] and endpoint.created_by == superuser
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40
    event = AuditEvent.objects.get(verb="webhook.endpoint_created")
    assert endpoint.secret not in str(event.data)  # never the secret in the trail

    page = client.get(f"/admin/review/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert endpoint.secret in page  # shown, to configure the receiver...
    assert 'name="secret"' not in page  # ...but not editable
    assert 'type="checkbox" name="events" value="publication.withdrawn"' in page


def test_the_secret_stays_when_the_endpoint_is_changed(client, superuser):
    client.force_login(superuser)
    client.post(
        "/admin/review/webhookendpoint/add/",
        {"url": "https://intranet.example.org/hooks", "events": ["leaflet.published"], "active": "on"},
    )
    endpoint = WebhookEndpoint.objects.get()

    client.post(
        f"/admin/review/webhookendpoint/{endpoint.pk}/change/",
        {"url": "https://intranet.example.org/hooks/v2", "events": ["publication.withdrawn"], "secret": "mine"},
    )

    changed = WebhookEndpoint.objects.get()
    assert (changed.url, changed.events, changed.active) == (
        "https://intranet.example.org/hooks/v2",
        ["publication.withdrawn"],
        False,
    )
    assert changed.secret == endpoint.secret


def test_the_admin_refuses_a_non_http_address(client, superuser):
    client.force_login(superuser)

    response = client.post(
        "/admin/review/webhookendpoint/add/", {"url": "ftp://example.org/hook", "events": ["leaflet.published"]}
    )

    assert response.status_code == 200 and "http" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_staff_without_the_model_permissions_and_non_staff_cannot_open_it(client, personas, staff):
    client.force_login(staff)
    assert client.get("/admin/review/webhookendpoint/").status_code == 403
    client.force_login(personas.publisher)
    assert client.get("/admin/review/webhookendpoint/").status_code == 302  # to the admin login


def test_the_resend_action_queues_the_same_delivery_again(
    client, superuser, approved_leaflet, personas, endpoint, receiver, messages, django_capture_on_commit_callbacks
):
    from tests.webhooks.conftest import run_messages

    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    run_messages(messages)
    delivery = WebhookDelivery.objects.get()
    client.force_login(superuser)
    assert client.get(f"/admin/review/webhookdelivery/{delivery.pk}/change/").status_code == 200
    assert client.post(f"/admin/review/webhookdelivery/{delivery.pk}/change/", {"state": "failed"}).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/review/webhookdelivery/", {"action": "resend", "_selected_action": [delivery.pk]}, follow=True
        )

    assert "queued again" in response.content.decode()
    assert messages == [(delivery.pk, None)]
    run_messages(messages)
    assert [r.headers["X-Workbench-Delivery"] for r in receiver.received] == [str(delivery.delivery_id)] * 2
