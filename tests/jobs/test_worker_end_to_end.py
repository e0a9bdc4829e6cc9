"""The same jobs through a real Celery worker and Redis, as `make run` runs them."""

import pytest

from tests.conftest import TICO, TITLES, make_leaflet, text_of
from tests.support.fake_llm import Step
from tests.support.worker import wait_until
from translations import jobs
from translations.models import Job, TargetSegment

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def _one_worker(django_db_setup):
    """One worker for the module: starting one (a Django and Celery start-up) cost more than most tests here.

    Each test still gets empty queues and its own rows (transactional_db); the worker keeps no state
    of its own between them that a test could see (providers, texts and jobs are read from the database).
    """
    from tests.support.worker import worker_running

    with worker_running() as proc:
        yield proc


@pytest.fixture
def worker(transactional_db, _one_worker):
    from tests.support.worker import purge_test_queues

    purge_test_queues()
    yield _one_worker
    assert _one_worker.poll() is None, "the module's worker died during the test"


def finished(*job_ids):
    def check():
        rows = list(Job.objects.filter(pk__in=job_ids))
        return all(j.is_finished for j in rows) and rows

    return wait_until(check, timeout=60)


def test_a_worker_translates_three_languages_concurrently(personas, provider, model_server, worker):
    model_server.latency = 0.3
    leaflet = make_leaflet(personas.author)
    queued = jobs.job_queue_translation(leaflet=leaflet, user=personas.author)

    done = finished(*[j.pk for j in queued])

    assert {j.state for j in done} == {Job.State.SUCCEEDED}, [j.error for j in done]
    for code in ("zh", "ms", "ta"):
        texts = list(
            TargetSegment.objects.filter(text_version=text_of(leaflet, code))
            .order_by("position")
            .values_list("text", "back_translation")
        )
        assert texts == [(TITLES["Symptoms check"][code], "Symptoms check")] + [(row[code], row["en"]) for row in TICO]
    assert model_server.max_in_flight >= 3  # languages ran side by side


def test_a_worker_retries_a_503_honouring_retry_after_then_succeeds(personas, provider, model_server, worker):
    model_server.script(Step.status(503, retry_after=1), task="translate")
    leaflet = make_leaflet(personas.author)
    job = jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ms"])[0]

    (done,) = finished(job.pk)

    assert done.state == Job.State.SUCCEEDED and done.attempts >= 2
    translate_calls = [r for r in model_server.requests if r.task == "translate"]
    assert translate_calls[1].received_at - translate_calls[0].received_at >= 1.0


def test_a_worker_drafts_a_leaflet_from_a_brief(personas, provider, model_server, worker):
    job = jobs.job_queue_draft(
        leaflet_or_none=None,
        user=personas.author,
        title="Dengue at home",
        required_languages=["en", "ta"],
        brief={
            "topic": "Dengue fever",
            "audience": "adults",
            "key_messages": ["Drink water"],
            "actions": "Rest",
            "seek_help": "bleeding or drowsiness",
            "emergency_contacts": "995",
        },
    )
    (done,) = finished(job.pk)

    assert done.state == Job.State.SUCCEEDED, done.error
    revision = done.result_revision
    assert revision.drafted_by_model == "scripted-model-1" and revision.prompt_version == "draft-v2"
    assert revision.segments.filter(kind="red_flag").exists()
    assert revision.leaflet.language_codes() == ["en", "ta"]


def test_a_worker_refuses_to_send_an_identifier(personas, provider, model_server, worker):
    from workbench.services import SegmentInput, leaflet_create

    leaflet = leaflet_create(
        user=personas.author,
        title="Case",
        required_languages=["zh"],
        segments=[SegmentInput(kind="paragraph", text="Contact tan.ah.kow@gmail.com today.")],
    )
    job = jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["zh"])[0]
    (done,) = finished(job.pk)

    assert done.state == Job.State.FAILED and "e-mail address" in done.error
    assert model_server.requests == [] and b"tan.ah.kow" not in model_server.raw_bytes_received()


def test_the_provider_concurrency_limit_holds_across_languages(personas, provider, model_server, worker):
    provider.max_concurrency = 1
    provider.save()
    model_server.latency = 0.2
    leaflet = make_leaflet(personas.author)
    queued = jobs.job_queue_translation(leaflet=leaflet, user=personas.author)

    done = finished(*[j.pk for j in queued])

    assert {j.state for j in done} == {Job.State.SUCCEEDED}
    assert len(model_server.requests) == 6
    assert model_server.max_in_flight == 1  # eight worker threads, one call at a time to this endpoint


def test_a_reviewers_edit_gets_its_new_back_translation_from_the_worker(personas, provider, model_server, worker):
    from translations.edits import target_segment_edit

    better = "இந்த அறிகுறிகள் எத்தனை நாட்களாக இருக்கின்றன?"
    model_server.add_translation(better, "en", TICO[0]["en"])
    leaflet = make_leaflet(personas.author)
    (translated,) = finished(jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])[0].pk)
    assert translated.state == Job.State.SUCCEEDED, translated.error
    segment = TargetSegment.objects.get(text_version=text_of(leaflet, "ta"), position=1)

    target_segment_edit(
        segment=segment, editor=personas.reviewer("ta", "native"), text=better, expected_seq=segment.edit_seq
    )

    (edit_job,) = finished(Job.objects.exclude(pk=translated.pk).get().pk)
    assert edit_job.state == Job.State.SUCCEEDED, edit_job.error
    segment.refresh_from_db()
    assert (segment.text, segment.back_translation, segment.back_translation_chrf) == (better, TICO[0]["en"], 100.0)
    assert [r.task for r in model_server.requests][-1] == "back_translate"
