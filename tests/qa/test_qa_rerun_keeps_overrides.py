"""QA run again on text that did not change keeps a reviewer's overrides (a job with nothing left to send re-checks)."""

from review.models import FindingOverride
from review.selectors import unresolved_errors
from review.services import finding_override
from tests.conftest import TITLES, make_leaflet, text_of
from translations.models import Finding, TargetSegment
from translations.qa_runner import qa_run_for_text_version
from translations.text_versions import text_version_apply_translations

ROWS = [{"en": "Call 995 if you have chest pain.", "ta": "நெஞ்சு வலி இருந்தால் உடனே அழைக்கவும்."}]


def tamil_with_an_overridden_error(personas):
    leaflet = make_leaflet(personas.author, languages=["ta"], rows=ROWS)
    tamil = text_of(leaflet, "ta")
    title, segment = TargetSegment.objects.filter(text_version=tamil).order_by("position")
    text_version_apply_translations(
        text_version=tamil,
        origin="model",
        translations={title.key: TITLES["Symptoms check"]["ta"], segment.key: ROWS[0]["ta"]},
    )
    tamil = text_of(leaflet, "ta")
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
