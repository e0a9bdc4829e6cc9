"""The cache backend: Django's Redis cache, except that Redis being down is a miss, not an error.

Nothing the workbench keeps in the cache is needed to answer a request: the
patient pages (rendered again on a miss) and the API's throttle counts (a miss
lets the call through; docs/reliability.md says why). So while Redis is down
or restarting a read answers the default, a write does nothing, and the page
is served without the cache instead of failing with a 500.

Django's backend is kept rather than replaced (django-redis's IGNORE_EXCEPTIONS
does the same): one dependency fewer, the same client and serializer as
before, and a logger that says once a minute that the cache is down instead of
once per call. A read or write that failed slowly (a Redis that stopped
answering without closing its connections: each call waits out the socket
timeout) makes the process skip Redis for a moment, so a frozen Redis costs a
page one timeout, not one per cache call.
"""

from __future__ import annotations

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

# At most one warning per process per this many seconds while the cache is down.
WARN_EVERY_S = 60.0
# A failure slower than this pauses Redis for PAUSE_S (see the module docstring).
SLOW_FAILURE_S = 0.2
PAUSE_S = 2.0

# Per process, not per instance: Django makes one cache object per thread.
_state = {"down": False, "warned_at": float("-inf"), "paused_until": 0.0}


def _failed(operation: str, exc: Exception, started: float) -> None:
    now = time.monotonic()
    if now - started > SLOW_FAILURE_S:
        _state["paused_until"] = now + PAUSE_S
    _state["down"] = True
    if now - _state["warned_at"] >= WARN_EVERY_S:
        _state["warned_at"] = now
        log.warning(
            "cache unavailable (%s: %s): %s answered as a miss; pages are served without the cache",
            type(exc).__name__,
            exc,
            operation,
        )


def _succeeded() -> None:
    if _state["down"]:
        _state["down"] = False
        log.info("cache available again")


class TolerantRedisCache(RedisCache):
    """RedisCache whose Redis errors are misses (reads) and no-ops (writes), logged at most once a minute."""

    def _tolerant(self, operation: str, fallback, method, *args):
        if time.monotonic() < _state["paused_until"]:
            return fallback
        started = time.monotonic()
        try:
            result = method(*args)
        except redis.exceptions.RedisError as exc:
            _failed(operation, exc, started)
            return fallback
        _succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._tolerant("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._tolerant("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._tolerant("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._tolerant("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._tolerant("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._tolerant("incr", missing, super().incr, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found.")  # what a miss means to incr (Django's contract)
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self._tolerant("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._tolerant("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._tolerant("clear", False, super().clear)
