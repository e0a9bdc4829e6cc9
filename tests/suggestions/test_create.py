"""A reviewer suggests a change: the text, its hash and its approvals stay as they were."""

import pytest
from django.core.exceptions import ValidationError

from review.models import Approval, AuditEvent, Suggestion
from review.services import translation_approve
from review.suggestions import StaleSuggestion, suggestion_create
from tests.suggestions.conftest import BETTER_ZH, segment_of
from tests.support.review import seen
from translations.models import Contribution, SegmentEdit, TargetSegment
from translations.text_versions import has_contributed


def test_it_keeps_the_suggestion_beside_the_text_without_changing_it(chinese, personas):
    reviewer = personas.reviewer("zh", "native")
    segment = segment_of(chinese)
    before = (segment.text, seen(chinese), chinese.edit_generation)

    suggestion = suggestion_create(
        text_version=chinese, segment_key=segment.key, text=f"  {BETTER_ZH}\r\n", reviewer=reviewer, expected_seq=0
    )

    row = Suggestion.objects.get(pk=suggestion.pk)
    assert (row.state, row.text, row.base_text, row.base_seq, row.author) == (
        "open",
        BETTER_ZH,
        segment.text,
        0,
        reviewer,
    )
    chinese.refresh_from_db()
    assert (segment_of(chinese).text, chinese.content_hash, chinese.edit_generation) == before
    assert not SegmentEdit.objects.filter(target_segment__text_version=chinese).exists()
    assert not Contribution.objects.filter(user=reviewer).exists()
    assert not has_contributed(user=reviewer, text_version=chinese)
    event = AuditEvent.objects.get(verb="suggestion.created", object_id=str(suggestion.pk))
    assert event.actor == reviewer and event.data["segment"] == str(segment.key)


def test_it_leaves_an_approval_given_before_the_suggestion_standing(chinese, personas):
    approval = translation_approve(
        text_version=chinese,
        reviewer=personas.reviewer("zh", "clinical"),
        stage="clinical",
        expected_hash=seen(chinese),
    )
    segment = segment_of(chinese)
    suggestion_create(
        text_version=chinese,
        segment_key=segment.key,
        text=BETTER_ZH,
        reviewer=personas.reviewer("zh", "native"),
        expected_seq=segment.edit_seq,
    )
    chinese.refresh_from_db()
    assert (approval.content_hash, approval.generation) == (chinese.content_hash, chinese.edit_generation)


def test_it_refuses_a_suggestion_identical_to_the_current_text(chinese, personas):
    segment = segment_of(chinese)
    with pytest.raises(ValidationError, match="same as the current text"):
        suggestion_create(
            text_version=chinese,
            segment_key=segment.key,
            text=segment.text + " ",
            reviewer=personas.reviewer("zh", "native"),
            expected_seq=segment.edit_seq,
        )
    assert not Suggestion.objects.exists()


def test_it_refuses_an_empty_suggestion(chinese, personas):
    segment = segment_of(chinese)
    with pytest.raises(ValidationError, match="cannot be empty"):
        suggestion_create(
            text_version=chinese,
            segment_key=segment.key,
            text="   ",
            reviewer=personas.reviewer("zh", "native"),
            expected_seq=segment.edit_seq,
        )
    assert not Suggestion.objects.exists()


def test_it_refuses_a_suggestion_made_against_text_that_changed_since_the_screen_showed_it(chinese, personas):
    segment = segment_of(chinese)
    TargetSegment.objects.filter(pk=segment.pk).update(edit_seq=segment.edit_seq + 1)
    with pytest.raises(StaleSuggestion, match="now reads") as refused:
        suggestion_create(
            text_version=chinese,
            segment_key=segment.key,
            text=BETTER_ZH,
            reviewer=personas.reviewer("zh", "native"),
            expected_seq=segment.edit_seq,
        )
    assert refused.value.current_text == segment.text
    assert not Suggestion.objects.exists()
    assert not Approval.objects.exists()
