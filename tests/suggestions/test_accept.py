"""The author accepts a reviewer's suggestion: the author becomes the editor, the reviewer can then approve."""

import pytest
from django.core.exceptions import ValidationError

from review.models import Approval, AuditEvent, Suggestion
from review.services import translation_approve
from review.suggestions import suggestion_accept, suggestion_create
from tests.suggestions.conftest import BETTER_ZH, segment_of
from tests.support.review import seen
from translations.models import Contribution, SegmentEdit
from translations.text_versions import has_contributed


def test_the_author_applies_the_text_as_their_own_edit(chinese, suggested, personas):
    old_hash, old_generation = seen(chinese), chinese.edit_generation

    accepted = suggestion_accept(suggestion=suggested, user=personas.author)

    segment = segment_of(chinese)
    assert (segment.text, segment.updated_by, segment.origin) == (BETTER_ZH, personas.author, "human")
    edit = SegmentEdit.objects.get(target_segment=segment)
    assert (edit.editor, edit.new_text, edit.applied) == (personas.author, BETTER_ZH, True)
    chinese.refresh_from_db()
    assert chinese.content_hash != old_hash and chinese.edit_generation > old_generation
    row = Suggestion.objects.get(pk=accepted.pk)
    assert (row.state, row.decided_by, row.applied_text) == ("accepted", personas.author, BETTER_ZH)
    assert row.decided_at is not None
    event = AuditEvent.objects.get(verb="suggestion.accepted", object_id=str(row.pk))
    assert event.actor == personas.author
    assert (event.data["old_hash"], event.data["new_hash"]) == (old_hash, chinese.content_hash)
    assert Contribution.objects.filter(user=personas.author, key=segment.key, language_id="zh").exists()
    assert not Contribution.objects.filter(user=personas.reviewer("zh", "native")).exists()


def test_the_reviewer_who_suggested_can_then_approve_and_the_database_agrees(chinese, suggested, personas):
    reviewer = personas.reviewer("zh", "native")
    suggestion_accept(suggestion=suggested, user=personas.author)
    chinese.refresh_from_db()

    assert not has_contributed(user=reviewer, text_version=chinese)
    # The approval trigger (review.db_rules) checks the same rule as the row is inserted.
    approval = translation_approve(text_version=chinese, reviewer=reviewer, stage="native", expected_hash=seen(chinese))

    row = Approval.objects.get(pk=approval.pk)
    assert (row.reviewer, row.decision, row.content_hash, row.generation) == (
        reviewer,
        "approved",
        chinese.content_hash,
        chinese.edit_generation,
    )


def test_a_translator_of_the_language_may_accept_and_then_may_not_approve(chinese, suggested, personas):
    translator = personas.translator("zh")
    suggestion_accept(suggestion=suggested, user=translator)
    assert segment_of(chinese).updated_by == translator
    assert has_contributed(user=translator, text_version=chinese)


def test_accepting_makes_the_other_open_suggestions_for_that_segment_outdated(chinese, suggested, personas):
    segment = segment_of(chinese)
    other = suggestion_create(
        text_version=chinese,
        segment_key=segment.key,
        text="这些症状持续多久了？",
        reviewer=personas.reviewer("zh", "clinical"),
        expected_seq=segment.edit_seq,
    )
    suggestion_accept(suggestion=suggested, user=personas.author)
    other.refresh_from_db()
    assert other.state == "outdated"
    with pytest.raises(ValidationError, match="already decided"):
        suggestion_accept(suggestion=other, user=personas.author)
    assert segment_of(chinese).text == BETTER_ZH
