"""GET /api/published/: the live leaflets and their published titles, with no login, at a cost that does not grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from review.services import leaflet_publish, publication_withdraw
from tests.conftest import approve_everything, make_leaflet, translate_all
from workbench.api_base import CallerThrottle
from workbench.services import leaflet_update_details


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch):
    """Patients' reads are limited per address, and every test run on this machine reads from the same one
    (the counts live in the shared Redis): the limit is test_throttling's subject, not this file's."""
    monkeypatch.setattr(CallerThrottle, "THROTTLE_RATES", {"caller": "100000/hour", "anonymous": "100000/hour"})


def published(personas, title: str):
    leaflet = make_leaflet(personas.author, title=title)
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    return leaflet, leaflet_publish(leaflet=leaflet, publisher=personas.publisher)


def rows(client) -> list[dict]:
    response = client.get("/api/published/")
    assert response.status_code == 200
    return response.json()["results"]


def test_it_lists_live_leaflets_with_their_published_titles_and_pages(personas, api_as):
    leaflet, publication = published(personas, "Symptoms check")
    make_leaflet(personas.author, title="Second leaflet")  # never published

    [row] = rows(api_as(None))

    assert (row["leaflet"], row["publication"], row["revision"]) == (leaflet.pk, publication.pk, 1)
    assert {lang["language"]: lang["title"] for lang in row["languages"]} == {
        "en": "Symptoms check",
        "zh": "症状检查",
        "ms": "Pemeriksaan simptom",
        "ta": "அறிகுறி சோதனை",
    }
    assert row["languages"][0]["page_url"].endswith(f"/p/{leaflet.pk}/en/")
    assert row["published_at"]


def test_it_shows_the_published_title_not_a_later_draft_and_drops_withdrawn_leaflets(personas, api_as):
    kept, _ = published(personas, "Symptoms check")
    withdrawn, publication = published(personas, "Fever at home")
    leaflet_update_details(leaflet=kept, user=personas.author, title="A draft title", topic="", audience="")
    publication_withdraw(publication=publication, user=personas.publisher, reason="Out of date.")

    [row] = rows(api_as(None))

    assert row["leaflet"] == kept.pk
    assert row["languages"][0]["title"] == "Symptoms check"


def test_publications_the_audit_trail_does_not_vouch_for_are_not_listed(personas, api_as):
    published(personas, "Symptoms check")

    with override_settings(AUDIT_KEY="another-key-that-did-not-seal-the-publication-000000"):
        assert rows(api_as(None)) == []


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/published/").status_code == 200
    return len(captured)


def test_the_list_costs_the_same_number_of_queries_for_2_and_6_live_leaflets(personas, api_as):
    client = api_as(None)
    for i in range(2):
        published(personas, f"Race {i}")
    small = _queries(client)

    for i in range(2, 6):
        published(personas, f"Race {i}")

    assert len(rows(client)) == 6
    assert _queries(client) == small


def test_no_login_is_needed_but_a_token_that_is_not_valid_is_refused(personas, api_as):
    published(personas, "Symptoms check")
    bad = api_as(None)
    bad.credentials(HTTP_AUTHORIZATION="Bearer wbt_not-a-real-token")

    assert len(rows(api_as(None))) == len(rows(api_as(personas.outsider))) == 1
    assert bad.get("/api/published/").status_code == 401
