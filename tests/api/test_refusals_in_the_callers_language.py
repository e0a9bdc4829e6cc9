"""The API's refusals are written in the caller's interface language, like the pages'.

A clinician who reads Tamil is refused in Tamil; an integration that sends no preference gets
English. Each assertion would fail with the English words."""

import pytest
from django.contrib.auth import get_user_model

from review.models import Approval, Publication
from review.services import leaflet_publish
from tests.conftest import text_of
from workbench.api_base import text_etag
from workbench.models import UserPreference


def _speaks(user, ui_language: str):
    UserPreference.objects.create(user=user, ui_language=ui_language)
    return user


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("it_staff", password=None, is_staff=True)


def test_it_refuses_an_authors_publish_in_chinese(approved_leaflet, personas, api_as):
    author = _speaks(personas.author, "zh-hans")

    response = api_as(author).post(f"/api/leaflets/{approved_leaflet.pk}/publish/", {}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "只有发布者可以发布。"
    assert not Publication.objects.exists()


def test_it_refuses_an_authors_withdrawal_in_malay(approved_leaflet, personas, api_as):
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    author = _speaks(personas.author, "ms")

    response = api_as(author).post(f"/api/publications/{publication.pk}/withdraw/", {"reason": "Tidak."}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "Hanya penerbit boleh menarik balik terbitan."
    assert Publication.objects.get().state == "live"


def test_it_refuses_a_stage_the_reviewer_does_not_hold_in_tamil(translated_leaflet, personas, api_as):
    tamil = text_of(translated_leaflet, "ta")
    reviewer = _speaks(personas.reviewer("ta", "native"), "ta")

    response = api_as(reviewer).post(
        f"/api/texts/{tamil.pk}/approve/", {"stage": "clinical"}, format="json", HTTP_IF_MATCH=text_etag(tamil)
    )

    assert response.status_code == 403
    assert "நீங்கள்" in response.json()["detail"] and "reviewer" not in response.json()["detail"]
    assert not Approval.objects.filter(text_version=tamil).exists()


def test_it_refuses_the_webhook_log_to_non_staff_and_a_wrong_state_filter_in_malay(personas, staff, api_as):
    author = _speaks(personas.author, "ms")
    _speaks(staff, "ms")

    refused = api_as(author).get("/api/webhooks/deliveries/")
    wrong_state = api_as(staff).get("/api/webhooks/deliveries/?state=lost")

    assert refused.status_code == 403
    assert refused.json()["detail"] == "Hanya kakitangan boleh membaca dan menghantar semula penghantaran webhook."
    assert wrong_state.status_code == 400
    assert wrong_state.json()["fields"]["state"][0].startswith("Salah satu daripada: ")


def test_a_text_the_caller_may_not_see_is_not_found_in_their_language(approved_leaflet, personas, api_as):
    outsider = _speaks(personas.outsider, "zh-hans")

    response = api_as(outsider).get(f"/api/texts/{text_of(approved_leaflet, 'ta').pk}/")

    assert response.status_code == 404 and response.json()["detail"] == "未找到。"


def test_without_a_preference_the_refusal_is_english(approved_leaflet, personas, api_as):
    response = api_as(personas.author).post(f"/api/leaflets/{approved_leaflet.pk}/publish/", {}, format="json")

    assert response.status_code == 403 and response.json()["detail"] == "Only publishers can publish."


def test_the_frameworks_own_refusals_are_translated_where_it_has_no_catalogue(personas, api_as):
    # Django REST framework ships no Malay or Tamil messages; locale/ carries them (workbench.api_base).
    anonymous = api_as(None).get("/api/leaflets/", HTTP_ACCEPT_LANGUAGE="ta")
    bad_token = api_as(None).get("/api/leaflets/", HTTP_ACCEPT_LANGUAGE="ms", HTTP_AUTHORIZATION="Bearer wbt_nope")
    author = _speaks(personas.author, "ms")
    missing = api_as(author).post("/api/leaflets/", {}, format="json")

    assert anonymous.status_code in (401, 403) and anonymous.json()["detail"] == "அங்கீகாரச் சான்றுகள் வழங்கப்படவில்லை."
    assert (
        bad_token.status_code in (401, 403)
        and bad_token.json()["detail"] == "Token tidak sah, telah tamat tempoh atau telah dibatalkan."
    )
    assert missing.status_code == 400 and "Medan ini wajib diisi." in str(missing.json()["fields"])
