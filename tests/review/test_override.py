"""QA errors block approval until a reviewer overrides each one with a written reason."""

import pytest
from django.core.exceptions import ValidationError

from review.models import Approval, AuditEvent, FindingOverride
from review.selectors import unresolved_errors
from review.services import finding_override, translation_approve
from tests.conftest import TITLES, make_leaflet, text_of
from tests.support.review import seen
from translations.models import TargetSegment
from translations.text_versions import text_version_apply_translations

ROWS = [{"en": "Call 995 if you have chest pain.", "ta": "நெஞ்சு வலி இருந்தால் உடனே அழைக்கவும்."}]


def tamil_without_the_emergency_number(personas):
    leaflet = make_leaflet(personas.author, languages=["ta"], rows=ROWS)
    tamil = text_of(leaflet, "ta")
    title, segment = TargetSegment.objects.filter(text_version=tamil).order_by("position")
    text_version_apply_translations(
        text_version=tamil,
        origin="model",
        translations={title.key: TITLES["Symptoms check"]["ta"], segment.key: ROWS[0]["ta"]},
    )
    return text_of(leaflet, "ta")


def test_it_refuses_approval_while_a_qa_error_stands(personas):
    tamil = tamil_without_the_emergency_number(personas)
    errors = unresolved_errors(tamil)
    assert [e.check_id for e in errors] == ["numbers"] and "995" in errors[0].message

    with pytest.raises(ValidationError, match="QA error"):
        translation_approve(
            text_version=tamil,
            expected_hash=seen(tamil),
            reviewer=personas.reviewer("ta", "clinical"),
            stage="clinical",
        )
    assert not Approval.objects.exists()


def test_an_override_needs_a_reason_and_then_approval_goes_through(personas):
    tamil = tamil_without_the_emergency_number(personas)
    (error,) = unresolved_errors(tamil)
    with pytest.raises(ValidationError, match="reason"):
        finding_override(finding=error, reviewer=personas.reviewer("ta", "clinical"), reason="  ")

    finding_override(
        finding=error,
        reviewer=personas.reviewer("ta", "clinical"),
        reason="The number is printed in the red box beside this sentence.",
    )
    translation_approve(
        text_version=tamil, expected_hash=seen(tamil), reviewer=personas.reviewer("ta", "clinical"), stage="clinical"
    )

    assert FindingOverride.objects.get().reviewer == personas.reviewer("ta", "clinical")
    event = AuditEvent.objects.get(verb="qa.overridden")
    assert event.data["check"] == "numbers" and "red box" in event.data["reason"]


def test_an_outsider_cannot_override(personas):
    tamil = tamil_without_the_emergency_number(personas)
    (error,) = unresolved_errors(tamil)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        finding_override(finding=error, reviewer=personas.reviewer("ms", "clinical"), reason="Looks fine to me.")
    assert not FindingOverride.objects.exists()
