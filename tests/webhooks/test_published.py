"""Publishing a leaflet sends one signed `leaflet.published` delivery to each subscribed endpoint."""

import time
import uuid

from review.models import AuditEvent, PublicationText, WebhookDelivery
from review.services import GateClosed, leaflet_publish
from tests.webhooks.conftest import run_messages
from workbench.models import Leaflet


def test_publishing_delivers_one_signed_request_with_what_was_published(
    approved_leaflet, personas, endpoint, receiver, messages, django_capture_on_commit_callbacks
):
    # The authors' working title changes after review: receivers get the title patients read.
    Leaflet.objects.filter(pk=approved_leaflet.pk).update(title="Working title, not reviewed")
    with django_capture_on_commit_callbacks(execute=True):
        publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint, delivery.event, delivery.publication) == (endpoint, "leaflet.published", publication)
    assert messages == [(delivery.pk, None)]  # queued once the publication committed
    run_messages(messages)

    [request] = receiver.received
    assert request.problem is None  # the documented receiver accepts it: signature and timestamp check out
    assert request.headers["X-Workbench-Event"] == "leaflet.published"
    assert request.headers["X-Workbench-Delivery"] == str(delivery.delivery_id)
    assert uuid.UUID(request.headers["X-Workbench-Delivery"]).version == 4
    assert abs(int(request.headers["X-Workbench-Timestamp"]) - time.time()) < 10
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.body == delivery.payload.encode("utf-8")
    source_title = PublicationText.objects.get(publication=publication, language_id="en").title
    assert request.json == {
        "event": "leaflet.published",
        "leaflet_id": approved_leaflet.pk,
        "title": source_title,
        "languages": ["en", "ms", "ta", "zh"],
        "publication_id": publication.pk,
        "revision": publication.revision.number,
        "urls": {code: f"http://127.0.0.1:8000/p/{approved_leaflet.pk}/{code}/" for code in ("en", "ms", "ta", "zh")},
        "occurred_at": request.json["occurred_at"],
    }
    assert source_title == "Symptoms check"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 200)
    assert delivery.last_response == "ok" and delivery.delivered_at is not None
    assert AuditEvent.objects.filter(verb="webhook.delivered", object_id=str(delivery.pk)).count() == 1


def test_the_signature_does_not_verify_under_another_secret(
    approved_leaflet, personas, endpoint, receiver, messages, django_capture_on_commit_callbacks
):
    receiver.secret = "whsec_someone-elses-secret"
    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    run_messages(messages)

    assert [r.problem for r in receiver.received] == ["bad signature"]


def test_only_active_endpoints_subscribed_to_the_event_get_a_delivery(
    approved_leaflet, personas, receiver, make_endpoint, messages, django_capture_on_commit_callbacks
):
    wanted = make_endpoint(receiver.url, events=["leaflet.published"])
    make_endpoint(receiver.url + "/withdrawals", events=["publication.withdrawn"])
    make_endpoint(receiver.url + "/off", active=False)

    with django_capture_on_commit_callbacks(execute=True):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [wanted.pk]


def test_a_refused_publish_sends_nothing(translated_leaflet, personas, endpoint, messages):
    try:
        leaflet_publish(leaflet=translated_leaflet, publisher=personas.publisher)
    except GateClosed:
        pass
    else:  # pragma: no cover - the fixture's leaflet has no approvals
        raise AssertionError("the gate should be closed")

    assert not WebhookDelivery.objects.exists() and messages == []


def test_nothing_is_queued_before_the_publication_commits(
    approved_leaflet, personas, endpoint, messages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
        assert messages == []  # still inside the transaction

    assert messages == [] and len(callbacks) == 1
