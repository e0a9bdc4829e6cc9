"""Rules the database itself enforces, as triggers for SQLite and PostgreSQL.

The services check all of this first and give friendly errors; these triggers
are the backstop for every other way in (the admin, a shell, a future API, a
bug). Each rule is written once as a portable SQL condition over NEW/OLD and
rendered into each dialect's trigger syntax.

This module is the *current* rule set. Migrations never import it: each one
holds the literal SQL it installs (``python -m review.db_rules`` prints the
SQL for a new migration), so editing a rule here cannot rewrite what an old
migration did. ``tests/review/test_database_rules_installed.py`` checks that
the triggers a fresh database has are exactly the ones rendered here.

Deletes are refused on both databases. The one sanctioned bulk wipe is
``manage.py flush`` (and the test runner's flush): on PostgreSQL it uses
TRUNCATE, which row triggers do not see; on SQLite the project's database
backend (``workbench.db_backends.sqlite3``) lifts the delete triggers for the
duration of the flush and puts them back.
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
    # AFTER triggers: statements run for each row (after `when`, if any).
    actions: list[str] = field(default_factory=list)

    @property
    def timing(self) -> str:
        return "AFTER" if self.actions else "BEFORE"


def _not_translated(tv: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM translations_targetsegment ts WHERE ts.text_version_id = {tv} AND TRIM(ts.text) = '')"
    )


def _job_running(tv: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM translations_job j WHERE j.text_version_id = {tv} AND j.state IN ('queued', 'running'))"
    )


def _open_change_request(tv: str, generation: str) -> str:
    # A change request blocks its text until the text changes (a new
    # generation) or its requester withdraws it.
    return (
        f"EXISTS (SELECT 1 FROM review_approval cr WHERE cr.text_version_id = {tv} "
        f"AND cr.decision = 'changes_requested' AND cr.generation = {generation} "
        f"AND NOT EXISTS (SELECT 1 FROM review_approval w WHERE w.withdraws_id = cr.id))"
    )


def _counting_approval(approval_id: str, tv: str, stage: str, content_hash: str, generation: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM review_approval a WHERE a.id = {approval_id} AND a.text_version_id = {tv} "
        f"AND a.stage = '{stage}' AND a.decision = 'approved' AND a.content_hash = {content_hash} "
        f"AND a.generation = {generation})"
    )


# May this user give this stage's approval in the text version's language?
# The same question review.permissions answers, asked of the same tables:
# guardian object permissions on the Language row, held by the user or by one
# of their groups, for an active account.
_HAS_REVIEW_RIGHT = (
    "EXISTS (SELECT 1 FROM auth_user u WHERE u.id = NEW.reviewer_id AND u.is_active) AND ("
    "EXISTS (SELECT 1 FROM review_languageuserobjectpermission up "
    "JOIN auth_permission p ON p.id = up.permission_id "
    "JOIN django_content_type ct ON ct.id = p.content_type_id AND ct.app_label = 'workbench' AND ct.model = 'language' "
    "WHERE up.user_id = NEW.reviewer_id AND p.codename = 'review_' || NEW.stage "
    "AND up.content_object_id = "
    "(SELECT tv.language_id FROM translations_textversion tv WHERE tv.id = NEW.text_version_id)) "
    "OR EXISTS (SELECT 1 FROM review_languagegroupobjectpermission gp "
    "JOIN auth_permission p ON p.id = gp.permission_id "
    "JOIN django_content_type ct ON ct.id = p.content_type_id AND ct.app_label = 'workbench' AND ct.model = 'language' "
    "JOIN auth_user_groups ug ON ug.group_id = gp.group_id "
    "WHERE ug.user_id = NEW.reviewer_id AND p.codename = 'review_' || NEW.stage "
    "AND gp.content_object_id = "
    "(SELECT tv.language_id FROM translations_textversion tv WHERE tv.id = NEW.text_version_id)))"
)

# Did this reviewer ever write or edit any segment of this text, in this or
# any earlier revision (the contributions table keeps the whole history)?
_CONTRIBUTED = (
    "EXISTS (SELECT 1 FROM translations_targetsegment ts WHERE ts.text_version_id = NEW.text_version_id "
    "AND ts.updated_by_id = NEW.reviewer_id) "
    "OR EXISTS (SELECT 1 FROM translations_contribution c "
    "JOIN translations_textversion tv ON tv.id = NEW.text_version_id "
    "JOIN workbench_revision r ON r.id = tv.revision_id "
    "JOIN translations_targetsegment ts ON ts.text_version_id = tv.id AND ts.key = c.key "
    "WHERE c.user_id = NEW.reviewer_id AND c.leaflet_id = r.leaflet_id AND c.language_id = tv.language_id)"
)

_TV_OF_NEW = "(SELECT {col} FROM translations_textversion tv WHERE tv.id = NEW.text_version_id)"


def _tv(col: str) -> str:
    return _TV_OF_NEW.format(col=f"tv.{col}")


def _append_only(table: str, what: str, name: str) -> list[Rule]:
    return [
        Rule(f"{name}_immutable", table, "UPDATE", [("1 = 1", f"{what} append-only")]),
        Rule(f"{name}_no_delete", table, "DELETE", [("1 = 1", f"{what} append-only")]),
    ]


# A change of any of these columns changes what the text is.
_SEGMENT_CONTENT_CHANGED = (
    "OLD.text IS DISTINCT FROM NEW.text OR OLD.position IS DISTINCT FROM NEW.position "
    "OR OLD.key IS DISTINCT FROM NEW.key OR OLD.source_segment_id IS DISTINCT FROM NEW.source_segment_id"
)


def _bump(tv: str) -> str:
    # A blank hash matches no approval and cannot be published; the services
    # recompute it after their own edits. The generation only ever grows.
    return (
        f"UPDATE translations_textversion SET edit_generation = edit_generation + 1, content_hash = '' WHERE id = {tv}"
    )


def _record_contribution(row: str) -> str:
    return (
        "INSERT INTO translations_contribution (leaflet_id, language_id, key, user_id) "
        f"SELECT r.leaflet_id, tv.language_id, {row}.key, {row}.updated_by_id FROM translations_textversion tv "
        f"JOIN workbench_revision r ON r.id = tv.revision_id WHERE tv.id = {row}.text_version_id "
        f"AND {row}.updated_by_id IS NOT NULL ON CONFLICT DO NOTHING"
    )


RULES: list[Rule] = [
    # --- Authoring: revisions and their segments never change ------------------------
    Rule(
        "segment_immutable",
        "workbench_segment",
        "UPDATE",
        [("1 = 1", "segments are immutable; save a new revision instead")],
    ),
    Rule("segment_no_delete", "workbench_segment", "DELETE", [("1 = 1", "segments are never deleted")]),
    Rule(
        "revision_immutable",
        "workbench_revision",
        "UPDATE",
        [("1 = 1", "revisions are immutable; save a new revision instead")],
    ),
    Rule("revision_no_delete", "workbench_revision", "DELETE", [("1 = 1", "revisions are never deleted")]),
    Rule(
        "leaflet_language_immutable",
        "workbench_leafletlanguage",
        "UPDATE",
        [("1 = 1", "a leaflet's required languages are never changed in place")],
    ),
    Rule(
        "leaflet_language_no_delete",
        "workbench_leafletlanguage",
        "DELETE",
        [("1 = 1", "gate: a required language is never removed from a leaflet")],
    ),
    Rule(
        "leaflet_current_revision",
        "workbench_leaflet",
        "UPDATE",
        [
            (
                "NEW.current_revision_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM workbench_revision r "
                "WHERE r.id = NEW.current_revision_id AND r.leaflet_id = NEW.id)",
                "a leaflet's current revision must be one of its own",
            ),
            (
                "OLD.current_revision_id IS NOT NULL AND (NEW.current_revision_id IS NULL OR "
                "(SELECT r.number FROM workbench_revision r WHERE r.id = NEW.current_revision_id) < "
                "(SELECT r.number FROM workbench_revision r WHERE r.id = OLD.current_revision_id))",
                "gate: a leaflet never goes back to an older revision; save it again as a new one",
            ),
            (
                "NEW.source_language_id IS DISTINCT FROM OLD.source_language_id",
                "a leaflet's source language never changes",
            ),
        ],
    ),
    # --- Texts: what a text is, and who ever wrote it ------------------------------------
    Rule(
        "text_version_rules",
        "translations_textversion",
        "UPDATE",
        [
            (
                "NEW.edit_generation < OLD.edit_generation",
                "gate: a text's edit generation never goes back (approvals of earlier edits stay withdrawn)",
            ),
            (
                "NEW.revision_id IS DISTINCT FROM OLD.revision_id OR NEW.language_id IS DISTINCT FROM OLD.language_id "
                "OR NEW.is_source IS DISTINCT FROM OLD.is_source",
                "a text version never moves to another revision or language",
            ),
        ],
    ),
    Rule("text_version_no_delete", "translations_textversion", "DELETE", [("1 = 1", "texts are never deleted")]),
    Rule(
        "target_segment_stays",
        "translations_targetsegment",
        "UPDATE",
        [
            ("NEW.text_version_id IS DISTINCT FROM OLD.text_version_id", "a segment never moves to another text"),
        ],
    ),
    Rule(
        "target_segment_inserted",
        "translations_targetsegment",
        "INSERT",
        actions=[_bump("NEW.text_version_id"), _record_contribution("NEW")],
    ),
    Rule(
        "target_segment_changed",
        "translations_targetsegment",
        "UPDATE",
        when=_SEGMENT_CONTENT_CHANGED,
        actions=[_bump("NEW.text_version_id")],
    ),
    Rule(
        "target_segment_editor_recorded",
        "translations_targetsegment",
        "UPDATE",
        when="NEW.updated_by_id IS NOT NULL AND (OLD.updated_by_id IS DISTINCT FROM NEW.updated_by_id "
        "OR OLD.text IS DISTINCT FROM NEW.text)",
        actions=[_record_contribution("NEW")],
    ),
    Rule("target_segment_deleted", "translations_targetsegment", "DELETE", actions=[_bump("OLD.text_version_id")]),
    *_append_only("translations_contribution", "the record of who wrote what is", "contribution"),
    # Two independent forward translations and the reconciler's choice between them are the
    # evidence of how a dual-translated text came to be (issue 17): every version is kept.
    *_append_only("translations_forwardtranslation", "forward translations are", "forward_translation"),
    *_append_only("translations_reconciliation", "reconciliation choices are", "reconciliation"),
    # A passage is what a clinician is shown as the evidence a sentence cites (issue 18): a source's
    # new version adds passages, none is ever rewritten or removed.
    *_append_only("workbench_passage", "source passages are", "passage"),
    # --- Approvals -------------------------------------------------------------------------
    *_append_only("review_approval", "decisions are", "approval"),
    Rule(
        "approval_rules",
        "review_approval",
        "INSERT",
        [
            (
                f"{_tv('content_hash')} = '' OR NEW.content_hash <> {_tv('content_hash')}",
                "gate: the approval is for content that is no longer the current text",
            ),
            (
                f"NEW.generation <> {_tv('edit_generation')}",
                "gate: the approval is for an earlier edit of the text; edits withdraw approvals for good",
            ),
            (
                "NOT EXISTS (SELECT 1 FROM translations_textversion tv JOIN workbench_leaflet l "
                "ON l.current_revision_id = tv.revision_id WHERE tv.id = NEW.text_version_id)",
                "gate: only the text of the leaflet's current revision can be approved",
            ),
            (f"NOT ({_HAS_REVIEW_RIGHT})", "gate: the reviewer has no review right for this language and stage"),
            (_CONTRIBUTED, "gate: nobody approves a text they wrote or edited"),
            (
                "EXISTS (SELECT 1 FROM review_approval a WHERE a.text_version_id = NEW.text_version_id "
                "AND a.generation = NEW.generation AND a.stage <> NEW.stage AND a.decision = 'approved' "
                "AND a.reviewer_id = NEW.reviewer_id)",
                "gate: one person cannot give both approvals of one language",
            ),
            (
                _open_change_request("NEW.text_version_id", "NEW.generation"),
                "gate: changes were requested and the request is still open",
            ),
            (_not_translated("NEW.text_version_id"), "gate: the text has untranslated segments"),
            (_job_running("NEW.text_version_id"), "gate: a translation job for the text is still running"),
        ],
        when="NEW.decision = 'approved'",
    ),
    Rule(
        "approval_change_request_rules",
        "review_approval",
        "INSERT",
        [
            (
                f"NEW.generation <> {_tv('edit_generation')} OR NEW.content_hash <> {_tv('content_hash')}",
                "gate: changes can only be requested on the current text",
            ),
            (f"NOT ({_HAS_REVIEW_RIGHT})", "gate: the reviewer has no review right for this language and stage"),
        ],
        when="NEW.decision = 'changes_requested'",
    ),
    Rule(
        "approval_withdrawal_rules",
        "review_approval",
        "INSERT",
        [
            (
                "NOT EXISTS (SELECT 1 FROM review_approval cr WHERE cr.id = NEW.withdraws_id "
                "AND cr.decision = 'changes_requested' AND cr.text_version_id = NEW.text_version_id "
                "AND cr.reviewer_id = NEW.reviewer_id AND cr.stage = NEW.stage)",
                "gate: only the reviewer who requested changes can withdraw the request",
            ),
        ],
        when="NEW.decision = 'request_withdrawn'",
    ),
    *_append_only("review_findingoverride", "overrides are", "override"),
    *_append_only("review_auditevent", "the audit trail is", "audit"),
    # --- Publishing --------------------------------------------------------------------------
    Rule(
        "publication_text_immutable", "review_publicationtext", "UPDATE", [("1 = 1", "published texts are immutable")]
    ),
    Rule(
        "publication_text_no_delete", "review_publicationtext", "DELETE", [("1 = 1", "published texts are immutable")]
    ),
    Rule(
        "publication_text_gate",
        "review_publicationtext",
        "INSERT",
        [
            (
                "(SELECT p.state FROM review_publication p WHERE p.id = NEW.publication_id) <> 'pending'",
                "gate: texts can only be attached to a pending publication",
            ),
            (
                f"{_tv('revision_id')} <> "
                "(SELECT p.revision_id FROM review_publication p WHERE p.id = NEW.publication_id)",
                "gate: the text belongs to another revision",
            ),
            (f"{_tv('language_id')} <> NEW.language_id", "gate: the text is in another language"),
            (
                f"NEW.content_hash = '' OR NEW.content_hash <> {_tv('content_hash')} "
                f"OR NEW.edit_generation <> {_tv('edit_generation')}",
                "gate: the text changed since it was approved",
            ),
            (_not_translated("NEW.text_version_id"), "gate: the text has untranslated segments"),
            (
                "NOT "
                + _counting_approval(
                    "NEW.native_approval_id", "NEW.text_version_id", "native", "NEW.content_hash", "NEW.edit_generation"
                ),
                "gate: no native-speaker approval for this exact text",
            ),
            (
                "NOT "
                + _counting_approval(
                    "NEW.clinical_approval_id",
                    "NEW.text_version_id",
                    "clinical",
                    "NEW.content_hash",
                    "NEW.edit_generation",
                ),
                "gate: no clinician approval for this exact text",
            ),
            (
                _open_change_request("NEW.text_version_id", "NEW.edit_generation"),
                "gate: changes were requested and the request is still open",
            ),
            (
                "(SELECT a.reviewer_id FROM review_approval a WHERE a.id = NEW.native_approval_id) = "
                "(SELECT a.reviewer_id FROM review_approval a WHERE a.id = NEW.clinical_approval_id)",
                "gate: one person cannot give both approvals of one language",
            ),
            (_job_running("NEW.text_version_id"), "gate: a translation job for the text is still running"),
        ],
    ),
    Rule(
        "publication_created_pending",
        "review_publication",
        "INSERT",
        [("NEW.state <> 'pending'", "gate: a publication starts pending and goes live through the gate")],
    ),
    Rule(
        "publication_transitions",
        "review_publication",
        "UPDATE",
        [
            (
                "NEW.leaflet_id <> OLD.leaflet_id OR NEW.revision_id <> OLD.revision_id "
                "OR NEW.published_by_id <> OLD.published_by_id",
                "publications are immutable",
            ),
            (
                "NOT ((OLD.state = NEW.state) OR (OLD.state = 'pending' AND NEW.state = 'live') "
                "OR (OLD.state = 'live' AND NEW.state = 'withdrawn'))",
                "gate: a publication goes pending → live → withdrawn only",
            ),
            (
                "OLD.state = 'pending' AND NEW.state = 'live' AND NEW.revision_id IS DISTINCT FROM "
                "(SELECT l.current_revision_id FROM workbench_leaflet l WHERE l.id = NEW.leaflet_id)",
                "gate: only the leaflet's current revision can be published",
            ),
            (
                "OLD.state = 'pending' AND NEW.state = 'live' AND EXISTS ("
                "SELECT 1 FROM workbench_leafletlanguage ll WHERE ll.leaflet_id = NEW.leaflet_id AND NOT EXISTS ("
                "SELECT 1 FROM review_publicationtext pt "
                "WHERE pt.publication_id = NEW.id AND pt.language_id = ll.language_id))",
                "gate: a required language has no approved text in this publication",
            ),
            (
                "OLD.state = 'pending' AND NEW.state = 'live' AND EXISTS ("
                "SELECT 1 FROM review_publicationtext pt "
                "JOIN translations_textversion tv ON tv.id = pt.text_version_id "
                "WHERE pt.publication_id = NEW.id AND (tv.content_hash <> pt.content_hash "
                "OR tv.edit_generation <> pt.edit_generation))",
                "gate: a text changed while it was being published",
            ),
            (
                "OLD.state = 'pending' AND NEW.state = 'live' AND EXISTS ("
                "SELECT 1 FROM review_publicationtext pt "
                "JOIN translations_job j ON j.text_version_id = pt.text_version_id "
                "WHERE pt.publication_id = NEW.id AND j.state IN ('queued', 'running'))",
                "gate: a translation job for the text is still running",
            ),
        ],
    ),
    Rule(
        "publication_no_delete",
        "review_publication",
        "DELETE",
        [("1 = 1", "publications are never deleted; withdraw instead")],
    ),
]


def _quote(message: str) -> str:
    return message.replace("'", "''")


def sqlite_statements(rule: Rule) -> tuple[str, str]:
    when = f" WHEN {rule.when}" if rule.when else ""
    if rule.actions:
        body = " ".join(f"{action};" for action in rule.actions)
    else:
        body = " ".join(
            f"SELECT RAISE(ABORT, '{_quote(message)}') WHERE {condition};" for condition, message in rule.refusals
        )
    create = (
        f"CREATE TRIGGER {rule.name} {rule.timing} {rule.event} ON {rule.table} FOR EACH ROW{when} BEGIN {body} END;"
    )
    return create, f"DROP TRIGGER IF EXISTS {rule.name};"


def postgres_statements(rule: Rule) -> tuple[str, str]:
    if rule.actions:
        checks = " ".join(f"{action};" for action in rule.actions)
    else:
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
        f"CREATE TRIGGER {rule.name} {rule.timing} {rule.event} ON {rule.table} FOR EACH ROW "
        f"EXECUTE FUNCTION {rule.name}_fn();"
    )
    drop = f"DROP TRIGGER IF EXISTS {rule.name} ON {rule.table}; DROP FUNCTION IF EXISTS {rule.name}_fn();"
    return create, drop


def rendered(vendor: str) -> tuple[list[str], list[str]]:
    """(create statements, drop statements) of the current rules for one database."""
    render = sqlite_statements if vendor == "sqlite" else postgres_statements
    pairs = [render(rule) for rule in RULES]
    return [create for create, _ in pairs], [drop for _, drop in pairs]


def trigger_names() -> set[str]:
    return {rule.name for rule in RULES}


if __name__ == "__main__":
    # Print the literal SQL for a new migration that installs the current rules.
    import pprint

    for vendor in ("sqlite", "postgresql"):
        creates, drops = rendered(vendor)
        print(f"{vendor.upper()}_CREATE = {pprint.pformat(creates, width=115)}\n")
        print(f"{vendor.upper()}_DROP = {pprint.pformat(drops, width=115)}\n")
