"""The provider concurrency slot: one pooled Redis client per process, the script by EVALSHA, the limit still held."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from translations.models import Provider
from translations.providers import ProviderSlot, SlotUnavailable


@pytest.fixture
def endpoint(needs_redis):
    """An unsaved provider row (the slot reads its name, timeout and limit) with a Redis key of its own."""
    provider = Provider(name=f"slot-test-{uuid.uuid4().hex[:8]}", timeout_s=5, max_concurrency=2)
    yield provider
    slot = ProviderSlot(provider)
    slot.redis.delete(slot.key)


def test_no_more_than_max_concurrency_slots_are_held_at_once(endpoint):
    with ProviderSlot(endpoint), ProviderSlot(endpoint):
        with pytest.raises(SlotUnavailable):
            ProviderSlot(endpoint, wait_s=0.1).__enter__()
    with ProviderSlot(endpoint, wait_s=0.1):  # released on exit
        pass


def test_the_limit_holds_for_threads_sharing_the_client(endpoint):
    endpoint.max_concurrency = 3
    held, most, lock = 0, 0, threading.Lock()

    def call() -> None:
        nonlocal held, most
        with ProviderSlot(endpoint, wait_s=10):
            with lock:
                held += 1
                most = max(most, held)
            time.sleep(0.02)
            with lock:
                held -= 1

    threads = [threading.Thread(target=call) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 3 and held == 0


def test_slots_share_one_client_and_do_not_open_a_connection_per_call(endpoint):
    first = ProviderSlot(endpoint)
    assert ProviderSlot(endpoint).redis is first.redis
    with first:
        pass
    before = first.redis.info("clients")["connected_clients"]
    for _ in range(20):
        with ProviderSlot(endpoint):
            pass
    assert first.redis.info("clients")["connected_clients"] == before


def test_the_script_is_loaded_again_when_redis_lost_it(endpoint):
    slot = ProviderSlot(endpoint)
    slot.redis.script_flush()  # a Redis restart loses loaded scripts
    with slot:
        assert slot.acquired and slot.redis.zcard(slot.key) == 1
    assert slot.redis.zcard(slot.key) == 0


def test_a_slot_left_by_a_dead_worker_expires(endpoint):
    endpoint.max_concurrency = 1
    slot = ProviderSlot(endpoint)
    slot.redis.zadd(slot.key, {"dead-worker": time.time() - 1})  # its expiry has passed
    with ProviderSlot(endpoint, wait_s=0.1) as taken:
        assert taken.acquired
