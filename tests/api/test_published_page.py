"""GET /api/published/{id}/{lang}/: exactly what the patient page shows, with no login; else 404."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import translation

from review.services import leaflet_publish, publication_withdraw
from tests.conftest import TICO, approve_everything, make_leaflet
from workbench.api_base import CallerThrottle
from workbench.languages import UI_LANGUAGE_FOR_CONTENT
from workbench.models import Leaflet
from workbench.patient import patient_page
from workbench.services import SegmentInput, leaflet_update_details, revision_body, revision_save


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch):
    """Patients' reads are limited per address, and every test run on this machine reads from the same one
    (the counts live in the shared Redis): the limit is test_throttling's subject, not this file's."""
    monkeypatch.setattr(CallerThrottle, "THROTTLE_RATES", {"caller": "100000/hour", "anonymous": "100000/hour"})


def test_it_shows_the_patient_page_of_the_live_publication_without_a_login(approved_leaflet, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    response = api_as(None).get(f"/api/published/{approved_leaflet.pk}/ms/")

    assert response.status_code == 200 and response["Content-Language"] == "ms"
    body = response.json()
    with translation.override(UI_LANGUAGE_FOR_CONTENT["ms"]):
        page = patient_page(publication=publication, lang="ms")
    assert (body["title"], body["blocks"], body["statements"]) == (page.title, page.blocks, page.statements)
    assert body["title"] == "Pemeriksaan simptom"
    assert body["blocks"] == [
        {"kind": "paragraph", "text": TICO[0]["ms"]},
        {"kind": "paragraph", "text": TICO[1]["ms"]},
    ]
    assert (body["reviewed_on"], body["next_review_due"]) == (
        page.reviewed_on.isoformat(),
        page.next_review_due.isoformat(),
    )
    assert body["ai_assisted"] is True and len(body["statements"]) == 3
    assert (body["publication"], body["revision"], body["language"]) == (publication.pk, 1, "ms")
    assert body["page_url"].endswith(f"/p/{approved_leaflet.pk}/ms/")
    assert body["version_url"].endswith(f"/p/{approved_leaflet.pk}/ms/{publication.pk}/")
    assert body["print_url"].endswith(f"/p/{approved_leaflet.pk}/ms/print.pdf")
    assert {o["language"] for o in body["other_languages"]} == {"en", "zh", "ta"}


def test_the_statements_are_in_the_patients_language(approved_leaflet, personas, api_as):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    english = api_as(None).get(f"/api/published/{approved_leaflet.pk}/en/").json()["statements"]
    tamil = api_as(None).get(f"/api/published/{approved_leaflet.pk}/ta/").json()["statements"]

    assert english[0].startswith("Reviewed by a native speaker and a clinician on ")
    with translation.override("ta"):
        reviewed = translation.gettext("Reviewed by a native speaker and a clinician on %(date)s.")
    assert reviewed != "Reviewed by a native speaker and a clinician on %(date)s."
    assert tamil[0].startswith(reviewed.split("%(date)s")[0])


def test_after_an_edit_it_still_shows_the_published_text_never_the_draft(approved_leaflet, personas, api_as):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    approved_leaflet.refresh_from_db()
    body = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision_body(approved_leaflet.current_revision)]
    body[0] = SegmentInput(kind="paragraph", text="A DRAFT NOBODY APPROVED", key=body[0].key)
    revision_save(leaflet=approved_leaflet, user=personas.author, segments=body, base_revision_number=1)
    leaflet_update_details(leaflet=approved_leaflet, user=personas.author, title="Draft title", topic="", audience="")
    assert Leaflet.objects.get(pk=approved_leaflet.pk).title == "Draft title"

    response = api_as(None).get(f"/api/published/{approved_leaflet.pk}/en/")

    assert response.status_code == 200
    shown = response.json()
    assert shown["title"] == "Symptoms check" and shown["revision"] == 1
    assert [b["text"] for b in shown["blocks"]] == [TICO[0]["en"], TICO[1]["en"]]
    assert "DRAFT" not in response.content.decode() and "Draft title" not in response.content.decode()


def test_a_withdrawn_leaflet_is_404(approved_leaflet, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    assert api_as(None).get(f"/api/published/{approved_leaflet.pk}/en/").status_code == 200

    publication_withdraw(publication=publication, user=personas.publisher, reason="Dose advice changed.")

    response = api_as(None).get(f"/api/published/{approved_leaflet.pk}/en/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_a_never_published_leaflet_a_language_it_lacks_and_an_unknown_language_are_404(personas, api_as):
    draft = make_leaflet(personas.author, title="Second leaflet")
    english_only = make_leaflet(personas.author, languages=("en",), title="Published leaflet")
    approve_everything(english_only, personas)
    leaflet_publish(leaflet=english_only, publisher=personas.publisher)
    client = api_as(None)

    assert client.get(f"/api/published/{draft.pk}/en/").status_code == 404
    assert client.get(f"/api/published/{english_only.pk}/en/").status_code == 200
    assert client.get(f"/api/published/{english_only.pk}/zh/").status_code == 404
    assert client.get(f"/api/published/{english_only.pk}/xx/").status_code == 404
    assert client.get(f"/api/published/{2**70}/en/").status_code == 404
    # Logged in or not, a draft has no patient page.
    assert api_as(personas.author).get(f"/api/published/{draft.pk}/en/").status_code == 404


def test_a_publication_the_audit_trail_does_not_vouch_for_shows_nothing(approved_leaflet, personas, api_as):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    with override_settings(AUDIT_KEY="another-key-that-did-not-seal-the-publication-000000"):
        response = api_as(None).get(f"/api/published/{approved_leaflet.pk}/en/")

    assert response.status_code == 404
