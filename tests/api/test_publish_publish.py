"""POST /api/leaflets/{id}/publish/: a publisher publishes the current revision when the gate is open."""

from review.models import AuditEvent, Publication, PublicationText
from review.services import publication_withdraw
from tests.conftest import text_of


def publish(client, leaflet, **body):
    return client.post(f"/api/leaflets/{leaflet.pk}/publish/", body, format="json")


def test_a_publisher_publishes_an_approved_leaflet(approved_leaflet, personas, api_as):
    response = publish(api_as(personas.publisher), approved_leaflet)

    assert response.status_code == 201, response.content
    publication = Publication.objects.get()
    assert publication.state == Publication.State.LIVE and publication.published_by == personas.publisher
    body = response.json()
    assert (body["id"], body["state"], body["revision"]) == (publication.pk, "live", 1)
    assert {t["language"] for t in body["texts"]} == {"en", "zh", "ms", "ta"}
    ta = next(t for t in body["texts"] if t["language"] == "ta")
    assert ta["title"] == "அறிகுறி சோதனை" and ta["content_hash"] == text_of(approved_leaflet, "ta").content_hash
    assert AuditEvent.objects.filter(verb="leaflet.published", object_id=str(publication.pk)).exists()


def test_a_closed_gate_answers_409_with_the_reasons_and_publishes_nothing(translated_leaflet, personas, api_as):
    response = publish(api_as(personas.publisher), translated_leaflet)

    assert response.status_code == 409
    assert response.json()["reasons"] and any("awaiting" in r for r in response.json()["reasons"])
    assert not Publication.objects.exists() and not PublicationText.objects.exists()
    assert AuditEvent.objects.filter(verb="leaflet.publish_refused").count() == 1


def test_publishing_the_same_revision_twice_is_refused_with_400(approved_leaflet, personas, api_as):
    client = api_as(personas.publisher)
    assert publish(client, approved_leaflet).status_code == 201

    response = publish(client, approved_leaflet)

    assert response.status_code == 400 and "already published" in response.json()["detail"]
    assert Publication.objects.count() == 1


def test_a_withdrawn_revision_needs_a_reason_to_be_published_again(approved_leaflet, personas, api_as):
    client = api_as(personas.publisher)
    first = publish(client, approved_leaflet).json()
    publication_withdraw(publication=Publication.objects.get(pk=first["id"]), user=personas.publisher, reason="Typo")

    refused = publish(client, approved_leaflet)
    assert refused.status_code == 400
    assert refused.json()["code"] == "republish_needs_confirmation"
    assert Publication.objects.filter(state="live").count() == 0

    again = publish(client, approved_leaflet, republish_reason="The typo was in the print run only.")
    assert again.status_code == 201
    assert Publication.objects.get(state="live").pk == again.json()["id"]


def test_a_reviewer_who_may_see_the_leaflet_but_not_publish_gets_403(approved_leaflet, personas, api_as):
    for user in (personas.reviewer("ta", "clinical"), personas.author):
        assert publish(api_as(user), approved_leaflet).status_code == 403
    assert not Publication.objects.exists()


def test_an_outsider_gets_404(approved_leaflet, personas, api_as):
    assert publish(api_as(personas.outsider), approved_leaflet).status_code == 404
    assert not Publication.objects.exists()


def test_a_republish_reason_that_is_not_text_is_a_400(approved_leaflet, personas, api_as):
    response = publish(api_as(personas.publisher), approved_leaflet, republish_reason={"no": "text"})
    assert response.status_code == 400
    assert not Publication.objects.exists()
