"""/healthz reports database, Redis and worker separately and answers 503 when any is down."""

import pytest
from django.test import override_settings


def test_it_reports_redis_down_with_503(client, db):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["database"]["ok"] is True
    assert body["redis"]["ok"] is False and "Connection" in body["redis"]["error"]
    assert body["worker"]["ok"] is False


@pytest.mark.worker
def test_it_is_healthy_with_a_live_worker(client, worker):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["worker"]["workers"]


def test_without_a_worker_it_answers_503_naming_the_worker(client, db, needs_redis):
    with override_settings(HEALTHZ_WORKER_TIMEOUT_S=0.3):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"]["ok"] is True
    assert "no worker answered" in response.json()["worker"]["error"]
