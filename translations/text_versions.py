"""Text versions: creating them for a new revision, hashing them, filling them.

A new revision gets a fresh text version per language. Segments whose source
did not change carry their translation (and who last edited it) over from the
previous revision, then approved translation memory fills what it can; the rest
waits for translation. A fresh text version has no approvals, so any source
change sends every language back to review, as the gate requires.

People's edits are translations/edits.py's: they queue back-translations and
save revisions, which sit above this module.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from django.db import transaction

from review import rules
from translations.models import Contribution, ForwardTranslation, MemoryEntry, TargetSegment, TextVersion
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
    elif ForwardTranslation.objects.filter(text_version=text_version).exists():
        # Translated twice (translations/dual_forward.py): empty until a translator reconciles the versions.
        state = TextVersion.State.AWAITING_RECONCILIATION
    elif (
        TargetSegment.objects.filter(text_version=text_version).exclude(rules.untranslated()).exists()
        or text_version.jobs.exists()
    ):
        state = TextVersion.State.NEEDS_HUMAN
    else:
        state = TextVersion.State.AWAITING_TRANSLATION
    TextVersion.objects.filter(pk=text_version.pk).update(content_hash=content_hash, state=state)
    text_version.content_hash = content_hash
    text_version.state = state
    # Triggers bumped the generation with every segment change; keep the
    # caller's object in step so what it approves or publishes is current.
    text_version.edit_generation = TextVersion.objects.values_list("edit_generation", flat=True).get(pk=text_version.pk)
    return content_hash


def has_contributed(*, user, text_version: TextVersion) -> bool:
    """Did this user ever write or edit any segment of this text, in this or an earlier revision?

    The database's contribution records (written by triggers on every segment
    insert and edit) are the history; the separation-of-duties rule reads
    them, so "someone touched it up after me" or "a colleague saved a later
    revision" does not make a writer eligible to approve their own words.
    """
    keys = TargetSegment.objects.filter(text_version=text_version).values("key")
    return (
        Contribution.objects.filter(
            user=user,
            leaflet_id=text_version.revision.leaflet_id,
            language_id=text_version.language_id,
            key__in=keys,
        ).exists()
        or TargetSegment.objects.filter(text_version=text_version, updated_by=user).exists()
    )


def memory_lookup(*, source_language: str, target_language: str, source_hashes: list[str]) -> dict[str, str]:
    """Reviewed memory only: what fills a segment as "memory" is wording a reviewer approved.
    Unreviewed entries (imported TMX) are suggestions, never fills (translations/exchange/memory.py)."""
    entries = MemoryEntry.objects.filter(
        source_language=source_language,
        target_language=target_language,
        source_hash__in=source_hashes,
        reviewed=True,
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
                TargetSegment(
                    text_version=text_version,
                    source_segment=s,
                    key=s.key,
                    position=s.position,
                    text=s.text,
                    origin=TargetSegment.Origin.SOURCE,
                    updated_by_id=writers[s.key],
                )
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
            for ts in TargetSegment.objects.filter(
                text_version__revision=previous, text_version__is_source=True
            ).select_related("source_segment")
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
    memory = memory_lookup(
        source_language=source_language, target_language=code, source_hashes=[s.content_hash for s in segments]
    )
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


def text_version_apply_translations(
    *,
    text_version: TextVersion,
    translations: dict[uuid.UUID, str],
    origin: str,
    model_name: str = "",
    back_translations: dict[uuid.UUID, tuple[str, float | None]] | None = None,
    run_qa: bool = True,
) -> int:
    """Store machine (or memory) output for segments that have no text yet.

    Never overwrites a segment a person has filled in meanwhile: a model
    reply that arrives late must not erase a reviewer's work. Returns the
    number of segments filled.
    """
    filled = 0
    with transaction.atomic():
        tv = TextVersion.objects.select_for_update(no_key=True).get(pk=text_version.pk)
        segments = {
            s.key: s
            for s in TargetSegment.objects.select_for_update(no_key=True).filter(
                text_version=tv, key__in=list(translations) + list(back_translations or {})
            )
        }
        for key, text in translations.items():
            segment = segments.get(key)
            if segment is None or segment.text:
                continue
            TargetSegment.objects.filter(pk=segment.pk).update(
                text=text,
                origin=origin,
                model_draft=text if origin == TargetSegment.Origin.MODEL else "",
                model_name=model_name,
            )
            filled += 1
        for key, (back, chrf) in (back_translations or {}).items():
            if key in segments:
                TargetSegment.objects.filter(pk=segments[key].pk).update(
                    back_translation=back, back_translation_chrf=chrf
                )
        text_version_rehash(text_version=tv)
        if run_qa:
            qa_run_for_text_version(text_version=tv)
    text_version.refresh_from_db()
    return filled
