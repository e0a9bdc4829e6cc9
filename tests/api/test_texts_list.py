"""GET /api/leaflets/{id}/texts/: the current revision's texts, one per language the caller may see."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_leaflet, text_of
from translations.models import TargetSegment
from workbench.api_base import text_etag


def texts_url(leaflet) -> str:
    return f"/api/leaflets/{leaflet.pk}/texts/"


def test_an_author_sees_every_language_with_its_state_and_etag(translated_leaflet, personas, api_as):
    response = api_as(personas.author).get(texts_url(translated_leaflet))

    assert response.status_code == 200, response.content
    rows = {row["language"]: row for row in response.json()["results"]}
    assert sorted(rows) == ["en", "ms", "ta", "zh"]
    tamil = text_of(translated_leaflet, "ta")
    assert rows["ta"]["id"] == tamil.pk and rows["ta"]["is_source"] is False and rows["en"]["is_source"] is True
    assert rows["ta"]["content_hash"] == tamil.content_hash
    assert rows["ta"]["edit_generation"] == tamil.edit_generation
    assert rows["ta"]["etag"] == text_etag(tamil) and rows["ta"]["state"] == tamil.state
    assert rows["ta"]["untranslated"] == 0 and rows["ta"]["job_active"] is False


def test_a_reviewer_sees_only_the_texts_of_their_language(translated_leaflet, personas, api_as):
    response = api_as(personas.reviewer("ms", "native")).get(texts_url(translated_leaflet))

    assert response.status_code == 200
    assert [row["language"] for row in response.json()["results"]] == ["ms"]


def test_it_counts_untranslated_segments_and_an_active_job(leaflet, personas, api_as):
    # Nothing is translated yet; a queued translation is running (no model endpoint: it waits for the worker).
    api_as(personas.author).post(f"/api/leaflets/{leaflet.pk}/jobs/", {"languages": ["zh"]}, format="json")

    rows = {r["language"]: r for r in api_as(personas.author).get(texts_url(leaflet)).json()["results"]}

    segments = TargetSegment.objects.filter(text_version=text_of(leaflet, "zh")).count()
    assert rows["zh"]["untranslated"] == segments and rows["zh"]["job_active"] is True
    assert rows["ta"]["job_active"] is False and rows["en"]["untranslated"] == 0


def test_outsiders_and_other_languages_reviewers_get_404(personas, api_as):
    chinese_only = make_leaflet(personas.author, languages=("en", "zh"))

    assert api_as(personas.outsider).get(texts_url(chinese_only)).status_code == 404
    refused = api_as(personas.reviewer("ta", "native")).get(texts_url(chinese_only))
    assert refused.status_code == 404 and refused.json() == {"detail": "Not found."}
    assert api_as(None).get(texts_url(chinese_only)).status_code == 401


def test_the_number_of_queries_does_not_grow_with_the_languages(personas, api_as):
    small = make_leaflet(personas.author, languages=("en", "zh"))
    large = make_leaflet(personas.author, languages=("en", "zh", "ms", "ta"))

    def queries(user, leaflet) -> int:
        client = api_as(user)
        client.get(texts_url(leaflet))  # the token's first use records it
        with CaptureQueriesContext(connection) as captured:
            assert client.get(texts_url(leaflet)).status_code == 200
        return len(captured)  # now: a later request empties the log it reads

    assert queries(personas.reviewer("zh", "native"), small) == queries(personas.reviewer("zh", "native"), large)
    assert queries(personas.author, small) == queries(personas.author, large)
