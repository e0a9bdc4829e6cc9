"""Review, the publish gate, and publishing.

The gate: a leaflet may be published only when, for every required language,
the text version of the *current* revision has a native-speaker approval and a
clinician approval, by two different people who never wrote or edited any of
it, both recorded against the text's current content hash *and* current edit
generation, with no open change request, no untranslated segment and no
translation job still running. `review.selectors.gate_evaluate` computes this for display; `leaflet_publish`
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
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from review import permissions, rules
from review.audit import audit_record
from review.models import Approval, Comment, FindingOverride, Publication, PublicationText, Stage
from review.notifications import notify_author, notify_publishers, notify_reviewers
from review.selectors import (
    GateStatus,
    body_digest,
    decisions_of,
    gate_evaluate,
    job_running,
    open_change_requests,
    stage_cell,
    text_citations,
    unresolved_errors,
    withdrawn_publication_of,
)
from review.webhooks import webhooks_emit
from translations.models import Finding, MemoryEntry, TargetSegment, TextVersion, TranslationClaim
from translations.qa_runner import current_findings
from translations.text_versions import has_contributed
from workbench.models import Leaflet
from workbench.sources import leaflet_sources_publish

log = logging.getLogger(__name__)


class GateClosed(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


# --- Review actions -------------------------------------------------------------------
def _lock_text_version(text_version: TextVersion) -> TextVersion:
    # of=self: lock only the text version row. Locking the joined leaflet too
    # would take it after the text version, the reverse of publishing's order,
    # and deadlock against a concurrent publish (the race tests found this).
    return (
        TextVersion.objects.select_for_update(no_key=True, of=("self",))
        .select_related("revision__leaflet")
        .get(pk=text_version.pk)
    )


def _check_reviewable(tv: TextVersion, reviewer, stage: str) -> None:
    if stage not in Stage.values:
        raise ValidationError(_("Unknown review stage %(stage)r.") % {"stage": stage})
    if not permissions.can_review(reviewer, tv, stage):
        raise PermissionDenied(_("You are not a reviewer for this language and stage."))
    rules.refuse_unless_current(tv)


def translation_approve(
    *,
    text_version: TextVersion,
    reviewer,
    stage: str,
    expected_hash: str,
    expected_generation: int | None = None,
    comment: str = "",
    expected_citations: str | None = None,
) -> Approval:
    """Approve exactly the current content of a text version for one stage.

    `expected_hash` (required) is the hash the reviewer's screen showed, and
    `expected_generation` the edit generation it showed: a reviewer approves
    what they saw, or nothing. If the text changed since, even back to the
    same words, the approval is refused rather than given to text they have
    not seen.

    A source-language text's approval also records the citations and the
    "unsupported" flags beside its segments (review.selectors.text_citations).
    Citations change without changing the text, so the review screen posts
    the digest of what it showed (`expected_citations`), and an approval from
    a screen showing other citations than there are now is refused. Without
    it (the API) the record says the citations were not confirmed as seen.
    """
    with transaction.atomic():
        tv = _lock_text_version(text_version)
        _check_reviewable(tv, reviewer, stage)
        if not tv.content_hash:
            raise ValidationError(_("The text must be re-checked before it can be approved."))
        if not expected_hash:
            raise ValidationError(_("Approve from the review screen: the approval must name the text you saw."))
        if expected_hash != tv.content_hash or (
            expected_generation is not None and expected_generation != tv.edit_generation
        ):
            raise ValidationError(_("The text changed while you were reviewing it. Reload to see the changes."))
        if TargetSegment.objects.filter(rules.untranslated(), text_version=tv).exists():
            raise ValidationError(_("Some segments are not translated yet."))
        if job_running(tv):
            # QA findings and back-translations are written when the job ends;
            # approving before that would approve unchecked text.
            raise ValidationError(_("A translation job for this text is still running; wait for it to finish."))
        if has_contributed(user=reviewer, text_version=tv):
            raise ValidationError(
                _("You wrote or edited this text (in this or an earlier revision), so someone else must approve it.")
            )
        decisions = decisions_of(tv)
        other = Stage.CLINICAL if stage == Stage.NATIVE else Stage.NATIVE
        other_cell = stage_cell(tv, other, decisions)
        if other_cell.approval is not None and other_cell.approval.reviewer_id == reviewer.pk:
            raise ValidationError(
                _(
                    "You already gave the other approval for this text; "
                    "the two approvals of a language must come from two people."
                )
            )
        requests = open_change_requests(decisions, tv)
        if requests:
            request = requests[0]
            raise ValidationError(
                _(
                    "%(who)s requested changes to this text: “%(comment)s”. It can be approved once the text "
                    "changes or %(who)s withdraws the request."
                )
                % {"who": _display_name(request.reviewer), "comment": request.comment}
            )
        if stage_cell(tv, stage, decisions).approval is not None:
            raise ValidationError(_("This stage is already approved for the current text."))
        blocking = unresolved_errors(tv)
        if blocking:
            raise ValidationError(
                ngettext(
                    "%(n)d QA error must be fixed or overridden with a reason before approval.",
                    "%(n)d QA errors must be fixed or overridden with a reason before approval.",
                    len(blocking),
                )
                % {"n": len(blocking)}
            )
        sources: dict = {}
        if tv.is_source:
            citations = text_citations(text_version=tv)
            if expected_citations is not None and expected_citations != citations.digest:
                raise ValidationError(_("The citations changed while you were reviewing the text. Reload to see them."))
            sources = {**citations.shown(), "citations_confirmed": expected_citations is not None}
        approval = Approval.objects.create(
            text_version=tv,
            stage=stage,
            reviewer=reviewer,
            decision=Approval.Decision.APPROVED,
            content_hash=tv.content_hash,
            generation=tv.edit_generation,
            comment=comment.strip(),
        )
        fully_approved = other_cell.approved
        if fully_approved and not tv.is_source:
            _remember(tv)
        audit_record(
            actor=reviewer,
            verb="text.approved",
            leaflet=tv.revision.leaflet,
            obj=approval,
            data={
                "language": tv.language_id,
                "stage": stage,
                "revision": tv.revision.number,
                "content_hash": tv.content_hash,
                "generation": tv.edit_generation,
                "text_version": tv.pk,
                **approval_provenance(tv),
                **sources,
            },
        )
    if fully_approved:
        transaction.on_commit(lambda: notify_publishers(text_version=tv))
    return approval


def _display_name(user) -> str:
    return user.get_full_name() or user.username


def approval_provenance(tv: TextVersion) -> dict:
    """What an approval approved, for the audit trail: where each segment's
    current text came from (model and prompt, memory, a person), the jobs that
    produced it, and the QA findings that were overridden rather than fixed."""
    from translations.models import Job

    segments = list(
        TargetSegment.objects.filter(text_version=tv)
        .order_by("position")
        .values_list("key", "origin", "model_name", "updated_by__username")
    )
    model_names = {name for _k, _o, name, _u in segments if name}
    # Carried segments were produced by a job on an earlier revision's text.
    jobs = list(
        Job.objects.filter(
            Q(text_version=tv)
            | Q(
                leaflet_id=tv.revision.leaflet_id,
                language=tv.language_id,
                reported_model__in=model_names,
                kind=Job.Kind.TRANSLATE,
                state=Job.State.SUCCEEDED,
            )
        )
        .select_related("provider")
        .order_by("id")
        .distinct()
    )
    errors = list(current_findings(tv).filter(severity=Finding.Severity.ERROR))
    overrides = {
        o.finding_id: o
        for o in FindingOverride.objects.filter(finding_id__in={f.origin_id or f.pk for f in errors}).select_related(
            "reviewer"
        )
    }
    overridden = []
    for finding in errors:
        override = overrides.get(finding.origin_id or finding.pk)
        if override is not None:
            overridden.append(
                {
                    "check": finding.check_id,
                    "segment": str(finding.segment_key or ""),
                    "reason": override.reason,
                    "by": override.reviewer.username,
                }
            )
    # The newest job that reported a model is the one that produced that model's text here.
    by_model = {job.reported_model: job for job in jobs if job.reported_model}

    def made_by(model: str) -> dict:
        job = by_model.get(model)
        return {
            "provider": job.provider.name if job and job.provider else "",
            "prompt_version": job.prompt_version if job else "",
            "job": job.pk if job else None,
        }

    return {
        "segments": [
            {
                "key": str(key),
                "origin": origin,
                "model": model,
                "edited_by": editor or "",
                **(made_by(model) if model else {}),
            }
            for key, origin, model, editor in segments
        ],
        "jobs": [
            {
                "id": job.pk,
                "provider": job.provider.name if job.provider else "",
                "model": job.reported_model,
                "prompt_version": job.prompt_version,
                "state": job.state,
            }
            for job in jobs
        ],
        "overridden_findings": overridden,
    }


def _remember(tv: TextVersion) -> None:
    """Both stages approved: the segments become reusable translation memory."""
    source_language = tv.revision.leaflet.source_language_id
    for segment in TargetSegment.objects.filter(text_version=tv).select_related("source_segment"):
        MemoryEntry.objects.update_or_create(
            source_language=source_language,
            target_language=tv.language_id,
            source_hash=segment.source_segment.content_hash,
            # reviewed: both stages approved this text, whoever first wrote the entry (an imported TMX).
            defaults={
                "source_text": segment.source_segment.text,
                "target_text": segment.text,
                "text_version": tv,
                "reviewed": True,
            },
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
        decision = Approval.objects.create(
            text_version=tv,
            stage=stage,
            reviewer=reviewer,
            decision=Approval.Decision.CHANGES_REQUESTED,
            content_hash=tv.content_hash,
            generation=tv.edit_generation,
            comment=comment,
        )
        Comment.objects.create(text_version=tv, author=reviewer, body=comment)
        audit_record(
            actor=reviewer,
            verb="text.changes_requested",
            leaflet=tv.revision.leaflet,
            obj=decision,
            data={
                "language": tv.language_id,
                "stage": stage,
                "revision": tv.revision.number,
                "content_hash": tv.content_hash,
                "generation": tv.edit_generation,
            },
        )
    transaction.on_commit(
        lambda: notify_author(text_version=tv, reviewer=reviewer, comment=comment, change_request=decision)
    )
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
            raise ValidationError(
                _("This change request is no longer open: it was withdrawn, or the text has changed since.")
            )
        withdrawal = Approval.objects.create(
            text_version=tv,
            stage=request.stage,
            reviewer=reviewer,
            decision=Approval.Decision.REQUEST_WITHDRAWN,
            withdraws=request,
            content_hash=request.content_hash,
            generation=request.generation,
            comment=(comment or "").strip(),
        )
        audit_record(
            actor=reviewer,
            verb="text.change_request_withdrawn",
            leaflet=tv.revision.leaflet,
            obj=withdrawal,
            data={
                "language": tv.language_id,
                "stage": request.stage,
                "request": request.pk,
                "generation": tv.edit_generation,
            },
        )
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
        audit_record(
            actor=reviewer,
            verb="qa.overridden",
            leaflet=tv.revision.leaflet,
            obj=override,
            data={
                "language": tv.language_id,
                "check": finding.check_id,
                "segment": str(finding.segment_key or ""),
                "message": finding.message,
                "reason": reason,
                "content_hash": tv.content_hash,
            },
        )
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
        audit_record(
            actor=author,
            verb="comment.added",
            leaflet=tv.revision.leaflet,
            obj=comment,
            data={"language": tv.language_id, "segment": str(segment_key or "")},
        )
    return comment


# --- Publishing -----------------------------------------------------------------------
def leaflet_publish(*, leaflet: Leaflet, publisher, republish_reason: str = "") -> Publication:
    """Publish the current revision, if the gate is open.

    A revision whose publication was withdrawn is not published again on a
    click: patients were taken off that text for a reason. It needs a new
    revision, or `republish_reason`: the publisher's explicit confirmation,
    recorded in the audit event.
    """
    if not permissions.can_publish(publisher, leaflet):
        raise PermissionDenied(_("Only publishers can publish."))
    try:
        with transaction.atomic():
            return _publish_locked(leaflet=leaflet, publisher=publisher, republish_reason=republish_reason.strip())
    except GateClosed as refused:
        # Refusals are accountable too, in their own transaction since the
        # publishing one was rolled back.
        with transaction.atomic():
            audit_record(
                actor=publisher,
                verb="leaflet.publish_refused",
                leaflet=leaflet,
                obj=leaflet,
                data={"reasons": refused.reasons},
            )
        raise


@dataclass(frozen=True)
class _ApprovedText:
    language: str
    text_version: TextVersion
    native: Approval
    clinical: Approval


def _approved_texts(status: GateStatus) -> list[_ApprovedText]:
    """What an open gate stands on: each language's text and the two approvals that count for it."""
    texts = []
    for row in status.rows:
        native, clinical = (
            row.cells[stage].approval if stage in row.cells else None for stage in (Stage.NATIVE, Stage.CLINICAL)
        )
        if row.text_version is None or native is None or clinical is None:
            # An open gate has all three: refuse rather than publish a text without them.
            raise GateClosed(row.reasons or status.reasons)
        texts.append(_ApprovedText(row.language, row.text_version, native, clinical))
    return texts


