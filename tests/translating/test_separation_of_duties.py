"""A translator never approves what they translated, whatever groups they are also in."""

import pytest
from django.core.exceptions import ValidationError

from review.models import Approval
from review.roles import stage_group_name
from review.services import translation_approve, translation_mark_ready
from tests.attacks.conftest import refused_by_the_database
from tests.conftest import make_user
from tests.translating.conftest import translate_by
from translations.models import Contribution
from translations.text_versions import has_contributed
from workbench.models import Language


def test_it_refuses_an_approval_by_the_translator_who_translated_the_text(malay_text, personas, as_user):
    malay = Language.objects.get(code="ms")
    # Someone who both translates Malay and gives the Malay native-speaker approval.
    both = make_user("ms_both", "Malay translators", stage_group_name(malay, "native"))
    malay_text = translate_by(both, malay_text)
    translation_mark_ready(text_version=malay_text, translator=both)
    assert has_contributed(user=both, text_version=malay_text)
    assert Contribution.objects.filter(user=both, language="ms").count() == 3

    with pytest.raises(ValidationError, match="wrote or edited"):
        translation_approve(
            text_version=malay_text, reviewer=both, stage="native", expected_hash=malay_text.content_hash
        )
    response = as_user(both).post(
        f"/review/{malay_text.pk}/decision/",
        {"action": "approve", "stage": "native", "expected_hash": malay_text.content_hash},
        follow=True,
    )
    assert "wrote or edited" in response.content.decode()
    refused_by_the_database(
        lambda: Approval.objects.create(
            text_version=malay_text,
            stage="native",
            reviewer=both,
            decision="approved",
            content_hash=malay_text.content_hash,
            generation=malay_text.edit_generation,
        ),
        "wrote or edited",
    )
    assert not Approval.objects.exists()


def test_the_languages_reviewers_approve_what_the_translator_translated(malay_text, personas):
    malay_text = translate_by(personas.translator("ms"), malay_text)
    translation_mark_ready(text_version=malay_text, translator=personas.translator("ms"))

    for stage in ("native", "clinical"):
        translation_approve(
            text_version=malay_text,
            reviewer=personas.reviewer("ms", stage),
            stage=stage,
            expected_hash=malay_text.content_hash,
        )

    assert Approval.objects.filter(text_version=malay_text, decision="approved").count() == 2
