"""POST /api/texts/{id}/approve/: a reviewer approves exactly the text they read, named by its ETag."""

from review.models import Approval, AuditEvent
from tests.conftest import text_of
from translations.models import TargetSegment
from workbench.api_base import text_etag


def approve(client, tv, stage, etag=None, **body):
    headers = {"HTTP_IF_MATCH": etag if etag is not None else text_etag(tv)}
    return client.post(f"/api/texts/{tv.pk}/approve/", {"stage": stage, **body}, format="json", **headers)


def test_a_native_speaker_approves_the_text_they_read(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")

    response = approve(api_as(personas.reviewer("ta", "native")), tamil, "native", comment="Reads naturally.")

    assert response.status_code == 201, response.content
    approval = Approval.objects.get(text_version=tamil)
    assert (approval.stage, approval.decision, approval.reviewer) == (
        "native",
        "approved",
        personas.reviewer("ta", "native"),
    )
    assert (approval.content_hash, approval.generation) == (tamil.content_hash, tamil.edit_generation)
    assert approval.comment == "Reads naturally."
    assert response.json()["id"] == approval.pk
    assert response.json()["sealed"] is True and response.json()["counts_for_current"] is True
    assert AuditEvent.objects.filter(verb="text.approved", object_id=str(approval.pk)).exists()


def test_it_asks_for_if_match_when_it_is_missing(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    client = api_as(personas.reviewer("ta", "native"))

    response = client.post(f"/api/texts/{tamil.pk}/approve/", {"stage": "native"}, format="json")

    assert response.status_code == 428
    assert not Approval.objects.exists()


def test_it_refuses_a_weak_or_malformed_etag(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    client = api_as(personas.reviewer("ta", "native"))

    for etag in (f"W/{text_etag(tamil)}", "nonsense", '"abc"'):
        assert approve(client, tamil, "native", etag=etag).status_code == 412
    assert not Approval.objects.exists()


def test_it_refuses_a_stage_the_reviewer_does_not_hold_with_403(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")

    response = approve(api_as(personas.reviewer("ta", "native")), tamil, "clinical")

    assert response.status_code == 403
    assert not Approval.objects.exists()


def test_it_refuses_an_unknown_stage_with_400(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")

    response = approve(api_as(personas.reviewer("ta", "native")), tamil, "publisher")

    assert response.status_code == 400
    assert not Approval.objects.exists()


def test_it_answers_404_for_a_text_that_does_not_exist(personas, api_as):
    client = api_as(personas.reviewer("ta", "native"))
    response = client.post("/api/texts/999999/approve/", {"stage": "native"}, format="json", HTTP_IF_MATCH='"x.0"')
    assert response.status_code == 404


def test_the_services_refusals_come_back_as_400_with_the_message(leaflet, personas, api_as):
    # Nothing is translated yet: the service refuses, the API says why.
    tamil = text_of(leaflet, "ta")
    assert TargetSegment.objects.filter(text_version=tamil, text="").exists()

    response = approve(api_as(personas.reviewer("ta", "native")), tamil, "native")

    assert response.status_code == 400
    assert "not translated" in response.json()["detail"]
    assert not Approval.objects.exists()


def test_the_same_person_cannot_give_both_approvals(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    client = api_as(personas.dual_tamil)
    assert approve(client, tamil, "native").status_code == 201

    response = approve(client, text_of(translated_leaflet, "ta"), "clinical")

    assert response.status_code == 400
    assert "two people" in response.json()["detail"]
    assert list(Approval.objects.values_list("stage", flat=True)) == ["native"]
