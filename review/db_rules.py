"""Rules the database itself enforces, as triggers for SQLite and PostgreSQL.

The services check all of this first and give friendly errors; these triggers
are the backstop for every other way in (the admin, a shell, a future API, a
bug). Each rule is written once as a portable SQL condition over NEW/OLD and
rendered into each dialect's trigger syntax.

Row DELETE is refused only on PostgreSQL: Django's test flush uses TRUNCATE
there (no row triggers) but row-by-row DELETE on SQLite. On SQLite deletion is
refused by the models' PROTECT foreign keys and the admin's permissions.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    event: str  # "INSERT" | "UPDATE" | "DELETE"
    # (condition that must NOT hold, message); the first that holds aborts.
    refusals: list[tuple[str, str]] = field(default_factory=list)
    when: str = ""  # optional guard on the whole trigger
    postgres_only: bool = False


APPROVED = "'approved'"

RULES: list[Rule] = [
    Rule("segment_immutable", "workbench_segment", "UPDATE",
         [("1 = 1", "segments are immutable; save a new revision instead")]),
    Rule("segment_no_delete", "workbench_segment", "DELETE",
         [("1 = 1", "segments are never deleted")], postgres_only=True),
    Rule("revision_immutable", "workbench_revision", "UPDATE",
         [("1 = 1", "revisions are immutable; save a new revision instead")]),
    Rule("revision_no_delete", "workbench_revision", "DELETE",
         [("1 = 1", "revisions are never deleted")], postgres_only=True),
    Rule("approval_immutable", "review_approval", "UPDATE",
         [("1 = 1", "approvals are append-only")]),
    Rule("approval_no_delete", "review_approval", "DELETE",
         [("1 = 1", "approvals are append-only")], postgres_only=True),
    Rule(
        "approval_rules", "review_approval", "INSERT",
        [
            ("NEW.content_hash <> (SELECT tv.content_hash FROM translations_textversion tv WHERE tv.id = NEW.text_version_id)",
             "gate: the approval is for content that is no longer the current text"),
            ("EXISTS (SELECT 1 FROM translations_targetsegment ts WHERE ts.text_version_id = NEW.text_version_id "
             "AND ts.updated_by_id = NEW.reviewer_id)",
             "gate: nobody approves a text they wrote or edited"),
            ("EXISTS (SELECT 1 FROM review_approval a WHERE a.text_version_id = NEW.text_version_id "
             "AND a.content_hash = NEW.content_hash AND a.stage <> NEW.stage AND a.decision = 'approved' "
             "AND a.reviewer_id = NEW.reviewer_id)",
             "gate: one person cannot give both approvals of one language"),
        ],
        when="NEW.decision = 'approved'",
    ),
    Rule("override_immutable", "review_findingoverride", "UPDATE", [("1 = 1", "overrides are append-only")]),
    Rule("audit_immutable", "review_auditevent", "UPDATE", [("1 = 1", "the audit trail is append-only")]),
    Rule("audit_no_delete", "review_auditevent", "DELETE",
         [("1 = 1", "the audit trail is append-only")], postgres_only=True),
    Rule("publication_text_immutable", "review_publicationtext", "UPDATE",
         [("1 = 1", "published texts are immutable")]),
    Rule("publication_text_no_delete", "review_publicationtext", "DELETE",
         [("1 = 1", "published texts are immutable")], postgres_only=True),
    Rule(
        "publication_text_gate", "review_publicationtext", "INSERT",
        [
            ("(SELECT p.state FROM review_publication p WHERE p.id = NEW.publication_id) <> 'pending'",
             "gate: texts can only be attached to a pending publication"),
            ("(SELECT tv.revision_id FROM translations_textversion tv WHERE tv.id = NEW.text_version_id) <> "
             "(SELECT p.revision_id FROM review_publication p WHERE p.id = NEW.publication_id)",
             "gate: the text belongs to another revision"),
            ("(SELECT tv.language_id FROM translations_textversion tv WHERE tv.id = NEW.text_version_id) <> NEW.language_id",
             "gate: the text is in another language"),
            ("NEW.content_hash = '' OR NEW.content_hash <> "
             "(SELECT tv.content_hash FROM translations_textversion tv WHERE tv.id = NEW.text_version_id)",
             "gate: the text changed since it was approved"),
            ("EXISTS (SELECT 1 FROM translations_targetsegment ts WHERE ts.text_version_id = NEW.text_version_id AND ts.text = '')",
             "gate: the text has untranslated segments"),
            ("NOT EXISTS (SELECT 1 FROM review_approval a WHERE a.id = NEW.native_approval_id "
             "AND a.text_version_id = NEW.text_version_id AND a.stage = 'native' AND a.decision = 'approved' "
             "AND a.content_hash = NEW.content_hash)",
             "gate: no native-speaker approval for this exact text"),
            ("NOT EXISTS (SELECT 1 FROM review_approval a WHERE a.id = NEW.clinical_approval_id "
             "AND a.text_version_id = NEW.text_version_id AND a.stage = 'clinical' AND a.decision = 'approved' "
             "AND a.content_hash = NEW.content_hash)",
             "gate: no clinician approval for this exact text"),
            ("EXISTS (SELECT 1 FROM review_approval a WHERE a.text_version_id = NEW.text_version_id "
             "AND a.content_hash = NEW.content_hash AND a.decision = 'changes_requested' "
             "AND ((a.stage = 'native' AND a.id > NEW.native_approval_id) "
             "OR (a.stage = 'clinical' AND a.id > NEW.clinical_approval_id)))",
             "gate: changes were requested after the approval"),
            ("(SELECT a.reviewer_id FROM review_approval a WHERE a.id = NEW.native_approval_id) = "
             "(SELECT a.reviewer_id FROM review_approval a WHERE a.id = NEW.clinical_approval_id)",
             "gate: one person cannot give both approvals of one language"),
        ],
    ),
    Rule("publication_created_pending", "review_publication", "INSERT",
         [("NEW.state <> 'pending'", "gate: a publication starts pending and goes live through the gate")]),
    Rule(
        "publication_transitions", "review_publication", "UPDATE",
        [
            ("NEW.leaflet_id <> OLD.leaflet_id OR NEW.revision_id <> OLD.revision_id "
             "OR NEW.published_by_id <> OLD.published_by_id",
             "publications are immutable"),
            ("NOT ((OLD.state = NEW.state) OR (OLD.state = 'pending' AND NEW.state = 'live') "
             "OR (OLD.state = 'live' AND NEW.state = 'withdrawn'))",
             "gate: a publication goes pending → live → withdrawn only"),
            ("OLD.state = 'pending' AND NEW.state = 'live' AND NEW.revision_id IS DISTINCT FROM "
             "(SELECT l.current_revision_id FROM workbench_leaflet l WHERE l.id = NEW.leaflet_id)",
             "gate: only the leaflet's current revision can be published"),
            ("OLD.state = 'pending' AND NEW.state = 'live' AND EXISTS ("
             "SELECT 1 FROM workbench_leafletlanguage ll WHERE ll.leaflet_id = NEW.leaflet_id AND NOT EXISTS ("
             "SELECT 1 FROM review_publicationtext pt WHERE pt.publication_id = NEW.id AND pt.language_id = ll.language_id))",
             "gate: a required language has no approved text in this publication"),
            ("OLD.state = 'pending' AND NEW.state = 'live' AND EXISTS ("
             "SELECT 1 FROM review_publicationtext pt JOIN translations_textversion tv ON tv.id = pt.text_version_id "
             "WHERE pt.publication_id = NEW.id AND tv.content_hash <> pt.content_hash)",
             "gate: a text changed while it was being published"),
        ],
    ),
    Rule("publication_no_delete", "review_publication", "DELETE",
         [("1 = 1", "publications are never deleted; withdraw instead")], postgres_only=True),
]


def _quote(message: str) -> str:
    return message.replace("'", "''")


def _sqlite_body(rule: Rule) -> str:
    parts = [f"SELECT RAISE(ABORT, '{_quote(message)}') WHERE {condition};" for condition, message in rule.refusals]
    return " ".join(parts)


def sqlite_statements(rule: Rule) -> tuple[str, str]:
    when = f" WHEN {rule.when}" if rule.when else ""
    create = (
        f"CREATE TRIGGER {rule.name} BEFORE {rule.event} ON {rule.table} FOR EACH ROW{when} "
        f"BEGIN {_sqlite_body(rule)} END;"
    )
    return create, f"DROP TRIGGER IF EXISTS {rule.name};"


def postgres_statements(rule: Rule) -> tuple[str, str]:
    checks = " ".join(
        f"IF {condition} THEN RAISE EXCEPTION '{_quote(message)}' USING ERRCODE = 'check_violation'; END IF;"
        for condition, message in rule.refusals
    )
    returned = "OLD" if rule.event == "DELETE" else "NEW"
    if rule.when:
        checks = f"IF {rule.when} THEN {checks} END IF;"
    create = (
        f"CREATE OR REPLACE FUNCTION {rule.name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {checks} RETURN {returned}; END $$; "
        f"CREATE TRIGGER {rule.name} BEFORE {rule.event} ON {rule.table} FOR EACH ROW EXECUTE FUNCTION {rule.name}_fn();"
    )
    drop = f"DROP TRIGGER IF EXISTS {rule.name} ON {rule.table}; DROP FUNCTION IF EXISTS {rule.name}_fn();"
    return create, drop


# A text edited behind the services' back must stop matching its approvals:
# blank the text version's hash (a blank hash matches no approval and cannot be
# published); the services recompute it after every edit they make.
HASH_INVALIDATION_SQLITE = (
    "CREATE TRIGGER target_segment_edit_voids_hash AFTER UPDATE OF text ON translations_targetsegment "
    "FOR EACH ROW WHEN OLD.text IS NOT NEW.text BEGIN "
    "UPDATE translations_textversion SET content_hash = '' WHERE id = NEW.text_version_id; END;",
    "DROP TRIGGER IF EXISTS target_segment_edit_voids_hash;",
)
HASH_INVALIDATION_POSTGRES = (
    "CREATE OR REPLACE FUNCTION target_segment_edit_voids_hash_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF OLD.text IS DISTINCT FROM NEW.text THEN "
    "UPDATE translations_textversion SET content_hash = '' WHERE id = NEW.text_version_id; END IF; "
    "RETURN NEW; END $$; "
    "CREATE TRIGGER target_segment_edit_voids_hash AFTER UPDATE OF text ON translations_targetsegment "
    "FOR EACH ROW EXECUTE FUNCTION target_segment_edit_voids_hash_fn();",
    "DROP TRIGGER IF EXISTS target_segment_edit_voids_hash ON translations_targetsegment; "
    "DROP FUNCTION IF EXISTS target_segment_edit_voids_hash_fn();",
)


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for rule in RULES:
        if vendor == "sqlite" and not rule.postgres_only:
            schema_editor.execute(sqlite_statements(rule)[0])
        elif vendor == "postgresql":
            schema_editor.execute(postgres_statements(rule)[0])
    schema_editor.execute(HASH_INVALIDATION_SQLITE[0] if vendor == "sqlite" else HASH_INVALIDATION_POSTGRES[0])


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for rule in RULES:
        if vendor == "sqlite":
            schema_editor.execute(sqlite_statements(rule)[1])
        else:
            schema_editor.execute(postgres_statements(rule)[1])
    schema_editor.execute(HASH_INVALIDATION_SQLITE[1] if vendor == "sqlite" else HASH_INVALIDATION_POSTGRES[1])
