"""Redis down (stopped, or frozen): the site keeps working, jobs cannot be queued, nothing is lost.

Redis is three things here: the cache (patient pages, API throttle counts),
the Celery broker (job, webhook and evaluation messages), and the provider
concurrency slots. Each test stops (or freezes, SIGSTOP) this module's own
redis-server and asks what a person would: every main page still answers; a
job asked for is refused with a message saying why, before anything is
created (503 with Retry-After in the API); work a committed request owes
(a publication's webhooks, an edit's back-translation) waits in the database
for the recovery sweep; and once Redis is back the same requests work again.
docs/reliability.md ("Redis") is the table these tests prove.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest
import redis
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from review.invariants import invariant_violations
from review.models import AuditEvent, Publication, WebhookDelivery, WebhookEndpoint
from review.services import leaflet_publish
from review.webhooks import webhook_endpoint_save
from tests.conftest import TICO, approve_everything, make_leaflet, text_of, translate_all
from tests.support.redis_control import RedisServer, pointed_at
from tests.web.conftest import messages_of, once
from translations import recovery
from translations.models import EvaluationRun, Job, JobBatch, Provider, SegmentEdit, TargetSegment
from workbench import cache as tolerant_cache
from workbench import queueing
from workbench.api_base import CallerThrottle
from workbench.api_tokens import api_token_create

pytestmark = [pytest.mark.faults]

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # PBKDF2 would cost seconds per login


@pytest.fixture(scope="module")
def module_redis():
    """This module's own redis-server; the settings, the Celery app and started workers point at it."""
    server = RedisServer().start()
    with pointed_at(server):
        yield server
    server.close()


@pytest.fixture
def own_redis(module_redis, monkeypatch):
    """The module's Redis, running and empty when the test starts, whatever the previous test did to it."""
    if module_redis.paused:
        module_redis.resume()
    if not module_redis.running:
        module_redis.start()
    redis.Redis.from_url(module_redis.url).flushall()
    # What the previous test's outage taught this process (a paused cache, a paused sender) is forgotten.
    monkeypatch.setitem(tolerant_cache._state, "paused_until", 0.0)
    monkeypatch.setitem(tolerant_cache._state, "down", False)
    monkeypatch.setitem(tolerant_cache._state, "warned_at", float("-inf"))
    monkeypatch.setattr(queueing, "_paused_until", 0.0)
    yield module_redis
    if module_redis.paused:
        module_redis.resume()


@pytest.fixture
def model(db):
    """A provider for every kind of work, never called here (no worker runs in this module)."""
    return Provider.objects.create(name="scripted", base_url="http://127.0.0.1:9/v1", model="scripted-model-1")


@pytest.fixture
def published(personas):
    leaflet = make_leaflet(personas.author, title="Symptoms check (published)")
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    leaflet_publish(leaflet=leaflet, publisher=personas.publisher)
    return leaflet


def token_client(user) -> Client:
    key = api_token_create(user=user, name="fault tests", days=1).key
    return Client(headers={"Authorization": f"Bearer {key}"})


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def waiting_on(server: RedisServer, queue: str) -> int:
    """Messages waiting on a Celery queue in this module's Redis."""
    return redis.Redis.from_url(server.url).llen(queue)


# --- The pages ----------------------------------------------------------------------------------------
def test_every_main_page_answers_without_a_500_while_redis_is_down(own_redis, personas, published):
    zh = text_of(published, "zh")
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", None)
    pages = [
        (personas.author, "/"),
        (personas.author, f"/leaflets/{published.pk}/"),
        (personas.author, "/leaflets/"),
        (personas.reviewer("zh", "native"), "/"),
        (personas.reviewer("zh", "native"), f"/review/{zh.pk}/"),
        (personas.translator("zh"), "/"),
        (personas.translator("zh"), f"/translate/{zh.pk}/"),
        (personas.publisher, f"/leaflets/{published.pk}/publish/"),
        (None, f"/p/{published.pk}/zh/"),
        (None, f"/p/{published.pk}/en/"),
        (admin, "/admin/"),
        (None, "/accounts/login/"),
    ]
    api = ["/api/leaflets/", "/api/jobs/", "/api/publications/", "/api/published/", "/api/tokens/"]
    own_redis.stop()

    answers = {path: (logged_in(user) if user else Client()).get(path).status_code for user, path in pages}
    author_api = token_client(personas.author)
    answers.update({f"api {path}": author_api.get(path).status_code for path in api})
    answers["anonymous api /api/published/"] = Client().get("/api/published/").status_code

    assert answers == dict.fromkeys(answers, 200)


