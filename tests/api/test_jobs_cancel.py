"""POST /api/jobs/{id}/cancel/: the job page's Cancel, through jobs.job_cancel."""

from review.models import AuditEvent
from translations import jobs
from translations.models import Job


def running_job(leaflet, author) -> Job:
    # No model endpoint: the job is planned at once and waits for the worker, running.
    return jobs.job_queue_translation(leaflet=leaflet, user=author, languages=["ta"])[0]


def test_an_author_cancels_a_running_job(leaflet, personas, api_as):
    job = running_job(leaflet, personas.author)

    response = api_as(personas.author).post(f"/api/jobs/{job.pk}/cancel/")

    assert response.status_code == 200, response.content
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED and job.finished_at is not None
    assert response.json()["state"] == "cancelled" and response.json()["id"] == job.pk
    assert AuditEvent.objects.filter(verb="job.cancelled", actor=personas.author).count() == 1


def test_a_finished_job_is_not_cancelled_again(leaflet, personas, api_as):
    job = running_job(leaflet, personas.author)
    client = api_as(personas.author)
    client.post(f"/api/jobs/{job.pk}/cancel/")

    again = client.post(f"/api/jobs/{job.pk}/cancel/")

    assert again.status_code == 400 and "already finished" in again.json()["detail"]
    assert AuditEvent.objects.filter(verb="job.cancelled").count() == 1


def test_reviewers_get_403_and_outsiders_404(leaflet, personas, api_as):
    job = running_job(leaflet, personas.author)

    assert api_as(personas.reviewer("ta", "native")).post(f"/api/jobs/{job.pk}/cancel/").status_code == 403
    assert api_as(personas.outsider).post(f"/api/jobs/{job.pk}/cancel/").status_code == 404
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING
