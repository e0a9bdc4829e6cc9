"""The model endpoint failing in every way it does, through a real Celery worker (docs/reliability.md).

Each test queues one translation job (the title and two TICO-19 sentences, so
one translate batch and its back-translation) against the scripted endpoint,
lets the worker run it, and checks what a hospital needs to know: the job
ended, succeeded or failed with a reason someone can act on; the endpoint was
called no more often than MODEL_MAX_ATTEMPTS allows; nothing from a reply that
failed validation was stored; the tokens of a reply that could not be used
were still counted; and every invariant of review.invariants holds.

One worker serves the module (starting one costs seconds); each test has its
own endpoint, provider rows and database.
"""

from __future__ import annotations

import time

import pytest

from review.invariants import invariant_violations
from review.models import AuditEvent
from tests.conftest import TICO, TITLES, make_leaflet
from tests.support.fake_llm import FakeLLMServer, Step, _count_tokens
from tests.support.worker import wait_until, worker_running
from translations import jobs
from translations.models import Job, JobBatch, Provider, Route, TargetSegment

# The endpoint's behaviour, not the database's: the claim paths these batches take run on PostgreSQL too, in
# test_worker_killed, test_recovery and test_database_restart.
pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.one_engine]

MAX_ATTEMPTS = 3
# A backoff cap shorter than the Retry-After the 429 test sends: the endpoint's word must still win.
BACKOFF_MAX_S = 0.2
WORKER_ENV = {
    "MODEL_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
    "MODEL_BACKOFF_BASE_S": "0.05",
    "MODEL_BACKOFF_MAX_S": str(BACKOFF_MAX_S),
}
TAMIL = [TITLES["Symptoms check"]["ta"]] + [row["ta"] for row in TICO]


@pytest.fixture(scope="module")
def module_worker(django_db_setup):
    with worker_running(WORKER_ENV) as proc:
        yield proc


@pytest.fixture
def worker(module_worker, transactional_db):
    from translations.providers import ProviderSlot

    assert module_worker.poll() is None, "the module's worker died"
    # Slots a worker killed by an earlier test may still hold under these provider names lapse in their own
    # time (timeout_s + MODEL_SLOT_GRACE_S); these tests count calls, not waits for them.
    for name in ("scripted", "scripted-b"):
        slot = ProviderSlot(Provider(name=name))
        slot.redis.delete(slot.key)
    return module_worker


def translate_one(personas, language: str = "ta") -> Job:
    leaflet = make_leaflet(personas.author)
    return jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=[language])[0]


def settled(job: Job, timeout: float = 30) -> Job:
    def finished():
        job.refresh_from_db()
        return job.is_finished

    wait_until(finished, timeout=timeout)
    # A batch still queued or running after its job ended is work the job forgot.
    left = JobBatch.objects.filter(job=job, state__in=["queued", "running"])
    try:
        wait_until(lambda: not left.exists(), timeout=5)
    except AssertionError:
        rows = list(left.values_list("id", "phase", "state", "error"))
        raise AssertionError(f"job {job.pk} ended {job.state}, but left batches behind: {rows}") from None
    job.refresh_from_db()
    return job


def calls(server: FakeLLMServer, task: str = "translate") -> list:
    return [request for request in server.requests if request.task == task]


def prompt_tokens(requests) -> int:
    return sum(_count_tokens("".join(m["content"] for m in r.body["messages"])) for r in requests)


def stored_texts(job: Job) -> list[str]:
    return list(
        TargetSegment.objects.filter(text_version=job.text_version).order_by("position").values_list("text", flat=True)
    )


def assert_failed_with_reason(job: Job, *words: str) -> None:
    assert job.state == Job.State.FAILED
    for word in words:
        assert word in job.error, job.error
    (event,) = AuditEvent.objects.filter(verb="job.failed", object_id=str(job.pk))
    assert event.data["reason"] == job.error
    assert stored_texts(job) == ["", "", ""]  # nothing of any reply reached the text
    assert invariant_violations() == []


def assert_succeeded(job: Job) -> None:
    assert job.state == Job.State.SUCCEEDED, job.error
    assert stored_texts(job) == TAMIL
    assert AuditEvent.objects.filter(verb="job.succeeded", object_id=str(job.pk)).count() == 1
    assert invariant_violations() == []


# --- Rate limits -------------------------------------------------------------------------------------
def test_a_429_is_retried_no_sooner_than_its_retry_after_even_past_the_backoff_cap(
    personas, provider, model_server, worker
):
    model_server.script(Step.status(429, retry_after=0.6), task="translate")

    job = settled(translate_one(personas))

    assert_succeeded(job)
    first, second = calls(model_server)
    assert second.received_at - first.received_at >= 0.6 > BACKOFF_MAX_S
    batch = JobBatch.objects.get(job=job, phase="translate")
    assert batch.attempts == 2 and batch.tokens_in == prompt_tokens([second])


