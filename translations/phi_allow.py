"""People's names the PHI guard lets through: the allow-list and authors' overrides.

Two ways a name found by the guard (type `person`) may still go to a model:

* the allow-list (`PhiAllowedName`): staff and organisations that leaflets
  name on purpose ("call Dr Lim's clinic"), kept in the admin by those who
  decide what may reach a provider (`permissions.can_decide_phi_exposure`);
* an override (`PhiNameOverride`): an author's decision, with a reason, that
  one name in one leaflet is not a patient's (a speaker, a staff member not
  yet on the list). Stored and audited as a digest, never as the name.

Neither applies to identifiers: an NRIC, phone number, e-mail, address or
date of birth is never let through this way.

`guard_names(leaflet_id=...)` gives what `guard_outbound` needs for a
leaflet's texts. The allow-list is read once per call and kept for
ALLOWED_NAMES_TTL seconds, so a batch of forty segments costs one query, and
a change reaches every worker within that time (at once in this process).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from review import permissions
from review.audit import audit_record
from translations.models import PhiAllowedName, PhiNameOverride, TargetSegment
from translations.phi import detect
from translations.phi.names import NameOverrides, canonical_name, name_digest
from translations.phi.normalise import visible

ALLOWED_NAMES_TTL = 30.0

_cache: dict[str, tuple[float, tuple[str, ...]]] = {}


def allowed_names() -> tuple[str, ...]:
    """The allow-list's names, read at most once per ALLOWED_NAMES_TTL seconds."""
    now = time.monotonic()
    cached = _cache.get("names")
    if cached is not None and now - cached[0] < ALLOWED_NAMES_TTL:
        return cached[1]
    names = tuple(PhiAllowedName.objects.order_by("name").values_list("name", flat=True))
    _cache["names"] = (now, names)
    return names


def _forget_allowed_names() -> None:
    _cache.pop("names", None)


def name_overrides(*, leaflet_id: int) -> NameOverrides:
    digests = frozenset(PhiNameOverride.objects.filter(leaflet_id=leaflet_id).values_list("name_digest", flat=True))
    return NameOverrides(scope=str(leaflet_id), digests=digests)


def guard_names(*, leaflet_id: int | None) -> dict:
    """Keyword arguments for guard_outbound: the allow-list, and this leaflet's overrides."""
    options: dict = {"allowed_names": allowed_names()}
    if leaflet_id is not None:
        options["name_overrides"] = name_overrides(leaflet_id=leaflet_id)
    return options


def digest_for(*, leaflet_id: int, name: str) -> str:
    return name_digest(name, scope=str(leaflet_id))


# --- The allow-list (admin) ------------------------------------------------------------------------
def _snapshot(row: PhiAllowedName) -> dict:
    return {"name": row.name, "kind": row.kind, "note": row.note}


@transaction.atomic
def phi_allowed_name_save(*, actor, allowed: PhiAllowedName) -> PhiAllowedName:
    """Add or change an allowed name, audited. Staff and organisation names are
    public by intent, so the audit record names them (unlike overrides)."""
    if not permissions.can_decide_phi_exposure(actor):
        raise PermissionDenied
    allowed.name = " ".join(allowed.name.split())
    if len(canonical_name(allowed.name)) < 2:
        raise ValidationError(_("An allowed name needs at least two letters."))
    row = PhiAllowedName.objects.select_for_update().filter(pk=allowed.pk).first() if allowed.pk else None
    before = _snapshot(row) if row is not None else None
    if row is None and allowed.created_by_id is None and getattr(actor, "pk", None):
        allowed.created_by = actor
    allowed.full_clean()
    after = _snapshot(allowed)
    if before == after:
        return allowed
    allowed.save()
    audit_record(
        actor=actor,
        verb="phi.allowed_name.created" if before is None else "phi.allowed_name.changed",
        obj=allowed,
        data={"before": before, "after": after},
    )
    transaction.on_commit(_forget_allowed_names)
    return allowed


@transaction.atomic
def phi_allowed_name_delete(*, actor, allowed: PhiAllowedName) -> None:
    if not permissions.can_decide_phi_exposure(actor):
        raise PermissionDenied
    row = PhiAllowedName.objects.select_for_update().get(pk=allowed.pk)
    snapshot, pk = _snapshot(row), row.pk
    row.delete()
    audit_record(
        actor=actor,
        verb="phi.allowed_name.deleted",
        object_type=PhiAllowedName._meta.label_lower,
        object_id=str(pk),
        data={"before": snapshot},
    )
    transaction.on_commit(_forget_allowed_names)


# --- Overrides (authors, on the job page) ---------------------------------------------------------------
@transaction.atomic
def phi_name_override_save(*, actor, leaflet, name: str, reason: str) -> PhiNameOverride:
    """Record that ``name`` may go to the model in ``leaflet``'s texts, with a reason.

    The row and the audit record hold the name's digest, not the name; a
    reason that repeats the name is refused for the same reason.
    """
    if not permissions.can_edit_leaflet(actor, leaflet):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for letting this name through."))
    canonical = canonical_name(name)
    if not canonical:
        raise ValidationError(_("There is no name to let through."))
    if canonical in canonical_name(reason):
        raise ValidationError(_("Do not repeat the name in the reason: the reason is kept in the audit trail."))
    digest = digest_for(leaflet_id=leaflet.pk, name=name)
    existing = PhiNameOverride.objects.filter(leaflet=leaflet, name_digest=digest).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            override = PhiNameOverride.objects.create(
                leaflet=leaflet, name_digest=digest, reason=reason, created_by=actor
            )
    except IntegrityError:
        # Another request recorded the same override first.
        return PhiNameOverride.objects.get(leaflet=leaflet, name_digest=digest)
    audit_record(
        actor=actor,
        verb="phi.name_override",
        leaflet=leaflet,
        obj=override,
        data={"type": "person", "name_digest": digest, "reason": reason},
    )
    return override


# --- What blocked a job (for the job page) -----------------------------------------------------------
@dataclass(frozen=True)
class BlockedName:
    """A name the guard finds in a failed job's texts: shown to its author, never stored."""

    name: str
    digest: str
    count: int


def blocked_names(*, job) -> list[BlockedName]:
    """People's names that would stop ``job``'s texts at the guard today (the
    allow-list and the leaflet's overrides applied), each once, in text order.

    Read from the texts the job sends: the source segments (translation), the
    translated segments (back-translation) or the brief (draft)."""
    if job.leaflet_id is None or job.state != job.State.FAILED:
        return []
    options = guard_names(leaflet_id=job.leaflet_id)
    overrides: NameOverrides = options["name_overrides"]
    found: dict[str, BlockedName] = {}
    for text in _job_texts(job):
        for span in detect(text, allowed_names=options["allowed_names"]):
            if span.type != "person" or overrides.covers(span.text):
                continue
            digest = digest_for(leaflet_id=job.leaflet_id, name=span.text)
            seen = found.get(digest)
            found[digest] = BlockedName(
                name=seen.name if seen else visible(span.text), digest=digest, count=(seen.count if seen else 0) + 1
            )
    return list(found.values())


def _job_texts(job) -> list[str]:
    if job.kind == job.Kind.DRAFT:
        brief = (job.brief or {}).get("brief", {})
        return [str(item) for value in brief.values() for item in (value if isinstance(value, list) else [value])]
    if job.text_version_id is None:
        return []
    texts = []
    for segment in (
        TargetSegment.objects.filter(text_version_id=job.text_version_id)
        .select_related("source_segment")
        .order_by("position")
    ):
        texts.append(segment.source_segment.text)
        if segment.text:
            texts.append(segment.text)
    return texts
