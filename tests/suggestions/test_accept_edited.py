"""Accept with changes: the decider's own wording, with the suggestion in view."""

import pytest

from review.models import AuditEvent, Suggestion
from review.suggestions import StaleSuggestion, suggestion_accept_edited
from tests.suggestions.conftest import segment_of
from translations.models import SegmentEdit, TargetSegment

AUTHORS_WORDING = "这些症状您已经有多久了？"


def test_it_applies_the_deciders_text_and_records_both(chinese, suggested, personas):
    segment = segment_of(chinese)
    suggestion_accept_edited(
        suggestion=suggested, user=personas.author, text=AUTHORS_WORDING, expected_seq=segment.edit_seq
    )
    assert segment_of(chinese).text == AUTHORS_WORDING
    row = Suggestion.objects.get(pk=suggested.pk)
    assert (row.state, row.text, row.applied_text, row.decided_by) == (
        "accepted",
        suggested.text,
        AUTHORS_WORDING,
        personas.author,
    )
    assert SegmentEdit.objects.get(target_segment=segment).editor == personas.author
    assert AuditEvent.objects.filter(verb="suggestion.accepted_edited", object_id=str(row.pk)).exists()


def test_it_refuses_changes_written_on_a_screen_that_is_out_of_date(chinese, suggested, personas):
    segment = segment_of(chinese)
    TargetSegment.objects.filter(pk=segment.pk).update(edit_seq=segment.edit_seq + 1)
    with pytest.raises(StaleSuggestion):
        suggestion_accept_edited(
            suggestion=suggested, user=personas.author, text=AUTHORS_WORDING, expected_seq=segment.edit_seq
        )
    assert segment_of(chinese).text == segment.text
    assert Suggestion.objects.get(pk=suggested.pk).state == "open"
