"""Review, the publish gate, and publishing.

The gate: a leaflet may be published only when, for every required language,
the text version of the *current* revision has a native-speaker approval and a
clinician approval, by two different people who never wrote or edited any of
it, both recorded against the text's current content hash *and* current edit
generation, with no open change request, no untranslated segment and no
translation job still running. `gate_evaluate` computes this for display; `leaflet_publish`
recomputes it with the leaflet and every text version row locked, in the
transaction that writes the publication, and the database triggers in
review.db_rules check it once more as the rows are written.

Lock order everywhere: leaflet → text versions (by id) → target segments →
audit head. Keeping one order is what makes edit/approve/publish races
deadlock-free on PostgreSQL. Locks are FOR NO KEY UPDATE: inserting a row
that references a locked row (an audit event naming the leaflet, a finding
naming the text version) takes a KEY SHARE lock on it, which a plain FOR
UPDATE would block, turning the lock order into a cycle.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from review import permissions
from review.audit import audit_record, sealed_events
from review.models import Approval, Comment, FindingOverride, Publication, PublicationText, Stage
from translations.models import Finding, MemoryEntry, TargetSegment, TextVersion
from translations.qa_runner import current_findings
from translations.text_versions import has_contributed
from workbench.models import Leaflet

log = logging.getLogger(__name__)


class GateClosed(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


# --- Evaluating the gate ------------------------------------------------------------
@dataclass
class StageCell:
    stage: str
    approval: Approval | None = None  # the approval that counts, if any
    latest: Approval | None = None  # the newest open change request in this stage, if any
    stale_approvals: int = 0  # approvals given to an earlier edit of the text
    unsealed: int = 0  # approval rows the keyed audit trail does not record: never counted

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.latest is None


@dataclass
class LanguageRow:
    language: str
    text_version: TextVersion | None
    cells: dict[str, StageCell] = field(default_factory=dict)
    untranslated: int = 0
    unresolved_errors: int = 0
    open_requests: list[Approval] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.reasons


@dataclass
class GateStatus:
    leaflet: Leaflet
    rows: list[LanguageRow]

    @property
    def open(self) -> bool:
        return bool(self.rows) and all(row.ready for row in self.rows)

    @property
    def reasons(self) -> list[str]:
        return [reason for row in self.rows for reason in row.reasons]


def unresolved_errors(text_version: TextVersion) -> list[Finding]:
    """QA errors on the current content that nobody has overridden with a reason."""
    errors = list(current_findings(text_version).filter(severity=Finding.Severity.ERROR))
    roots = {f.origin_id or f.pk for f in errors}
    overridden = set(FindingOverride.objects.filter(finding_id__in=roots).values_list("finding_id", flat=True))
    return [f for f in errors if (f.origin_id or f.pk) not in overridden]


def approval_counts(approval: Approval, text_version: TextVersion) -> bool:
    """The one definition of an approval that still stands: given to exactly this content at this
    edit generation, and recorded in the keyed audit trail (see `decisions_of`)."""
    return (approval.decision == Approval.Decision.APPROVED and bool(text_version.content_hash)
            and approval.content_hash == text_version.content_hash
            and approval.generation == text_version.edit_generation
            and getattr(approval, "sealed", False))


def open_change_requests(decisions: list[Approval], text_version: TextVersion) -> list[Approval]:
    """Change requests on the current edit that their requester has not withdrawn, newest first.

    A change request blocks the text until the text changes (a new edit
    generation) or the reviewer who made it withdraws it.
    """
    withdrawn = {d.withdraws_id for d in decisions
                 if d.decision == Approval.Decision.REQUEST_WITHDRAWN and getattr(d, "sealed", False)}
    return sorted(
        (d for d in decisions if d.decision == Approval.Decision.CHANGES_REQUESTED
         and d.generation == text_version.edit_generation and d.pk not in withdrawn),
        key=lambda d: d.pk, reverse=True,
    )


_SEALING_VERB = {
    Approval.Decision.APPROVED: "text.approved",
    Approval.Decision.REQUEST_WITHDRAWN: "text.change_request_withdrawn",
}


def decisions_of(text_version: TextVersion) -> list[Approval]:
    """Every decision on a text, newest first, each marked `sealed` when the keyed audit trail records it.

    An approval or a withdrawal counts only when its audit event, sealed with
    the audit key held outside the database, names exactly this decision: a
    row inserted by hand by someone with database access passes every trigger
    (real reviewer, current hash) but has no such event, so it opens nothing.
    A change request needs no seal: a forged one can only block.
    """
    decisions = list(Approval.objects.filter(text_version=text_version).select_related("reviewer").order_by("-id"))
    events = {}
    for decision_kind, verb in _SEALING_VERB.items():
        events.update(sealed_events(verb=verb, object_type="review.approval",
                                    object_ids=[d.pk for d in decisions if d.decision == decision_kind]))
    for d in decisions:
        event = events.get(str(d.pk))
        d.sealed = bool(
            event is not None and event.verb == _SEALING_VERB.get(d.decision) and event.actor_id == d.reviewer_id
            and event.data.get("stage") == d.stage and event.data.get("generation", 0) == d.generation
            and (d.decision != Approval.Decision.APPROVED or (
                event.data.get("content_hash") == d.content_hash and event.data.get("text_version") == d.text_version_id))
            and (d.decision != Approval.Decision.REQUEST_WITHDRAWN or event.data.get("request") == d.withdraws_id)
        )
    return decisions




def _stage_cell(text_version: TextVersion, stage: str, decisions: list[Approval] | None = None) -> StageCell:
    decisions = decisions_of(text_version) if decisions is None else decisions
    cell = StageCell(stage=stage)
    mine = [d for d in decisions if d.stage == stage]
    counting = [d for d in mine if approval_counts(d, text_version)]
    cell.approval = counting[0] if counting else None
    cell.stale_approvals = sum(1 for d in mine if d.decision == Approval.Decision.APPROVED and d not in counting
                               and getattr(d, "sealed", False))
    cell.unsealed = sum(1 for d in mine if d.decision == Approval.Decision.APPROVED and not getattr(d, "sealed", False))
    requests = open_change_requests(mine, text_version)
    cell.latest = requests[0] if requests else None
    return cell


def job_running(text_version: TextVersion) -> bool:
    """QA findings and back-translations are written when a job ends: until then the text is unchecked."""
    return text_version.jobs.filter(state__in=["queued", "running"]).exists()


def _language_row(text_version: TextVersion | None, code: str) -> LanguageRow:
    row = LanguageRow(language=code, text_version=text_version)
    if text_version is None:
        row.reasons.append(_("%(lang)s: there is no text for the current revision.") % {"lang": code})
        return row
    decisions = decisions_of(text_version)
    for stage in Stage.values:
        row.cells[stage] = _stage_cell(text_version, stage, decisions)
    row.open_requests = open_change_requests(decisions, text_version)
    row.untranslated = TargetSegment.objects.filter(text_version=text_version, text="").count()
    if row.untranslated:
        row.reasons.append(_("%(lang)s: %(n)d segment(s) not translated yet.") % {"lang": code, "n": row.untranslated})
    if not text_version.content_hash:
        row.reasons.append(_("%(lang)s: the text was changed outside the workbench and must be re-checked.")
                           % {"lang": code})
    if job_running(text_version):
        row.reasons.append(_("%(lang)s: a translation job is still running.") % {"lang": code})
    for stage, cell in row.cells.items():
        if cell.approved:
            continue
        label = Stage(stage).label
        if cell.latest is not None:
            row.reasons.append(_("%(lang)s: %(stage)s requested changes.") % {"lang": code, "stage": label})
        elif cell.stale_approvals:
            row.reasons.append(_("%(lang)s: %(stage)s approved an earlier version of the text; it changed since.")
                               % {"lang": code, "stage": label})
        else:
            row.reasons.append(_("%(lang)s: awaiting %(stage)s.") % {"lang": code, "stage": label})
    if any(cell.unsealed for cell in row.cells.values()):
        # Someone wrote decision rows around the services: say so, loudly.
        log.error("text version %s has approval rows that the audit trail does not record", text_version.pk)
        row.reasons.append(_("%(lang)s: an approval in the database is not recorded in the audit trail and does not "
                             "count; tell your administrator.") % {"lang": code})
    native, clinical = row.cells[Stage.NATIVE].approval, row.cells[Stage.CLINICAL].approval
    if native and clinical and native.reviewer_id == clinical.reviewer_id:
        row.reasons.append(_("%(lang)s: both approvals are by the same person.") % {"lang": code})
    return row


def gate_evaluate(*, leaflet: Leaflet) -> GateStatus:
    revision_id = leaflet.current_revision_id
    versions = {tv.language_id: tv for tv in TextVersion.objects.filter(revision_id=revision_id)}
    rows = [_language_row(versions.get(code), code) for code in leaflet.language_codes()]
    return GateStatus(leaflet=leaflet, rows=rows)


# --- Review actions -------------------------------------------------------------------
def _lock_text_version(text_version: TextVersion) -> TextVersion:
    # of=self: lock only the text version row. Locking the joined leaflet too
    # would take it after the text version, the reverse of publishing's order,
    # and deadlock against a concurrent publish (the race tests found this).
    return TextVersion.objects.select_for_update(no_key=True, of=("self",)).select_related("revision__leaflet").get(pk=text_version.pk)


def _check_reviewable(tv: TextVersion, reviewer, stage: str) -> None:
    if stage not in Stage.values:
        raise ValidationError(_("Unknown review stage %(stage)r.") % {"stage": stage})
    if not permissions.can_review(reviewer, tv, stage):
        raise PermissionDenied(_("You are not a reviewer for this language and stage."))
    if tv.revision.leaflet.current_revision_id != tv.revision_id:
        raise ValidationError(_("This text belongs to an older revision of the leaflet; open the current one."))


def translation_approve(*, text_version: TextVersion, reviewer, stage: str, expected_hash: str,
                        expected_generation: int | None = None, comment: str = "") -> Approval:
    """Approve exactly the current content of a text version for one stage.

    `expected_hash` (required) is the hash the reviewer's screen showed, and
    `expected_generation` the edit generation it showed: a reviewer approves
    what they saw, or nothing. If the text changed since, even back to the
    same words, the approval is refused rather than given to text they have
    not seen.
    """
    with transaction.atomic():
        tv = _lock_text_version(text_version)
        _check_reviewable(tv, reviewer, stage)
        if not tv.content_hash:
            raise ValidationError(_("The text must be re-checked before it can be approved."))
        if not expected_hash:
            raise ValidationError(_("Approve from the review screen: the approval must name the text you saw."))
        if expected_hash != tv.content_hash or (expected_generation is not None
                                                and expected_generation != tv.edit_generation):
            raise ValidationError(_("The text changed while you were reviewing it. Reload to see the changes."))
        if TargetSegment.objects.filter(text_version=tv, text="").exists():
            raise ValidationError(_("Some segments are not translated yet."))
        if job_running(tv):
            # QA findings and back-translations are written when the job ends;
            # approving before that would approve unchecked text.
            raise ValidationError(_("A translation job for this text is still running; wait for it to finish."))
        if has_contributed(user=reviewer, text_version=tv):
            raise ValidationError(_("You wrote or edited this text (in this or an earlier revision), "
                                    "so someone else must approve it."))
        decisions = decisions_of(tv)
        other = Stage.CLINICAL if stage == Stage.NATIVE else Stage.NATIVE
        other_cell = _stage_cell(tv, other, decisions)
        if other_cell.approval is not None and other_cell.approval.reviewer_id == reviewer.pk:
            raise ValidationError(_("You already gave the other approval for this text; "
                                    "the two approvals of a language must come from two people."))
        requests = open_change_requests(decisions, tv)
        if requests:
            request = requests[0]
            raise ValidationError(
                _("%(who)s requested changes to this text: “%(comment)s”. It can be approved once the text "
                  "changes or %(who)s withdraws the request.")
                % {"who": _display_name(request.reviewer), "comment": request.comment}
            )
        if _stage_cell(tv, stage, decisions).approval is not None:
            raise ValidationError(_("This stage is already approved for the current text."))
        blocking = unresolved_errors(tv)
        if blocking:
            raise ValidationError(
                _("%(n)d QA error(s) must be fixed or overridden with a reason before approval.") % {"n": len(blocking)}
            )
        approval = Approval.objects.create(text_version=tv, stage=stage, reviewer=reviewer,
                                           decision=Approval.Decision.APPROVED, content_hash=tv.content_hash,
                                           generation=tv.edit_generation, comment=comment.strip())
        fully_approved = other_cell.approved
        if fully_approved and not tv.is_source:
            _remember(tv)
        audit_record(actor=reviewer, verb="text.approved", leaflet=tv.revision.leaflet, obj=approval, data={
            "language": tv.language_id, "stage": stage, "revision": tv.revision.number,
            "content_hash": tv.content_hash, "generation": tv.edit_generation, "text_version": tv.pk,
            **approval_provenance(tv),
        })
    if fully_approved:
        transaction.on_commit(lambda: _notify_publishers(tv))
    return approval


def _display_name(user) -> str:
    return user.get_full_name() or user.username


def approval_provenance(tv: TextVersion) -> dict:
    """What an approval approved, for the audit trail: where each segment's
    current text came from (model and prompt, memory, a person), the jobs that
    produced it, and the QA findings that were overridden rather than fixed."""
    from translations.models import Job

    segments = list(TargetSegment.objects.filter(text_version=tv).order_by("position")
                    .values_list("key", "origin", "model_name", "updated_by__username"))
    model_names = {name for _k, _o, name, _u in segments if name}
    # Carried segments were produced by a job on an earlier revision's text.
    jobs = list(Job.objects.filter(Q(text_version=tv) | Q(
        leaflet_id=tv.revision.leaflet_id, language=tv.language_id, reported_model__in=model_names,
        kind=Job.Kind.TRANSLATE, state=Job.State.SUCCEEDED))
        .select_related("provider").order_by("id").distinct())
    overridden = []
    for finding in current_findings(tv).filter(severity=Finding.Severity.ERROR):
        override = FindingOverride.objects.filter(finding_id=finding.origin_id or finding.pk).select_related(
            "reviewer").first()
        if override is not None:
            overridden.append({"check": finding.check_id, "segment": str(finding.segment_key or ""),
                               "reason": override.reason, "by": override.reviewer.username})
    # The newest job that reported a model is the one that produced that model's text here.
    by_model = {job.reported_model: job for job in jobs if job.reported_model}

    def made_by(model: str) -> dict:
        job = by_model.get(model)
        return {"provider": job.provider.name if job and job.provider else "",
                "prompt_version": job.prompt_version if job else "", "job": job.pk if job else None}

    return {
        "segments": [{"key": str(key), "origin": origin, "model": model, "edited_by": editor or "",
                      **(made_by(model) if model else {})}
                     for key, origin, model, editor in segments],
        "jobs": [{"id": job.pk, "provider": job.provider.name if job.provider else "", "model": job.reported_model,
                  "prompt_version": job.prompt_version, "state": job.state} for job in jobs],
        "overridden_findings": overridden,
    }


def _remember(tv: TextVersion) -> None:
    """Both stages approved: the segments become reusable translation memory."""
    source_language = tv.revision.leaflet.source_language_id
    for segment in TargetSegment.objects.filter(text_version=tv).select_related("source_segment"):
        MemoryEntry.objects.update_or_create(
            source_language=source_language, target_language=tv.language_id,
            source_hash=segment.source_segment.content_hash,
            defaults={"source_text": segment.source_segment.text, "target_text": segment.text, "text_version": tv},
        )


def translation_request_changes(*, text_version: TextVersion, reviewer, stage: str, comment: str) -> Approval:
    """Ask for changes: blocks the text (in every stage) until it changes or the request is withdrawn."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what needs to change: a comment is required."))
    with transaction.atomic():
        tv = _lock_text_version(text_version)
        _check_reviewable(tv, reviewer, stage)
        if not tv.content_hash:
            raise ValidationError(_("The text must be re-checked before it can be reviewed."))
        for request in open_change_requests(decisions_of(tv), tv):
            if request.reviewer_id == reviewer.pk and request.stage == stage and request.comment == comment:
                return request  # the same request submitted twice
        decision = Approval.objects.create(text_version=tv, stage=stage, reviewer=reviewer,
                                           decision=Approval.Decision.CHANGES_REQUESTED,
                                           content_hash=tv.content_hash, generation=tv.edit_generation,
                                           comment=comment)
        Comment.objects.create(text_version=tv, author=reviewer, body=comment)
        audit_record(actor=reviewer, verb="text.changes_requested", leaflet=tv.revision.leaflet, obj=decision,
                     data={"language": tv.language_id, "stage": stage, "revision": tv.revision.number,
                           "content_hash": tv.content_hash, "generation": tv.edit_generation})
    transaction.on_commit(lambda: _notify_author(tv, reviewer, comment))
    return decision


