"""Model jobs: queueing, claiming, running batches, failing and finishing.

Celery tasks (translations/tasks.py) only take ids and call the functions
here. Every step claims its row with a conditional UPDATE and checks the row
count, so a task delivered twice (acks_late redelivery, a retry racing a
redelivery) does its side effects once.

Translation of one language is a Job; its segments are cut into JobBatch
rows, one model call each, run concurrently on the provider's own Celery
queue. A batch's back-translation is queued as soon as its translation
lands, so the critical path is two calls whatever the number of languages.
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

import openai
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from review import permissions
from review.audit import audit_record
from review.services import notify_reviewers
from translations import llm
from translations.models import GlossaryTerm, Job, JobBatch, Provider, TargetSegment, TextVersion
from translations.phi import PhiBlocked, PlaceholderMismatch, guard_outbound, restore
from translations.qa_runner import qa_run_for_text_version
from translations.providers import (
    ProviderSlot,
    SlotUnavailable,
    call_cost,
    effective_phi_policy,
    provider_may_send_unredacted,
    route,
)
from translations.text_versions import memory_lookup, text_version_apply_translations, text_version_rehash
from workbench.services import SegmentInput, leaflet_create, revision_save

log = logging.getLogger(__name__)

ACTIVE = [Job.State.QUEUED, Job.State.RUNNING]
NO_MODEL_MESSAGE = _(
    "No model endpoint is configured for drafting. Set MODEL_PROVIDERS_JSON (or add a provider in the admin); "
    "see the README section “Model endpoints”."
)


# --- Queueing (called by views) ---------------------------------------------------------
def job_queue_translation(*, leaflet, user, languages: list[str] | None = None) -> list[Job]:
    if not permissions.can_queue_jobs(user, leaflet):
        raise PermissionDenied
    jobs = []
    with transaction.atomic():
        versions = TextVersion.objects.select_for_update(no_key=True).filter(
            revision_id=leaflet.current_revision_id, is_source=False).order_by("id")
        if languages:
            unknown = set(languages) - set(leaflet.language_codes())
            if unknown:
                raise ValidationError(_("This leaflet is not translated into %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
            versions = versions.filter(language_id__in=languages)
        for tv in versions:
            active = Job.objects.filter(text_version=tv, state__in=ACTIVE).first()
            if active is not None:
                jobs.append(active)  # a double click queues nothing twice
                continue
            total = TargetSegment.objects.filter(text_version=tv).count()
            job = Job.objects.create(kind=Job.Kind.TRANSLATE, leaflet=leaflet, revision_id=tv.revision_id,
                                     text_version=tv, language=tv.language_id, created_by=user,
                                     progress_total=total, prompt_version=llm.TRANSLATE_VERSION)
            jobs.append(job)
        audit_record(actor=user, verb="jobs.queued", leaflet=leaflet, obj=leaflet,
                     data={"kind": "translate", "jobs": [j.pk for j in jobs], "languages": [j.language for j in jobs]})
    for job in jobs:
        if job.state == Job.State.QUEUED:
            # Planning is a few queries; doing it here saves the batches a
            # round trip through the queue. Without a model endpoint the
            # finishing still runs on the worker.
            translation_job_start(job_id=job.pk)
    return jobs


def job_queue_draft(*, leaflet_or_none, user, brief: dict, title: str, required_languages: list[str]) -> Job:
    if not permissions.can_create_leaflet(user):
        raise PermissionDenied
    brief = {k: v for k, v in (brief or {}).items() if v}
    if not str(brief.get("topic", "")).strip():
        raise ValidationError(_("The brief needs a topic."))
    language = leaflet_or_none.source_language_id if leaflet_or_none else "en"
    providers = route(kind="draft", language=language)
    if not providers:
        raise ValidationError(NO_MODEL_MESSAGE)
    # Check the brief now, so the author hears about an identifier at once;
    # the task checks again right before the call.
    try:
        guard_outbound(pieces=_brief_pieces(brief), policy=effective_phi_policy(providers[0]),
                       on_premises=provider_may_send_unredacted(providers[0]))
    except PhiBlocked as blocked:
        with transaction.atomic():
            audit_record(actor=user, verb="phi.blocked", leaflet=leaflet_or_none,
                         data={"kind": "draft", "found": [loc.as_audit_dict() for loc in blocked.locations]})
        raise ValidationError(str(blocked)) from None
    with transaction.atomic():
        job = Job.objects.create(kind=Job.Kind.DRAFT, leaflet=leaflet_or_none, created_by=user, language=language,
                                 brief={"brief": brief, "title": title, "required_languages": required_languages},
                                 provider=providers[0], prompt_version=llm.DRAFT_VERSION, progress_total=1)
        audit_record(actor=user, verb="job.queued", leaflet=leaflet_or_none, obj=job,
                     data={"kind": "draft", "provider": providers[0].name})
        _enqueue_on_commit("translations.tasks.run_draft_job", job.pk, queue=providers[0].queue)
    return job


def job_cancel(*, job: Job, user) -> Job:
    if not permissions.is_author(user):
        raise PermissionDenied
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job.pk, state__in=ACTIVE).update(
            state=Job.State.CANCELLED, finished_at=timezone.now(), error=_("Cancelled by %(user)s") % {"user": user.username})
        if not claimed:
            raise ValidationError(_("This job has already finished."))
        JobBatch.objects.filter(job=job, state__in=[JobBatch.State.QUEUED, JobBatch.State.RUNNING]).update(
            state=JobBatch.State.CANCELLED)
        audit_record(actor=user, verb="job.cancelled", leaflet=job.leaflet, obj=job, data={"kind": job.kind})
    job.refresh_from_db()
    return job


def job_retry(*, job: Job, user) -> Job:
    """Re-queue a failed or cancelled job as a new job; work already done is not redone."""
    if job.state not in (Job.State.FAILED, Job.State.CANCELLED):
        raise ValidationError(_("Only a failed or cancelled job can be retried."))
    if job.kind == Job.Kind.DRAFT:
        payload = job.brief
        return job_queue_draft(leaflet_or_none=job.leaflet, user=user, brief=payload.get("brief", {}),
                               title=payload.get("title", ""), required_languages=payload.get("required_languages", []))
    if job.leaflet.current_revision_id != job.revision_id:
        raise ValidationError(_("The leaflet has a newer revision; translate that one instead."))
    return job_queue_translation(leaflet=job.leaflet, user=user, languages=[job.language])[0]


def _enqueue_on_commit(task_name: str, *args, queue: str | None = None) -> None:
    from workbench.celery import app

    options = {"queue": queue} if queue else {}
    transaction.on_commit(lambda: app.send_task(task_name, args=list(args), **options))


# --- Failure handling --------------------------------------------------------------------
RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError,
             SlotUnavailable)


def retry_delay(exc: Exception, attempt: int) -> float:
    """Exponential backoff with full jitter, never sooner than the server's Retry-After."""
    base = settings.MODEL_BACKOFF_BASE_S * (2 ** max(0, attempt - 1))
    delay = random.uniform(base / 2, base)
    response = getattr(exc, "response", None)
    if response is not None:
        header = response.headers.get("retry-after")
        try:
            delay = max(delay, float(header)) if header else delay
        except ValueError:
            pass
    return min(delay, settings.MODEL_BACKOFF_MAX_S)


