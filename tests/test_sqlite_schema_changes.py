"""On SQLite, a migration that rebuilds a table keeps the database rules and hand-written indexes."""

import pytest
from django.db import connection, models

from translations.models import Job, TextVersion

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL alters tables in place")


def _schema(kind: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = %s AND sql IS NOT NULL", [kind])
        return dict(cursor.fetchall())


def _rebuild_with_and_without(model, name: str) -> None:
    # A NOT NULL column with a default: SQLite's ALTER TABLE cannot add it, so Django rebuilds the table.
    field = models.PositiveIntegerField(default=0)
    field.set_attributes_from_name(name)
    with connection.schema_editor() as editor:
        editor.add_field(model, field)
    with connection.schema_editor() as editor:
        editor.remove_field(model, field)


@pytest.mark.django_db(transaction=True)
def test_rebuilding_a_table_other_tables_rules_read_keeps_every_rule():
    triggers = _schema("trigger")
    assert any(
        "translations_job" in sql and not sql.split(" ON ")[1].startswith("translations_job")
        for sql in triggers.values()
    ), "approval_rules reads translations_job"

    _rebuild_with_and_without(Job, "probe_column")

    assert _schema("trigger") == triggers


@pytest.mark.django_db(transaction=True)
def test_rebuilding_a_table_with_rules_on_it_and_a_hand_written_index_keeps_both():
    # An index a migration made by SQL (as review 0006 does for the reviewer queue): the model state knows
    # nothing of it.
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX probe_handwritten_idx ON translations_textversion (language_id, id)")
    try:
        triggers, indexes = _schema("trigger"), _schema("index")
        assert any(" ON translations_textversion" in sql for sql in triggers.values())

        _rebuild_with_and_without(TextVersion, "probe_column")

        assert _schema("trigger") == triggers
        assert _schema("index")["probe_handwritten_idx"] == indexes["probe_handwritten_idx"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS probe_handwritten_idx")
