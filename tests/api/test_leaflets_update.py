"""PATCH /api/leaflets/{id}/: the details as the edit page changes them; a new title is a new revision."""

from __future__ import annotations

from review.models import AuditEvent
from workbench.models import Leaflet, Revision


def test_the_review_interval_changes_and_the_change_is_audited(leaflet, personas, api_as):
    response = api_as(personas.author).patch(
        f"/api/leaflets/{leaflet.pk}/", {"review_interval_months": 6}, format="json"
    )

    assert response.status_code == 200 and response.json()["review_interval_months"] == 6
    leaflet.refresh_from_db()
    assert leaflet.review_interval_months == 6 and leaflet.revision_counter == 1
    event = AuditEvent.objects.get(verb="leaflet.details_changed", leaflet=leaflet)
    assert event.actor == personas.author
    assert event.data["before"]["review_interval_months"] == 24 and event.data["after"]["review_interval_months"] == 6


def test_a_new_title_is_saved_as_a_new_revision_as_on_the_page(leaflet, personas, api_as):
    response = api_as(personas.second_author).patch(
        f"/api/leaflets/{leaflet.pk}/", {"title": "Symptoms: a check"}, format="json"
    )

    assert response.status_code == 200 and response.json()["current_revision"] == 2
    leaflet.refresh_from_db()
    assert leaflet.title == "Symptoms: a check" and leaflet.current_revision.number == 2
    assert leaflet.current_revision.segments.get(kind="title").text == "Symptoms: a check"
    saved = AuditEvent.objects.get(verb="revision.saved", leaflet=leaflet)
    assert saved.actor == personas.second_author
    assert saved.data["title"] == {"before": "Symptoms check", "after": "Symptoms: a check"}
    assert not AuditEvent.objects.filter(verb="leaflet.details_changed").exists()


def test_fields_left_out_keep_their_values(leaflet, personas, api_as):
    Leaflet.objects.filter(pk=leaflet.pk).update(topic="Symptoms", audience="adults")

    api_as(personas.author).patch(f"/api/leaflets/{leaflet.pk}/", {"audience": "caregivers"}, format="json")

    leaflet.refresh_from_db()
    assert (leaflet.topic, leaflet.audience, leaflet.review_interval_months) == ("Symptoms", "caregivers", 24)


def test_a_reviewer_is_refused_and_an_outsider_is_told_nothing_exists(leaflet, personas, api_as):
    reviewer = api_as(personas.reviewer("zh", "native")).patch(
        f"/api/leaflets/{leaflet.pk}/", {"review_interval_months": 6}, format="json"
    )
    outsider = api_as(personas.outsider).patch(
        f"/api/leaflets/{leaflet.pk}/", {"review_interval_months": 6}, format="json"
    )

    assert reviewer.status_code == 403 and outsider.status_code == 404
    leaflet.refresh_from_db()
    assert leaflet.review_interval_months == 24
    assert not AuditEvent.objects.filter(verb="leaflet.details_changed").exists()


def test_it_refuses_an_interval_out_of_range_and_an_empty_title(leaflet, personas, api_as):
    client = api_as(personas.author)

    interval = client.patch(f"/api/leaflets/{leaflet.pk}/", {"review_interval_months": 0}, format="json")
    title = client.patch(f"/api/leaflets/{leaflet.pk}/", {"title": "   "}, format="json")

    assert interval.status_code == title.status_code == 400
    assert title.json()["detail"] == "A leaflet needs a title."
    leaflet.refresh_from_db()
    assert leaflet.review_interval_months == 24 and Revision.objects.filter(leaflet=leaflet).count() == 1
