"""Rotating the audit key: the new key becomes AUDIT_KEY and the old one moves to AUDIT_PREVIOUS_KEYS.

What the old key sealed keeps counting (approvals, publications, the chain, checkpoints); the first event
under the new key is a rotation anchor; and an old key, once replaced, cannot add events: whoever
obtains it can seal a row, but not in front of the new key's events."""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from review.audit import (
    REKEY_VERB,
    audit_key_id,
    audit_record,
    audit_verify,
    checkpoint_read,
    checkpoint_write,
    event_hash,
    sealed_events,
)
from review.models import AuditEvent, AuditHead
from review.selectors import gate_evaluate
from review.services import leaflet_publish

NEW_KEY = "rotated-audit-key-" + "n" * 40


def _rotate(settings, *, keep_old: bool = True) -> str:
    old = django_settings.AUDIT_KEY
    settings.AUDIT_PREVIOUS_KEYS = [old] if keep_old else []
    settings.AUDIT_KEY = NEW_KEY
    return old


def test_after_a_rotation_the_old_approvals_count_and_the_chain_verifies(approved_leaflet, personas, settings):
    old = _rotate(settings)

    assert gate_evaluate(leaflet=approved_leaflet).open
    head_before = AuditHead.objects.get()
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    anchor = AuditEvent.objects.get(seq=head_before.seq + 1)
    assert anchor.verb == REKEY_VERB and anchor.key_id == audit_key_id(NEW_KEY.encode())
    assert anchor.data == {"previous_key_id": audit_key_id(old.encode()), "previous_head": head_before.hash}
    assert AuditEvent.objects.filter(verb="leaflet.published", key_id=audit_key_id(NEW_KEY.encode())).exists()
    report = audit_verify()
    assert report.ok, report.reason


def test_without_the_previous_key_what_it_sealed_stops_counting(approved_leaflet, settings):
    # Why the old key must be kept: dropping it voids every approval it sealed.
    _rotate(settings, keep_old=False)

    assert not gate_evaluate(leaflet=approved_leaflet).open
    report = audit_verify()
    assert not report.ok and "sealed with another key" in report.reason


def test_an_old_key_cannot_add_events_after_the_rotation(approved_leaflet, personas, settings):
    old = _rotate(settings)
    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)  # the new key's first events
    head = AuditHead.objects.get()
    # Someone who kept the old key writes a well-formed, correctly chained event with it.
    forged = AuditEvent(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor_name="system",
        verb="text.approved",
        object_type="review.approval",
        object_id="999999",
        data={},
        prev_hash=head.hash,
        seal=AuditEvent.Seal.KEYED,
        key_id=audit_key_id(old.encode()),
    )
    forged.hash = event_hash(forged, old.encode())
    forged.save()
    AuditHead.objects.filter(id=1).update(seq=forged.seq, hash=forged.hash)

    report = audit_verify()
    assert not report.ok and report.first_broken_seq == forged.seq
    assert "cannot add events after a rotation" in report.reason
    assert sealed_events(verb="text.approved", object_type="review.approval", object_ids=[999999]) == {}


def test_a_checkpoint_signed_before_the_rotation_still_holds(approved_leaflet, settings, tmp_path):
    head = AuditHead.objects.get()
    path = tmp_path / "checkpoint.json"
    checkpoint_write(path, head.seq, head.hash)
    _rotate(settings)

    checkpoint = checkpoint_read(path)

    assert (checkpoint.seq, checkpoint.hash) == (head.seq, head.hash)
    assert audit_verify(checkpoint).ok


def test_a_process_without_the_key_that_sealed_the_newest_event_refuses_to_append(approved_leaflet, settings):
    # A server not yet restarted after a rotation (or a new key set without listing the old one): an event
    # it sealed now would break the chain for good, so nothing is written and the message says why.
    old = _rotate(settings)
    with transaction.atomic():
        audit_record(actor=None, verb="test.after_rotation")  # the new key's anchor and first event
    count = AuditEvent.objects.count()
    settings.AUDIT_KEY, settings.AUDIT_PREVIOUS_KEYS = old, []  # the process still on the old configuration

    with pytest.raises(ImproperlyConfigured, match="AUDIT_PREVIOUS_KEYS"), transaction.atomic():
        audit_record(actor=None, verb="test.stale_process")

    assert AuditEvent.objects.count() == count
    settings.AUDIT_KEY, settings.AUDIT_PREVIOUS_KEYS = NEW_KEY, [old]
    assert audit_verify().ok
