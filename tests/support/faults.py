"""Fault injection for tests/faults: workers that recover lost work within seconds, killed with SIGKILL.

A recovering worker (`start_recovering_worker`) runs with a short batch lease,
a recovery sweep every half second and a one-second grace (RECOVERY_ENV), so
the work a killed worker held comes back within seconds instead of the
production quarter of an hour. A worker refuses to start when a provider's
calls could outlast the lease (twice its timeout_s plus the wait for a
concurrency slot), so give the providers of such a test FAST_TIMEOUT_S
(`fast_provider`).

`kill_worker` is SIGKILL: no shutdown handler runs, no message is
acknowledged or handed back, exactly as when the kernel's OOM killer or a
power cut stops a worker. `in_flight` counts the work the database says is
under way at that moment, for the figures of docs/reliability.md.
`HoldingReceiver` is a webhook receiver that keeps requests waiting (so a
worker can be killed in the middle of a delivery) until released.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.worker import start_worker

# With the slot wait below, under half the lease (MODEL_BATCH_LEASE_S below), as a worker demands, and
# long enough that a call held by the fake model server is still waiting when the test kills its worker.
FAST_TIMEOUT_S = 2.0
RECOVERY_ENV = {
    "MODEL_BATCH_LEASE_S": "5",
    # fast_provider leaves room for every call, so no call waits for a slot in these tests; the lease
    # must still cover the wait a call is allowed (translations.recovery.claim_hold_s): 2 x (0.4 + 2) s.
    "MODEL_SLOT_WAIT_S": "0.4",
    "RECOVERY_INTERVAL_S": "0.5",
    "RECOVERY_GRACE_S": "1",
    # The loopback receivers of the webhook tests are declared inside the hospital network.
    "WORKBENCH_INTERNAL_HOSTS": "127.0.0.1",
    "WORKBENCH_WEBHOOK_TIMEOUT_S": "5",
    # A killed worker's provider concurrency slots lapse timeout_s + this after it died (ProviderSlot), not
    # half a minute later, when the next test's provider of the same name would find them still taken.
    "MODEL_SLOT_GRACE_S": "0.5",
}


def fast_provider(provider, *, max_concurrency: int = 8):
    """The provider with a timeout the short test lease allows, and room for the calls of two workers.

    The room matters: a killed worker's concurrency slots stay taken until they lapse
    (translations.providers.ProviderSlot), and the next worker must not wait for them.
    """
    provider.timeout_s = FAST_TIMEOUT_S
    provider.max_concurrency = max_concurrency
    provider.save()
    return provider


def tico_rows(start: int, count: int) -> list[dict[str, str]]:
    """Rows of the shared TICO-19 dev set (en, zh, ms, ta), read from ../shared/data: sentences the fake
    model server knows, and (past the first two, tests.conftest.TICO) not in any approved memory of a test."""
    import csv

    from tests.support.fake_llm_data import TICO_PATH

    with open(TICO_PATH, encoding="utf-8", newline="") as tsv:
        rows = list(csv.DictReader(tsv, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{code: row[code] for code in ("en", "zh", "ms", "ta")} for row in rows[start : start + count]]


def start_recovering_worker(extra_env: dict[str, str] | None = None, *, purge: bool = True) -> subprocess.Popen:
    """A worker that sweeps for lost work every half second; `purge=False` for one started after a kill."""
    return start_worker({**RECOVERY_ENV, **(extra_env or {})}, purge=purge)


def kill_worker(proc: subprocess.Popen) -> float:
    """SIGKILL the worker process and reap it; returns the moment of the kill (time.monotonic())."""
    killed_at = time.monotonic()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    return killed_at


@dataclass(frozen=True)
class InFlight:
    """Work the database says is under way: active jobs, active batches by phase, pending deliveries."""

    jobs: int
    batches: dict[str, int] = field(default_factory=dict)  # phase -> queued or running
    running_batches: int = 0
    deliveries: int = 0
    evaluations: int = 0

    def describe(self) -> str:
        phases = ", ".join(f"{n} {phase}" for phase, n in sorted(self.batches.items())) or "none"
        return (
            f"{self.jobs} job(s) active, batches active: {phases} ({self.running_batches} running), "
            f"{self.deliveries} webhook delivery(ies) pending, {self.evaluations} evaluation(s) active"
        )


def in_flight() -> InFlight:
    from django.db.models import Count

    from review import rules
    from review.models import WebhookDelivery
    from translations.models import EvaluationRun, Job, JobBatch

    active = JobBatch.objects.filter(rules.job_active())
    return InFlight(
        jobs=Job.objects.filter(rules.job_active()).count(),
        batches=dict(active.values_list("phase").annotate(n=Count("id")).values_list("phase", "n")),
        running_batches=active.filter(state=JobBatch.State.RUNNING).count(),
        deliveries=WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).count(),
        evaluations=EvaluationRun.objects.filter(state__in=rules.JOB_ACTIVE_STATES).count(),
    )


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


class HoldingReceiver:
    """A webhook receiver on loopback that holds every request until `release()`, then answers 200.

    `held` is how many requests are waiting right now; `received` every request, in order of arrival.
    """

    def __init__(self, *, hold_s: float = 30.0) -> None:
        self.received: list[Received] = []
        self.released = threading.Event()
        self._lock = threading.Lock()
        self._held = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    receiver.received.append(Received(dict(self.headers.items()), body))
                    receiver._held += 1
                try:
                    receiver.released.wait(hold_s)
                finally:
                    with receiver._lock:
                        receiver._held -= 1
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:  # the sender died while it waited (the point of the test)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/workbench"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def held(self) -> int:
        with self._lock:
            return self._held

    def release(self) -> None:
        self.released.set()

    def __enter__(self) -> HoldingReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()
