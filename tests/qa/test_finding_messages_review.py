"""Stored findings on the review screen: in the reviewer's interface language, English in the record."""

from __future__ import annotations

from review.models import AuditEvent
from tests.conftest import text_of
from tests.web.conftest import target_segments
from translations.models import Finding
from translations.qa_runner import current_findings
from workbench.models import UserPreference

ENGLISH = "The source has 995 (emergency number) but the target does not."
TAMIL = "மூலத்தில் 995 (அவசர எண்) உள்ளது, ஆனால் இலக்கில் இல்லை."
CHINESE = "原文有 995（紧急电话号码），但译文没有。"


def review_html(client, tv) -> str:
    response = client.get(f"/review/{tv.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_finding_is_stored_with_its_key_its_params_and_its_english_message(red_flag_leaflet):
    finding = current_findings(text_of(red_flag_leaflet, "ta")).get()
    assert (finding.check_id, finding.message_key, finding.params, finding.message) == (
        "numbers",
        "emergency",
        {"number": "995"},
        ENGLISH,
    )


def test_the_review_screen_shows_the_finding_in_the_reviewer_interface_language(red_flag_leaflet, personas, as_user):
    tamil = text_of(red_flag_leaflet, "ta")
    finding = current_findings(tamil).get()
    reviewer = personas.reviewer("ta", "clinical")
    UserPreference.objects.create(user=reviewer, ui_language="ta")

    html = review_html(as_user(reviewer), tamil)

    segment_html = html[html.index(f'id="seg-{finding.segment_key}"') :][:6000]
    assert TAMIL in segment_html
    assert ENGLISH not in html

    UserPreference.objects.filter(user=reviewer).update(ui_language="zh-hans")
    assert CHINESE in review_html(as_user(reviewer), tamil)
    UserPreference.objects.filter(user=reviewer).update(ui_language="en")
    assert ENGLISH in review_html(as_user(reviewer), tamil)


def test_a_finding_stored_before_findings_had_parameters_still_shows_its_message(red_flag_leaflet, personas, as_user):
    tamil = text_of(red_flag_leaflet, "ta")
    Finding.objects.filter(text_version=tamil).update(message_key="", params=None)
    reviewer = personas.reviewer("ta", "clinical")
    UserPreference.objects.create(user=reviewer, ui_language="ta")

    html = review_html(as_user(reviewer), tamil)

    assert ENGLISH in html and TAMIL not in html


def test_findings_made_in_a_tamil_request_are_stored_in_english_and_copied_with_their_params(
    red_flag_leaflet, personas, as_user, settings
):
    settings.REVIEWERS_EDIT_DIRECTLY = True  # the reviewer edits the text (by default they suggest)
    tamil = text_of(red_flag_leaflet, "ta")
    original = current_findings(tamil).get()
    reviewer = personas.reviewer("ta", "native")
    UserPreference.objects.create(user=reviewer, ui_language="ta")
    first = target_segments(tamil)[1]  # a paragraph, not the red flag

    response = as_user(reviewer).post(
        f"/review/{tamil.pk}/segments/{first.key}/", {"text": first.text + " 3", "edit_seq": first.edit_seq}
    )

    assert response.status_code == 302
    tamil.refresh_from_db()
    findings = {f.message_key: f for f in current_findings(tamil)}
    copied = findings["emergency"]
    assert (copied.origin_id, copied.params, copied.message) == (original.pk, {"number": "995"}, ENGLISH)
    added = findings["added_one"]  # the edit added a number, checked inside the Tamil request
    assert added.message == "The target has 3, which is not in the source."
    assert added.params == {"numbers": {"items": ["3"], "more": 0}}


def test_the_audit_trail_keeps_the_english_message_of_an_overridden_finding(red_flag_leaflet, personas, as_user):
    tamil = text_of(red_flag_leaflet, "ta")
    finding = current_findings(tamil).get()
    reviewer = personas.reviewer("ta", "clinical")
    UserPreference.objects.create(user=reviewer, ui_language="ta")

    as_user(reviewer).post(f"/review/{tamil.pk}/findings/{finding.pk}/override/", {"reason": "In the box heading."})

    event = AuditEvent.objects.get(verb="qa.overridden")
    assert event.data["message"] == ENGLISH
