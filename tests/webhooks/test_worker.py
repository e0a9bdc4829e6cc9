"""End to end: publishing queues a real Celery message, and a real worker delivers it to the receiver."""

import time

import pytest

from review.models import WebhookDelivery
from review.services import leaflet_publish


@pytest.fixture
def worker_env():
    # The worker, like this test process, counts the loopback receiver as an internal host.
    return {"WORKBENCH_INTERNAL_HOSTS": "127.0.0.1"}


@pytest.mark.worker
def test_a_real_worker_delivers_the_published_event(worker, approved_leaflet, personas, endpoint, receiver):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)  # commits: queued

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and WebhookDelivery.objects.get().state == "pending":
        time.sleep(0.2)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("succeeded", 1)
    [request] = receiver.received
    assert request.problem is None and request.json["publication_id"] == publication.pk
    assert request.headers["X-Workbench-Delivery"] == str(delivery.delivery_id)
