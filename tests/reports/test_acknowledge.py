"""The leaflet's authors and the publishers acknowledge a new report; nobody else can."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent, ProblemReport
from review.reports import problem_report_acknowledge
from tests.web.conftest import messages_of, once


def test_an_author_acknowledges_a_new_report(report, personas, as_user):
    response = as_user(personas.author).post(f"/reports/{report.pk}/acknowledge/", {"_once": once()})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ProblemReport.State.ACKNOWLEDGED
    assert report.state_changed_by == personas.author and report.state_changed_at is not None
    event = AuditEvent.objects.get(verb="problem_report.acknowledged")
    assert (event.actor, event.object_id, event.leaflet_id) == (personas.author, str(report.pk), report.leaflet_id)


def test_a_publisher_acknowledges_too(report, personas):
    problem_report_acknowledge(report=report, user=personas.publisher)

    assert ProblemReport.objects.get().state_changed_by == personas.publisher


@pytest.mark.parametrize("who", ["outsider", "reviewer", "translator"])
def test_nobody_else_can_acknowledge_or_even_find_the_report(report, personas, as_user, who):
    person = {
        "outsider": personas.outsider,
        "reviewer": personas.reviewer("ta", "native"),
        "translator": personas.translator("ta"),
    }[who]

    response = as_user(person).post(f"/reports/{report.pk}/acknowledge/", {"_once": once()})

    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        problem_report_acknowledge(report=report, user=person)
    assert ProblemReport.objects.get().state == ProblemReport.State.NEW
    assert not AuditEvent.objects.filter(verb="problem_report.acknowledged").exists()


def test_it_refuses_to_acknowledge_twice_or_a_closed_report(report, personas, as_user):
    problem_report_acknowledge(report=report, user=personas.author)

    response = as_user(personas.publisher).post(f"/reports/{report.pk}/acknowledge/", {"_once": once()}, follow=True)

    assert "already acknowledged" in " ".join(messages_of(response))
    assert ProblemReport.objects.get().state_changed_by == personas.author
    assert AuditEvent.objects.filter(verb="problem_report.acknowledged").count() == 1
    ProblemReport.objects.update(state=ProblemReport.State.DISMISSED, dismissal_reason="Duplicate")
    with pytest.raises(ValidationError, match="already closed"):
        problem_report_acknowledge(report=report, user=personas.author)
