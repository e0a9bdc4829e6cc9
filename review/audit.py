"""The append-only audit trail: a hash chain sealed with a key kept outside the database.

Appending. `audit_record` must be called inside the caller's transaction and
*last*, after every other row the caller locks: it locks the single AuditHead
row, which serialises all audited writes. Taking it last keeps the lock order
(leaflet → text versions → audit head) the same everywhere, so it cannot
deadlock, and holding it to commit is what keeps the chain from forking.

Why an HMAC. Every event stores the previous event's hash and a seal over its
own fields and that link. A plain SHA-256 seal can be recomputed by anyone who
can write the database, so a well-formed forged event ("approved", say) would
verify. Events are therefore sealed with HMAC-SHA256 under `settings.AUDIT_KEY`,
which lives outside the database (AUDIT_KEY or AUDIT_KEY_FILE, like the secret
key): without the key nobody can make a seal that verifies. Each keyed event
records the key's id (`audit_key_id`), so an event sealed under another key is
reported as exactly that.

Legacy events. Events written before the key existed keep their plain SHA-256
seal and are never rewritten. The first append after them (or `audit_anchor`,
via `manage.py verify_audit --anchor`) adds a keyed "audit.keyed" anchor whose
link and data commit to them; from the first keyed event on, verification
refuses any unkeyed event.

What the HMAC cannot show: a rewind. Deleting the newest events and setting the
head back to an earlier (seq, hash) leaves a chain whose every seal still
verifies; nothing inside the database can tell. Only something outside it can:
a checkpoint (`manage.py verify_audit --checkpoint PATH`) is a signed record of
a (seq, hash) the chain must still reach on every later run, and every event
after it must be keyed (so the legacy part cannot be extended with forged
unkeyed events either).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from review.models import AuditEvent, AuditHead

GENESIS = "0" * 64
ANCHOR_VERB = "audit.keyed"
REKEY_VERB = "audit.rekeyed"
LEGACY = AuditEvent.Seal.LEGACY
KEYED = AuditEvent.Seal.KEYED
_HEX64 = re.compile(r"[0-9a-f]{64}")


# --- The key -----------------------------------------------------------------------------
def _configured_key() -> bytes | None:
    key = getattr(settings, "AUDIT_KEY", "") or ""
    return key.encode("utf-8") if key else None


def _require_key() -> bytes:
    key = _configured_key()
    if key is None:
        raise ImproperlyConfigured("AUDIT_KEY is not configured: audit events cannot be sealed or verified without it.")
    return key


def audit_key_id(key: bytes) -> str:
    """A short public name for a key: shows which key sealed an event without revealing it."""
    return hashlib.sha256(b"audit-key-id:" + key).hexdigest()[:16]


def _keys_in_order() -> list[bytes]:
    """Every configured key, oldest first: AUDIT_PREVIOUS_KEYS, then the current AUDIT_KEY."""
    keys = [key.encode("utf-8") for key in getattr(settings, "AUDIT_PREVIOUS_KEYS", []) or []]
    current = _configured_key()
    return keys + ([current] if current is not None else [])


def _keys_by_id() -> dict[str, tuple[int, bytes]]:
    """Key id -> (its place in the rotation order, the key)."""
    return {audit_key_id(key): (place, key) for place, key in enumerate(_keys_in_order())}


def keyed_seal(purpose: str, data: bytes) -> str:
    """An HMAC with the audit key (held outside the database) over `data`, for rows that must not be
    changeable by whoever can write the database: a forged row cannot carry a matching seal."""
    return hmac.new(_require_key(), purpose.encode("utf-8") + b"\x1f" + data, hashlib.sha256).hexdigest()


def keyed_seal_matches(purpose: str, data: bytes, seal: str) -> bool:
    """Made with the current key, or with a key it replaced (a rotation does not void what was sealed)."""
    if not seal:
        return False
    message = purpose.encode("utf-8") + b"\x1f" + data
    return any(
        hmac.compare_digest(hmac.new(key, message, hashlib.sha256).hexdigest(), seal) for key in _keys_in_order()
    )


# --- Sealing -----------------------------------------------------------------------------
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
    if event.seal != LEGACY:
        # Legacy events were hashed without these; keyed ones commit to them.
        body["seal"] = event.seal
        body["key_id"] = event.key_id
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_hash(event: AuditEvent, key: bytes | None = None) -> str:
    """The seal `event.hash` should hold: plain SHA-256 for a legacy event, HMAC-SHA256 under `key` otherwise."""
    if event.seal == LEGACY:
        return hashlib.sha256(_canonical(event)).hexdigest()
    if key is None:
        raise ImproperlyConfigured("a keyed audit event needs the audit key")
    return hmac.new(key, _canonical(event), hashlib.sha256).hexdigest()


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip through JSON now, so the hash is computed over exactly what
    # the database will give back (no Decimals, UUIDs or tuples).
    return json.loads(json.dumps(data, default=str, sort_keys=True))


# --- Appending ---------------------------------------------------------------------------
def _locked_head() -> AuditHead:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction that makes the change it records")
    AuditHead.objects.get_or_create(id=1)
    return AuditHead.objects.select_for_update(no_key=True).get(id=1)


def _append(head: AuditHead, key: bytes, *, actor, verb, leaflet, object_type, object_id, data) -> AuditEvent:
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
        seal=KEYED,
        key_id=audit_key_id(key),
    )
    event.hash = event_hash(event, key)
    event.save()
    AuditHead.objects.filter(id=1).update(seq=event.seq, hash=event.hash)
    head.seq, head.hash = event.seq, event.hash
    return event


def _anchor_if_unkeyed(head: AuditHead, key: bytes) -> AuditEvent | None:
    if head.seq == 0:
        return None  # a new chain is keyed from its first event
    head_seal, head_key_id = AuditEvent.objects.filter(seq=head.seq).values_list("seal", "key_id").first() or (
        None,
        "",
    )
    if head_seal == KEYED and head_key_id and head_key_id != audit_key_id(key):
        if head_key_id not in _keys_by_id():
            # Sealed with a key this process does not hold: a newer one (a server or worker not yet restarted
            # after a rotation), or an old one left out of AUDIT_PREVIOUS_KEYS. An event appended now could
            # never verify in its place in the chain: refuse, and say what to configure.
            raise ImproperlyConfigured(
                f"The audit chain's newest event is sealed with key id {head_key_id}, which this process does "
                "not hold: restart it with the current AUDIT_KEY, or list the key that sealed that event in "
                "AUDIT_PREVIOUS_KEYS."
            )
        # The key was rotated: the first event under the new key says so, and which key it followed.
        return _append(
            head,
            key,
            actor=None,
            verb=REKEY_VERB,
            leaflet=None,
            object_type="",
            object_id="",
            data={"previous_key_id": head_key_id, "previous_head": head.hash},
        )
    if head_seal != LEGACY:
        return None
    return _append(
        head,
        key,
        actor=None,
        verb=ANCHOR_VERB,
        leaflet=None,
        object_type="",
        object_id="",
        data={"legacy_events": head.seq, "legacy_head": head.hash},
    )


def audit_anchor() -> AuditEvent | None:
    """Append the keyed anchor over the legacy events, if the chain does not have one yet.

    Returns the anchor, or None when there is nothing to anchor (an empty
    chain, or one already keyed). `audit_record` does this by itself on the
    first append after the legacy events.
    """
    key = _require_key()
    with transaction.atomic():
        return _anchor_if_unkeyed(_locked_head(), key)


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
    key = _require_key()
    head = _locked_head()
    _anchor_if_unkeyed(head, key)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return _append(
        head, key, actor=actor, verb=verb, leaflet=leaflet, object_type=object_type, object_id=object_id, data=data
    )


# --- Reading one event back ---------------------------------------------------------------
def event_is_sealed(event: AuditEvent, *, first_keyed_seq: int | None, key_ends: dict[str, int | None]) -> bool:
    """Does this one event carry a seal nobody without the audit key could have made?

    Keyed events must verify under the key they name, the current one or one it replaced
    (AUDIT_PREVIOUS_KEYS). An event under a replaced key counts only before the first event of
    the key that followed it (`key_ends`, from `key_boundaries`): whoever obtains an old key can
    write an event that verifies, but not in front of the newer key's events, whose sequence
    numbers are taken. A legacy (plain SHA-256) event is accepted only if it comes before the first
    keyed event, for the same reason.
    """
    if event.seal == LEGACY:
        return (
            first_keyed_seq is not None
            and event.seq < first_keyed_seq
            and hmac.compare_digest(event_hash(event), event.hash)
        )
    found = _keys_by_id().get(event.key_id)
    if found is None:
        return False
    end = key_ends.get(event.key_id)
    if end is not None and event.seq >= end:
        return False
    return hmac.compare_digest(event_hash(event, found[1]), event.hash)


def keyed_firsts() -> dict[str, int]:
    """Key id -> the first sequence number that key sealed (every key id in the chain). One query."""
    return dict(
        AuditEvent.objects.filter(seal=KEYED)
        .values("key_id")
        .annotate(first=models.Min("seq"))
        .values_list("key_id", "first")
    )


def key_boundaries(firsts: dict[str, int]) -> dict[str, int | None]:
    """Key id -> the first sequence number sealed by a later key in the rotation order (None: no later
    key has sealed anything yet, or it is the current key)."""
    keys = _keys_by_id()
    ends: dict[str, int | None] = {}
    for key_id, (place, _key) in keys.items():
        later = [firsts[other] for other, (other_place, _k) in keys.items() if other_place > place and other in firsts]
        ends[key_id] = min(later) if later else None
    return ends


def sealed_events(*, verb: str, object_type: str, object_ids: list) -> dict[str, AuditEvent]:
    """object_id -> the sealed event of that verb recording it, for many objects in two queries.

    The gate and the patient page ask this: a decision or publication that a
    database writer inserted by hand has no event sealed with the key, so it
    does not count, even though it passed every trigger.
    """
    if not object_ids:
        return {}
    events = AuditEvent.objects.filter(
        verb=verb, object_type=object_type, object_id__in=[str(i) for i in object_ids]
    ).order_by("seq")
    firsts = keyed_firsts()
    first = min(firsts.values(), default=None)
    ends = key_boundaries(firsts)
    found: dict[str, AuditEvent] = {}
    for event in events:
        if event.object_id not in found and event_is_sealed(event, first_keyed_seq=first, key_ends=ends):
            found[event.object_id] = event
    return found


# --- Checkpoints -------------------------------------------------------------------------
class CheckpointError(Exception):
    """The checkpoint file cannot be trusted (unreadable, altered, or signed with another key)."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    key_id: str

    def mac(self, key: bytes) -> str:
        message = f"audit-checkpoint:{self.seq}|{self.hash}|{self.key_id}".encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_read(path: str | os.PathLike) -> Checkpoint:
    key = _require_key()
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        seq, event_hash_, key_id, mac = raw["seq"], raw["hash"], raw["key_id"], raw["mac"]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise CheckpointError(f"the checkpoint {path} is unreadable ({exc.__class__.__name__}: {exc})") from None
    if (
        type(seq) is not int
        or seq < 0
        or not isinstance(event_hash_, str)
        or not _HEX64.fullmatch(event_hash_)
        or not isinstance(key_id, str)
        or not isinstance(mac, str)
    ):
        raise CheckpointError(f"the checkpoint {path} is malformed (seq, hash, key_id or mac has the wrong form)")
    checkpoint = Checkpoint(seq, event_hash_, key_id)
    current = audit_key_id(key)
    # A checkpoint signed before a rotation still holds, under the key it names.
    found = _keys_by_id().get(key_id)
    if found is None:
        raise CheckpointError(
            f"the checkpoint {path} was signed with another key (id {key_id}; the configured key's id is {current})"
        )
    if not hmac.compare_digest(checkpoint.mac(found[1]), mac):
        raise CheckpointError(
            f"the checkpoint {path} does not match its signature: it was altered, or not written with the audit key"
        )
    return checkpoint


