"""A file for a vendor leaves the hospital: the PHI guard runs on export under the vendor's policy."""

import pytest
from django.core.exceptions import ValidationError

from review.models import AuditEvent
from tests.conftest import make_leaflet, text_of, translate_all
from tests.exchange.conftest import FORMATS, database_state, export, replace_target
from translations.exchange.services import leaflet_import
from translations.models import TargetSegment, VendorExport

NRIC = "S1234567D"
ROWS = [
    {
        "en": f"Bring your NRIC {NRIC} to the clinic.",
        "zh": f"请携带您的身份证 {NRIC} 到诊所。",
        "ms": f"Bawa NRIC anda {NRIC} ke klinik.",
        "ta": f"உங்கள் அடையாள அட்டை {NRIC} ஐ மருத்துவமனைக்கு கொண்டு வாருங்கள்.",
    },
    {"en": "Drink plenty of water.", "zh": "多喝水。", "ms": "Minum banyak air.", "ta": "நிறைய தண்ணீர் குடியுங்கள்."},
]


@pytest.fixture
def leaflet_with_an_nric(personas):
    leaflet = make_leaflet(personas.author, rows=ROWS, title="Fever at home")
    translate_all(leaflet, rows=ROWS)
    return leaflet


def test_a_blocking_vendor_gets_no_file_and_the_author_is_told_what_was_found(leaflet_with_an_nric, personas, vendor):
    with pytest.raises(ValidationError) as refused:
        export(leaflet_with_an_nric, "ta", personas.author)
    message = " ".join(refused.value.messages)
    assert "Personal data found; nothing was sent" in message and "S12****7D" in message and NRIC not in message
    assert not VendorExport.objects.exists()
    blocked = AuditEvent.objects.get(verb="phi.blocked")
    assert blocked.data["kind"] == "vendor_export" and blocked.data["vendor"] == "lingua-sg"
    assert NRIC not in str(blocked.data)


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_redacting_vendor_gets_placeholders_and_the_import_restores_them(
    file_format, leaflet_with_an_nric, personas, redacting_vendor
):
    exported = export(leaflet_with_an_nric, "ms", personas.author, file_format, vendor="redacting-agency")

    assert NRIC.encode() not in exported.data and b"[NRIC_1]" in exported.data
    assert exported.record.placeholders == {"[NRIC_1]": NRIC}
    event = AuditEvent.objects.get(verb="exchange.exported")
    assert event.data["placeholders"] == 1 and event.data["redacted"] == {"nric": 2} and NRIC not in str(event.data)

    returned = replace_target(
        exported.data, "Bawa NRIC anda [NRIC_1] ke klinik.", "Sila bawa NRIC anda [NRIC_1] ke klinik."
    )
    leaflet_import(data=returned, user=personas.author)

    assert TargetSegment.objects.filter(
        text_version=text_of(leaflet_with_an_nric, "ms"), text=f"Sila bawa NRIC anda {NRIC} ke klinik."
    ).exists()


@pytest.mark.parametrize(
    "changed",
    [
        "Sila bawa NRIC anda ke klinik.",
        "Sila bawa NRIC anda [NRIC 1] ke klinik.",
        "Sila bawa [NRIC_1] dan [PHONE_1] ke klinik.",
    ],
)
def test_it_refuses_an_import_whose_placeholders_do_not_match(
    changed, leaflet_with_an_nric, personas, redacting_vendor
):
    exported = export(leaflet_with_an_nric, "ms", personas.author, vendor="redacting-agency")
    returned = replace_target(exported.data, "Bawa NRIC anda [NRIC_1] ke klinik.", changed)
    before = database_state()
    with pytest.raises(ValidationError, match="does not carry the placeholders that were sent"):
        leaflet_import(data=returned, user=personas.author)
    assert database_state() == before


def test_a_blocking_vendors_file_cannot_smuggle_a_placeholder_in(translated_leaflet, personas, vendor):
    exported = export(translated_leaflet, "ms", personas.author)
    from tests.conftest import TICO

    returned = replace_target(exported.data, TICO[0]["ms"], "[NRIC_1] agak-agak sudah berapa lama?")
    with pytest.raises(ValidationError, match="placeholders"):
        leaflet_import(data=returned, user=personas.author)
