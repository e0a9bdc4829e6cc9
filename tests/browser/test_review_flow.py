"""A Tamil reviewer on the review screen: findings beside their segment, keyboard, override, approve."""

import pytest

from review.models import Approval, FindingOverride
from tests.browser.conftest import shot
from tests.browser.helpers import RED_FLAG, leaflet_with_red_flag
from tests.conftest import text_of

pytestmark = pytest.mark.browser

# The Tamil red flag without the emergency number: the QA "numbers" check reports an error.
TAMIL_WITHOUT_NUMBER = dict(RED_FLAG, ta="ஈறுகளில் அல்லது மூக்கில் இரத்தம் வந்தால் உடனே அழைக்கவும்.")


def test_a_reviewer_sees_the_finding_overrides_it_and_approves_with_the_keyboard(personas, open_as):
    leaflet = leaflet_with_red_flag(personas, red_flag=TAMIL_WITHOUT_NUMBER)
    tamil = text_of(leaflet, "ta")
    page = open_as(personas.reviewer("ta", "native"))
    page.goto(f"{page.base_url}/review/{tamil.pk}/")

    # The finding sits in the red-flag segment, next to the text it is about.
    red_flag_segment = page.locator(".seg").nth(4)  # after the title, the heading and two paragraphs
    assert "The source has 995" in red_flag_segment.inner_text()
    assert red_flag_segment.locator('p[lang="ta"]').first.is_visible()
    assert page.get_by_role("button", name="✓ Approve").is_disabled()
    shot(page, "review-with-finding", "en")

    # j/k move between segments; typing in a text box is not a shortcut.
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.locator(".seg.current").get_attribute("id") == page.locator(".seg").nth(1).get_attribute("id")
    page.keyboard.press("k")
    assert page.locator(".seg.current").get_attribute("id") == page.locator(".seg").nth(0).get_attribute("id")
    comment_box = page.get_by_label("Comment (optional to approve; required to request changes)")
    comment_box.type("a j k")
    assert comment_box.input_value() == "a j k"
    assert page.locator(".seg.current").get_attribute("id") == page.locator(".seg").nth(0).get_attribute("id")
    comment_box.fill("")

    # Override the error with a reason.
    red_flag_segment.get_by_text("Override this error…").click()
    red_flag_segment.get_by_label("Why is this acceptable?").fill("The number is printed in the box heading.")
    red_flag_segment.get_by_role("button", name="Override").click()
    page.wait_for_url(f"**/review/{tamil.pk}/#seg-*")
    assert FindingOverride.objects.get().reason == "The number is printed in the box heading."

    # `a` approves after a confirmation.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("a")
    page.wait_for_url(f"**/review/{tamil.pk}/#decisions")
    assert dialogs and "Approve exactly this text" in dialogs[0]
    approval = Approval.objects.get()
    assert (approval.stage, approval.reviewer, approval.content_hash) == (
        "native",
        personas.reviewer("ta", "native"),
        text_of(leaflet, "ta").content_hash,
    )
    assert page.get_by_text("Approved: Native-speaker review").is_visible()
    shot(page, "review-approved", "en")
    assert page.js_errors == []


def test_a_stale_edit_shows_both_texts(personas, open_as, settings):
    settings.REVIEWERS_EDIT_DIRECTLY = True  # two reviewers editing directly (by default they suggest)
    leaflet = leaflet_with_red_flag(personas)
    tamil = text_of(leaflet, "ta")
    native = open_as(personas.reviewer("ta", "native"))
    clinician = open_as(personas.reviewer("ta", "clinical"))
    native.goto(f"{native.base_url}/review/{tamil.pk}/")
    clinician.goto(f"{clinician.base_url}/review/{tamil.pk}/")
    for page in (native, clinician):  # "saving removes you as an approver": each goes ahead
        page.on("dialog", lambda dialog: dialog.accept())

    clinician.get_by_label("Current text of segment 2").fill("இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?")
    clinician.locator(".seg").nth(2).get_by_role("button", name="Save").click()  # segment 2, after the title
    clinician.wait_for_url("**#seg-*")
    native.get_by_label("Current text of segment 2").fill("அறிகுறிகள் எவ்வளவு நாளாக உள்ளன?")
    native.locator(".seg").nth(2).get_by_role("button", name="Save").click()

    native.get_by_role("heading", name="Someone else changed this segment").wait_for()
    assert native.get_by_text("இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?").is_visible()
    assert native.get_by_label("Edit and save again").input_value() == "அறிகுறிகள் எவ்வளவு நாளாக உள்ளன?"
    shot(native, "review-stale-edit", "en")