def describe_failure(exc: Exception) -> str:
    if isinstance(exc, openai.RateLimitError):
        return _("The model endpoint kept refusing with 'rate limited' (HTTP 429).")
    if isinstance(exc, openai.APITimeoutError):
        return _("The model endpoint did not answer in time.")
    if isinstance(exc, openai.APIConnectionError):
        return _("The model endpoint could not be reached.")
    if isinstance(exc, openai.APIStatusError):
        return _("The model endpoint answered with HTTP %(code)s: %(msg)s") % {"code": exc.status_code, "msg": str(exc)[:300]}
    if isinstance(exc, SlotUnavailable):
        return _("All connections to the model endpoint stayed busy.")
    return str(exc)[:500]


def job_fail(*, job_id: int, reason: str, data: dict | None = None) -> bool:
    """Fail a job unless it already finished; True if this call failed it."""
    with transaction.atomic():
        failed = Job.objects.filter(pk=job_id, state__in=ACTIVE).update(
            state=Job.State.FAILED, error=reason, finished_at=timezone.now())
        JobBatch.objects.filter(job_id=job_id, state=JobBatch.State.QUEUED).update(state=JobBatch.State.CANCELLED)
        if failed:
            job = Job.objects.select_related("leaflet").get(pk=job_id)
            if job.text_version_id:
                tv = TextVersion.objects.select_for_update(no_key=True).get(pk=job.text_version_id)
                text_version_rehash(text_version=tv)
            audit_record(actor=None, verb="job.failed", leaflet=job.leaflet, obj=job,
                         data={"kind": job.kind, "reason": reason, "attempts": job.attempts, **(data or {})})
    return bool(failed)


