"""A PDF's extracted text is used only after a person confirms it, perhaps corrected."""

import pytest
from django.core.exceptions import ValidationError
from weasyprint import HTML

from review.models import AuditEvent
from workbench.models import Source
from workbench.retrieval import search
from workbench.sources import source_add, source_confirm


def _pdf(html: str) -> bytes:
    return HTML(string=f"<html><body>{html}</body></html>").write_pdf()


@pytest.fixture
def pdf_source(personas):
    return source_add(
        user=personas.author,
        title="Hand, foot and mouth disease",
        publisher="Ministry of Health",
        language="en",
        file_name="hfmd.pdf",
        data=_pdf("<p>Hand, foot and mouth disease spreads through saliva.</p><p>Keep the child at home.</p>"),
    )


def test_a_pdf_waits_for_confirmation_and_is_never_retrieved_until_then(pdf_source):
    assert pdf_source.state == Source.State.AWAITING_CONFIRMATION and pdf_source.kind == "pdf"
    assert "saliva" in pdf_source.text
    assert not pdf_source.passages.exists()
    assert search("hand foot mouth saliva") == []


def test_confirming_with_a_correction_stores_the_corrected_text_and_makes_it_searchable(pdf_source, personas):
    source_confirm(
        source=pdf_source,
        user=personas.second_author,
        text="Hand, foot and mouth disease spreads through saliva and stools.\n\nKeep the child at home.",
    )

    pdf_source.refresh_from_db()
    assert pdf_source.state == Source.State.ACTIVE and pdf_source.confirmed_by == personas.second_author
    assert "stools" in pdf_source.text
    assert [hit.source_id for hit in search("stools")] == [pdf_source.pk]
    event = AuditEvent.objects.get(verb="source.confirmed")
    assert event.data["corrected"] is True and event.data["passages"] == 2


def test_it_refuses_to_confirm_twice_or_a_source_that_was_not_waiting(pdf_source, personas):
    source_confirm(source=pdf_source, user=personas.author)

    with pytest.raises(ValidationError):
        source_confirm(source=pdf_source, user=personas.author)
    assert pdf_source.passages.count() == 2  # one per extracted line, written once


def test_it_refuses_a_correction_carrying_a_personal_identifier(pdf_source, personas):
    with pytest.raises(ValidationError, match="Personal data found"):
        source_confirm(source=pdf_source, user=personas.author, text="Call Mdm Tan at 9123 4567 about the child.")

    pdf_source.refresh_from_db()
    assert pdf_source.state == Source.State.AWAITING_CONFIRMATION and not pdf_source.passages.exists()
