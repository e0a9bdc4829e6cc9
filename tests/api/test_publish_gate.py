"""GET /api/leaflets/{id}/gate/: whether the leaflet may be published, why not, and which approvals count."""

from review.services import translation_approve
from tests.conftest import text_of
from tests.support.review import seen


def gate(client, leaflet):
    response = client.get(f"/api/leaflets/{leaflet.pk}/gate/")
    assert response.status_code == 200, response.content
    return response.json()


def test_an_approved_leaflet_has_an_open_gate_with_every_approval_counting(approved_leaflet, personas, api_as):
    body = gate(api_as(personas.publisher), approved_leaflet)

    assert body["open"] is True and body["reasons"] == []
    assert body["revision"] == approved_leaflet.current_revision.number
    assert {row["language"] for row in body["languages"]} == {"en", "zh", "ms", "ta"}
    for row in body["languages"]:
        assert row["ready"] and row["text_id"] == text_of(approved_leaflet, row["language"]).pk
        assert {cell["stage"]: cell["approved"] for cell in row["stages"]} == {"native": True, "clinical": True}
        reviewers = {cell["stage"]: cell["reviewer"] for cell in row["stages"]}
        assert reviewers == {
            stage: personas.reviewer(row["language"], stage).username for stage in ("native", "clinical")
        }


def test_a_half_approved_leaflet_has_a_closed_gate_saying_what_is_missing(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    translation_approve(
        text_version=tamil, expected_hash=seen(tamil), reviewer=personas.reviewer("ta", "native"), stage="native"
    )

    body = gate(api_as(personas.reviewer("ta", "clinical")), translated_leaflet)

    assert body["open"] is False
    tamil_row = next(row for row in body["languages"] if row["language"] == "ta")
    cells = {cell["stage"]: cell for cell in tamil_row["stages"]}
    assert cells["native"]["approved"] is True and cells["clinical"]["approved"] is False
    assert any("Tamil" in reason and "Clinician" in reason for reason in tamil_row["reasons"])
    assert set(tamil_row["reasons"]) <= set(body["reasons"])


def test_an_outsider_gets_404_and_no_title(approved_leaflet, personas, api_as):
    response = api_as(personas.outsider).get(f"/api/leaflets/{approved_leaflet.pk}/gate/")
    assert response.status_code == 404
    assert approved_leaflet.title not in response.content.decode()


def test_an_anonymous_caller_gets_401(approved_leaflet, api_as):
    assert api_as(None).get(f"/api/leaflets/{approved_leaflet.pk}/gate/").status_code == 401
