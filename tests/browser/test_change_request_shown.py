"""The author logs in, reads what the Malay reviewer asked on the leaflet page, and follows its link to the
review screen, where the request is answered."""

import pytest

from review.services import translation_request_changes
from tests.browser.conftest import shot
from tests.browser.test_accessibility import axe_page, serious_violations  # noqa: F401 (axe_page: a fixture)
from tests.conftest import make_leaflet, text_of, translate_all

pytestmark = pytest.mark.browser

REQUEST = (
    "Segment 2 says 'imej'; patients say 'gambar'. Please use 'gambar' throughout, and keep the sentence "
    "as short as the English one so that it fits on the printed card beside the picture of the tablets."
)


def test_the_author_reads_the_change_request_and_follows_it_to_the_review_screen(personas, open_as):
    leaflet = make_leaflet(personas.author)
    translate_all(leaflet)
    malay = text_of(leaflet, "ms")
    reviewer = personas.reviewer("ms", "native")
    reviewer.first_name, reviewer.last_name = "Siti", "Rahman"
    reviewer.save()
    request = translation_request_changes(text_version=malay, reviewer=reviewer, stage="native", comment=REQUEST)

    page = open_as(personas.author)
    page.goto(f"{page.base_url}/leaflets/{leaflet.pk}/")

    note = page.locator(f'[data-change-request="{request.pk}"]')
    assert note.is_visible()
    assert "Segment 2 says 'imej'; patients say 'gambar'" in note.inner_text()
    assert "asked by Siti Rahman (native-speaker reviewer)" in note.inner_text()
    # The long comment is shortened; "more" shows the whole of it.
    whole = note.locator("details p")
    assert not whole.is_visible()
    note.get_by_text("more", exact=True).click()
    assert whole.is_visible() and whole.inner_text() == REQUEST
    shot(page, "leaflet-change-request", "en")

    note.get_by_role("link", name="Open the Malay review screen").click()
    page.wait_for_url(f"**/review/{malay.pk}/#decision-{request.pk}")
    assert page.get_by_text(REQUEST).first.is_visible()
    assert not page.js_errors


def test_the_leaflet_page_with_a_change_request_has_no_serious_accessibility_violations(personas, axe_page):  # noqa: F811
    leaflet = make_leaflet(personas.author)
    translate_all(leaflet)
    translation_request_changes(
        text_version=text_of(leaflet, "ta"),
        reviewer=personas.reviewer("ta", "clinical"),
        stage="clinical",
        comment=REQUEST,
    )
    page = axe_page(personas.author)
    page.goto(f"{page.base_url}/leaflets/{leaflet.pk}/")
    page.locator(".change-request summary").first.click()

    assert page.locator(".change-request").count() == 1
    assert serious_violations(page) == []
