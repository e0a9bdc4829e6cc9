"""A real Celery worker process for the tests that need one, against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TEST_QUEUES = "default,model.scripted,model.scripted-b"


def database_url() -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    return f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"


def start_worker(
    extra_env: dict[str, str] | None = None, concurrency: int = 8, *, purge: bool = True
) -> subprocess.Popen:
    """A worker on the test queues, once it answers a ping; `purge=False` keeps what is queued (a worker
    started after another died must find the messages the dead one left)."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(),
            "WORKBENCH_TEST_SQLITE": "",
            "MODEL_BACKOFF_BASE_S": "0.05",
            "MODEL_BACKOFF_MAX_S": "2",
            "MODEL_MAX_ATTEMPTS": "4",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra_env or {})
    from workbench.celery import app

    # Messages left by tests that queued jobs with no worker running would
    # otherwise be picked up here, for rows that no longer exist.
    if purge:
        purge_test_queues()
    log = open(ROOT / "var" / f"test-worker-{os.getpid()}.log", "ab")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workbench",
            "worker",
            "--pool",
            "threads",
            "--concurrency",
            str(concurrency),
            "-Q",
            TEST_QUEUES,
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"testworker-{os.getpid()}-{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with {proc.returncode}; see {log.name}")
        if app.control.ping(timeout=0.5):
            return proc
    proc.kill()
    raise RuntimeError("the Celery worker did not answer a ping within 30s")


def purge_test_queues() -> None:
    """Drop every message waiting in the test queues (the rows they name belong to an earlier test)."""
    from workbench.celery import app

    with app.connection_for_write() as connection_:
        channel = connection_.default_channel
        for queue in TEST_QUEUES.split(","):
            try:
                channel.queue_purge(queue)
            except Exception:  # a queue never declared has nothing to purge
                pass


def skip_unless_a_worker_can_run() -> None:
    """Skip, saying what is missing, where a worker process could not do the test's work: no Redis, or an
    in-memory SQLite test database the worker's own process cannot open."""
    from tests.conftest import redis_available

    if not redis_available():
        pytest.skip("NEEDS REDIS: run the suite with `make test`, which starts a real Redis server")
    if connection.vendor == "sqlite" and not os.environ.get("WORKBENCH_TEST_SQLITE"):
        pytest.skip("NEEDS A FILE DATABASE: run with `make test` so the worker process can see the test database")


@contextmanager
def worker_running(extra_env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """One worker for as long as the block lasts (a module-scoped fixture's: starting one costs more than most
    tests that use it); skipped where none can run."""
    skip_unless_a_worker_can_run()
    proc = start_worker(extra_env=extra_env)
    try:
        yield proc
    finally:
        stop_worker(proc)


def stop_worker(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")
