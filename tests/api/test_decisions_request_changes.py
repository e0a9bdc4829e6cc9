"""POST /api/texts/{id}/request-changes/: a reviewer asks for changes, which blocks the text."""

from review.models import Approval, Comment
from review.selectors import gate_evaluate
from tests.conftest import text_of
from workbench.api_base import text_etag


def test_a_clinician_requests_changes_and_the_text_is_blocked(translated_leaflet, personas, api_as):
    malay = text_of(translated_leaflet, "ms")
    client = api_as(personas.reviewer("ms", "clinical"))

    response = client.post(
        f"/api/texts/{malay.pk}/request-changes/",
        {"stage": "clinical", "comment": "Say 'doktor', not 'dokter'."},
        format="json",
    )

    assert response.status_code == 201, response.content
    request = Approval.objects.get(text_version=malay)
    assert (request.decision, request.stage) == ("changes_requested", "clinical")
    assert Comment.objects.filter(text_version=malay, body="Say 'doktor', not 'dokter'.").exists()
    assert response.json()["counts_for_current"] is True
    row = next(r for r in gate_evaluate(leaflet=translated_leaflet).rows if r.language == "ms")
    assert row.cells["clinical"].latest == request

    # ...and the native speaker can no longer approve it.
    native = api_as(personas.reviewer("ms", "native")).post(
        f"/api/texts/{malay.pk}/approve/", {"stage": "native"}, format="json", HTTP_IF_MATCH=text_etag(malay)
    )
    assert native.status_code == 400 and "requested changes" in native.json()["detail"]
    assert not Approval.objects.filter(decision="approved").exists()


def test_it_needs_a_comment(translated_leaflet, personas, api_as):
    malay = text_of(translated_leaflet, "ms")
    client = api_as(personas.reviewer("ms", "clinical"))

    for body in ({"stage": "clinical"}, {"stage": "clinical", "comment": "   "}):
        assert client.post(f"/api/texts/{malay.pk}/request-changes/", body, format="json").status_code == 400
    assert not Approval.objects.exists()


def test_a_reviewer_of_another_language_gets_404(translated_leaflet, personas, api_as):
    malay = text_of(translated_leaflet, "ms")

    response = api_as(personas.reviewer("ta", "clinical")).post(
        f"/api/texts/{malay.pk}/request-changes/", {"stage": "clinical", "comment": "No."}, format="json"
    )

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not Approval.objects.exists()