def test_logins_work_and_wrong_passwords_still_lock_out_while_redis_is_down(own_redis, db, settings):
    settings.PASSWORD_HASHERS = FAST_HASHER
    get_user_model().objects.create_user("nurse", password="correct horse battery")
    own_redis.stop()

    def login(password: str):
        return Client().post("/accounts/login/", {"username": "nurse", "password": password}, REMOTE_ADDR="10.0.0.7")

    wrong = login("wrong guess")
    right = login("correct horse battery")
    assert wrong.status_code == 200 and "_auth_user_id" not in wrong.wsgi_request.session
    assert right.status_code == 302 and right.wsgi_request.user.is_authenticated
    # The failures are counted in the database (django-axes' database handler), not in Redis.
    answers = [login("wrong guess").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert login("correct horse battery").status_code == 429


def test_healthz_says_redis_is_down_with_503_and_ok_once_it_is_back(own_redis, db, settings):
    settings.HEALTHZ_WORKER_TIMEOUT_S = 0.3  # no worker runs in this module: its ping waits this long
    staff = get_user_model().objects.create_user("ops", password=None, is_staff=True)
    own_redis.stop()

    down = logged_in(staff).get("/healthz")

    assert down.status_code == 503
    assert down.json()["redis"]["status"] == "down" and down.json()["database"]["status"] == "ok"
    assert down.json()["worker"] == {"status": "down", "error": "cannot reach workers: Redis is down"}
    own_redis.start()
    assert Client().get("/healthz").json()["redis"] == {"status": "ok"}  # the worker: none runs in this module


# --- Queueing a job: refused, nothing created -----------------------------------------------------------
def test_translating_is_refused_with_a_clear_message_and_creates_no_job(own_redis, personas, model):
    leaflet = make_leaflet(personas.author)
    client = logged_in(personas.author)
    own_redis.stop()

    response = client.post(f"/leaflets/{leaflet.pk}/translate/", {"all": "1", "_once": once()}, follow=True)

    assert response.status_code == 200
    assert str(queueing.QUEUE_DOWN_MESSAGE) in messages_of(response)
    assert not Job.objects.exists() and not JobBatch.objects.exists()
    assert not AuditEvent.objects.filter(verb="jobs.queued").exists()
    own_redis.start()  # back: the same request queues the work
    client.post(f"/leaflets/{leaflet.pk}/translate/", {"all": "1", "_once": once()})
    assert Job.objects.count() == 3


def test_the_api_answers_503_with_retry_after_and_creates_no_job(own_redis, personas, model):
    leaflet = make_leaflet(personas.author)
    api = token_client(personas.author)
    own_redis.stop()

    response = api.post(f"/api/leaflets/{leaflet.pk}/jobs/", {"languages": ["ms"]}, content_type="application/json")

    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response.json() == {"detail": str(queueing.QUEUE_DOWN_MESSAGE), "code": "queue_unavailable"}
    assert not Job.objects.exists()


def test_drafting_is_refused_keeping_the_brief_on_the_form(own_redis, personas, model):
    client = logged_in(personas.author)
    own_redis.stop()

    response = client.post(
        "/leaflets/draft/",
        {
            "title": "Dengue at home",
            "topic": "Dengue fever",
            "audience": "adults",
            "key_messages": "Drink water often.",
            "reading_level": "simple",
            "required_languages": ["en", "ms"],
            "_once": once(),
        },
    )

    assert response.status_code == 503
    page = response.content.decode()
    assert str(queueing.QUEUE_DOWN_MESSAGE) in page and 'value="Dengue fever"' in page
    assert not Job.objects.exists()


def test_retrying_a_failed_job_is_refused_on_the_page_and_in_the_api(own_redis, personas, model):
    leaflet = make_leaflet(personas.author)
    tv = text_of(leaflet, "ms")
    failed = Job.objects.create(
        kind=Job.Kind.TRANSLATE,
        state=Job.State.FAILED,
        error="The model endpoint answered 500 five times.",
        leaflet=leaflet,
        revision_id=leaflet.current_revision_id,
        text_version=tv,
        language="ms",
        created_by=personas.author,
    )
    own_redis.stop()

    page = logged_in(personas.author).post(f"/jobs/{failed.pk}/retry/", {"_once": once()}, follow=True)
    api = token_client(personas.author).post(f"/api/jobs/{failed.pk}/retry/")

    assert str(queueing.QUEUE_DOWN_MESSAGE) in messages_of(page)
    assert api.status_code == 503 and api["Retry-After"] == "30"
    assert list(Job.objects.values_list("pk", flat=True)) == [failed.pk]


def test_an_evaluation_is_refused_and_no_run_is_created(own_redis, personas, model, settings, tmp_path):
    from django.contrib.auth.models import Permission

    lines = ["id\ten\tzh\tms\tta"] + [f"t{i}\t{r['en']}\t{r['zh']}\t{r['ms']}\t{r['ta']}" for i, r in enumerate(TICO)]
    (tmp_path / "sample.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings.EVALUATION_REFERENCE_DIR = tmp_path
    manager = get_user_model().objects.create_user("models_admin", password=None, is_staff=True)
    manager.user_permissions.add(*Permission.objects.filter(codename__endswith="_provider"))
    own_redis.stop()

    response = logged_in(manager).post(
        "/dashboard/evaluations/ms/",
        {"providers": [model.pk], "reference": "sample.tsv", "source_language": "en", "_once": once()},
        follow=True,
    )

    assert response.status_code == 200
    assert str(queueing.QUEUE_DOWN_MESSAGE) in messages_of(response)
    assert not EvaluationRun.objects.exists()


# --- Work a committed request owes: in the database, for the sweep --------------------------------------
def test_a_broker_lost_between_the_check_and_the_send_leaves_the_batches_for_the_sweep(
    own_redis, personas, model, transactional_db, monkeypatch, settings
):
    leaflet = make_leaflet(personas.author)
    api = token_client(personas.author)
    own_redis.stop()
    monkeypatch.setattr(queueing, "queue_reachable", lambda: True)  # Redis went in the moment after the check

    response = api.post(f"/api/leaflets/{leaflet.pk}/jobs/", {"languages": ["ms"]}, content_type="application/json")

    assert response.status_code == 202  # committed: the request says so, not 500
    batch = JobBatch.objects.get(phase=JobBatch.Phase.TRANSLATE)
    assert batch.state == JobBatch.State.QUEUED and Job.objects.get().state == Job.State.RUNNING
    own_redis.start()
    later = timezone.now() + timedelta(seconds=settings.RECOVERY_GRACE_S + 1)
    report = recovery.recovery_sweep(now=later)
    assert report.resent == [batch.pk] and report.sent == 1
    assert waiting_on(own_redis, model.queue) == 1
    assert invariant_violations(settled=False) == []


def test_publishing_works_and_its_webhook_delivery_waits_for_the_sweep(own_redis, personas, transactional_db, settings):
    settings.WORKBENCH_INTERNAL_HOSTS = ["127.0.0.1"]  # the receiver: never reached here
    staff = get_user_model().objects.create_user("it_staff", password=None, is_staff=True)
    endpoint = webhook_endpoint_save(
        endpoint=WebhookEndpoint(url="http://127.0.0.1:9/hooks", events=["leaflet.published"]), user=staff
    )
    leaflet = make_leaflet(personas.author)
    translate_all(leaflet)
    approve_everything(leaflet, personas)
    own_redis.stop()

    response = logged_in(personas.publisher).post(f"/leaflets/{leaflet.pk}/publish/", {"_once": once()})

    assert response.status_code == 302
    assert Publication.objects.get(leaflet=leaflet).state == Publication.State.LIVE
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.state == WebhookDelivery.State.PENDING and delivery.attempts == 0
    own_redis.start()
    later = timezone.now() + timedelta(seconds=settings.RECOVERY_GRACE_S + 1)
    report = recovery.recovery_sweep(now=later)
    assert report.deliveries == [delivery.pk] and report.sent == 1 and report.unsent == 0
    assert waiting_on(own_redis, "default") == 1
    assert WebhookDelivery.objects.get(pk=delivery.pk).delivery_id == delivery.delivery_id
    assert invariant_violations(settled=False) == []


def test_a_reviewers_edit_is_saved_and_its_back_translation_waits_for_the_sweep(
    own_redis, personas, model, transactional_db, settings
):
    settings.REVIEWERS_EDIT_DIRECTLY = True  # the reviewer edits the text (by default they suggest)
    leaflet = make_leaflet(personas.author)
    translate_all(leaflet)
    tv = text_of(leaflet, "ms")
    segment = TargetSegment.objects.filter(text_version=tv, source_segment__kind="paragraph").order_by("position")[0]
    own_redis.stop()

    response = logged_in(personas.reviewer("ms", "native")).post(
        f"/review/{tv.pk}/segments/{segment.key}/",
        {"text": "Berapa lamakah simptom ini sudah berterusan?", "edit_seq": segment.edit_seq, "_once": once()},
    )

    assert response.status_code in (200, 302)
    assert SegmentEdit.objects.filter(target_segment=segment).count() == 1
    batch = JobBatch.objects.get(phase=JobBatch.Phase.BACK_TRANSLATE)
    assert batch.state == JobBatch.State.QUEUED and batch.segment_keys == [str(segment.key)]
    own_redis.start()
    later = timezone.now() + timedelta(seconds=settings.RECOVERY_GRACE_S + 1)
    report = recovery.recovery_sweep(now=later)
    assert report.resent == [batch.pk] and report.sent == 1
    assert waiting_on(own_redis, model.queue) == 1
    assert invariant_violations(settled=False) == []


# --- The cache and the API throttle -----------------------------------------------------------------------
def test_the_cache_answers_a_miss_while_redis_is_down_and_warns_once(own_redis, caplog):
    cache.set("kept", "before")
    own_redis.stop()

    with caplog.at_level(logging.WARNING, logger="workbench.cache"):
        answers = [cache.get("kept"), cache.get("kept", "default"), cache.get_many(["kept"]), cache.has_key("kept")]
        cache.set("new", "value")
        cache.delete("kept")

    assert answers == [None, "default", {}, False]
    assert len([r for r in caplog.records if r.name == "workbench.cache" and r.levelno == logging.WARNING]) == 1
    own_redis.start()  # a restart without persistence: empty, and used again at once
    assert cache.get("kept") is None
    cache.set("kept", "after")
    assert cache.get("kept") == "after"


def test_the_patient_page_is_served_without_the_cache_and_cached_again_once_redis_is_back(own_redis, published):
    page = f"/p/{published.pk}/ms/"
    own_redis.stop()

    assert Client().get(page).status_code == 200
    own_redis.start()
    first = Client().get(page)
    assert first.status_code == 200
    assert redis.Redis.from_url(own_redis.url).dbsize() >= 1  # rendered once, kept for every web process
    assert Client().get(page).content == first.content


def test_api_throttles_let_calls_through_while_redis_is_down_and_count_again_after(own_redis, personas, monkeypatch):
    monkeypatch.setattr(CallerThrottle, "THROTTLE_RATES", {"caller": "2/minute", "anonymous": "2/minute"})
    api = token_client(personas.author)
    own_redis.stop()

    assert [api.get("/api/tokens/").status_code for _ in range(4)] == [200] * 4  # fail open: see the docs
    own_redis.start()
    assert [api.get("/api/tokens/").status_code for _ in range(3)] == [200, 200, 429]


def test_a_provider_slot_cannot_be_taken_while_redis_is_down_so_no_call_is_made(own_redis, model, settings):
    from translations.providers import ProviderSlot, SlotStoreUnreachable

    own_redis.stop()

    started = time.monotonic()
    with pytest.raises(SlotStoreUnreachable):
        ProviderSlot(model, wait_s=0.3).__enter__()  # a retryable failure of the call: the batch is retried

    assert time.monotonic() - started < 2.0
    own_redis.start()
    with ProviderSlot(model, wait_s=0.3) as slot:  # back: slots are taken again at once
        assert slot.acquired


# --- A frozen Redis: connections open, nothing answers ------------------------------------------------------
def test_a_frozen_redis_costs_a_request_a_moment_not_a_hang(own_redis, personas, published, model, settings):
    leaflet = make_leaflet(personas.author)
    api = token_client(personas.author)
    own_redis.pause()

    started = time.monotonic()
    refused = api.post(f"/api/leaflets/{leaflet.pk}/jobs/", {"languages": ["ms"]}, content_type="application/json")
    refused_in = time.monotonic() - started
    started = time.monotonic()
    patient = Client().get(f"/p/{published.pk}/ta/")
    patient_in = time.monotonic() - started

    assert refused.status_code == 503 and not Job.objects.exists()
    assert patient.status_code == 200
    # The queue check waits QUEUE_CHECK_TIMEOUT_S (0.5 s) per try; the page cache 0.5 s per call, then pauses.
    assert refused_in < 4 * settings.QUEUE_CHECK_TIMEOUT_S, refused_in
    assert patient_in < 2.0, patient_in
