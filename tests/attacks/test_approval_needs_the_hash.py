"""A reviewer approves what they saw, or nothing: the approval must name the text's hash."""

import pytest
from django.core.exceptions import ValidationError

from review.models import Approval
from review.services import translation_approve
from tests.conftest import text_of


def test_it_refuses_an_approval_post_without_the_hash(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")

    response = as_user(personas.reviewer("ta", "native")).post(
        f"/review/{tamil.pk}/decision/", {"action": "approve", "stage": "native"}, follow=True
    )

    assert response.status_code == 200
    assert "must name the text you saw" in response.content.decode()
    assert not Approval.objects.exists()


def test_it_refuses_an_approval_post_with_an_empty_or_wrong_hash(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    client = as_user(personas.reviewer("ta", "native"))

    client.post(f"/review/{tamil.pk}/decision/", {"action": "approve", "stage": "native", "expected_hash": ""})
    client.post(f"/review/{tamil.pk}/decision/", {"action": "approve", "stage": "native", "expected_hash": "0" * 64})
    client.post(
        f"/review/{tamil.pk}/decision/",
        {"action": "approve", "stage": "native", "expected_hash": tamil.content_hash, "expected_generation": "x"},
    )
    client.post(
        f"/review/{tamil.pk}/decision/",
        {
            "action": "approve",
            "stage": "native",
            "expected_hash": tamil.content_hash,
            "expected_generation": str(tamil.edit_generation - 1),
        },
    )

    assert not Approval.objects.exists()


def test_the_service_refuses_an_approval_that_names_no_hash(translated_leaflet, personas):
    tamil = text_of(translated_leaflet, "ta")
    with pytest.raises(ValidationError, match="must name the text you saw"):
        translation_approve(
            text_version=tamil, reviewer=personas.reviewer("ta", "native"), stage="native", expected_hash=""
        )
    with pytest.raises(TypeError):
        translation_approve(text_version=tamil, reviewer=personas.reviewer("ta", "native"), stage="native")


def test_the_review_screen_sends_the_hash_and_generation_it_shows(translated_leaflet, personas, as_user):
    tamil = text_of(translated_leaflet, "ta")
    html = as_user(personas.reviewer("ta", "native")).get(f"/review/{tamil.pk}/").content.decode()
    assert f'name="expected_hash" value="{tamil.content_hash}"' in html
    assert f'name="expected_generation" value="{tamil.edit_generation}"' in html
