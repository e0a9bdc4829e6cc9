"""GET /api/leaflets/: the leaflets the caller may see, searched and paginated, at a cost that does not grow."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.services import leaflet_publish
from tests.conftest import approve_everything, make_leaflet, translate_all


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_each_caller_sees_the_leaflets_the_list_page_shows_them(personas, api_as):
    tamil = make_leaflet(personas.author, languages=("en", "ta"), title="Race 1")
    malay = make_leaflet(personas.author, languages=("en", "ms"), title="Race 2")

    assert sorted(ids(api_as(personas.author).get("/api/leaflets/"))) == sorted([tamil.pk, malay.pk])
    assert ids(api_as(personas.reviewer("ta", "clinical")).get("/api/leaflets/")) == [tamil.pk]
    assert ids(api_as(personas.translator("ms")).get("/api/leaflets/")) == [malay.pk]
    assert ids(api_as(personas.outsider).get("/api/leaflets/")) == []


def test_it_finds_leaflets_by_their_title_and_pages_through_them(personas, api_as):
    fever = make_leaflet(personas.author, title="Fever at home")
    for i in range(3):
        make_leaflet(personas.author, title=f"Race {i}")
    client = api_as(personas.author)

    assert ids(client.get("/api/leaflets/", {"q": "fever"})) == [fever.pk]
    first = client.get("/api/leaflets/", {"page_size": 3}).json()
    second = client.get("/api/leaflets/", {"page_size": 3, "page": 2}).json()
    assert first["count"] == 4 and len(first["results"]) == 3 and first["next"]
    assert len(second["results"]) == 1
    assert {r["id"] for r in first["results"] + second["results"]} == set(ids(client.get("/api/leaflets/")))
    assert client.get("/api/leaflets/", {"page": 9}).status_code == 404


def test_a_row_says_the_current_revision_what_is_live_and_whether_the_gate_is_open(approved_leaflet, personas, api_as):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    row = api_as(personas.author).get("/api/leaflets/").json()["results"][0]

    assert (row["id"], row["title"], row["current_revision"], row["live_revision"]) == (
        approved_leaflet.pk,
        "Symptoms check",
        1,
        1,
    )
    assert row["gate_open"] is True and row["languages"] == ["en", "ms", "ta", "zh"]
    assert row["created_by"] == personas.author.username


def _add(personas, start: int, count: int) -> None:
    for i in range(start, start + count):
        leaflet = make_leaflet(personas.author, languages=("en", "ta", "ms"), title=f"Race {i}")
        if i % 2:
            translate_all(leaflet)
            approve_everything(leaflet, personas)
            leaflet_publish(leaflet=leaflet, publisher=personas.publisher)


def _queries(client) -> int:
    client.get("/api/leaflets/")  # the token's first use of the minute is recorded: not a cost of the list
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/leaflets/")
    assert response.status_code == 200
    return len(captured)


def test_the_list_costs_the_same_number_of_queries_for_2_and_6_leaflets(personas, api_as):
    author, reviewer = api_as(personas.author), api_as(personas.reviewer("ta", "native"))
    _add(personas, 0, 2)
    small = (_queries(author), _queries(reviewer))

    _add(personas, 2, 4)
    large = (_queries(author), _queries(reviewer))

    assert len(author.get("/api/leaflets/").json()["results"]) == 6
    assert large == small
