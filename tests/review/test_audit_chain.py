"""The audit trail is a hash chain: any tampering is found at its first broken link."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from review.audit import audit_verify
from review.models import AuditEvent
from review.services import GateClosed, leaflet_publish


def _tamper(sql: str, params: list) -> None:
    # The triggers refuse UPDATE/DELETE; an attacker with database access
    # could drop them, which is exactly what the chain is there to expose.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_immutable")
        else:
            # A superuser session can switch ordinary triggers off.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_the_chain_verifies_after_successful_and_refused_operations(approved_leaflet, personas):
    from review.models import Publication
    from review.services import publication_withdraw
    from tests.conftest import text_of
    from translations.models import TargetSegment
    from translations.text_versions import target_segment_edit

    leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)
    publication_withdraw(publication=Publication.objects.get(), user=personas.publisher, reason="Recall")
    segment = TargetSegment.objects.filter(text_version=text_of(approved_leaflet, "zh")).first()
    target_segment_edit(segment=segment, editor=personas.reviewer("zh", "native"), text="这些症状持续多久了？",
                        expected_seq=segment.edit_seq)
    with pytest.raises(GateClosed):
        leaflet_publish(leaflet=approved_leaflet, publisher=personas.publisher)

    report = audit_verify()
    assert report.ok
    assert report.checked == AuditEvent.objects.count()
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs[-3:] == ["publication.withdrawn", "text.edited", "leaflet.publish_refused"]


def test_verify_audit_reports_the_first_altered_event(approved_leaflet):
    events = list(AuditEvent.objects.order_by("seq"))
    target = events[3]
    _tamper("UPDATE review_auditevent SET data = %s WHERE id = %s", ['{"tampered": true}', target.pk])

    with pytest.raises(CommandError, match=f"broken at event {target.seq}"):
        call_command("verify_audit")


def test_verify_audit_reports_a_deleted_event(approved_leaflet):
    events = list(AuditEvent.objects.order_by("seq"))
    _tamper("DELETE FROM review_auditevent WHERE id = %s", [events[2].pk])
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == events[2].seq
