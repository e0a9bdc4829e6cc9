"""/healthz: database, Redis and a live Celery worker, each reported separately.

Answers 503 when any is down, so a load balancer or monitor can act on it. An
anonymous caller learns only which component is up or down: error messages
name internal hosts and ports, and worker names name machines. Staff users, a
monitor sending settings.HEALTHZ_TOKEN in the X-Healthz-Token header, and
local use (DEBUG on) also get the details, so the person paged knows where to
look.
"""

from __future__ import annotations

import hmac
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

# Only these keys of a component's report reach callers who may not see details.
PUBLIC_KEYS = ("status",)


def _up(started: float, **extra) -> dict:
    return {"status": "ok", "ms": round((time.monotonic() - started) * 1000, 1), **extra}


def _down(error: str) -> dict:
    return {"status": "down", "error": error}


def _check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down"; the message says why
        return _down(f"{type(exc).__name__}: {exc}")
    return _up(started)


def _check_redis() -> dict:
    import redis

    started = time.monotonic()
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except Exception as exc:
        return _down(f"{type(exc).__name__}: {exc}")
    return _up(started)


def _check_worker(redis_up: bool) -> dict:
    if not redis_up:
        return _down("cannot reach workers: Redis is down")
    from workbench.celery import app

    started = time.monotonic()
    try:
        # A connection of its own, not one from the pool: a pooled one may be left over from before a
        # Redis restart, and would report the workers down although they answer.
        with app.connection_for_write() as connection:
            # limit=1: one live worker is enough to answer "up", without waiting out the timeout.
            replies = app.control.ping(timeout=settings.HEALTHZ_WORKER_TIMEOUT_S, limit=1, connection=connection) or []
    except Exception as exc:
        return _down(f"{type(exc).__name__}: {exc}")
    if not replies:
        return _down(f"no worker answered a ping within {settings.HEALTHZ_WORKER_TIMEOUT_S}s")
    return _up(started, workers=sorted(name for reply in replies for name in reply))


def may_see_details(request) -> bool:
    if settings.DEBUG:
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_staff:
        return True
    token = settings.HEALTHZ_TOKEN
    sent = request.headers.get("X-Healthz-Token", "")
    return bool(token) and hmac.compare_digest(sent.encode(), token.encode())


@never_cache
def healthz(request):
    database = _check_database()
    redis_status = _check_redis()
    worker = _check_worker(redis_status["status"] == "ok")
    components = {"database": database, "redis": redis_status, "worker": worker}
    healthy = all(c["status"] == "ok" for c in components.values())
    if not may_see_details(request):
        components = {name: {k: c[k] for k in PUBLIC_KEYS} for name, c in components.items()}
    return JsonResponse({"status": "ok" if healthy else "unavailable", **components}, status=200 if healthy else 503)
