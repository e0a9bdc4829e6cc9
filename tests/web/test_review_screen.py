"""The review screen of one text version: reading, editing, findings, comments, decisions."""

import pytest

from review.models import Approval, AuditEvent, Comment, FindingOverride
from tests.conftest import TAMIL_RED_FLAG_FIXED, text_of
from tests.web.conftest import once, target_segments
from translations.models import SegmentEdit, TargetSegment
from translations.qa_runner import current_findings
from workbench.models import Revision


@pytest.fixture(autouse=True)
def _reviewers_edit_directly(settings):
    # Reviewers' own edits are what this file tests; by default a reviewer suggests instead and an
    # edit is refused (tests/api/test_suggestions.py, tests/web/test_access_matrix.py).
    settings.REVIEWERS_EDIT_DIRECTLY = True


def test_it_shows_source_draft_current_text_and_back_translation_with_lang_attributes(
    translated_leaflet, personas, as_user, settings
):
    settings.REVIEWERS_EDIT_DIRECTLY = True  # the edit boxes (by default a reviewer suggests: tests/suggestions/)
    tamil = text_of(translated_leaflet, "ta")
    TargetSegment.objects.filter(text_version=tamil, position=1).update(  # the first paragraph, after the title
        back_translation="how long have these symptoms lasted?", back_translation_chrf=71.5
    )

    response = as_user(personas.reviewer("ta", "native")).get(f"/review/{tamil.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<p lang="en">about how long have these symptoms been going on?</p>' in html
    assert '<p lang="ta">இந்த அறிகுறிகள் எவ்வளவு காலமாக இருந்து வருகின்றன?</p>' in html  # the model draft
    assert 'lang="ta">இந்த அறிகுறிகள்' in html  # the editable text
    assert "how long have these symptoms lasted?" in html and "chrF 72" in html
    # Every segment's box carries the edit counter it was typed against (one save for all changed segments).
    assert 'name="seq-' in html and 'form="save-all"' in html and f'value="{tamil.content_hash}"' in html


def test_it_lists_qa_findings_next_to_their_segment_with_an_override_form(red_flag_leaflet, personas, as_user):
    tamil = text_of(red_flag_leaflet, "ta")
    finding = current_findings(tamil).get()

    html = as_user(personas.reviewer("ta", "clinical")).get(f"/review/{tamil.pk}/").content.decode()

    segment_html = html[html.index(f'id="seg-{finding.segment_key}"') :]
    assert "The source has 995" in segment_html[:6000]
    assert f"/review/{tamil.pk}/findings/{finding.pk}/override/" in segment_html[:6000]
    assert "1 QA error to fix or override" in html


def test_it_overrides_an_error_only_with_a_reason(red_flag_leaflet, personas, as_user):
    tamil = text_of(red_flag_leaflet, "ta")
    finding = current_findings(tamil).get()
    client = as_user(personas.reviewer("ta", "clinical"))
    url = f"/review/{tamil.pk}/findings/{finding.pk}/override/"

    client.post(url, {"reason": "   "})
    assert not FindingOverride.objects.exists()

    client.post(url, {"reason": "The number is in the heading of this box."})
    assert FindingOverride.objects.get().reason == "The number is in the heading of this box."
    assert AuditEvent.objects.filter(verb="qa.overridden").count() == 1


def test_it_refuses_an_override_by_someone_who_does_not_review_the_language(red_flag_leaflet, personas, as_user):
    tamil = text_of(red_flag_leaflet, "ta")
    finding = current_findings(tamil).get()
    url = f"/review/{tamil.pk}/findings/{finding.pk}/override/"

    assert as_user(personas.author).post(url, {"reason": "fine"}).status_code == 403
    assert as_user(personas.reviewer("zh", "clinical")).post(url, {"reason": "fine"}).status_code == 404
    assert not FindingOverride.objects.exists()


def test_it_saves_a_reviewer_edit_and_the_qa_error_goes_away(red_flag_leaflet, personas, as_user):
    tamil = text_of(red_flag_leaflet, "ta")
    segment = target_segments(tamil)[-1]

    response = as_user(personas.reviewer("ta", "native")).post(
        f"/review/{tamil.pk}/segments/{segment.key}/", {"text": TAMIL_RED_FLAG_FIXED, "edit_seq": segment.edit_seq}
    )

    segment.refresh_from_db()
    tamil.refresh_from_db()
    assert response.status_code == 302 and response["Location"].endswith(f"#seg-{segment.key}")
    assert segment.text == TAMIL_RED_FLAG_FIXED and segment.origin == TargetSegment.Origin.HUMAN
    assert not current_findings(tamil).filter(severity="error").exists()


def test_it_keeps_an_edit_from_a_stale_screen_and_shows_both_texts(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    segment = target_segments(tamil)[1]  # the first paragraph, after the title
    stale_seq = segment.edit_seq
    as_user(personas.reviewer("ta", "clinical")).post(
        f"/review/{tamil.pk}/segments/{segment.key}/",
        {"text": "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?", "edit_seq": stale_seq},
    )

    response = as_user(personas.reviewer("ta", "native")).post(
        f"/review/{tamil.pk}/segments/{segment.key}/", {"text": "அறிகுறிகள் எவ்வளவு நாளாக உள்ளன?", "edit_seq": stale_seq}
    )

    html = response.content.decode()
    segment.refresh_from_db()
    assert response.status_code == 409
    assert segment.text == "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?"  # the newer edit was not overwritten
    assert "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?" in html and "அறிகுறிகள் எவ்வளவு நாளாக உள்ளன?" in html
    kept = SegmentEdit.objects.get(applied=False)
    assert kept.new_text == "அறிகுறிகள் எவ்வளவு நாளாக உள்ளன?"
    # ... and the review screen keeps showing what was not applied
    review = as_user(personas.reviewer("ta", "native")).get(f"/review/{tamil.pk}/").content.decode()
    assert "Kept but not applied" in review


def test_it_refuses_edits_by_people_who_may_not_edit_the_language(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    segment = target_segments(tamil)[0]
    url = f"/review/{tamil.pk}/segments/{segment.key}/"
    data = {"text": "changed", "edit_seq": segment.edit_seq}

    assert as_user(personas.publisher).post(url, data).status_code == 403
    assert as_user(personas.author).post(url, data).status_code == 403
    assert as_user(personas.reviewer("zh", "native")).post(url, data).status_code == 404
    assert as_user(personas.outsider).post(url, data).status_code == 404
    segment.refresh_from_db()
    assert segment.text != "changed" and not SegmentEdit.objects.exists()


def test_editing_the_source_text_saves_a_new_revision(translated_leaflet, personas, as_user):
    english = text_of(translated_leaflet, "en")
    segment = target_segments(english)[2]  # the second paragraph (the title is first)

    response = as_user(personas.author).post(
        f"/review/{english.pk}/segments/{segment.key}/", {"text": "i will send you a photo"}
    )

    translated_leaflet.refresh_from_db()
    assert translated_leaflet.current_revision.number == 2
    new_english = text_of(translated_leaflet, "en")
    assert response["Location"] == f"/review/{new_english.pk}/#seg-{segment.key}"
    assert [s.text for s in target_segments(new_english)][2] == "i will send you a photo"


def test_it_approves_exactly_the_text_the_reviewer_saw(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")

    as_user(personas.reviewer("ta", "native")).post(
        f"/review/{tamil.pk}/decision/",
        {"action": "approve", "stage": "native", "expected_hash": tamil.content_hash, "comment": "Reads well."},
    )

    approval = Approval.objects.get()
    assert (approval.stage, approval.decision, approval.content_hash) == ("native", "approved", tamil.content_hash)
    assert approval.comment == "Reads well."


def test_it_refuses_to_approve_when_the_text_changed_since_the_screen_was_loaded(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    seen_hash = tamil.content_hash
    segment = target_segments(tamil)[0]
    as_user(personas.reviewer("ta", "clinical")).post(
        f"/review/{tamil.pk}/segments/{segment.key}/",
        {"text": "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?", "edit_seq": segment.edit_seq},
    )

    response = as_user(personas.reviewer("ta", "native")).post(
        f"/review/{tamil.pk}/decision/",
        {"action": "approve", "stage": "native", "expected_hash": seen_hash},
        follow=True,
    )

    assert not Approval.objects.exists()
    assert "changed while you were reviewing" in response.content.decode()


def test_a_double_click_on_approve_records_one_approval_and_says_so(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    client = as_user(personas.reviewer("ta", "native"))
    data = {"action": "approve", "stage": "native", "expected_hash": tamil.content_hash}

    client.post(f"/review/{tamil.pk}/decision/", data)
    second = client.post(f"/review/{tamil.pk}/decision/", data, follow=True)  # no form token: the service refuses

    assert Approval.objects.count() == 1
    assert "already approved" in second.content.decode()


def test_a_resent_approve_form_is_not_processed_twice(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    client = as_user(personas.reviewer("ta", "native"))
    data = {"action": "approve", "stage": "native", "expected_hash": tamil.content_hash, "_once": once()}

    client.post(f"/review/{tamil.pk}/decision/", data)
    second = client.post(f"/review/{tamil.pk}/decision/", data, follow=True)

    assert Approval.objects.count() == 1
    assert "already sent once" in second.content.decode()


def test_it_refuses_approval_while_a_qa_error_is_open_and_allows_it_after_an_override(
    red_flag_leaflet, personas, as_user
):
    tamil = text_of(red_flag_leaflet, "ta")
    client = as_user(personas.reviewer("ta", "native"))
    data = {"action": "approve", "stage": "native", "expected_hash": tamil.content_hash}

    refused = client.post(f"/review/{tamil.pk}/decision/", data, follow=True)
    assert "must be fixed or overridden" in refused.content.decode()
    assert not Approval.objects.exists()

    finding = current_findings(tamil).get()
    as_user(personas.reviewer("ta", "clinical")).post(
        f"/review/{tamil.pk}/findings/{finding.pk}/override/", {"reason": "995 is said in words in the box title."}
    )
    client.post(f"/review/{tamil.pk}/decision/", data)
    assert Approval.objects.filter(decision="approved").count() == 1


def test_a_change_request_needs_a_comment(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    client = as_user(personas.reviewer("ta", "clinical"))

    client.post(f"/review/{tamil.pk}/decision/", {"action": "request_changes", "stage": "clinical", "comment": " "})
    assert not Approval.objects.exists()

    client.post(
        f"/review/{tamil.pk}/decision/",
        {"action": "request_changes", "stage": "clinical", "comment": "Say 'days' rather than 'time'."},
    )
    decision = Approval.objects.get()
    assert decision.decision == "changes_requested"
    assert Comment.objects.get().body == "Say 'days' rather than 'time'."


def test_it_refuses_a_decision_for_a_stage_the_user_does_not_hold(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    data = {"action": "approve", "stage": "clinical", "expected_hash": tamil.content_hash}

    assert as_user(personas.reviewer("ta", "native")).post(f"/review/{tamil.pk}/decision/", data).status_code == 403
    assert as_user(personas.publisher).post(f"/review/{tamil.pk}/decision/", data).status_code == 403
    assert as_user(personas.reviewer("ms", "clinical")).post(f"/review/{tamil.pk}/decision/", data).status_code == 404
    assert not Approval.objects.exists()


def test_it_shows_who_approved_what(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    personas.reviewer("ta", "native").first_name = "Kavitha"
    personas.reviewer("ta", "native").save()
    as_user(personas.reviewer("ta", "native")).post(
        f"/review/{tamil.pk}/decision/", {"action": "approve", "stage": "native", "expected_hash": tamil.content_hash}
    )

    html = as_user(personas.reviewer("ta", "clinical")).get(f"/review/{tamil.pk}/").content.decode()

    assert "Kavitha" in html and "approved" in html
    assert "data-approve" in html  # the clinician's own stage is still open for them


def test_it_adds_comments_to_a_segment_and_to_the_whole_text(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    segment = target_segments(tamil)[0]
    client = as_user(personas.reviewer("ta", "native"))

    client.post(f"/review/{tamil.pk}/comments/", {"body": "Check the verb.", "segment_key": str(segment.key)})
    client.post(f"/review/{tamil.pk}/comments/", {"body": "Overall fine."})
    client.post(f"/review/{tamil.pk}/comments/", {"body": ""})

    assert {(c.body, c.segment_key) for c in Comment.objects.all()} == {
        ("Check the verb.", segment.key),
        ("Overall fine.", None),
    }


def test_an_older_revision_is_read_only(translated_leaflet, personas, as_user):
    from tests.web.conftest import revision_rows, segments_post

    tamil = text_of(translated_leaflet, "ta")
    rows = revision_rows(translated_leaflet.current_revision)
    rows[0] = (rows[0][0], rows[0][1], "how long have you had them?")
    as_user(personas.author).post(
        f"/leaflets/{translated_leaflet.pk}/edit/",
        segments_post(rows, title=translated_leaflet.title, topic="", audience="", base_revision_number=1),
    )
    assert Revision.objects.filter(leaflet=translated_leaflet).count() == 2

    html = as_user(personas.reviewer("ta", "native")).get(f"/review/{tamil.pk}/").content.decode()
    segment = target_segments(tamil)[0]
    refused = as_user(personas.reviewer("ta", "native")).post(
        f"/review/{tamil.pk}/segments/{segment.key}/", {"text": "x", "edit_seq": segment.edit_seq}
    )

    assert "older revision" in html and "<textarea" not in html.split('id="decisions"')[0]
    assert refused.status_code == 400 and "older revision" in refused.content.decode()
    segment.refresh_from_db()
    assert segment.text != "x"


def test_a_500_segment_leaflet_renders_in_a_bounded_number_of_queries(personas, as_user, django_assert_max_num_queries):
    from translations.text_versions import text_version_apply_translations
    from workbench.services import SegmentInput, leaflet_create

    leaflet = leaflet_create(
        user=personas.author,
        title="Long",
        required_languages=["en", "ta"],
        segments=[
            SegmentInput(kind="list_item", text=f"Drink {i} glasses of water before {i} o'clock.") for i in range(500)
        ],
    )
    tamil = text_of(leaflet, "ta")
    text_version_apply_translations(
        text_version=tamil,
        origin=TargetSegment.Origin.MODEL,
        model_name="scripted-model-1",
        translations={
            s.key: f"{s.position} மணிக்கு முன் {s.position} குவளை தண்ணீர் குடிக்கவும்."
            for s in TargetSegment.objects.filter(text_version=tamil)
        },
    )
    client = as_user(personas.reviewer("ta", "native"))

    with django_assert_max_num_queries(40):
        response = client.get(f"/review/{tamil.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="seg') >= 500
    with django_assert_max_num_queries(25):
        assert as_user(personas.author).get(f"/leaflets/{leaflet.pk}/edit/").status_code == 200


def test_the_title_is_translated_and_reviewed_as_a_segment(leaflet, personas, as_user):
    from review.selectors import gate_evaluate
    from tests.conftest import approve_everything, translate_all

    tamil = text_of(leaflet, "ta")
    title = target_segments(tamil)[0]
    assert (title.source_segment.kind, title.text) == ("title", "")  # waits for translation like the rest
    assert tamil.state == "awaiting_translation"
    translate_all(leaflet)
    tamil = text_of(leaflet, "ta")

    html = as_user(personas.reviewer("ta", "native")).get(f"/review/{tamil.pk}/").content.decode()

    section = html[html.index(f'id="seg-{title.key}"') :]
    section = section[: section.index("</section>")]
    assert 'data-kind="title"' in section and 'aria-label="Title"' in section and "<strong>Title</strong>" in section
    assert '<p lang="en">Symptoms check</p>' in section
    assert 'lang="ta" rows="2">அறிகுறி சோதனை</textarea>' in section
    assert "<strong>#1</strong>" in html  # the paragraphs count from 1, as in the editor

    # Approved with everything else, and an edit of the Tamil title voids the Tamil approvals.
    approve_everything(leaflet, personas)
    assert gate_evaluate(leaflet=leaflet).open
    title.refresh_from_db()
    before = tamil.content_hash
    response = as_user(personas.reviewer("ta", "native")).post(
        f"/review/{tamil.pk}/segments/{title.key}/", {"text": "அறிகுறிச் சோதனை", "edit_seq": title.edit_seq}
    )

    tamil.refresh_from_db()
    assert response.status_code == 302 and tamil.content_hash != before
    assert not Approval.objects.filter(text_version=tamil, content_hash=tamil.content_hash).exists()
    gate = gate_evaluate(leaflet=leaflet)
    assert not gate.open and [row.language for row in gate.rows if not row.ready] == ["ta"]
