"""POST /api/leaflets/{id}/revisions/: an edit saved as the editor saves it; a stale base keeps both versions (409)."""

from __future__ import annotations

from review.models import AuditEvent
from tests.conftest import TICO, text_of
from translations.models import TargetSegment
from workbench.models import Revision
from workbench.services import SegmentInput, revision_body, revision_save

NEW = "my sister has similar symptoms"


def body_of(leaflet) -> list[dict]:
    leaflet.refresh_from_db()
    return [{"key": str(s.key), "kind": s.kind, "text": s.text} for s in revision_body(leaflet.current_revision)]


def test_an_edit_on_the_current_revision_is_saved_and_keeps_the_unchanged_translations(
    translated_leaflet, personas, api_as
):
    segments = body_of(translated_leaflet)
    segments[1]["text"] = NEW
    kept_key = segments[0]["key"]

    response = api_as(personas.second_author).post(
        f"/api/leaflets/{translated_leaflet.pk}/revisions/",
        {"base_revision": 1, "segments": segments, "note": "A new second line"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    translated_leaflet.refresh_from_db()
    current = translated_leaflet.current_revision
    assert (current.number, current.note, current.created_by) == (2, "A new second line", personas.second_author)
    assert response.json()["number"] == 2 and response.json()["is_current"] is True
    assert [s["text"] for s in response.json()["segments"]] == ["Symptoms check", TICO[0]["en"], NEW]
    kept = TargetSegment.objects.get(text_version=text_of(translated_leaflet, "zh"), key=kept_key)
    assert kept.text == TICO[0]["zh"]
    event = AuditEvent.objects.get(verb="revision.saved", leaflet=translated_leaflet)
    assert event.actor == personas.second_author and event.data["changed_segments"] == 1


def test_a_stale_base_keeps_your_edit_as_a_conflict_revision_and_answers_409_with_both(leaflet, personas, api_as):
    mine = body_of(leaflet)
    mine[0]["text"] = NEW
    theirs = [SegmentInput(kind=s["kind"], text=s["text"].upper(), key=None) for s in body_of(leaflet)]
    revision_save(leaflet=leaflet, user=personas.second_author, segments=theirs, base_revision_number=1)

    response = api_as(personas.author).post(
        f"/api/leaflets/{leaflet.pk}/revisions/", {"base_revision": 1, "segments": mine}, format="json"
    )

    assert response.status_code == 409
    body = response.json()
    assert "Your version was kept as revision 3" in body["detail"]
    assert (body["yours"]["number"], body["yours"]["is_conflict"], body["yours"]["is_current"]) == (3, True, False)
    assert (body["current"]["number"], body["current"]["is_current"]) == (2, True)
    assert [s["text"] for s in body["yours"]["segments"]][1:] == [s["text"] for s in mine]
    assert body["current"]["segments"][1]["text"] == TICO[0]["en"].upper()
    stored = Revision.objects.get(leaflet=leaflet, number=3)
    leaflet.refresh_from_db()
    assert stored.is_conflict and stored.created_by == personas.author
    assert [s.text for s in revision_body(stored)] == [s["text"] for s in mine]  # nothing typed is lost
    assert leaflet.current_revision.number == 2
    assert AuditEvent.objects.get(verb="revision.conflict", leaflet=leaflet).data["current"] == 2


def test_an_unchanged_edit_saves_nothing_and_answers_the_current_revision(leaflet, personas, api_as):
    response = api_as(personas.author).post(
        f"/api/leaflets/{leaflet.pk}/revisions/", {"base_revision": 1, "segments": body_of(leaflet)}, format="json"
    )

    assert response.status_code == 200 and response.json()["number"] == 1
    assert Revision.objects.filter(leaflet=leaflet).count() == 1


def test_reviewers_cannot_save_and_outsiders_are_told_nothing_exists(leaflet, personas, api_as):
    edit = {"base_revision": 1, "segments": [{"kind": "paragraph", "text": NEW}]}

    reviewer = api_as(personas.reviewer("en", "clinical")).post(
        f"/api/leaflets/{leaflet.pk}/revisions/", edit, format="json"
    )
    outsider = api_as(personas.outsider).post(f"/api/leaflets/{leaflet.pk}/revisions/", edit, format="json")

    assert reviewer.status_code == 403 and outsider.status_code == 404
    assert Revision.objects.filter(leaflet=leaflet).count() == 1


def test_it_refuses_an_unknown_kind_a_missing_base_and_a_malformed_key(leaflet, personas, api_as):
    client, url = api_as(personas.author), f"/api/leaflets/{leaflet.pk}/revisions/"

    kind = client.post(url, {"base_revision": 1, "segments": [{"kind": "poem", "text": NEW}]}, format="json")
    base = client.post(url, {"base_revision": 7, "segments": [{"kind": "paragraph", "text": NEW}]}, format="json")
    key = client.post(
        url, {"base_revision": 1, "segments": [{"key": "nope", "kind": "paragraph", "text": NEW}]}, format="json"
    )

    assert kind.status_code == base.status_code == key.status_code == 400
    assert kind.json()["detail"] == "Segment 1 has an unknown kind 'poem'."
    assert base.json()["detail"] == "The revision this edit was based on does not exist."
    assert key.json()["errors"][0].startswith("segments")
    assert Revision.objects.filter(leaflet=leaflet).count() == 1


def test_it_refuses_a_control_character_so_the_leaflet_stays_exportable(leaflet, personas, api_as):
    segments = body_of(leaflet)
    segments[0]["text"] = "a form\x0cfeed"

    response = api_as(personas.author).post(
        f"/api/leaflets/{leaflet.pk}/revisions/", {"base_revision": 1, "segments": segments}, format="json"
    )

    assert response.status_code == 400 and "control character" in response.json()["detail"]
    assert Revision.objects.filter(leaflet=leaflet).count() == 1
    assert api_as(personas.author).get(f"/api/leaflets/{leaflet.pk}/docx/").status_code == 200
