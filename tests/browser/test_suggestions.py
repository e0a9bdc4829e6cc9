"""A lone Chinese native-speaker reviewer suggests a change instead of making it; the author accepts
it and becomes its editor; the reviewer, who never edited the text, then approves it."""

import pytest

from review.models import Approval, AuditEvent, Suggestion
from tests.browser.conftest import shot
from tests.conftest import make_leaflet, text_of, translate_all
from translations.models import SegmentEdit, TargetSegment
from translations.text_versions import has_contributed

pytestmark = pytest.mark.browser

# TICO-19 CMU_1:2 ("about how long have these symptoms been going on?") said the way a native
# speaker asks a patient: "How long have you had these symptoms?"
BETTER_ZH = "这些症状您有多久了？"


def test_a_lone_reviewers_suggestion_is_accepted_by_the_author_and_the_reviewer_then_approves(
    personas, open_as, settings
):
    settings.REVIEWERS_EDIT_DIRECTLY = False  # the default: reviewers suggest
    leaflet = make_leaflet(personas.author, languages=("en", "zh"))
    translate_all(leaflet)
    chinese = text_of(leaflet, "zh")
    segment = TargetSegment.objects.get(text_version=chinese, position=1)
    before = segment.text
    reviewer = personas.reviewer("zh", "native")
    personas.author.first_name, personas.author.last_name = "Aisha", "Tan"
    personas.author.save()

    # The reviewer's box is "Suggest a change": suggesting changes no text.
    page = open_as(reviewer)
    page.goto(f"{page.base_url}/review/{chinese.pk}/")
    box = page.get_by_label("Suggest a change to segment 1")
    box.fill(BETTER_ZH)
    page.locator(f"#seg-{segment.key}").get_by_role("button", name="Suggest", exact=True).click()
    page.wait_for_url(f"**/review/{chinese.pk}/#seg-{segment.key}")
    page.get_by_text("Suggestion kept beside the text.").wait_for()
    suggestion = Suggestion.objects.get()
    assert (suggestion.state, suggestion.text, suggestion.author) == ("open", BETTER_ZH, reviewer)
    assert TargetSegment.objects.get(pk=segment.pk).text == before
    assert not SegmentEdit.objects.exists()
    assert (
        page.locator(f"#suggestion-{suggestion.pk}").get_by_role("button", name="Withdraw my suggestion").is_visible()
    )
    assert page.locator(f"#suggestion-{suggestion.pk}").get_by_role("button", name="Accept").count() == 0
    shot(page, "review-suggestion-made", "en")

    # The author sees the suggestion as a diff beside the text and accepts it: their edit.
    author_page = open_as(personas.author)
    author_page.goto(f"{author_page.base_url}/review/{chinese.pk}/")
    shown = author_page.locator(f"#suggestion-{suggestion.pk}")
    assert shown.locator("mark.diff").count() >= 1
    assert BETTER_ZH in shown.locator("dd.new").inner_text()
    shot(author_page, "review-suggestion-to-decide", "en")
    shown.get_by_role("button", name="Accept", exact=True).click()
    author_page.wait_for_url(f"**/review/{chinese.pk}/#seg-{segment.key}")
    author_page.get_by_text("Suggestion accepted").wait_for()
    segment.refresh_from_db()
    assert (segment.text, segment.updated_by) == (BETTER_ZH, personas.author)
    assert SegmentEdit.objects.get().editor == personas.author
    assert Suggestion.objects.get().state == "accepted"
    chinese.refresh_from_db()
    assert has_contributed(user=personas.author, text_version=chinese)
    assert not has_contributed(user=reviewer, text_version=chinese)

    # The reviewer never edited the text: Approve is open to them, and the approval stands.
    page.goto(f"{page.base_url}/review/{chinese.pk}/")
    approve = page.get_by_role("button", name="✓ Approve")
    assert approve.is_enabled()
    page.on("dialog", lambda dialog: dialog.accept())
    approve.click()
    page.wait_for_url(f"**/review/{chinese.pk}/#decisions")
    approval = Approval.objects.get()
    chinese.refresh_from_db()
    assert (approval.reviewer, approval.stage, approval.decision) == (reviewer, "native", "approved")
    assert (approval.content_hash, approval.generation) == (chinese.content_hash, chinese.edit_generation)
    assert AuditEvent.objects.filter(verb="text.approved", object_id=str(approval.pk)).exists()
    assert AuditEvent.objects.filter(verb="suggestion.accepted", actor=personas.author).exists()
    assert page.js_errors == [] and author_page.js_errors == []


def test_where_reviewers_edit_directly_they_are_asked_first_and_then_cannot_approve(personas, open_as, settings):
    from review.roles import stage_group_name
    from tests.conftest import make_user
    from workbench.models import Language

    settings.REVIEWERS_EDIT_DIRECTLY = True
    colleague = make_user("zh_native_2", stage_group_name(Language.objects.get(code="zh"), "native"))
    colleague.first_name, colleague.last_name = "Li", "Wei"
    colleague.save()
    leaflet = make_leaflet(personas.author, languages=("en", "zh"))
    translate_all(leaflet)
    chinese = text_of(leaflet, "zh")
    segment = TargetSegment.objects.get(text_version=chinese, position=1)
    reviewer = personas.reviewer("zh", "native")

    page = open_as(reviewer)
    page.goto(f"{page.base_url}/review/{chinese.pk}/")
    assert page.locator("[data-edit-warning]").is_visible()
    questions: list[str] = []
    answer = {"accept": False}

    def on_dialog(dialog):
        questions.append(dialog.message)
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    page.get_by_label("Current text of segment 1").fill(BETTER_ZH)

    # Asked before the first edit; saying no saves nothing.
    page.get_by_role("button", name="Save all changes").click()
    page.wait_for_timeout(300)
    assert questions and "removes you as an approver" in questions[0]
    assert TargetSegment.objects.get(pk=segment.pk).text != BETTER_ZH

    answer["accept"] = True
    page.get_by_role("button", name="Save all changes").click()
    page.wait_for_url(f"**/review/{chinese.pk}/**")
    page.get_by_text("Saved 1 segment.").wait_for()
    assert TargetSegment.objects.get(pk=segment.pk).text == BETTER_ZH
    assert SegmentEdit.objects.get().editor == reviewer

    # Now an editor: Approve is disabled with the reason, and the page names who else can approve.
    approve = page.get_by_role("button", name="✓ Approve")
    assert approve.is_disabled()
    reason = page.locator("[data-edited-it]")
    assert "You wrote or edited this text, so someone else must approve it." in reason.inner_text()
    assert "Who can approve it: Li Wei." in reason.inner_text()
    assert page.locator("[data-edit-warning]").count() == 0
    shot(page, "review-edited-directly", "en")
    assert not Approval.objects.exists()
    assert page.js_errors == []
