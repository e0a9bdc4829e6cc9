"""A rewind is only visible against something outside the database: the signed checkpoint.

Deleting the newest events and setting the head back leaves a chain whose every
seal verifies. `verify_audit --checkpoint PATH` remembers (seq, hash) outside
the database and fails when the chain no longer reaches it.
"""

import json

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from review.audit import audit_key_id, audit_verify, checkpoint_read, checkpoint_write
from review.models import AuditEvent, AuditHead
from tests.review.conftest import as_dba
from tests.review.test_audit_chain import OTHER_KEY, _key, _next, append_forged, legacy_chain, record


@pytest.fixture
def checkpoint(tmp_path):
    return tmp_path / "audit-checkpoint.json"


def verify(path, capsys=None) -> str:
    call_command("verify_audit", checkpoint=str(path))
    return capsys.readouterr().out if capsys else ""


def rewind_to(seq: int) -> None:
    """What a DBA with DDL rights can do: delete the newest events and set the head back."""
    kept = AuditEvent.objects.get(seq=seq)
    as_dba("DELETE FROM review_auditevent WHERE seq > %s", [seq])
    AuditHead.objects.filter(id=1).update(seq=kept.seq, hash=kept.hash)


def _audit_delete_trigger_exists() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_no_delete'")
        else:
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'audit_no_delete' AND NOT tgisinternal")
        return cursor.fetchone() is not None


# --- Writing it ---------------------------------------------------------------------------
def test_verify_audit_writes_a_signed_checkpoint_at_the_head(empty_chain, checkpoint, capsys):
    events = record(3)
    out = verify(checkpoint, capsys)

    assert f"audit chain OK: 3 events, head seq 3 (checkpoint written to {checkpoint})" in out
    saved = json.loads(checkpoint.read_text())
    assert saved["seq"] == 3 and saved["hash"] == events[-1].hash and saved["key_id"] == audit_key_id(_key())
    assert checkpoint_read(checkpoint).seq == 3
    assert list(checkpoint.parent.iterdir()) == [checkpoint]  # no temporary file left behind


def test_the_checkpoint_moves_forward_with_the_chain(empty_chain, checkpoint, capsys):
    record(2)
    verify(checkpoint)
    record(3)
    out = verify(checkpoint, capsys)
    assert "5 events, head seq 5, reaches checkpoint seq 2" in out
    assert json.loads(checkpoint.read_text())["seq"] == 5


def test_an_empty_chain_gets_a_checkpoint_too(empty_chain, checkpoint):
    verify(checkpoint)
    assert json.loads(checkpoint.read_text())["seq"] == 0
    record(1)
    verify(checkpoint)
    assert json.loads(checkpoint.read_text())["seq"] == 1


