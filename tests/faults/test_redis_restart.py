"""Redis restarted, without persistence, in the middle of a run: nothing lost, nothing done twice.

A real worker translates a dozen texts through the scripted model endpoint.
While some batches are running (a model call in progress) and others wait as
messages in Redis, this module's own redis-server is killed, stays down while
the tests look at the site, and comes back empty: every queued message is
gone, and so is every provider slot. The worker reconnects by itself; the
recovery sweep (translations/recovery.py, run by the worker every
RECOVERY_INTERVAL_S) finds the batches whose messages were lost in the
database and sends them again. Every job must end succeeded (or failed with a
reason; with the model answering, all succeed), every segment be asked of the
model once, and every invariant hold (review.invariants). docs/reliability.md
("Redis") quotes what the test prints.
"""

from __future__ import annotations

import base64
import json
import time
from collections import Counter

import pytest
import redis
from django.test import Client
from kombu import Exchange, Queue

from review.invariants import invariant_violations
from review.models import AuditEvent
from tests.conftest import make_leaflet
from tests.support.redis_control import RedisServer, pointed_at
from tests.support.worker import wait_until
from translations import jobs
from translations.models import Job, JobBatch, TargetSegment
from workbench import queueing
from workbench.celery import app

pytestmark = [pytest.mark.faults, pytest.mark.worker]

LEAFLETS = 4  # x 3 target languages: 12 jobs, 24 batches (translate, then back-translate)
OUTAGE_S = 1.0  # how long Redis stays down: the fault's size, not a wait for anything


@pytest.fixture(scope="module")
def module_redis():
    server = RedisServer().start()
    with pointed_at(server):
        yield server
    server.close()


@pytest.fixture
def own_redis(module_redis):
    if not module_redis.running:
        module_redis.start()
    redis.Redis.from_url(module_redis.url).flushall()
    return module_redis


@pytest.fixture
def worker_env(own_redis):
    # The sweep every second, for work unclaimed a second after it was due (production: 60 s, 300 s).
    return {"RECOVERY_INTERVAL_S": "1", "RECOVERY_GRACE_S": "1"}


def states(model) -> Counter:
    return Counter(model.objects.values_list("state", flat=True))


def waiting_batches(server: RedisServer, queue: str) -> list[int]:
    """The batch ids of the run_batch messages waiting on `queue` in Redis (kombu's JSON envelope)."""
    ids = []
    for raw in redis.Redis.from_url(server.url).lrange(queue, 0, -1):
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        ids.append(args[0])
    return ids


def worker_answers() -> bool:
    try:
        return bool(app.control.ping(timeout=0.5))
    except Exception:  # noqa: BLE001 - this process's own pooled connection from before the restart
        return False


def asked_of_the_model(model_server) -> Counter:
    """(task, target language, text) of every segment the model was sent, counted."""
    return Counter(
        (request.task, request.payload["to"], text)
        for request in model_server.requests
        for text in request.payload["segments"].values()
    )


def owed_to_the_model(queued: list[Job]) -> Counter:
    """What the jobs needed: each segment translated once, and its translation back-translated once."""
    owed: Counter = Counter()
    for segment in TargetSegment.objects.filter(text_version__jobs__in=queued).select_related(
        "source_segment", "text_version"
    ):
        owed[("translate", segment.text_version.language_id, segment.source_segment.text)] += 1
        owed[("back_translate", "en", segment.text)] += 1
    return owed


def test_a_consumer_holding_unacknowledged_messages_survives_the_loss_of_redis(own_redis):
    """kombu's Redis channel, closed after Redis went away, raised AttributeError and stopped the worker.

    What Celery's consumer does when the connection breaks, in order: the connection's parameters
    are dropped (Connection.collect), then the channel is closed, and closing it puts back the
    messages the worker took and has not acknowledged (every running task: acks_late).
    """
    connection = app.connection_for_write()
    queue = Queue("redis-fault-probe", Exchange("redis-fault-probe"), "redis-fault-probe")
    with connection.Producer() as producer:
        producer.publish({"probe": 1}, exchange=queue.exchange, routing_key=queue.routing_key, declare=[queue])
    taken: list = []
    consumer = connection.Consumer([queue], callbacks=[lambda body, message: taken.append(message)], no_ack=False)
    consumer.consume()
    connection.drain_events(timeout=5)
    assert len(taken) == 1  # taken, not acknowledged, as a running task's message is
    own_redis.stop()
    connection.transport.client = None  # what Connection.collect() leaves behind

    consumer.channel.close()  # raised AttributeError with kombu's own transport

    assert consumer.channel.closed


