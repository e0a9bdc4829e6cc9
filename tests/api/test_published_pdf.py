"""GET /api/published/{id}/{lang}/pdf/: the print PDF of the live text, with no login; 503 when PDFs cannot be made."""

from __future__ import annotations

import pytest

from review.services import leaflet_publish, publication_withdraw
from tests.conftest import make_leaflet
from workbench import pdf
from workbench.api_base import CallerThrottle
from workbench.models import PublicationPdf


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch):
    """Patients' reads are limited per address, and every test run on this machine reads from the same one
    (the counts live in the shared Redis): the limit is test_throttling's subject, not this file's."""
    monkeypatch.setattr(CallerThrottle, "THROTTLE_RATES", {"caller": "100000/hour", "anonymous": "100000/hour"})


needs_pdf = pytest.mark.skipif(pdf.pdf_unavailable_reason() is not None, reason="PDFs cannot be made here")


@needs_pdf
def test_it_answers_the_print_pdf_of_the_live_publication(approved_leaflet, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    response = api_as(None).get(f"/api/published/{approved_leaflet.pk}/ta/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="leaflet-{approved_leaflet.pk}-ta.pdf"'
    assert response.content.startswith(b"%PDF")
    stored = PublicationPdf.objects.get(publication=publication, language_id="ta")
    assert bytes(stored.pdf) == response.content


# Where PDFs cannot be made (503 with the reason): tests/patient/test_print_unavailable.py, for real.


def test_a_withdrawn_or_never_published_leaflet_has_no_pdf(approved_leaflet, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    publication_withdraw(publication=publication, user=personas.publisher, reason="Dose advice changed.")
    draft = make_leaflet(personas.author, title="Second leaflet")

    assert api_as(None).get(f"/api/published/{approved_leaflet.pk}/en/pdf/").status_code == 404
    assert api_as(None).get(f"/api/published/{draft.pk}/en/pdf/").status_code == 404
    assert not PublicationPdf.objects.exists()
