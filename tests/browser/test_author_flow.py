"""An author logs in, creates a leaflet with the segment editor, edits it, and reads the diff."""

import pytest

from tests.browser.conftest import shot
from workbench.models import Leaflet

pytestmark = pytest.mark.browser


def test_an_author_creates_and_edits_a_leaflet(personas, open_as, live_server):
    personas.author.set_password("leaflets-test-2026")
    personas.author.save()
    page = open_as(None)

    # Log in through the real form.
    page.goto(f"{page.base_url}/leaflets/new/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill("author")
    page.get_by_label("Password").fill("leaflets-test-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/leaflets/new/")

    page.get_by_label("Title").fill("Dengue fever at home")
    page.get_by_label("Topic").fill("Dengue")
    page.get_by_label("Tamil").uncheck()  # required languages are checkboxes
    page.get_by_label("Text of segment 1").fill("Dengue fever: caring for yourself")
    page.get_by_label("Text of segment 2").fill("Rest and drink plenty of fluids.")
    # Add two rows with the editor's buttons (JavaScript, no reload), then rearrange.
    page.get_by_role("button", name="Add a segment after segment 2").click()
    page.get_by_label("Text of segment 3").fill("Call 995 if you bleed from the gums.")
    page.get_by_label("Kind of segment 3").select_option("red_flag")
    page.get_by_role("button", name="Add a segment after segment 3").click()
    page.get_by_label("Text of segment 4").fill("Take paracetamol for fever.")
    page.get_by_label("Kind of segment 4").select_option("list_item")
    page.get_by_role("button", name="Move segment 4 up").click()  # the list item goes before the red flag
    page.get_by_role("button", name="Add a segment after segment 4").click()
    page.get_by_role("button", name="Delete segment 5").click()  # an empty row: deleted without asking
    shot(page, "leaflet-create-filled", "en")
    page.get_by_role("button", name="Create leaflet").click()
    page.wait_for_url("**/leaflets/*/")

    leaflet = Leaflet.objects.get(title="Dengue fever at home")
    first = leaflet.current_revision
    assert leaflet.language_codes() == ["en", "ms", "zh"]
    assert [(s.kind, s.text) for s in first.segments.all()] == [
        ("title", "Dengue fever at home"),  # the Title field, first
        ("heading", "Dengue fever: caring for yourself"),
        ("paragraph", "Rest and drink plenty of fluids."),
        ("list_item", "Take paracetamol for fever."),
        ("red_flag", "Call 995 if you bleed from the gums."),
    ]
    assert page.get_by_text("Leaflet created as revision 1").is_visible()

    # Edit: change one segment and add one; the keys of the others survive.
    page.get_by_role("link", name="Edit text").click()
    page.get_by_label("Text of segment 2").fill("Rest, and drink at least 8 glasses of fluids a day.")
    page.get_by_role("button", name="Add a segment after segment 3").click()
    page.get_by_label("Text of segment 4").fill("Remove stagnant water at home.")
    page.get_by_label("Kind of segment 4").select_option("list_item")
    page.get_by_label("What changed (optional)").fill("More precise fluids advice")
    shot(page, "leaflet-edit-changed", "en")
    page.get_by_role("button", name="Save as a new revision").click()
    page.wait_for_url(f"**/leaflets/{leaflet.pk}/")
    assert page.get_by_text("Saved as revision 2").is_visible()

    leaflet.refresh_from_db()
    second = leaflet.current_revision
    assert second.number == 2 and second.note == "More precise fluids advice"
    before = [s.key for s in first.segments.all()]
    after = list(second.segments.all())
    assert [s.key for s in after if s.key in before] == before
    assert [s.kind for s in after] == ["title", "heading", "paragraph", "list_item", "list_item", "red_flag"]
    assert after[2].text == "Rest, and drink at least 8 glasses of fluids a day."

    # The history's side-by-side diff.
    page.get_by_role("link", name="History").click()
    page.get_by_role("button", name="Compare the selected revisions").click()
    assert page.locator("table.diff ins").first.inner_text().strip() != ""
    assert page.locator("tr.added").count() == 1 and page.locator("tr.changed").count() == 1
    shot(page, "revision-diff", "en")
    assert page.js_errors == []


def test_the_language_switcher_keeps_the_choice_for_the_user(personas, open_as):
    from workbench.models import UserPreference

    page = open_as(personas.author)
    page.goto(f"{page.base_url}/")

    page.get_by_label("Interface language").select_option("ta")
    page.wait_for_load_state()
    page.wait_for_function("() => document.documentElement.lang === 'ta'")

    assert UserPreference.objects.get(user=personas.author).ui_language == "ta"
    other_device = open_as(personas.author, ui_language="ta")  # the preference, not a cookie, carries it
    other_device.context.clear_cookies()
    from django.test import Client

    client = Client()
    client.force_login(personas.author)
    other_device.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": other_device.base_url}]
    )
    other_device.goto(f"{other_device.base_url}/")
    assert other_device.locator("html").get_attribute("lang") == "ta"
