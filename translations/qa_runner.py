"""Run the QA check registry over a text version and store the findings.

Findings are stored against the text version *and* the content hash they were
computed for: an edit produces a new hash and fresh findings for the edited
segment, while overrides given for the old findings stay as history.

Each finding keeps its English message (audit trail, exports) and the check's
message key and parameters, from which `Finding.render()` shows it in the
reader's language.

The back-translation check uses the chrF stored with each back-translation
(`back_translation_chrf`) instead of scoring it again, when that figure alone
shows the segment passes (see translations/qa/checks/back_translation.py).
"""

from __future__ import annotations

import json
import uuid

from review import rules
from translations.models import Finding, GlossaryTerm, TargetSegment, TextVersion
from translations.qa import GlossaryEntry, QAFinding, check_segment, check_source_document
from translations.qa.checks.back_translation import stored_scores


def glossary_for(*, source_language: str, target_language: str) -> list[GlossaryEntry]:
    terms = GlossaryTerm.objects.filter(source_language=source_language, target_language=target_language, approved=True)
    return [GlossaryEntry(t.source_term, t.target_term, tuple(t.forbidden_list())) for t in terms]


def _stored(finding: QAFinding) -> dict:
    """The Finding fields that describe a check's finding."""
    return {
        "check_id": finding.check_id,
        "severity": finding.severity,
        "message": finding.message,
        "message_key": finding.message_key,
        "params": dict(finding.params) if finding.message_key else None,
    }


def qa_run_for_text_version(*, text_version: TextVersion, keys: list[uuid.UUID] | None = None) -> list[Finding]:
    """Compute the findings of the current content, every segment, and store them.

    `keys` names the segments an edit changed. Findings are never copied
    forward from an earlier content: a copy of an old hash's findings brought
    back an error a later edit had fixed, whenever the content in between had
    no findings to copy from. The checks are fast, so every segment is checked
    again; what `keys` still decides is which overrides hold: a finding the
    run reproduces on a segment the edit did not change points at the root of
    the same finding on the previous content (`origin`), so a reviewer's
    override of it keeps counting, while a changed segment's findings are new.
    """
    leaflet = text_version.revision.leaflet
    source_language = leaflet.source_language_id
    segments = list(
        TargetSegment.objects.filter(text_version=text_version).select_related("source_segment").order_by("position")
    )
    content_hash = text_version.content_hash
    glossary = glossary_for(source_language=source_language, target_language=text_version.language_id)
    new: list[Finding] = []
    # Written with their back-translation and cleared with it (a reviewer's
    # edit clears both), so keyed by that back-translation and the source.
    scores = {
        (s.back_translation, s.source_segment.text): s.back_translation_chrf
        for s in segments
        if s.back_translation and s.back_translation_chrf is not None
    }
    # The shifted-segment check compares a target with the sources on either side of it
    # (what a batch reply shifted by one would hold).
    sources = [s.source_segment.text for s in segments]
    with stored_scores(scores):
        for at, segment in enumerate(segments):
            if not segment.text:
                continue  # untranslated segments are reported by the gate, not as QA findings
            for finding in check_segment(
                source=segment.source_segment.text,
                target=segment.text,
                source_lang=source_language,
                target_lang=text_version.language_id,
                back_translation=segment.back_translation or None,
                glossary=glossary,
                neighbour_sources=tuple(sources[max(at - 1, 0) : at] + sources[at + 1 : at + 2]),
            ):
                new.append(
                    Finding(
                        text_version=text_version,
                        content_hash=content_hash,
                        segment_key=segment.key,
                        **_stored(finding),
                    )
                )
    if text_version.is_source:
        by_index = {i: s.key for i, s in enumerate(segments)}
        for index, finding in check_source_document(
            segments=[(s.source_segment.kind, s.text) for s in segments], lang=source_language
        ):
            new.append(
                Finding(
                    text_version=text_version,
                    content_hash=content_hash,
                    segment_key=by_index.get(index) if index is not None else None,
                    **_stored(finding),
                )
            )
    if keys is not None:
        _attach_origins(text_version, content_hash, new, changed=set(keys))
    return _replace_findings(text_version, content_hash, new)


def _attach_origins(text_version: TextVersion, content_hash: str, new: list[Finding], *, changed: set) -> None:
    """Point each finding reproduced on an unchanged segment at its root on the previous content.

    The previous content is the latest other hash this text has findings for.
    When that content had none at all, an older hash answers instead; what
    matches there is the same check, message and parameters on a segment this
    edit did not touch, so the override a reviewer gave it judged that text.
    """
    previous = (
        Finding.objects.filter(text_version=text_version)
        .exclude(content_hash=content_hash)
        .order_by("-created_at", "-id")
        .values_list("content_hash", flat=True)
        .first()
    )
    if previous is None:
        return
    roots: dict[tuple, list[int]] = {}
    for row in Finding.objects.filter(text_version=text_version, content_hash=previous).order_by("id"):
        if row.segment_key is None or row.segment_key not in changed:
            roots.setdefault(_identity(row), []).append(row.origin_id or row.pk)
    for finding in new:
        if finding.segment_key in changed:
            continue
        same = roots.get(_identity(finding))
        if same:
            finding.origin_id = same.pop(0)


def _identity(finding: Finding) -> tuple:
    return (
        finding.segment_key,
        finding.check_id,
        finding.severity,
        finding.message,
        finding.message_key,
        # Sorted: PostgreSQL's jsonb gives a stored row's parameters back in its own key order.
        json.dumps(finding.params, sort_keys=True, default=str),
    )


def _replace_findings(text_version: TextVersion, content_hash: str, new: list[Finding]) -> list[Finding]:
    """Store `new` as the findings for this content, keeping the rows a run on the same content reproduces.

    QA runs again on unchanged content (a job that had nothing left to send
    finishes by re-checking; a retried job): a finding a reviewer overrode
    must keep its row, because the override points at it (PROTECT) and is the
    record of their judgement. A reproduced finding keeps its row; one no
    longer reproduced goes, unless it was overridden, when it stays as history.
    """
    existing = list(
        Finding.objects.filter(text_version=text_version, content_hash=content_hash).prefetch_related("overrides")
    )
    by_identity: dict[tuple, list[Finding]] = {}
    for row in existing:
        by_identity.setdefault(_identity(row), []).append(row)
    kept: list[Finding] = []
    to_create: list[Finding] = []
    for finding in new:
        same = by_identity.get(_identity(finding))
        if same:
            kept.append(same.pop(0))
        else:
            to_create.append(finding)
    leftover = [row.pk for rows in by_identity.values() for row in rows if not row.overrides.all()]
    if leftover:
        Finding.objects.filter(pk__in=leftover).delete()
    return kept + Finding.objects.bulk_create(to_create)


def current_findings(text_version: TextVersion):
    return Finding.objects.filter(rules.current_finding(), text_version=text_version)
