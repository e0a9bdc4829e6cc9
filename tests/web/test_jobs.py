"""Model jobs from the leaflet page: queueing, the progress endpoint, cancel and retry.

No model endpoint runs here: these tests look at the rows the job API writes
and at what the pages do with them. The worker runs jobs in tests/jobs.
"""

import json

from tests.web.conftest import once
from translations.models import Job


def test_it_queues_a_translation_per_ticked_language(leaflet, personas, as_user):
    response = as_user(personas.author).post(
        f"/leaflets/{leaflet.pk}/translate/", {"languages": ["ta", "zh"], "_once": once()}
    )

    assert response.status_code == 302 and response["Location"].endswith("#jobs")
    assert sorted(Job.objects.values_list("language", flat=True)) == ["ta", "zh"]


def test_translate_all_queues_every_target_language_once_even_when_clicked_twice(leaflet, personas, as_user):
    client = as_user(personas.author)

    client.post(f"/leaflets/{leaflet.pk}/translate/", {"all": "1"})
    client.post(f"/leaflets/{leaflet.pk}/translate/", {"all": "1"})

    assert sorted(Job.objects.values_list("language", flat=True)) == ["ms", "ta", "zh"]


def test_it_asks_for_a_language_when_none_is_ticked(leaflet, personas, as_user):
    response = as_user(personas.author).post(f"/leaflets/{leaflet.pk}/translate/", {}, follow=True)

    assert not Job.objects.exists()
    assert "Tick at least one language" in response.content.decode()


def test_only_authors_queue_jobs(leaflet, personas, as_user):
    assert as_user(personas.publisher).post(f"/leaflets/{leaflet.pk}/translate/", {"all": "1"}).status_code == 403
    assert (
        as_user(personas.reviewer("ta", "native")).post(f"/leaflets/{leaflet.pk}/translate/", {"all": "1"}).status_code
        == 403
    )
    assert as_user(personas.outsider).post(f"/leaflets/{leaflet.pk}/translate/", {"all": "1"}).status_code == 404
    assert not Job.objects.exists()


def test_the_progress_endpoint_reports_segments_done_and_failures(leaflet, personas, as_user):
    as_user(personas.author).post(f"/leaflets/{leaflet.pk}/translate/", {"languages": ["ta"]})
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.FAILED, progress_done=1, error="The model endpoint did not answer in time."
    )

    response = as_user(personas.reviewer("ta", "native")).get(f"/jobs/{job.pk}/progress/")

    payload = json.loads(response.content)
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    # Three segments: the title and two paragraphs.
    assert payload["done"] == 1 and payload["total"] == 3 and payload["percent"] == 33
    assert payload["state"] == "failed" and payload["finished"] is True
    assert payload["error"] == "The model endpoint did not answer in time."


def test_the_progress_endpoint_is_404_for_people_who_cannot_see_the_leaflet(personas, as_user):
    from tests.conftest import make_leaflet

    chinese_only = make_leaflet(personas.author, languages=("en", "zh"))
    as_user(personas.author).post(f"/leaflets/{chinese_only.pk}/translate/", {"languages": ["zh"]})
    job = Job.objects.get()

    assert as_user(personas.outsider).get(f"/jobs/{job.pk}/progress/").status_code == 404
    assert as_user(personas.reviewer("ta", "native")).get(f"/jobs/{job.pk}/progress/").status_code == 404
    assert as_user(None).get(f"/jobs/{job.pk}/progress/").status_code == 302


def test_the_leaflet_page_shows_a_panel_per_job_with_retry_for_failures(leaflet, personas, as_user):
    as_user(personas.author).post(f"/leaflets/{leaflet.pk}/translate/", {"languages": ["ta"]})
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error="HTTP 500 from the model endpoint")

    html = as_user(personas.author).get(f"/leaflets/{leaflet.pk}/").content.decode()

    panel = html[html.index(f'id="job-{job.pk}"') :]
    assert f'data-progress-url="/jobs/{job.pk}/progress/"' in panel[:400]
    assert "HTTP 500 from the model endpoint" in panel
    assert f'action="/jobs/{job.pk}/retry/"' in panel


def test_cancel_and_retry(leaflet, personas, as_user):
    client = as_user(personas.author)
    client.post(f"/leaflets/{leaflet.pk}/translate/", {"languages": ["ta"]})
    job = Job.objects.get()

    client.post(f"/jobs/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED

    again = client.post(f"/jobs/{job.pk}/cancel/", follow=True)
    assert "already finished" in again.content.decode()

    client.post(f"/jobs/{job.pk}/retry/")
    # Queueing plans the job at once, so the new one is already running.
    assert Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING], language="ta").count() == 1