def translation_change_request_withdraw(*, change_request: Approval, reviewer, comment: str = "") -> Approval:
    """The requester takes their change request back (the text was fine after all)."""
    with transaction.atomic():
        tv = _lock_text_version(change_request.text_version)
        request = Approval.objects.get(pk=change_request.pk)
        if request.decision != Approval.Decision.CHANGES_REQUESTED:
            raise ValidationError(_("Only a change request can be withdrawn."))
        if request.reviewer_id != reviewer.pk:
            raise PermissionDenied(_("Only the reviewer who requested the changes can withdraw the request."))
        _check_reviewable(tv, reviewer, request.stage)
        if request not in open_change_requests(decisions_of(tv), tv):
            raise ValidationError(_("This change request is no longer open: it was withdrawn, "
                                    "or the text has changed since."))
        withdrawal = Approval.objects.create(text_version=tv, stage=request.stage, reviewer=reviewer,
                                             decision=Approval.Decision.REQUEST_WITHDRAWN, withdraws=request,
                                             content_hash=request.content_hash, generation=request.generation,
                                             comment=(comment or "").strip())
        audit_record(actor=reviewer, verb="text.change_request_withdrawn", leaflet=tv.revision.leaflet,
                     obj=withdrawal, data={"language": tv.language_id, "stage": request.stage,
                                           "request": request.pk, "generation": tv.edit_generation})
    return withdrawal


