"""What the sender refuses to do: follow redirects, or send anywhere but an http(s) URL."""

import pytest
from django.core.exceptions import ValidationError

from review.models import WebhookDelivery, WebhookEndpoint
from review.services import leaflet_publish
from review.webhooks import webhook_endpoint_save
from tests.webhooks.conftest import run_messages


def test_a_redirect_is_not_followed_and_counts_as_a_failed_attempt(
    approved_leaflet, personas, endpoint, receiver, messages, django_capture_on_commit_callbacks
):
    receiver.answer((302, "", {"Location": receiver.url + "/elsewhere"}))
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    run_messages(messages)

    assert [r.path for r in receiver.received] == ["/hooks/workbench"]  # nothing went to /elsewhere
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.last_status_code) == ("pending", 302)
    assert messages == [(delivery.pk, 30)]


@pytest.mark.parametrize(
    "url", ["ftp://example.org/hook", "file:///etc/passwd", "gopher://example.org/", "http:///no-host"]
)
def test_only_http_and_https_addresses_can_be_registered(staff, url):
    with pytest.raises(ValidationError):
        webhook_endpoint_save(endpoint=WebhookEndpoint(url=url, events=["leaflet.published"]), user=staff)
    assert not WebhookEndpoint.objects.exists()


def test_an_address_changed_to_another_scheme_behind_the_services_back_is_never_sent_to(
    approved_leaflet, personas, endpoint, receiver, messages, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url="file:///etc/passwd")
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    run_messages(messages)

    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "failed" and "Only http and https" in delivery.last_error
    assert messages == [] and receiver.received == []


def test_a_deactivated_endpoint_gets_nothing_more(
    approved_leaflet, personas, endpoint, receiver, messages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    run_messages(messages)

    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "failed" and "deactivated" in delivery.last_error
    assert receiver.received == []


def test_unknown_events_cannot_be_subscribed(staff):
    with pytest.raises(ValidationError, match="Unknown webhook event"):
        webhook_endpoint_save(
            endpoint=WebhookEndpoint(url="https://example.org/hook", events=["leaflet.deleted"]), user=staff
        )
