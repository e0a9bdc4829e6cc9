"""Review, publishing and audit pages.

The review screen of one text version loads everything it shows in a fixed
number of queries (segments, findings, overrides, comments, unapplied edits,
decisions), so a 500-segment leaflet renders as fast as a five-segment one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from review import permissions, rules, save_all
from review.exports import audit_csv_response
from review.forms import CommentForm, DecisionForm, OverrideForm, SegmentEditForm, WithdrawForm
from review.models import Approval, AuditEvent, Comment, FindingOverride, Publication, Stage, Suggestion
from review.selectors import (
    decisions_marked,
    decisions_of,
    gate_evaluate,
    text_citations,
    withdrawn_publication_of,
)
from review.services import (
    GateClosed,
    comment_add,
    finding_override,
    leaflet_publish,
    publication_withdraw,
    translation_approve,
    translation_change_request_withdraw,
    translation_request_changes,
)
from review.suggestions import (
    other_approvers,
    suggestion_accept,
    suggestion_accept_edited,
    suggestion_create,
    suggestion_reject,
    suggestion_withdraw,
)
from translations.edits import StaleEdit, source_segment_edit, target_segment_edit
from translations.models import Finding, SegmentEdit, TargetSegment, TextVersion
from translations.qa_runner import current_findings
from translations.text_versions import has_contributed
from workbench.http import (
    flash_validation_error,
    placed_tag,
    submit_once,
    validation_messages,
    visible_leaflet_or_404,
    visible_text_or_404,
)


def _review_url(tv_or_id, anchor: str = "") -> str:
    url = reverse("review_screen", kwargs={"text_version_id": getattr(tv_or_id, "pk", tv_or_id)})
    return f"{url}#{anchor}" if anchor else url


# --- The review screen ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DecisionShown:
    """One line of the screen's decision history."""

    approval: Approval
    counts_for_current: bool  # it still counts (or blocks) for the text as it is now
    can_withdraw: bool  # the viewer's own open change request


