"""The report queue costs the same number of queries with 3 reports as with 60."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.reports import open_report_counts, problem_report_acknowledge
from tests.conftest import make_leaflet
from tests.reports.conftest import submit


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _add_reports(leaflet, personas, start: int, count: int) -> list:
    reports = []
    for n in range(start, start + count):
        report = submit(leaflet, lang=("en", "zh", "ms", "ta")[n % 4], address=f"192.0.2.{n}")
        if n % 3 == 0:
            problem_report_acknowledge(report=report, user=personas.author)
        reports.append(report)
    return reports


def test_the_queue_does_not_make_a_query_per_report(published, personas, as_user, settings):
    settings.PROBLEM_REPORTS_PER_LEAFLET_PER_HOUR = 1000
    make_leaflet(personas.author, title="Second leaflet")  # a leaflet with no report changes nothing
    first = _add_reports(published, personas, 0, 3)
    pages = {
        "author's queue": (personas.author, "/reports/"),
        "publisher's queue": (personas.publisher, "/reports/?state=all"),
        "acknowledged": (personas.publisher, "/reports/?state=acknowledged"),
        "report": (personas.publisher, f"/reports/{first[0].pk}/"),
    }
    small = {name: _queries(as_user(user), url) for name, (user, url) in pages.items()}
    author = get_user_model().objects.get(pk=personas.author.pk)  # fresh: no permissions remembered
    with CaptureQueriesContext(connection) as counted:
        open_report_counts(author)
    counts_query = len(counted)  # now: the connection keeps only the latest queries

    _add_reports(published, personas, 3, 57)
    large = {name: _queries(as_user(user), url) for name, (user, url) in pages.items()}

    assert large == small
    assert len(as_user(personas.publisher).get("/reports/?state=all").context["page"].object_list) == 50
    author = get_user_model().objects.get(pk=personas.author.pk)
    with CaptureQueriesContext(connection) as counted_again:
        assert open_report_counts(author).total == 60
    assert len(counted_again) == counts_query == 2  # the user's groups, then the counts
