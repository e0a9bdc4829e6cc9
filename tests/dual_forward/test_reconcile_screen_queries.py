"""The reconciliation screen runs the same number of queries for a 3-segment text as for a 13-segment one."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dual_forward.conftest import translate_twice
from workbench.services import SegmentInput, leaflet_create


def _dual_text(personas, paragraphs: int):
    leaflet = leaflet_create(
        user=personas.author,
        title="Symptoms check",
        required_languages=["en", "ms"],
        dual_forward_languages=["ms"],
        segments=[SegmentInput(kind="paragraph", text=f"Drink water and rest, day {n}.") for n in range(paragraphs)],
    )
    return translate_twice(leaflet, personas.author)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_screen_does_not_make_a_query_per_segment(providers, personas, as_user):
    small, large = _dual_text(personas, 2), _dual_text(personas, 12)
    client = as_user(personas.translator("ms"))
    _queries(client, f"/reconcile/{small.pk}/")  # Django's content-type cache fills on the first request

    assert _queries(client, f"/reconcile/{large.pk}/") == _queries(client, f"/reconcile/{small.pk}/")
