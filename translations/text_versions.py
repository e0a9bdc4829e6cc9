"""Text versions: creating them for a new revision, hashing them, editing segments.

A new revision gets a fresh text version per language. Segments whose source
did not change carry their translation (and who last edited it) over from the
previous revision, then approved translation memory fills what it can; the rest
waits for translation. A fresh text version has no approvals, so any source
change sends every language back to review, as the gate requires.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from review import rules
from review.audit import audit_record
from translations.models import Contribution, MemoryEntry, SegmentEdit, TargetSegment, TextVersion
from translations.qa_runner import qa_run_for_text_version
from workbench.models import Revision


def compute_content_hash(text_version: TextVersion) -> str:
    """Hash over language, and per segment: key, source hash and target text."""
    rows = (
        TargetSegment.objects.filter(text_version=text_version)
        .order_by("position")
        .values_list("key", "source_segment__content_hash", "text")
    )
    payload = [text_version.language_id] + [[str(k), h, t] for k, h, t in rows]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def text_version_rehash(*, text_version: TextVersion) -> str:
    """Recompute and store the hash and the state. Call with the text version row locked."""
    content_hash = compute_content_hash(text_version)
    empty = TargetSegment.objects.filter(rules.untranslated(), text_version=text_version).exists()
    if text_version.is_source or not empty:
        state = TextVersion.State.IN_REVIEW
    elif text_version.state == TextVersion.State.TRANSLATING:
        state = TextVersion.State.TRANSLATING
    elif (TargetSegment.objects.filter(text_version=text_version).exclude(rules.untranslated()).exists()
          or text_version.jobs.exists()):
        state = TextVersion.State.NEEDS_HUMAN
    else:
        state = TextVersion.State.AWAITING_TRANSLATION
    TextVersion.objects.filter(pk=text_version.pk).update(content_hash=content_hash, state=state)
    text_version.content_hash = content_hash
    text_version.state = state
    # Triggers bumped the generation with every segment change; keep the
    # caller's object in step so what it approves or publishes is current.
    text_version.edit_generation = TextVersion.objects.values_list("edit_generation", flat=True).get(
        pk=text_version.pk)
    return content_hash


def has_contributed(*, user, text_version: TextVersion) -> bool:
    """Did this user ever write or edit any segment of this text, in this or an earlier revision?

    The database's contribution records (written by triggers on every segment
    insert and edit) are the history; the separation-of-duties rule reads
    them, so "someone touched it up after me" or "a colleague saved a later
    revision" does not make a writer eligible to approve their own words.
    """
    keys = TargetSegment.objects.filter(text_version=text_version).values("key")
    return Contribution.objects.filter(
        user=user, leaflet_id=text_version.revision.leaflet_id, language_id=text_version.language_id, key__in=keys,
    ).exists() or TargetSegment.objects.filter(text_version=text_version, updated_by=user).exists()


def memory_lookup(*, source_language: str, target_language: str, source_hashes: list[str]) -> dict[str, str]:
    entries = MemoryEntry.objects.filter(
        source_language=source_language, target_language=target_language, source_hash__in=source_hashes
    ).values_list("source_hash", "target_text")
    return dict(entries)


def text_versions_create(*, revision: Revision, previous: Revision | None) -> list[TextVersion]:
    leaflet = revision.leaflet
    source_language = leaflet.source_language_id
    segments = list(revision.segments.all())
    created = []
    for code in leaflet.language_codes():
        is_source = code == source_language
        text_version = TextVersion.objects.create(revision=revision, language_id=code, is_source=is_source)
        if is_source:
            writers = _source_writers(segments, previous, revision)
            rows = [
                TargetSegment(text_version=text_version, source_segment=s, key=s.key, position=s.position,
                              text=s.text, origin=TargetSegment.Origin.SOURCE, updated_by_id=writers[s.key])
                for s in segments
            ]
        else:
            rows = _carry_over(text_version, segments, previous, source_language, code)
        TargetSegment.objects.bulk_create(rows)
        text_version_rehash(text_version=text_version)
        created.append(text_version)
    return created


def _source_writers(segments, previous: Revision | None, revision: Revision) -> dict:
    """Who wrote each source segment: whoever last changed it, not whoever saved this revision.

    A colleague saving a later revision (to fix one paragraph) must not
    become the writer of every paragraph, nor make the original author
    eligible to approve their own words.
    """
    before = {}
    if previous is not None:
        before = {
            ts.key: (ts.source_segment.content_hash, ts.updated_by_id)
            for ts in TargetSegment.objects.filter(text_version__revision=previous, text_version__is_source=True)
            .select_related("source_segment")
        }
    writers = {}
    for s in segments:
        old = before.get(s.key)
        writers[s.key] = old[1] if old is not None and old[0] == s.content_hash and old[1] else revision.created_by_id
    return writers


def _carry_over(text_version, segments, previous, source_language, code) -> list[TargetSegment]:
    previous_targets: dict[uuid.UUID, TargetSegment] = {}
    if previous is not None:
        prev_tv = TextVersion.objects.filter(revision=previous, language_id=code).first()
        if prev_tv is not None:
            previous_targets = {
                t.key: t for t in TargetSegment.objects.filter(text_version=prev_tv).select_related("source_segment")
            }
    memory = memory_lookup(source_language=source_language, target_language=code,
                           source_hashes=[s.content_hash for s in segments])
    rows = []
    for s in segments:
        row = TargetSegment(text_version=text_version, source_segment=s, key=s.key, position=s.position)
        before = previous_targets.get(s.key)
        if before is not None and before.source_segment.content_hash == s.content_hash and before.text:
            # Unchanged source: keep the translation and every trace of who made it.
            row.text, row.origin, row.model_draft = before.text, before.origin, before.model_draft
            row.model_name, row.back_translation = before.model_name, before.back_translation
            row.back_translation_chrf, row.updated_by = before.back_translation_chrf, before.updated_by
            if before.origin not in (TargetSegment.Origin.HUMAN, TargetSegment.Origin.MEMORY):
                row.origin = TargetSegment.Origin.CARRIED
        elif s.content_hash in memory:
            row.text, row.origin = memory[s.content_hash], TargetSegment.Origin.MEMORY
        else:
            row.text, row.origin = "", TargetSegment.Origin.NONE
            if before is not None:
                row.previous_text = before.text
        rows.append(row)
    return rows


class StaleEdit(Exception):
    """The segment changed since the editor loaded it; the attempted text was kept as an unapplied edit."""

    def __init__(self, segment: TargetSegment, kept: SegmentEdit):
        super().__init__(_("Someone else changed this segment while you were editing. Your text was kept; "
                           "compare it with theirs and save again."))
        self.segment = segment
        self.kept = kept


@dataclass(frozen=True)
class EditResult:
    segment: TargetSegment
    changed: bool


def target_segment_edit(*, segment: TargetSegment, editor, text: str, expected_seq: int) -> EditResult:
    """A reviewer's edit of one translated segment. Voids the text version's approvals by changing its hash.

    The segment's back-translation and its chrF described the old text, so
    they are cleared with it (QA then has no stale figure to warn about), and
    when a model provider back-translates this language a new back-translation
    of the segment is queued once the edit commits.
    """
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > settings.MAX_SEGMENT_CHARS:
        raise ValidationError(_("The text is longer than %(limit)s characters.") % {"limit": settings.MAX_SEGMENT_CHARS})
    with transaction.atomic():
        tv = TextVersion.objects.select_for_update(no_key=True, of=("self",)).select_related("revision__leaflet").get(pk=segment.text_version_id)
        if tv.is_source:
            raise ValidationError(_("The source text is edited in the leaflet editor, which saves a new revision."))
        if not rules.is_current(tv):
            raise ValidationError(_("This text belongs to an older revision of the leaflet; open the current one."))
        locked = TargetSegment.objects.select_for_update(no_key=True).get(pk=segment.pk)
        if locked.edit_seq != expected_seq:
            kept = SegmentEdit.objects.create(target_segment=locked, editor=editor, old_text=locked.text,
                                              new_text=text, applied=False)
            stale = StaleEdit(locked, kept)
        else:
            stale = None
            if locked.text == text:
                return EditResult(locked, False)
            SegmentEdit.objects.create(target_segment=locked, editor=editor, old_text=locked.text, new_text=text)
            old_hash = tv.content_hash
            TargetSegment.objects.filter(pk=locked.pk).update(
                text=text, origin=TargetSegment.Origin.HUMAN, updated_by=editor, edit_seq=locked.edit_seq + 1,
                back_translation="", back_translation_chrf=None,
            )
            text_version_rehash(text_version=tv)
            qa_run_for_text_version(text_version=tv, keys=[locked.key])
            audit_record(actor=editor, verb="text.edited", leaflet=tv.revision.leaflet, obj=tv, data={
                "language": tv.language_id, "revision": tv.revision.number, "segment": str(locked.key),
                "old_hash": old_hash, "new_hash": tv.content_hash,
            })
            if text:
                _back_translate_on_commit(text_version_id=tv.pk, key=locked.key, user_id=editor.pk)
    if stale is not None:
        raise stale
    locked.refresh_from_db()
    return EditResult(locked, True)


def _back_translate_on_commit(*, text_version_id: int, key: uuid.UUID, user_id: int) -> None:
    # After the commit, not inside the edit: queueing locks the text's job row,
    # which jobs lock before the text version row this edit holds. robust: an
    # unreachable broker must not turn a saved edit into an error page (the
    # segment then simply has no back-translation, never a stale one).
    def queue() -> None:
        from translations.jobs import back_translation_queue

        back_translation_queue(text_version_id=text_version_id, keys=[key], user_id=user_id)

    transaction.on_commit(queue, robust=True)


def text_version_apply_translations(
    *, text_version: TextVersion, translations: dict[uuid.UUID, str], origin: str, model_name: str = "",
    back_translations: dict[uuid.UUID, tuple[str, float | None]] | None = None, run_qa: bool = True,
) -> int:
    """Store machine (or memory) output for segments that have no text yet.

    Never overwrites a segment a person has filled in meanwhile: a model
    reply that arrives late must not erase a reviewer's work. Returns the
    number of segments filled.
    """
    filled = 0
    with transaction.atomic():
        tv = TextVersion.objects.select_for_update(no_key=True).get(pk=text_version.pk)
        segments = {s.key: s for s in TargetSegment.objects.select_for_update(no_key=True).filter(
            text_version=tv, key__in=list(translations) + list(back_translations or {}))}
        for key, text in translations.items():
            segment = segments.get(key)
            if segment is None or segment.text:
                continue
            TargetSegment.objects.filter(pk=segment.pk).update(
                text=text, origin=origin, model_draft=text if origin == TargetSegment.Origin.MODEL else "",
                model_name=model_name,
            )
            filled += 1
        for key, (back, chrf) in (back_translations or {}).items():
            if key in segments:
                TargetSegment.objects.filter(pk=segments[key].pk).update(
                    back_translation=back, back_translation_chrf=chrf)
        text_version_rehash(text_version=tv)
        if run_qa:
            qa_run_for_text_version(text_version=tv)
    text_version.refresh_from_db()
    return filled


def source_segment_edit(*, text_version: TextVersion, key: uuid.UUID, editor, text: str):
    """An edit of the source-language text during review: saved as a new revision of the leaflet.

    The source text is what every translation was made from, so changing it
    is a revision like any other (all languages go back to review); based on
    the text version's revision, so an edit from a stale screen becomes a
    conflict revision instead of overwriting newer work.
    """
    from workbench.services import SegmentInput, revision_save

    if not text_version.is_source:
        raise ValidationError(_("Only the source-language text is edited as a revision."))
    revision = text_version.revision
    rules.refuse_unless_current(text_version)
    segments = []
    for segment in revision.segments.all():
        new_text = text if segment.key == key else segment.text
        segments.append(SegmentInput(kind=segment.kind, text=new_text, key=segment.key))
    return revision_save(leaflet=revision.leaflet, user=editor, segments=segments,
                         base_revision_number=revision.number, note="Edited during review")