def finding_override(*, finding: Finding, reviewer, reason: str) -> FindingOverride:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("An override needs a written reason."))
    with transaction.atomic():
        tv = _lock_text_version(finding.text_version)
        if not any(permissions.can_review(reviewer, tv, stage) for stage in Stage.values):
            raise PermissionDenied(_("You are not a reviewer for this language."))
        if finding.content_hash != tv.content_hash:
            raise ValidationError(_("This finding is for an earlier version of the text."))
        root_id = finding.origin_id or finding.pk
        if FindingOverride.objects.filter(finding_id=root_id).exists():
            raise ValidationError(_("This finding is already overridden."))
        override = FindingOverride.objects.create(finding_id=root_id, reviewer=reviewer, reason=reason)
        audit_record(actor=reviewer, verb="qa.overridden", leaflet=tv.revision.leaflet, obj=override, data={
            "language": tv.language_id, "check": finding.check_id, "segment": str(finding.segment_key or ""),
            "message": finding.message, "reason": reason, "content_hash": tv.content_hash,
        })
    return override


def comment_add(*, text_version: TextVersion, author, body: str, segment_key=None) -> Comment:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("A comment cannot be empty."))
    if not permissions.can_view_text(author, text_version):
        raise PermissionDenied
    with transaction.atomic():
        tv = _lock_text_version(text_version)
        comment = Comment.objects.create(text_version=tv, author=author, body=body, segment_key=segment_key)
        audit_record(actor=author, verb="comment.added", leaflet=tv.revision.leaflet, obj=comment,
                     data={"language": tv.language_id, "segment": str(segment_key or "")})
    return comment


