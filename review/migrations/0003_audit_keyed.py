"""Audit events record how they were sealed; every existing event is a legacy (plain SHA-256) one.

No event is rewritten and no key is read here: the keyed anchor over the
legacy events is appended by review.audit the first time anything is recorded
after this migration (or by `manage.py verify_audit --anchor`).

On SQLite, adding a NOT NULL column rebuilds the table, and dropping the old
table drops its triggers. The audit table's triggers are read from
sqlite_master before the rebuild and created again, exactly as they were,
after it (in both directions), so this migration neither imports the live
rules nor depends on which of them were installed.
"""

from django.db import migrations, models

AUDIT_TABLE = "review_auditevent"
_saved_triggers: dict[str, list[tuple[str, str]]] = {}


def save_audit_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return  # PostgreSQL adds and drops columns in place; its triggers stay.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s ORDER BY name",
                       [AUDIT_TABLE])
        _saved_triggers[connection.alias] = list(cursor.fetchall())


def restore_audit_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    for name, sql in _saved_triggers.pop(connection.alias, []):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"', None)
        schema_editor.execute(sql, None)


def refuse_to_forget_keyed_events(apps, schema_editor):
    AuditEvent = apps.get_model("review", "AuditEvent")
    if AuditEvent.objects.exclude(seal="sha256").exists():
        raise RuntimeError(
            "Keyed audit events exist; migrating back would drop their seals and the chain could no longer be verified."
        )
    save_audit_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0002_db_rules"),
    ]

    operations = [
        migrations.RunPython(save_audit_triggers, restore_audit_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="seal",
            field=models.CharField(
                choices=[
                    ("sha256", "SHA-256 (written before the audit key)"),
                    ("hmac-sha256", "HMAC-SHA256 with the audit key"),
                ],
                default="sha256",
                max_length=16,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.RunPython(restore_audit_triggers, refuse_to_forget_keyed_events),
    ]