def _publish_locked(*, leaflet: Leaflet, publisher, republish_reason: str) -> Publication:
    locked = Leaflet.objects.select_for_update(no_key=True).get(pk=leaflet.pk)
    revision_id = locked.current_revision_id
    versions = (
        list(TextVersion.objects.select_for_update(no_key=True).filter(revision_id=revision_id).order_by("id"))
        if revision_id is not None
        else []
    )
    # Edits hold their text version's lock, so this is belt and braces, but it
    # makes the snapshot below provably the content the hashes describe.
    list(TargetSegment.objects.select_for_update(no_key=True).filter(text_version__in=versions).values_list("id"))
    status = gate_evaluate(leaflet=locked)
    if not status.open or revision_id is None:  # no revision: no texts, the gate is closed
        raise GateClosed(status.reasons)
    approved = _approved_texts(status)
    live = Publication.objects.filter(leaflet=locked, state=Publication.State.LIVE).first()
    if live is not None and live.revision_id == revision_id:
        raise ValidationError(_("This revision is already published."))
    withdrawn = withdrawn_publication_of(leaflet=locked, revision_id=revision_id)
    if withdrawn is not None and not republish_reason:
        raise ValidationError(
            _(
                "Revision %(n)d was withdrawn on %(date)s (%(reason)s). To publish the same text again, confirm "
                "and say why; otherwise save a new revision."
            )
            % {
                "n": withdrawn.revision.number,
                "date": formats.date_format(timezone.localtime(withdrawn.withdrawn_at), "DATETIME_FORMAT"),
                "reason": withdrawn.withdrawal_reason,
            },
            code="republish_needs_confirmation",
        )
    publication = Publication.objects.create(leaflet=locked, revision_id=revision_id, published_by=publisher)
    for text in approved:
        tv = text.text_version
        segments = TargetSegment.objects.filter(text_version=tv).select_related("source_segment").order_by("position")
        body = [{"kind": s.source_segment.kind, "text": s.text, "key": str(s.key)} for s in segments]
        # Only approved content reaches patients: the title is the text's own
        # (translated, reviewed) title segment, never the authors' working
        # title on the leaflet row.
        title = next((b["text"] for b in body if b["kind"] == "title"), "")
        PublicationText.objects.create(
            publication=publication,
            language_id=text.language,
            text_version=tv,
            content_hash=tv.content_hash,
            edit_generation=tv.edit_generation,
            native_approval=text.native,
            clinical_approval=text.clinical,
            title=title[:300],
            body=body,
        )
    if live is not None:
        Publication.objects.filter(pk=live.pk).update(
            state=Publication.State.WITHDRAWN,
            withdrawn_by=publisher,
            withdrawn_at=timezone.now(),
            withdrawal_reason=f"Superseded by publication {publication.pk}",
        )
    Publication.objects.filter(pk=publication.pk).update(state=Publication.State.LIVE)
    publication.state = Publication.State.LIVE
    # Each published language becomes (or refreshes) a trusted source drafts can cite.
    leaflet_sources_publish(publication=publication, user=publisher)
    audit_record(
        actor=publisher,
        verb="leaflet.published",
        leaflet=locked,
        obj=publication,
        data={
            "revision": publication.revision.number,
            "texts": {text.language: text.text_version.content_hash for text in approved},
            "generations": {text.language: text.text_version.edit_generation for text in approved},
            # What patients will read, exactly: the patient page shows a text only
            # if its frozen body still has this digest (see publication_is_sealed).
            "bodies": {frozen.language_id: body_digest(frozen.body) for frozen in publication.texts.all()},
            "approvals": {text.language: [text.native.pk, text.clinical.pk] for text in approved},
            "superseded": live.pk if live else None,
            # Set only when this text was withdrawn before and the publisher confirmed publishing it again.
            "republishes": withdrawn.pk if withdrawn is not None else None,
            "republish_reason": republish_reason if withdrawn is not None else "",
        },
    )
    webhooks_emit(event="leaflet.published", publication=publication)
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
            state=Publication.State.WITHDRAWN,
            withdrawn_by=user,
            withdrawn_at=timezone.now(),
            withdrawal_reason=reason,
        )
        locked.refresh_from_db()
        audit_record(
            actor=user,
            verb="publication.withdrawn",
            leaflet=locked.leaflet,
            obj=locked,
            data={"reason": reason, "revision": locked.revision.number},
        )
        webhooks_emit(event="publication.withdrawn", publication=locked)
    return locked


