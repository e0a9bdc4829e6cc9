"""The sources list runs the same number of queries with 3 sources as with 30 (a page is 25)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_list_does_not_make_a_query_per_source(add_source, personas, as_user):
    for n in range(3):
        add_source(f"Dengue is spread by mosquitoes, guide {n}.\n\nRest and drink water.", title=f"Guide {n}")
    client = as_user(personas.reviewer("ta", "native"))
    _queries(client, "/sources/")  # Django's content-type cache fills on the first request
    few = _queries(client, "/sources/")

    for n in range(3, 30):
        add_source(f"Dengue is spread by mosquitoes, guide {n}.\n\nRest and drink water.", title=f"Guide {n}")
    many = _queries(client, "/sources/")

    assert many == few
