"""An author lets a name the guard blocked go to the model, for one leaflet, with a reason; identifiers never."""

import pytest

from review.models import AuditEvent
from tests.jobs.helpers import run_job_inline
from translations import jobs
from translations.models import Job, PhiNameOverride
from translations.phi.names import name_digest
from workbench.services import SegmentInput, leaflet_create

NAME = "Suresh s/o Palaniappan"


def blocked_job(personas, text):
    leaflet = leaflet_create(
        user=personas.author,
        title="Insulin at home",
        required_languages=["zh"],
        segments=[
            SegmentInput(kind="paragraph", text="Keep insulin in the fridge."),
            SegmentInput(kind="paragraph", text=text),
        ],
    )
    job = run_job_inline(jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["zh"])[0])
    assert job.state == Job.State.FAILED and "person's name" in job.error
    return leaflet, job


def override(client, job, digest, reason="A guest speaker at the talk, named with his consent."):
    return client.post(f"/jobs/{job.pk}/", {"name_digest": digest, "reason": reason})


def test_the_job_page_offers_the_author_a_form_for_the_blocked_name(personas, provider, model_server, as_user):
    leaflet, job = blocked_job(personas, f"Mr {NAME} will lead the talk.")
    page = as_user(personas.author).get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="phi-names"' in page and NAME in page
    assert name_digest(NAME, scope=str(leaflet.pk)) in page
    assert model_server.requests == []


def test_an_override_lets_the_name_through_after_a_retry_and_audits_no_name(personas, provider, model_server, as_user):
    leaflet, job = blocked_job(personas, f"Mr {NAME} will lead the talk.")
    digest = name_digest(NAME, scope=str(leaflet.pk))
    response = override(as_user(personas.author), job, digest)
    assert response.status_code == 302
    row = PhiNameOverride.objects.get()
    assert (row.leaflet, row.name_digest, row.created_by) == (leaflet, digest, personas.author)
    event = AuditEvent.objects.get(verb="phi.name_override")
    assert event.data == {"type": "person", "name_digest": digest, "reason": row.reason}
    assert "Palaniappan" not in str(event.data)

    retried = run_job_inline(jobs.job_retry(job=job, user=personas.author))
    assert retried.state == Job.State.SUCCEEDED, retried.error
    assert "Palaniappan" in model_server.text_received()


def test_the_override_holds_only_in_its_own_leaflet(personas, provider, model_server, as_user):
    leaflet, job = blocked_job(personas, f"Mr {NAME} will lead the talk.")
    override(as_user(personas.author), job, name_digest(NAME, scope=str(leaflet.pk)))
    _, other = blocked_job(personas, f"Mr {NAME} is on insulin.")
    assert other.state == Job.State.FAILED and model_server.requests == []


def test_an_nric_next_to_the_name_is_never_offered_and_still_blocks(personas, provider, model_server, as_user):
    leaflet, job = blocked_job(personas, f"Mr {NAME}, NRIC S1234567D, will lead the talk.")
    client = as_user(personas.author)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert page.count('name="name_digest"') == 1 and "S1234567D" not in page
    override(client, job, name_digest("S1234567D", scope=str(leaflet.pk)))
    assert not PhiNameOverride.objects.exists()
    override(client, job, name_digest(NAME, scope=str(leaflet.pk)))
    retried = run_job_inline(jobs.job_retry(job=job, user=personas.author))
    assert retried.state == Job.State.FAILED and "NRIC" in retried.error
    assert model_server.requests == []


@pytest.mark.parametrize(
    ("reason", "message"),
    [("   ", "Give a reason"), (f"{NAME} is our speaker", "Do not repeat the name")],
)
def test_it_refuses_an_override_without_a_reason_or_repeating_the_name(
    personas, provider, model_server, as_user, reason, message
):
    leaflet, job = blocked_job(personas, f"Mr {NAME} will lead the talk.")
    client = as_user(personas.author)
    response = override(client, job, name_digest(NAME, scope=str(leaflet.pk)), reason)
    assert response.status_code == 302
    assert not PhiNameOverride.objects.exists()
    assert message in client.get(response["Location"]).content.decode()
    assert not AuditEvent.objects.filter(verb="phi.name_override").exists()


def test_a_reviewer_sees_no_form_and_cannot_override(personas, provider, model_server, as_user):
    leaflet, job = blocked_job(personas, f"Mr {NAME} will lead the talk.")
    reviewer = as_user(personas.reviewers[("zh", "native")])
    page = reviewer.get(f"/jobs/{job.pk}/")
    if page.status_code == 200:
        assert 'name="name_digest"' not in page.content.decode()
    assert override(reviewer, job, name_digest(NAME, scope=str(leaflet.pk))).status_code in (403, 404)
    assert not PhiNameOverride.objects.exists()
