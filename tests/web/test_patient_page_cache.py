"""The patient page is cached under the live publication, so it is never stale and never lost."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from review.services import leaflet_publish, publication_withdraw


def test_a_second_visit_is_served_from_the_cache_with_one_query(approved_leaflet, personas, as_user, cache_in_redis):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = as_user(None)
    first = client.get(f"/p/{approved_leaflet.pk}/ta/")

    with CaptureQueriesContext(connection) as captured:
        second = client.get(f"/p/{approved_leaflet.pk}/ta/")

    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Language"] == "ta"
    assert len(captured) == 1  # which publication is live: never taken from the cache


def test_a_withdrawn_leaflet_disappears_at_once_and_a_new_publication_shows_at_once(
    approved_leaflet, personas, as_user, cache_in_redis
):
    from tests.conftest import TICO, approve_everything, translate_all
    from workbench.services import SegmentInput, revision_save

    first = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    client = as_user(None)
    assert client.get(f"/p/{approved_leaflet.pk}/ta/").status_code == 200

    publication_withdraw(publication=first, user=personas.publisher, reason="Dose guidance changed.")
    assert client.get(f"/p/{approved_leaflet.pk}/ta/").status_code == 410

    current = approved_leaflet.current_revision
    rows = [SegmentInput(kind=s.kind, text=s.text, key=s.key) for s in current.segments.all()]
    rows[-1] = SegmentInput(kind=rows[-1].kind, text="i will send you a photo", key=rows[-1].key)
    revision_save(leaflet=approved_leaflet, user=personas.author, segments=rows, base_revision_number=current.number)
    approved_leaflet.refresh_from_db()
    photo = {**TICO[1], "en": "i will send you a photo", "ta": "நான் உங்களுக்கு ஒரு புகைப்படம் அனுப்புகிறேன்"}
    translate_all(approved_leaflet, rows=[TICO[0], photo])
    approve_everything(approved_leaflet, personas)
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    page = client.get(f"/p/{approved_leaflet.pk}/ta/").content.decode()
    assert "நான் உங்களுக்கு ஒரு புகைப்படம் அனுப்புகிறேன்" in page


def test_the_page_still_renders_when_the_cache_is_down(approved_leaflet, personas, as_user, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    response = as_user(None).get(f"/p/{approved_leaflet.pk}/ta/")

    assert response.status_code == 200 and response["Content-Language"] == "ta"
