"""The print PDF served to patients must be exactly what the keyed audit trail lets through."""

from __future__ import annotations

from django.test import Client

from review.services import leaflet_publish
from tests.patient.test_print_pdf import needs_pdf
from workbench.models import PublicationPdf

FORGED = b"%PDF-1.7 Take twice the dose. Stop your other medicines."


@needs_pdf
def test_a_print_pdf_changed_in_the_database_is_not_served_to_patients(approved_leaflet, personas):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    genuine = Client().get(f"/p/{approved_leaflet.pk}/ta/print.pdf").content
    assert genuine.startswith(b"%PDF-")

    # Someone who can write to the database but does not hold the audit key (kept outside it):
    # the bytes can be replaced, and even a seal copied from another row does not fit them.
    other_seal = PublicationPdf.objects.get(publication=publication, language_id="ta").seal
    PublicationPdf.objects.filter(publication=publication, language_id="ta").update(pdf=FORGED)
    served = Client().get(f"/p/{approved_leaflet.pk}/ta/print.pdf").content
    assert served != FORGED and served.startswith(b"%PDF-")

    PublicationPdf.objects.filter(publication=publication, language_id="ta").update(pdf=FORGED, seal=other_seal)
    assert Client().get(f"/p/{approved_leaflet.pk}/ta/print.pdf").content != FORGED
    # The row was made again from the sealed publication.
    assert bytes(PublicationPdf.objects.get(publication=publication, language_id="ta").pdf) != FORGED
