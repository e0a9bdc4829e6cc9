"""A suggestion made against text that has changed since is not applied as it is."""

import pytest

from review.models import AuditEvent, Suggestion
from review.suggestions import StaleSuggestion, suggestion_accept, suggestion_accept_edited
from tests.suggestions.conftest import segment_of
from translations.edits import target_segment_edit
from translations.models import SegmentEdit

TRANSLATORS_WORDING = "这些症状大概持续了多长时间？"


@pytest.fixture
def changed_since(chinese, suggested, personas):
    segment = segment_of(chinese)
    target_segment_edit(
        segment=segment, editor=personas.translator("zh"), text=TRANSLATORS_WORDING, expected_seq=segment.edit_seq
    )
    return suggested


def test_it_refuses_the_stale_suggestion_and_shows_the_current_text(chinese, changed_since, personas):
    with pytest.raises(StaleSuggestion, match=TRANSLATORS_WORDING) as refused:
        suggestion_accept(suggestion=changed_since, user=personas.author)

    assert refused.value.current_text == TRANSLATORS_WORDING
    assert segment_of(chinese).text == TRANSLATORS_WORDING
    assert Suggestion.objects.get(pk=changed_since.pk).state == "open"
    assert not SegmentEdit.objects.filter(editor=personas.author).exists()
    assert not AuditEvent.objects.filter(verb__startswith="suggestion.accepted").exists()


def test_it_can_still_be_taken_up_with_changes_against_the_current_text(chinese, changed_since, personas):
    current = segment_of(chinese)
    merged = "这些症状您大概有多久了？"
    suggestion_accept_edited(suggestion=changed_since, user=personas.author, text=merged, expected_seq=current.edit_seq)
    assert segment_of(chinese).text == merged
    assert Suggestion.objects.get(pk=changed_since.pk).state == "accepted"
