"""Model jobs: queueing, cancelling and retrying (called by views and services).

Running what is queued is translations/batches.py's, called by the Celery
tasks (translations/tasks.py), which only take ids. This module queues those
tasks by reference (`run_batch.apply_async`, sent after the commit through
workbench.queueing, which survives an unreachable broker), never by a task-name
string, so a renamed task fails at import, not silently in a queue nobody
consumes. The layers, top to bottom: jobs (queue) -> tasks -> batches (run);
batches never imports either, so the three cannot import each other in a circle.

Translation of one language is a Job; its segments are cut into batches run
concurrently on the provider's own Celery queue. A batch's back-translation is
queued as soon as its translation lands (and started in the same task), so the
critical path is two calls whatever the number of languages. A reviewer's edit
queues the back-translation of the edited segment (`back_translation_queue`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from review import permissions, rules
from review.audit import audit_record
from translations import dual_forward, llm, phi_allow
from translations.batches import DRAFT, _brief_pieces, _next_index, _provider, _text_of, job_finish_if_done
from translations.models import Job, JobBatch, Provider, TargetSegment, TextVersion
from translations.phi import PhiBlocked, guard_outbound
from translations.providers import effective_phi_policy, provider_may_send_unredacted, route
from translations.tasks import finish_job, run_batch
from translations.text_versions import memory_lookup, text_version_apply_translations
from workbench import queueing

# Lazy: read in the language of the request that shows it, not the one loading this module.
NO_MODEL_MESSAGE = gettext_lazy(
    "No model endpoint is configured for drafting. Set MODEL_PROVIDERS_JSON (or add a provider in the admin); "
    "see the README section “Model endpoints”."
)


def _queue(batch: JobBatch) -> None:
    """Send the batch's message to its provider's queue when the transaction commits.

    A broker that cannot be reached then leaves the batch queued in the
    database for the recovery sweeper (workbench.queueing.send_on_commit).
    """
    send = partial(run_batch.apply_async, args=[batch.pk], queue=_provider(batch).queue)
    queueing.send_on_commit(send, what=f"batch {batch.pk} of job {batch.job_id}")


# --- Queueing (called by views and services) --------------------------------------------
def job_queue_translation(*, leaflet, user, languages: list[str] | None = None) -> list[Job]:
    """Queue translation jobs; QueueUnavailable (nothing created) while the job queue cannot be reached."""
    if not permissions.can_queue_jobs(user, leaflet):
        raise PermissionDenied
    queueing.require_queue()
    jobs = []
    with transaction.atomic():
        rows = (
            TextVersion.objects.select_for_update(no_key=True)
            .filter(revision_id=leaflet.current_revision_id, is_source=False)
            .order_by("id")
        )
        if languages:
            unknown = set(languages) - set(leaflet.language_codes())
            if unknown:
                raise ValidationError(
                    _("This leaflet is not translated into %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
                )
            rows = rows.filter(language_id__in=languages)
        versions = list(rows)
        active = {j.text_version_id: j for j in Job.objects.filter(rules.job_active(), text_version__in=versions)}
        totals = dict(
            TargetSegment.objects.filter(text_version__in=versions)
            .values("text_version")
            .annotate(n=Count("id"))
            .values_list("text_version", "n")
        )
        for tv in versions:
            if tv.pk in active:
                jobs.append(active[tv.pk])  # a double click queues nothing twice
                continue
            job = Job.objects.create(
                kind=Job.Kind.TRANSLATE,
                leaflet=leaflet,
                revision_id=tv.revision_id,
                text_version=tv,
                language=tv.language_id,
                created_by=user,
                progress_total=totals.get(tv.pk, 0),
                prompt_version=llm.TRANSLATE_VERSION,
            )
            jobs.append(job)
        audit_record(
            actor=user,
            verb="jobs.queued",
            leaflet=leaflet,
            obj=leaflet,
            data={"kind": "translate", "jobs": [j.pk for j in jobs], "languages": [j.language for j in jobs]},
        )
    for job in jobs:
        if job.state == Job.State.QUEUED:
            # Planning is a few queries; doing it here saves the batches a
            # round trip through the queue. Without a model endpoint the
            # finishing still runs on the worker.
            translation_job_start(job_id=job.pk)
    return jobs


# --- A brief refused for personal data -------------------------------------------------------------
# The brief's parts named as the draft form labels them (the same msgids as translations.forms, which
# this layer may not import; tests/translating/test_draft_phi_refusal.py holds the two together).
_BRIEF_FIELD_LABELS = {
    "topic": gettext_lazy("Topic"),
    "audience": gettext_lazy("Audience"),
    "key_messages": gettext_lazy("Key messages"),
    "actions": gettext_lazy("What the patient should do"),
    "seek_help": gettext_lazy("When to seek help"),
    "emergency_contacts": gettext_lazy("Emergency contacts"),
    "reading_level": gettext_lazy("Reading level"),
}
_BRIEF_ITEM_LABELS = {"key_messages": gettext_lazy("Key message %(number)s")}
# The guard's types in the reader's words (the guard is a library and speaks English only).
_PHI_KINDS = {
    "nric": gettext_lazy("NRIC/FIN number"),
    "nric_suspect": gettext_lazy("NRIC/FIN-like number with a wrong check letter"),
    "nric_partial": gettext_lazy("masked NRIC/FIN number"),
    "phone": gettext_lazy("phone number"),
    "email": gettext_lazy("e-mail address"),
    "address": gettext_lazy("street address"),
    "dob": gettext_lazy("date of birth"),
    "mrn": gettext_lazy("medical record number"),
    "person": gettext_lazy("person's name"),
}


@dataclass(frozen=True)
class BriefFinding:
    """One identifier in a brief: which field (and which item of a list field), its type and its masked form.

    Positions count characters in that item (or field) as the brief holds it; the identifier itself is
    never kept here, so a finding may go into a message, a page or an API answer.
    """

    field: str
    index: int | None
    type: str
    masked: str
    start: int
    end: int

    @property
    def path(self) -> str:
        return self.field if self.index is None else f"{self.field}[{self.index}]"

    def label(self) -> str:
        item_label = _BRIEF_ITEM_LABELS.get(self.field)
        if self.index is not None and item_label is not None:
            return item_label % {"number": self.index + 1}
        return str(_BRIEF_FIELD_LABELS.get(self.field, self.field))

    def kind(self) -> str:
        return str(_PHI_KINDS.get(self.type, self.type))

    def message(self) -> str:
        return _(
            "%(field)s contains personal data (%(kind)s: %(masked)s). Remove it or replace it with a neutral example."
        ) % {
            "field": self.label(),
            "kind": self.kind(),
            "masked": self.masked,
        }

    def as_dict(self) -> dict:
        return {
            "field": self.field,
            "index": self.index,
            "path": self.path,
            "label": self.label(),
            "type": self.type,
            "kind": self.kind(),
            "masked": self.masked,
            "start": self.start,
            "end": self.end,
        }


class PersonalDataInBrief(ValidationError):
    """The brief carries an identifier: nothing was queued or sent.

    A ValidationError keyed by the draft form's field names, so the form shows each message beside its
    field (marked invalid); ``findings`` carries the same facts for an API answer. Messages are made in
    the language active when it is raised, the language of the person who asked.
    """

    def __init__(self, findings: list[BriefFinding]):
        self.findings = findings
        by_field: dict[str, list[str]] = {
            NON_FIELD_ERRORS: [_("Personal data found in the brief; nothing was sent to the model.")]
        }
        for finding in findings:
            by_field.setdefault(finding.field, []).append(finding.message())
        super().__init__(by_field)
        self.code = "phi_found"

    def api_extra(self) -> dict:
        """What an API answer adds to the messages: each finding as data (path, type, masked form)."""
        return {"findings": [finding.as_dict() for finding in self.findings]}


def _brief_findings(brief: dict, blocked: PhiBlocked) -> list[BriefFinding]:
    """The guard's locations (labelled by batches._brief_pieces) turned back into the brief's fields.

    An identifier split across two items is reported in each; one reported twice in an item, once.
    """
    parts: dict[str, tuple[str, int | None]] = {}
    for key, value in brief.items():
        labels = list(_brief_pieces({key: value}))
        parts.update({label: (key, i if isinstance(value, list) else None) for i, label in enumerate(labels)})
    findings: list[BriefFinding] = []
    for location, masked in zip(blocked.locations, blocked.masked, strict=True):
        field, index = parts.get(location.label, (location.label, None))
        finding = BriefFinding(field, index, location.type, masked, location.start, location.end)
        if finding not in findings:
            findings.append(finding)
    return findings


def job_queue_draft(*, leaflet_or_none, user, brief: dict, title: str, required_languages: list[str]) -> Job:
    """Queue a draft job; QueueUnavailable (nothing created) while the job queue cannot be reached."""
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
    # the batch checks again right before the call.
    try:
        guard_outbound(
            pieces=_brief_pieces(brief),
            policy=effective_phi_policy(providers[0]),
            on_premises=provider_may_send_unredacted(providers[0]),
            **phi_allow.guard_names(leaflet_id=leaflet_or_none.pk if leaflet_or_none else None),
        )
    except PhiBlocked as blocked:
        with transaction.atomic():
            audit_record(
                actor=user,
                verb="phi.blocked",
                leaflet=leaflet_or_none,
                data={"kind": "draft", "found": [loc.as_audit_dict() for loc in blocked.locations]},
            )
        raise PersonalDataInBrief(_brief_findings(brief, blocked)) from None
    queueing.require_queue()  # the person hears now, not from a job that waits for Redis
    with transaction.atomic():
        job = Job.objects.create(
            kind=Job.Kind.DRAFT,
            leaflet=leaflet_or_none,
            created_by=user,
            language=language,
            brief={"brief": brief, "title": title, "required_languages": required_languages},
            provider=providers[0],
            prompt_version=llm.DRAFT_VERSION,
            progress_total=1,
            state=Job.State.RUNNING,
            started_at=timezone.now(),
            attempts=1,
        )
        batch = JobBatch.objects.create(job=job, phase=DRAFT, index=0, segment_keys=[], provider=providers[0])
        audit_record(
            actor=user,
            verb="job.queued",
            leaflet=leaflet_or_none,
            obj=job,
            data={"kind": "draft", "provider": providers[0].name},
        )
        _queue(batch)
    return job


def back_translation_queue(*, text_version_id: int, keys: list[uuid.UUID], user_id: int) -> Job | None:
    """Back-translate these segments again after a reviewer changed them; None when no provider does that.

    Runs after the edit commits (text_versions.target_segment_edit queues it
    with on_commit), in its own transaction: the edit holds the text version
    row, and jobs lock the job row before it. Idempotent: a segment already
    waiting in a queued back-translation batch (which reads the text when it
    runs) is not queued again, nor one whose back-translation is back already.
    An active job of the text gets the batch; otherwise a job is created, so
    approvals wait for the new back-translation and its QA, as for any job.
    """
    with transaction.atomic():
        tv = TextVersion.objects.select_related("revision__leaflet").get(pk=text_version_id)
        if tv.is_source or not rules.is_current(tv):
            return None
        providers = route(kind="back_translate", language=tv.language_id)
        if not providers:
            return None
        wanted = [
            str(k)
            for k in TargetSegment.objects.filter(text_version=tv, key__in=keys, back_translation="")
            .exclude(rules.untranslated())
            .order_by("position")
            .values_list("key", flat=True)
        ]
        job = Job.objects.select_for_update(no_key=True).filter(rules.job_active(), text_version=tv).first()
        if not wanted or (job is not None and job.state == Job.State.QUEUED):
            return job  # nothing to do, or the job's start plans every missing back-translation
        if job is not None:
            waiting = {
                key
                for batch_keys in JobBatch.objects.filter(
                    job=job,
                    phase=JobBatch.Phase.BACK_TRANSLATE,
                    state=JobBatch.State.QUEUED,
                ).values_list("segment_keys", flat=True)
                for key in batch_keys
            }
            wanted = [key for key in wanted if key not in waiting]
            if not wanted:
                return job
        else:
            total = TargetSegment.objects.filter(text_version=tv).count()
            job = Job.objects.create(
                kind=Job.Kind.TRANSLATE,
                state=Job.State.RUNNING,
                started_at=timezone.now(),
                attempts=1,
                leaflet=tv.revision.leaflet,
                revision_id=tv.revision_id,
                text_version=tv,
                language=tv.language_id,
                created_by_id=user_id,
                provider=providers[0],
                prompt_version=llm.BACK_TRANSLATE_VERSION,
                progress_total=total,
                progress_done=total,
                brief={"edited": wanted},
            )
            audit_record(
                actor=job.created_by,
                verb="jobs.queued",
                leaflet=tv.revision.leaflet,
                obj=job,
                data={"kind": "back_translate", "jobs": [job.pk], "languages": [tv.language_id], "segments": wanted},
            )
        batch = JobBatch.objects.create(
            job=job,
            phase=JobBatch.Phase.BACK_TRANSLATE,
            index=_next_index(job.pk, JobBatch.Phase.BACK_TRANSLATE),
            segment_keys=wanted,
            provider=providers[0],
        )
        _queue(batch)
    return job


def job_cancel(*, job: Job, user) -> Job:
    if not permissions.is_author(user):
        raise PermissionDenied
    with transaction.atomic():
        claimed = Job.objects.filter(rules.job_active(), pk=job.pk).update(
            state=Job.State.CANCELLED,
            finished_at=timezone.now(),
            error=_("Cancelled by %(user)s") % {"user": user.username},
        )
        if not claimed:
            raise ValidationError(_("This job has already finished."))
        JobBatch.objects.filter(rules.job_active(), job=job).update(state=JobBatch.State.CANCELLED)
        audit_record(actor=user, verb="job.cancelled", leaflet=job.leaflet, obj=job, data={"kind": job.kind})
    job.refresh_from_db()
    return job


def job_retry(*, job: Job, user) -> Job:
    """Re-queue a failed or cancelled job as a new job; work already done is not redone."""
    if job.state not in (Job.State.FAILED, Job.State.CANCELLED):
        raise ValidationError(_("Only a failed or cancelled job can be retried."))
    if job.kind == Job.Kind.DRAFT:
        payload = job.brief
        return job_queue_draft(
            leaflet_or_none=job.leaflet,
            user=user,
            brief=payload.get("brief", {}),
            title=payload.get("title", ""),
            required_languages=payload.get("required_languages", []),
        )
    if job.leaflet is None or job.leaflet.current_revision_id != job.revision_id:
        raise ValidationError(_("The leaflet has a newer revision; translate that one instead."))
    return job_queue_translation(leaflet=job.leaflet, user=user, languages=[job.language])[0]


# --- Translation jobs: planning ----------------------------------------------------------------
def translation_job_start(*, job_id: int) -> None:
    """Claim the job, fill from memory, plan batches and queue them on the provider's queue."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, attempts=F("attempts") + 1
    ):
        return  # claimed by another delivery, or cancelled
    job = Job.objects.select_related("text_version__revision__leaflet").get(pk=job_id)
    tv = _text_of(job)
    source_language = tv.revision.leaflet.source_language_id
    empty = list(
        TargetSegment.objects.filter(rules.untranslated(), text_version=tv)
        .select_related("source_segment")
        .order_by("position")
    )
    memory = memory_lookup(
        source_language=source_language,
        target_language=tv.language_id,
        source_hashes=[s.source_segment.content_hash for s in empty],
    )
    from_memory = {
        s.key: memory[s.source_segment.content_hash] for s in empty if s.source_segment.content_hash in memory
    }
    if from_memory:
        text_version_apply_translations(
            text_version=tv, translations=from_memory, origin=TargetSegment.Origin.MEMORY, run_qa=False
        )
    remaining = [s for s in empty if s.key not in from_memory]
    providers = route(kind="translate", language=tv.language_id)
    if not providers:
        Job.objects.filter(pk=job_id).update(progress_done=F("progress_total") - len(remaining))
        # QA is the worker's, not the request's.
        queueing.send_on_commit(partial(finish_job.apply_async, args=[job_id]), what=f"finishing job {job_id}")
        return
    missing_back = list(
        TargetSegment.objects.filter(text_version=tv, back_translation="")
        .exclude(rules.untranslated())
        .exclude(key__in=[s.key for s in remaining])
        .order_by("position")
        .values_list("key", "text")
    )
    back_route = route(kind="back_translate", language=tv.language_id) or providers
    to_translate = [(s.key, s.source_segment.text) for s in remaining]
    with transaction.atomic():
        if dual_forward.is_dual(tv):
            # Two independent versions per segment, from the route's first two providers (with one, slot "b"
            # is a translator's), each stored apart for a person to reconcile: translations/dual_forward.py.
            forward = dual_forward.forward_providers(tv.language_id)
            Job.objects.filter(pk=job_id).update(
                progress_total=F("progress_total") + len(remaining) * (len(forward) - 1),
                progress_done=F("progress_total") - len(remaining),
                provider=providers[0],
            )
            batches = []
            for slot, provider, start in zip(dual_forward.SLOTS, forward, (0, 500), strict=False):
                batches += _plan(job, JobBatch.Phase.TRANSLATE, to_translate, provider, start_index=start, slot=slot)
        else:
            Job.objects.filter(pk=job_id).update(
                progress_done=F("progress_total") - len(remaining), provider=providers[0]
            )
            batches = _plan(job, JobBatch.Phase.TRANSLATE, to_translate, providers[0])
        batches += _plan(job, JobBatch.Phase.BACK_TRANSLATE, missing_back, back_route[0], start_index=1000)
        for batch in batches:
            _queue(batch)
    if not batches:
        job_finish_if_done(job_id=job_id)


