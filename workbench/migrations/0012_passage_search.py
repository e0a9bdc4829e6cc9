"""The full-text index over Passage.indexed_text (workbench/retrieval.py reads it).

Not part of the model state: neither backend's index can be declared on the
model (an FTS5 table is a separate virtual table; the GIN index is over an
expression with a text-search configuration), and retrieval writes its own
SQL for both, so `makemigrations` never needs to know about them.

SQLite: an external-content FTS5 table (it stores no copy of the text, only
the index) kept in step by AFTER triggers, named passage_fts_* so the
database-rules test can tell them from review/db_rules.py's rules. The
tokenizer keeps combining marks (categories M*) and diacritics: unicode61's
defaults split Tamil words at every vowel sign. indexed_text is already
lower-cased and Chinese already segmented into space-separated words.

PostgreSQL: a GIN index over to_tsvector('simple', indexed_text); 'simple'
because stemming would be English-only and indexed_text is normalised already.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE passage_fts USING fts5(indexed_text, content='workbench_passage', content_rowid='id', "
    "tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\")",
    "CREATE TRIGGER passage_fts_ai AFTER INSERT ON workbench_passage BEGIN "
    "INSERT INTO passage_fts(rowid, indexed_text) VALUES (new.id, new.indexed_text); END",
    "CREATE TRIGGER passage_fts_ad AFTER DELETE ON workbench_passage BEGIN "
    "INSERT INTO passage_fts(passage_fts, rowid, indexed_text) VALUES ('delete', old.id, old.indexed_text); END",
    "CREATE TRIGGER passage_fts_au AFTER UPDATE ON workbench_passage BEGIN "
    "INSERT INTO passage_fts(passage_fts, rowid, indexed_text) VALUES ('delete', old.id, old.indexed_text); "
    "INSERT INTO passage_fts(rowid, indexed_text) VALUES (new.id, new.indexed_text); END",
    # Passages written before this migration (none in practice) are indexed too.
    "INSERT INTO passage_fts(passage_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS passage_fts_au",
    "DROP TRIGGER IF EXISTS passage_fts_ad",
    "DROP TRIGGER IF EXISTS passage_fts_ai",
    "DROP TABLE IF EXISTS passage_fts",
]
POSTGRES_CREATE = [
    "CREATE INDEX passage_search_gin ON workbench_passage USING GIN (to_tsvector('simple'::regconfig, indexed_text))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS passage_search_gin"]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def uninstall(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [("workbench", "0011_sources")]

    operations = [migrations.RunPython(install, uninstall)]
