"""Django's SQLite backend, with a flush that respects the database rules.

The rules (review.db_rules) refuse row deletes on append-only tables, on
SQLite as on PostgreSQL. `manage.py flush`, and the test runner's flush
between transactional tests, empty every table; PostgreSQL does that with
TRUNCATE, which row triggers do not see, but SQLite deletes row by row. So the
flush lifts the rules' triggers on the tables it empties for its own
statements and puts back exactly the SQL they had, read from sqlite_master,
in the same transaction. Other triggers stay: the full-text index's
(workbench migration 0012) must see the deletes, or the emptied passages
would stay in the index. Nothing else can delete through this: the statements are only
produced for a flush, which empties the tables entirely.

Schema changes keep the rules and hand-written indexes through SQLite's table
rebuilds: see schema.py.
"""

from __future__ import annotations

from django.db.backends.sqlite3 import base, operations

from review.db_rules import trigger_names
from workbench.db_backends.sqlite3.schema import DatabaseSchemaEditor


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if not sql:
            return sql
        flushed = {
            statement.split()[-1].strip(";").strip('"') for statement in sql if statement.upper().startswith("DELETE")
        }
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            rules = trigger_names()
            triggers = [
                (name, definition)
                for name, table, definition in cursor.fetchall()
                if table in flushed and name in rules
            ]
        lift = [f'DROP TRIGGER IF EXISTS "{name}";' for name, _ in triggers]
        restore = [definition if definition.rstrip().endswith(";") else definition + ";" for _, definition in triggers]
        return lift + sql + restore


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    SchemaEditorClass = DatabaseSchemaEditor
