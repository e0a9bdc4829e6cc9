"""GET /api/webhooks/deliveries/: staff read how the deliveries went."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.models import Publication, WebhookDelivery, WebhookEndpoint
from review.services import leaflet_publish


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("it_staff", password=None, is_staff=True)


def deliveries(publication: Publication, n: int) -> list[WebhookDelivery]:
    import uuid

    endpoint, _ = WebhookEndpoint.objects.get_or_create(
        url="https://intranet.example.org/hooks", defaults={"secret": "whsec_x", "events": ["leaflet.published"]}
    )
    return [
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event="leaflet.published",
            delivery_id=uuid.uuid4(),
            publication=publication,
            payload="{}",
        )
        for _ in range(n)
    ]


def test_staff_list_deliveries_newest_first_and_by_state(approved_leaflet, personas, staff, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    older, newer = deliveries(publication, 2)
    WebhookDelivery.objects.filter(pk=older.pk).update(state="failed", last_error="Gave up")
    client = api_as(staff)

    everything = client.get("/api/webhooks/deliveries/").json()
    failed = client.get("/api/webhooks/deliveries/?state=failed").json()

    assert [d["id"] for d in everything["results"]] == [newer.pk, older.pk]
    assert everything["results"][0]["delivery_id"] == str(newer.delivery_id)
    assert everything["results"][0]["endpoint_url"] == "https://intranet.example.org/hooks"
    assert [(d["id"], d["last_error"]) for d in failed["results"]] == [(older.pk, "Gave up")]


def test_an_unknown_state_is_a_400(staff, api_as):
    assert api_as(staff).get("/api/webhooks/deliveries/?state=lost").status_code == 400


def test_it_is_staff_only(personas, api_as):
    for user in (personas.publisher, personas.author, personas.outsider):
        assert api_as(user).get("/api/webhooks/deliveries/").status_code == 403
    assert api_as(None).get("/api/webhooks/deliveries/").status_code == 401


def test_its_query_count_does_not_grow_with_the_deliveries(approved_leaflet, personas, staff, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = api_as(staff)
    deliveries(publication, 1)
    client.get("/api/webhooks/deliveries/")  # the token's first use is recorded once; measure after it

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/webhooks/deliveries/").status_code == 200
        return len(queries)

    few = count_queries()
    deliveries(publication, 5)
    assert count_queries() == few
