"""GET /api/leaflets/{id}/revisions/: every revision, newest first, paginated, conflicts marked."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from workbench.services import SegmentInput, revision_save


def _save(leaflet, user, text: str, base: int, note: str = ""):
    return revision_save(
        leaflet=leaflet,
        user=user,
        segments=[SegmentInput(kind="paragraph", text=text)],
        base_revision_number=base,
        note=note,
    )


def test_it_lists_the_revisions_newest_first_with_who_when_and_whether_current(leaflet, personas, api_as):
    _save(leaflet, personas.second_author, "i will send you an image", base=1, note="Shorter")
    _save(leaflet, personas.author, "my sister has similar symptoms", base=1)  # stale: a conflict

    body = api_as(personas.reviewer("ms", "native")).get(f"/api/leaflets/{leaflet.pk}/revisions/").json()

    rows = body["results"]
    assert body["count"] == 3 and [r["number"] for r in rows] == [3, 2, 1]
    assert [(r["is_current"], r["is_conflict"], r["based_on"]) for r in rows] == [
        (False, True, 1),
        (True, False, 1),
        (False, False, None),
    ]
    assert (rows[1]["created_by"], rows[1]["note"]) == (personas.second_author.username, "Shorter")
    leaflet.refresh_from_db()
    assert rows[1]["content_hash"] == leaflet.current_revision.content_hash


def test_an_outsider_gets_404(leaflet, personas, api_as):
    assert api_as(personas.outsider).get(f"/api/leaflets/{leaflet.pk}/revisions/").status_code == 404


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_for_2_and_6_revisions(leaflet, personas, api_as):
    client, url = api_as(personas.author), f"/api/leaflets/{leaflet.pk}/revisions/"
    _save(leaflet, personas.author, "text 2", base=1)
    small = _queries(client, url)

    for number in range(2, 6):
        _save(leaflet, personas.second_author, f"text {number + 1}", base=number)

    assert client.get(url).json()["count"] == 6
    assert _queries(client, url) == small