# --- Human translation ------------------------------------------------------------------------
# A translator claims a text (so two do not translate the same one), saves it segment by segment
# through translations.edits.target_segment_edit like any edit (hash, generation, contributions, QA,
# audit), and marks it ready for review, which is when its reviewers hear of it. A text that a job
# left with untranslated segments is never announced before that (translations.batches announces
# only a text the job filled completely).
def claim_cutoff():
    """Claims taken or renewed at or before this moment have lapsed."""
    return timezone.now() - timedelta(minutes=settings.TRANSLATION_CLAIM_MINUTES)


def _check_translatable(tv: TextVersion, translator) -> None:
    if not permissions.can_translate(translator, tv):
        raise PermissionDenied(_("You do not translate texts into this language."))
    rules.refuse_unless_current(tv)


def _claimed_by_another(claim: TranslationClaim) -> ValidationError:
    holder = claim.claimed_by
    lapses = claim.lapses_at()
    return ValidationError(
        _("%(who)s is translating this text now; their claim lapses at %(when)s unless they save again.")
        % {
            "who": _display_name(holder) if holder else "?",
            "when": formats.date_format(timezone.localtime(lapses), "DATETIME_FORMAT") if lapses else "?",
        }
    )


@dataclass(frozen=True)
class ClaimResult:
    claim: TranslationClaim
    taken: bool  # newly taken (nobody held it, or another translator's claim had lapsed); False: renewed


