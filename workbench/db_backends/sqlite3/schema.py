"""Django's SQLite schema editor, keeping the database rules and hand-written indexes through a table remake.

SQLite cannot alter most columns in place, so Django rebuilds the table
(create new__t, copy, drop t, rename new__t to t) and recreates the indexes
its model state knows. Two things would go wrong with this project's schema:

* the triggers of review.db_rules: those ON the table are dropped with it and
  never recreated, so a migration would silently switch a rule off; those on
  other tables that mention it (approval_rules reads translations_job) make
  the rename fail ("error in trigger approval_rules: no such table");
* indexes created by SQL in a migration (review 0006's queue index on
  translations_textversion), unknown to the model state, would be lost.

So every trigger that is on or mentions the table is lifted before the
rebuild and put back afterwards with exactly the SQL it had (read from
sqlite_master, in the same transaction), and every index of the table that
Django's model state does not know and the rebuild therefore did not
recreate is put back the same way. (Indexes Django knows are its own to drop:
putting back one on a removed column would even succeed, since SQLite reads an
unknown quoted column name as a string constant.) A trigger that no
longer fits the new table (it names a dropped column) fails the migration
loudly, which is what should happen. PostgreSQL alters tables in place and
keeps triggers and indexes without help.
"""

from __future__ import annotations

import re

from django.db.backends.sqlite3 import schema


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    def _remake_table(self, model, create_field=None, delete_field=None, alter_fields=None):
        table = model._meta.db_table
        mentions = re.compile(rf"(?<![\w$]){re.escape(table)}(?![\w$])", re.IGNORECASE)
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') "
                "AND sql IS NOT NULL"
            )
            objects = cursor.fetchall()
        triggers = [
            (name, sql)
            for kind, name, on, sql in objects
            if kind == "trigger" and (on == table or mentions.search(sql))
        ]
        known = {str(statement.parts["name"]).strip('"') for statement in self._model_indexes_sql(model)}
        known |= {constraint.name for constraint in model._meta.constraints}
        indexes = [
            (name, sql) for kind, name, on, sql in objects if kind == "index" and on == table and name not in known
        ]
        for name, _ in triggers:
            self.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        super()._remake_table(model, create_field=create_field, delete_field=delete_field, alter_fields=alter_fields)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
            present = {row[0] for row in cursor.fetchall()}
        for name, sql in indexes:
            if name not in present:
                self.execute(sql)
        for _, sql in triggers:
            self.execute(sql)
