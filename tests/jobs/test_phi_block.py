"""No identifier ever reaches a model endpoint under the block policy."""

from review.models import AuditEvent
from tests.conftest import text_of
from tests.jobs.helpers import run_job_inline
from translations import jobs
from translations.models import Job
from workbench.services import SegmentInput, leaflet_create

NRIC = "S1234567D"


def test_an_nric_in_a_segment_blocks_the_call_and_nothing_is_sent(personas, provider, model_server):
    leaflet = leaflet_create(
        user=personas.author,
        title="Case",
        required_languages=["zh"],
        segments=[
            SegmentInput(kind="paragraph", text="Drink water often."),
            SegmentInput(kind="paragraph", text=f"Patient Tan, NRIC {NRIC}, phone 9123 4567, had fever."),
        ],
    )
    job = run_job_inline(jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["zh"])[0])

    assert job.state == Job.State.FAILED
    assert "segment 2" in job.error and "nric" in job.error.lower()
    assert NRIC not in job.error  # shown masked, never whole
    assert model_server.requests == []
    assert NRIC.encode() not in model_server.raw_bytes_received()
    event = AuditEvent.objects.get(verb="phi.blocked")
    assert NRIC not in str(event.data) and "9123" not in str(event.data)
    assert {f["type"] for f in event.data["found"]} >= {"nric", "phone"}
    assert text_of(leaflet, "zh").state != "in_review"


def test_redact_policy_sends_placeholders_and_restores_them(personas, provider, model_server):
    provider.phi_policy = "redact"
    provider.save()
    leaflet = leaflet_create(
        user=personas.author,
        title="Case",
        required_languages=["ta"],
        segments=[
            SegmentInput(kind="paragraph", text=f"Write to care@example.com about {NRIC}."),
        ],
    )
    job = run_job_inline(jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])[0])

    assert job.state == Job.State.SUCCEEDED, job.error
    assert b"care@example.com" not in model_server.raw_bytes_received()
    assert NRIC not in model_server.text_received()
    from translations.models import TargetSegment

    assert NRIC in TargetSegment.objects.get(text_version=text_of(leaflet, "ta"), position=1).text
