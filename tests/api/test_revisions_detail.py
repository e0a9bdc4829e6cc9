"""GET /api/leaflets/{id}/revisions/{number}/: one revision's segments, who saved it, when, why."""

from __future__ import annotations

from workbench.models import Revision


def test_it_shows_every_segment_with_its_key_kind_text_and_position(leaflet, personas, api_as):
    revision = Revision.objects.get(leaflet=leaflet, number=1)

    body = api_as(personas.reviewer("zh", "clinical")).get(f"/api/leaflets/{leaflet.pk}/revisions/1/").json()

    assert body["segments"] == [
        {"key": str(s.key), "kind": s.kind, "text": s.text, "position": s.position} for s in revision.segments.all()
    ]
    assert body["segments"][0]["kind"] == "title" and body["title"] == "Symptoms check"
    assert (body["number"], body["created_by"], body["note"], body["content_hash"]) == (
        1,
        personas.author.username,
        "",
        revision.content_hash,
    )
    assert body["is_current"] is True and body["created_at"]


def test_an_absent_number_and_a_hidden_leaflet_are_both_404(leaflet, personas, api_as):
    assert api_as(personas.author).get(f"/api/leaflets/{leaflet.pk}/revisions/2/").status_code == 404
    assert api_as(personas.author).get(f"/api/leaflets/{leaflet.pk}/revisions/{2**64}/").status_code == 404
    assert api_as(personas.outsider).get(f"/api/leaflets/{leaflet.pk}/revisions/1/").status_code == 404
