"""From a report, a publisher withdraws the publication at once; an author cannot."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent, ProblemReport, Publication
from review.reports import problem_report_withdraw_publication
from review.services import publication_withdraw
from tests.web.conftest import messages_of, once


def test_a_publisher_withdraws_the_publication_from_a_report(report, personas, as_user):
    response = as_user(personas.publisher).post(
        f"/reports/{report.pk}/withdraw/", {"reason": "Wrong dose reported by a reader.", "_once": once()}
    )

    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.state == Publication.State.WITHDRAWN
    assert (publication.withdrawn_by, publication.withdrawal_reason) == (
        personas.publisher,
        "Wrong dose reported by a reader.",
    )
    withdrawn = AuditEvent.objects.get(verb="publication.withdrawn")
    linked = AuditEvent.objects.get(verb="problem_report.publication_withdrawn")
    assert withdrawn.object_id == str(publication.pk) and withdrawn.seq < linked.seq
    assert linked.object_id == str(report.pk)
    assert linked.data == {
        "publication": publication.pk,
        "revision": 1,
        "reason": "Wrong dose reported by a reader.",
        "state": "acknowledged",
    }
    assert ProblemReport.objects.get().state == ProblemReport.State.ACKNOWLEDGED
    # Patients no longer see it (the patient page says it was withdrawn), nor can they report on it.
    assert as_user(None).get(f"/p/{report.leaflet_id}/ta/").status_code != 200
    assert as_user(None).get(f"/p/{report.leaflet_id}/ta/report/").status_code == 404


def test_an_author_cannot_withdraw(report, personas, as_user):
    response = as_user(personas.author).post(
        f"/reports/{report.pk}/withdraw/", {"reason": "I think it is wrong.", "_once": once()}
    )

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        problem_report_withdraw_publication(report=report, user=personas.author, reason="I think it is wrong.")
    assert Publication.objects.get().state == Publication.State.LIVE
    assert not AuditEvent.objects.filter(verb__in=["publication.withdrawn", "problem_report.publication_withdrawn"])


def test_it_refuses_clearly_when_the_publication_is_already_withdrawn(report, personas, as_user):
    publication_withdraw(publication=report.publication, user=personas.publisher, reason="Outdated")

    response = as_user(personas.publisher).post(
        f"/reports/{report.pk}/withdraw/", {"reason": "Again", "_once": once()}, follow=True
    )

    assert "no longer live" in " ".join(messages_of(response))
    assert AuditEvent.objects.filter(verb="publication.withdrawn").count() == 1
    assert not AuditEvent.objects.filter(verb="problem_report.publication_withdrawn").exists()


def test_withdrawing_needs_a_reason(report, personas):
    with pytest.raises(ValidationError, match="Say why"):
        problem_report_withdraw_publication(report=report, user=personas.publisher, reason=" ")
    assert Publication.objects.get().state == Publication.State.LIVE
