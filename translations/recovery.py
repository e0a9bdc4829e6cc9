"""Recovery: the database is the record of the work owed; a sweep re-sends what the broker may have lost.

A Celery message only says "look at row N now", and messages get lost: a
worker killed mid-task keeps its messages unacknowledged until Redis's
visibility timeout (an hour); Redis runs without persistence, so a restart
drops every queued message; a message the web could not send while the broker
was down (workbench.queueing) was never there. The rows still say what is
owed, so `recovery_sweep` reads them and sends the messages again:

* a QUEUED batch of a running job nobody claimed RECOVERY_GRACE_S after it
  was due (`JobBatch.due_at`: when it was queued, or when its retry's
  countdown ends, so a retry waiting for its countdown is never sent early);
* a RUNNING batch claimed longer ago than the lease (MODEL_BATCH_LEASE_S): its
  worker died. It is queued again and counted (`JobBatch.recoveries`); one
  found so RECOVERY_MAX_PER_BATCH times already fails its job with the reason
  instead, since a batch that kills every worker running it must not loop;
* a running job none of whose batches is left to run, the last one claimed
  longer ago than the grace: its finishing step was lost, and `finish_job` is
  sent again (a batch that failed on the way fails the job with its reason);
* a job whose work was never planned (still queued, or running without a
  batch, past the grace): failed with a reason a person can act on (queue it
  again). Starting it here would need translations.jobs, which sits above
  the tasks that run this sweep;
* a batch still active of a job that has ended: cancelled;
* a webhook delivery pending past its due time and the grace: sent again
  (review.webhooks' claim decides whether an attempt is made);
* an evaluation run queued past the grace, or running past evaluation.LEASE:
  sent again (evaluation_claim decides, and counts a run taken back from a
  lost worker: one lost RECOVERY_MAX_PER_BATCH times fails with the reason).

A duplicate message is harmless: every task claims its row with a conditional
UPDATE. The sweep asks the database a fixed number of questions however much
is stuck (failing a job is the exception: job_fail audits and re-hashes each
one, and those are rare). Messages are sent by task name, after the changes
commit: this module sits below translations.tasks, which runs the sweep
periodically (workbench/celery.py says how), and above translations.batches.
What a sweep did is logged, and recorded in one audit event (`work.recovered`)
when it did anything.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from review import rules
from review.audit import audit_record
from review.models import WebhookDelivery
from review.webhooks import DELIVER_TASK
from translations import batches, evaluation
from translations.models import EvaluationRun, Job, JobBatch, Provider
from translations.providers import route
from workbench.queueing import send_now

log = logging.getLogger(__name__)

# The tasks' names (translations/tasks.py names its tasks with these): sent by name, never imported.
RUN_BATCH_TASK = "translations.tasks.run_batch"
FINISH_JOB_TASK = "translations.tasks.finish_job"
RUN_DRAFT_JOB_TASK = "translations.tasks.run_draft_job"

# A claim is held for a call and, when the endpoint refuses a dialect parameter, the call made again
# at once (translations.outbound.call_healing). Each call first waits for one of the provider's
# concurrency slots (up to MODEL_SLOT_WAIT_S) with the claim already made, then runs for up to the
# provider's timeout_s: a lease shorter than both together hands a live batch that is only waiting
# its turn to a second worker, and the model is called twice for it.
CALLS_PER_CLAIM = 2


# --- The lease: it must outlast a live worker's call ------------------------------------------
def claim_hold_s(timeout_s: float) -> float:
    """The longest a live worker holds a batch's claim for a call to a provider with this timeout."""
    return CALLS_PER_CLAIM * (settings.MODEL_SLOT_WAIT_S + float(timeout_s))


def lease_problems() -> list[str]:
    """The enabled providers whose calls may outlast MODEL_BATCH_LEASE_S, each named with the figures."""
    lease_s = settings.MODEL_BATCH_LEASE_S
    return [
        f"provider {name!r}: timeout_s={timeout_s:g} with MODEL_SLOT_WAIT_S={settings.MODEL_SLOT_WAIT_S:g} "
        f"lets a call hold its batch for up to {claim_hold_s(timeout_s):g} s, "
        f"not less than MODEL_BATCH_LEASE_S={lease_s:g}"
        for name, timeout_s in Provider.objects.filter(enabled=True).order_by("name").values_list("name", "timeout_s")
        if claim_hold_s(timeout_s) >= lease_s
    ]