def test_a_retry_after_given_as_an_http_date_is_read_as_the_seconds_until_then():
    import email.utils

    import httpx2
    import openai

    from translations import llm

    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    response = httpx2.Response(429, headers={"retry-after": when}, request=httpx2.Request("POST", "http://model/v1"))
    refused = llm._model_error(openai.RateLimitError("rate limited", response=response, body=None))

    assert isinstance(refused, llm.RetryableModelError) and 28 <= refused.retry_after <= 30


# --- Transport failures: retried, then the reply is used --------------------------------------------
@pytest.mark.parametrize(
    "fault",
    [Step.status(500), Step.status(503), Step.hang(0.6), Step.disconnect(), Step.cut_off()],
    ids=["http-500", "http-503", "slower-than-the-timeout", "dropped-before-the-reply", "dropped-mid-reply"],
)
def test_a_transient_failure_is_retried_and_the_job_succeeds(personas, provider, model_server, worker, fault):
    provider.timeout_s = 0.3
    provider.save()
    model_server.script(fault, task="translate")

    job = settled(translate_one(personas))

    assert_succeeded(job)
    failed, answered = calls(model_server)
    batch = JobBatch.objects.get(job=job, phase="translate")
    # The failed call gave no usable reply and no usage; only the answered one is counted.
    assert batch.attempts == 2 and batch.tokens_in == prompt_tokens([answered])


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (Step.status(503), "HTTP 503"),
        (Step.hang(0.6), "did not answer in time"),
        (Step.cut_off(), "could not be reached"),
    ],
    ids=["http-503", "slower-than-the-timeout", "dropped-mid-reply"],
)
def test_an_endpoint_that_stays_down_fails_the_job_after_the_last_attempt(
    personas, provider, model_server, worker, fault, reason
):
    provider.timeout_s = 0.3
    provider.save()
    model_server.set_default(fault, task="translate")

    job = settled(translate_one(personas))

    assert_failed_with_reason(job, reason, f"{MAX_ATTEMPTS} attempts", "re-queue")
    assert len(calls(model_server)) == MAX_ATTEMPTS
    assert JobBatch.objects.get(job=job, phase="translate").attempts == MAX_ATTEMPTS


# --- Replies that are not what was asked ------------------------------------------------------------
@pytest.mark.parametrize(
    "bad",
    [
        Step.malformed(),
        Step.reply('{"segments": {"s1": "only one"'),
        Step.drop_segment(),
        Step.extra_segment(),
        Step.rename_segments(),
        Step.duplicate_segment(),
    ],
    ids=["not-json", "unterminated-json", "ids-missing", "id-not-sent", "ids-renamed", "id-twice"],
)
def test_a_reply_refused_once_is_asked_again_and_its_tokens_still_count(personas, provider, model_server, worker, bad):
    model_server.script(bad, task="translate")

    job = settled(translate_one(personas))

    assert_succeeded(job)
    batch = JobBatch.objects.get(job=job, phase="translate")
    assert (batch.attempts, batch.malformed_replies) == (2, 1)
    assert batch.tokens_in == prompt_tokens(calls(model_server))  # the refused reply's call too
    assert batch.tokens_out > 0


@pytest.mark.parametrize("bad", [Step.malformed(), Step.drop_segment(), Step.rename_segments()], ids=lambda s: s.kind)
def test_a_reply_refused_twice_fails_the_job_and_stores_none_of_it(personas, provider, model_server, worker, bad):
    model_server.set_default(bad, task="translate")

    job = settled(translate_one(personas))

    # Two of the three segments of a reply missing one were fine: a refused reply is refused whole.
    assert_failed_with_reason(job, "malformed twice")
    assert len(calls(model_server)) == 2
    assert job.tokens_in == prompt_tokens(calls(model_server)) and job.tokens_out > 0


def test_a_reply_with_two_texts_swapped_is_stored_but_blocks_approval_until_a_reviewer_looks(
    personas, provider, model_server, worker
):
    from review.selectors import unresolved_errors

    model_server.script(Step.swap_segments(), task="translate")

    job = settled(translate_one(personas))

    # Every id came back once: there is nothing to refuse. The back-translations and QA's shifted-segment
    # check catch it, as errors that keep the text from being approved until a reviewer resolves them.
    assert job.state == Job.State.SUCCEEDED, job.error
    assert stored_texts(job) == [TAMIL[1], TAMIL[0], TAMIL[2]]
    swapped = set(
        TargetSegment.objects.filter(text_version=job.text_version, position__in=[0, 1]).values_list("key", flat=True)
    )
    blocking = {f.segment_key for f in unresolved_errors(job.text_version) if f.check_id == "shifted"}
    assert blocking == swapped
    assert invariant_violations() == []


