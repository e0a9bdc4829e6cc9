"""Review, the publish gate, and publishing.

The gate: a leaflet may be published only when, for every required language,
the text version of the *current* revision has a native-speaker approval and a
clinician approval, by two different people, both recorded against the text's
current content hash, with no later change request, and no untranslated
segment. `gate_evaluate` computes this for display; `leaflet_publish`
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
from review.audit import audit_record
from review.models import Approval, Comment, FindingOverride, Publication, PublicationText, Stage
from translations.models import Finding, MemoryEntry, TargetSegment, TextVersion
from translations.qa_runner import current_findings
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
    latest: Approval | None = None  # the latest decision at the current hash
    stale_approvals: int = 0  # approvals given to content that has since changed

    @property
    def approved(self) -> bool:
        return self.approval is not None


@dataclass
class LanguageRow:
    language: str
    text_version: TextVersion | None
    cells: dict[str, StageCell] = field(default_factory=dict)
    untranslated: int = 0
    unresolved_errors: int = 0
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


def _stage_cell(text_version: TextVersion, stage: str) -> StageCell:
    cell = StageCell(stage=stage)
    decisions = list(Approval.objects.filter(text_version=text_version, stage=stage).order_by("-id"))
    current = [a for a in decisions if a.content_hash and a.content_hash == text_version.content_hash]
    cell.stale_approvals = sum(1 for a in decisions if a.decision == Approval.Decision.APPROVED and a not in current)
    if current:
        cell.latest = current[0]
        if current[0].decision == Approval.Decision.APPROVED:
            cell.approval = current[0]
    return cell


def _language_row(text_version: TextVersion | None, code: str) -> LanguageRow:
    row = LanguageRow(language=code, text_version=text_version)
    if text_version is None:
        row.reasons.append(_("%(lang)s: there is no text for the current revision.") % {"lang": code})
        return row
    for stage in Stage.values:
        row.cells[stage] = _stage_cell(text_version, stage)
    row.untranslated = TargetSegment.objects.filter(text_version=text_version, text="").count()
    if row.untranslated:
        row.reasons.append(_("%(lang)s: %(n)d segment(s) not translated yet.") % {"lang": code, "n": row.untranslated})
    if not text_version.content_hash:
        row.reasons.append(_("%(lang)s: the text was changed outside the workbench and must be re-checked.")
                           % {"lang": code})
    for stage, cell in row.cells.items():
        if not cell.approved:
            label = Stage(stage).label
            if cell.latest is not None:
                row.reasons.append(_("%(lang)s: %(stage)s requested changes.") % {"lang": code, "stage": label})
            elif cell.stale_approvals:
                row.reasons.append(_("%(lang)s: %(stage)s approved an earlier version of the text; it changed since.")
                                   % {"lang": code, "stage": label})
            else:
                row.reasons.append(_("%(lang)s: awaiting %(stage)s.") % {"lang": code, "stage": label})
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


def translation_approve(*, text_version: TextVersion, reviewer, stage: str, comment: str = "",
                        expected_hash: str | None = None) -> Approval:
    """Approve exactly the current content of a text version for one stage.

    `expected_hash` is the hash the reviewer's screen showed; if the text
    changed since, the approval is refused rather than given to text the
    reviewer has not seen.
    """
    with transaction.atomic():
        tv = _lock_text_version(text_version)
        _check_reviewable(tv, reviewer, stage)
        if not tv.content_hash:
            raise ValidationError(_("The text must be re-checked before it can be approved."))
        if expected_hash is not None and expected_hash != tv.content_hash:
            raise ValidationError(_("The text changed while you were reviewing it. Reload to see the changes."))
        if TargetSegment.objects.filter(text_version=tv, text="").exists():
            raise ValidationError(_("Some segments are not translated yet."))
        if tv.jobs.filter(state__in=["queued", "running"]).exists():
            # QA findings and back-translations are written when the job ends;
            # approving before that would approve unchecked text.
            raise ValidationError(_("A translation job for this text is still running; wait for it to finish."))
        if TargetSegment.objects.filter(text_version=tv, updated_by=reviewer).exists():
            raise ValidationError(_("You wrote or edited this text, so someone else must approve it."))
        other = Stage.CLINICAL if stage == Stage.NATIVE else Stage.NATIVE
        if Approval.objects.filter(text_version=tv, stage=other, content_hash=tv.content_hash,
                                   decision=Approval.Decision.APPROVED, reviewer=reviewer).exists():
            raise ValidationError(_("You already gave the other approval for this text; "
                                    "the two approvals of a language must come from two people."))
        cell = _stage_cell(tv, stage)
        if cell.approved:
            raise ValidationError(_("This stage is already approved for the current text."))
        blocking = unresolved_errors(tv)
        if blocking:
            raise ValidationError(
                _("%(n)d QA error(s) must be fixed or overridden with a reason before approval.") % {"n": len(blocking)}
            )
        approval = Approval.objects.create(text_version=tv, stage=stage, reviewer=reviewer,
                                           decision=Approval.Decision.APPROVED, content_hash=tv.content_hash,
                                           comment=comment.strip())
        fully_approved = _stage_cell(tv, other).approved
        if fully_approved and not tv.is_source:
            _remember(tv)
        audit_record(actor=reviewer, verb="text.approved", leaflet=tv.revision.leaflet, obj=approval, data={
            "language": tv.language_id, "stage": stage, "revision": tv.revision.number,
            "content_hash": tv.content_hash, "text_version": tv.pk,
        })
    if fully_approved:
        transaction.on_commit(lambda: _notify_publishers(tv))
    return approval


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
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what needs to change: a comment is required."))
    with transaction.atomic():
        tv = _lock_text_version(text_version)
        _check_reviewable(tv, reviewer, stage)
        if not tv.content_hash:
            raise ValidationError(_("The text must be re-checked before it can be reviewed."))
        latest = _stage_cell(tv, stage).latest
        if (latest is not None and latest.decision == Approval.Decision.CHANGES_REQUESTED
                and latest.reviewer_id == reviewer.pk and latest.comment == comment):
            return latest  # the same request submitted twice
        decision = Approval.objects.create(text_version=tv, stage=stage, reviewer=reviewer,
                                           decision=Approval.Decision.CHANGES_REQUESTED,
                                           content_hash=tv.content_hash, comment=comment)
        Comment.objects.create(text_version=tv, author=reviewer, body=comment)
        audit_record(actor=reviewer, verb="text.changes_requested", leaflet=tv.revision.leaflet, obj=decision,
                     data={"language": tv.language_id, "stage": stage, "revision": tv.revision.number,
                           "content_hash": tv.content_hash})
    transaction.on_commit(lambda: _notify_author(tv, reviewer, comment))
    return decision


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
        body = [{"kind": s.source_segment.kind, "text": s.text} for s in segments]
        title = next((b["text"] for b in body if b["kind"] == "heading"), locked.title)
        PublicationText.objects.create(
            publication=publication, language_id=row.language, text_version=tv, content_hash=tv.content_hash,
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
        "superseded": live.pk if live else None,
    })
    return publication


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
            decided = Approval.objects.filter(text_version=tv, stage=stage, content_hash=tv.content_hash).exists()
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
