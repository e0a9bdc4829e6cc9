"""Suggestions change nothing about who may approve: whoever edited the text, including by accepting
a suggestion, is refused by the service and by the database."""

import pytest
from django.core.exceptions import ValidationError

from review.models import Approval
from review.roles import stage_group_name, translator_group_name
from review.services import translation_approve
from review.suggestions import suggestion_accept, suggestion_create
from tests.attacks.conftest import refused_by_the_database
from tests.conftest import make_user
from tests.suggestions.conftest import BETTER_ZH, segment_of
from tests.support.review import seen
from workbench.models import Language


def test_whoever_accepts_a_suggestion_is_refused_as_an_approver(chinese, personas):
    zh = Language.objects.get(code="zh")
    # A clinician of Chinese who also translates Chinese: may decide, and by accepting edits the text.
    both = make_user("zh_clinician_translator", stage_group_name(zh, "clinical"), translator_group_name(zh))
    segment = segment_of(chinese)
    suggestion = suggestion_create(
        text_version=chinese,
        segment_key=segment.key,
        text=BETTER_ZH,
        reviewer=personas.reviewer("zh", "native"),
        expected_seq=segment.edit_seq,
    )
    suggestion_accept(suggestion=suggestion, user=both)
    chinese.refresh_from_db()

    with pytest.raises(ValidationError, match="wrote or edited"):
        translation_approve(text_version=chinese, reviewer=both, stage="clinical", expected_hash=seen(chinese))
    refused_by_the_database(
        lambda: Approval.objects.create(
            text_version=chinese,
            stage="clinical",
            reviewer=both,
            decision="approved",
            content_hash=chinese.content_hash,
            generation=chinese.edit_generation,
        ),
        "wrote or edited",
    )
    assert not Approval.objects.filter(reviewer=both).exists()


def test_a_reviewer_who_edited_directly_is_still_refused(chinese, personas):
    from translations.edits import target_segment_edit

    reviewer = personas.reviewer("zh", "native")
    segment = segment_of(chinese)
    target_segment_edit(segment=segment, editor=reviewer, text=BETTER_ZH, expected_seq=segment.edit_seq)
    chinese.refresh_from_db()
    with pytest.raises(ValidationError, match="wrote or edited"):
        translation_approve(text_version=chinese, reviewer=reviewer, stage="native", expected_hash=seen(chinese))
    assert not Approval.objects.exists()