def lease_check() -> None:
    """Refuse to run with a lease a live call could outlast: its batch would be run twice, and counted as lost.

    Raises ImproperlyConfigured naming every provider concerned (a worker calls this when it starts).
    """
    problems = lease_problems()
    if problems:
        raise ImproperlyConfigured(
            "MODEL_BATCH_LEASE_S is too short for "
            + "; ".join(problems)
            + ". Raise MODEL_BATCH_LEASE_S above twice (MODEL_SLOT_WAIT_S + the largest timeout_s), "
            "or lower MODEL_SLOT_WAIT_S or that provider's timeout_s."
        )


# --- What a sweep did ----------------------------------------------------------------------------
@dataclass
class RecoveryReport:
    """What one sweep found and did; every list names rows by id."""

    # RUNNING past the lease (the worker lost), queued again: {"batch", "job", "phase", "index", "times"}.
    requeued: list[dict] = field(default_factory=list)
    # QUEUED and unclaimed past the grace: their message sent again.
    resent: list[int] = field(default_factory=list)
    # Ended failed by the sweep: {"job", "reason"}.
    failed_jobs: list[dict] = field(default_factory=list)
    # Every batch done and the job still running: finish_job sent again.
    finished_jobs: list[int] = field(default_factory=list)
    # Draft jobs queued by an earlier version (no batch yet) and never started: run_draft_job sent again.
    started_jobs: list[int] = field(default_factory=list)
    # Still queued or running although their job ended: cancelled.
    cancelled: list[int] = field(default_factory=list)
    deliveries: list[int] = field(default_factory=list)
    evaluations: list[int] = field(default_factory=list)
    sent: int = 0
    unsent: int = 0  # messages the broker did not take: their rows are found again by a later sweep

    @property
    def recovered(self) -> bool:
        return any(
            (
                self.requeued,
                self.resent,
                self.failed_jobs,
                self.finished_jobs,
                self.started_jobs,
                self.cancelled,
                self.deliveries,
                self.evaluations,
            )
        )

    def audit_data(self) -> dict:
        data = {key: value for key, value in asdict(self).items() if value and key not in ("sent", "unsent")}
        data["lease_s"] = settings.MODEL_BATCH_LEASE_S
        data["grace_s"] = settings.RECOVERY_GRACE_S
        return data


@dataclass(frozen=True)
class _Message:
    task: str
    object_id: int
    queue: str | None  # None: the default queue
    what: str  # the row, for the log


# --- The sweep -------------------------------------------------------------------------------------
def recovery_sweep(*, now: datetime | None = None) -> RecoveryReport:
    """Find the work whose message may be lost, send it again, and end what cannot be run; see the module.

    `now` stands for the present (a test looks at the future with it). Call it
    outside a transaction: the messages go out after the changes commit.
    """
    now = now or timezone.now()
    grace = timedelta(seconds=settings.RECOVERY_GRACE_S)
    report = RecoveryReport()
    messages: list[_Message] = []

    # Jobs are failed between the steps, each in its own transaction (job_fail locks the job row, which a
    # worker storing a batch holds before the batch row; the batch step holds batch rows only).
    _fail_jobs(_batches(now=now, grace=grace, report=report, messages=messages), report)
    _fail_jobs(_jobs(now=now, grace=grace, report=report, messages=messages), report)
    _deliveries(now=now, grace=grace, report=report, messages=messages)
    _evaluations(now=now, grace=grace, report=report, messages=messages)

    if report.recovered:
        with transaction.atomic():
            audit_record(actor=None, verb="work.recovered", data=report.audit_data())
    for message in messages:
        if send_now(partial(_publish, message), what=message.what):
            report.sent += 1
        else:
            report.unsent += 1
    if report.recovered:
        log.info(
            "recovery sweep: %s; %d message(s) sent, %d not taken by the broker (found again after the grace)",
            ", ".join(f"{key} {value}" for key, value in report.audit_data().items() if isinstance(value, list)),
            report.sent,
            report.unsent,
        )
    return report


def _publish(message: _Message) -> None:
    options = {"queue": message.queue} if message.queue else {}
    current_app.signature(message.task, args=[message.object_id]).apply_async(**options)