def test_no_checkpoint_is_written_for_a_broken_chain(empty_chain, checkpoint):
    events = record(3)
    as_dba("UPDATE review_auditevent SET actor_name = 'mallory' WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match="broken at event 2"):
        verify(checkpoint)
    assert not checkpoint.exists()


# --- The rewind ---------------------------------------------------------------------------
def test_the_database_refuses_to_delete_audit_events_where_a_trigger_guards_them(empty_chain):
    record(3)
    if not _audit_delete_trigger_exists():
        assert connection.vendor == "sqlite", "PostgreSQL must refuse to delete audit events"
        pytest.skip("no audit_no_delete trigger on SQLite yet")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM review_auditevent WHERE seq = 3")
    assert AuditEvent.objects.count() == 3


def test_a_rewound_chain_still_verifies_on_its_own(empty_chain):
    # The known limit: nothing inside the database shows a rewind.
    record(6)
    rewind_to(4)
    report = audit_verify()
    assert report.ok and report.last_seq == 4


def test_it_detects_a_rewind_against_the_checkpoint(empty_chain, checkpoint):
    record(6)
    verify(checkpoint)
    rewind_to(4)

    with pytest.raises(CommandError, match=r"broken at event 5: the chain no longer reaches checkpoint seq 6") as exc:
        verify(checkpoint)
    assert "events were deleted or rewritten" in str(exc.value) and exc.value.returncode == 1
    assert json.loads(checkpoint.read_text())["seq"] == 6  # the checkpoint is not moved back


def test_it_detects_a_rewind_that_was_written_over_with_new_events(empty_chain, checkpoint):
    record(6)
    verify(checkpoint)
    rewind_to(4)
    record(3)  # seq 5, 6, 7 again, but not the events the checkpoint saw

    with pytest.raises(
        CommandError,
        match=r"broken at event 6: the chain no longer reaches checkpoint seq 6: "
        r"event 6 is not the event the checkpoint recorded",
    ):
        verify(checkpoint)


def test_it_refuses_unkeyed_events_after_a_checkpoint_on_the_legacy_part(empty_chain, checkpoint):
    # A checkpoint written before the anchor pins the legacy events; nothing
    # unkeyed may follow it (a rewind to the legacy part and forged legacy
    # events after it would otherwise pass).
    legacy = legacy_chain(3)
    verify(checkpoint)
    append_forged(_next(legacy[-1], seal=AuditEvent.Seal.LEGACY))

    assert audit_verify().ok  # on its own, indistinguishable from an old chain
    with pytest.raises(
        CommandError,
        match="broken at event 4: event 4 is not sealed with the audit key, but it comes after checkpoint seq 3",
    ):
        verify(checkpoint)


def test_the_anchor_after_a_legacy_checkpoint_verifies(empty_chain, checkpoint):
    legacy_chain(3)
    verify(checkpoint)
    record(2)
    verify(checkpoint)
    assert json.loads(checkpoint.read_text())["seq"] == 6


# --- The checkpoint file itself -----------------------------------------------------------
def test_it_refuses_a_tampered_checkpoint(empty_chain, checkpoint):
    record(6)
    verify(checkpoint)
    rewind_to(4)
    # Moving the checkpoint back with the chain needs the key.
    saved = json.loads(checkpoint.read_text())
    kept = AuditEvent.objects.get(seq=4)
    checkpoint.write_text(json.dumps({**saved, "seq": 4, "hash": kept.hash}))

    with pytest.raises(CommandError, match="does not match its signature: it was altered") as exc:
        verify(checkpoint)
    assert exc.value.returncode == 1


@pytest.mark.parametrize(
    "content", ["", "not json", "[]", '{"seq": 1}', '{"seq": "1", "hash": "x", "key_id": "k", "mac": "m"}']
)
def test_it_refuses_an_unreadable_checkpoint(empty_chain, checkpoint, content):
    record(1)
    checkpoint.write_text(content)
    with pytest.raises(CommandError, match="Audit checkpoint refused: the checkpoint .* is (unreadable|malformed)"):
        verify(checkpoint)


def test_it_refuses_a_checkpoint_signed_with_another_key(empty_chain, checkpoint):
    record(2)
    with override_settings(AUDIT_KEY=OTHER_KEY):
        checkpoint_write(checkpoint, 2, AuditEvent.objects.get(seq=2).hash)
    with pytest.raises(CommandError, match=r"was signed with another key \(id "):
        verify(checkpoint)


# --- The command's exit status ------------------------------------------------------------
@pytest.fixture
def keep_connection(monkeypatch):
    # manage.py closes every connection when a command ends; that would end the test's transaction.
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_manage_py_verify_audit_names_the_bad_event_and_exits_1(empty_chain, checkpoint, capsys, keep_connection):
    record(6)
    ManagementUtility(["manage.py", "verify_audit", "--checkpoint", str(checkpoint)]).execute()
    rewind_to(4)

    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "verify_audit", "--checkpoint", str(checkpoint)]).execute()
    assert exit_.value.code == 1
    assert "Audit chain broken at event 5: the chain no longer reaches checkpoint seq 6" in capsys.readouterr().err


def test_manage_py_verify_audit_exits_0_on_a_sound_chain(empty_chain, capsys, keep_connection):
    record(2)
    ManagementUtility(["manage.py", "verify_audit"]).execute()  # no SystemExit
    assert "audit chain OK: 2 events, head seq 2" in capsys.readouterr().out
