"""POST /api/jobs/{id}/retry/: a failed or cancelled job queued again as a new job (jobs.job_retry)."""

from translations import jobs
from translations.models import Job


def failed_job(leaflet, author) -> Job:
    job = jobs.job_queue_translation(leaflet=leaflet, user=author, languages=["ta"])[0]
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error="HTTP 500 from the model endpoint")
    return job


def test_an_author_retries_a_failed_job_and_gets_the_new_one(leaflet, personas, api_as):
    job = failed_job(leaflet, personas.author)

    response = api_as(personas.author).post(f"/api/jobs/{job.pk}/retry/")

    assert response.status_code == 200, response.content
    new = Job.objects.exclude(pk=job.pk).get()
    assert response.json()["id"] == new.pk and new.language == "ta" and new.state in ("queued", "running")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED  # the failed job stays as it was, for the record


def test_a_running_job_is_not_retried(leaflet, personas, api_as):
    job = jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])[0]

    response = api_as(personas.author).post(f"/api/jobs/{job.pk}/retry/")

    assert response.status_code == 400 and "failed or cancelled" in response.json()["detail"]
    assert Job.objects.count() == 1


def test_reviewers_get_403_and_outsiders_404(leaflet, personas, api_as):
    job = failed_job(leaflet, personas.author)

    assert api_as(personas.reviewer("ta", "clinical")).post(f"/api/jobs/{job.pk}/retry/").status_code == 403
    assert api_as(personas.outsider).post(f"/api/jobs/{job.pk}/retry/").status_code == 404
    assert Job.objects.count() == 1
