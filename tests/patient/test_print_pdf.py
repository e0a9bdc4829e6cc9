"""The print PDF of a published language: the exact published text, made once, refused for what is not published."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.test import override_settings

from review.models import Publication
from review.services import leaflet_publish, publication_withdraw
from tests.conftest import TICO
from workbench import pdf
from workbench.models import PublicationPdf

needs_pdf = pytest.mark.skipif(
    pdf.pdf_unavailable_reason() is not None or shutil.which("pdftotext") is None,
    reason=f"PDF TESTS SKIPPED: {pdf.pdf_unavailable_reason() or 'pdftotext missing'}; "
    "install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk poppler-utils",
)


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_pdf
def test_the_pdf_holds_the_published_text_the_review_statement_and_the_qr_address(
    approved_leaflet, personas, as_user, tmp_path
):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    response = as_user(None).get(f"/p/{approved_leaflet.pk}/ms/print.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(_text(response.content, tmp_path).split())
    assert TICO[0]["ms"] in text
    assert f"/p/{approved_leaflet.pk}/ms/{publication.pk}/" in text  # printed under the QR code
    assert "Semakan semula seterusnya" in text  # the page's own words in Malay


@needs_pdf
def test_it_is_made_once_and_served_from_the_publication_afterwards(approved_leaflet, personas, as_user):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = as_user(None)

    first = client.get(f"/p/{approved_leaflet.pk}/ta/print.pdf").content
    second = client.get(f"/p/{approved_leaflet.pk}/ta/print.pdf").content

    assert first == second
    assert PublicationPdf.objects.filter(language_id="ta").count() == 1
    with override_settings(ORGANISATION_NAME="Demo General Hospital"):
        client.get(f"/p/{approved_leaflet.pk}/ta/print.pdf")
    # What is printed changed, so a new print was made beside the old one.
    assert PublicationPdf.objects.filter(language_id="ta").count() == 2


def test_a_withdrawn_or_unpublished_language_has_no_pdf(approved_leaflet, personas, as_user):
    client = as_user(None)
    assert client.get(f"/p/{approved_leaflet.pk}/ta/print.pdf").status_code == 404

    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    publication_withdraw(publication=publication, user=personas.publisher, reason="Outdated.")

    response = client.get(f"/p/{approved_leaflet.pk}/ta/print.pdf")
    assert response.status_code == 410 and response["Content-Type"].startswith("text/html")
    assert Publication.objects.get(pk=publication.pk).state == Publication.State.WITHDRAWN