# --- Publishing -----------------------------------------------------------------------
def leaflet_publish(*, leaflet: Leaflet, publisher) -> Publication:
    if not permissions.can_publish(publisher, leaflet):
        raise PermissionDenied(_("Only publishers can publish."))
    try:
        with transaction.atomic():
            return _publish_locked(leaflet=leaflet, publisher=publisher)
    except GateClosed as refused:
        # Refusals are accountable too, in their own transaction since the
        # publishing one was rolled back.
        with transaction.atomic():
            audit_record(actor=publisher, verb="leaflet.publish_refused", leaflet=leaflet, obj=leaflet,
                         data={"reasons": refused.reasons})
        raise


def _publish_locked(*, leaflet: Leaflet, publisher) -> Publication:
    locked = Leaflet.objects.select_for_update(no_key=True).get(pk=leaflet.pk)
    versions = list(
        TextVersion.objects.select_for_update(no_key=True).filter(revision_id=locked.current_revision_id).order_by("id")
    )
    # Edits hold their text version's lock, so this is belt and braces, but it
    # makes the snapshot below provably the content the hashes describe.
    list(TargetSegment.objects.select_for_update(no_key=True).filter(text_version__in=versions).values_list("id"))
    status = gate_evaluate(leaflet=locked)
    if not status.open:
        raise GateClosed(status.reasons)
    live = Publication.objects.filter(leaflet=locked, state=Publication.State.LIVE).first()
    if live is not None and live.revision_id == locked.current_revision_id:
        raise ValidationError(_("This revision is already published."))
    publication = Publication.objects.create(leaflet=locked, revision_id=locked.current_revision_id,
                                             published_by=publisher)
    for row in status.rows:
        tv = row.text_version
        segments = TargetSegment.objects.filter(text_version=tv).select_related("source_segment").order_by("position")
        body = [{"kind": s.source_segment.kind, "text": s.text, "key": str(s.key)} for s in segments]
        # Only approved content reaches patients: the title is the text's own
        # (translated, reviewed) title segment, never the authors' working
        # title on the leaflet row.
        title = next((b["text"] for b in body if b["kind"] == "title"), "")
        PublicationText.objects.create(
            publication=publication, language_id=row.language, text_version=tv, content_hash=tv.content_hash,
            edit_generation=tv.edit_generation,
            native_approval=row.cells[Stage.NATIVE].approval, clinical_approval=row.cells[Stage.CLINICAL].approval,
            title=title[:300], body=body,
        )
    if live is not None:
        Publication.objects.filter(pk=live.pk).update(
            state=Publication.State.WITHDRAWN, withdrawn_by=publisher, withdrawn_at=timezone.now(),
            withdrawal_reason=f"Superseded by publication {publication.pk}",
        )
    Publication.objects.filter(pk=publication.pk).update(state=Publication.State.LIVE)
    publication.state = Publication.State.LIVE
    audit_record(actor=publisher, verb="leaflet.published", leaflet=locked, obj=publication, data={
        "revision": publication.revision.number,
        "texts": {row.language: row.text_version.content_hash for row in status.rows},
        "generations": {row.language: row.text_version.edit_generation for row in status.rows},
        # What patients will read, exactly: the patient page shows a text only
        # if its frozen body still has this digest (see publication_is_sealed).
        "bodies": {text.language_id: body_digest(text.body) for text in publication.texts.all()},
        "approvals": {row.language: [row.cells[Stage.NATIVE].approval.pk, row.cells[Stage.CLINICAL].approval.pk]
                      for row in status.rows},
        "superseded": live.pk if live else None,
    })
    return publication


