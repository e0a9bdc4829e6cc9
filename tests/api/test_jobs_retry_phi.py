"""POST /api/jobs/{id}/retry/ of a draft whose brief carries an identifier: a 400 that says where (the
field's path and the form's name for it), what (the type) and shows only the masked form."""

from review.models import AuditEvent
from translations import batches, jobs
from translations.models import Job

NRIC = "S1234567D"
BRIEF = {"topic": "Dengue fever", "key_messages": ["Drink plenty of fluids", f"A patient (NRIC {NRIC}) recovered"]}


def failed_draft(author, provider) -> Job:
    """Queued while the provider replaced identifiers by placeholders: the run refused the brief itself."""
    provider.phi_policy = "redact"
    provider.save()
    job = jobs.job_queue_draft(
        leaflet_or_none=None, user=author, brief=BRIEF, title="Dengue", required_languages=["en"]
    )
    batches.draft_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED, job.state
    return job


def test_retrying_it_under_block_names_the_key_message_and_masks_the_nric(personas, provider, model_server, api_as):
    job = failed_draft(personas.author, provider)
    provider.phi_policy = "block"
    provider.save()

    response = api_as(personas.author).post(f"/api/jobs/{job.pk}/retry/")

    assert response.status_code == 400, response.content
    assert NRIC not in response.content.decode()
    body = response.json()
    assert body["code"] == "phi_found"
    assert "Key message 2 contains personal data (NRIC/FIN number: S12****7D)" in " ".join(body["errors"])
    assert body["findings"] == [
        {
            "field": "key_messages",
            "index": 1,
            "path": "key_messages[1]",
            "label": "Key message 2",
            "type": "nric",
            "kind": "NRIC/FIN number",
            "masked": "S12****7D",
            "start": 16,
            "end": 25,
        }
    ]
    assert Job.objects.count() == 1 and model_server.requests == []
    assert AuditEvent.objects.filter(verb="phi.blocked").count() == 1
