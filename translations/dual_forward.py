"""Dual forward translation: two independent versions of each segment, kept apart until a person reconciles them.

ISPOR's translation-validation practice has two translators translate
independently, then a person reconciles the two versions before the text is
back-translated and reviewed. A leaflet lists the languages translated this
way (`Leaflet.dual_forward_languages`). For such a language the translation
job plans each empty segment twice, as "translate" batches of slot "a" (the
first provider on the language's translate route) and slot "b" (the second);
each stores a `ForwardTranslation`, never the target segment, which stays
empty: the gate's "not translated yet" keeps the text from being approved or
published until translations/reconciliation.py writes the reconciler's choice.

Independence: each model call is built from the source alone, exactly as a
single translation is (the request never carries the other version), and a
person writing a missing version sees only the source.

Below translations/batches.py (which calls `forward_versions_store` from a
batch's store step) and above the models: no queueing here.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.db.models import Max

from review.audit import audit_record
from translations.models import ForwardTranslation, JobBatch, Provider, TextVersion
from translations.providers import route

SLOTS = (ForwardTranslation.Slot.A.value, ForwardTranslation.Slot.B.value)


def is_dual(text_version: TextVersion) -> bool:
    """This text's language is translated twice for its leaflet (never the source text, which is written)."""
    leaflet = text_version.revision.leaflet
    return not text_version.is_source and text_version.language_id in (leaflet.dual_forward_languages or [])


def forward_providers(language: str) -> list[Provider]:
    """Slot a's provider and slot b's: the first two on the language's translate route (fewer when fewer exist).

    With one provider, slot b is a person's (the reconciliation screen's "write
    the second version"); with none, both are.
    """
    return route(kind="translate", language=language)[:2]


def other_slot_providers(batch: JobBatch) -> set[int]:
    """The providers a fallback must skip for this batch.

    A forward slot: the other slot's providers (one provider must not write
    both versions). The blind back-translation of a reconciled text: the
    providers that wrote its versions, so that a failing third provider falls
    back to another third provider, never to a writer (it would then judge its
    own wording). Otherwise none.
    """
    if batch.phase == JobBatch.Phase.BACK_TRANSLATE and (batch.job.brief or {}).get("reconciled"):
        return set(
            ForwardTranslation.objects.filter(text_version_id=batch.job.text_version_id)
            .exclude(provider__isnull=True)
            .values_list("provider_id", flat=True)
        )
    if not batch.slot:
        return set()
    return set(
        JobBatch.objects.filter(job_id=batch.job_id, phase=JobBatch.Phase.TRANSLATE)
        .exclude(slot__in=["", batch.slot])
        .exclude(provider__isnull=True)
        .values_list("provider_id", flat=True)
    )


def _next_numbers(text_version: TextVersion, slot: str, keys) -> dict[uuid.UUID, int]:
    newest = dict(
        ForwardTranslation.objects.filter(text_version=text_version, slot=slot, key__in=list(keys))
        .values("key")
        .annotate(n=Max("number"))
        .values_list("key", "n")
    )
    return {key: (newest.get(key) or 0) + 1 for key in keys}


def forward_versions_store(
    *, batch: JobBatch, texts: dict[uuid.UUID, str], reported_model: str, prompt_version: str
) -> list[ForwardTranslation]:
    """Store a slot's model output as new versions (a re-run adds, never replaces). Call in the store transaction."""
    job = batch.job
    tv = job.text_version
    assert tv is not None and batch.slot in SLOTS and batch.provider is not None
    numbers = _next_numbers(tv, batch.slot, texts)
    rows = ForwardTranslation.objects.bulk_create(
        [
            ForwardTranslation(
                text_version=tv,
                key=key,
                slot=batch.slot,
                number=numbers[key],
                text=text,
                origin=ForwardTranslation.Origin.MODEL,
                provider=batch.provider,
                reported_model=reported_model,
                prompt_version=prompt_version,
                job=job,
            )
            for key, text in texts.items()
        ]
    )
    audit_record(
        actor=None,
        verb="forward_translation.stored",
        leaflet=job.leaflet,
        obj=tv,
        data={
            "language": tv.language_id,
            "slot": batch.slot,
            "origin": "model",
            "job": job.pk,
            "provider": batch.provider.name,
            "model": reported_model,
            "prompt_version": prompt_version,
            "segments": [str(key) for key in texts],
        },
    )
    return rows


def human_versions_store(*, text_version: TextVersion, slot_texts: dict[uuid.UUID, tuple[str, str]], user):
    """Store a person's versions ({key: (slot, text)}). Call in the caller's transaction, text version locked."""
    by_slot: dict[str, dict[uuid.UUID, str]] = defaultdict(dict)
    for key, (slot, text) in slot_texts.items():
        by_slot[slot][key] = text
    rows = []
    for slot, texts in by_slot.items():
        numbers = _next_numbers(text_version, slot, texts)
        rows += ForwardTranslation.objects.bulk_create(
            [
                ForwardTranslation(
                    text_version=text_version,
                    key=key,
                    slot=slot,
                    number=numbers[key],
                    text=text,
                    origin=ForwardTranslation.Origin.HUMAN,
                    translator=user,
                )
                for key, text in texts.items()
            ]
        )
    return rows


def newest_versions(text_version: TextVersion) -> dict[uuid.UUID, dict[str, ForwardTranslation]]:
    """Per segment key, the newest version of each slot that exists (one query)."""
    newest: dict[uuid.UUID, dict[str, ForwardTranslation]] = defaultdict(dict)
    rows = (
        ForwardTranslation.objects.filter(text_version=text_version)
        .select_related("provider", "translator")
        .order_by("key", "slot", "-number")
    )
    for row in rows:
        newest[row.key].setdefault(row.slot, row)
    return newest
