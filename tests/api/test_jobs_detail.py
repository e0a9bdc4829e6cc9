"""GET /api/jobs/{id}/: a job's state, attempts, failure reason, provider and times, to whoever may see it."""

from django.utils import timezone

from tests.conftest import make_leaflet
from translations import jobs
from translations.models import Job, Provider


def test_it_answers_the_jobs_status_and_failure(leaflet, personas, api_as):
    job = jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])[0]
    provider = Provider.objects.create(name="scripted", base_url="http://127.0.0.1:9/v1", model="scripted-model-1")
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.FAILED,
        provider=provider,
        error="The model endpoint did not answer in time.",
        finished_at=timezone.now(),
    )

    response = api_as(personas.reviewer("ta", "native")).get(f"/api/jobs/{job.pk}/")

    assert response.status_code == 200, response.content
    body = response.json()
    job.refresh_from_db()
    assert (body["id"], body["kind"], body["state"], body["language"]) == (job.pk, "translate", "failed", "ta")
    assert body["error"] == "The model endpoint did not answer in time." and body["provider"] == "scripted"
    assert body["attempts"] == job.attempts == 1 and body["finished"] is True
    assert body["leaflet"] == leaflet.pk and body["text_version"] == job.text_version_id
    assert body["created_at"] and body["started_at"] and body["finished_at"]


def test_people_who_cannot_see_the_leaflet_get_404(personas, api_as):
    chinese_only = make_leaflet(personas.author, languages=("en", "zh"))
    job = jobs.job_queue_translation(leaflet=chinese_only, user=personas.author, languages=["zh"])[0]

    for caller in (personas.outsider, personas.reviewer("ta", "native"), personas.translator("ms")):
        refused = api_as(caller).get(f"/api/jobs/{job.pk}/")
        assert refused.status_code == 404 and refused.json() == {"detail": "Not found."}
    assert api_as(personas.reviewer("zh", "native")).get(f"/api/jobs/{job.pk}/").status_code == 200
    assert api_as(personas.author).get(f"/api/jobs/{job.pk + 1000}/").status_code == 404


def test_a_draft_of_a_new_leaflet_is_the_authors(personas, api_as):
    draft = Job.objects.create(kind=Job.Kind.DRAFT, created_by=personas.author, language="en")

    assert api_as(personas.second_author).get(f"/api/jobs/{draft.pk}/").json()["kind"] == "draft"
    assert api_as(personas.publisher).get(f"/api/jobs/{draft.pk}/").status_code == 404