def _review_context(request, tv: TextVersion) -> dict:
    user = request.user
    leaflet = tv.revision.leaflet
    is_current = rules.is_current(tv)
    segments = list(
        TargetSegment.objects.filter(text_version=tv)
        .select_related("source_segment", "updated_by")
        .order_by("position")
    )
    rank = {Finding.Severity.ERROR: 0, Finding.Severity.WARNING: 1, Finding.Severity.INFO: 2}
    findings = sorted(current_findings(tv), key=lambda f: (rank.get(f.severity, 3), f.check_id, f.pk))
    roots = {f.origin_id or f.pk for f in findings}
    overrides = {
        o.finding_id: o for o in FindingOverride.objects.filter(finding_id__in=roots).select_related("reviewer")
    }
    findings_by_key: dict = defaultdict(list)
    document_findings: list[Finding] = []
    unresolved = 0
    for finding in findings:
        finding.override = overrides.get(finding.origin_id or finding.pk)
        if finding.severity == Finding.Severity.ERROR and finding.override is None:
            unresolved += 1
        (findings_by_key[finding.segment_key] if finding.segment_key else document_findings).append(finding)
    comments_by_key: dict = defaultdict(list)
    for comment in Comment.objects.filter(text_version=tv).select_related("author").order_by("created_at", "id"):
        comments_by_key[comment.segment_key].append(comment)
    unapplied: dict = defaultdict(list)
    for edit in (
        SegmentEdit.objects.filter(target_segment__text_version=tv, applied=False)
        .select_related("editor")
        .order_by("-created_at")
    ):
        unapplied[edit.target_segment_id].append(edit)
    # The source text shows, beside each segment, the passages it cites and whether it states
    # a clinical fact with none (a flag for the clinician, not a gate rule).
    sources = text_citations(text_version=tv)
    unsupported = set(sources.unsupported)
    suggestions: dict = defaultdict(list)
    for suggestion in Suggestion.objects.filter(text_version=tv).open():
        suggestions[suggestion.segment_id].append(suggestion)
    rows = [
        {
            "segment": segment,
            "findings": findings_by_key.get(segment.key, []),
            "comments": comments_by_key.get(segment.key, []),
            "unapplied": unapplied.get(segment.pk, []),
            "suggestions": suggestions.get(segment.pk, []),
            "citations": sources.cited.get(segment.key, []),
            "unsupported": segment.key in unsupported,
            "has_error": any(
                f.severity == "error" and f.override is None for f in findings_by_key.get(segment.key, [])
            ),
        }
        for segment in segments
    ]
    gate = gate_evaluate(leaflet=leaflet) if is_current else None
    # The gate read every decision on the current revision's texts, this one's among them.
    decisions = gate.decisions[tv.pk] if gate is not None and tv.pk in gate.decisions else decisions_of(tv)
    decisions_shown = [
        DecisionShown(
            approval=marked.approval,
            counts_for_current=marked.counts_for_current,
            can_withdraw=marked.is_open_request and marked.approval.reviewer_id == request.user.pk,
        )
        for marked in decisions_marked(tv, decisions)
    ]
    gate_row = None
    current_tv: TextVersion | None = tv
    if gate is not None:
        gate_row = next((r for r in gate.rows if r.language == tv.language_id), None)
    elif leaflet.current_revision_id is not None:
        current_tv = TextVersion.objects.filter(
            revision_id=leaflet.current_revision_id, language_id=tv.language_id
        ).first()
    else:
        current_tv = None
    stages = []
    # A reviewer who wrote or edited this text may not approve it (the service and the database
    # refuse it): the screen says so beside a disabled Approve and names who else can.
    edited_it = (
        is_current
        and any(permissions.can_review(user, tv, s) for s in Stage.values)
        and has_contributed(user=user, text_version=tv)
    )
    for stage in Stage.values:
        cell = gate_row.cells.get(stage) if gate_row else None
        may_review = is_current and permissions.can_review(user, tv, stage)
        stages.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "cell": cell,
                "may_review": may_review,
                "edited_it": may_review and edited_it,
                "others": other_approvers(text_version=tv, stage=stage, user=user)
                if may_review and edited_it and not (cell and cell.approved)
                else [],
            }
        )
    can_edit = is_current and permissions.can_edit_directly(user, tv)
    active_jobs = list(tv.jobs.filter(rules.job_active()).order_by("created_at"))
    save_all.rows_for_screen(rows)
    return {
        "tv": tv,
        "active_jobs": active_jobs,
        "leaflet": leaflet,
        "is_current": is_current,
        "current_tv": current_tv,
        "rows": rows,
        "document_findings": document_findings,
        "unresolved": unresolved,
        "untranslated": sum(1 for s in segments if not s.text),
        "decisions": decisions_shown,
        "gate_row": gate_row,
        "stages": stages,
        "may_review_any": any(s["may_review"] for s in stages),
        "can_edit": can_edit,
        # Reviewers suggest where they may not edit directly (settings.REVIEWERS_EDIT_DIRECTLY off).
        "can_suggest": is_current and not can_edit and permissions.can_suggest(user, tv),
        "may_decide": is_current and permissions.can_decide_suggestions_of(user, tv),
        # Where a reviewer does edit directly: warned before their first edit that it costs them their approval.
        "edit_removes_approver": can_edit
        and not tv.is_source
        and any(permissions.can_review(user, tv, s) for s in Stage.values)
        and not edited_it,
        "source_language": leaflet.source_language_id,
        "comments_general": comments_by_key.get(None, []),
        "citations_digest": sources.digest if tv.is_source else "",
        "unsupported_count": len(unsupported),
    }


@login_required
def review_screen(request, text_version_id: int):
    tv = visible_text_or_404(request, text_version_id)
    return render(request, "review/review_screen.html", _review_context(request, tv))


def _may_edit_or_refuse(request, tv: TextVersion) -> None:
    # can_edit_directly, not can_edit_text: where reviewers suggest (WORKBENCH_REVIEWERS_EDIT_DIRECTLY
    # off), a posted edit is refused here too, not only left out of the screen.
    if not permissions.can_edit_directly(request.user, tv):
        raise PermissionDenied


