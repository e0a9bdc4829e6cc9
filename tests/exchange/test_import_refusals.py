"""An import is refused with a clear message, and nothing in the database changes, when the file does not fit."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import TICO
from tests.exchange.conftest import FORMATS, database_state, export, replace_target
from translations.exchange.services import leaflet_import
from workbench.services import SegmentInput, revision_save


def _refused(data, user, match, **flags):
    before = database_state()
    with pytest.raises(ValidationError, match=match):
        leaflet_import(data=data, user=user, **flags)
    assert database_state() == before


@pytest.fixture
def tamil_file(translated_leaflet, personas, vendor):
    exported = export(translated_leaflet, "ta", personas.author)
    return replace_target(exported.data, TICO[0]["ta"], "இந்த அறிகுறிகள் எத்தனை நாட்களாக?")


def test_it_refuses_a_file_for_another_leaflet(tamil_file, translated_leaflet, personas):
    _refused(tamil_file, personas.author, "is for leaflet", leaflet_id=translated_leaflet.pk + 1)


def test_it_refuses_a_file_for_another_language(tamil_file, personas):
    _refused(tamil_file, personas.author, "is for language ta, not ms", language="ms")


def test_it_refuses_a_file_for_another_vendor(tamil_file, personas):
    _refused(tamil_file, personas.author, "exported for vendor lingua-sg, not other", vendor_name="other")


def test_it_refuses_a_file_whose_language_was_edited_in_the_metadata(tamil_file, personas):
    forged = tamil_file.replace(b'<mda:meta type="language">ta</mda:meta>', b'<mda:meta type="language">ms</mda:meta>')
    _refused(forged, personas.author, "target language ta does not match")


def test_it_refuses_a_file_of_an_older_source_revision(tamil_file, translated_leaflet, personas):
    revision = translated_leaflet.revision_now()
    segments = [
        SegmentInput(kind=s.kind, text=s.text + (" Updated." if s.kind != "title" else ""), key=s.key)
        for s in revision.segments.all()
    ]
    revision_save(
        leaflet=translated_leaflet, user=personas.author, segments=segments, base_revision_number=revision.number
    )
    _refused(tamil_file, personas.author, "exported from revision 1; the leaflet is now at revision 2")


def test_it_refuses_a_file_without_the_export_details(tamil_file, personas):
    stripped = re.sub(rb"<mda:metadata.*?</mda:metadata>", b"", tamil_file, flags=re.S)
    _refused(stripped, personas.author, "does not carry this workbench's export details")


def test_it_refuses_a_file_naming_an_export_that_never_happened(tamil_file, personas):
    forged = re.sub(rb'(<mda:meta type="export">)\d+', rb"\g<1>999999", tamil_file)
    _refused(forged, personas.author, "do not match any export")


def test_it_refuses_a_unit_without_an_id(tamil_file, personas):
    first = re.search(rb'<trans-unit xml:space="preserve" id="[^"]+"', tamil_file).group(0)
    _refused(tamil_file.replace(first, b'<trans-unit xml:space="preserve"', 1), personas.author, "has no id")


def test_it_refuses_an_unknown_unit_id(tamil_file, personas):
    first = re.search(rb'id="([0-9a-f-]{36})"', tamil_file).group(1)
    _refused(tamil_file.replace(first, b"00000000-0000-0000-0000-000000000000", 1), personas.author, "Unknown unit ids")


def test_it_refuses_a_duplicated_unit_id(tamil_file, personas):
    ids = re.findall(rb'id="([0-9a-f-]{36})"', tamil_file)
    _refused(tamil_file.replace(ids[1], ids[0]), personas.author, "appear more than once")


def test_it_refuses_a_file_that_lacks_a_unit(tamil_file, personas):
    without_last = re.sub(
        rb"<trans-unit(?:(?!<trans-unit).)*</trans-unit>\s*</body>", b"</body>", tamil_file, flags=re.S
    )
    _refused(without_last, personas.author, "lacks the units")


def test_it_refuses_a_changed_source(tamil_file, personas):
    _refused(
        tamil_file.replace(TICO[1]["en"].encode(), b"i will send you two images"),
        personas.author,
        "source text of units",
    )


def test_it_refuses_a_segment_longer_than_the_limit(tamil_file, personas, settings):
    settings.MAX_SEGMENT_CHARS = 100
    _refused(
        replace_target(tamil_file, "இந்த அறிகுறிகள் எத்தனை நாட்களாக?", "அ" * 101),
        personas.author,
        "longer than 100 characters",
    )


def test_it_refuses_someone_who_may_not_exchange_files_of_the_language(tamil_file, personas):
    before = database_state()
    with pytest.raises(PermissionDenied):
        leaflet_import(data=tamil_file, user=personas.reviewer("ms", "native"))
    with pytest.raises(PermissionDenied):
        leaflet_import(data=tamil_file, user=personas.outsider)
    assert database_state() == before


@pytest.mark.parametrize("file_format", FORMATS)
def test_it_refuses_a_file_that_is_no_exchange_file(file_format, translated_leaflet, personas, vendor):
    _refused(b"<?xml version='1.0'?><html><body>hello</body></html>", personas.author, "not in a format")
    _refused(b"id\tsource\n1\thello\n", personas.author, "not well-formed XML")
