"""QA run again on text that did not change keeps a reviewer's overrides (a job with nothing left to send re-checks)."""

from review.models import FindingOverride
from review.selectors import unresolved_errors
from review.services import finding_override
from tests.review.test_override import tamil_without_the_emergency_number
from translations.models import Finding
from translations.qa_runner import qa_run_for_text_version


def tamil_with_an_overridden_error(personas):
    tamil = tamil_without_the_emergency_number(personas)
    (error,) = unresolved_errors(tamil)
    clinician = personas.reviewer("ta", "clinical")
    finding_override(finding=error, reviewer=clinician, reason="The number is in the red box.")
    return tamil, error


def test_a_second_run_on_the_same_text_keeps_the_overridden_finding_and_its_override(personas):
    tamil, error = tamil_with_an_overridden_error(personas)

    qa_run_for_text_version(text_version=tamil)

    assert Finding.objects.filter(pk=error.pk).exists()
    assert FindingOverride.objects.get().finding_id == error.pk
    assert unresolved_errors(tamil) == []
    assert Finding.objects.filter(text_version=tamil, content_hash=tamil.content_hash, check_id="numbers").count() == 1


def test_a_second_run_drops_findings_that_no_longer_fire_unless_overridden(personas):
    tamil, error = tamil_with_an_overridden_error(personas)
    stale = Finding.objects.create(
        text_version=tamil,
        content_hash=tamil.content_hash,
        segment_key=error.segment_key,
        check_id="length",
        severity="warning",
        message="a finding this text no longer produces",
    )

    qa_run_for_text_version(text_version=tamil)

    assert not Finding.objects.filter(pk=stale.pk).exists()
    assert Finding.objects.filter(pk=error.pk).exists()