def body_digest(body: list[dict]) -> str:
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


def publication_is_sealed(*, publication: Publication, texts: list[PublicationText]) -> bool:
    """Is this live publication the one the keyed audit trail records, text for text?

    The database triggers check every row as it is written, but someone with
    database access could still write rows that pass them (a hand-made body
    for an approved text, say). What they cannot make is the publication's
    audit event sealed with the key held outside the database; the patient
    page shows nothing that event does not vouch for.
    """
    event = sealed_events(verb="leaflet.published", object_type="review.publication",
                          object_ids=[publication.pk]).get(str(publication.pk))
    if event is None or event.actor_id != publication.published_by_id:
        return False
    data = event.data
    if data.get("texts") != {t.language_id: t.content_hash for t in texts}:
        return False
    # Publications from before generations and body digests were recorded
    # carry neither; everything they do record must still match.
    if "generations" in data and data["generations"] != {t.language_id: t.edit_generation for t in texts}:
        return False
    if "bodies" in data and data["bodies"] != {t.language_id: body_digest(t.body) for t in texts}:
        return False
    return True


def publication_withdraw(*, publication: Publication, user, reason: str) -> Publication:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the publication is withdrawn."))
    if not permissions.can_publish(user, publication.leaflet):
        raise PermissionDenied
    with transaction.atomic():
        locked = Publication.objects.select_for_update(no_key=True).get(pk=publication.pk)
        if locked.state != Publication.State.LIVE:
            raise ValidationError(_("Only a live publication can be withdrawn."))
        Publication.objects.filter(pk=locked.pk).update(
            state=Publication.State.WITHDRAWN, withdrawn_by=user, withdrawn_at=timezone.now(), withdrawal_reason=reason,
        )
        locked.refresh_from_db()
        audit_record(actor=user, verb="publication.withdrawn", leaflet=locked.leaflet, obj=locked,
                     data={"reason": reason, "revision": locked.revision.number})
    return locked