def translation_claim(*, text_version: TextVersion, translator) -> ClaimResult:
    """Claim a text for translating, or renew one's own claim; refused while another translator's claim is live.

    Conditional writes only, so two translators claiming at once end with one
    claim whatever the interleaving: an UPDATE that matches only a free, lapsed
    or own claim row, else an INSERT that the one-row-per-text constraint lets
    only one of them make. Taking a claim is audited ("text.claimed", naming a
    lapsed claim taken over); renewing it (every save does) is not.
    """
    tv = TextVersion.objects.select_related("revision__leaflet").get(pk=text_version.pk)
    _check_translatable(tv, translator)
    now = timezone.now()
    cutoff = now - timedelta(minutes=settings.TRANSLATION_CLAIM_MINUTES)
    claims = TranslationClaim.objects.filter(text_version=tv)
    with transaction.atomic():
        if claims.filter(claimed_by=translator, claimed_at__gt=cutoff).update(claimed_at=now):
            return ClaimResult(claims.select_related("claimed_by").get(), taken=False)
        before = claims.select_related("claimed_by").first()
        free = Q(claimed_by__isnull=True) | Q(claimed_at__lte=cutoff) | Q(claimed_by=translator)
        taken = claims.filter(free).update(claimed_by=translator, claimed_at=now)
        if not taken and before is None:
            try:
                with transaction.atomic():
                    TranslationClaim.objects.create(text_version=tv, claimed_by=translator, claimed_at=now)
                taken = 1
            except IntegrityError:
                taken = 0  # another translator's insert came first
        if not taken:
            raise _claimed_by_another(claims.select_related("claimed_by").get())
        claim = claims.select_related("claimed_by").get()
        previous = before.claimed_by if before is not None and before.claimed_by_id != translator.pk else None
        audit_record(
            actor=translator,
            verb="text.claimed",
            leaflet=tv.revision.leaflet,
            obj=tv,
            data={
                "language": tv.language_id,
                "revision": tv.revision.number,
                "lapses_at": claim.lapses_at().isoformat(),
                "took_over": previous.get_username() if previous is not None else None,
            },
        )
    return ClaimResult(claim, taken=True)


