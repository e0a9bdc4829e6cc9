"""The audit tests' database-owner tools and the empty-chain fixture (test_audit_chain, test_audit_checkpoint)."""

import contextlib

import pytest
from django.db import connection

from review.audit import GENESIS
from review.models import AuditHead


@contextlib.contextmanager
def audit_triggers_off():
    """What someone with DDL rights can do: lift the audit table's triggers, then put them back."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'review_auditevent'"
            )
            saved = cursor.fetchall()
            for name, _ in saved:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield cursor
            for _, sql in saved:
                cursor.execute(sql)
        else:
            # The table owner can switch its triggers off. ALTER TABLE waits
            # for no pending foreign-key checks, so run those first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE review_auditevent DISABLE TRIGGER USER")
            yield cursor
            cursor.execute("ALTER TABLE review_auditevent ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def as_dba(sql: str, params: list | None = None) -> None:
    with audit_triggers_off() as cursor:
        cursor.execute(sql, params or [])


@pytest.fixture
def empty_chain(db):
    """A chain that starts from nothing (migrating seeds the roles, which records an event)."""
    as_dba("DELETE FROM review_auditevent")
    AuditHead.objects.update_or_create(id=1, defaults={"seq": 0, "hash": GENESIS})
