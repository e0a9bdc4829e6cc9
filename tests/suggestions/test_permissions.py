"""Who may suggest and who may decide: only through review/permissions.py, refused by the services."""

import pytest
from django.core.exceptions import PermissionDenied

from review.models import Suggestion
from review.suggestions import suggestion_accept, suggestion_create, suggestion_reject
from tests.conftest import text_of
from tests.suggestions.conftest import BETTER_ZH, segment_of


@pytest.mark.parametrize("who", ["outsider", "author", "translator_zh", "reviewer_ms", "publisher"])
def test_it_refuses_a_suggestion_from_anyone_but_the_languages_reviewers(chinese, personas, who):
    someone = {
        "outsider": personas.outsider,
        "author": personas.author,
        "translator_zh": personas.translator("zh"),
        "reviewer_ms": personas.reviewer("ms", "native"),
        "publisher": personas.publisher,
    }[who]
    segment = segment_of(chinese)
    with pytest.raises(PermissionDenied):
        suggestion_create(
            text_version=chinese,
            segment_key=segment.key,
            text=BETTER_ZH,
            reviewer=someone,
            expected_seq=segment.edit_seq,
        )
    assert not Suggestion.objects.exists()


def test_it_refuses_a_suggestion_to_the_source_text(translated_leaflet, personas):
    english = text_of(translated_leaflet, "en")
    segment = segment_of(english)
    with pytest.raises(PermissionDenied):
        suggestion_create(
            text_version=english,
            segment_key=segment.key,
            text="about how long have you had these symptoms?",
            reviewer=personas.reviewer("en", "native"),
            expected_seq=segment.edit_seq,
        )


@pytest.mark.parametrize("who", ["outsider", "clinician_zh", "translator_ms", "reviewer_ms", "publisher"])
def test_it_refuses_a_decision_by_anyone_but_the_languages_translators_and_the_authors(
    chinese, suggested, personas, who
):
    someone = {
        "outsider": personas.outsider,
        "clinician_zh": personas.reviewer("zh", "clinical"),
        "translator_ms": personas.translator("ms"),
        "reviewer_ms": personas.reviewer("ms", "native"),
        "publisher": personas.publisher,
    }[who]
    with pytest.raises(PermissionDenied):
        suggestion_accept(suggestion=suggested, user=someone)
    with pytest.raises(PermissionDenied):
        suggestion_reject(suggestion=suggested, user=someone, reason="No.")
    assert Suggestion.objects.get(pk=suggested.pk).state == "open"


def test_a_reviewer_cannot_accept_their_own_suggestion_even_as_a_translator(chinese, personas):
    from django.contrib.auth.models import Group

    from review.roles import translator_group_name
    from workbench.models import Language

    reviewer = personas.reviewer("zh", "native")
    reviewer.groups.add(Group.objects.get(name=translator_group_name(Language.objects.get(code="zh"))))
    segment = segment_of(chinese)
    own = suggestion_create(
        text_version=chinese, segment_key=segment.key, text=BETTER_ZH, reviewer=reviewer, expected_seq=segment.edit_seq
    )
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # a fresh object: permissions are cached per user object
    with pytest.raises(PermissionDenied, match="You made this suggestion"):
        suggestion_accept(suggestion=own, user=reviewer)
    assert segment_of(chinese).text == segment.text
