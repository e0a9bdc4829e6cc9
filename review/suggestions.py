"""Reviewers suggest, translators and authors decide: a reviewer's change to a translation without
the reviewer becoming its editor.

A reviewer who edits a text may never approve it (the separation of duties: review.services,
the approval trigger of review.db_rules, translations.Contribution). With one reviewer per stage,
a reviewer who fixed a word could therefore never see the language published. A suggestion
changes no text: it writes no segment, no SegmentEdit and no contribution, and withdraws no
approval, so its author can still approve. A translator of the language or an author accepts it
through translations.edits.target_segment_edit as their own edit (they become the editor,
exactly as if they had typed it), accepts it with changes, or rejects it with a reason.

Above translations.edits (accepting is an edit). Lock order as everywhere: the text version,
then the suggestion and the target segment (review.services).
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from review import permissions, rules
from review.audit import audit_record
from review.models import Stage, Suggestion
from review.roles import STAGE_PERMISSION
from translations.edits import target_segment_edit, typed_text
from translations.models import Contribution, TargetSegment, TextVersion
from workbench.models import Language


class StaleSuggestion(ValidationError):
    """The segment changed after the suggestion (or the decider's screen) was made: nothing applied."""

    def __init__(self, message: str, *, current_text: str):
        super().__init__(message)
        self.current_text = current_text


def _refuse_unfit(text: str) -> None:
    if not text:
        raise ValidationError(_("A suggestion cannot be empty; write the text you suggest."))
    if len(text) > settings.MAX_SEGMENT_CHARS:
        raise ValidationError(
            _("The text is longer than %(limit)s characters.") % {"limit": settings.MAX_SEGMENT_CHARS}
        )
    rules.refuse_unfit_for_documents(text)


def _lock_text_version(pk: int) -> TextVersion:
    # of=self: the text version row only (see review.services._lock_text_version on why).
    return (
        TextVersion.objects.select_for_update(no_key=True, of=("self",)).select_related("revision__leaflet").get(pk=pk)
    )


def _lock_suggestion(suggestion: Suggestion) -> tuple[TextVersion, Suggestion]:
    tv = _lock_text_version(suggestion.text_version_id)
    locked = (
        Suggestion.objects.select_for_update(no_key=True, of=("self",))
        .select_related("text_version__revision__leaflet", "segment", "author")
        .get(pk=suggestion.pk)
    )
    return tv, locked


def _refuse_unless_open(suggestion: Suggestion) -> None:
    if suggestion.state != Suggestion.State.OPEN:
        raise ValidationError(
            _("This suggestion was already decided (%(state)s).") % {"state": suggestion.get_state_display()}
        )


def _event_data(tv: TextVersion, suggestion: Suggestion, **extra) -> dict:
    return {
        "language": tv.language_id,
        "revision": tv.revision.number,
        "segment": str(suggestion.segment_key),
        "suggestion": suggestion.pk,
        "suggested_by": suggestion.author_id,
        **extra,
    }


def _display_name(user) -> str:
    return user.get_full_name() or user.username


# --- Making a suggestion -------------------------------------------------------------------------
@transaction.atomic
def suggestion_create(*, text_version: TextVersion, segment_key, text: str, reviewer, expected_seq: int) -> Suggestion:
    """A reviewer of the language suggests `text` for one segment, against the text their screen showed.

    `expected_seq` is the segment's edit counter the screen showed: a suggestion is always made
    against a known text, so whoever decides it can tell whether the segment changed since.
    """
    text = typed_text(text)
    tv = _lock_text_version(text_version.pk)
    if not permissions.can_suggest(reviewer, tv):
        raise PermissionDenied(_("Only the reviewers of this language can suggest changes to its text."))
    rules.refuse_unless_current(tv)
    segment = TargetSegment.objects.filter(text_version=tv, key=segment_key).first()
    if segment is None:
        raise ValidationError(_("This segment is not part of the text."))
    _refuse_unfit(text)
    if segment.edit_seq != expected_seq:
        raise StaleSuggestion(
            _(
                "Someone changed this segment while you were reading it; it now reads “%(current)s”. "
                "Read it again and suggest your change to the text as it is now."
            )
            % {"current": segment.text},
            current_text=segment.text,
        )
    if text == segment.text:
        raise ValidationError(_("Your suggestion is the same as the current text; change it or approve the text."))
    suggestion = Suggestion.objects.create(
        text_version=tv,
        segment=segment,
        segment_key=segment.key,
        base_seq=segment.edit_seq,
        base_text=segment.text,
        text=text,
        author=reviewer,
    )
    audit_record(
        actor=reviewer,
        verb="suggestion.created",
        leaflet=tv.revision.leaflet,
        obj=suggestion,
        data=_event_data(tv, suggestion, base_seq=segment.edit_seq),
    )
    return suggestion


# --- Deciding it -----------------------------------------------------------------------------------
def _decide_or_refuse(user, suggestion: Suggestion, tv: TextVersion) -> None:
    if suggestion.author_id == getattr(user, "pk", None):
        raise PermissionDenied(
            _("You made this suggestion; a translator of the language or an author decides it, not you.")
        )
    if not permissions.can_decide_suggestion(user, suggestion):
        raise PermissionDenied(_("Only the translators of this language and the authors can decide suggestions."))
    _refuse_unless_open(suggestion)
    rules.refuse_unless_current(tv)


def _apply(*, tv: TextVersion, suggestion: Suggestion, user, text: str, expected_seq: int, verb: str) -> Suggestion:
    segment = TargetSegment.objects.select_for_update(no_key=True).get(pk=suggestion.segment_id)
    if segment.edit_seq != expected_seq:
        # Checked here, under the text version's lock, rather than left to the edit service, whose
        # stale path keeps the text as an unapplied edit: a suggestion is already kept as itself.
        raise StaleSuggestion(
            _(
                "The segment changed after this suggestion was made; it now reads “%(current)s”. "
                "The suggestion was not applied: accept it with your changes to the current text, or reject it."
            )
            % {"current": segment.text},
            current_text=segment.text,
        )
    old_hash = tv.content_hash
    # The acceptor's edit, through the one home of the edit rules: they become the segment's editor
    # and a contributor of the text (so they cannot approve it); the suggestion's author does not.
    result = target_segment_edit(segment=segment, editor=user, text=text, expected_seq=expected_seq)
    if not result.changed:
        raise ValidationError(_("That is the text as it is now; nothing would change. Reject the suggestion instead."))
    now = timezone.now()
    Suggestion.objects.filter(pk=suggestion.pk).update(
        state=Suggestion.State.ACCEPTED, applied_text=result.segment.text, decided_by=user, decided_at=now
    )
    # Other open suggestions for this segment were made against the text just replaced.
    outdated = list(
        Suggestion.objects.filter(segment_id=segment.pk, state=Suggestion.State.OPEN)
        .exclude(pk=suggestion.pk)
        .values_list("pk", flat=True)
    )
    Suggestion.objects.filter(pk__in=outdated).update(state=Suggestion.State.OUTDATED, decided_at=now)
    tv.refresh_from_db(fields=["content_hash", "edit_generation"])
    audit_record(
        actor=user,
        verb=verb,
        leaflet=tv.revision.leaflet,
        obj=suggestion,
        data=_event_data(
            tv,
            suggestion,
            old_hash=old_hash,
            new_hash=tv.content_hash,
            outdated=outdated,
            edit_seq=result.segment.edit_seq,
        ),
    )
    suggestion.refresh_from_db()
    return suggestion


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, user) -> Suggestion:
    """A translator of the language or an author applies the suggested text as it is, as their own edit.

    Refused as stale (StaleSuggestion, naming the current text) when the segment changed after
    the suggestion was made: applying it would silently undo that later change.
    """
    tv, locked = _lock_suggestion(suggestion)
    _decide_or_refuse(user, locked, tv)
    return _apply(
        tv=tv, suggestion=locked, user=user, text=locked.text, expected_seq=locked.base_seq, verb="suggestion.accepted"
    )


