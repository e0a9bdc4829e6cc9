"""A report is dismissed only with a reason, kept with it and in the audit trail."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from review.models import AuditEvent, ProblemReport
from review.reports import problem_report_dismiss
from tests.web.conftest import messages_of, once


def test_it_dismisses_with_a_reason(report, personas, as_user):
    response = as_user(personas.publisher).post(
        f"/reports/{report.pk}/dismiss/", {"reason": "The dose is correct; checked with pharmacy.", "_once": once()}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ProblemReport.State.DISMISSED
    assert report.dismissal_reason == "The dose is correct; checked with pharmacy."
    assert report.state_changed_by == personas.publisher
    event = AuditEvent.objects.get(verb="problem_report.dismissed")
    assert event.data == {"reason": "The dose is correct; checked with pharmacy."}


def test_it_refuses_to_dismiss_without_a_reason(report, personas, as_user):
    response = as_user(personas.author).post(
        f"/reports/{report.pk}/dismiss/", {"reason": "   ", "_once": once()}, follow=True
    )

    assert "Say why the report is dismissed" in " ".join(messages_of(response))
    assert ProblemReport.objects.get().state == ProblemReport.State.NEW
    assert not AuditEvent.objects.filter(verb="problem_report.dismissed").exists()


def test_a_closed_report_cannot_be_dismissed_again(report, personas):
    problem_report_dismiss(report=report, user=personas.author, reason="Duplicate of another report.")

    with pytest.raises(ValidationError, match="already closed"):
        problem_report_dismiss(report=report, user=personas.publisher, reason="Again")
    assert ProblemReport.objects.get().dismissal_reason == "Duplicate of another report."


def test_the_database_refuses_dismissed_without_a_reason(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProblemReport.objects.filter(pk=report.pk).update(state=ProblemReport.State.DISMISSED)
