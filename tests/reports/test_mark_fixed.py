"""A report is closed as fixed by a named revision of its leaflet, newer than the one the reader saw."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from review.models import AuditEvent, ProblemReport
from review.reports import problem_report_mark_fixed
from tests.web.conftest import messages_of, once
from workbench.services import SegmentInput, revision_save


def _save_revision(leaflet, author) -> int:
    leaflet.refresh_from_db()
    revision = leaflet.current_revision
    segments = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in revision.segments.all()]
    segments[1] = SegmentInput(kind="paragraph", text="i will send you a photo", key=segments[1].key)
    revision_save(leaflet=leaflet, user=author, segments=segments, base_revision_number=revision.number)
    leaflet.refresh_from_db()
    return leaflet.current_revision.number


def test_an_author_marks_a_report_fixed_by_a_newer_revision(report, personas, as_user):
    number = _save_revision(report.leaflet, personas.author)

    response = as_user(personas.author).post(
        f"/reports/{report.pk}/fixed/", {"revision_number": str(number), "_once": once()}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.fixed_in_revision, report.state_changed_by) == ("fixed", 2, personas.author)
    event = AuditEvent.objects.get(verb="problem_report.fixed")
    assert event.data == {"revision": 2, "reported_revision": 1}


def test_it_refuses_a_revision_the_leaflet_does_not_have(report, personas, as_user):
    response = as_user(personas.author).post(
        f"/reports/{report.pk}/fixed/", {"revision_number": "7", "_once": once()}, follow=True
    )

    assert "has no revision 7" in " ".join(messages_of(response))
    assert ProblemReport.objects.get().state == ProblemReport.State.NEW
    assert not AuditEvent.objects.filter(verb="problem_report.fixed").exists()


def test_it_refuses_the_revision_the_reader_saw_or_an_older_one(report, personas):
    _save_revision(report.leaflet, personas.author)

    for number in (1, 0):
        with pytest.raises(ValidationError, match="newer than revision 1"):
            problem_report_mark_fixed(report=report, user=personas.publisher, revision_number=number)
    assert ProblemReport.objects.get().state == ProblemReport.State.NEW


def test_it_refuses_a_revision_of_another_leaflet(report, personas):
    from tests.conftest import make_leaflet

    other = make_leaflet(personas.author, title="Second leaflet")
    _save_revision(other, personas.author)  # the other leaflet has a revision 2; this one does not

    with pytest.raises(ValidationError, match="has no revision 2"):
        problem_report_mark_fixed(report=report, user=personas.author, revision_number=2)


def test_a_form_without_a_number_is_refused(report, personas, as_user):
    response = as_user(personas.author).post(
        f"/reports/{report.pk}/fixed/", {"revision_number": "two", "_once": once()}, follow=True
    )

    assert "number of the revision" in " ".join(messages_of(response))
    assert ProblemReport.objects.get().state == ProblemReport.State.NEW


def test_the_database_refuses_fixed_without_a_revision(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProblemReport.objects.filter(pk=report.pk).update(state=ProblemReport.State.FIXED)
