"""A reader sends a report: stored with every identifier masked, never as typed."""

import logging

from review.models import AuditEvent, ProblemReport
from tests.reports.conftest import MESSAGE, post_report
from translations.phi.nric import check_letter

ZWSP = "\u200b"


def test_it_stores_the_report_against_the_live_publication_the_reader_saw(published, as_user):
    response = post_report(as_user(None), published, lang="ms", category="unclear")

    assert response.status_code == 201
    report = ProblemReport.objects.get()
    assert (report.leaflet_id, report.language_id, report.category) == (published.pk, "ms", "unclear")
    assert report.publication == published.publications.get(state="live")
    assert report.revision_number == 1
    assert report.state == ProblemReport.State.NEW
    assert report.message == MESSAGE
    event = AuditEvent.objects.get(verb="problem_report.received")
    assert event.actor is None and event.leaflet_id == published.pk and event.object_id == str(report.pk)
    assert event.data == {
        "category": "unclear",
        "language": "ms",
        "masked": {},
        "publication": report.publication_id,
        "revision": 1,
    }


def test_it_masks_an_nric_a_phone_number_and_an_email_even_one_hidden_by_a_zero_width_space(published, as_user, caplog):
    hidden_letter = check_letter("S", "9812345")
    message = (
        f"I am S1234567{check_letter('S', '1234567')}, call me on 9123 4567 or write to tan.ah.kow@example.com. "
        f"My mother is S98{ZWSP}12345{hidden_letter} and the leaflet says the wrong dose."
    )

    with caplog.at_level(logging.DEBUG):
        response = post_report(as_user(None), published, message=message)

    assert response.status_code == 201
    stored = ProblemReport.objects.get().message
    assert stored == (
        "I am [NRIC removed], call me on [phone removed] or write to [e-mail removed]. "
        "My mother is [NRIC removed] and the leaflet says the wrong dose."
    )
    assert not any(ch.isdigit() for ch in stored)  # no digit of any identifier, disguised or not
    assert "tan.ah.kow" not in stored and ZWSP not in stored
    event = AuditEvent.objects.get(verb="problem_report.received")
    assert event.data["masked"] == {"nric": 2, "phone": 1, "email": 1}
    assert "9812345" not in str(event.data) and "1234567" not in str(event.data)
    # Nothing of the message reaches the logs either.
    assert not any("9123" in r.getMessage() or "tan.ah.kow" in r.getMessage() for r in caplog.records)


def test_it_refuses_a_message_that_is_too_short_and_keeps_the_text(published, as_user):
    response = post_report(as_user(None), published, message="Too bad")

    assert response.status_code == 400
    html = response.content.decode()
    assert "at least 10 characters" in html
    assert ">Too bad</textarea>" in html  # what the reader typed is kept
    assert not ProblemReport.objects.exists()


def test_it_does_not_count_invisible_characters_towards_the_length(published, as_user):
    response = post_report(as_user(None), published, message="ok" + ZWSP * 30)

    assert response.status_code == 400
    assert not ProblemReport.objects.exists()


def test_it_refuses_a_message_that_is_too_long(published, as_user):
    response = post_report(as_user(None), published, message="word " * 401)

    assert response.status_code == 400
    assert "under 2000 characters" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_it_refuses_a_report_without_a_category_and_keeps_the_text(published, as_user):
    response = post_report(as_user(None), published, category="")

    assert response.status_code == 400
    html = response.content.decode()
    assert "choose what kind of problem" in html
    assert MESSAGE in html
    assert not ProblemReport.objects.exists()
    assert not AuditEvent.objects.filter(verb="problem_report.received").exists()


def test_it_refuses_an_unknown_category(published, as_user):
    assert post_report(as_user(None), published, category="praise").status_code == 400
    assert not ProblemReport.objects.exists()