# --- Queues and notifications ---------------------------------------------------------
def review_queue(*, user) -> list[tuple[TextVersion, str]]:
    """What awaits this reviewer: current texts in their languages and stages without a decision, oldest first."""
    stages = permissions.review_stages(user)
    if not stages:
        return []
    candidates = (
        TextVersion.objects.filter(language_id__in=stages.keys(), revision__leaflet__current_revision=F("revision"))
        .exclude(content_hash="")
        .select_related("revision__leaflet")
        .order_by("updated_at", "id")
    )
    queue = []
    for tv in candidates:
        if TargetSegment.objects.filter(text_version=tv, text="").exists():
            continue
        if tv.jobs.filter(state__in=["queued", "running"]).exists():
            continue  # not reviewable until its QA and back-translation are in
        for stage in sorted(stages[tv.language_id]):
            decided = Approval.objects.filter(text_version=tv, stage=stage, content_hash=tv.content_hash,
                                              generation=tv.edit_generation).exclude(
                decision=Approval.Decision.REQUEST_WITHDRAWN).exists()
            if not decided:
                queue.append((tv, stage))
    return queue


def _reviewers_of(language: str):
    from django.contrib.auth import get_user_model

    from review.models import LanguageGroupObjectPermission

    group_ids = LanguageGroupObjectPermission.objects.filter(content_object_id=language).values_list("group_id", flat=True)
    return get_user_model().objects.filter(Q(groups__in=group_ids), is_active=True).exclude(email="").distinct()


