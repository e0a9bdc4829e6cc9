"""A vendor's file cannot put a third version into a language translated twice: the import goes through the same
edit service as every other edit, and that service refuses to fill a dual segment outside reconciliation."""

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import text_of
from tests.exchange.conftest import export, vendor  # noqa: F401  (the vendor fixture)
from translations.exchange.services import leaflet_import
from translations.models import TargetSegment


def test_it_refuses_a_vendor_file_filling_a_language_translated_twice(dual_leaflet, personas, vendor):  # noqa: F811
    exported = export(dual_leaflet, "ms", personas.author).data.decode("utf-8")
    filled = exported.replace(
        "<source>i will send you an image</source>",
        "<source>i will send you an image</source>\n        <target>saya akan hantar gambar</target>",
    )
    assert filled != exported

    with pytest.raises(ValidationError, match="translated twice"):
        leaflet_import(data=filled.encode("utf-8"), user=personas.author)

    assert not TargetSegment.objects.filter(text_version=text_of(dual_leaflet, "ms")).exclude(text="").exists()
