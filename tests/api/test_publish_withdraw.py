"""POST /api/publications/{id}/withdraw/: a publisher takes a live publication off the patient pages."""

from review.models import AuditEvent, Publication
from review.services import leaflet_publish


def test_a_publisher_withdraws_a_live_publication_with_a_reason(approved_leaflet, personas, api_as, as_user):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    response = api_as(personas.publisher).post(
        f"/api/publications/{publication.pk}/withdraw/", {"reason": "Dosage guidance changed."}, format="json"
    )

    assert response.status_code == 200, response.content
    publication.refresh_from_db()
    assert (publication.state, publication.withdrawal_reason) == ("withdrawn", "Dosage guidance changed.")
    assert response.json()["withdrawn_by"] == personas.publisher.username
    assert AuditEvent.objects.filter(verb="publication.withdrawn", object_id=str(publication.pk)).exists()
    assert as_user(None).get(f"/p/{approved_leaflet.pk}/ta/").status_code == 410  # the page says it was withdrawn


def test_it_needs_a_reason(approved_leaflet, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = api_as(personas.publisher)

    for body in ({}, {"reason": " "}):
        assert client.post(f"/api/publications/{publication.pk}/withdraw/", body, format="json").status_code == 400
    assert Publication.objects.get().state == "live"


def test_withdrawing_twice_is_a_400(approved_leaflet, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = api_as(personas.publisher)
    url = f"/api/publications/{publication.pk}/withdraw/"
    assert client.post(url, {"reason": "Out of date."}, format="json").status_code == 200

    response = client.post(url, {"reason": "Again."}, format="json")

    assert response.status_code == 400 and "live" in response.json()["detail"]


def test_only_publishers_withdraw(approved_leaflet, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    url = f"/api/publications/{publication.pk}/withdraw/"

    assert api_as(personas.author).post(url, {"reason": "No."}, format="json").status_code == 403
    assert api_as(personas.outsider).post(url, {"reason": "No."}, format="json").status_code == 404
    assert Publication.objects.get().state == "live"