# --- Cut off by the token limit ------------------------------------------------------------------------
def test_a_reply_cut_off_by_the_token_limit_splits_the_batch_and_counts_the_cut_reply(
    personas, provider, model_server, worker
):
    model_server.script(Step.truncated(), task="translate")

    job = settled(translate_one(personas))

    assert_succeeded(job)
    translate = JobBatch.objects.filter(job=job, phase="translate")
    assert sorted(translate.values_list("state", flat=True)) == ["split", "succeeded", "succeeded"]
    assert len(calls(model_server)) == 3
    assert sum(translate.values_list("tokens_in", flat=True)) == prompt_tokens(calls(model_server))


def test_a_single_segment_too_long_for_the_token_limit_fails_the_job(personas, provider, model_server, worker):
    model_server.set_default(Step.truncated(), task="translate")

    job = settled(translate_one(personas))

    assert_failed_with_reason(job, "too long for the model's token limit")
    # Three segments split to one and two, the two to one and one: at most 2n - 1 calls for n segments.
    assert len(calls(model_server)) <= 5
    assert job.tokens_in == prompt_tokens(calls(model_server))


# --- A job that fails while another of its batches is still at the endpoint ---------------------------
@pytest.mark.parametrize(
    ("late", "timeout_s"),
    [(Step.hang(0.6), 0.3), (Step.truncated(after=0.4), 2.0)],
    ids=["then-times-out-and-would-be-retried", "then-is-cut-off-and-would-be-split"],
)
def test_a_job_failed_by_one_batch_leaves_none_of_its_other_batches_queued(
    personas, provider, model_server, worker, late, timeout_s
):
    from django.test import override_settings

    provider.timeout_s = timeout_s
    provider.save()
    # Whichever of the two batches arrives first is refused for good (HTTP 401) and fails the job;
    # the other's answer comes after that, asking for a retry or a split of a job already failed.
    model_server.script(Step.status(401), late, task="translate")
    with override_settings(MODEL_BATCH_MAX_SEGMENTS=2):
        job = translate_one(personas)
    assert JobBatch.objects.filter(job=job, phase="translate").count() == 2

    job = settled(job)

    assert_failed_with_reason(job, "HTTP 401")
    assert len(calls(model_server)) == 2


# --- A provider that stays down: the next one on the route, then a clear failure -------------------
@pytest.fixture
def second_server():
    with FakeLLMServer(model="fallback-model-2") as server:
        for english, translated in TITLES.items():
            for language, text in translated.items():
                server.add_translation(english, language, text)
                server.add_translation(text, "en", english)
        yield server


@pytest.fixture
def routed(provider, second_server):
    """The scripted provider first on the route, `scripted-b` (a second endpoint) after it."""
    backup = Provider.objects.create(
        name="scripted-b", base_url=second_server.base_url, model="fallback-model-2", timeout_s=5
    )
    Route.objects.create(kind="any", language="", provider=provider, priority=10)
    Route.objects.create(kind="any", language="", provider=backup, priority=20)
    return backup


def test_a_provider_that_stays_down_hands_the_job_to_the_next_on_the_route(
    personas, provider, model_server, second_server, routed, worker
):
    model_server.set_default(Step.status(503))

    job = settled(translate_one(personas))

    assert_succeeded(job)
    assert job.provider == routed and job.reported_model == "fallback-model-2"
    assert len(calls(model_server)) == MAX_ATTEMPTS
    assert {r.task for r in second_server.requests} == {"translate", "back_translate"}
    tamil = TargetSegment.objects.filter(text_version=job.text_version)
    assert set(tamil.values_list("model_name", flat=True)) == {"fallback-model-2"}


def test_when_every_provider_is_down_the_job_fails_naming_why(
    personas, provider, model_server, second_server, routed, worker
):
    model_server.set_default(Step.status(503))
    second_server.set_default(Step.disconnect())

    job = settled(translate_one(personas))

    assert_failed_with_reason(job, "could not be reached", f"{MAX_ATTEMPTS} attempts")
    # Each provider on the route gets its own attempts, no more: bounded by attempts x providers.
    assert (len(calls(model_server)), len(calls(second_server))) == (MAX_ATTEMPTS, MAX_ATTEMPTS)
    (event,) = AuditEvent.objects.filter(verb="job.failed", object_id=str(job.pk))
    assert event.data["provider"] == "scripted-b"