def _batches(*, now: datetime, grace: timedelta, report: RecoveryReport, messages: list) -> dict[int, tuple[str, dict]]:
    """Batches: lost workers (RUNNING past the lease), lost messages (QUEUED past due + grace), ended jobs.

    Returns the jobs to fail (job id -> reason, audit data): those of batches that keep losing their worker.
    """
    to_fail: dict[int, tuple[str, dict]] = {}
    lease = batches.lease()
    active_jobs = [Job.State.QUEUED, Job.State.RUNNING]
    with transaction.atomic():
        # Rows a worker is writing right now are skipped (PostgreSQL): the next sweep sees them settled.
        locked = JobBatch.objects.select_for_update(skip_locked=True, of=("self",))
        lapsed = list(
            locked.filter(state=JobBatch.State.RUNNING, job__state=Job.State.RUNNING, claimed_at__lt=now - lease)
            .order_by("id")
            .values(
                "id", "job_id", "phase", "index", "recoveries", "claimed_at", "provider__name", "provider__timeout_s"
            )
        )
        lost = list(
            locked.filter(state=JobBatch.State.QUEUED, job__state=Job.State.RUNNING, due_at__lt=now - grace)
            .order_by("id")
            .values_list("id", "job_id", "provider__name")
        )
        orphans = list(
            locked.filter(Q(state=JobBatch.State.QUEUED) | Q(state=JobBatch.State.RUNNING, claimed_at__lt=now - lease))
            .exclude(job__state__in=active_jobs)
            .order_by("id")
            .values_list("id", flat=True)
        )

        requeue: list[Any] = []
        poison: list[Any] = []
        for row in lapsed:
            # A provider whose timeout was raised after the workers started: its live calls are not lost yet.
            held_since = now - timedelta(seconds=claim_hold_s(row["provider__timeout_s"] or 0))
            if row["claimed_at"] is None or row["claimed_at"] >= held_since:
                continue
            (poison if row["recoveries"] >= settings.RECOVERY_MAX_PER_BATCH else requeue).append(row)
        if requeue:
            JobBatch.objects.filter(pk__in=[row["id"] for row in requeue], state=JobBatch.State.RUNNING).update(
                state=JobBatch.State.QUEUED, due_at=now, recoveries=F("recoveries") + 1
            )
        # One UPDATE per number of losses (all the same, unless the limit was lowered meanwhile).
        for lost_times in sorted({row["recoveries"] + 1 for row in poison}):
            reason = _(
                "A worker was lost %(n)d times while running part of this job; that part was not run again, "
                "as it may be what stops the workers. You can re-queue the job."
            ) % {"n": lost_times}
            rows = [row for row in poison if row["recoveries"] + 1 == lost_times]
            JobBatch.objects.filter(pk__in=[row["id"] for row in rows], state=JobBatch.State.RUNNING).update(
                state=JobBatch.State.FAILED, error=reason
            )
            for row in rows:
                where = {"batch": row["id"], "phase": row["phase"], "index": row["index"], "lost": lost_times}
                to_fail.setdefault(row["job_id"], (reason, where))
        if lost:
            JobBatch.objects.filter(pk__in=[pk for pk, _job, _provider in lost], state=JobBatch.State.QUEUED).update(
                due_at=now
            )
        if orphans:
            JobBatch.objects.filter(pk__in=orphans).filter(rules.job_active()).update(state=JobBatch.State.CANCELLED)

    for row in requeue:
        report.requeued.append(
            {
                "batch": row["id"],
                "job": row["job_id"],
                "phase": row["phase"],
                "index": row["index"],
                "times": row["recoveries"] + 1,
            }
        )
        log.warning(
            "recovery: batch %s of job %s (%s %s) was still running %s after its claim: its worker was lost; "
            "queued again (time %d)",
            row["id"],
            row["job_id"],
            row["phase"],
            row["index"],
            now - (row["claimed_at"] or now),
            row["recoveries"] + 1,
        )
        messages.append(_batch_message(row["id"], row["provider__name"]))
    for pk, job_id, provider in lost:
        report.resent.append(pk)
        log.warning("recovery: batch %s of job %s was queued but never claimed; its message is sent again", pk, job_id)
        messages.append(_batch_message(pk, provider))
    report.cancelled.extend(orphans)
    return to_fail


def _batch_message(batch_id: int, provider_name: str | None) -> _Message:
    queue = Provider(name=provider_name).queue if provider_name else None
    return _Message(RUN_BATCH_TASK, batch_id, queue, f"batch {batch_id}")


