"""GET /api/texts/{id}/xliff/: a text out to a vendor as XLIFF (leaflet_export), PHI-guarded and audited."""

import hashlib

import pytest

from review.models import AuditEvent
from tests.conftest import make_leaflet, text_of, translate_all
from translations.models import Vendor, VendorExport

NRIC = "S1234567D"
# One sentence that carries an identifier; the other from TICO-19 (tests/conftest.py).
ROWS = [
    {
        "en": f"Bring your NRIC {NRIC} to the clinic.",
        "zh": f"请携带您的身份证 {NRIC} 到诊所。",
        "ms": f"Bawa NRIC anda {NRIC} ke klinik.",
        "ta": f"உங்கள் அடையாள அட்டை {NRIC} ஐ மருத்துவமனைக்கு கொண்டு வாருங்கள்.",
    },
]


@pytest.fixture
def vendor(db) -> Vendor:
    return Vendor.objects.create(name="lingua-sg", phi_policy=Vendor.PhiPolicy.BLOCK)


def export(client, tv, query="?format=xliff12&vendor=lingua-sg", **headers):
    return client.get(f"/api/texts/{tv.pk}/xliff/{query}", **headers)


@pytest.mark.parametrize(
    ("file_format", "content_type"), [("xliff12", "application/x-xliff+xml"), ("xliff2", "application/xliff+xml")]
)
def test_an_author_downloads_the_file_and_the_export_is_recorded(
    file_format, content_type, translated_leaflet, personas, vendor, api_as
):
    tamil = text_of(translated_leaflet, "ta")

    response = export(api_as(personas.author), tamil, f"?format={file_format}&vendor=lingua-sg")

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == content_type
    record = VendorExport.objects.get()
    assert response["Content-Disposition"].startswith('attachment; filename="leaflet-')
    assert (record.text_version, record.vendor, record.file_format) == (tamil, vendor, file_format)
    assert record.created_by == personas.author and record.edit_generation == tamil.edit_generation
    assert hashlib.sha256(response.content).hexdigest() == record.file_sha256  # the file the record describes
    assert AuditEvent.objects.filter(verb="exchange.exported", actor=personas.author).count() == 1


def test_a_reviewer_of_the_language_may_export_and_gets_xliff12_by_default(translated_leaflet, personas, api_as):
    malay = text_of(translated_leaflet, "ms")

    response = export(api_as(personas.reviewer("ms", "clinical")), malay, "", HTTP_ACCEPT="application/x-xliff+xml")

    assert response.status_code == 200 and response["Content-Type"] == "application/x-xliff+xml"
    assert VendorExport.objects.get().vendor is None  # no vendor: the strictest PHI policy, block


def test_a_phi_block_is_a_400_with_the_masked_reason_and_no_file(personas, vendor, api_as):
    leaflet = make_leaflet(personas.author, rows=ROWS, title="Fever at home")
    translate_all(leaflet, rows=ROWS)

    response = export(api_as(personas.author), text_of(leaflet, "ta"))

    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    detail = response.json()["detail"]
    assert "Personal data found; nothing was sent" in detail and "S12****7D" in detail and NRIC not in detail
    assert not VendorExport.objects.exists()
    assert AuditEvent.objects.get(verb="phi.blocked").data["kind"] == "vendor_export"


def test_bad_parameters_are_a_400(translated_leaflet, personas, vendor, api_as):
    tamil = text_of(translated_leaflet, "ta")
    client = api_as(personas.author)

    assert export(client, tamil, "?format=docx").status_code == 400
    unknown = export(client, tamil, "?format=xliff2&vendor=nobody")
    assert unknown.status_code == 400 and "nobody" in unknown.json()["detail"]
    assert not VendorExport.objects.exists()


def test_the_source_text_and_other_peoples_texts_are_refused(translated_leaflet, personas, vendor, api_as):
    tamil = text_of(translated_leaflet, "ta")

    assert export(api_as(personas.author), text_of(translated_leaflet, "en")).status_code == 403
    assert export(api_as(personas.reviewer("ms", "native")), tamil).status_code == 404
    assert export(api_as(personas.translator("ta")), tamil).status_code == 403  # sees it, does not send it out
    assert export(api_as(personas.publisher), tamil).status_code == 403
    assert export(api_as(personas.outsider), tamil).status_code == 404
    assert not VendorExport.objects.exists()


def test_a_text_of_an_older_revision_is_not_exported(translated_leaflet, personas, vendor, api_as):
    from workbench.services import SegmentInput, revision_save

    tamil = text_of(translated_leaflet, "ta")
    revision = translated_leaflet.current_revision
    revision_save(
        leaflet=translated_leaflet,
        user=personas.author,
        segments=[
            SegmentInput(kind=s.kind, text=f"{s.text} Rest well." if s.position == 2 else s.text, key=s.key)
            for s in revision.segments.all()
        ],
        base_revision_number=revision.number,
    )

    response = export(api_as(personas.author), tamil)

    assert response.status_code == 400 and "older revision" in response.json()["detail"]
    assert not VendorExport.objects.exists()