@login_required
@require_POST
@submit_once
def segment_edit(request, text_version_id: int, key):
    tv = visible_text_or_404(request, text_version_id)
    _may_edit_or_refuse(request, tv)
    anchor = f"seg-{key}"
    form = SegmentEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The edit could not be read; reload the page and try again."))
        return redirect(_review_url(tv, anchor))
    text = form.cleaned_data["text"]

    if tv.is_source:
        if not tv.revision.segments.filter(key=key).exists():
            raise Http404
        try:
            result = source_segment_edit(text_version=tv, key=key, editor=request.user, text=text)
        except ValidationError as exc:
            return _edit_problem(request, tv, key, text, validation_messages(exc), status=400)
        if result.conflict:
            messages.warning(
                request,
                _(
                    "The leaflet was saved by someone else meanwhile. Your edit was kept as revision %(n)d: "
                    "nothing was lost. Compare it with the current text below."
                )
                % {"n": result.revision.number},
            )
            return redirect("revision_conflict", leaflet_id=tv.revision.leaflet_id, number=result.revision.number)
        if result.revision.pk == tv.revision_id:
            messages.info(request, _("Nothing changed."))
            return redirect(_review_url(tv, anchor))
        new_tv = TextVersion.objects.get(revision=result.revision, language_id=tv.language_id)
        messages.success(
            request,
            _("Saved as revision %(n)d of the leaflet. Every language goes back to review.")
            % {"n": result.revision.number},
        )
        return redirect(_review_url(new_tv, anchor))

    segment = get_object_or_404(TargetSegment, text_version=tv, key=key)
    expected_seq = form.cleaned_data["edit_seq"]
    if expected_seq is None:
        expected_seq = -1  # a form without the counter is treated as stale: kept, never applied blindly
    try:
        result = target_segment_edit(segment=segment, editor=request.user, text=text, expected_seq=expected_seq)
    except StaleEdit as stale:
        return _edit_problem(request, tv, key, stale.kept.new_text, [str(stale)], status=409, current=stale.segment)
    except ValidationError as exc:
        return _edit_problem(request, tv, key, text, validation_messages(exc), status=400)
    if result.changed:
        messages.success(request, _("Saved. Approvals given to the earlier text no longer count."))
    else:
        messages.info(request, _("Nothing changed."))
    return redirect(_review_url(tv, anchor))


@login_required
@require_POST
@submit_once
def segment_save_all(request, text_version_id: int):
    """One save for every segment changed on the review screen: a stale or refused segment does not
    cost the others their save, and what was typed into it comes back in its box beside the newer text."""
    tv = visible_text_or_404(request, text_version_id)
    _may_edit_or_refuse(request, tv)
    segments = {s.key: s for s in TargetSegment.objects.filter(text_version=tv)}
    try:
        typed = save_all.changed_segments(request.POST, segments)
    except ValidationError as exc:
        flash_validation_error(request, exc)
        return redirect(_review_url(tv))
    outcome = save_all.changed_segments_save(typed=typed, editor=request.user)
    anchor = save_all.anchor_after_save(request.POST, typed, outcome)
    if outcome.saved:
        messages.success(
            request,
            ngettext(
                "Saved %(n)d segment. Approvals given to the earlier text no longer count.",
                "Saved %(n)d segments. Approvals given to the earlier text no longer count.",
                len(outcome.saved),
            )
            % {"n": len(outcome.saved)},
        )
    if not outcome.problems:
        if not outcome.saved:
            messages.info(request, _("Nothing changed."))
        return redirect(_review_url(tv, anchor))
    save_all.flash_not_saved(request, outcome)
    context = _review_context(request, tv)
    save_all.rows_for_screen(context["rows"], outcome.problems)
    return render(request, "review/review_screen.html", context, status=409 if outcome.any_stale else 400)


# --- Suggestions ---------------------------------------------------------------------------------
def _back_to(request, tv: TextVersion, anchor: str) -> str:
    """Back to the screen the form was on: the translation screen includes the suggestions too."""
    if request.POST.get("back") == "translate":
        return f"{reverse('translation_screen', kwargs={'text_version_id': tv.pk})}#{anchor}"
    return _review_url(tv, anchor)


def _posted_seq(request) -> int:
    try:
        return int(request.POST.get("edit_seq", ""))
    except ValueError:
        return -1  # no counter: treated as a stale screen, never applied blindly


@login_required
@require_POST
@submit_once
def suggestion_add(request, text_version_id: int, key):
    tv = visible_text_or_404(request, text_version_id)
    if not permissions.can_suggest(request.user, tv):
        raise PermissionDenied  # may see the text (else 404 above), may not suggest: 403, as for every action
    get_object_or_404(TargetSegment, text_version=tv, key=key)
    text = request.POST.get("text", "")
    try:
        suggestion_create(
            text_version=tv, segment_key=key, text=text, reviewer=request.user, expected_seq=_posted_seq(request)
        )
    except ValidationError as exc:
        flash_validation_error(request, exc)
        if text.strip():
            # Nothing typed is lost: the refused suggestion comes back to its writer.
            messages.info(request, _("Your suggestion was: “%(text)s”") % {"text": text.strip()})
    else:
        messages.success(
            request,
            _(
                "Suggestion kept beside the text. A translator or an author accepts or rejects it; "
                "you can still approve the text."
            ),
        )
    return redirect(_review_url(tv, f"seg-{key}"))


