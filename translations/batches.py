"""Running model jobs' batches: claim, call, store; retrying, failing and finishing.

Every model call a job makes is one JobBatch row: some segments to translate
or back-translate, or a draft (phase "draft", no segments). Running one has
three steps:

* claim: a conditional UPDATE (queued -> running, or a running batch whose
  lease lapsed because its worker died) and a row-count check, so a message
  delivered twice (acks_late redelivery, a retry racing a redelivery, a
  re-send by the recovery sweep, translations/recovery.py) runs once;
* call: build the request (the PHI guard first), call the model through
  `llm.call_model` (under the provider's Redis concurrency slot), parse the reply;
* store: write the result under a second conditional UPDATE (running -> succeeded).

A call that goes wrong raises one of llm's exceptions, handled in one place,
`_after_failure`, for every kind of batch: a cut-off reply splits the batch, a
malformed reply is retried once (counted on its own, apart from transport
attempts), a retryable failure backs off (never sooner than the endpoint's
Retry-After) up to MODEL_MAX_ATTEMPTS and then moves to the next provider on
the route, anything else fails the job. A job ends through `job_fail` or
`_job_succeed`, whatever its kind.

This module never sends a Celery message: it sits below translations/tasks.py,
which calls it, and says what to send next in the BatchOutcome it returns
(a retry, the batches a split created, the back-translation that follows a
translation). translations/jobs.py, above the tasks, queues new work.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from review import rules
from review.audit import audit_record
from review.notifications import notify_reviewers
from translations import dialects, dual_forward, evaluation, llm, outbound, phi_allow
from translations.models import Job, JobBatch, Provider, TargetSegment, TextVersion
from translations.phi import PhiBlocked, PlaceholderMismatch, guard_outbound
from translations.providers import call_cost, effective_phi_policy, provider_may_send_unredacted, route
from translations.qa_runner import qa_run_for_text_version
from translations.text_versions import text_version_apply_translations, text_version_rehash
from workbench import retrieval
from workbench.models import Citation, Revision, Segment
from workbench.services import SegmentInput, leaflet_create, revision_save

log = logging.getLogger(__name__)


# The phase of a draft job's one batch. Not (yet) among JobBatch.Phase's
# choices, which only label rows in the admin: the column takes any string.
DRAFT = "draft"
ROUTE_KIND = {JobBatch.Phase.TRANSLATE: "translate", JobBatch.Phase.BACK_TRANSLATE: "back_translate", DRAFT: "draft"}


# The claim this task execution made last (batch id, its claimed_at): after a database error the task
# retries holding it (translations/tasks.py), since its own earlier claim would otherwise keep the batch
# RUNNING until the lease lapses (15 minutes by default) with nobody working on it.
_held_claim: contextvars.ContextVar[tuple[int, datetime] | None] = contextvars.ContextVar("held_claim", default=None)


def claim_held() -> tuple[int, datetime] | None:
    return _held_claim.get()


def claim_forget() -> None:
    _held_claim.set(None)


def lease() -> timedelta:
    """A RUNNING batch claimed longer ago than this belongs to a worker that died (settings.MODEL_BATCH_LEASE_S)."""
    return timedelta(seconds=settings.MODEL_BATCH_LEASE_S)


def _provider(batch: JobBatch) -> Provider:
    assert batch.provider is not None, "every batch is created with its provider"
    return batch.provider


def _text_of(job: Job) -> TextVersion:
    assert job.text_version is not None, "a translation job belongs to a text version"
    return job.text_version


# --- Ending a job: the one way to fail, the one way to succeed -------------------------------
def job_fail(*, job_id: int, reason: str, data: dict | None = None) -> bool:
    """Fail a job unless it already finished; True if this call failed it."""
    with transaction.atomic():
        failed = Job.objects.filter(rules.job_active(), pk=job_id).update(
            state=Job.State.FAILED, error=reason, finished_at=timezone.now()
        )
        JobBatch.objects.filter(job_id=job_id, state=JobBatch.State.QUEUED).update(state=JobBatch.State.CANCELLED)
        if failed:
            job = Job.objects.select_related("leaflet").get(pk=job_id)
            if job.text_version_id:
                tv = TextVersion.objects.select_for_update(no_key=True).get(pk=job.text_version_id)
                text_version_rehash(text_version=tv)
            audit_record(
                actor=None,
                verb="job.failed",
                leaflet=job.leaflet,
                obj=job,
                data={"kind": job.kind, "reason": reason, "attempts": job.attempts, **(data or {})},
            )
    return bool(failed)


def _job_succeed(job: Job, *, data: dict | None = None, **fields) -> bool:
    """Mark a running job succeeded and record it. Call inside a transaction holding the job row."""
    if not Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.SUCCEEDED, finished_at=timezone.now(), **fields
    ):
        return False
    job = Job.objects.select_related("leaflet", "provider").get(pk=job.pk)  # as it is now, with what the audit names
    audit_record(
        actor=None,
        verb="job.succeeded",
        leaflet=job.leaflet,
        obj=job,
        data={
            "kind": job.kind,
            "language": job.language,
            "provider": job.provider.name if job.provider else None,
            "model": job.reported_model or None,
            "prompt_version": job.prompt_version,
            "tokens_in": job.tokens_in,
            "tokens_out": job.tokens_out,
            "tokens_reasoning": job.tokens_reasoning,
            "cost": str(job.cost),
            **(data or {}),
        },
    )
    # A provider now answering as another model than it was evaluated as (EVALUATION_AUTO_REVALIDATE).
    evaluation.revalidation_queue_for_job(job=job)
    return True


def job_finish_if_done(*, job_id: int) -> None:
    """When no batch of a translation job is left to run, finish it: hash, QA, state, audit.

    Safe to call from every batch, and the only finish of translation jobs,
    with or without a model (segments left empty are named in the job's note).
    """
    with transaction.atomic():
        job = Job.objects.select_for_update(no_key=True, of=("self",)).get(pk=job_id)
        if job.state != Job.State.RUNNING or JobBatch.objects.filter(rules.job_active(), job=job).exists():
            return
        tv = (
            TextVersion.objects.select_for_update(no_key=True, of=("self",))
            .select_related("revision__leaflet")
            .get(pk=_text_of(job).pk)
        )
        text_version_rehash(text_version=tv)
        qa_run_for_text_version(text_version=tv)
        remaining = TargetSegment.objects.filter(rules.untranslated(), text_version=tv).count()
        note = ""
        if remaining and job.provider_id is None:
            # Stored as a fixed sentence, so the job panel can show it in each reader's language (a count
            # inside it would make every job's note a different msgid); the count is in the audit data.
            note = _("No model endpoint is configured: the segments left empty need human translation.")
        _job_succeed(job, error=note, data={"content_hash": tv.content_hash, "needs_human": remaining})
        # A job that only back-translated a reviewer's edit does not announce the text again.
        if tv.state == TextVersion.State.IN_REVIEW and "edited" not in (job.brief or {}):
            transaction.on_commit(lambda: notify_reviewers(text_version=tv))


def _next_index(job_id: int, phase: str) -> int:
    """Call with the job row locked."""
    return (JobBatch.objects.filter(job_id=job_id, phase=phase).aggregate(m=Max("index"))["m"] or 0) + 1


# --- Running a batch: claim, call, store -------------------------------------------------------
@dataclass
class BatchOutcome:
    """What the task does next: send messages, run a follow-up here, run this batch again."""

    retry_in: float | None = None  # seconds, when the task should run the batch again
    follow_up: int | None = None  # a batch the same task may run at once (it is in `send` too)
    queue: str = ""  # the queue to run it on, when not the one it came from
    # (batch id, queue) of batches this run created, committed already: their
    # messages must be sent even when the follow-up runs here, so a worker
    # that dies now loses nothing (the batch claim lets only one run it).
    send: list[tuple[int, str]] = field(default_factory=list)


class _Refused(Exception):
    """The batch must not be sent (the job fails with this reason)."""


@dataclass
class _Request:
    """What a batch sends, how its reply is read, and what the store step needs to know."""

    messages: list[dict]
    parse: Callable[[str], Any]
    context: dict = field(default_factory=dict)
    schema: dict | None = None  # the reply's shape, asked for where the endpoint's dialect can (still validated)
    schema_name: str = "reply"


def batch_run(*, batch_id: int, reclaim: datetime | None = None) -> BatchOutcome:
    """Run one batch. Every failure ends in the outcome (run again) or in the job's state, never raised.

    `reclaim`: the claimed_at of the claim this task made before a database error interrupted it.
    """
    batch = _claim(batch_id, reclaim)
    if batch is None:
        return BatchOutcome()
    try:
        request = _draft_request(batch) if batch.phase == DRAFT else _segments_request(batch)
    except PhiBlocked as blocked:
        _give_up(batch, str(blocked), data={"phi": [loc.as_audit_dict() for loc in blocked.locations]})
        with transaction.atomic():
            audit_record(
                actor=None,
                verb="phi.blocked",
                leaflet=batch.job.leaflet,
                obj=batch.job,
                data={"kind": batch.job.kind, "found": [loc.as_audit_dict() for loc in blocked.locations]},
            )
        return BatchOutcome()
    except _Refused as refused:
        _give_up(batch, str(refused))
        return BatchOutcome()
    if request is None:  # its segments are gone (nothing to send)
        _store_nothing(batch)
        return BatchOutcome()
    try:
        result, parsed = _call(batch, request)
    except (llm.ModelError, PlaceholderMismatch) as exc:
        return _after_failure(batch, exc)
    if batch.phase == DRAFT:
        return _store_draft(batch, result, parsed)
    if batch.phase == JobBatch.Phase.TRANSLATE:
        return _store_translation(batch, request, result, parsed)
    return _store_back_translation(batch, request, result, parsed)


def _claim(batch_id: int, reclaim: datetime | None = None) -> JobBatch | None:
    now = timezone.now()
    claimed = JobBatch.objects.filter(pk=batch_id, job__state=Job.State.RUNNING, state=JobBatch.State.QUEUED).update(
        state=JobBatch.State.RUNNING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed and reclaim is not None:
        # The same task, back after a database error: its claim is still the batch's own (nobody took
        # it over: a takeover rewrites claimed_at). Not another attempt: the endpoint did not fail.
        claimed = JobBatch.objects.filter(
            pk=batch_id, job__state=Job.State.RUNNING, state=JobBatch.State.RUNNING, claimed_at=reclaim
        ).update(claimed_at=now)
    if not claimed:
        # A redelivered message for a batch whose worker died keeps the lease expiry as its only way back in.
        claimed = JobBatch.objects.filter(
            pk=batch_id, job__state=Job.State.RUNNING, state=JobBatch.State.RUNNING, claimed_at__lt=now - lease()
        ).update(claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    _held_claim.set((batch_id, now))
    return JobBatch.objects.select_related("job__text_version__revision__leaflet", "job__leaflet", "provider").get(
        pk=batch_id
    )


def _call(batch: JobBatch, request: _Request) -> tuple[llm.CallResult, Any]:
    """Call the model and read the reply; the tokens of a reply that cannot be used are still counted."""
    result = _call_healing(batch, request)
    try:
        return result, request.parse(result.content)
    except (llm.MalformedReply, PlaceholderMismatch):
        _add_usage(batch, result)
        raise


def _call_healing(batch: JobBatch, request: _Request) -> llm.CallResult:
    """The call, healing refused dialect parameters (outbound.call_healing); a cut-off reply's tokens still count."""
    try:
        return outbound.call_healing(
            _provider(batch), messages=request.messages, schema=request.schema, schema_name=request.schema_name
        )
    except llm.TruncatedReply as cut:
        _add_usage(batch, cut.result)
        raise


def _add_usage(batch: JobBatch, result: llm.CallResult, *, succeeded: bool = False, **job_fields) -> bool:
    """Count a call's tokens and cost on the batch and its job (with `job_fields`, in the same UPDATE).

    succeeded=True is the store step's claim as well (call it inside the
    store's transaction): running -> succeeded, or nothing when the batch is
    no longer running (cancelled, or stored by another delivery).
    """
    rows = JobBatch.objects.filter(pk=batch.pk)
    fields: dict = {
        "tokens_in": F("tokens_in") + result.tokens_in,
        "tokens_out": F("tokens_out") + result.tokens_out,
        "tokens_reasoning": F("tokens_reasoning") + result.tokens_reasoning,
    }
    if succeeded:
        rows = rows.filter(state=JobBatch.State.RUNNING)
        fields.update(state=JobBatch.State.SUCCEEDED, reported_model=result.reported_model)
    if not rows.update(**fields):
        return False
    Job.objects.filter(pk=batch.job_id).update(
        tokens_in=F("tokens_in") + result.tokens_in,
        tokens_out=F("tokens_out") + result.tokens_out,
        tokens_reasoning=F("tokens_reasoning") + result.tokens_reasoning,
        cost=F("cost") + call_cost(_provider(batch), result.tokens_in, result.tokens_out),
        **job_fields,
    )
    return True


# --- Failures: one path for every kind of batch ------------------------------------------------
def _after_failure(batch: JobBatch, exc: Exception) -> BatchOutcome:
    batch.refresh_from_db(fields=["attempts", "malformed_replies", "segment_keys"])
    if isinstance(exc, llm.TruncatedReply):
        return _split(batch, str(exc))
    if isinstance(exc, (llm.MalformedReply, PlaceholderMismatch)):
        if batch.malformed_replies >= 1:
            return _give_up(
                batch, _("The model's reply was malformed twice: %(reason)s") % {"reason": exc}, error=str(exc)
            )
        return _run_again(batch, reason=str(exc), retry_in=0.0, malformed=True)
    if isinstance(exc, llm.RetryableModelError):
        # Claims that ended in a malformed reply are that counter's, not transport attempts.
        attempts = batch.attempts - batch.malformed_replies
        # An endpoint that asks for a longer wait than our own backoff ever takes is left at once for the
        # next provider on the route, if there is one: the text should not wait an hour for one endpoint
        # while another can write it now.
        fallback = None
        if attempts >= settings.MODEL_MAX_ATTEMPTS or llm.asks_longer_wait(exc):
            fallback = _fallback_provider(
                kind=ROUTE_KIND[batch.phase],
                language=batch.job.language,
                current=_provider(batch),
                avoid=dual_forward.other_slot_providers(batch),
            )
        if fallback is None and attempts < settings.MODEL_MAX_ATTEMPTS:
            # Nobody else to ask, or attempts left here: wait as long as the endpoint said, never less.
            return _run_again(batch, reason=str(exc), retry_in=llm.retry_delay(attempts, exc.retry_after))
        if fallback is not None:
            # The next provider on the route gets its own full set of attempts.
            return _run_again(
                batch,
                reason=_("%(reason)s Switched to %(provider)s.") % {"reason": exc, "provider": fallback.name},
                retry_in=0.0,
                provider=fallback,
            )
        return _give_up(
            batch,
            _("%(reason)s Gave up after %(n)d attempts; you can re-queue the job.") % {"reason": exc, "n": attempts},
            error=str(exc),
        )
    return _give_up(batch, str(exc))  # a final error: 400, 401, 403, 404 will not pass on a retry


def _run_again(
    batch: JobBatch, *, reason: str, retry_in: float, malformed: bool = False, provider: Provider | None = None
) -> BatchOutcome:
    # Due when the countdown ends: the recovery sweep leaves a retry alone until then.
    fields: dict = {
        "state": JobBatch.State.QUEUED,
        "error": reason,
        "due_at": timezone.now() + timedelta(seconds=retry_in),
    }
    if malformed:
        fields["malformed_replies"] = F("malformed_replies") + 1
    if provider is not None:
        fields.update(provider=provider, attempts=0, malformed_replies=0)
    with transaction.atomic():
        if not _job_still_running(batch):
            return BatchOutcome()
        if not JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(**fields):
            return BatchOutcome()
        job_fields: dict = {"attempts": F("attempts") + 1}
        if provider is not None and batch.phase != JobBatch.Phase.BACK_TRANSLATE and batch.slot in ("", "a"):
            # The job's text now comes from this provider (a dual job names slot a's; slot b's is on its batches).
            job_fields["provider"] = provider
        Job.objects.filter(pk=batch.job_id).update(**job_fields)
        if provider is not None:
            # Which model wrote a text is part of the record: the switch, and why, not only its outcome.
            audit_record(
                actor=None,
                verb="job.provider_switched",
                leaflet=batch.job.leaflet,
                obj=batch.job,
                data={
                    "batch": batch.pk,
                    "phase": batch.phase,
                    "slot": batch.slot,
                    "from": _provider(batch).name,
                    "to": provider.name,
                    "reason": reason,
                },
            )
    return BatchOutcome(retry_in=retry_in, queue=provider.queue if provider is not None else "")


def _job_still_running(batch: JobBatch) -> bool:
    """Lock the batch's job row; when the job ended meanwhile (another batch failed it), cancel this batch.

    Call inside a transaction, before queueing the batch (or its halves) again: job_fail cancels the
    queued batches of the job it ends under the same row lock, so a batch queued again after it would
    be left queued under an ended job.
    """
    state = Job.objects.select_for_update(no_key=True).filter(pk=batch.job_id).values_list("state", flat=True).first()
    if state == Job.State.RUNNING:
        return True
    JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(state=JobBatch.State.CANCELLED)
    return False


def _give_up(batch: JobBatch, reason: str, *, error: str | None = None, data: dict | None = None) -> BatchOutcome:
    JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(
        state=JobBatch.State.FAILED, error=error or reason
    )
    job_fail(job_id=batch.job_id, reason=reason, data={"provider": _provider(batch).name, **(data or {})})
    return BatchOutcome()


def _split(batch: JobBatch, reason: str) -> BatchOutcome:
    keys = batch.segment_keys
    if batch.phase == DRAFT:
        return _give_up(batch, _("The draft was cut off by the model's token limit; raise max_tokens."), error=reason)
    if len(keys) < 2:
        return _give_up(
            batch,
            _("A single segment is too long for the model's token limit (%(reason)s).") % {"reason": reason},
            error=reason,
        )
    half = len(keys) // 2
    created = []
    with transaction.atomic():
        if not _job_still_running(batch):
            return BatchOutcome()
        if not JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(
            state=JobBatch.State.SPLIT, error=reason
        ):
            return BatchOutcome()
        for chunk in (keys[:half], keys[half:]):
            created.append(
                JobBatch.objects.create(
                    job_id=batch.job_id,
                    phase=batch.phase,
                    index=_next_index(batch.job_id, batch.phase),
                    segment_keys=chunk,
                    provider=batch.provider,
                    slot=batch.slot,  # half of a dual translation's slot stays that slot
                )
            )
    return BatchOutcome(send=[(half_batch.pk, _provider(half_batch).queue) for half_batch in created])


def _fallback_provider(
    *, kind: str, language: str, current: Provider, avoid: set[int] | frozenset[int] = frozenset()
) -> Provider | None:
    """The provider after `current` on the route for this kind and language, if any, skipping `avoid`
    (the other slot's provider of a dual forward translation: one provider must not write both versions)."""
    providers = route(kind=kind, language=language)
    ids = [p.pk for p in providers]
    if current.pk in ids:
        for provider in providers[ids.index(current.pk) + 1 :]:
            if provider.pk not in avoid:
                return provider
    return None


# --- Translation and back-translation batches ----------------------------------------------------
def _segments_request(batch: JobBatch) -> _Request | None:
    job, provider = batch.job, _provider(batch)
    tv = _text_of(job)
    leaflet = tv.revision.leaflet
    keys = [uuid.UUID(k) for k in batch.segment_keys]
    segments = {
        s.key: s for s in TargetSegment.objects.filter(text_version=tv, key__in=keys).select_related("source_segment")
    }
    if batch.phase == JobBatch.Phase.TRANSLATE:
        ids = {f"s{i + 1}": key for i, key in enumerate(keys) if key in segments}
        texts = {sid: segments[key].source_segment.text for sid, key in ids.items()}
        source, target, version = leaflet.source_language_id, tv.language_id, llm.TRANSLATE_VERSION
        glossary = outbound.glossary_in(texts.values(), source, target)
    else:
        # A segment emptied by a reviewer since has nothing to back-translate.
        ids = {f"s{i + 1}": key for i, key in enumerate(keys) if key in segments and segments[key].text}
        texts = {sid: segments[key].text for sid, key in ids.items()}
        source, target, version = tv.language_id, leaflet.source_language_id, llm.BACK_TRANSLATE_VERSION
        glossary = []  # the back-translation must not be steered towards the original wording
    if not texts:
        return None

    # Name segments as the editor and the review screen do: "title", then the body from 1 (revisions from
    # before title segments have none and count from their first segment).
    has_title = (
        any(s.source_segment.kind == "title" for s in segments.values())
        or tv.revision.segments.filter(kind="title").exists()
    )
    offset = 0 if has_title else 1
    labels = {
        sid: "title"
        if segments[ids[sid]].source_segment.kind == "title"
        else f"segment {segments[ids[sid]].position + offset}"
        for sid in texts
    }
    # The guard, the messages and the reply's reading: one home with the evaluations (translations.outbound).
    request = outbound.segments_request(
        provider=provider,
        source=source,
        target=target,
        version=version,
        texts=texts,
        labels=labels,
        glossary=glossary,
        leaflet_id=leaflet.pk,
    )
    return _Request(
        messages=request.messages,
        parse=request.parse,
        context={"ids": ids, "segments": segments, "texts": texts},
        schema=request.schema,
        schema_name=request.schema_name,
    )


def _store_translation(
    batch: JobBatch, request: _Request, result: llm.CallResult, translated: dict[str, str]
) -> BatchOutcome:
    if batch.slot:
        return _store_forward_version(batch, request, result, translated)
    ids = request.context["ids"]
    job, tv = batch.job, _text_of(batch.job)
    stored = {ids[sid]: text for sid, text in translated.items()}
    with transaction.atomic():
        # The job row lock orders concurrent batches of one job (index numbering, progress, finishing).
        running = Job.objects.select_for_update(no_key=True).filter(pk=job.pk, state=Job.State.RUNNING).exists()
        progress = {"progress_done": F("progress_done") + len(stored), "reported_model": result.reported_model}
        if not _add_usage(batch, result, succeeded=True, **(progress if running else {})) or not running:
            return BatchOutcome()
        text_version_apply_translations(
            text_version=tv,
            translations=stored,
            origin=TargetSegment.Origin.MODEL,
            model_name=result.reported_model,
            run_qa=False,
        )
        back = route(kind="back_translate", language=tv.language_id) or [_provider(batch)]
        follow = JobBatch.objects.create(
            job=job,
            phase=JobBatch.Phase.BACK_TRANSLATE,
            index=_next_index(job.pk, JobBatch.Phase.BACK_TRANSLATE),
            segment_keys=[str(k) for k in stored],
            provider=back[0],
        )
    # Sent for durability, and run by this task at once without the queue hop.
    return BatchOutcome(follow_up=follow.pk, queue=back[0].queue, send=[(follow.pk, back[0].queue)])


def _store_back_translation(
    batch: JobBatch, request: _Request, result: llm.CallResult, translated: dict[str, str]
) -> BatchOutcome:
    # The QA check's own scorer (sacrebleu chrF with its normalisation), so
    # the figure reviewers see is the one the threshold was calibrated on.
    from translations.qa.checks.back_translation import score

    ids, segments, texts = request.context["ids"], request.context["segments"], request.context["texts"]
    source_language = _text_of(batch.job).revision.leaflet.source_language_id
    rows = []
    for sid, back in translated.items():
        segment = segments[ids[sid]]
        rows.append((segment.pk, texts[sid], back, round(score(back, segment.source_segment.text, source_language), 1)))
    with transaction.atomic():
        if not _add_usage(batch, result, succeeded=True):
            return BatchOutcome()
        # Only where the text is still the one that was sent: a reviewer's
        # edit meanwhile cleared the old figures and queued its own. One
        # prepared statement for the batch (the ORM's CASE WHEN for thirty
        # rows costs more to build than to run).
        with connection.cursor() as cursor:
            cursor.executemany(_set_back_translation_sql(), [(back, chrf, pk, text) for pk, text, back, chrf in rows])
    job_finish_if_done(job_id=batch.job_id)
    return BatchOutcome()


@functools.cache
def _set_back_translation_sql() -> str:
    quote = connection.ops.quote_name
    column = {
        field.name: quote(field.column)
        for field in TargetSegment._meta.concrete_fields
        if field.name in ("id", "text", "back_translation", "back_translation_chrf")
    }
    return (
        f"UPDATE {quote(TargetSegment._meta.db_table)} SET {column['back_translation']} = %s, "
        f"{column['back_translation_chrf']} = %s WHERE {column['id']} = %s AND {column['text']} = %s"
    )


def _store_nothing(batch: JobBatch) -> None:
    JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(state=JobBatch.State.SUCCEEDED)
    job_finish_if_done(job_id=batch.job_id)


# --- Draft jobs: one batch, phase "draft" -------------------------------------------------------
def _brief_pieces(brief: dict) -> dict[str, str]:
    pieces = {}
    for key, value in brief.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                pieces[f"brief {key} {i + 1}"] = str(item)
        else:
            pieces[f"brief {key}"] = str(value)
    return pieces


# The brief's fields that say what the leaflet is about: each is a query of its own, so every key
# message finds its passages (one long query would match only passages that say everything at once).
# The audience, reading level and emergency contacts describe readers and numbers, not facts to ground.
_QUERY_FIELDS = ("topic", "key_messages", "actions", "seek_help")


def _brief_queries(brief: dict) -> list[str]:
    queries = []
    for key in _QUERY_FIELDS:
        value = brief.get(key)
        for item in value if isinstance(value, list) else [value]:
            if item and str(item).strip():
                queries.append(str(item).strip())
    return list(dict.fromkeys(queries))


def _draft_passages(brief: dict, language: str, limit: int) -> list[retrieval.Hit]:
    """The passages for a brief, best first: the best hit of each query in turn, then the second best...

    In the draft's language, and in English too when the draft is in another
    one (most guidelines are in English). Taking each query's hits in turn
    grounds every key message rather than the topic alone.
    """
    if limit <= 0:
        return []
    languages = [language] if language == "en" else [language, "en"]
    ranked = [
        retrieval.search(query, language=code, limit=limit) for query in _brief_queries(brief) for code in languages
    ]
    chosen: dict[int, retrieval.Hit] = {}
    for rank in range(limit):
        for hits in ranked:
            if rank < len(hits) and hits[rank].passage_id not in chosen:
                chosen[hits[rank].passage_id] = hits[rank]
                if len(chosen) == limit:
                    return list(chosen.values())
    return list(chosen.values())


@dataclass(frozen=True)
class _DraftParsed:
    """A validated draft reply with the passages that were sent for it (what its citations may name)."""

    reply: llm.DraftReply
    passages: dict[str, retrieval.Hit]  # "P12" -> the hit that was sent
    withheld: list[int]  # passage ids the PHI guard kept back


def _draft_request(batch: JobBatch) -> _Request:
    job, provider = batch.job, _provider(batch)
    brief = job.brief.get("brief", {})
    names = phi_allow.guard_names(leaflet_id=job.leaflet_id)
    guarded = guard_outbound(
        pieces=_brief_pieces(brief),
        policy=effective_phi_policy(provider),
        on_premises=provider_may_send_unredacted(provider),
        **names,
    )
    if guarded.placeholders:
        raise _Refused(_("The brief contains identifiers; remove them before drafting."))
    hits = _draft_passages(brief, job.language, settings.DRAFT_PASSAGES)
    pieces = {f"P{hit.passage_id}": hit.text for hit in hits}
    withheld: list[int] = []
    try:
        # Always "block", whatever the provider's policy: a source is not the author's text to redact,
        # and a passage carrying an identifier (a patient's story in a guideline) is simply not sent.
        guard_outbound(pieces=pieces, policy="block", **names)
    except PhiBlocked as blocked:
        withheld = sorted({int(loc.label[1:]) for loc in blocked.locations})
    sent = {f"P{hit.passage_id}": hit for hit in hits if hit.passage_id not in withheld}
    ids = frozenset(sent)

    def parse(content: str) -> _DraftParsed:
        reply = llm.parse_draft_reply(
            content, max_segments=settings.MAX_SEGMENTS, max_chars=settings.MAX_SEGMENT_CHARS, passage_ids=ids
        )
        return _DraftParsed(reply=reply, passages=sent, withheld=withheld)

    return _Request(
        messages=llm.draft_messages(
            language=job.language, brief=brief, passages={pid: hit.text for pid, hit in sent.items()}
        ),
        parse=parse,
        schema=dialects.draft_schema(list(Segment.Kind.values), list(sent)),
        schema_name="leaflet_draft",
    )


def _store_draft(batch: JobBatch, result: llm.CallResult, parsed: _DraftParsed) -> BatchOutcome:
    job = batch.job
    payload = job.brief
    brief = payload.get("brief", {})
    title, segments = parsed.reply.title, parsed.reply.segments
    # The title becomes the revision's title segment: the author's working
    # title, else the model's. A "title" item the model put among the segments
    # is that title again (dropped) or, when it says something else, a heading:
    # a revision has exactly one title. An opening heading that only repeats
    # the title is dropped too (patients would read it twice).
    draft_title = (payload.get("title") or title).strip()
    inputs: list[SegmentInput] = []
    cited: list[list[str]] = []  # per input, the passage ids its segment cites
    for (kind, text), citations in zip(segments, parsed.reply.citations, strict=True):
        repeats_title = " ".join(text.split()).casefold() == " ".join(draft_title.split()).casefold()
        if repeats_title and (kind == "title" or (kind == "heading" and not inputs)):
            continue
        inputs.append(SegmentInput(kind="heading" if kind == "title" else kind, text=text))
        cited.append(citations)
    # The revision says whether the draft had sources to stand on.
    note = "Drafted by a model" if parsed.passages else "Drafted by a model without sources (none was found)"
    try:
        with transaction.atomic():
            locked = Job.objects.select_for_update(no_key=True).get(pk=job.pk)
            if locked.state != Job.State.RUNNING or locked.result_revision_id:
                return BatchOutcome()
            if not _add_usage(batch, result, succeeded=True):
                return BatchOutcome()
            if locked.leaflet is None:
                leaflet = leaflet_create(
                    user=job.created_by,
                    title=draft_title,
                    topic=brief.get("topic", ""),
                    audience=brief.get("audience", ""),
                    required_languages=payload.get("required_languages") or None,
                    segments=inputs,
                    drafted_by_model=result.reported_model,
                    prompt_version=llm.DRAFT_VERSION,
                    note="" if parsed.passages else note,
                )
                revision = leaflet.current_revision
            else:
                leaflet = locked.leaflet
                assert leaflet.current_revision is not None, "a leaflet always has a current revision"
                revision = revision_save(
                    leaflet=leaflet,
                    user=job.created_by,
                    segments=inputs,
                    title=draft_title,
                    base_revision_number=leaflet.current_revision.number,
                    note=note,
                    drafted_by_model=result.reported_model,
                    prompt_version=llm.DRAFT_VERSION,
                ).revision
            assert revision is not None, "a saved draft has its revision"
            stored = _store_draft_citations(revision=revision, cited=cited, passages=parsed.passages)
            _job_succeed(
                locked,
                leaflet=leaflet,
                result_revision=revision,
                revision=revision,
                provider=batch.provider,
                reported_model=result.reported_model,
                progress_done=1,
                error="",
                data={
                    "revision": revision.number,
                    # What the draft stood on: every passage sent, with its source's version, and
                    # the passages the PHI guard withheld (ids only: their text stays out of the trail).
                    "passages": [
                        {"passage": hit.passage_id, "source": hit.source_id, "source_version": hit.source_version}
                        for hit in parsed.passages.values()
                    ],
                    "passages_withheld": parsed.withheld,
                    "citations": stored,
                },
            )
    except ValidationError as refused:
        _give_up(batch, _("The draft could not be saved: %(reason)s") % {"reason": " ".join(refused.messages)})
    return BatchOutcome()


def _store_draft_citations(*, revision: Revision, cited: list[list[str]], passages: dict) -> int:
    """The model's citations on the new revision's body segments (in the order the draft gave them)."""
    body = [s for s in revision.segments.all() if s.kind != Segment.Kind.TITLE]
    rows = [
        Citation(segment=segment, passage_id=passages[pid].passage_id, origin=Citation.Origin.MODEL)
        for segment, ids in zip(body, cited, strict=False)
        for pid in ids
    ]
    Citation.objects.bulk_create(rows)
    return len(rows)


def draft_run(*, job_id: int) -> BatchOutcome:
    """Run a draft job's call: its batch, given one first if it was queued before drafts had batches."""
    batch_id = JobBatch.objects.filter(job_id=job_id, phase=DRAFT).order_by("-id").values_list("pk", flat=True).first()
    if batch_id is None:
        with transaction.atomic():
            job = (
                Job.objects.select_for_update(no_key=True)
                .filter(pk=job_id, kind=Job.Kind.DRAFT, state=Job.State.QUEUED)
                .first()
            )
            if job is None:
                return BatchOutcome()
            Job.objects.filter(pk=job_id).update(
                state=Job.State.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
            )
            batch_id = JobBatch.objects.create(
                job=job, phase=DRAFT, index=0, segment_keys=[], provider_id=job.provider_id
            ).pk
    return batch_run(batch_id=batch_id)


# --- Dual forward translation: a slot's version is kept apart, never written into the segments ---------
def _store_forward_version(
    batch: JobBatch, request: _Request, result: llm.CallResult, translated: dict[str, str]
) -> BatchOutcome:
    """Store a dual translation's slot "a" or "b" reply as new ForwardTranslation versions.

    The segments stay empty until a translator reconciles the two versions
    (translations/reconciliation.py); no back-translation is queued here:
    only the reconciled text is back-translated.
    """
    ids = request.context["ids"]
    stored = {ids[sid]: text for sid, text in translated.items()}
    with transaction.atomic():
        running = Job.objects.select_for_update(no_key=True).filter(pk=batch.job_id, state=Job.State.RUNNING).exists()
        progress: dict = {"progress_done": F("progress_done") + len(stored)}
        if batch.slot == "a":
            # The job names slot a's provider (Job.provider): only that provider's model is the job's, or the
            # audit and the revalidation check would say slot a's provider answered as slot b's model.
            progress["reported_model"] = result.reported_model
        if not _add_usage(batch, result, succeeded=True, **(progress if running else {})) or not running:
            return BatchOutcome()
        dual_forward.forward_versions_store(
            batch=batch, texts=stored, reported_model=result.reported_model, prompt_version=llm.TRANSLATE_VERSION
        )
    job_finish_if_done(job_id=batch.job_id)
    return BatchOutcome()
