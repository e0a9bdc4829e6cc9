"""Rejecting a suggestion needs a reason the reviewer can read."""

import pytest
from django.core.exceptions import ValidationError

from review.models import AuditEvent, Suggestion
from review.suggestions import suggestion_reject
from tests.suggestions.conftest import segment_of

REASON = "“您” is too formal for this leaflet; the rest of the text says “你”."


def test_it_refuses_a_rejection_without_a_reason(chinese, suggested, personas):
    with pytest.raises(ValidationError, match="Say why"):
        suggestion_reject(suggestion=suggested, user=personas.author, reason="   ")
    assert Suggestion.objects.get(pk=suggested.pk).state == "open"
    assert not AuditEvent.objects.filter(verb="suggestion.rejected").exists()


def test_it_records_the_reason_and_leaves_the_text_alone(chinese, suggested, personas):
    before = segment_of(chinese).text
    suggestion_reject(suggestion=suggested, user=personas.translator("zh"), reason=REASON)
    row = Suggestion.objects.get(pk=suggested.pk)
    assert (row.state, row.rejection_reason, row.decided_by) == ("rejected", REASON, personas.translator("zh"))
    assert segment_of(chinese).text == before
    event = AuditEvent.objects.get(verb="suggestion.rejected", object_id=str(row.pk))
    assert event.data["reason"] == REASON
