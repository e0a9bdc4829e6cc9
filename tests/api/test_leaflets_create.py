"""POST /api/leaflets/: the same leaflet the "New leaflet" page makes, by the same people, audited as theirs."""

from __future__ import annotations

import pytest

from review.models import AuditEvent
from translations.models import TextVersion
from workbench.models import Leaflet

TEXTS = [
    ("heading", "What to do at home"),
    ("paragraph", "about how long have these symptoms been going on?"),
    ("red_flag", "Call 995 at once if you bleed from the gums or nose."),
]


def api_body(title="Fever at home", **extra):
    return {
        "title": title,
        "topic": "Fever",
        "audience": "adult patients",
        "source_language": "en",
        "required_languages": ["en", "zh", "ta"],
        "review_interval_months": 12,
        "segments": [{"kind": kind, "text": text} for kind, text in TEXTS],
        **extra,
    }


def page_form(title="Fever at home"):
    return {
        "title": title,
        "topic": "Fever",
        "audience": "adult patients",
        "source_language": "en",
        "required_languages": ["en", "zh", "ta"],
        "review_interval_months": "12",
        "seg_key": ["" for _ in TEXTS],
        "seg_kind": [kind for kind, _ in TEXTS],
        "seg_text": [text for _, text in TEXTS],
    }


def made(leaflet: Leaflet) -> dict:
    """Everything creating a leaflet writes, without the ids and random segment keys that differ by nature."""
    leaflet.refresh_from_db()
    revision = leaflet.current_revision
    return {
        "leaflet": (
            leaflet.title,
            leaflet.topic,
            leaflet.audience,
            leaflet.source_language_id,
            leaflet.review_interval_months,
            leaflet.created_by_id,
            leaflet.revision_counter,
        ),
        "languages": leaflet.language_codes(),
        "revision": (revision.number, revision.is_conflict, revision.note, revision.created_by_id),
        "segments": [(s.position, s.kind, s.text, s.content_hash) for s in revision.segments.all()],
        "texts": sorted(TextVersion.objects.filter(revision=revision).values_list("language_id", "is_source", "state")),
        "audit": [(e.verb, e.actor_id, e.data) for e in AuditEvent.objects.filter(leaflet=leaflet).order_by("seq")],
    }


def test_creating_through_the_api_makes_exactly_what_the_page_makes(personas, api_as, as_user):
    page = as_user(personas.author).post("/leaflets/new/", page_form())
    assert page.status_code == 302
    from_page = Leaflet.objects.get()

    response = api_as(personas.author).post("/api/leaflets/", api_body(), format="json")

    assert response.status_code == 201, response.json()
    from_api = Leaflet.objects.exclude(pk=from_page.pk).get()
    assert response.json()["id"] == from_api.pk
    assert response["Location"] == f"/api/leaflets/{from_api.pk}/"
    assert made(from_api) == made(from_page)
    assert made(from_api)["segments"][0][1:3] == ("title", "Fever at home")


def test_the_created_event_names_the_user_whose_token_made_it(personas, api_as):
    response = api_as(personas.second_author).post("/api/leaflets/", api_body(), format="json")

    leaflet = Leaflet.objects.get(pk=response.json()["id"])
    event = AuditEvent.objects.get(verb="leaflet.created", leaflet=leaflet)
    assert event.actor == personas.second_author
    assert leaflet.created_by == personas.second_author
    assert event.data["languages"] == ["en", "zh", "ta"] and event.data["review_interval_months"] == 12


@pytest.mark.parametrize("who", ["ta_native_reviewer", "ms_translator", "publisher", "outsider"])
def test_only_authors_create_and_everyone_else_is_refused_as_by_the_page(personas, api_as, as_user, who):
    user = {
        "ta_native_reviewer": personas.reviewer("ta", "native"),
        "ms_translator": personas.translator("ms"),
        "publisher": personas.publisher,
        "outsider": personas.outsider,
    }[who]

    response = api_as(user).post("/api/leaflets/", api_body(), format="json")

    assert response.status_code == 403
    assert as_user(user).post("/leaflets/new/", page_form()).status_code == 403
    assert not Leaflet.objects.exists()
    assert not AuditEvent.objects.filter(verb="leaflet.created").exists()


def test_it_refuses_a_leaflet_with_no_text_with_the_services_reason(personas, api_as):
    response = api_as(personas.author).post(
        "/api/leaflets/", api_body(segments=[{"kind": "paragraph", "text": "   "}]), format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "A leaflet needs at least one segment with text."
    assert not Leaflet.objects.exists()


def test_it_refuses_an_unknown_language_and_a_review_interval_out_of_range(personas, api_as):
    client = api_as(personas.author)

    unknown = client.post("/api/leaflets/", api_body(required_languages=["en", "xx"]), format="json")
    interval = client.post("/api/leaflets/", api_body(review_interval_months=121), format="json")

    assert unknown.status_code == 400 and "Unknown language code: xx" in unknown.json()["detail"]
    assert interval.status_code == 400 and interval.json()["errors"][0].startswith("review_interval_months:")
    assert not Leaflet.objects.exists()


def test_it_refuses_control_characters_no_word_document_could_hold(personas, api_as):
    client = api_as(personas.author)

    in_title = client.post("/api/leaflets/", api_body(title="Fever\x0bat home"), format="json")
    in_text = client.post("/api/leaflets/", api_body(segments=[{"kind": "paragraph", "text": "a\x01b"}]), format="json")

    assert in_title.status_code == in_text.status_code == 400
    assert in_title.json()["detail"].startswith("title: The text contains a control character")
    assert in_text.json()["detail"].startswith("segments.0.text: The text contains a control character")
    assert not Leaflet.objects.exists()
