"""/healthz: database, Redis and a live Celery worker, each reported separately.

Answers 503 when any is down, so a load balancer or monitor can act on it, and
says which, so the person paged knows where to look.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down"; the message says why
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _check_redis() -> dict:
    import redis

    started = time.monotonic()
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _check_worker(redis_ok: bool) -> dict:
    if not redis_ok:
        return {"ok": False, "error": "cannot reach workers: Redis is down"}
    from workbench.celery import app

    started = time.monotonic()
    try:
        # limit=1: one live worker is enough to answer "up", without waiting out the timeout.
        replies = app.control.ping(timeout=settings.HEALTHZ_WORKER_TIMEOUT_S, limit=1) or []
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    if not replies:
        return {"ok": False, "error": f"no worker answered a ping within {settings.HEALTHZ_WORKER_TIMEOUT_S}s"}
    return {"ok": True, "workers": sorted(name for reply in replies for name in reply),
            "ms": round((time.monotonic() - started) * 1000, 1)}


@never_cache
def healthz(request):
    database = _check_database()
    redis_status = _check_redis()
    worker = _check_worker(redis_status["ok"])
    components = {"database": database, "redis": redis_status, "worker": worker}
    healthy = all(c["ok"] for c in components.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **components}, status=200 if healthy else 503)
