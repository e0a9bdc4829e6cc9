"""The audit trail is a keyed hash chain: tampering or forging is found at its first bad event.

Events are sealed with an HMAC under the audit key, which the database does not
hold; events written before the key existed keep their plain SHA-256 seal
behind a keyed anchor. (Rewinds need a checkpoint: tests/review/test_audit_checkpoint.py.)
"""

import hashlib
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from review.audit import ANCHOR_VERB, GENESIS, audit_anchor, audit_key_id, audit_record, audit_verify, event_hash
from review.models import AuditEvent, AuditHead
from review.services import GateClosed, leaflet_publish
from tests.review.conftest import as_dba

OTHER_KEY = "another-audit-key-that-the-database-never-saw-" + "z" * 8


# --- Helpers (the database owner's tools and the empty_chain fixture are in conftest.py) -----
def record(n: int, verb: str = "test.event") -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit_record(actor="tester", verb=verb, data={"i": i}))
    return events


def _key() -> bytes:
    from django.conf import settings

    return settings.AUDIT_KEY.encode()


def _next(
    prev: AuditEvent | None,
    *,
    seal: str,
    verb: str = "translation.approved",
    data=None,
    key: bytes | None = None,
    key_id: str | None = None,
) -> AuditEvent:
    """A well-formed event after `prev`, sealed the way the arguments say, not saved."""
    event = AuditEvent(
        seq=(prev.seq if prev else 0) + 1,
        created_at=timezone.now(),
        actor=None,
        actor_name="mallory",
        verb=verb,
        leaflet=None,
        object_type="review.approval",
        object_id="999",
        data=data if data is not None else {"decision": "approved"},
        prev_hash=prev.hash if prev else GENESIS,
        seal=seal,
        key_id="",
    )
    if seal == AuditEvent.Seal.KEYED:
        event.key_id = key_id if key_id is not None else audit_key_id(key)
    event.hash = event_hash(event, key)
    return event


def append_forged(event: AuditEvent) -> AuditEvent:
    """Insert an event and move the head to it: no trigger stands in the way of either."""
    event.save()
    AuditHead.objects.update_or_create(id=1, defaults={"seq": event.seq, "hash": event.hash})
    return event


def legacy_chain(n: int) -> list[AuditEvent]:
    """Events as the code before the audit key wrote them (migration 0003 marks them sha256)."""
    events, prev = [], None
    for i in range(n):
        prev = append_forged(_next(prev, seal=AuditEvent.Seal.LEGACY, verb="legacy.event", data={"i": i}))
        events.append(prev)
    return events


def old_code_hash(event: AuditEvent) -> str:
    # The hash exactly as review/audit.py computed it before events were keyed.
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
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- The chain --------------------------------------------------------------------------
def test_the_chain_verifies_after_successful_and_refused_operations(approved_leaflet, personas):
    from review.models import Publication
    from review.services import publication_withdraw
    from tests.conftest import text_of
    from translations.edits import target_segment_edit
    from translations.models import TargetSegment

    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    publication_withdraw(publication=Publication.objects.get(), user=personas.publisher, reason="Recall")
    segment = TargetSegment.objects.filter(text_version=text_of(approved_leaflet, "zh")).first()
    target_segment_edit(
        segment=segment,
        editor=personas.reviewer("zh", "native"),
        text="这些症状持续多久了？",
        expected_seq=segment.edit_seq,
    )
    with pytest.raises(GateClosed):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    report = audit_verify()
    assert report.ok, report.reason
    assert report.checked == AuditEvent.objects.count()
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs[-3:] == ["publication.withdrawn", "text.edited", "leaflet.publish_refused"]


def test_every_new_event_is_sealed_with_an_hmac_under_the_audit_key(empty_chain):
    event = record(1)[0]
    event.refresh_from_db()
    assert event.seal == AuditEvent.Seal.KEYED and event.key_id == audit_key_id(_key())
    assert event.hash != old_code_hash(event)  # not a plain hash anyone could recompute
    assert AuditEvent.objects.filter(verb=ANCHOR_VERB).count() == 0  # a new chain needs no anchor


