"""People's edits of a text during review: a translated segment, or the source text as a new revision.

Above translations/jobs.py (an edit queues the segment's back-translation)
and workbench/services.py (a source edit saves a revision); text_versions.py,
below both, only creates, hashes and fills text versions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from review import rules
from review.audit import audit_record
from translations import dual_forward
from translations.jobs import back_translation_queue
from translations.models import ForwardTranslation, SegmentEdit, TargetSegment, TextVersion
from translations.qa_runner import qa_run_for_text_version
from translations.text_versions import text_version_rehash
from workbench.services import SegmentInput, revision_save


class StaleEdit(Exception):
    """The segment changed since the editor loaded it; the attempted text was kept as an unapplied edit."""

    def __init__(self, segment: TargetSegment, kept: SegmentEdit):
        super().__init__(
            _(
                "Someone else changed this segment while you were editing. Your text was kept; "
                "compare it with theirs and save again."
            )
        )
        self.segment = segment
        self.kept = kept


@dataclass(frozen=True)
class EditResult:
    segment: TargetSegment
    changed: bool


def typed_text(text: str | None) -> str:
    """A text box's value as the workbench reads it: browsers send line breaks as CRLF and people leave
    stray spaces, neither of which is a change of the text (edits, the one save, suggestions)."""
    return (text or "").replace("\r\n", "\n").strip()


def target_segment_edit(
    *, segment: TargetSegment, editor, text: str, expected_seq: int, reconciling: bool = False
) -> EditResult:
    """A reviewer's edit of one translated segment. Voids the text version's approvals by changing its hash.

    The segment's back-translation and its chrF described the old text, so
    they are cleared with it (QA then has no stale figure to warn about), and
    when a model provider back-translates this language a new back-translation
    of the segment is queued once the edit commits.
    """
    text = typed_text(text)
    if len(text) > settings.MAX_SEGMENT_CHARS:
        raise ValidationError(
            _("The text is longer than %(limit)s characters.") % {"limit": settings.MAX_SEGMENT_CHARS}
        )
    rules.refuse_unfit_for_documents(text)
    with transaction.atomic():
        tv = (
            TextVersion.objects.select_for_update(no_key=True, of=("self",))
            .select_related("revision__leaflet")
            .get(pk=segment.text_version_id)
        )
        if tv.is_source:
            raise ValidationError(_("The source text is edited in the leaflet editor, which saves a new revision."))
        if not rules.is_current(tv):
            raise ValidationError(_("This text belongs to an older revision of the leaflet; open the current one."))
        locked = TargetSegment.objects.select_for_update(no_key=True).get(pk=segment.pk)
        if (
            not reconciling
            and not locked.text
            and (
                dual_forward.is_dual(tv) or ForwardTranslation.objects.filter(text_version=tv, key=locked.key).exists()
            )
        ):
            # Translated twice: its first text is the reconciler's choice between the two versions
            # (translations/reconciliation.py, which passes reconciling=True), never a third version,
            # also before any version exists (no provider, or every batch failed): the versions are then
            # written on the reconciliation screen, not typed into the segment.
            raise ValidationError(
                _("This segment is translated twice; reconcile its two versions on the reconciliation screen.")
            )
        if locked.edit_seq != expected_seq:
            kept = SegmentEdit.objects.create(
                target_segment=locked, editor=editor, old_text=locked.text, new_text=text, applied=False
            )
            stale = StaleEdit(locked, kept)
        else:
            stale = None
            if locked.text == text:
                return EditResult(locked, False)
            SegmentEdit.objects.create(target_segment=locked, editor=editor, old_text=locked.text, new_text=text)
            old_hash = tv.content_hash
            TargetSegment.objects.filter(pk=locked.pk).update(
                text=text,
                origin=TargetSegment.Origin.HUMAN,
                updated_by=editor,
                edit_seq=locked.edit_seq + 1,
                back_translation="",
                back_translation_chrf=None,
            )
            text_version_rehash(text_version=tv)
            qa_run_for_text_version(text_version=tv, keys=[locked.key])
            audit_record(
                actor=editor,
                verb="text.edited",
                leaflet=tv.revision.leaflet,
                obj=tv,
                data={
                    "language": tv.language_id,
                    "revision": tv.revision.number,
                    "segment": str(locked.key),
                    "old_hash": old_hash,
                    "new_hash": tv.content_hash,
                },
            )
            if text:
                _back_translate_on_commit(text_version_id=tv.pk, key=locked.key, user_id=editor.pk)
    if stale is not None:
        raise stale
    locked.refresh_from_db()
    return EditResult(locked, True)


def _back_translate_on_commit(*, text_version_id: int, key: uuid.UUID, user_id: int) -> None:
    # After the commit, not inside the edit: queueing locks the text's job row,
    # which jobs lock before the text version row this edit holds. Not refused
    # while the job queue is down (the person's edit matters more): the batch is
    # written and, if its message cannot be sent, left to the recovery sweeper
    # (workbench.queueing). robust: nothing else that fails here may turn the
    # saved edit into an error page either (the segment then simply has no
    # back-translation, never a stale one).
    def queue() -> None:
        back_translation_queue(text_version_id=text_version_id, keys=[key], user_id=user_id)

    transaction.on_commit(queue, robust=True)


def source_segment_edit(*, text_version: TextVersion, key: uuid.UUID, editor, text: str):
    """An edit of the source-language text during review: saved as a new revision of the leaflet.

    The source text is what every translation was made from, so changing it
    is a revision like any other (all languages go back to review); based on
    the text version's revision, so an edit from a stale screen becomes a
    conflict revision instead of overwriting newer work.
    """
    if not text_version.is_source:
        raise ValidationError(_("Only the source-language text is edited as a revision."))
    revision = text_version.revision
    rules.refuse_unless_current(text_version)
    segments = []
    for segment in revision.segments.all():
        new_text = text if segment.key == key else segment.text
        segments.append(SegmentInput(kind=segment.kind, text=new_text, key=segment.key))
    return revision_save(
        leaflet=revision.leaflet,
        user=editor,
        segments=segments,
        base_revision_number=revision.number,
        note="Edited during review",
    )
