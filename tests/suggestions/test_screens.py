"""What the review and translation screens offer: reviewers suggest, translators and authors decide,
and where a reviewer edits directly they are warned and their Approve is disabled with the reason."""

import pytest

from review.models import Suggestion
from tests.suggestions.conftest import BETTER_ZH, segment_of
from translations.edits import target_segment_edit
from translations.models import SegmentEdit


def test_a_reviewer_gets_a_suggest_box_instead_of_the_direct_edit(chinese, personas, as_user):
    html = as_user(personas.reviewer("zh", "native")).get(f"/review/{chinese.pk}/").content.decode()
    assert "Suggest a change to segment 1" in html
    assert f'action="/review/{chinese.pk}/segments/"' not in html  # no save-all form: nothing edits directly


def test_a_reviewers_suggestion_posted_from_the_screen_changes_no_text(chinese, personas, as_user):
    segment = segment_of(chinese)
    response = as_user(personas.reviewer("zh", "native")).post(
        f"/review/{chinese.pk}/segments/{segment.key}/suggest/",
        {"text": BETTER_ZH, "edit_seq": segment.edit_seq},
        follow=True,
    )
    assert "Suggestion kept beside the text" in response.content.decode()
    assert Suggestion.objects.get().text == BETTER_ZH
    assert segment_of(chinese).text == segment.text
    assert not SegmentEdit.objects.exists()


def test_a_refused_suggestion_comes_back_to_its_writer(chinese, personas, as_user):
    segment = segment_of(chinese)
    response = as_user(personas.reviewer("zh", "native")).post(
        f"/review/{chinese.pk}/segments/{segment.key}/suggest/",
        {"text": BETTER_ZH, "edit_seq": segment.edit_seq + 5},
        follow=True,
    )
    html = response.content.decode()
    assert "Someone changed this segment" in html and BETTER_ZH in html
    assert not Suggestion.objects.exists()


def test_the_author_sees_the_diff_and_accepts_from_the_review_screen(chinese, suggested, personas, as_user):
    client = as_user(personas.author)
    html = client.get(f"/review/{chinese.pk}/").content.decode()
    assert f'id="suggestion-{suggested.pk}"' in html and '<mark class="diff">' in html
    response = client.post(
        f"/review/{chinese.pk}/suggestions/{suggested.pk}/", {"action": "accept", "back": "review"}, follow=True
    )
    assert "Suggestion accepted" in response.content.decode()
    assert segment_of(chinese).text == BETTER_ZH
    assert segment_of(chinese).updated_by == personas.author


def test_the_translator_decides_on_the_translation_screen(chinese, suggested, personas, as_user):
    client = as_user(personas.translator("zh"))
    html = client.get(f"/translate/{chinese.pk}/").content.decode()
    assert "Changes suggested by reviewers" in html and f'id="suggestion-{suggested.pk}"' in html
    response = client.post(
        f"/review/{chinese.pk}/suggestions/{suggested.pk}/", {"action": "reject", "reason": "", "back": "translate"}
    )
    assert response.status_code == 302 and response["Location"].startswith(f"/translate/{chinese.pk}/#seg-")
    assert Suggestion.objects.get(pk=suggested.pk).state == "open"  # a rejection needs a reason
    client.post(
        f"/review/{chinese.pk}/suggestions/{suggested.pk}/",
        {"action": "reject", "reason": "“您” is too formal here.", "back": "translate"},
    )
    assert Suggestion.objects.get(pk=suggested.pk).state == "rejected"


def test_a_reviewer_sees_no_decision_buttons_on_their_own_suggestion_and_is_refused(
    chinese, suggested, personas, as_user
):
    client = as_user(personas.reviewer("zh", "native"))
    html = client.get(f"/review/{chinese.pk}/").content.decode()
    assert "Withdraw my suggestion" in html and 'value="accept"' not in html
    response = client.post(f"/review/{chinese.pk}/suggestions/{suggested.pk}/", {"action": "accept"})
    assert response.status_code == 403
    assert Suggestion.objects.get(pk=suggested.pk).state == "open"


def test_an_outsider_cannot_even_see_the_suggestion(chinese, suggested, personas, as_user):
    response = as_user(personas.reviewer("ms", "native")).post(
        f"/review/{chinese.pk}/suggestions/{suggested.pk}/", {"action": "accept"}
    )
    assert response.status_code == 404
    assert Suggestion.objects.get(pk=suggested.pk).state == "open"


@pytest.fixture
def reviewers_edit_directly(settings):
    settings.REVIEWERS_EDIT_DIRECTLY = True


def test_where_reviewers_edit_directly_they_are_warned_before_their_first_edit(
    chinese, personas, as_user, reviewers_edit_directly
):
    html = as_user(personas.reviewer("zh", "native")).get(f"/review/{chinese.pk}/").content.decode()
    assert "data-edit-warning" in html
    assert 'data-confirm="Saving your edit removes you as an approver of this text' in html
    assert "Suggest a change to segment 1" not in html


def test_after_editing_directly_approve_is_disabled_and_names_who_else_can_approve(
    chinese, personas, as_user, reviewers_edit_directly
):
    native = personas.reviewer("zh", "native")
    segment = segment_of(chinese)
    target_segment_edit(segment=segment, editor=native, text=BETTER_ZH, expected_seq=segment.edit_seq)

    html = as_user(native).get(f"/review/{chinese.pk}/").content.decode()
    assert "data-edit-warning" not in html  # the edit is made: the warning became the disabled Approve
    native_stage = html.split('name="stage" value="native"')[1].split("</form>")[0]
    assert "You wrote or edited this text, so someone else must approve it." in native_stage
    # The other Chinese native-speaker reviewer (in both groups there is none): nobody else holds the right.
    assert "Nobody else who holds this review right can approve it now" in native_stage
    assert "data-approve" in native_stage and "disabled" in native_stage.split("data-approve")[1].split(">")[0]


def test_the_page_names_the_other_reviewers_who_can_approve(chinese, personas, as_user, reviewers_edit_directly):
    from review.roles import stage_group_name
    from tests.conftest import make_user
    from workbench.models import Language

    colleague = make_user("zh_native_2", stage_group_name(Language.objects.get(code="zh"), "native"))
    colleague.first_name, colleague.last_name = "Li", "Wei"
    colleague.save()
    native = personas.reviewer("zh", "native")
    segment = segment_of(chinese)
    target_segment_edit(segment=segment, editor=native, text=BETTER_ZH, expected_seq=segment.edit_seq)

    html = as_user(native).get(f"/review/{chinese.pk}/").content.decode()
    assert "Who can approve it: Li Wei." in html