def test_verify_audit_reports_the_first_altered_event(approved_leaflet):
    events = list(AuditEvent.objects.order_by("seq"))
    target = events[3]
    as_dba("UPDATE review_auditevent SET data = %s WHERE id = %s", ['{"tampered": true}', target.pk])

    with pytest.raises(CommandError, match=f"broken at event {target.seq}: its content does not match its seal"):
        call_command("verify_audit")


def test_verify_audit_reports_a_deleted_event(approved_leaflet):
    events = list(AuditEvent.objects.order_by("seq"))
    as_dba("DELETE FROM review_auditevent WHERE id = %s", [events[2].pk])
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == events[2].seq


def test_it_detects_a_head_that_disagrees_with_the_rows(empty_chain):
    events = record(3)
    AuditHead.objects.filter(id=1).update(hash=events[0].hash)
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == 3 and "head's hash" in report.reason


def test_it_verifies_a_chain_longer_than_one_chunk(empty_chain):
    # The walk reads rows 2,000 at a time; links across chunk boundaries hold.
    key, prev, events = _key(), None, []
    for i in range(4500):
        prev = _next(prev, seal=AuditEvent.Seal.KEYED, verb="bulk.event", data={"i": i}, key=key)
        events.append(prev)
    AuditEvent.objects.bulk_create(events, batch_size=500)
    AuditHead.objects.update_or_create(id=1, defaults={"seq": prev.seq, "hash": prev.hash})
    report = audit_verify()
    assert report.ok and report.checked == 4500 and report.last_seq == 4500


# --- Forgery ----------------------------------------------------------------------------
def test_it_detects_a_forged_event_with_a_correct_plain_hash(approved_leaflet):
    forged = append_forged(_next(AuditEvent.objects.last(), seal=AuditEvent.Seal.LEGACY))
    assert forged.hash == old_code_hash(forged)  # well formed: the old verifier would have accepted it

    report = audit_verify()
    assert not report.ok and report.first_broken_seq == forged.seq
    assert f"event {forged.seq} is not sealed with the audit key" in report.reason


def test_it_detects_a_forged_event_sealed_under_another_key(approved_leaflet):
    forged = append_forged(_next(AuditEvent.objects.last(), seal=AuditEvent.Seal.KEYED, key=OTHER_KEY.encode()))
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == forged.seq
    assert "sealed with another key" in report.reason


def test_it_detects_a_forged_event_that_claims_the_audit_keys_id(approved_leaflet):
    # The key id is public (it is in every row); claiming it does not make the seal verify.
    forged = append_forged(
        _next(
            AuditEvent.objects.last(), seal=AuditEvent.Seal.KEYED, key=OTHER_KEY.encode(), key_id=audit_key_id(_key())
        )
    )
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == forged.seq
    assert "forged without the audit key" in report.reason


def test_it_detects_a_keyed_event_whose_seal_is_a_plain_hash(approved_leaflet):
    forged = _next(AuditEvent.objects.last(), seal=AuditEvent.Seal.KEYED, key=_key())
    forged.hash = hashlib.sha256(b"anything").hexdigest()
    append_forged(forged)
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == forged.seq


# --- Legacy events and the keyed anchor -------------------------------------------------
def test_legacy_events_keep_the_hash_the_old_code_gave_them(empty_chain):
    for event in legacy_chain(3):
        event.refresh_from_db()
        assert event.seal == AuditEvent.Seal.LEGACY and event.key_id == ""
        assert event.hash == old_code_hash(event)
    assert audit_verify().ok


