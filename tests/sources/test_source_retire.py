"""Retiring a source: no longer retrieved, still there for the citations of it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent
from workbench.models import Source
from workbench.retrieval import search
from workbench.sources import source_retire


def test_a_retired_source_keeps_its_passages_but_is_not_retrieved_and_the_reason_is_audited(add_source, personas):
    source = add_source("Dengue is spread by mosquitoes.")

    source_retire(source=source, user=personas.second_author, reason="Superseded by the 2026 guideline")

    source.refresh_from_db()
    assert source.state == Source.State.RETIRED and source.retired_by == personas.second_author
    assert source.retired_reason == "Superseded by the 2026 guideline" and source.passages.count() == 1
    assert search("dengue mosquitoes") == []
    assert AuditEvent.objects.get(verb="source.retired").data["reason"] == "Superseded by the 2026 guideline"


def test_it_refuses_to_retire_without_a_reason_or_twice(add_source, personas):
    source = add_source("Dengue is spread by mosquitoes.")

    with pytest.raises(ValidationError):
        source_retire(source=source, user=personas.author, reason="  ")
    source_retire(source=source, user=personas.author, reason="Old")
    with pytest.raises(ValidationError):
        source_retire(source=source, user=personas.author, reason="Again")
    assert AuditEvent.objects.filter(verb="source.retired").count() == 1


def test_it_refuses_people_who_may_not_manage_sources(add_source, personas):
    source = add_source("Dengue is spread by mosquitoes.")

    with pytest.raises(PermissionDenied):
        source_retire(source=source, user=personas.reviewer("en", "clinical"), reason="Old")
    source.refresh_from_db()
    assert source.state == Source.State.ACTIVE