def test_cancel_is_refused_to_non_authors(leaflet, personas, as_user):
    as_user(personas.author).post(f"/leaflets/{leaflet.pk}/translate/", {"languages": ["ta"]})
    job = Job.objects.get()

    assert as_user(personas.reviewer("ta", "native")).post(f"/jobs/{job.pk}/cancel/").status_code == 403
    assert as_user(personas.outsider).post(f"/jobs/{job.pk}/cancel/").status_code == 404
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING


def test_drafting_without_a_model_endpoint_says_so_and_queues_nothing(personas, as_user):
    response = as_user(personas.author).post(
        "/leaflets/draft/",
        {
            "title": "Dengue at home",
            "topic": "Dengue fever",
            "audience": "Adults",
            "key_messages": "Drink water\nRest",
            "actions": "",
            "seek_help": "Bleeding",
            "emergency_contacts": "995",
            "reading_level": "simple",
            "required_languages": ["en", "ta"],
        },
    )

    assert response.status_code == 400
    assert "No model endpoint is configured" in response.content.decode()
    assert not Job.objects.exists()


def test_drafting_queues_a_job_and_shows_its_progress_page(personas, as_user):
    from translations.models import Provider

    Provider.objects.create(name="local", base_url="http://127.0.0.1:9/v1", model="local-model", on_premises=True)
    client = as_user(personas.author)

    response = client.post(
        "/leaflets/draft/",
        {
            "title": "Dengue at home",
            "topic": "Dengue fever",
            "audience": "Adults",
            "key_messages": "Drink water\nRest",
            "actions": "",
            "seek_help": "Bleeding",
            "emergency_contacts": "995",
            "reading_level": "simple",
            "required_languages": ["en", "ta"],
            "_once": once(),
        },
    )

    job = Job.objects.get()
    assert job.kind == Job.Kind.DRAFT and job.brief["brief"]["key_messages"] == ["Drink water", "Rest"]
    assert response["Location"] == f"/jobs/{job.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and f'data-progress-url="/jobs/{job.pk}/progress/"' in page.content.decode()
    assert as_user(personas.reviewer("ta", "native")).get(f"/jobs/{job.pk}/").status_code == 404


def test_a_translation_job_translates_the_title_with_the_segments(leaflet, personas, provider, model_server):
    from tests.conftest import text_of
    from tests.jobs.helpers import run_job_inline
    from translations.jobs import job_queue_translation
    from translations.models import TargetSegment

    job = run_job_inline(job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])[0])

    assert job.state == Job.State.SUCCEEDED, job.error
    sent = [text for r in model_server.requests if r.task == "translate" for text in r.payload["segments"].values()]
    assert sent[0] == "Symptoms check" and len(sent) == 3
    title = TargetSegment.objects.get(text_version=text_of(leaflet, "ta"), position=0)
    assert title.source_segment.kind == "title" and title.text and title.origin == "model"


def test_a_draft_puts_the_title_first_once_even_when_the_model_lists_it_as_a_segment(personas, provider, model_server):
    from tests.support.fake_llm import Step
    from translations import batches, jobs

    model_server.set_default(
        Step.reply(
            json.dumps(
                {
                    "title": "Dengue at home",
                    "segments": [
                        {"kind": "title", "text": "Dengue at home"},
                        {"kind": "title", "text": "Looking after yourself"},
                        {"kind": "paragraph", "text": "Drink plenty of fluids."},
                        {"kind": "red_flag", "text": "Call 995 if your gums bleed."},
                    ],
                }
            )
        ),
        task="draft",
    )
    job = jobs.job_queue_draft(
        leaflet_or_none=None,
        user=personas.author,
        brief={"topic": "Dengue"},
        title="Dengue at home",
        required_languages=["en", "ta"],
    )

    batches.draft_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    assert [(s.kind, s.text) for s in job.result_revision.segments.all()] == [
        ("title", "Dengue at home"),
        ("heading", "Looking after yourself"),
        ("paragraph", "Drink plenty of fluids."),
        ("red_flag", "Call 995 if your gums bleed."),
    ]
    assert job.result_revision.leaflet.title == "Dengue at home"


def test_a_draft_drops_an_opening_heading_that_only_repeats_the_title(personas, provider, model_server):
    from translations import batches, jobs

    job = jobs.job_queue_draft(
        leaflet_or_none=None,
        user=personas.author,
        title="Dengue fever",
        brief={"topic": "Dengue fever", "key_messages": ["Drink plenty of fluids"]},
        required_languages=["en"],
    )

    batches.draft_run(job_id=job.pk)

    job.refresh_from_db()
    kinds = [(s.kind, s.text) for s in job.result_revision.segments.all()]
    assert kinds[0] == ("title", "Dengue fever") and ("heading", "Dengue fever") not in kinds
