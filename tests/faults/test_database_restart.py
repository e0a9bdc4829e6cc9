"""PostgreSQL restarted, or stopped for a few seconds, under the workbench: pages, the API, a publish, a job.

These restart the real PostgreSQL server of `make test`'s PostgreSQL pass, which
exports where its data is and how to run its pg_ctl (WORKBENCH_TEST_PG_DATADIR,
WORKBENCH_TEST_PG_CTL; scripts/devstack.py). Anywhere else they skip. The web
server here is a real gunicorn process keeping its database connection between
requests (DATABASE_CONN_MAX_AGE), as a deployment does: that is the connection a
restart kills, and the one Django must notice is dead (CONN_HEALTH_CHECKS).
"""

from __future__ import annotations

import http.client
import json
import os
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from review import services as review_services
from review.invariants import invariant_violations
from review.models import AuditEvent, Publication, PublicationText, WebhookDelivery, WebhookEndpoint
from review.webhooks import webhook_endpoint_save
from tests.conftest import TICO, TITLES, make_leaflet, make_user, text_of
from tests.support.worker import database_url, wait_until
from translations import jobs
from translations.models import Job, JobBatch, TargetSegment
from workbench.api_tokens import api_token_create

pytestmark = [pytest.mark.faults, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    # A request in another language activates it in this thread for good (LocaleMiddleware): the tests
    # after these must not read their messages in Tamil.
    yield
    translation.deactivate()


@dataclass
class Postgres:
    """The test run's PostgreSQL server, driven with its own pg_ctl."""

    datadir: Path
    pg_ctl: list[str]
    _options: str = field(default="", init=False)

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.pg_ctl, "-D", str(self.datadir), *args], capture_output=True, text=True, timeout=60, check=check
        )

    def restart(self) -> None:
        """pg_ctl restart -m fast: every connection is terminated, open transactions rolled back."""
        self._ctl("-w", "-m", "fast", "-l", str(self.datadir / "server.log"), "restart")

    def stop(self) -> None:
        # `pg_ctl start` does not reuse the options the server was started with (`restart` does): keep them.
        recorded = shlex.split((self.datadir / "postmaster.opts").read_text())[1:]
        if "-D" in recorded:
            at = recorded.index("-D")
            del recorded[at : at + 2]
        self._options = shlex.join(recorded)
        self._ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        self._ctl("-w", "-l", str(self.datadir / "server.log"), "-o", self._options, "start")

    def running(self) -> bool:
        return self._ctl("status", check=False).returncode == 0


def _postgres_or_skip() -> Postgres:
    datadir = os.environ.get("WORKBENCH_TEST_PG_DATADIR", "")
    pg_ctl = os.environ.get("WORKBENCH_TEST_PG_CTL", "")
    if connection.vendor != "postgresql" or not datadir or not pg_ctl:
        pytest.skip(
            "NEEDS THE POSTGRESQL PASS: restarts the PostgreSQL server that `make test` starts for its PostgreSQL "
            "pass, named by WORKBENCH_TEST_PG_DATADIR and WORKBENCH_TEST_PG_CTL (not set here)"
        )
    return Postgres(Path(datadir), shlex.split(pg_ctl))


