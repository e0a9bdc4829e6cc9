"""/api/texts/{id}/suggestions/ and /api/suggestions/{id}/…: a reviewer suggests, the author or a translator decides.

The same services and permissions as the review and translation screens
(review.suggestions, review.permissions): a suggestion changes no text, so the
reviewer who made it can still approve the text once someone else applied it.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.models import Approval, AuditEvent, Suggestion
from tests.conftest import text_of
from tests.suggestions.conftest import BETTER_ZH, segment_of
from translations.models import SegmentEdit, TargetSegment
from workbench.api_base import text_etag


@pytest.fixture(autouse=True)
def _reviewers_suggest(settings):
    settings.REVIEWERS_EDIT_DIRECTLY = False  # the default deployment


@pytest.fixture
def chinese(translated_leaflet):
    return text_of(translated_leaflet, "zh")


def _suggest(client, tv, *, text=BETTER_ZH, position=1, edit_seq=None):
    segment = segment_of(tv, position)
    body = {"segment": str(segment.key), "text": text, "edit_seq": segment.edit_seq if edit_seq is None else edit_seq}
    return client.post(f"/api/texts/{tv.pk}/suggestions/", body, format="json")


def test_a_lone_reviewers_suggestion_accepted_by_the_author_is_then_approved_by_that_reviewer(
    chinese, personas, api_as
):
    reviewer = api_as(personas.reviewer("zh", "native"))

    made = _suggest(reviewer, chinese)
    assert made.status_code == 201, made.content
    assert (made.json()["state"], made.json()["author"]) == ("open", "zh_native")
    assert segment_of(chinese).text != BETTER_ZH  # a suggestion changes nothing
    accepted = api_as(personas.author).post(f"/api/suggestions/{made.json()['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    chinese.refresh_from_db()
    approved = reviewer.post(
        f"/api/texts/{chinese.pk}/approve/", {"stage": "native"}, format="json", HTTP_IF_MATCH=text_etag(chinese)
    )

    assert approved.status_code == 201, approved.content
    assert segment_of(chinese).text == BETTER_ZH
    row = Suggestion.objects.get(pk=made.json()["id"])
    assert (row.state, row.decided_by, row.applied_text) == ("accepted", personas.author, BETTER_ZH)
    assert SegmentEdit.objects.filter(target_segment=segment_of(chinese), editor=personas.author).exists()
    approval = Approval.objects.get(text_version=chinese, stage="native", decision="approved")
    assert (approval.reviewer, approval.content_hash) == (personas.reviewer("zh", "native"), chinese.content_hash)
    assert list(
        AuditEvent.objects.filter(verb__startswith="suggestion.").order_by("id").values_list("verb", flat=True)
    ) == ["suggestion.created", "suggestion.accepted"]


def test_it_refuses_a_suggestion_from_anyone_who_does_not_review_the_language(chinese, personas, api_as):
    tamil_reviewer = api_as(personas.reviewer("ta", "native"))
    translator = api_as(personas.translators["zh"])

    assert _suggest(api_as(personas.outsider), chinese).status_code == 404  # may not even see the text
    assert _suggest(tamil_reviewer, chinese).status_code == 404
    assert _suggest(translator, chinese).status_code == 403  # translators edit; they do not suggest
    assert _suggest(api_as(personas.author), chinese).status_code == 403
    assert not Suggestion.objects.exists()
    assert not AuditEvent.objects.filter(verb="suggestion.created").exists()


def test_it_refuses_a_suggestion_made_against_text_that_changed_with_the_current_text(chinese, personas, api_as):
    segment = segment_of(chinese)

    response = _suggest(api_as(personas.reviewer("zh", "native")), chinese, edit_seq=segment.edit_seq + 1)

    assert response.status_code == 409
    assert response.json()["code"] == "stale_suggestion"
    assert response.json()["current_text"] == segment.text
    assert not Suggestion.objects.exists()


def test_it_refuses_the_reviewer_accepting_their_own_suggestion(chinese, personas, api_as):
    reviewer = api_as(personas.reviewer("zh", "native"))
    made = _suggest(reviewer, chinese).json()
    before = segment_of(chinese).text

    response = reviewer.post(f"/api/suggestions/{made['id']}/accept/", {}, format="json")

    assert response.status_code == 403
    assert Suggestion.objects.get(pk=made["id"]).state == "open"
    assert segment_of(chinese).text == before
    assert not SegmentEdit.objects.exists()


def test_a_translator_accepts_with_changes_against_the_text_they_read(chinese, personas, api_as):
    made = _suggest(api_as(personas.reviewer("zh", "native")), chinese).json()
    segment = segment_of(chinese)
    own = BETTER_ZH.replace("您", "你")
    translator = api_as(personas.translators["zh"])

    half = translator.post(f"/api/suggestions/{made['id']}/accept/", {"text": own}, format="json")
    stale = translator.post(
        f"/api/suggestions/{made['id']}/accept/", {"text": own, "edit_seq": segment.edit_seq + 1}, format="json"
    )
    accepted = translator.post(
        f"/api/suggestions/{made['id']}/accept/", {"text": own, "edit_seq": segment.edit_seq}, format="json"
    )

    assert half.status_code == 400  # text without the edit_seq it was written against
    assert stale.status_code == 409 and stale.json()["current_text"] == segment.text
    assert accepted.status_code == 200, accepted.content
    assert (accepted.json()["state"], accepted.json()["applied_text"]) == ("accepted", own)
    assert segment_of(chinese).text == own


def test_a_rejection_needs_a_reason_and_the_reviewer_reads_it(chinese, personas, api_as):
    made = _suggest(api_as(personas.reviewer("zh", "native")), chinese).json()
    author = api_as(personas.author)

    without = author.post(f"/api/suggestions/{made['id']}/reject/", {"reason": ""}, format="json")
    rejected = author.post(
        f"/api/suggestions/{made['id']}/reject/", {"reason": "The leaflet uses 您 throughout."}, format="json"
    )
    listed = api_as(personas.reviewer("zh", "native")).get(f"/api/texts/{chinese.pk}/suggestions/?state=rejected")

    assert without.status_code == 400
    assert rejected.status_code == 200
    assert [(s["id"], s["rejection_reason"]) for s in listed.json()] == [
        (made["id"], "The leaflet uses 您 throughout.")
    ]
    assert TargetSegment.objects.get(pk=segment_of(chinese).pk).text != BETTER_ZH


def test_only_the_reviewer_who_made_a_suggestion_withdraws_it(chinese, personas, api_as):
    made = _suggest(api_as(personas.reviewer("zh", "native")), chinese).json()

    by_other = api_as(personas.reviewer("zh", "clinical")).post(f"/api/suggestions/{made['id']}/withdraw/")
    by_outsider = api_as(personas.outsider).post(f"/api/suggestions/{made['id']}/withdraw/")
    by_author = api_as(personas.reviewer("zh", "native")).post(f"/api/suggestions/{made['id']}/withdraw/")

    assert (by_other.status_code, by_outsider.status_code) == (403, 404)
    assert by_author.status_code == 200 and by_author.json()["state"] == "withdrawn"
    assert Suggestion.objects.get(pk=made["id"]).state == "withdrawn"


def test_listing_costs_the_same_queries_for_one_suggestion_and_for_five(chinese, personas, api_as):
    reviewer = api_as(personas.reviewer("zh", "native"))
    client = api_as(personas.author)
    url = f"/api/texts/{chinese.pk}/suggestions/"
    _suggest(reviewer, chinese, text=BETTER_ZH, position=1)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).json()) == 1
    for position in (2, 1, 2, 1):
        _suggest(reviewer, chinese, text=f"{BETTER_ZH} ({position})", position=position)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).json()) == 5

    assert len(five.captured_queries) == len(one.captured_queries)


def test_it_refuses_a_reviewers_direct_edit_where_reviewers_suggest_on_every_path(chinese, personas, api_as, client):
    segment = segment_of(chinese)
    reviewer = personas.reviewer("zh", "native")

    patched = api_as(reviewer).patch(
        f"/api/texts/{chinese.pk}/segments/{segment.key}/",
        {"text": BETTER_ZH},
        format="json",
        HTTP_IF_MATCH=text_etag(chinese),
    )
    client.force_login(reviewer)
    posted = client.post(
        f"/review/{chinese.pk}/segments/{segment.key}/", {"text": BETTER_ZH, "edit_seq": segment.edit_seq}
    )

    assert patched.status_code == 403
    assert f"/api/texts/{chinese.pk}/suggestions/" in patched.json()["detail"]
    assert posted.status_code == 403
    assert TargetSegment.objects.get(pk=segment.pk).text == segment.text
    assert not SegmentEdit.objects.exists()


def test_where_reviewers_edit_directly_their_edit_is_applied_and_removes_them_as_approver(
    chinese, personas, api_as, settings
):
    settings.REVIEWERS_EDIT_DIRECTLY = True
    segment = segment_of(chinese)
    reviewer = api_as(personas.reviewer("zh", "native"))

    patched = reviewer.patch(
        f"/api/texts/{chinese.pk}/segments/{segment.key}/",
        {"text": BETTER_ZH},
        format="json",
        HTTP_IF_MATCH=text_etag(chinese),
    )
    chinese.refresh_from_db()
    approve = reviewer.post(
        f"/api/texts/{chinese.pk}/approve/", {"stage": "native"}, format="json", HTTP_IF_MATCH=text_etag(chinese)
    )

    assert patched.status_code == 200 and segment_of(chinese).text == BETTER_ZH
    assert approve.status_code == 400  # they edited it: someone else approves
    assert not Approval.objects.filter(text_version=chinese, decision="approved").exists()


def test_the_apis_refusals_of_a_reviewers_edit_and_of_a_suggestion_speak_the_callers_language(
    chinese, personas, api_as, settings
):
    from workbench.models import UserPreference

    segment = segment_of(chinese)
    for user in (personas.reviewer("zh", "native"), personas.translators["zh"]):
        UserPreference.objects.create(user=user, ui_language="zh-hans")

    patched = api_as(personas.reviewer("zh", "native")).patch(
        f"/api/texts/{chinese.pk}/segments/{segment.key}/",
        {"text": BETTER_ZH},
        format="json",
        HTTP_IF_MATCH=text_etag(chinese),
    )
    suggested = _suggest(api_as(personas.translators["zh"]), chinese)

    assert patched.status_code == 403 and "审核人员不直接编辑此文本" in patched.json()["detail"]
    assert suggested.status_code == 403 and "Only the reviewers" not in suggested.json()["detail"]
