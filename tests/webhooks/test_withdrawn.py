"""Withdrawing a publication sends `publication.withdrawn`; a publication superseded by a new one does not."""

from review.models import Publication, WebhookDelivery
from review.services import leaflet_publish, publication_withdraw
from tests.conftest import approve_everything, translate_all
from tests.webhooks.conftest import run_messages
from workbench.services import SegmentInput, revision_save


def test_withdrawing_delivers_publication_withdrawn(
    approved_leaflet, personas, endpoint, receiver, messages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    run_messages(messages)

    with django_capture_on_commit_callbacks(execute=True):
        publication_withdraw(publication=publication, user=personas.publisher, reason="Guidance changed.")
    run_messages(messages)

    published, withdrawn = receiver.received
    assert withdrawn.problem is None
    assert withdrawn.headers["X-Workbench-Event"] == "publication.withdrawn"
    assert withdrawn.json["event"] == "publication.withdrawn"
    assert withdrawn.json["publication_id"] == publication.pk == published.json["publication_id"]
    assert withdrawn.headers["X-Workbench-Delivery"] != published.headers["X-Workbench-Delivery"]
    assert WebhookDelivery.objects.get(event="publication.withdrawn").state == "succeeded"


def test_a_superseding_publication_announces_only_itself(
    approved_leaflet, personas, endpoint, messages, django_capture_on_commit_callbacks
):
    first = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    revision = approved_leaflet.current_revision
    segments = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision.segments.all()]
    segments.reverse()  # a reorder is a change of the text too: a new revision
    revision_save(
        leaflet=approved_leaflet, user=personas.author, segments=segments, base_revision_number=revision.number
    )
    translate_all(approved_leaflet)
    approve_everything(approved_leaflet, personas)

    with django_capture_on_commit_callbacks(execute=True):
        second = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    assert Publication.objects.get(pk=first.pk).state == "withdrawn"  # superseded
    assert list(WebhookDelivery.objects.order_by("id").values_list("publication", "event")) == [
        (first.pk, "leaflet.published"),
        (second.pk, "leaflet.published"),
    ]
    assert [pk for pk, _countdown in messages] == [WebhookDelivery.objects.get(publication=second).pk]
