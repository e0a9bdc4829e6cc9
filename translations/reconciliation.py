"""Reconciling the two independent forward translations of a dual-translated text.

A translator of the language sees, per segment, the source and versions A
and B side by side with their differences and each version's QA findings,
and chooses A, B or their own text. `reconciliation_save` writes every choice
in one transaction through the ordinary edit (translations/edits.py), so the
reconciler is recorded as the editor of what they chose (the contribution
triggers; the separation of duties then keeps them from approving it),
records the choice and the versions it was made from (`Reconciliation`),
runs QA and queues a blind back-translation of the reconciled text by a
third provider where one is configured.

While a segment misses a version (one provider configured, or none), a
translator writes it here (`forward_version_write`), seeing only the source:
the two versions stay independent until both exist.

Above translations/edits.py and translations/jobs.py; nothing below imports it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from review import permissions, rules
from review.audit import audit_record
from translations import dual_forward
from translations.dual_diff import diff_html
from translations.edits import target_segment_edit
from translations.jobs import reconciled_back_translation_queue
from translations.models import Finding, ForwardTranslation, Job, Reconciliation, TargetSegment, TextVersion
from translations.qa import check_segment
from translations.qa_runner import glossary_for, qa_run_for_text_version
from workbench.services import segment_labels

CHOICES = tuple(Reconciliation.Choice.values)


# --- What the screen shows ------------------------------------------------------------------------
@dataclass
class ReconcileRow:
    """One segment on the reconciliation screen.

    status: "reconcile" (both versions exist, nothing written yet), "write"
    (a version is missing: only the source is shown, never the other version),
    "waiting" (a version is missing and a job may still write it), "done" (the
    segment has text already).
    """

    segment: TargetSegment
    label: str
    status: str
    a: ForwardTranslation | None = None
    b: ForwardTranslation | None = None
    a_html: str = ""
    b_html: str = ""
    a_findings: list[tuple[str, str, str]] = field(default_factory=list)  # (severity, its label, message)
    b_findings: list[tuple[str, str, str]] = field(default_factory=list)
    missing_slot: str = ""
    wrote_other: bool = False  # the viewer wrote the other version: a second translator must write this one
    # What the form shows (set by the view): the choice and own text typed, a missing version typed.
    chosen: str = ""
    own_text: str = ""
    written: str = ""


def _findings(segment: TargetSegment, text: str, *, source_lang: str, target_lang: str, glossary, neighbours):
    found = check_segment(
        source=segment.source_segment.text,
        target=text,
        source_lang=source_lang,
        target_lang=target_lang,
        glossary=glossary,
        neighbour_sources=neighbours,
    )
    rank = {"error": 0, "warning": 1, "info": 2}
    return [
        (f.severity, str(Finding.Severity(f.severity).label), f.render(_))
        for f in sorted(found, key=lambda f: (rank.get(f.severity, 3), f.check_id))
    ]


def reconciliation_rows(*, text_version: TextVersion, user) -> list[ReconcileRow]:
    """Every segment of the text with what the reconciler may see of it."""
    leaflet = text_version.revision.leaflet
    source_lang, target_lang = leaflet.source_language_id, text_version.language_id
    segments = list(
        TargetSegment.objects.filter(text_version=text_version).select_related("source_segment").order_by("position")
    )
    labels = segment_labels([s.source_segment for s in segments])
    versions = dual_forward.newest_versions(text_version)
    job_active = Job.objects.filter(rules.job_active(), text_version=text_version).exists()
    glossary = glossary_for(source_language=source_lang, target_language=target_lang)
    sources = [s.source_segment.text for s in segments]
    rows = []
    for at, segment in enumerate(segments):
        label = labels.get(segment.key, "")
        have = versions.get(segment.key, {})
        if segment.text:
            rows.append(ReconcileRow(segment=segment, label=label, status="done"))
            continue
        a, b = have.get("a"), have.get("b")
        if a is None or b is None:
            missing = "a" if a is None else "b"
            other = b if a is None else a
            rows.append(
                ReconcileRow(
                    segment=segment,
                    label=label,
                    status="waiting" if job_active else "write",
                    missing_slot=missing,
                    # Whether the viewer wrote the other version, never what it says.
                    wrote_other=other is not None and other.translator_id == user.pk,
                )
            )
            continue
        neighbours = tuple(sources[max(at - 1, 0) : at] + sources[at + 1 : at + 2])
        a_html, b_html = diff_html(a.text, b.text, target_lang)
        rows.append(
            ReconcileRow(
                segment=segment,
                label=label,
                status="reconcile",
                a=a,
                b=b,
                a_html=a_html,
                b_html=b_html,
                a_findings=_findings(
                    segment,
                    a.text,
                    source_lang=source_lang,
                    target_lang=target_lang,
                    glossary=glossary,
                    neighbours=neighbours,
                ),
                b_findings=_findings(
                    segment,
                    b.text,
                    source_lang=source_lang,
                    target_lang=target_lang,
                    glossary=glossary,
                    neighbours=neighbours,
                ),
            )
        )
    return rows


# --- Writing ------------------------------------------------------------------------------------------
def _clean(text: str) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _problem_if_unfit(text: str, label: str) -> str | None:
    if not text:
        return _("%(segment)s: the text is empty.") % {"segment": label}
    if len(text) > settings.MAX_SEGMENT_CHARS:
        return _("%(segment)s: the text is longer than %(limit)s characters.") % {
            "segment": label,
            "limit": settings.MAX_SEGMENT_CHARS,
        }
    if not rules.fits_in_documents(text):
        return _("%(segment)s: the text contains a control character (such as a form feed); remove it.") % {
            "segment": label
        }
    return None


def _lock_for_dual_work(text_version: TextVersion) -> TextVersion:
    """The text version row, locked, refused unless it is current, dual and has no job running."""
    tv = (
        TextVersion.objects.select_for_update(no_key=True, of=("self",))
        .select_related("revision__leaflet")
        .get(pk=text_version.pk)
    )
    rules.refuse_unless_current(tv)
    if not dual_forward.is_dual(tv) and not ForwardTranslation.objects.filter(text_version=tv).exists():
        raise ValidationError(_("This text is not translated twice, so there is nothing to reconcile."))
    if Job.objects.filter(rules.job_active(), text_version=tv).exists():
        raise ValidationError(_("A model job is still working on this text; reconcile it when the job has finished."))
    return tv


def forward_version_write(*, text_version: TextVersion, user, texts: dict[uuid.UUID, str]) -> list[ForwardTranslation]:
    """A translator writes the missing version of some segments (empty texts are skipped).

    Written independently: the screen shows only the source for such a
    segment, and once both versions of a segment exist nobody writes another
    (that one would have been written seeing the first). Nobody writes both
    versions of a segment. The writer becomes a contributor of those segments
    (their `updated_by`, recorded by the contribution trigger; the text stays
    empty), so they cannot approve the text whichever version is chosen.
    """
    if not permissions.can_translate(user, text_version):
        raise PermissionDenied
    texts = {key: _clean(text) for key, text in texts.items() if _clean(text)}
    if not texts:
        raise ValidationError(_("Write the missing version of at least one segment."))
    with transaction.atomic():
        tv = _lock_for_dual_work(text_version)
        if not dual_forward.is_dual(tv):
            raise ValidationError(_("This language is not translated twice for this leaflet."))
        segments = {
            s.key: s
            for s in TargetSegment.objects.select_for_update(no_key=True)
            .filter(text_version=tv, key__in=list(texts))
            .select_related("source_segment")
        }
        labels = segment_labels(list(tv.revision.segments.order_by("position")))
        versions = dual_forward.newest_versions(tv)
        problems, planned = [], {}
        for key, text in texts.items():
            segment = segments.get(key)
            if segment is None:
                problems.append(_("A segment of this form is not part of this text; reload the page."))
                continue
            label = labels.get(key, "")
            have = versions.get(key, {})
            missing = [slot for slot in dual_forward.SLOTS if slot not in have]
            if segment.text:
                problems.append(_("%(segment)s already has its text; reload the page.") % {"segment": label})
                continue
            if not missing:
                problems.append(_("%(segment)s already has both versions; reload the page.") % {"segment": label})
                continue
            if any(v.translator_id == user.pk for v in have.values()):
                problems.append(
                    _("%(segment)s: you wrote the other version; a second translator writes this one.")
                    % {"segment": label}
                )
                continue
            problem = _problem_if_unfit(text, label)
            if problem:
                problems.append(problem)
                continue
            planned[key] = (missing[0], text)
        if problems:
            raise ValidationError(problems)
        rows = dual_forward.human_versions_store(text_version=tv, slot_texts=planned, user=user)
        # The writer is a contributor of these segments from now on (the trigger records `updated_by`);
        # the text stays empty, so nothing about the content or its generation changes.
        TargetSegment.objects.filter(text_version=tv, key__in=list(planned)).exclude(updated_by=user).update(
            updated_by=user
        )
        audit_record(
            actor=user,
            verb="forward_translation.stored",
            leaflet=tv.revision.leaflet,
            obj=tv,
            data={
                "language": tv.language_id,
                "origin": "human",
                "versions": [{"segment": str(r.key), "slot": r.slot, "number": r.number} for r in rows],
            },
        )
    return rows


def reconciliation_save(
    *,
    text_version: TextVersion,
    user,
    choices: dict[uuid.UUID, tuple[str, str]],
    seen: dict[uuid.UUID, tuple[int, int]] | None = None,
) -> list[Reconciliation]:
    """Write the reconciler's choice for each segment: ("a" | "b" | "own", own text). All or nothing.

    Refused, with nothing written, when any choice is unknown, a segment lacks
    one of its versions or already has text, or an own text is unfit. `seen`
    (segment key -> ids of the versions A and B the screen showed): a choice
    is refused when a newer version came since (a re-run adds versions), so
    nobody chooses a text they never saw.
    """
    if not permissions.can_reconcile(user, text_version):
        raise PermissionDenied
    if not choices:
        raise ValidationError(_("Choose a version, or write your own text, for at least one segment."))
    with transaction.atomic():
        tv = _lock_for_dual_work(text_version)
        segments = {
            s.key: s
            for s in TargetSegment.objects.select_for_update(no_key=True)
            .filter(text_version=tv)
            .select_related("source_segment")
        }
        labels = segment_labels(list(tv.revision.segments.order_by("position")))
        versions = dual_forward.newest_versions(tv)
        problems: list[str] = []
        planned: list[tuple[TargetSegment, str, str, ForwardTranslation, ForwardTranslation]] = []
        for key, (choice, own) in choices.items():
            segment = segments.get(key)
            if segment is None:
                problems.append(_("A segment of this form is not part of this text; reload the page."))
                continue
            label = labels.get(key, "")
            a, b = versions.get(key, {}).get("a"), versions.get(key, {}).get("b")
            if segment.text:
                problems.append(_("%(segment)s already has its text; reload the page.") % {"segment": label})
                continue
            if a is None or b is None:
                problems.append(_("%(segment)s does not have both versions yet.") % {"segment": label})
                continue
            if seen is not None and key in seen and seen[key] != (a.pk, b.pk):
                problems.append(
                    _("%(segment)s: its versions changed since the page was shown; reload the page and choose again.")
                    % {"segment": label}
                )
                continue
            if choice not in CHOICES:
                problems.append(_("%(segment)s: choose version A, version B or your own text.") % {"segment": label})
                continue
            text = {"a": a.text, "b": b.text}.get(choice) or _clean(own)
            problem = _problem_if_unfit(text, label)
            if problem:
                problems.append(problem)
                continue
            planned.append((segment, choice, text, a, b))
        if problems:
            raise ValidationError(problems)
        saved = []
        for segment, choice, text, a, b in planned:
            # The ordinary edit: SegmentEdit history, `updated_by` (the contribution trigger records the
            # reconciler), a new hash and generation, QA of the segment, the `text.edited` event.
            target_segment_edit(
                segment=segment, editor=user, text=text, expected_seq=segment.edit_seq, reconciling=True
            )
            saved.append(
                Reconciliation.objects.create(
                    text_version=tv,
                    key=segment.key,
                    choice=choice,
                    version_a=a,
                    version_b=b,
                    text=text,
                    reconciled_by=user,
                )
            )
        tv.refresh_from_db()
        qa_run_for_text_version(text_version=tv)
        writers = {v.provider_id for _s, _c, _t, a, b in planned for v in (a, b) if v.provider_id}
        # Created in this transaction, its batch waiting: the edits' own back-translation requests (sent
        # after the commit) find these segments queued and add nothing.
        job = reconciled_back_translation_queue(
            text_version=tv, keys=[s.key for s, *_rest in planned], user=user, avoid=writers
        )
        audit_record(
            actor=user,
            verb="reconciliation.saved",
            leaflet=tv.revision.leaflet,
            obj=tv,
            data={
                "language": tv.language_id,
                "segments": [
                    {
                        "segment": str(r.key),
                        "choice": r.choice,
                        "version_a": r.version_a_id,
                        "version_b": r.version_b_id,
                    }
                    for r in saved
                ],
                "content_hash": tv.content_hash,
                "generation": tv.edit_generation,
                "back_translation_job": job.pk if job else None,
                "back_translation_provider": job.provider.name if job and job.provider else None,
            },
        )
    return saved
