"""The 'translate twice' option of a leaflet through the API: the same service and checks as its pages."""

from __future__ import annotations

from review.models import AuditEvent
from tests.api.test_leaflets_create import api_body
from workbench.models import Leaflet


def test_a_leaflet_is_created_with_languages_translated_twice(personas, api_as):
    response = api_as(personas.author).post("/api/leaflets/", api_body(dual_forward_languages=["ta"]), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["dual_forward_languages"] == ["ta"]
    assert Leaflet.objects.get(pk=response.json()["id"]).dual_forward_languages == ["ta"]


def test_it_refuses_the_source_language_or_one_the_leaflet_does_not_need(personas, api_as):
    for languages in (["en"], ["ms"], ["xx"]):
        response = api_as(personas.author).post(
            "/api/leaflets/", api_body(dual_forward_languages=languages), format="json"
        )

        assert response.status_code == 400, (languages, response.json())
    assert not Leaflet.objects.exists()


def test_the_option_changes_and_the_change_is_audited(leaflet, personas, api_as):
    response = api_as(personas.author).patch(
        f"/api/leaflets/{leaflet.pk}/", {"dual_forward_languages": ["ms", "zh"]}, format="json"
    )

    assert response.status_code == 200, response.json()
    leaflet.refresh_from_db()
    assert set(leaflet.dual_forward_languages) == {"ms", "zh"}
    event = AuditEvent.objects.get(verb="leaflet.details_changed", leaflet=leaflet)
    assert event.actor == personas.author


def test_a_reviewer_cannot_change_it(leaflet, personas, api_as):
    response = api_as(personas.reviewer("ms", "native")).patch(
        f"/api/leaflets/{leaflet.pk}/", {"dual_forward_languages": ["ms"]}, format="json"
    )

    assert response.status_code == 403
    leaflet.refresh_from_db()
    assert leaflet.dual_forward_languages == []
