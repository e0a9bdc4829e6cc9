"""/healthz reports database, Redis and worker separately and answers 503 when any is down.

Anonymous callers learn only up/down per component; error messages (which name
hosts and ports) and worker names (which name machines) are for staff and for
a monitor that sends the configured HEALTHZ_TOKEN.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

TOKEN = "healthz-token-" + "t" * 24
REDIS_DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def staff_client(db):
    staff = get_user_model().objects.create_user("ops", password=None, is_staff=True)
    client = Client()
    client.force_login(staff)
    return client


def test_anonymous_callers_get_only_up_or_down_per_component(client, db):
    with override_settings(REDIS_URL=REDIS_DOWN):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": {"status": "ok"},
        "redis": {"status": "down"},
        "worker": {"status": "down"},
    }
    assert "127.0.0.1" not in response.content.decode() and "Connection" not in response.content.decode()


def test_staff_get_the_details_of_what_is_down(staff_client):
    with override_settings(REDIS_URL=REDIS_DOWN):
        response = staff_client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["database"]["status"] == "ok" and body["database"]["ms"] >= 0
    assert body["redis"]["status"] == "down" and "Connection" in body["redis"]["error"]
    assert body["worker"] == {"status": "down", "error": "cannot reach workers: Redis is down"}


def test_a_monitor_with_the_configured_token_gets_the_details(client, db):
    with override_settings(REDIS_URL=REDIS_DOWN, HEALTHZ_TOKEN=TOKEN):
        with_token = client.get("/healthz", headers={"X-Healthz-Token": TOKEN}).json()
        wrong_token = client.get("/healthz", headers={"X-Healthz-Token": TOKEN + "x"}).json()
    assert "Connection" in with_token["redis"]["error"]
    assert wrong_token["redis"] == {"status": "down"}
    with override_settings(REDIS_URL=REDIS_DOWN, HEALTHZ_TOKEN=""):  # no token configured: an empty header is no key
        assert client.get("/healthz", headers={"X-Healthz-Token": ""}).json()["redis"] == {"status": "down"}


def test_load_balancers_probing_over_plain_http_are_not_redirected(client, db):
    with override_settings(SECURE_SSL_REDIRECT=True, REDIS_URL=REDIS_DOWN):
        assert Client().get("/healthz").status_code == 503
        assert Client().get("/accounts/login/").status_code == 301


@pytest.mark.worker
def test_it_is_healthy_with_a_live_worker(client, staff_client, worker):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["worker"] == {"status": "ok"}
    assert staff_client.get("/healthz").json()["worker"]["workers"]


def test_without_a_worker_it_answers_503_naming_the_worker(client, staff_client, needs_redis):
    with override_settings(HEALTHZ_WORKER_TIMEOUT_S=0.3):
        anonymous = client.get("/healthz")
        staff = staff_client.get("/healthz")
    assert anonymous.status_code == 503 and staff.status_code == 503
    assert anonymous.json()["redis"] == {"status": "ok"} and anonymous.json()["worker"] == {"status": "down"}
    assert "no worker answered" in staff.json()["worker"]["error"]
