"""A worker killed with SIGKILL in the middle of its work: the next worker finishes every piece of it, once.

The killed worker holds, at the moment of the kill, a translation batch, a
back-translation and a draft (each a model call the fake model server keeps
waiting) and a webhook delivery (the receiver keeps the request waiting). Its
messages stay unacknowledged in Redis for the visibility timeout (an hour);
only the recovery sweep (translations/recovery.py) of the worker started
next brings the work back, after the short lease these workers run with.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from review.invariants import invariant_violations
from review.models import AuditEvent, WebhookDelivery, WebhookEndpoint
from review.services import leaflet_publish
from review.webhooks import webhook_endpoint_save
from tests.conftest import TITLES, make_leaflet, text_of
from tests.support.fake_llm import Step
from tests.support.faults import (
    RECOVERY_ENV,
    HoldingReceiver,
    fast_provider,
    in_flight,
    kill_worker,
    start_recovering_worker,
    tico_rows,
)
from tests.support.worker import skip_unless_a_worker_can_run, stop_worker, wait_until
from translations import jobs
from translations.models import Job, JobBatch, TargetSegment
from workbench.models import Leaflet

pytestmark = [pytest.mark.faults, pytest.mark.worker]

BRIEF = {
    "topic": "Dengue fever",
    "audience": "adults",
    "key_messages": ["Drink water"],
    "actions": "Rest",
    "seek_help": "bleeding or drowsiness",
    "emergency_contacts": "995",
}
HANG_S = 60.0  # longer than the test: the killed worker's calls never come back


@pytest.fixture
def workers(transactional_db):
    """start() -> a recovering worker; the first purges the test queues, later ones keep what is queued."""
    skip_unless_a_worker_can_run()
    started = []

    def start(extra_env: dict[str, str] | None = None):
        proc = start_recovering_worker(extra_env, purge=not started)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            stop_worker(proc)


@pytest.fixture
def receiver(settings):
    # This process too counts the loopback receiver as an internal host (review.webhooks.url_problem).
    settings.WORKBENCH_INTERNAL_HOSTS = ["127.0.0.1"]
    with HoldingReceiver() as held:
        yield held


def test_work_in_flight_when_its_worker_is_killed_ends_once_on_the_next_worker(
    personas, provider, model_server, approved_leaflet, receiver, workers
):
    fast_provider(provider)
    staff = get_user_model().objects.create_user("it_staff", password=None, is_staff=True)
    endpoint = webhook_endpoint_save(
        endpoint=WebhookEndpoint(url=receiver.url, events=["leaflet.published"]), user=staff
    )
    # The first translation call, every back-translation and the draft say nothing until the worker is gone.
    model_server.script(Step.hang(HANG_S), task="translate")
    model_server.set_default(Step.hang(HANG_S), task="back_translate")
    model_server.script(Step.hang(HANG_S), task="draft")
    leaflets_before = Leaflet.objects.count()
    first = workers()

    rows = tico_rows(2, 3)  # not the approved leaflet's sentences: no translation memory fills them
    leaflet = make_leaflet(personas.author, languages=("en", "ms", "ta"), title="Fever at home", rows=rows)
    # The slowest to queue first: the delivery's request waits up to its 5 s timeout, a model call 2 s.
    publication = leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    translations = jobs.job_queue_translation(leaflet=leaflet, user=personas.author)
    draft = jobs.job_queue_draft(
        leaflet_or_none=None, user=personas.author, brief=BRIEF, title="Dengue at home", required_languages=["en"]
    )

    # One language's translation call, the other's back-translation (its translation came back), the draft,
    # and the webhook delivery: all four under way at once.
    # Waiting for three calls in flight is not enough: the second language's translation call, answered
    # at once, may be one of them (CI once killed the worker then, before its back-translation began).
    def all_four_under_way():
        asked = {request.task for request in model_server.requests}
        return {"back_translate", "draft"} <= asked and model_server.in_flight >= 3 and receiver.held >= 1

    wait_until(all_four_under_way, timeout=10)
    at_kill = in_flight()
    running = list(JobBatch.objects.filter(state=JobBatch.State.RUNNING).values_list("id", "phase"))
    killed_at, killed_wall = kill_worker(first), timezone.now()

    model_server.set_default(None, task="back_translate")
    receiver.release()
    delivery = WebhookDelivery.objects.get(publication=publication, endpoint=endpoint)
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    # The killed attempt's claim keeps the delivery off-limits for the request timeout plus
    # review.webhooks.CLAIM_MARGIN_S (60 s, a constant): that time is skipped here, and the claim
    # and the sweep then run as they would once it has passed.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=2))
    workers()

    everything = [*translations, draft]

    def settled():
        done = Job.objects.filter(pk__in=[j.pk for j in everything]).exclude(state__in=["queued", "running"])
        return done.count() == len(everything) and WebhookDelivery.objects.get(pk=delivery.pk).state != "pending"

    wait_until(settled, timeout=30, interval=0.1)
    recovered_in = time.monotonic() - killed_at

    # What was in flight: a translate batch, a back-translate batch, the draft, the delivery.
    assert sorted(phase for _pk, phase in running) == ["back_translate", "draft", "translate"], running
    assert at_kill.deliveries == 1 and at_kill.jobs == 3

    # Every job ended, and succeeded: the work of the killed worker was done by the next one.
    ended = {job.pk: job for job in Job.objects.filter(pk__in=[j.pk for j in everything])}
    assert {(job.state, job.error) for job in ended.values()} == {("succeeded", "")}
    for code in ("ms", "ta"):
        texts = list(
            TargetSegment.objects.filter(text_version=text_of(leaflet, code))
            .order_by("position")
            .values_list("text", "model_draft", "back_translation")
        )
        title = TITLES["Fever at home"][code]
        assert texts == [(title, title, "Fever at home")] + [(row[code], row[code], row["en"]) for row in rows]
    assert Leaflet.objects.count() == leaflets_before + 2  # the translated leaflet and the one draft
    assert ended[draft.pk].result_revision.number == 1

    # Each batch the kill interrupted was queued again once, by the sweep, and said so in the audit trail.
    for pk, _phase in running:
        assert JobBatch.objects.get(pk=pk).recoveries == 1
    requeued = {
        entry["batch"]
        for event in AuditEvent.objects.filter(verb="work.recovered")
        for entry in event.data.get("requeued", [])
    }
    assert requeued == {pk for pk, _phase in running}

    # The delivery was made twice, the killed attempt and the next, under one delivery id, and ended once.
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("succeeded", 2)
    assert [r.headers["X-Workbench-Delivery"] for r in receiver.received] == [str(delivery.delivery_id)] * 2
    assert AuditEvent.objects.filter(verb="webhook.delivered", object_id=str(delivery.pk)).count() == 1

    # Nothing doubled or left behind anywhere: approvals, audit events, publications, texts, the chain.
    assert invariant_violations() == []
    each = {f"{job.kind} job {job.pk}": job.finished_at for job in ended.values()}
    each["webhook delivery"] = delivery.delivered_at
    print(
        f"\n[reliability] worker SIGKILLed: in flight {at_kill.describe()}; "
        f"all recovered in {recovered_in:.1f} s (lease {RECOVERY_ENV['MODEL_BATCH_LEASE_S']} s: "
        + ", ".join(f"{what} {(at - killed_wall).total_seconds():.1f} s" for what, at in each.items())
        + f"); model calls {len(model_server.requests)}, webhook requests {len(receiver.received)}; "
        "lost 0, duplicated 0"
    )
