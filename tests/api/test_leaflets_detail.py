"""GET /api/leaflets/{id}/: what the leaflet's page shows, to whoever may see it; 404 alike to everyone else."""

from __future__ import annotations

from review.services import leaflet_publish, translation_request_changes
from tests.conftest import make_leaflet, text_of


def test_it_shows_the_details_the_current_revision_and_every_languages_state(approved_leaflet, personas, api_as):
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    body = api_as(personas.author).get(f"/api/leaflets/{approved_leaflet.pk}/").json()

    assert (body["id"], body["title"], body["current_revision"], body["review_interval_months"]) == (
        approved_leaflet.pk,
        "Symptoms check",
        1,
        24,
    )
    assert body["gate_open"] is True and body["gate_reasons"] == []
    assert body["live"]["revision"] == 1 and body["live"]["languages"] == ["en", "ms", "ta", "zh"]
    states = {row["language"]: row for row in body["language_states"]}
    assert set(states) == {"en", "zh", "ms", "ta"}
    ta = states["ta"]
    assert ta["text_version"] == text_of(approved_leaflet, "ta").pk and ta["ready"] and ta["untranslated"] == 0
    assert {s["stage"]: s["approved_by"] for s in ta["stages"]} == {
        "native": personas.reviewer("ta", "native").username,
        "clinical": personas.reviewer("ta", "clinical").username,
    }
    assert body["can_edit"] is True and body["can_publish"] is False


def test_an_untranslated_leaflet_says_why_it_cannot_be_published(leaflet, personas, api_as):
    body = api_as(personas.author).get(f"/api/leaflets/{leaflet.pk}/").json()

    zh = next(row for row in body["language_states"] if row["language"] == "zh")
    assert body["gate_open"] is False and zh["ready"] is False and zh["untranslated"] == 3
    assert any("not translated yet" in reason for reason in zh["reasons"])
    assert body["live"] is None


def test_a_change_request_shows_in_its_stage(translated_leaflet, personas, api_as):
    translation_request_changes(
        text_version=text_of(translated_leaflet, "ms"),
        stage="clinical",
        reviewer=personas.reviewer("ms", "clinical"),
        comment="Say 'ubat' rather than 'dadah'.",
    )

    body = api_as(personas.reviewer("ms", "native")).get(f"/api/leaflets/{translated_leaflet.pk}/").json()

    ms = next(row for row in body["language_states"] if row["language"] == "ms")
    assert {s["stage"]: s["changes_requested"] for s in ms["stages"]} == {"native": False, "clinical": True}


def test_a_reviewer_gets_the_ids_of_only_the_texts_of_their_language(translated_leaflet, personas, api_as):
    body = api_as(personas.reviewer("ta", "native")).get(f"/api/leaflets/{translated_leaflet.pk}/").json()

    ids = {row["language"]: row["text_version"] for row in body["language_states"]}
    assert ids == {"en": None, "zh": None, "ms": None, "ta": text_of(translated_leaflet, "ta").pk}
    assert body["can_edit"] is False


def test_an_outsider_gets_the_same_404_whether_or_not_the_leaflet_exists(personas, api_as):
    leaflet = make_leaflet(personas.author, languages=("en", "ms"))
    absent = leaflet.pk + 1000

    for user in (personas.outsider, personas.reviewer("ta", "native")):
        hidden = api_as(user).get(f"/api/leaflets/{leaflet.pk}/")
        missing = api_as(user).get(f"/api/leaflets/{absent}/")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.content == missing.content == b'{"detail":"Not found."}'
    assert api_as(personas.author).get(f"/api/leaflets/{2**70}/").status_code == 404