@pytest.fixture
def postgres(transactional_db):
    server = _postgres_or_skip()
    yield server
    if not server.running():
        server.start()
    # The test process's own connection died with the server: the next test (and the flush) opens a new one.
    connections.close_all()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class WebServer:
    process: subprocess.Popen
    port: int

    def worker_pids(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


@pytest.fixture(scope="module")
def web_server(django_db_setup, django_db_blocker):
    """gunicorn with one sync worker on the test database, keeping its connection between requests."""
    with django_db_blocker.unblock():
        _postgres_or_skip()
        url = database_url()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "WORKBENCH_TEST_SQLITE": "",
        "DATABASE_CONN_MAX_AGE": "600",
        "PYTHONUNBUFFERED": "1",
    }
    log = open(ROOT / "var" / f"test-gunicorn-{os.getpid()}.log", "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["--timeout", "60", "--log-level", "warning", "workbench.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = WebServer(process, port)
    try:
        wait_until(lambda: process.poll() is not None or _answers(port), timeout=30, interval=0.1)
        assert process.poll() is None, f"gunicorn exited with {process.returncode}; see {log.name}"
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def fetch(server: WebServer, path: str, **headers: str) -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = conn.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


HEADING = "The workbench is briefly unavailable"
API_DETAIL = "The database is not available at the moment. Try again in a few seconds."


# --- The web server: the first requests after a restart, and 503 while the server is down ------------------
def test_the_first_requests_after_postgresql_restarts_succeed_in_the_same_web_process(postgres, web_server, personas):
    cookie = session_cookie(personas.author)
    token = api_token_create(user=personas.author, name="restart", days=1).key
    assert fetch(web_server, "/", Cookie=cookie).status == 200  # the worker now holds a connection
    assert fetch(web_server, "/api/leaflets/", Authorization=f"Bearer {token}").status == 200
    workers = web_server.worker_pids()

    postgres.restart()

    # Each would meet the connection the restart killed, unless Django checks it first (CONN_HEALTH_CHECKS).
    page = fetch(web_server, "/", Cookie=cookie)
    api = fetch(web_server, "/api/leaflets/", Authorization=f"Bearer {token}")
    assert (page.status, api.status) == (200, 200), (page.text[:300], api.text[:300])
    assert web_server.worker_pids() == workers  # the same process: nothing was restarted to get there


def test_while_postgresql_is_down_pages_and_the_api_answer_503_and_then_work_again(postgres, web_server, personas):
    cookie = session_cookie(personas.author)
    token = api_token_create(user=personas.author, name="outage", days=1).key
    assert fetch(web_server, "/", Cookie=cookie).status == 200

    postgres.stop()
    stopped_at = time.monotonic()
    page = fetch(web_server, "/", Cookie=cookie, **{"Accept-Language": "zh-Hans"})
    api = fetch(web_server, "/api/leaflets/", Authorization=f"Bearer {token}")
    postgres.start()
    outage_s = time.monotonic() - stopped_at

    assert page.status == 503 and page.headers["retry-after"].isdigit(), page.text[:500]
    assert page.headers["content-language"] == "zh-hans" and '<html lang="zh-Hans">' in page.text
    assert in_language("zh-hans", HEADING) in page.text and "Traceback" not in page.text
    assert api.status == 503 and api.headers["retry-after"].isdigit(), api.text[:500]
    assert api.headers["content-type"].startswith("application/problem+json")
    problem = json.loads(api.body)
    assert problem == {
        "type": "about:blank",
        "title": "Service Unavailable",
        "status": 503,
        "detail": in_language("en", API_DETAIL),
        "code": "database_unavailable",
    }
    assert outage_s < 15
    assert fetch(web_server, "/", Cookie=cookie).status == 200
    assert fetch(web_server, "/api/leaflets/", Authorization=f"Bearer {token}").status == 200


# --- A publish: all of it or none of it --------------------------------------------------------------------
@pytest.fixture
def two_endpoints(personas, settings) -> list[WebhookEndpoint]:
    settings.WORKBENCH_INTERNAL_HOSTS = ["127.0.0.1"]
    staff = make_user("it_staff")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    return [
        webhook_endpoint_save(
            endpoint=WebhookEndpoint(url=f"http://127.0.0.1:9/hooks/{name}", events=["leaflet.published"]), user=staff
        )
        for name in ("intranet", "pharmacy")
    ]


def published_rows(leaflet) -> dict[str, int]:
    publications = Publication.objects.filter(leaflet=leaflet)
    return {
        "publications": publications.count(),
        "texts": PublicationText.objects.filter(publication__in=publications).count(),
        "audit events": AuditEvent.objects.filter(verb="leaflet.published", leaflet_id=leaflet.pk).count(),
        "webhook deliveries": WebhookDelivery.objects.filter(publication__in=publications).count(),
    }


WHOLE = {"publications": 1, "texts": 4, "audit events": 1, "webhook deliveries": 2}
NOTHING = dict.fromkeys(WHOLE, 0)


def test_a_publish_while_postgresql_is_down_answers_503_and_publishes_nothing_until_sent_again(
    postgres, approved_leaflet, personas, two_endpoints
):
    client = Client(raise_request_exception=False)
    client.force_login(personas.publisher)
    url = f"/leaflets/{approved_leaflet.pk}/publish/"

    postgres.stop()
    try:
        refused = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="ms")
    finally:
        postgres.start()
        connections.close_all()

    assert refused.status_code == 503 and refused["Retry-After"].isdigit()
    assert in_language("ms", HEADING) in refused.content.decode()
    assert published_rows(approved_leaflet) == NOTHING

    assert client.post(url, {}).status_code == 302
    assert published_rows(approved_leaflet) == WHOLE
    assert Publication.objects.get(leaflet=approved_leaflet).state == Publication.State.LIVE
    assert invariant_violations() == []