def _plan(
    job: Job,
    phase: str,
    segments: list[tuple[uuid.UUID, str]],
    provider: Provider,
    start_index: int = 0,
    slot: str = "",
) -> list[JobBatch]:
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for key, text in segments:
        if current and (
            len(current) >= settings.MODEL_BATCH_MAX_SEGMENTS or size + len(text) > settings.MODEL_BATCH_MAX_CHARS
        ):
            chunks.append(current)
            current, size = [], 0
        current.append(str(key))
        size += len(text)
    if current:
        chunks.append(current)
    return [
        JobBatch.objects.create(
            job=job, phase=phase, index=start_index + i, segment_keys=chunk, provider=provider, slot=slot
        )
        for i, chunk in enumerate(chunks)
    ]


def reconciled_back_translation_queue(
    *, text_version: TextVersion, keys: list[uuid.UUID], user, avoid: set[int]
) -> Job | None:
    """Queue a blind back-translation of reconciled segments; None when no provider back-translates.

    Blind: the back-translate batch sends only the segments' (reconciled)
    target text, read when it runs, never the source or the two versions. By a
    third provider where one is configured: the back-translate route (else the
    translate route, as for any translation) minus `avoid`, the providers that
    wrote the versions; else the usual first provider. Call inside the
    reconciliation's transaction, the text version locked and no job active
    for it; the batch is sent when it commits. The job keeps approvals waiting
    until the back-translation and QA are in, like any job.
    """
    language = text_version.language_id
    candidates = route(kind="back_translate", language=language) or route(kind="translate", language=language)
    if not candidates or not keys:
        return None
    provider = next((p for p in candidates if p.pk not in avoid), candidates[0])
    leaflet = text_version.revision.leaflet
    total = TargetSegment.objects.filter(text_version=text_version).count()
    wanted = [str(key) for key in keys]
    job = Job.objects.create(
        kind=Job.Kind.TRANSLATE,
        state=Job.State.RUNNING,
        started_at=timezone.now(),
        attempts=1,
        leaflet=leaflet,
        revision_id=text_version.revision_id,
        text_version=text_version,
        language=language,
        created_by=user,
        provider=provider,
        prompt_version=llm.BACK_TRANSLATE_VERSION,
        progress_total=total,
        progress_done=total,
        brief={"reconciled": wanted},
    )
    audit_record(
        actor=user,
        verb="jobs.queued",
        leaflet=leaflet,
        obj=job,
        data={
            "kind": "back_translate",
            "jobs": [job.pk],
            "languages": [language],
            "segments": wanted,
            "blind": True,
            "provider": provider.name,
            "third_provider": provider.pk not in avoid,
        },
    )
    batch = JobBatch.objects.create(
        job=job, phase=JobBatch.Phase.BACK_TRANSLATE, index=1, segment_keys=wanted, provider=provider
    )
    _queue(batch)
    return job
