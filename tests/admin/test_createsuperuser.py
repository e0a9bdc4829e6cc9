"""manage.py createsuperuser: the new account is recorded in the audit trail, in the same transaction.

A superuser manages roles and could grant itself any of them, so an account made one outside the
admin must be as accountable as one granted there; one made in a shell is reported by verify_invariants."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from review.invariants import invariant_report
from review.models import AuditEvent

CHECK = "every superuser's grant is recorded"


def _create(username: str) -> None:
    call_command(
        "createsuperuser", "--noinput", username=username, email=f"{username}@example.invalid", stdout=StringIO()
    )


def test_it_records_the_new_superuser_as_granted_by_the_system(db):
    _create("root")

    root = get_user_model().objects.get(username="root")
    granted = AuditEvent.objects.get(verb="role.superuser_granted", object_id=str(root.pk))
    assert granted.actor is None and granted.object_type == "auth.user"
    assert granted.data == {
        "user": "root",
        "user_id": root.pk,
        "flag": "is_superuser",
        "before": False,
        "after": True,
        "via": "createsuperuser",
    }
    assert AuditEvent.objects.filter(verb="role.staff_granted", object_id=str(root.pk)).exists()
    assert invariant_report()[CHECK] == []


def test_it_leaves_no_account_when_the_grant_cannot_be_recorded(db, monkeypatch):
    from review.auth_commands.management.commands import createsuperuser

    def audit_trail_refuses(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(createsuperuser, "superuser_account_recorded", audit_trail_refuses)

    with pytest.raises(RuntimeError):
        _create("root")

    assert not get_user_model().objects.filter(username="root").exists()


def test_a_superuser_made_behind_the_commands_back_is_reported(db):
    _create("root")
    shell_made = get_user_model().objects.create_superuser("shell_made", "shell@example.invalid", None)

    assert invariant_report()[CHECK] == [f"Superusers with no recorded grant: shell_made (user {shell_made.pk})."]
    with pytest.raises(CommandError):
        call_command("verify_invariants", stdout=StringIO(), stderr=StringIO())


def test_a_forged_grant_event_does_not_account_for_one(db):
    from django.utils import timezone

    from review.models import AuditHead

    user = get_user_model().objects.create_superuser("forged", "forged@example.invalid", None)
    # A database writer can insert an event row, but cannot seal it with the audit key.
    head = AuditHead.objects.get()
    AuditEvent.objects.create(
        seq=head.seq + 1,
        created_at=timezone.now(),
        verb="role.superuser_granted",
        object_type="auth.user",
        object_id=str(user.pk),
        data={"user": "forged", "via": "createsuperuser"},
        prev_hash=head.hash,
        hash="e" * 64,
        seal=AuditEvent.Seal.KEYED,
    )

    assert "forged" in invariant_report()[CHECK][0]