def test_postgresql_restarting_in_the_middle_of_a_publish_leaves_none_of_it_and_the_next_publish_all_of_it(
    postgres, approved_leaflet, personas, two_endpoints, monkeypatch
):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=personas.publisher, name='p', days=1).key}")
    url = f"/api/leaflets/{approved_leaflet.pk}/publish/"
    emit = review_services.webhooks_emit
    restarted = []

    def restart_then_emit(**kwargs):
        # The publication, its texts, the source refresh and the audit event are written, not committed.
        restarted.append(True)
        postgres.restart()
        return emit(**kwargs)

    monkeypatch.setattr(review_services, "webhooks_emit", restart_then_emit)
    refused = api.post(url, {}, format="json")
    monkeypatch.setattr(review_services, "webhooks_emit", emit)
    connections.close_all()

    assert restarted and refused.status_code == 503, refused.content[:500]
    assert refused["Content-Type"].startswith("application/problem+json") and refused["Retry-After"].isdigit()
    assert refused.json()["code"] == "database_unavailable"
    assert published_rows(approved_leaflet) == NOTHING

    assert api.post(url, {}, format="json").status_code == 201
    assert published_rows(approved_leaflet) == WHOLE
    assert invariant_violations() == []


# --- A translation job through a real worker ----------------------------------------------------------------
@pytest.fixture
def worker_env():
    # A batch whose worker lost its connection is owed again soon: a short lease and sweep for this test
    # (the lease must exceed twice the provider's timeout_s plus the slot wait; translations/recovery.py).
    return {"MODEL_BATCH_LEASE_S": "5", "MODEL_SLOT_WAIT_S": "0.4", "RECOVERY_INTERVAL_S": "1", "RECOVERY_GRACE_S": "1"}


@pytest.fixture
def quick_provider(provider):
    """The provider with a 2 s timeout (the model answers in 1 s), so that a 5 s lease is long enough."""
    provider.timeout_s = 2
    provider.save(update_fields=["timeout_s"])
    return provider


def _settled(job_ids: list[int]):
    def check():
        try:
            rows = list(Job.objects.filter(pk__in=job_ids))
        except DatabaseError:
            connections.close_all()  # reconnect on the next try, as a web request would
            return None
        return rows if rows and all(job.is_finished for job in rows) else None

    return check


def test_a_translation_job_in_a_worker_survives_postgresql_restarting_under_its_model_calls(
    postgres, personas, quick_provider, model_server, worker
):
    model_server.latency = 1.0  # each model call lasts long enough to restart the database under it
    leaflet = make_leaflet(personas.author)
    queued = jobs.job_queue_translation(leaflet=leaflet, user=personas.author)
    wait_until(lambda: model_server.in_flight >= 1, timeout=20)
    in_flight = {
        "jobs": Job.objects.filter(pk__in=[j.pk for j in queued], finished_at__isnull=True).count(),
        "batches running": JobBatch.objects.filter(job__in=queued, state=JobBatch.State.RUNNING).count(),
        "model calls": model_server.in_flight,
    }

    restarted_at = time.monotonic()
    postgres.restart()
    connections.close_all()
    done = wait_until(_settled([j.pk for j in queued]), timeout=40, interval=0.2)

    calls = sorted(request.task for request in model_server.requests)
    print(
        f"\nPostgreSQL restarted with in flight: {in_flight}; all jobs ended "
        f"{time.monotonic() - restarted_at:.1f} s later; model calls made: {calls}"
    )
    assert in_flight["jobs"] == 3 and in_flight["model calls"] >= 1
    for job in done:
        assert job.state == Job.State.SUCCEEDED or (job.state == Job.State.FAILED and job.error.strip()), job.error
        if job.state == Job.State.SUCCEEDED:
            texts = list(
                TargetSegment.objects.filter(text_version=text_of(leaflet, job.language))
                .order_by("position")
                .values_list("text", flat=True)
            )
            assert texts == [TITLES["Symptoms check"][job.language]] + [row[job.language] for row in TICO]
    assert invariant_violations() == []
