"""The leaflet's vendor-files page: export a language's text, import the vendor's file back."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import TICO, text_of
from tests.exchange.conftest import database_state, replace_target
from translations.models import SegmentEdit, TargetSegment, VendorExport

NEW_MALAY = "sudah berapa lama simptom ini berterusan?"


def test_the_leaflet_page_links_to_the_vendor_files(translated_leaflet, personas, as_user, vendor):
    html = as_user(personas.author).get(f"/leaflets/{translated_leaflet.pk}/").content.decode()
    assert f"/leaflets/{translated_leaflet.pk}/files/" in html
    page = as_user(personas.reviewer("ms", "native")).get(f"/leaflets/{translated_leaflet.pk}/files/")
    assert page.status_code == 200
    select = page.content.decode().split('id="export-language"', 1)[1].split("</select>", 1)[0]
    assert 'value="ms"' in select and 'value="ta"' not in select


def test_a_reviewer_downloads_the_file_and_imports_the_vendors_version(translated_leaflet, personas, as_user, vendor):
    client = as_user(personas.reviewer("ms", "clinical"))
    response = client.post(
        f"/leaflets/{translated_leaflet.pk}/files/export/",
        {"language": "ms", "format": "xliff2", "vendor": "lingua-sg"},
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert VendorExport.objects.get().created_by == personas.reviewer("ms", "clinical")

    returned = replace_target(response.content, TICO[0]["ms"], NEW_MALAY)
    response = client.post(
        f"/leaflets/{translated_leaflet.pk}/files/import/",
        {"language": "ms", "file": SimpleUploadedFile("ms.xlf", returned)},
    )

    malay = text_of(translated_leaflet, "ms")
    assert response.status_code == 302 and response["Location"] == f"/review/{malay.pk}/"
    assert TargetSegment.objects.filter(text_version=malay, text=NEW_MALAY).exists()
    assert SegmentEdit.objects.get().editor == personas.reviewer("ms", "clinical")


def test_a_refused_import_shows_the_reason_and_changes_nothing(translated_leaflet, personas, as_user, vendor):
    client = as_user(personas.author)
    before = database_state()
    response = client.post(
        f"/leaflets/{translated_leaflet.pk}/files/import/",
        {"language": "ta", "file": SimpleUploadedFile("x.xlf", b"<xliff")},
        follow=True,
    )
    assert "not well-formed XML" in response.content.decode()
    assert database_state() == before


def test_people_outside_the_language_or_the_leaflet_are_refused(translated_leaflet, personas, as_user, vendor):
    url = f"/leaflets/{translated_leaflet.pk}/files/export/"
    form = {"language": "ta", "format": "xliff12", "vendor": "lingua-sg"}
    assert as_user(personas.reviewer("ms", "native")).post(url, form).status_code == 403
    assert as_user(personas.outsider).post(url, form).status_code == 404
    assert as_user(personas.outsider).get(f"/leaflets/{translated_leaflet.pk}/files/").status_code == 404
    assert not VendorExport.objects.exists()