def checkpoint_write(path: str | os.PathLike, seq: int, event_hash_: str) -> Checkpoint:
    """Write a signed checkpoint atomically: a reader sees the old file or the new one, never half of one."""
    key = _require_key()
    checkpoint = Checkpoint(seq, event_hash_, audit_key_id(key))
    body = (
        json.dumps(
            {"seq": checkpoint.seq, "hash": checkpoint.hash, "key_id": checkpoint.key_id, "mac": checkpoint.mac(key)},
            indent=1,
        )
        + "\n"
    )
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return checkpoint


# --- Verifying ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int  # events that verified (before the first bad one)
    first_broken_seq: int | None = None
    reason: str = ""
    last_seq: int = 0  # the last verified event (the head, when ok)
    last_hash: str = GENESIS
    legacy_events: int = 0  # unkeyed events before the first keyed one
    first_keyed_seq: int | None = None


@contextlib.contextmanager
def _one_snapshot():
    # The walk and the head must be read from one snapshot, or events appended
    # meanwhile would look like a head that disagrees with the rows.
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        yield  # the caller's transaction decides what it sees
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def audit_verify(checkpoint: Checkpoint | None = None) -> ChainReport:
    """Walk the chain from the start; report the first event whose link, seal or content does not verify.

    With a checkpoint, the chain must still reach it (the event at its seq has
    its hash), and every event after it must be keyed. Memory stays bounded:
    rows are read in chunks and only the previous hash is kept.
    """
    key = _configured_key()
    key_id = audit_key_id(key) if key is not None else None
    keys = _keys_by_id()
    place_now, key_id_now = -1, ""  # the rotation place and id of the key that sealed the last keyed event
    prev = GENESIS
    expected_seq = 1
    legacy = 0
    first_keyed: int | None = None

    def broken(seq: int, reason: str) -> ChainReport:
        return ChainReport(False, expected_seq - 1, seq, reason, expected_seq - 1, prev, legacy, first_keyed)

    with _one_snapshot():
        for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
            seq = event.seq
            if seq != expected_seq:
                return broken(expected_seq, f"event {expected_seq} is missing (the next is {seq})")
            if event.prev_hash != prev:
                return broken(seq, "its prev_hash does not match the previous event's hash")
            if event.seal == LEGACY:
                if first_keyed is not None:
                    return broken(
                        seq,
                        f"event {seq} is not sealed with the audit key, but event {first_keyed} "
                        "before it is (unkeyed events are only valid before the keyed anchor)",
                    )
                if checkpoint is not None and seq > checkpoint.seq:
                    return broken(
                        seq,
                        f"event {seq} is not sealed with the audit key, but it comes after "
                        f"checkpoint seq {checkpoint.seq}",
                    )
                if not hmac.compare_digest(event_hash(event), event.hash):
                    return broken(seq, "its content does not match its hash (the row was altered)")
                legacy += 1
            elif event.seal == KEYED:
                if key is None:
                    return broken(
                        seq, f"event {seq} is sealed with the audit key, but no AUDIT_KEY is configured to verify it"
                    )
                found = keys.get(event.key_id)
                if found is None:
                    return broken(
                        seq,
                        f"event {seq} is sealed with another key (id {event.key_id or '(none)'}; "
                        f"the configured key's id is {key_id})",
                    )
                place, event_key = found
                if place < place_now:
                    return broken(
                        seq,
                        f"event {seq} is sealed with key {event.key_id}, which key {key_id_now} of an earlier "
                        "event replaced (an old key cannot add events after a rotation)",
                    )
                if not hmac.compare_digest(event_hash(event, event_key), event.hash):
                    return broken(
                        seq,
                        "its content does not match its seal (the row was altered, or forged without the audit key)",
                    )
                if (
                    first_keyed is None
                    and legacy
                    and (event.verb != ANCHOR_VERB or event.data != {"legacy_events": legacy, "legacy_head": prev})
                ):
                    return broken(
                        seq,
                        f"event {seq} is the first keyed event but not the anchor over the "
                        f"{legacy} legacy events before it",
                    )
                if (
                    place_now >= 0
                    and place > place_now
                    and (
                        event.verb != REKEY_VERB or event.data != {"previous_key_id": key_id_now, "previous_head": prev}
                    )
                ):
                    return broken(
                        seq,
                        f"event {seq} is the first event sealed with key {event.key_id} but not the rotation "
                        f"anchor after the events of key {key_id_now}",
                    )
                place_now, key_id_now = place, event.key_id
                if first_keyed is None:
                    first_keyed = seq
            else:
                return broken(seq, f"event {seq} has an unknown seal {event.seal!r}")
            if checkpoint is not None and seq == checkpoint.seq and event.hash != checkpoint.hash:
                return broken(
                    seq,
                    f"the chain no longer reaches checkpoint seq {checkpoint.seq}: event {seq} is "
                    "not the event the checkpoint recorded (events were deleted or rewritten)",
                )
            prev = event.hash
            expected_seq += 1
        head = AuditHead.objects.filter(id=1).first()

    last = expected_seq - 1
    if checkpoint is not None and last < checkpoint.seq:
        return broken(
            last + 1,
            f"the chain no longer reaches checkpoint seq {checkpoint.seq}: it ends at event "
            f"{last}, so events were deleted or rewritten (and the head rewound)",
        )
    head_seq, head_hash = (head.seq, head.hash) if head is not None else (0, GENESIS)
    if head_seq > last:
        return broken(
            last + 1,
            f"the head says the chain ends at event {head_seq} but it ends at event {last} (rows were deleted)",
        )
    if head_seq < last:
        return broken(
            head_seq + 1,
            f"the head says the chain ends at event {head_seq} but events up to {last} exist (the head was rewound)",
        )
    if head_hash != prev:
        return broken(head_seq, f"the head's hash does not match event {head_seq}'s")
    return ChainReport(True, last, None, "", last, prev, legacy, first_keyed)
