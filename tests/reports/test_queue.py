"""Who sees the report queue: the leaflet's authors and the publishers; nobody else, not even reviewers."""

import pytest

from review.models import ProblemReport
from review.reports import open_report_counts, problem_report_dismiss, problem_reports_for
from tests.reports.conftest import submit


@pytest.mark.parametrize("who", ["outsider", "reviewer", "translator"])
def test_people_without_the_right_see_no_report(report, personas, as_user, who):
    person = {
        "outsider": personas.outsider,
        "reviewer": personas.reviewer("ta", "clinical"),
        "translator": personas.translator("ta"),
    }[who]
    client = as_user(person)

    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert not problem_reports_for(person).exists()
    assert open_report_counts(person).total == 0


def test_an_anonymous_visitor_is_sent_to_log_in(report, as_user):
    response = as_user(None).get(f"/reports/{report.pk}/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_author_sees_the_report_and_may_handle_it_but_not_withdraw(report, personas, as_user):
    client = as_user(personas.author)

    listing = client.get("/reports/")
    detail = client.get(f"/reports/{report.pk}/")

    assert listing.status_code == detail.status_code == 200
    assert [r.pk for r in listing.context["page"].object_list] == [report.pk]
    html = detail.content.decode()
    assert report.message in html
    assert f'action="/reports/{report.pk}/acknowledge/"' in html
    assert f'action="/reports/{report.pk}/dismiss/"' in html
    assert f'action="/reports/{report.pk}/withdraw/"' not in html
    assert "csrfmiddlewaretoken" in html


def test_a_publisher_sees_every_report_and_the_withdraw_button(report, personas, as_user):
    html = as_user(personas.publisher).get(f"/reports/{report.pk}/").content.decode()

    assert f'action="/reports/{report.pk}/withdraw/"' in html
    assert "Withdraw this publication now" in html
    assert 'name="reason"' in html and "required" in html


def test_the_queue_filters_by_state_and_shows_open_reports_first(published, personas, as_user):
    first = submit(published, address="1.1.1.1")
    second = submit(published, address="2.2.2.2")
    problem_report_dismiss(report=first, user=personas.author, reason="Not a problem with the leaflet.")
    client = as_user(personas.publisher)

    def shown(query: str) -> list[int]:
        return [r.pk for r in client.get(f"/reports/{query}").context["page"].object_list]

    assert shown("") == [second.pk]  # open ones by default
    assert shown("?state=dismissed") == [first.pk]
    assert shown("?state=all") == [second.pk, first.pk]
    assert shown("?state=nonsense") == [second.pk]
    assert open_report_counts(personas.author).new == 1
    assert ProblemReport.objects.count() == 2