def translation_claim_release(*, text_version: TextVersion, translator) -> bool:
    """Give up one's claim on a text (False when they held none); audited."""
    tv = TextVersion.objects.select_related("revision__leaflet").get(pk=text_version.pk)
    with transaction.atomic():
        released = TranslationClaim.objects.filter(text_version=tv, claimed_by=translator).update(
            claimed_by=None, claimed_at=None
        )
        if released:
            audit_record(
                actor=translator,
                verb="text.claim_released",
                leaflet=tv.revision.leaflet,
                obj=tv,
                data={"language": tv.language_id, "revision": tv.revision.number},
            )
    return bool(released)


def translation_mark_ready(*, text_version: TextVersion, translator) -> bool:
    """A translator declares a text ready for review: its reviewers are told (once) and the claim is released.

    Refused while a segment is untranslated or another translator's claim is
    live. Marking the same text (same edit generation) ready again records and
    sends nothing and returns False; after an edit it is a new text to announce.
    """
    with transaction.atomic():
        tv = _lock_text_version(text_version)
        _check_translatable(tv, translator)
        if not tv.content_hash:
            raise ValidationError(_("The text must be re-checked before it can be reviewed."))
        untranslated = TargetSegment.objects.filter(rules.untranslated(), text_version=tv).count()
        if untranslated:
            raise ValidationError(
                ngettext(
                    "%(n)d segment is not translated yet; translate every segment first.",
                    "%(n)d segments are not translated yet; translate every segment first.",
                    untranslated,
                )
                % {"n": untranslated}
            )
        TranslationClaim.objects.get_or_create(text_version=tv)
        claim = (
            TranslationClaim.objects.select_for_update(no_key=True, of=("self",))
            .select_related("claimed_by")
            .get(text_version=tv)
        )
        if claim.claimed_by_id not in (None, translator.pk) and claim.is_live():
            raise _claimed_by_another(claim)
        if claim.ready_generation == tv.edit_generation:
            return False  # this very text was announced already
        TranslationClaim.objects.filter(pk=claim.pk).update(
            ready_generation=tv.edit_generation,
            ready_by=translator,
            ready_at=timezone.now(),
            claimed_by=None,
            claimed_at=None,
        )
        audit_record(
            actor=translator,
            verb="text.ready_for_review",
            leaflet=tv.revision.leaflet,
            obj=tv,
            data={
                "language": tv.language_id,
                "revision": tv.revision.number,
                "content_hash": tv.content_hash,
                "generation": tv.edit_generation,
            },
        )
    transaction.on_commit(lambda: notify_reviewers(text_version=tv, ready_by=translator))
    return True
