"""Every screen in all four UI languages, screenshot each (test-artifacts/screenshots/<screen>-<lang>.png).

Each screen is also read as Chromium shows it, after its scripts ran (live statuses, save states,
confirmations fill themselves in): the words a reader sees must be in their language
(tests/support/language_audit.py, which tests/web/test_every_word.py runs over every page's HTML).
"""

import pytest
from django.contrib.auth import get_user_model

from review.services import leaflet_publish, translation_approve
from tests.browser.conftest import UI_LANGUAGES, shot
from tests.browser.helpers import leaflet_with_red_flag
from tests.conftest import approve_everything, make_leaflet, text_of, translate_all
from tests.support.language_audit import audit_html
from tests.support.review import seen

pytestmark = pytest.mark.browser

# The Tamil red flag without the emergency number: the review screen then shows a QA error.
TAMIL_WITHOUT_NUMBER = {
    "en": "Call 995 at once if you bleed from the gums or nose.",
    "zh": "如果牙龈或鼻子出血，请立即拨打995。",
    "ms": "Hubungi 995 segera jika gusi atau hidung anda berdarah.",
    "ta": "ஈறுகளில் அல்லது மூக்கில் இரத்தம் வந்தால் உடனே அழைக்கவும்.",
}


def _world(personas):
    leaflet = leaflet_with_red_flag(personas, red_flag=TAMIL_WITHOUT_NUMBER)
    tamil = text_of(leaflet, "ta")
    translation_approve(
        text_version=text_of(leaflet, "zh"),
        expected_hash=seen(text_of(leaflet, "zh")),
        reviewer=personas.reviewer("zh", "native"),
        stage="native",
    )
    published = make_leaflet(personas.author, title="Symptoms check (published)")
    translate_all(published)
    approve_everything(published, personas)
    leaflet_publish(leaflet=published, publisher=personas.publisher)
    return leaflet, tamil, published


def test_every_screen_in_every_ui_language(personas, open_as):
    leaflet, tamil, published = _world(personas)
    screens = [
        ("home-author", personas.author, "/"),
        ("leaflet-create", personas.author, "/leaflets/new/"),
        ("leaflet-detail", personas.author, f"/leaflets/{leaflet.pk}/"),
        ("leaflet-edit", personas.author, f"/leaflets/{leaflet.pk}/edit/"),
        ("history", personas.author, f"/leaflets/{leaflet.pk}/revisions/"),
        ("home-reviewer", personas.reviewer("ta", "native"), "/"),
        ("review-tamil", personas.reviewer("ta", "native"), f"/review/{tamil.pk}/"),
        ("publish-matrix", personas.publisher, f"/leaflets/{leaflet.pk}/publish/"),
        ("home-publisher", personas.publisher, "/"),
        ("audit", personas.publisher, f"/leaflets/{leaflet.pk}/audit/"),
        ("dashboard", personas.publisher, "/dashboard/"),
        ("draft-form", personas.author, "/leaflets/draft/"),
    ]
    names = frozenset(
        name for user in get_user_model().objects.all() for name in (user.username, user.get_full_name()) if name
    )
    findings = []
    for ui in UI_LANGUAGES:
        pages = {}
        for screen, user, path in screens:
            page = pages.get(user.pk) or open_as(user, ui_language=ui)
            pages[user.pk] = page
            response = page.goto(page.base_url + path)
            assert response.status == 200, (screen, ui)
            expected_lang = {"zh-hans": "zh-Hans"}.get(ui, ui)
            assert page.locator("html").get_attribute("lang") == expected_lang
            shot(page, screen, ui)
            if ui != "en":
                findings += audit_html(page.content(), ui, f"{ui} {screen}", names)
        for page in pages.values():
            assert page.js_errors == [], page.js_errors
    assert findings == [], "\n".join(map(str, findings))
    login = open_as(None)
    login.goto(login.base_url + "/accounts/login/")
    shot(login, "login", "en")
