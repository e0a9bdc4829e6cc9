"""The reviewer who made a suggestion may take it back; nobody else may."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent, Suggestion
from review.suggestions import suggestion_accept, suggestion_withdraw


def test_the_reviewer_withdraws_their_open_suggestion(suggested, personas):
    suggestion_withdraw(suggestion=suggested, reviewer=personas.reviewer("zh", "native"))
    assert Suggestion.objects.get(pk=suggested.pk).state == "withdrawn"
    assert AuditEvent.objects.filter(verb="suggestion.withdrawn", object_id=str(suggested.pk)).exists()
    with pytest.raises(ValidationError, match="already decided"):
        suggestion_accept(suggestion=suggested, user=personas.author)


def test_it_refuses_a_withdrawal_by_anyone_else(suggested, personas):
    for someone in (personas.reviewer("zh", "clinical"), personas.author, personas.translator("zh")):
        with pytest.raises(PermissionDenied):
            suggestion_withdraw(suggestion=suggested, reviewer=someone)
    assert Suggestion.objects.get(pk=suggested.pk).state == "open"
