"""The Celery app. Configuration comes from Django settings (CELERY_*).

Also two things every task process shares: the retry of a task that hit a
database error (`retry_on_database_errors`), and the schedule of the recovery
sweep (`translations.tasks.recover`, translations/recovery.py).

Why the sweep runs from the workers' own timer rather than `celery beat`:
beat is one more process to deploy, and a deployment that forgets it, or runs
it twice, gets no recovery or two. Here every worker offers a sweep every
RECOVERY_INTERVAL_S and a Redis key taken with SET NX lets one offer per
interval through, whichever worker makes it, so `make run` and a production
deployment with workers on several machines sweep alike and nothing else has
to run. The offer is a message on the default queue, so the sweep runs as a
task (connections handled and errors logged like any task) on a worker that
takes the default queue. Two sweeps at once (an offer that waited in a long
queue) change nothing twice: each claim is a conditional UPDATE.
"""

from __future__ import annotations

import functools
import logging
import os
import random
import threading
import time
from typing import Any

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

app = Celery("workbench")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

log = logging.getLogger(__name__)


# --- Database errors: retried with backoff on a new connection -------------------------------------
# A database restart takes seconds; ten retries reach well over three minutes.
DB_RETRIES = 10
DB_RETRY_BASE_S = 0.5
DB_RETRY_MAX_S = 30.0


def replace_connections() -> None:
    """Drop connections that errored and no longer answer, so the retry opens a new one."""
    from django.db import close_old_connections, connections

    try:
        close_old_connections()
    except Exception:  # a connection too broken even to be asked: closed outright
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except Exception:
                log.debug("a broken database connection could not be closed cleanly", exc_info=True)


def retry_on_database_errors(run):
    """Run a bound task's body; on a database error (the database restarted, or is locked), try again later.

    Django's OperationalError and InterfaceError mean the database could not
    be reached or the connection broke; the work itself was not wrong. The
    connection is replaced before the retry, which comes after an exponential
    backoff with jitter (so the workers do not all return at once), up to
    DB_RETRIES more times than the task's own retries. Put it under @shared_task.
    """

    @functools.wraps(run)
    def wrapper(self, *args, **kwargs):
        from django.db import InterfaceError, OperationalError

        try:
            return run(self, *args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            replace_connections()
            delay = min(DB_RETRY_MAX_S, DB_RETRY_BASE_S * 2**self.request.retries) * random.uniform(0.5, 1.0)
            log.warning("%s%s: database error (%s); retrying in %.1f s", self.name, list(args), exc, delay)
            # A task may say what its retry needs (run_batch: the claim it holds), on the exception.
            args, kwargs = getattr(exc, "retry_with", (None, None))
            raise self.retry(
                args=args, kwargs=kwargs, exc=exc, countdown=delay, max_retries=(self.max_retries or 0) + DB_RETRIES
            ) from exc

    return wrapper


# --- The recovery sweep's schedule: every worker's timer, one sweep per interval ---------------------
RECOVER_TASK = "translations.tasks.recover"
# One key per interval: the workers of a deployment share theirs, and a worker configured with another
# interval (a test's, a one-off's) is neither held back by it nor holds it.
TICK_KEY = "workbench:recovery:tick:{interval:g}"


class _SweepTimer(threading.Thread):
    """Offers a sweep twice per interval; the Redis key lets one offer per interval through, across workers."""

    def __init__(self, interval_s: float, redis_url: str) -> None:
        super().__init__(name="recovery-sweep-timer", daemon=True)
        self.interval_s = interval_s
        self.redis_url = redis_url
        self.stopped = threading.Event()
        self._redis: Any = None
        self._complained_at = 0.0

    def run(self) -> None:
        while not self.stopped.wait(self.interval_s / 2 * random.uniform(0.8, 1.0)):
            self.offer()

    def offer(self) -> bool:
        import redis

        try:
            if self._redis is None:
                self._redis = redis.Redis.from_url(self.redis_url, socket_connect_timeout=0.5, socket_timeout=1.0)
            key = TICK_KEY.format(interval=self.interval_s)
            if not self._redis.set(key, "1", nx=True, px=max(1, int(self.interval_s * 1000))):
                return False
            # A sweep offer that waited longer than this in a busy queue is dropped: a newer one follows.
            app.send_task(RECOVER_TASK, expires=max(10.0, 2 * self.interval_s))
            return True
        except Exception as exc:  # Redis or the broker down: the next tick tries again
            if time.monotonic() - self._complained_at > 60:
                self._complained_at = time.monotonic()
                log.warning("recovery sweep not offered (%s: %s); trying again every tick", type(exc).__name__, exc)
            return False


_timer: _SweepTimer | None = None


@worker_ready.connect
def _start_sweep_timer(**_) -> None:
    from django.conf import settings

    global _timer
    if settings.RECOVERY_INTERVAL_S <= 0 or _timer is not None:
        return
    _timer = _SweepTimer(settings.RECOVERY_INTERVAL_S, settings.REDIS_URL)
    _timer.start()
    log.info("recovery sweep offered every %g s (translations.recovery)", settings.RECOVERY_INTERVAL_S)


@worker_shutdown.connect
def _stop_sweep_timer(**_) -> None:
    if _timer is not None:
        _timer.stopped.set()
