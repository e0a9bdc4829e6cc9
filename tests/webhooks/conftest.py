"""A real receiver on loopback, checking each request with the receiver code docs/api.md shows.

The receiver's `verify` is not re-implemented here: it is executed from the
Python block of the "## Webhooks" section of docs/api.md, so a change to the
signing that the documentation does not follow fails these tests.
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from review.models import WebhookDelivery, WebhookEndpoint
from review.webhooks import webhook_endpoint_save

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def docs_receiver() -> dict:
    """The namespace of the receiver example in docs/api.md ("## Webhooks"), executed."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## Webhooks") :]
    code = section[section.index("```python\n") + len("```python\n") :]
    code = code[: code.index("```")]
    namespace: dict = {"__name__": "docs_receiver"}
    exec(compile(code, str(DOCS), "exec"), namespace)  # noqa: S102 - our own documentation's example
    return namespace


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    problem: str | None  # what the documented `verify` said: None when genuine and fresh

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next scripted (status, body, headers), then 200 once the script is used up."""

    secret: str = ""
    script: list[tuple[int, str, dict]] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def answer(self, *answers) -> None:
        for entry in answers:
            status, body, headers = (*entry, {}) if len(entry) == 2 else entry
            self.script.append((status, body, headers))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def receiver():
    verify = docs_receiver()["verify"]
    state = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _record_and_answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                problem = verify(state.secret.encode(), self.headers, body)
                state.received.append(Received(self.path, dict(self.headers.items()), body, problem))
                status, text, headers = state.script.pop(0) if state.script else (200, "ok", {})
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(text.encode())))
            self.end_headers()
            self.wfile.write(text.encode())

        do_POST = _record_and_answer
        do_GET = _record_and_answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/workbench"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("it_staff", password=None, is_staff=True)


@pytest.fixture
def make_endpoint(staff):
    def make(url: str, events=("leaflet.published", "publication.withdrawn"), active: bool = True) -> WebhookEndpoint:
        return webhook_endpoint_save(endpoint=WebhookEndpoint(url=url, events=list(events), active=active), user=staff)

    return make


@pytest.fixture
def endpoint(receiver, make_endpoint) -> WebhookEndpoint:
    made = make_endpoint(receiver.url)
    receiver.secret = made.secret
    return made


@pytest.fixture
def messages(monkeypatch):
    """The Celery messages the code queues for webhook_deliver, as (delivery pk, countdown), instead of a broker."""
    from review.tasks import webhook_deliver

    sent: list[tuple[int, int | None]] = []

    def apply_async(args=None, kwargs=None, **options):
        sent.append((args[0], options.get("countdown")))

    monkeypatch.setattr(webhook_deliver, "apply_async", apply_async)
    return sent


def run_messages(messages: list) -> None:
    """A worker taking the messages queued so far, now (the countdowns are honoured by the claim, not here).

    Messages queued while they run (retries) stay in `messages` for the test to look at.
    """
    from review.tasks import webhook_deliver

    batch = list(messages)
    messages.clear()
    for delivery_pk, _countdown in batch:
        webhook_deliver(delivery_pk)


def make_due(delivery: WebhookDelivery) -> None:
    """The backoff has passed: what a retry message's countdown waits for."""
    from django.utils import timezone

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


@pytest.fixture(autouse=True)
def _loopback_receivers_are_declared_internal(settings):
    """The test receivers listen on loopback, which webhooks refuse unless declared inside the hospital network."""
    settings.WORKBENCH_INTERNAL_HOSTS = ["127.0.0.1"]
