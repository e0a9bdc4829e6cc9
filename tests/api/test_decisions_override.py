"""POST /api/findings/{id}/override/: a reviewer overrides a QA error with a written reason."""

from review.models import AuditEvent, FindingOverride
from review.selectors import unresolved_errors
from tests.conftest import text_of


def tamil_error(red_flag_leaflet):
    [finding] = unresolved_errors(text_of(red_flag_leaflet, "ta"))
    return finding


def test_a_tamil_clinician_overrides_the_error_with_a_reason(red_flag_leaflet, personas, api_as):
    finding = tamil_error(red_flag_leaflet)

    response = api_as(personas.reviewer("ta", "clinical")).post(
        f"/api/findings/{finding.pk}/override/", {"reason": "The number is said in the heading."}, format="json"
    )

    assert response.status_code == 201, response.content
    override = FindingOverride.objects.get()
    assert (override.finding_id, override.reason) == (finding.pk, "The number is said in the heading.")
    assert response.json()["reviewer"] == personas.reviewer("ta", "clinical").username
    assert not unresolved_errors(text_of(red_flag_leaflet, "ta"))
    assert AuditEvent.objects.filter(verb="qa.overridden").count() == 1


def test_it_needs_a_reason(red_flag_leaflet, personas, api_as):
    finding = tamil_error(red_flag_leaflet)
    client = api_as(personas.reviewer("ta", "clinical"))

    for body in ({}, {"reason": "  "}):
        assert client.post(f"/api/findings/{finding.pk}/override/", body, format="json").status_code == 400
    assert not FindingOverride.objects.exists()


def test_an_author_who_may_see_the_text_but_not_review_it_gets_403(red_flag_leaflet, personas, api_as):
    finding = tamil_error(red_flag_leaflet)

    response = api_as(personas.author).post(f"/api/findings/{finding.pk}/override/", {"reason": "Fine."}, format="json")

    assert response.status_code == 403
    assert not FindingOverride.objects.exists()


def test_a_reviewer_of_another_language_gets_404(red_flag_leaflet, personas, api_as):
    finding = tamil_error(red_flag_leaflet)

    response = api_as(personas.reviewer("ms", "clinical")).post(
        f"/api/findings/{finding.pk}/override/", {"reason": "Fine."}, format="json"
    )

    assert response.status_code == 404
    assert not FindingOverride.objects.exists()


def test_overriding_twice_is_refused_with_400(red_flag_leaflet, personas, api_as):
    finding = tamil_error(red_flag_leaflet)
    client = api_as(personas.reviewer("ta", "clinical"))
    assert client.post(f"/api/findings/{finding.pk}/override/", {"reason": "Ok."}, format="json").status_code == 201

    response = api_as(personas.reviewer("ta", "native")).post(
        f"/api/findings/{finding.pk}/override/", {"reason": "Ok too."}, format="json"
    )

    assert response.status_code == 400 and "already overridden" in response.json()["detail"]
    assert FindingOverride.objects.count() == 1
