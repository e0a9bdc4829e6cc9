"""The triggers a migrated database has are exactly the rules review/db_rules.py renders.

Migrations hold frozen SQL (they never import the module), so this is what
keeps the module, the newest rules migration and the database in step.
"""

import importlib

from django.db import connection

from review import db_rules

LATEST = importlib.import_module("review.migrations.0010_passages_kept")


def test_the_newest_rules_migration_installs_exactly_the_rules_of_the_module():
    for vendor, create, drop in (
        ("sqlite", LATEST.SQLITE_CREATE, LATEST.SQLITE_DROP),
        ("postgresql", LATEST.POSTGRES_CREATE, LATEST.POSTGRES_DROP),
    ):
        assert db_rules.rendered(vendor) == (create, drop), (
            f"{vendor}: run `python -m review.db_rules` into a migration"
        )


def test_the_database_has_every_rule_as_a_trigger_and_no_other(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # passage_fts_* keep the full-text index of passages in step (workbench migration 0012):
            # they maintain an index, not a workflow rule, so review/db_rules.py does not own them.
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND name NOT LIKE 'passage\\_fts\\_%' ESCAPE '\\'"
            )
            installed = dict(cursor.fetchall())
            expected = dict(zip((rule.name for rule in db_rules.RULES), db_rules.rendered("sqlite")[0], strict=True))
            assert {name: sql.rstrip(";").strip() for name, sql in installed.items()} == {
                name: sql.rstrip(";").strip() for name, sql in expected.items()
            }
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            assert {row[0] for row in cursor.fetchall()} == db_rules.trigger_names()