def _jobs(*, now: datetime, grace: timedelta, report: RecoveryReport, messages: list) -> dict[int, tuple[str, dict]]:
    """Jobs: finished work whose finishing step was lost, and work that was never planned (returned, to fail)."""
    to_fail: dict[int, tuple[str, dict]] = {}
    cutoff = now - grace
    interrupted = _("The job was interrupted before its work was sent to the model. You can re-queue the job.")
    active = Q(batches__state__in=rules.JOB_ACTIVE_STATES)
    settled = list(
        Job.objects.filter(state=Job.State.RUNNING)
        .annotate(
            active=Count("batches", filter=active),
            failed=Count("batches", filter=Q(batches__state=JobBatch.State.FAILED)),
            total=Count("batches"),
            since=Coalesce(Max("batches__claimed_at"), "started_at", "created_at"),
        )
        .filter(active=0, since__lt=cutoff)
        .order_by("id")
        .values("id", "kind", "provider_id", "language", "failed", "total")
    )
    failures: dict[int, str] = {}
    if any(row["failed"] for row in settled):
        for job_id, error in (
            JobBatch.objects.filter(
                job_id__in=[row["id"] for row in settled if row["failed"]], state=JobBatch.State.FAILED
            )
            .order_by("id")
            .values_list("job_id", "error")
        ):
            failures.setdefault(job_id, error)
    unplanned = {row["language"] for row in settled if row["kind"] == Job.Kind.TRANSLATE and not row["total"]}
    # One question per language (there are four), not per job.
    has_model = {language: bool(route(kind="translate", language=language)) for language in unplanned}
    for row in settled:
        if row["failed"]:
            # The batch failed and its worker was lost before it failed the job (translations.batches._give_up).
            to_fail[row["id"]] = (failures.get(row["id"]) or interrupted, {"finish": "a batch failed"})
        elif row["kind"] == Job.Kind.TRANSLATE and (
            row["total"] or (row["provider_id"] is None and not has_model[row["language"]])
        ):
            # Every batch is done (or, without a model, there was none to do): the finishing step was lost.
            report.finished_jobs.append(row["id"])
            log.warning("recovery: job %s has no batch left to run but is still running; finishing it", row["id"])
            messages.append(_Message(FINISH_JOB_TASK, row["id"], None, f"the finishing of job {row['id']}"))
        else:
            to_fail[row["id"]] = (interrupted, {"finish": "no batch was planned"})

    for job_id, kind in (
        Job.objects.filter(state=Job.State.QUEUED, created_at__lt=cutoff).order_by("id").values_list("id", "kind")
    ):
        if kind == Job.Kind.DRAFT:
            # Queued by an earlier version, before drafts had batches: translations.batches.draft_run starts it.
            report.started_jobs.append(job_id)
            messages.append(_Message(RUN_DRAFT_JOB_TASK, job_id, None, f"draft job {job_id}"))
        else:
            # translations.jobs.translation_job_start runs in the request that queued the job: that request died.
            to_fail[job_id] = (interrupted, {"start": "never started"})
    return to_fail


def _fail_jobs(to_fail: dict[int, tuple[str, dict]], report: RecoveryReport) -> None:
    for job_id, (reason, data) in to_fail.items():
        if batches.job_fail(job_id=job_id, reason=reason, data={"recovery": data}):
            report.failed_jobs.append({"job": job_id, "reason": reason})
            log.warning("recovery: job %s failed: %s", job_id, reason)


def _deliveries(*, now: datetime, grace: timedelta, report: RecoveryReport, messages: list) -> None:
    """Webhook deliveries due longer ago than the grace and still pending: their message was lost."""
    cutoff = now - grace
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(state=WebhookDelivery.State.PENDING, next_attempt_at__lt=cutoff)
            .order_by("id")
            .values_list("id", flat=True)
        )
        if due:
            # Still due (the claim takes a delivery due now), but not found again until the grace passes.
            WebhookDelivery.objects.filter(
                pk__in=due, state=WebhookDelivery.State.PENDING, next_attempt_at__lt=cutoff
            ).update(next_attempt_at=now)
    for pk in due:
        report.deliveries.append(pk)
        log.warning("recovery: webhook delivery %s is overdue and nobody is sending it; its message is sent again", pk)
        messages.append(_Message(DELIVER_TASK, pk, None, f"webhook delivery {pk}"))


def _evaluations(*, now: datetime, grace: timedelta, report: RecoveryReport, messages: list) -> None:
    """Evaluation runs queued longer than the grace, or running longer than their own lease."""
    runs = list(
        EvaluationRun.objects.filter(
            Q(state=EvaluationRun.State.QUEUED, created_at__lt=now - grace)
            | Q(state=EvaluationRun.State.RUNNING, started_at__lt=now - evaluation.LEASE)
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    for pk in runs:
        report.evaluations.append(pk)
        log.warning("recovery: evaluation run %s is queued or running for too long; its message is sent again", pk)
        messages.append(_Message(evaluation.RUN_TASK, pk, None, f"evaluation run {pk}"))