def notify_reviewers(*, text_version: TextVersion) -> None:
    emails = list(_reviewers_of(text_version.language_id).values_list("email", flat=True))
    if not emails:
        return
    leaflet = text_version.revision.leaflet
    send_mail(
        subject=f"[Workbench] {leaflet.title} ({text_version.language_id}) awaits your review",
        message=f"The {text_version.language_id} text of revision {text_version.revision.number} of "
                f"“{leaflet.title}” is ready for review:\n{settings.SITE_URL}/review/{text_version.pk}/",
        from_email=None, recipient_list=emails, fail_silently=True,
    )


def _notify_author(tv: TextVersion, reviewer, comment: str) -> None:
    leaflet = tv.revision.leaflet
    recipients = {u.email for u in (leaflet.created_by, tv.revision.created_by) if u.email}
    if recipients:
        send_mail(
            subject=f"[Workbench] Changes requested: {leaflet.title} ({tv.language_id})",
            message=f"{reviewer.get_full_name() or reviewer.username} requested changes to the {tv.language_id} "
                    f"text of revision {tv.revision.number}:\n\n{comment}\n\n{settings.SITE_URL}/leaflets/{leaflet.pk}/",
            from_email=None, recipient_list=sorted(recipients), fail_silently=True,
        )


def _notify_publishers(tv: TextVersion) -> None:
    from django.contrib.auth import get_user_model

    leaflet = tv.revision.leaflet
    if not gate_evaluate(leaflet=leaflet).open:
        return
    emails = list(
        get_user_model().objects.filter(groups__name="Publishers", is_active=True).exclude(email="")
        .values_list("email", flat=True)
    )
    if emails:
        send_mail(subject=f"[Workbench] Ready to publish: {leaflet.title}",
                  message=f"Every language of “{leaflet.title}” is approved.\n{settings.SITE_URL}/leaflets/{leaflet.pk}/publish/",
                  from_email=None, recipient_list=emails, fail_silently=True)