# --- Translation jobs ---------------------------------------------------------------------
def translation_job_start(*, job_id: int) -> None:
    """Claim the job, fill from memory, plan batches and queue them on the provider's queue."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, started_at=now, attempts=F("attempts") + 1):
        return  # claimed by another delivery, or cancelled
    job = Job.objects.select_related("text_version__revision__leaflet").get(pk=job_id)
    tv = job.text_version
    leaflet = tv.revision.leaflet
    source_language = leaflet.source_language_id
    empty = list(TargetSegment.objects.filter(text_version=tv, text="").select_related("source_segment")
                 .order_by("position"))
    memory = memory_lookup(source_language=source_language, target_language=tv.language_id,
                           source_hashes=[s.source_segment.content_hash for s in empty])
    from_memory = {s.key: memory[s.source_segment.content_hash] for s in empty if s.source_segment.content_hash in memory}
    if from_memory:
        text_version_apply_translations(text_version=tv, translations=from_memory,
                                        origin=TargetSegment.Origin.MEMORY, run_qa=False)
    remaining = [s for s in empty if s.key not in from_memory]
    missing_back = list(TargetSegment.objects.filter(text_version=tv, back_translation="")
                        .exclude(text="").exclude(key__in=[s.key for s in remaining]).order_by("position"))
    Job.objects.filter(pk=job_id).update(progress_done=F("progress_total") - len(remaining))
    providers = route(kind="translate", language=tv.language_id)
    if not providers:
        _enqueue_on_commit("translations.tasks.finish_without_model", job_id, len(remaining))
        return
    provider = providers[0]
    Job.objects.filter(pk=job_id).update(provider=provider)
    with transaction.atomic():
        batches = _plan(job, JobBatch.Phase.TRANSLATE, [s.key for s in remaining], provider, [s.source_segment.text for s in remaining])
        back_route = route(kind="back_translate", language=tv.language_id) or providers
        batches += _plan(job, JobBatch.Phase.BACK_TRANSLATE, [s.key for s in missing_back], back_route[0],
                         [s.text for s in missing_back], start_index=1000)
        for batch in batches:
            _enqueue_on_commit("translations.tasks.run_batch", batch.pk, queue=batch.provider.queue)
    if not batches:
        job_finish_if_done(job_id=job_id)


def _plan(job: Job, phase: str, keys: list[uuid.UUID], provider: Provider, texts: list[str],
          start_index: int = 0) -> list[JobBatch]:
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for key, text in zip(keys, texts):
        if current and (len(current) >= settings.MODEL_BATCH_MAX_SEGMENTS or size + len(text) > settings.MODEL_BATCH_MAX_CHARS):
            batches.append(current)
            current, size = [], 0
        current.append(str(key))
        size += len(text)
    if current:
        batches.append(current)
    return [JobBatch.objects.create(job=job, phase=phase, index=start_index + i, segment_keys=chunk, provider=provider)
            for i, chunk in enumerate(batches)]


def finish_without_model(*, job_id: int, remaining: int) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update(no_key=True, of=("self",)).select_related("leaflet").get(pk=job_id)
        if job.state != Job.State.RUNNING:
            return
        tv = TextVersion.objects.select_for_update(no_key=True).get(pk=job.text_version_id)
        text_version_rehash(text_version=tv)
        qa_run_for_text_version(text_version=tv)
        note = _("No model endpoint is configured: %(n)d segment(s) need human translation.") % {"n": remaining} \
            if remaining else ""
        Job.objects.filter(pk=job_id).update(state=Job.State.SUCCEEDED, finished_at=timezone.now(), error=note)
        audit_record(actor=None, verb="job.succeeded", leaflet=job.leaflet, obj=job,
                     data={"kind": job.kind, "language": job.language, "model": None, "needs_human": remaining})


@dataclass
class BatchOutcome:
    retry_in: float | None = None  # seconds, when the task should retry
    follow_up: int | None = None  # a batch the same task may run at once (its message is queued too)
    queue: str = ""


LEASE = timedelta(minutes=15)


def batch_run(*, batch_id: int) -> BatchOutcome:
    """Run one batch: guard, call, validate, store. Raises nothing the task must handle except via the outcome."""
    now = timezone.now()
    claimed = JobBatch.objects.filter(pk=batch_id, job__state=Job.State.RUNNING).filter(
        state=JobBatch.State.QUEUED).update(state=JobBatch.State.RUNNING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        # A redelivered message for a batch whose worker died keeps the lease expiry as its only way back in.
        claimed = JobBatch.objects.filter(pk=batch_id, job__state=Job.State.RUNNING, state=JobBatch.State.RUNNING,
                                          claimed_at__lt=now - LEASE).update(claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return BatchOutcome()
    batch = JobBatch.objects.select_related("job__text_version__revision__leaflet", "provider").get(pk=batch_id)
    job, provider = batch.job, batch.provider
    tv = job.text_version
    leaflet = tv.revision.leaflet
    keys = [uuid.UUID(k) for k in batch.segment_keys]
    segments = {s.key: s for s in TargetSegment.objects.filter(text_version=tv, key__in=keys).select_related("source_segment")}
    ids = {f"s{i + 1}": key for i, key in enumerate(keys) if key in segments}
    if batch.phase == JobBatch.Phase.TRANSLATE:
        texts = {sid: segments[key].source_segment.text for sid, key in ids.items()}
        source, target, version = leaflet.source_language_id, tv.language_id, llm.TRANSLATE_VERSION
        glossary = _glossary_in(texts.values(), source, target)
    else:
        texts = {sid: segments[key].text for sid, key in ids.items()}
        source, target, version = tv.language_id, leaflet.source_language_id, llm.BACK_TRANSLATE_VERSION
        glossary = []  # the back-translation must not be steered towards the original wording

    # Name segments as the editor and the review screen do: "title", then the body from 1 (revisions from
    # before title segments have none and count from their first segment).
    offset = 0 if tv.revision.segments.filter(kind="title").exists() else 1
    labels = {sid: "title" if segments[ids[sid]].source_segment.kind == "title"
              else f"segment {segments[ids[sid]].position + offset}" for sid in texts}
    pieces = {labels[sid]: text for sid, text in texts.items()}
    pieces.update({f"glossary {i + 1}": f"{g['source']} = {g['target']}" for i, g in enumerate(glossary)})
    try:
        # Re-checked at call time: a provider row edited in a shell, or a host
        # no longer listed in WORKBENCH_INTERNAL_HOSTS, loses "allow".
        guarded = guard_outbound(pieces=pieces, policy=effective_phi_policy(provider),
                                 on_premises=provider_may_send_unredacted(provider))
    except PhiBlocked as blocked:
        job_fail(job_id=job.pk, reason=str(blocked),
                 data={"phi": [loc.as_audit_dict() for loc in blocked.locations], "provider": provider.name})
        _audit_phi(job, blocked)
        return BatchOutcome()
    by_label = dict(zip(pieces, guarded.pieces.values()))
    send = {sid: by_label[labels[sid]] for sid in texts}
    send_glossary = [dict(zip(("source", "target"), by_label[f"glossary {i + 1}"].split(" = ", 1)))
                     for i in range(len(glossary))]
    messages = llm.translate_messages(version=version, source=source, target=target, segments=send,
                                      glossary=send_glossary)
    try:
        with ProviderSlot(provider):
            result = llm.call_model(provider, messages)
        translated = llm.parse_segments_reply(result.content, list(send), send)
        if guarded.placeholders:
            translated = {sid: restore(text, guarded.placeholders,
                                       expected={p for p in guarded.placeholders if p in send[sid]})
                          for sid, text in translated.items()}
    except llm.TruncatedReply as cut:
        _record_usage(batch, job, provider, cut.args[0])
        return _split(batch, reason=_("the reply was cut off by the token limit"))
    except (llm.MalformedReply, PlaceholderMismatch) as bad:
        return _malformed(batch, str(bad))
    except RETRYABLE as exc:
        return _retryable(batch, exc)
    except openai.APIStatusError as exc:  # 400, 401, 403, 404: retrying will not help
        job_fail(job_id=job.pk, reason=describe_failure(exc), data={"provider": provider.name})
        JobBatch.objects.filter(pk=batch.pk).update(state=JobBatch.State.FAILED, error=describe_failure(exc))
        return BatchOutcome()

    _record_usage(batch, job, provider, result)
    follow_up = BatchOutcome()
    if batch.phase == JobBatch.Phase.TRANSLATE:
        stored = {ids[sid]: text for sid, text in translated.items()}
        with transaction.atomic():
            # The job row lock orders concurrent batches of one job (index numbering, progress).
            running = Job.objects.select_for_update(no_key=True).filter(pk=job.pk, state=Job.State.RUNNING).exists()
            if not JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(
                    state=JobBatch.State.SUCCEEDED, reported_model=result.reported_model):
                return BatchOutcome()
            if running:
                text_version_apply_translations(text_version=tv, translations=stored, origin=TargetSegment.Origin.MODEL,
                                                model_name=result.reported_model, run_qa=False)
                Job.objects.filter(pk=job.pk).update(progress_done=F("progress_done") + len(stored),
                                                     reported_model=result.reported_model)
                back = route(kind="back_translate", language=tv.language_id) or [provider]
                follow = JobBatch.objects.create(job=job, phase=JobBatch.Phase.BACK_TRANSLATE,
                                                 index=_next_index(job.pk, JobBatch.Phase.BACK_TRANSLATE),
                                                 segment_keys=[str(k) for k in stored], provider=back[0])
                # Queued for durability (a worker that dies now loses nothing),
                # and returned so this task can start it without the queue hop;
                # the batch claim lets only one of the two run it.
                _enqueue_on_commit("translations.tasks.run_batch", follow.pk, queue=back[0].queue)
                follow_up = BatchOutcome(follow_up=follow.pk, queue=back[0].queue)
    else:
        # The QA check's own scorer (sacrebleu chrF with its normalisation), so
        # the figure reviewers see is the one the threshold was calibrated on.
        from translations.qa.checks.back_translation import score

        scores = {}
        for sid, text in translated.items():
            source_text = segments[ids[sid]].source_segment.text
            scores[ids[sid]] = (text, round(score(text, source_text, target), 1))
        with transaction.atomic():
            if not JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(
                    state=JobBatch.State.SUCCEEDED, reported_model=result.reported_model):
                return BatchOutcome()
            text_version_apply_translations(text_version=tv, translations={}, origin=TargetSegment.Origin.MODEL,
                                            back_translations=scores, run_qa=False)
    job_finish_if_done(job_id=job.pk)
    return follow_up


def _glossary_in(texts, source: str, target: str) -> list[dict]:
    """Only the terms that occur in these segments: the rest would cost tokens and distract."""
    joined = " ".join(texts).lower()
    terms = GlossaryTerm.objects.filter(source_language=source, target_language=target, approved=True)
    return [{"source": t.source_term, "target": t.target_term} for t in terms if t.source_term.lower() in joined]


def _record_usage(batch: JobBatch, job: Job, provider: Provider, result: llm.CallResult) -> None:
    JobBatch.objects.filter(pk=batch.pk).update(tokens_in=F("tokens_in") + result.tokens_in,
                                                tokens_out=F("tokens_out") + result.tokens_out)
    Job.objects.filter(pk=job.pk).update(tokens_in=F("tokens_in") + result.tokens_in,
                                         tokens_out=F("tokens_out") + result.tokens_out,
                                         cost=F("cost") + call_cost(provider, result.tokens_in, result.tokens_out))


def _split(batch: JobBatch, reason: str) -> BatchOutcome:
    keys = batch.segment_keys
    if len(keys) < 2:
        job_fail(job_id=batch.job_id, reason=_("A single segment is too long for the model's token limit (%(reason)s).")
                 % {"reason": reason})
        JobBatch.objects.filter(pk=batch.pk).update(state=JobBatch.State.FAILED, error=reason)
        return BatchOutcome()
    half = len(keys) // 2
    with transaction.atomic():
        list(Job.objects.select_for_update(no_key=True).filter(pk=batch.job_id).values_list("id"))
        if not JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(state=JobBatch.State.SPLIT, error=reason):
            return BatchOutcome()
        for chunk in (keys[:half], keys[half:]):
            child = JobBatch.objects.create(job_id=batch.job_id, phase=batch.phase,
                                            index=_next_index(batch.job_id, batch.phase), segment_keys=chunk,
                                            provider=batch.provider)
            _enqueue_on_commit("translations.tasks.run_batch", child.pk, queue=batch.provider.queue)
    return BatchOutcome()


def _next_index(job_id: int, phase: str) -> int:
    """Call with the job row locked."""
    from django.db.models import Max

    return (JobBatch.objects.filter(job_id=job_id, phase=phase).aggregate(m=Max("index"))["m"] or 0) + 1


def _malformed(batch: JobBatch, reason: str) -> BatchOutcome:
    batch.refresh_from_db()
    if batch.malformed_replies >= 1:
        message = _("The model's reply was malformed twice: %(reason)s") % {"reason": reason}
        JobBatch.objects.filter(pk=batch.pk).update(state=JobBatch.State.FAILED, error=reason)
        job_fail(job_id=batch.job_id, reason=message)
        return BatchOutcome()
    JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(
        state=JobBatch.State.QUEUED, malformed_replies=F("malformed_replies") + 1, error=reason)
    return BatchOutcome(retry_in=0.0)


def _retryable(batch: JobBatch, exc: Exception) -> BatchOutcome:
    batch.refresh_from_db()
    reason = describe_failure(exc)
    if batch.attempts >= settings.MODEL_MAX_ATTEMPTS:
        kind = "translate" if batch.phase == JobBatch.Phase.TRANSLATE else "back_translate"
        fallback = _fallback_provider(kind=kind, language=batch.job.language, current=batch.provider)
        if fallback is not None:
            # The next provider on the route gets its own full set of attempts.
            JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(
                state=JobBatch.State.QUEUED, provider=fallback, attempts=0,
                error=_("%(reason)s Switched to %(provider)s.") % {"reason": reason, "provider": fallback.name})
            return BatchOutcome(retry_in=0.0, queue=fallback.queue)
        JobBatch.objects.filter(pk=batch.pk).update(state=JobBatch.State.FAILED, error=reason)
        job_fail(job_id=batch.job_id, reason=_("%(reason)s Gave up after %(n)d attempts; you can re-queue the job.")
                 % {"reason": reason, "n": batch.attempts})
        return BatchOutcome()
    JobBatch.objects.filter(pk=batch.pk, state=JobBatch.State.RUNNING).update(state=JobBatch.State.QUEUED, error=reason)
    Job.objects.filter(pk=batch.job_id).update(attempts=F("attempts") + 1)
    return BatchOutcome(retry_in=retry_delay(exc, batch.attempts))


def _fallback_provider(*, kind: str, language: str, current: Provider) -> Provider | None:
    """The provider after `current` on the route for this kind and language, if any."""
    providers = route(kind=kind, language=language)
    ids = [p.pk for p in providers]
    if current.pk in ids and ids.index(current.pk) + 1 < len(ids):
        return providers[ids.index(current.pk) + 1]
    return None


def _audit_phi(job: Job, blocked) -> None:
    with transaction.atomic():
        audit_record(actor=None, verb="phi.blocked", leaflet=job.leaflet, obj=job,
                     data={"kind": job.kind, "found": [loc.as_audit_dict() for loc in blocked.locations]})


def job_finish_if_done(*, job_id: int) -> None:
    """When no batch is left to run, finish the job: QA, state, audit. Safe to call from every batch."""
    with transaction.atomic():
        job = Job.objects.select_for_update(no_key=True, of=("self",)).select_related("leaflet").get(pk=job_id)
        if job.state != Job.State.RUNNING:
            return
        if JobBatch.objects.filter(job=job, state__in=[JobBatch.State.QUEUED, JobBatch.State.RUNNING]).exists():
            return
        tv = TextVersion.objects.select_for_update(no_key=True).get(pk=job.text_version_id)
        text_version_rehash(text_version=tv)
        qa_run_for_text_version(text_version=tv)
        Job.objects.filter(pk=job_id).update(state=Job.State.SUCCEEDED, finished_at=timezone.now())
        job.refresh_from_db()
        audit_record(actor=None, verb="job.succeeded", leaflet=job.leaflet, obj=job, data={
            "kind": job.kind, "language": job.language, "provider": job.provider.name if job.provider else None,
            "model": job.reported_model, "prompt_version": job.prompt_version, "tokens_in": job.tokens_in,
            "tokens_out": job.tokens_out, "cost": str(job.cost), "content_hash": tv.content_hash,
        })
        transaction.on_commit(lambda: notify_reviewers(text_version=tv))


# --- Draft jobs ----------------------------------------------------------------------------
def _brief_pieces(brief: dict) -> dict[str, str]:
    pieces = {}
    for key, value in brief.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                pieces[f"brief {key} {i + 1}"] = str(item)
        else:
            pieces[f"brief {key}"] = str(value)
    return pieces


def draft_run(*, job_id: int) -> BatchOutcome:
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, started_at=now, attempts=F("attempts") + 1):
        return BatchOutcome()
    job = Job.objects.select_related("provider", "leaflet", "created_by").get(pk=job_id)
    provider, payload = job.provider, job.brief
    brief = payload.get("brief", {})
    try:
        guarded = guard_outbound(pieces=_brief_pieces(brief), policy=effective_phi_policy(provider),
                                 on_premises=provider_may_send_unredacted(provider))
    except PhiBlocked as blocked:
        job_fail(job_id=job_id, reason=str(blocked), data={"phi": [loc.as_audit_dict() for loc in blocked.locations]})
        _audit_phi(job, blocked)
        return BatchOutcome()
    if guarded.placeholders:
        job_fail(job_id=job_id, reason=_("The brief contains identifiers; remove them before drafting."))
        return BatchOutcome()
    try:
        with ProviderSlot(provider):
            result = llm.call_model(provider, llm.draft_messages(language=job.language, brief=brief))
        title, segments = llm.parse_draft_reply(result.content, max_segments=settings.MAX_SEGMENTS,
                                                max_chars=settings.MAX_SEGMENT_CHARS)
    except llm.TruncatedReply:
        job_fail(job_id=job_id, reason=_("The draft was cut off by the model's token limit; raise max_tokens."))
        return BatchOutcome()
    except llm.MalformedReply as bad:
        if job.attempts >= 2:
            job_fail(job_id=job_id, reason=_("The model's reply was malformed twice: %(reason)s") % {"reason": bad})
            return BatchOutcome()
        Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(state=Job.State.QUEUED, error=str(bad))
        return BatchOutcome(retry_in=0.0)
    except RETRYABLE as exc:
        if job.attempts >= settings.MODEL_MAX_ATTEMPTS:
            fallback = _fallback_provider(kind="draft", language=job.language, current=provider)
            if fallback is not None:
                Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
                    state=Job.State.QUEUED, provider=fallback, attempts=0,
                    error=_("%(reason)s Switched to %(provider)s.") % {"reason": describe_failure(exc),
                                                                      "provider": fallback.name})
                return BatchOutcome(retry_in=0.0, queue=fallback.queue)
            job_fail(job_id=job_id, reason=_("%(reason)s Gave up after %(n)d attempts; you can re-queue the job.")
                     % {"reason": describe_failure(exc), "n": job.attempts})
            return BatchOutcome()
        Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(state=Job.State.QUEUED, error=describe_failure(exc))
        return BatchOutcome(retry_in=retry_delay(exc, job.attempts))
    except openai.APIStatusError as exc:
        job_fail(job_id=job_id, reason=describe_failure(exc))
        return BatchOutcome()

    # The title becomes the revision's title segment: the author's working
    # title, else the model's. A "title" item the model put among the segments
    # is that title again (dropped) or, when it says something else, a heading:
    # a revision has exactly one title. An opening heading that only repeats
    # the title is dropped too (patients would read it twice).
    draft_title = (payload.get("title") or title).strip()
    inputs: list[SegmentInput] = []
    for kind, text in segments:
        repeats_title = " ".join(text.split()).casefold() == " ".join(draft_title.split()).casefold()
        if repeats_title and (kind == "title" or (kind == "heading" and not inputs)):
            continue
        inputs.append(SegmentInput(kind="heading" if kind == "title" else kind, text=text))
    try:
        with transaction.atomic():
            locked = Job.objects.select_for_update(no_key=True).get(pk=job_id)
            if locked.state != Job.State.RUNNING or locked.result_revision_id:
                return BatchOutcome()
            cost = call_cost(provider, result.tokens_in, result.tokens_out)
            if job.leaflet is None:
                leaflet = leaflet_create(user=job.created_by, title=draft_title, topic=brief.get("topic", ""),
                                         audience=brief.get("audience", ""),
                                         required_languages=payload.get("required_languages") or None,
                                         segments=inputs, drafted_by_model=result.reported_model,
                                         prompt_version=llm.DRAFT_VERSION)
                revision = leaflet.current_revision
            else:
                leaflet = job.leaflet
                revision = revision_save(leaflet=leaflet, user=job.created_by, segments=inputs, title=draft_title,
                                         base_revision_number=leaflet.current_revision.number,
                                         note="Drafted by a model", drafted_by_model=result.reported_model,
                                         prompt_version=llm.DRAFT_VERSION).revision
            Job.objects.filter(pk=job_id).update(
                state=Job.State.SUCCEEDED, finished_at=timezone.now(), leaflet=leaflet, result_revision=revision,
                revision=revision, reported_model=result.reported_model, tokens_in=result.tokens_in,
                tokens_out=result.tokens_out, cost=cost, progress_done=1, error="")
            audit_record(actor=None, verb="job.succeeded", leaflet=leaflet, obj=job, data={
                "kind": "draft", "provider": provider.name, "model": result.reported_model,
                "prompt_version": llm.DRAFT_VERSION, "tokens_in": result.tokens_in, "tokens_out": result.tokens_out,
                "cost": str(cost), "revision": revision.number,
            })
    except ValidationError as refused:
        job_fail(job_id=job_id, reason=_("The draft could not be saved: %(reason)s")
                 % {"reason": " ".join(refused.messages)})
    return BatchOutcome()