@transaction.atomic
def suggestion_accept_edited(*, suggestion: Suggestion, user, text: str, expected_seq: int) -> Suggestion:
    """Accept with changes: the decider's own text, written with the suggestion in view, as their edit.

    `expected_seq` is the segment's counter the decider's screen showed (not the suggestion's):
    they wrote their text against the segment as it is now, so a suggestion made against an
    earlier text can still be taken up this way.
    """
    text = typed_text(text)
    tv, locked = _lock_suggestion(suggestion)
    _decide_or_refuse(user, locked, tv)
    _refuse_unfit(text)
    return _apply(
        tv=tv, suggestion=locked, user=user, text=text, expected_seq=expected_seq, verb="suggestion.accepted_edited"
    )


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, user, reason: str) -> Suggestion:
    """Turn a suggestion down, saying why: the reviewer reads the reason and can suggest again."""
    reason = (reason or "").strip()
    tv, locked = _lock_suggestion(suggestion)
    _decide_or_refuse(user, locked, tv)
    if not reason:
        raise ValidationError(_("Say why you reject the suggestion: the reviewer reads your reason."))
    Suggestion.objects.filter(pk=locked.pk).update(
        state=Suggestion.State.REJECTED, rejection_reason=reason, decided_by=user, decided_at=timezone.now()
    )
    audit_record(
        actor=user,
        verb="suggestion.rejected",
        leaflet=tv.revision.leaflet,
        obj=locked,
        data=_event_data(tv, locked, reason=reason),
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def suggestion_withdraw(*, suggestion: Suggestion, reviewer) -> Suggestion:
    """The reviewer who made a suggestion takes it back while it is still open."""
    tv, locked = _lock_suggestion(suggestion)
    if not permissions.can_withdraw_suggestion(reviewer, locked):
        raise PermissionDenied(_("Only the reviewer who made a suggestion can withdraw it."))
    _refuse_unless_open(locked)
    Suggestion.objects.filter(pk=locked.pk).update(
        state=Suggestion.State.WITHDRAWN, decided_by=reviewer, decided_at=timezone.now()
    )
    audit_record(
        actor=reviewer,
        verb="suggestion.withdrawn",
        leaflet=tv.revision.leaflet,
        obj=locked,
        data=_event_data(tv, locked),
    )
    locked.refresh_from_db()
    return locked


# --- Reading them for the screens ---------------------------------------------------------------
def other_approvers(*, text_version: TextVersion, stage: str, user) -> list[str]:
    """Who else may give this stage's approval of this text: the stage's reviewers of the language,
    active, who never wrote or edited it (the contributions the approval rule reads), and not `user`."""
    if stage not in Stage.values:
        return []
    language = Language.objects.get(code=text_version.language_id)
    # A queryset of users (attach_perms=False); stubs type the dict form too.
    holders = cast(
        QuerySet,
        get_users_with_perms(
            language, only_with_perms_in=[STAGE_PERMISSION[stage]], with_superusers=False, with_group_users=True
        ),
    )
    keys = TargetSegment.objects.filter(text_version=text_version).values("key")
    writers = Contribution.objects.filter(
        leaflet_id=text_version.revision.leaflet_id, language_id=text_version.language_id, key__in=keys
    ).values("user")
    editors = TargetSegment.objects.filter(text_version=text_version, updated_by__isnull=False).values("updated_by")
    eligible = (
        holders.filter(is_active=True)
        .exclude(pk=getattr(user, "pk", None))
        .exclude(pk__in=writers)
        .exclude(pk__in=editors)
        .order_by("username")
    )
    return [_display_name(u) for u in eligible]
