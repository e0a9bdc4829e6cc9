"""GET /api/publications/ and /api/publications/{id}/: the publications of the leaflets one can see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.models import Publication
from review.services import leaflet_publish
from tests.conftest import approve_everything, make_leaflet, translate_all


def published(personas, title: str = "Symptoms check", languages=("en", "zh", "ms", "ta")):
    leaflet = make_leaflet(personas.author, title=title, languages=languages)
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    return leaflet, leaflet_publish(leaflet=leaflet, publisher=personas.publisher)


def test_it_lists_publications_newest_first_and_filters_by_leaflet(personas, api_as):
    first_leaflet, first = published(personas)
    second_leaflet, second = published(personas, title="Second leaflet")
    client = api_as(personas.publisher)

    everything = client.get("/api/publications/").json()
    only_first = client.get(f"/api/publications/?leaflet={first_leaflet.pk}").json()

    assert [p["id"] for p in everything["results"]] == [second.pk, first.pk]
    assert [p["id"] for p in only_first["results"]] == [first.pk]
    assert only_first["results"][0]["leaflet_id"] == first_leaflet.pk


def test_a_reviewer_sees_only_the_leaflets_of_their_languages(personas, api_as):
    _all_four, everywhere = published(personas)
    _malay_only, malay = published(personas, title="Second leaflet", languages=("en", "ms"))

    tamil = api_as(personas.reviewer("ta", "native")).get("/api/publications/").json()

    assert [p["id"] for p in tamil["results"]] == [everywhere.pk]
    assert api_as(personas.reviewer("ta", "native")).get(f"/api/publications/{malay.pk}/").status_code == 404
    assert api_as(personas.reviewer("ms", "native")).get(f"/api/publications/{malay.pk}/").status_code == 200


def test_one_publication_shows_its_frozen_texts(personas, api_as):
    _leaflet, publication = published(personas)

    body = api_as(personas.author).get(f"/api/publications/{publication.pk}/").json()

    assert (body["id"], body["state"], body["published_by"]) == (publication.pk, "live", personas.publisher.username)
    assert [t["language"] for t in body["texts"]] == ["en", "ms", "ta", "zh"]
    assert body["withdrawn_by"] is None


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "9" * 40])
def test_a_leaflet_filter_that_is_not_an_id_is_a_400(personas, api_as, value):
    assert api_as(personas.publisher).get(f"/api/publications/?leaflet={value}").status_code == 400


def test_its_query_count_does_not_grow_with_the_publications(personas, api_as):
    client = api_as(personas.publisher)
    published(personas)
    client.get("/api/publications/")  # the token's first use is recorded once; measure after it

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/publications/").status_code == 200
        return len(queries)

    few = count_queries()
    for n in range(3):
        published(personas, title=f"Race {n}")
    assert Publication.objects.count() == 4
    assert count_queries() == few