@login_required
@require_POST
@submit_once
def suggestion_decide(request, text_version_id: int, suggestion_id: int):
    """Accept, accept with changes, reject or withdraw one suggestion (the services check who may)."""
    tv = visible_text_or_404(request, text_version_id)
    suggestion = get_object_or_404(Suggestion, pk=suggestion_id, text_version=tv)
    action = request.POST.get("action", "")
    anchor = f"seg-{suggestion.segment_key}"
    try:
        if action == "accept":
            suggestion_accept(suggestion=suggestion, user=request.user)
            messages.success(request, _("Suggestion accepted: the text is changed, as your edit."))
        elif action == "accept_edited":
            suggestion_accept_edited(
                suggestion=suggestion,
                user=request.user,
                text=request.POST.get("text", ""),
                expected_seq=_posted_seq(request),
            )
            messages.success(request, _("Suggestion accepted with your changes: the text is changed, as your edit."))
        elif action == "reject":
            suggestion_reject(suggestion=suggestion, user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Suggestion rejected; the reviewer sees your reason."))
        elif action == "withdraw":
            suggestion_withdraw(suggestion=suggestion, reviewer=request.user)
            messages.success(request, _("Your suggestion is withdrawn."))
        else:
            raise Http404
    except ValidationError as exc:  # StaleSuggestion too: its message quotes the text as it is now
        flash_validation_error(request, exc)
    return redirect(_back_to(request, tv, anchor))


def _edit_problem(request, tv, key, your_text: str, problems: list[str], *, status: int, current=None):
    """Show the message and both texts: what is stored now and what this person typed."""
    if current is None:
        current = TargetSegment.objects.filter(text_version=tv, key=key).select_related("source_segment").first()
    return render(
        request,
        "review/edit_problem.html",
        {
            "tv": tv,
            "leaflet": tv.revision.leaflet,
            "key": key,
            "segment": current,
            "your_text": your_text,
            "problems": problems,
            "stale": status == 409,
        },
        status=status,
    )


@login_required
@require_POST
@submit_once
def decision(request, text_version_id: int):
    tv = visible_text_or_404(request, text_version_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.as_data().values():
            for error in errors:
                flash_validation_error(request, error, at="decisions")
        return redirect(_review_url(tv, "decisions"))
    data = form.cleaned_data
    if not permissions.can_review(request.user, tv, data["stage"]):
        raise PermissionDenied
    try:
        if data["action"] == DecisionForm.APPROVE:
            translation_approve(
                text_version=tv,
                reviewer=request.user,
                stage=data["stage"],
                comment=data["comment"],
                expected_hash=data["expected_hash"],
                expected_generation=_posted_generation(request),
                # The screen of a source text always posts the citations it showed; a form without
                # them (a page from before) is refused like a changed text, never taken as seen.
                expected_citations=request.POST.get("expected_citations", "") if tv.is_source else None,
            )
            messages.success(
                request,
                _("Approved: %(stage)s for this exact text.") % {"stage": Stage(data["stage"]).label},
                extra_tags=placed_tag("decisions"),
            )
        else:
            translation_request_changes(
                text_version=tv, reviewer=request.user, stage=data["stage"], comment=data["comment"]
            )
            messages.success(
                request, _("Changes requested. The author was notified."), extra_tags=placed_tag("decisions")
            )
    except ValidationError as exc:
        flash_validation_error(request, exc, at="decisions")
    return redirect(_review_url(tv, "decisions"))


def _posted_generation(request) -> int | None:
    raw = request.POST.get("expected_generation", "")
    try:
        return int(raw) if raw != "" else None
    except ValueError:
        raise ValidationError(_("The review screen sent a malformed form; reload the page.")) from None


@login_required
@require_POST
@submit_once
def withdraw_request(request, text_version_id: int, approval_id: int):
    tv = visible_text_or_404(request, text_version_id)
    change_request = get_object_or_404(Approval, pk=approval_id, text_version=tv)
    try:
        translation_change_request_withdraw(
            change_request=change_request, reviewer=request.user, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("Your change request is withdrawn."))
    except ValidationError as exc:
        flash_validation_error(request, exc)
    return redirect(_review_url(tv, "decisions"))


@login_required
@require_POST
@submit_once
def override(request, text_version_id: int, finding_id: int):
    tv = visible_text_or_404(request, text_version_id)
    finding = get_object_or_404(Finding, pk=finding_id, text_version=tv)
    if not any(permissions.can_review(request.user, tv, stage) for stage in Stage.values):
        raise PermissionDenied
    anchor = f"seg-{finding.segment_key}" if finding.segment_key else "findings"
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("An override needs a written reason."))
        return redirect(_review_url(tv, anchor))
    try:
        finding_override(finding=finding, reviewer=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Finding overridden; your reason is in the audit trail."))
    except ValidationError as exc:
        flash_validation_error(request, exc)
    return redirect(_review_url(tv, anchor))


@login_required
@require_POST
@submit_once
def comment(request, text_version_id: int):
    tv = visible_text_or_404(request, text_version_id)
    form = CommentForm(request.POST)
    key = request.POST.get("segment_key") or ""
    anchor = f"seg-{key}" if key else "comments"
    if not form.is_valid():
        messages.error(request, _("A comment cannot be empty."))
        return redirect(_review_url(tv, anchor))
    segment_key = form.cleaned_data["segment_key"]
    if segment_key and not TargetSegment.objects.filter(text_version=tv, key=segment_key).exists():
        raise Http404
    try:
        comment_add(text_version=tv, author=request.user, body=form.cleaned_data["body"], segment_key=segment_key)
        messages.success(request, _("Comment added."))
    except ValidationError as exc:
        flash_validation_error(request, exc)
    return redirect(_review_url(tv, anchor))


# --- Publishing ------------------------------------------------------------------------------------
@login_required
def publish_screen(request, leaflet_id: int):
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    if request.method == "POST":
        return _publish(request, leaflet)
    gate = gate_evaluate(leaflet=leaflet)
    publications = list(
        leaflet.publications.select_related("published_by", "withdrawn_by", "revision").prefetch_related("texts")
    )
    live = next((p for p in publications if p.state == Publication.State.LIVE), None)
    return render(
        request,
        "review/publish.html",
        {
            "leaflet": leaflet,
            "gate": gate,
            "publications": publications,
            "live": live,
            "stages": [(stage, Stage(stage).label) for stage in Stage.values],
            "can_publish": permissions.can_publish(request.user, leaflet),
            "live_is_current": bool(live and live.revision_id == leaflet.current_revision_id),
            "withdrawn_current": withdrawn_publication_of(leaflet=leaflet, revision_id=leaflet.current_revision_id),
            "withdraw_form": WithdrawForm(),
        },
    )


@submit_once
def _publish(request, leaflet):
    if not permissions.can_publish(request.user, leaflet):
        raise PermissionDenied
    try:
        publication = leaflet_publish(
            leaflet=leaflet, publisher=request.user, republish_reason=request.POST.get("republish_reason", "")
        )
    except GateClosed as closed:
        messages.error(request, _("Not published: the publish gate is closed."))
        for reason in closed.reasons:
            messages.error(request, reason)
    except ValidationError as exc:
        flash_validation_error(request, exc)
    else:
        messages.success(
            request, _("Published revision %(n)d. Patients now see it.") % {"n": publication.revision.number}
        )
    return redirect("publish_screen", leaflet_id=leaflet.pk)


@login_required
@require_POST
@submit_once
def withdraw(request, leaflet_id: int, publication_id: int):
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    publication = get_object_or_404(Publication, pk=publication_id, leaflet=leaflet)
    if not permissions.can_publish(request.user, leaflet):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the publication is withdrawn."))
        return redirect("publish_screen", leaflet_id=leaflet.pk)
    try:
        publication_withdraw(publication=publication, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Publication withdrawn. Patients no longer see it."))
    except ValidationError as exc:
        flash_validation_error(request, exc)
    return redirect("publish_screen", leaflet_id=leaflet.pk)


# --- Audit -----------------------------------------------------------------------------------------
def _audit_leaflet(request, leaflet_id):
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    if not permissions.can_view_audit(request.user, leaflet):
        raise PermissionDenied
    return leaflet


@login_required
def audit_list(request, leaflet_id: int):
    leaflet = _audit_leaflet(request, leaflet_id)
    events = AuditEvent.objects.filter(leaflet=leaflet).order_by("-seq")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "review/audit.html", {"leaflet": leaflet, "page": page})


@login_required
def audit_csv(request, leaflet_id: int):
    leaflet = _audit_leaflet(request, leaflet_id)
    return audit_csv_response(leaflet)
