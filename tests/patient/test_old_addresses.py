"""What a patient finds at an old address (a printout's QR code): never a bare 404, always in their language."""

from __future__ import annotations

from django.test import override_settings
from django.utils import translation

from review.services import leaflet_publish, publication_withdraw
from tests.conftest import TICO, approve_everything, translate_all
from workbench.services import SegmentInput, revision_save


def _in(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def _new_revision_published(leaflet, personas):
    current = leaflet.current_revision
    rows = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in current.segments.all()]
    rows[-1] = SegmentInput(kind=rows[-1].kind, text="i will send you a photo", key=rows[-1].key)
    revision_save(leaflet=leaflet, user=personas.author, segments=rows, base_revision_number=current.number)
    leaflet.refresh_from_db()
    photo = {**TICO[1], "en": "i will send you a photo", "ta": "நான் உங்களுக்கு ஒரு புகைப்படம் அனுப்புகிறேன்"}
    photo.update(zh="我会发给您一张照片", ms="saya akan hantarkan gambar kepada anda")
    translate_all(leaflet, rows=[TICO[0], photo])
    approve_everything(leaflet, personas)
    return leaflet_publish(leaflet=leaflet, publisher=personas.publisher)


def test_a_live_publications_own_address_leads_to_the_leaflet(approved_leaflet, personas, as_user):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    response = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/{publication.pk}/")

    assert response.status_code == 302 and response["Location"] == f"/p/{approved_leaflet.pk}/ta/"


def test_an_old_printout_of_a_replaced_version_says_so_and_links_to_the_current_one(
    approved_leaflet, personas, as_user
):
    first = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    _new_revision_published(approved_leaflet, personas)

    response = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/{first.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert _in("ta", "This leaflet has been replaced") in html
    assert f'href="/p/{approved_leaflet.pk}/ta/"' in html
    assert TICO[1]["ta"] not in html  # none of the old text


def test_a_withdrawn_leaflets_printout_says_it_was_withdrawn_in_the_printouts_language(
    approved_leaflet, personas, as_user
):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    publication_withdraw(publication=publication, user=personas.publisher, reason="Dose guidance changed.")

    for address in (f"/p/{approved_leaflet.pk}/zh/{publication.pk}/", f"/p/{approved_leaflet.pk}/zh/"):
        response = as_user(None).get(address)
        html = response.content.decode()
        assert response.status_code == 410
        assert _in("zh-hans", "This leaflet has been withdrawn") in html
        assert '<html lang="zh-Hans">' in html
        assert "Dose guidance changed." not in html  # the team's reason is theirs, not the patient's
        assert TICO[0]["zh"] not in html


def test_a_language_the_live_publication_lacks_lists_the_languages_it_has(personas, as_user):
    from tests.conftest import make_leaflet

    leaflet = make_leaflet(personas.author, languages=("en", "ta"))
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    leaflet_publish(leaflet=leaflet, publisher=personas.publisher)

    response = as_user(None).get(f"/p/{leaflet.pk}/ms/")

    html = response.content.decode()
    assert response.status_code == 404
    assert _in("ms", "This leaflet is not available in this language") in html
    assert f'href="/p/{leaflet.pk}/ta/"' in html and f'href="/p/{leaflet.pk}/en/"' in html


@override_settings(DEBUG=True)
def test_unknown_addresses_get_the_patient_page_not_found_even_with_debug_on(approved_leaflet, as_user):
    for address in (f"/p/{approved_leaflet.pk}/ta/", "/p/999999/ta/", "/p/1/xx/", "/p/1/ta/999999/"):
        response = as_user(None).get(address)
        html = response.content.decode()
        assert response.status_code == 404
        assert "Leaflet not found" in html or _in("ta", "Leaflet not found") in html
        assert "Django" not in html and "Traceback" not in html


def test_a_publication_of_another_leaflet_is_not_reachable_under_this_leaflets_address(
    approved_leaflet, personas, as_user
):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    assert as_user(None).get(f"/p/{approved_leaflet.pk + 1}/ta/{publication.pk}/").status_code == 404