def test_the_first_event_after_legacy_ones_is_preceded_by_a_keyed_anchor(empty_chain):
    legacy = legacy_chain(3)
    event = record(1)[0]

    anchor = AuditEvent.objects.get(seq=4)
    assert anchor.verb == ANCHOR_VERB and anchor.seal == AuditEvent.Seal.KEYED
    assert anchor.data == {"legacy_events": 3, "legacy_head": legacy[-1].hash}
    assert anchor.prev_hash == legacy[-1].hash
    assert event.seq == 5 and event.prev_hash == anchor.hash
    # The legacy rows were not touched.
    assert [(e.seq, e.hash, e.seal) for e in AuditEvent.objects.filter(seq__lte=3)] == [
        (e.seq, e.hash, AuditEvent.Seal.LEGACY) for e in legacy
    ]

    record(2)
    report = audit_verify()
    assert report.ok and report.checked == 7 and report.legacy_events == 3 and report.first_keyed_seq == 4
    assert AuditEvent.objects.filter(verb=ANCHOR_VERB).count() == 1


def test_audit_anchor_seals_legacy_events_once_and_only_when_there_are_some(empty_chain):
    assert audit_anchor() is None  # an empty chain is keyed from its first event
    legacy_chain(2)
    anchor = audit_anchor()
    assert anchor.seq == 3 and anchor.verb == ANCHOR_VERB
    assert audit_anchor() is None
    assert audit_verify().ok


def test_verify_audit_anchor_appends_the_anchor(empty_chain, capsys):
    legacy_chain(2)
    call_command("verify_audit", anchor=True)
    out = capsys.readouterr().out
    assert "keyed anchor (event 3) over 2 legacy events" in out and "audit chain OK: 3 events" in out


def test_verify_audit_warns_while_no_event_is_keyed(empty_chain, capsys):
    legacy_chain(2)
    call_command("verify_audit")
    assert "none of the 2 events is sealed with the audit key" in capsys.readouterr().err


def test_it_refuses_a_legacy_event_after_a_keyed_one(empty_chain):
    legacy_chain(2)
    record(1)  # the anchor at 3, the event at 4
    forged = append_forged(_next(AuditEvent.objects.last(), seal=AuditEvent.Seal.LEGACY))
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == forged.seq == 5
    assert "event 5 is not sealed with the audit key" in report.reason


def test_it_refuses_a_first_keyed_event_that_is_not_the_anchor(empty_chain):
    # Only the key holder could write it, but the anchor must still say what it seals.
    legacy = legacy_chain(2)
    append_forged(_next(legacy[-1], seal=AuditEvent.Seal.KEYED, verb="test.event", key=_key()))
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == 3 and "not the anchor over the 2 legacy events" in report.reason


def test_it_refuses_an_anchor_that_miscounts_the_legacy_events(empty_chain):
    legacy = legacy_chain(2)
    append_forged(
        _next(
            legacy[-1],
            seal=AuditEvent.Seal.KEYED,
            verb=ANCHOR_VERB,
            key=_key(),
            data={"legacy_events": 1, "legacy_head": legacy[-1].hash},
        )
    )
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == 3


# --- The key ----------------------------------------------------------------------------
def test_it_detects_events_sealed_with_another_key_naming_the_first(empty_chain):
    legacy_chain(2)
    record(3)
    with override_settings(AUDIT_KEY=OTHER_KEY):
        report = audit_verify()
        with pytest.raises(CommandError, match=r"broken at event 3: event 3 is sealed with another key \(id "):
            call_command("verify_audit")
    assert not report.ok and report.first_broken_seq == 3
    assert audit_key_id(_key()) in report.reason and audit_key_id(OTHER_KEY.encode()) in report.reason


def test_it_cannot_verify_keyed_events_without_the_key(empty_chain):
    record(2)
    with override_settings(AUDIT_KEY=""):
        report = audit_verify()
    assert not report.ok and report.first_broken_seq == 1 and "no AUDIT_KEY is configured" in report.reason


def test_it_refuses_to_record_without_the_key(empty_chain):
    with override_settings(AUDIT_KEY=""), pytest.raises(ImproperlyConfigured, match="AUDIT_KEY"):
        record(1)
    assert not AuditEvent.objects.exists()


def test_the_key_id_tells_keys_apart():
    key = _key()
    key_id = audit_key_id(key)
    assert len(key_id) == 16 and key_id != audit_key_id(OTHER_KEY.encode())
    assert key_id == hashlib.sha256(b"audit-key-id:" + key).hexdigest()[:16]