def test_a_task_finishing_after_its_worker_reconnected_acknowledges_without_stopping_the_worker(own_redis):
    """The soak's worker stopped ("Unrecoverable error: AttributeError ... 'client'") when a task that
    ran across a Redis restart acknowledged its message through the channel of the dead connection."""
    connection = app.connection_for_write()
    queue = Queue("redis-fault-probe-ack", Exchange("redis-fault-probe-ack"), "redis-fault-probe-ack")
    with connection.Producer() as producer:
        for n in (1, 2):
            producer.publish({"probe": n}, exchange=queue.exchange, routing_key=queue.routing_key, declare=[queue])
    taken: list = []
    consumer = connection.Consumer([queue], callbacks=[lambda body, message: taken.append(message)], no_ack=False)
    consumer.qos(prefetch_count=2)
    consumer.consume()
    connection.drain_events(timeout=5)
    connection.drain_events(timeout=5)
    assert len(taken) == 2
    own_redis.stop()
    connection.transport.client = None  # what Connection.collect() leaves behind when the connection broke

    taken[0].ack()  # raised AttributeError with kombu's own transport
    taken[1].reject(requeue=False)

    assert taken[0].acknowledged and taken[1].acknowledged


def test_a_redis_restart_mid_run_loses_and_duplicates_nothing(own_redis, personas, provider, model_server, worker):
    model_server.latency = 0.4  # each call in flight long enough to be running when Redis goes
    leaflets = [make_leaflet(personas.author, title=f"Race {n}") for n in range(LEAFLETS)]
    queued = [job for leaflet in leaflets for job in jobs.job_queue_translation(leaflet=leaflet, user=personas.author)]
    # Calls in progress on every slot of the provider (4), the rest waiting as messages.
    wait_until(lambda: JobBatch.objects.filter(state=JobBatch.State.RUNNING).count() >= 4, timeout=15)

    waiting = set(waiting_batches(own_redis, provider.queue))  # destroyed by the restart
    in_flight = {"jobs": states(Job), "batches": states(JobBatch), "messages waiting in Redis": len(waiting)}
    own_redis.stop()

    # While it is down: /healthz says so, pages answer, and no job can be queued.
    health = Client().get("/healthz")
    assert health.status_code == 503 and health.json()["redis"] == {"status": "down"}
    assert Client().get(f"/p/{leaflets[0].pk}/en/").status_code in (200, 404)  # not published: 404, not 500
    with pytest.raises(queueing.QueueUnavailable):
        jobs.job_queue_translation(leaflet=make_leaflet(personas.author, title="Twice"), user=personas.author)

    # Down long enough for calls in progress to end meanwhile: their results are stored, and what
    # the worker sends next (the back-translations, its acknowledgements) goes nowhere.
    time.sleep(OUTAGE_S)
    own_redis.start()  # empty: every queued message and every provider slot is gone
    wait_until(worker_answers, timeout=20)  # the worker reconnected by itself
    wait_until(lambda: Client().get("/healthz").status_code == 200, timeout=10)

    finished = wait_until(
        lambda: all(job.is_finished for job in Job.objects.filter(pk__in=[j.pk for j in queued]))
        and Job.objects.filter(pk__in=[j.pk for j in queued]),
        timeout=60,
        interval=0.2,
    )

    ended = {job.pk: (job.state, job.error) for job in finished}
    resent = {pk for event in AuditEvent.objects.filter(verb="work.recovered") for pk in event.data.get("resent", [])}
    print(f"\nin flight when Redis was killed: {in_flight}; their batches {sorted(waiting)}")
    print(f"re-sent by the recovery sweep: {sorted(resent)}; ended: {Counter(s for s, _e in ended.values())}")
    assert all(
        state == Job.State.SUCCEEDED or (state == Job.State.FAILED and error.strip()) for state, error in ended.values()
    ), ended
    assert states(Job)[Job.State.SUCCEEDED] == len(queued), ended
    # Nothing asked of the model twice: one translation and one back-translation per segment, no more.
    assert asked_of_the_model(model_server) == owed_to_the_model(queued)
    assert invariant_violations() == []
    # The fault was what it says: work running, and messages waiting that the restart destroyed.
    assert in_flight["batches"][JobBatch.State.RUNNING] >= 4 and in_flight["messages waiting in Redis"] >= 1
    assert waiting <= resent  # each batch whose message died with Redis was found in the database
