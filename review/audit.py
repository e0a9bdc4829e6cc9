"""The append-only, hash-chained audit trail.

`audit_record` must be called inside the caller's transaction and *last*,
after every other row the caller locks: it locks the single AuditHead row,
which serialises all audited writes. Taking it last keeps the lock order
(leaflet → text versions → audit head) the same everywhere, so it cannot
deadlock, and holding it to commit is what keeps the chain from forking.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from review.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    body = {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "verb": event.verb,
        "leaflet_id": event.leaflet_id,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip through JSON now, so the hash is computed over exactly what
    # the database will give back (no Decimals, UUIDs or tuples).
    return json.loads(json.dumps(data, default=str, sort_keys=True))


def audit_record(
    *,
    actor,
    verb: str,
    leaflet=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction that makes the change it records")
    AuditHead.objects.get_or_create(id=1)
    head = AuditHead.objects.select_for_update(no_key=True).get(id=1)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    event = AuditEvent(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or (actor if isinstance(actor, str) else "system"),
        verb=verb,
        leaflet=leaflet,
        object_type=object_type,
        object_id=object_id,
        data=_jsonable(data or {}),
        prev_hash=head.hash,
    )
    event.hash = event_hash(event)
    event.save()
    AuditHead.objects.filter(id=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def audit_verify() -> ChainReport:
    """Walk the chain from the start; report the first event whose link or content does not verify."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, f"event {expected_seq} is missing (next is {event.seq})")
        if event.prev_hash != prev:
            return ChainReport(False, checked, event.seq, "its prev_hash does not match the previous event's hash")
        if event_hash(event) != event.hash:
            return ChainReport(False, checked, event.seq, "its content does not match its hash (the row was altered)")
        prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head and head.seq != checked:
        return ChainReport(False, checked, checked + 1, f"the head says {head.seq} events but {checked} exist (rows were deleted)")
    return ChainReport(True, checked)
