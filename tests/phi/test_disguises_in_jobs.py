"""Disguised and split identifiers through the real job path: nothing reaches the model.

These use the scripted model server and Redis (the provider's concurrency
slot); without Redis they skip, like the other job tests.
"""

import pytest
from django.core.exceptions import ValidationError

from review.models import AuditEvent
from tests.jobs.helpers import run_job_inline
from translations import jobs
from translations.models import Job, TargetSegment
from workbench.services import SegmentInput, leaflet_create

DIGITS = "1234567"


def translate(personas, *texts, language="zh"):
    leaflet = leaflet_create(
        user=personas.author,
        title="Case",
        required_languages=[language],
        segments=[SegmentInput(kind="paragraph", text=text) for text in texts],
    )
    job = run_job_inline(jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=[language])[0])
    return leaflet, job


def assert_nothing_reached_the_model(model_server):
    assert model_server.requests == []
    received = model_server.raw_bytes_received()
    assert b"4567" not in received and "4567".encode("utf-16-be") not in received


def test_a_segment_with_an_nric_hiding_a_zero_width_space_fails_the_job_and_nothing_is_sent(
    personas, provider, model_server
):
    _, job = translate(personas, "Drink water often.", "Our patient, NRIC S123\u200b4567D, had fever.")

    assert job.state == Job.State.FAILED
    assert "NRIC/FIN number in 'segment" in job.error and "S12****7D" in job.error
    assert DIGITS not in job.error and "4567D" not in job.error
    assert_nothing_reached_the_model(model_server)
    event = AuditEvent.objects.get(verb="phi.blocked")
    assert [f["type"] for f in event.data["found"]] == ["nric"]


def test_an_nric_split_across_two_segments_fails_the_job_under_redact_and_nothing_is_sent(
    personas, provider, model_server
):
    provider.phi_policy = "redact"
    provider.save()
    _, job = translate(personas, "Our patient, NRIC S123", "4567D, had fever.", language="ms")

    assert job.state == Job.State.FAILED
    assert "spans two segments" in job.error and "cannot replace it" in job.error
    assert_nothing_reached_the_model(model_server)
    event = AuditEvent.objects.get(verb="phi.blocked")
    assert all(f["split_across"] for f in event.data["found"])
    assert "S123" not in str(event.data) and "4567D" not in str(event.data)


def test_redact_sends_placeholders_for_disguised_identifiers_and_restores_the_original_characters(
    personas, provider, model_server
):
    provider.phi_policy = "redact"
    provider.save()
    original = "Write to t\u0430n@example\u00ad.com about \u0405123\u200b4567D or call 9123\u202f4567."
    leaflet, job = translate(personas, original, language="ta")

    assert job.state == Job.State.SUCCEEDED, job.error
    received = model_server.text_received()
    for leftover in ("example", "4567", "\u200b", "\u00ad", "\u202f"):
        assert leftover not in received
    texts = [
        s.text
        for s in TargetSegment.objects.filter(text_version__language_id="ta", text_version__revision__leaflet=leaflet)
    ]
    assert any(
        "\u0405123\u200b4567D" in t and "t\u0430n@example\u00ad.com" in t and "9123\u202f4567" in t for t in texts
    )


def test_a_draft_brief_with_a_soft_hyphen_inside_a_phone_number_is_refused_before_queueing(
    personas, provider, model_server
):
    brief = {
        "topic": "Dengue fever",
        "audience": "adults",
        "key_messages": ["Mdm Lee (9123\u00ad4567) recovered at home"],
        "emergency_contacts": "995",
    }
    with pytest.raises(ValidationError, match=r"Key message 1 contains personal data \(phone number"):
        jobs.job_queue_draft(
            leaflet_or_none=None,
            user=personas.author,
            brief=brief,
            title="Dengue at home",
            required_languages=["en", "zh"],
        )
    assert not Job.objects.exists()
    assert_nothing_reached_the_model(model_server)
    assert AuditEvent.objects.filter(verb="phi.blocked").exists()
