"""Nothing typed is lost: two segments saved together, and a warning before leaving with unsaved text."""

import pytest

from tests.browser.conftest import shot
from tests.browser.helpers import leaflet_with_red_flag
from tests.conftest import TICO, text_of
from translations.models import SegmentEdit, TargetSegment

pytestmark = pytest.mark.browser

# The reviewer's wording of the two TICO paragraphs (TICO-19 CMU_1:105 and CMU_1:109).
FIRST = "என் சகோதரிக்கு இதே போன்ற அறிகுறிகள் உள்ளன"
SECOND = "உங்களுக்கு மார்பு வலி இருப்பதாக இப்போது நீங்கள் சொன்னீர்கள்"


def watch_dialogs(page) -> list[str]:
    """Every dialog the page raises, by type; a leave-page question is answered "stay"."""
    seen: list[str] = []

    def answer(dialog):
        seen.append(dialog.type)
        if dialog.type == "confirm":  # "saving removes you as an approver": the reviewer goes ahead
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    return seen


def test_two_segments_typed_are_saved_together_and_leaving_with_unsaved_text_asks_first(personas, open_as, settings):
    settings.REVIEWERS_EDIT_DIRECTLY = True  # reviewers edit the text here (by default they suggest)
    leaflet = leaflet_with_red_flag(personas)
    tamil = text_of(leaflet, "ta")
    reviewer = personas.reviewer("ta", "native")
    page = open_as(reviewer)
    page.goto(f"{page.base_url}/review/{tamil.pk}/")
    dialogs = watch_dialogs(page)
    status = page.locator("[data-save-status]")
    assert status.inner_text() == "No unsaved changes."

    # Typing into two segments: both are marked unsaved, and leaving now asks first (the reviewer stays).
    page.get_by_label("Current text of segment 2").fill("")
    page.get_by_label("Current text of segment 2").press_sequentially(FIRST)
    page.get_by_label("Current text of segment 3").fill("")
    page.get_by_label("Current text of segment 3").press_sequentially(SECOND)
    assert page.locator(".seg.unsaved").count() == 2
    assert status.inner_text() == "Unsaved changes: save them before you leave this page."
    shot(page, "review-unsaved-segments", "en", full_page=False)
    page.get_by_role("link", name="Back to the leaflet").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/review/{tamil.pk}/")
    assert page.get_by_label("Current text of segment 2").input_value() == FIRST

    # One Save (beside segment 3) keeps both.
    page.locator(".seg").nth(3).get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/review/{tamil.pk}/#seg-*")
    page.get_by_text("Saved 2 segments.").wait_for()
    texts = dict(TargetSegment.objects.filter(text_version=tamil).values_list("position", "text"))
    assert (texts[2], texts[3]) == (FIRST, SECOND)
    assert SegmentEdit.objects.filter(target_segment__text_version=tamil, editor=reviewer, applied=True).count() == 2
    assert status.inner_text() == "No unsaved changes."
    assert dialogs == ["beforeunload", "confirm"]  # the first edit asked whether to give up approving

    # After saving, leaving asks nothing.
    page.get_by_role("link", name="Back to the leaflet").click()
    page.wait_for_url(f"**/leaflets/{leaflet.pk}/")
    assert dialogs == ["beforeunload", "confirm"]
    assert page.js_errors == []


def test_a_translator_leaving_with_unsaved_text_is_asked_and_saving_all_keeps_it(personas, open_as):
    from tests.conftest import make_leaflet

    leaflet = make_leaflet(personas.author, languages=("en", "ms"))
    malay = text_of(leaflet, "ms")
    page = open_as(personas.translator("ms"))
    page.goto(f"{page.base_url}/translate/{malay.pk}/")
    dialogs = watch_dialogs(page)

    page.get_by_label("Translation of segment 1").press_sequentially(TICO[0]["ms"])
    page.get_by_label("Translation of segment 2").press_sequentially(TICO[1]["ms"])
    page.get_by_role("link", name="Back to your list").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]

    page.get_by_role("button", name="Save all changes").click()
    page.wait_for_url(f"**/translate/{malay.pk}/#seg-*")
    texts = dict(TargetSegment.objects.filter(text_version=malay).values_list("position", "text"))
    assert (texts[1], texts[2]) == (TICO[0]["ms"], TICO[1]["ms"])
    page.get_by_role("link", name="Back to your list").click()
    page.wait_for_url(f"{page.base_url}/")
    assert dialogs == ["beforeunload"]
    assert page.js_errors == []
