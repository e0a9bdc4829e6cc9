"""The form carries no CSRF token (it is on a cached page): cross-site posts and robots are refused instead."""

from review.models import AuditEvent, ProblemReport
from tests.reports.conftest import post_report


def test_it_refuses_a_filled_hidden_field(published, as_user):
    response = post_report(as_user(None), published, website="http://spam.example")

    assert response.status_code == 400
    assert "could not be sent" in response.content.decode()
    assert not ProblemReport.objects.exists()
    assert not AuditEvent.objects.filter(verb="problem_report.received").exists()


def test_it_refuses_a_post_from_another_sites_page(published, as_user):
    response = post_report(as_user(None), published, headers={"Origin": "https://evil.example"})

    assert response.status_code == 403
    assert "leaflet page on our own website" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_it_refuses_what_the_browser_marks_cross_site(published, as_user):
    response = post_report(as_user(None), published, headers={"Sec-Fetch-Site": "cross-site"})

    assert response.status_code == 403
    assert not ProblemReport.objects.exists()


def test_it_accepts_a_post_from_its_own_page_without_a_csrf_token(published, as_user):
    client = as_user(None)
    client.handler.enforce_csrf_checks = True

    response = post_report(client, published, headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})

    assert response.status_code == 201
    assert ProblemReport.objects.count() == 1
