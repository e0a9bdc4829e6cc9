"""The first database rules, frozen as the SQL this migration installed.

This migration used to import the live ``review.db_rules`` module, so any
change to a rule there would have silently rewritten what an old migration
does. The statements below are exactly what it installed; later rules come in
later migrations (review 0004 onwards), each with its own frozen SQL.
"""

from django.db import migrations

SQLITE_CREATE = ['CREATE TRIGGER segment_immutable BEFORE UPDATE ON workbench_segment FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'segments are immutable; save a new revision instead') WHERE 1 = 1; END;",
 'CREATE TRIGGER revision_immutable BEFORE UPDATE ON workbench_revision FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'revisions are immutable; save a new revision instead') WHERE 1 = 1; END;",
 'CREATE TRIGGER approval_immutable BEFORE UPDATE ON review_approval FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'approvals are append-only') WHERE 1 = 1; END;",
 "CREATE TRIGGER approval_rules BEFORE INSERT ON review_approval FOR EACH ROW WHEN NEW.decision = 'approved' "
 "BEGIN SELECT RAISE(ABORT, 'gate: the approval is for content that is no longer the current text') WHERE "
 'NEW.content_hash <> (SELECT tv.content_hash FROM translations_textversion tv WHERE tv.id = '
 "NEW.text_version_id); SELECT RAISE(ABORT, 'gate: nobody approves a text they wrote or edited') WHERE EXISTS "
 '(SELECT 1 FROM translations_targetsegment ts WHERE ts.text_version_id = NEW.text_version_id AND '
 "ts.updated_by_id = NEW.reviewer_id); SELECT RAISE(ABORT, 'gate: one person cannot give both approvals of one "
 "language') WHERE EXISTS (SELECT 1 FROM review_approval a WHERE a.text_version_id = NEW.text_version_id AND "
 "a.content_hash = NEW.content_hash AND a.stage <> NEW.stage AND a.decision = 'approved' AND a.reviewer_id = "
 'NEW.reviewer_id); END;',
 'CREATE TRIGGER override_immutable BEFORE UPDATE ON review_findingoverride FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'overrides are append-only') WHERE 1 = 1; END;",
 "CREATE TRIGGER audit_immutable BEFORE UPDATE ON review_auditevent FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'the "
 "audit trail is append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER publication_text_immutable BEFORE UPDATE ON review_publicationtext FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'published texts are immutable') WHERE 1 = 1; END;",
 'CREATE TRIGGER publication_text_gate BEFORE INSERT ON review_publicationtext FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'gate: texts can only be attached to a pending publication') WHERE (SELECT p.state FROM "
 "review_publication p WHERE p.id = NEW.publication_id) <> 'pending'; SELECT RAISE(ABORT, 'gate: the text belongs "
 "to another revision') WHERE (SELECT tv.revision_id FROM translations_textversion tv WHERE tv.id = "
 'NEW.text_version_id) <> (SELECT p.revision_id FROM review_publication p WHERE p.id = NEW.publication_id); '
 "SELECT RAISE(ABORT, 'gate: the text is in another language') WHERE (SELECT tv.language_id FROM "
 "translations_textversion tv WHERE tv.id = NEW.text_version_id) <> NEW.language_id; SELECT RAISE(ABORT, 'gate: "
 "the text changed since it was approved') WHERE NEW.content_hash = '' OR NEW.content_hash <> (SELECT "
 "tv.content_hash FROM translations_textversion tv WHERE tv.id = NEW.text_version_id); SELECT RAISE(ABORT, 'gate: "
 "the text has untranslated segments') WHERE EXISTS (SELECT 1 FROM translations_targetsegment ts WHERE "
 "ts.text_version_id = NEW.text_version_id AND ts.text = ''); SELECT RAISE(ABORT, 'gate: no native-speaker "
 "approval for this exact text') WHERE NOT EXISTS (SELECT 1 FROM review_approval a WHERE a.id = "
 "NEW.native_approval_id AND a.text_version_id = NEW.text_version_id AND a.stage = 'native' AND a.decision = "
 "'approved' AND a.content_hash = NEW.content_hash); SELECT RAISE(ABORT, 'gate: no clinician approval for this "
 "exact text') WHERE NOT EXISTS (SELECT 1 FROM review_approval a WHERE a.id = NEW.clinical_approval_id AND "
 "a.text_version_id = NEW.text_version_id AND a.stage = 'clinical' AND a.decision = 'approved' AND a.content_hash "
 "= NEW.content_hash); SELECT RAISE(ABORT, 'gate: changes were requested after the approval') WHERE EXISTS "
 '(SELECT 1 FROM review_approval a WHERE a.text_version_id = NEW.text_version_id AND a.content_hash = '
 "NEW.content_hash AND a.decision = 'changes_requested' AND ((a.stage = 'native' AND a.id > "
 "NEW.native_approval_id) OR (a.stage = 'clinical' AND a.id > NEW.clinical_approval_id))); SELECT RAISE(ABORT, "
 "'gate: one person cannot give both approvals of one language') WHERE (SELECT a.reviewer_id FROM review_approval "
 'a WHERE a.id = NEW.native_approval_id) = (SELECT a.reviewer_id FROM review_approval a WHERE a.id = '
 'NEW.clinical_approval_id); END;',
 'CREATE TRIGGER publication_created_pending BEFORE INSERT ON review_publication FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'gate: a publication starts pending and goes live through the gate') WHERE NEW.state <> 'pending'; "
 'END;',
 'CREATE TRIGGER publication_transitions BEFORE UPDATE ON review_publication FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'publications are immutable') WHERE NEW.leaflet_id <> OLD.leaflet_id OR NEW.revision_id <> "
 "OLD.revision_id OR NEW.published_by_id <> OLD.published_by_id; SELECT RAISE(ABORT, 'gate: a publication goes "
 "pending → live → withdrawn only') WHERE NOT ((OLD.state = NEW.state) OR (OLD.state = 'pending' AND NEW.state = "
 "'live') OR (OLD.state = 'live' AND NEW.state = 'withdrawn')); SELECT RAISE(ABORT, 'gate: only the leaflet''s "
 "current revision can be published') WHERE OLD.state = 'pending' AND NEW.state = 'live' AND NEW.revision_id IS "
 'DISTINCT FROM (SELECT l.current_revision_id FROM workbench_leaflet l WHERE l.id = NEW.leaflet_id); SELECT '
 "RAISE(ABORT, 'gate: a required language has no approved text in this publication') WHERE OLD.state = 'pending' "
 "AND NEW.state = 'live' AND EXISTS (SELECT 1 FROM workbench_leafletlanguage ll WHERE ll.leaflet_id = "
 'NEW.leaflet_id AND NOT EXISTS (SELECT 1 FROM review_publicationtext pt WHERE pt.publication_id = NEW.id AND '
 "pt.language_id = ll.language_id)); SELECT RAISE(ABORT, 'gate: a text changed while it was being published') "
 "WHERE OLD.state = 'pending' AND NEW.state = 'live' AND EXISTS (SELECT 1 FROM review_publicationtext pt JOIN "
 'translations_textversion tv ON tv.id = pt.text_version_id WHERE pt.publication_id = NEW.id AND tv.content_hash '
 '<> pt.content_hash); END;',
 'CREATE TRIGGER target_segment_edit_voids_hash AFTER UPDATE OF text ON translations_targetsegment FOR EACH ROW '
 "WHEN OLD.text IS NOT NEW.text BEGIN UPDATE translations_textversion SET content_hash = '' WHERE id = "
 'NEW.text_version_id; END;']

SQLITE_DROP = ['DROP TRIGGER IF EXISTS segment_immutable;',
 'DROP TRIGGER IF EXISTS segment_no_delete;',
 'DROP TRIGGER IF EXISTS revision_immutable;',
 'DROP TRIGGER IF EXISTS revision_no_delete;',
 'DROP TRIGGER IF EXISTS approval_immutable;',
 'DROP TRIGGER IF EXISTS approval_no_delete;',
 'DROP TRIGGER IF EXISTS approval_rules;',
 'DROP TRIGGER IF EXISTS override_immutable;',
 'DROP TRIGGER IF EXISTS audit_immutable;',
 'DROP TRIGGER IF EXISTS audit_no_delete;',
 'DROP TRIGGER IF EXISTS publication_text_immutable;',
 'DROP TRIGGER IF EXISTS publication_text_no_delete;',
 'DROP TRIGGER IF EXISTS publication_text_gate;',
 'DROP TRIGGER IF EXISTS publication_created_pending;',
 'DROP TRIGGER IF EXISTS publication_transitions;',
 'DROP TRIGGER IF EXISTS publication_no_delete;',
 'DROP TRIGGER IF EXISTS target_segment_edit_voids_hash;']

POSTGRES_CREATE = ['CREATE OR REPLACE FUNCTION segment_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'segments are immutable; save a new revision instead' USING ERRCODE = 'check_violation'; END "
 'IF; RETURN NEW; END $$; CREATE TRIGGER segment_immutable BEFORE UPDATE ON workbench_segment FOR EACH ROW '
 'EXECUTE FUNCTION segment_immutable_fn();',
 'CREATE OR REPLACE FUNCTION segment_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'segments are never deleted' USING ERRCODE = 'check_violation'; END IF; RETURN OLD; END $$; "
 'CREATE TRIGGER segment_no_delete BEFORE DELETE ON workbench_segment FOR EACH ROW EXECUTE FUNCTION '
 'segment_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION revision_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'revisions are immutable; save a new revision instead' USING ERRCODE = 'check_violation'; END "
 'IF; RETURN NEW; END $$; CREATE TRIGGER revision_immutable BEFORE UPDATE ON workbench_revision FOR EACH ROW '
 'EXECUTE FUNCTION revision_immutable_fn();',
 'CREATE OR REPLACE FUNCTION revision_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'revisions are never deleted' USING ERRCODE = 'check_violation'; END IF; RETURN OLD; END $$; "
 'CREATE TRIGGER revision_no_delete BEFORE DELETE ON workbench_revision FOR EACH ROW EXECUTE FUNCTION '
 'revision_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION approval_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'approvals are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; "
 'CREATE TRIGGER approval_immutable BEFORE UPDATE ON review_approval FOR EACH ROW EXECUTE FUNCTION '
 'approval_immutable_fn();',
 'CREATE OR REPLACE FUNCTION approval_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'approvals are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN OLD; END $$; "
 'CREATE TRIGGER approval_no_delete BEFORE DELETE ON review_approval FOR EACH ROW EXECUTE FUNCTION '
 'approval_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION approval_rules_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.decision = '
 "'approved' THEN IF NEW.content_hash <> (SELECT tv.content_hash FROM translations_textversion tv WHERE tv.id = "
 "NEW.text_version_id) THEN RAISE EXCEPTION 'gate: the approval is for content that is no longer the current "
 "text' USING ERRCODE = 'check_violation'; END IF; IF EXISTS (SELECT 1 FROM translations_targetsegment ts WHERE "
 "ts.text_version_id = NEW.text_version_id AND ts.updated_by_id = NEW.reviewer_id) THEN RAISE EXCEPTION 'gate: "
 "nobody approves a text they wrote or edited' USING ERRCODE = 'check_violation'; END IF; IF EXISTS (SELECT 1 "
 'FROM review_approval a WHERE a.text_version_id = NEW.text_version_id AND a.content_hash = NEW.content_hash AND '
 "a.stage <> NEW.stage AND a.decision = 'approved' AND a.reviewer_id = NEW.reviewer_id) THEN RAISE EXCEPTION "
 "'gate: one person cannot give both approvals of one language' USING ERRCODE = 'check_violation'; END IF; END "
 'IF; RETURN NEW; END $$; CREATE TRIGGER approval_rules BEFORE INSERT ON review_approval FOR EACH ROW EXECUTE '
 'FUNCTION approval_rules_fn();',
 'CREATE OR REPLACE FUNCTION override_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'overrides are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; "
 'CREATE TRIGGER override_immutable BEFORE UPDATE ON review_findingoverride FOR EACH ROW EXECUTE FUNCTION '
 'override_immutable_fn();',
 'CREATE OR REPLACE FUNCTION audit_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; "
 'CREATE TRIGGER audit_immutable BEFORE UPDATE ON review_auditevent FOR EACH ROW EXECUTE FUNCTION '
 'audit_immutable_fn();',
 'CREATE OR REPLACE FUNCTION audit_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'check_violation'; END IF; RETURN OLD; END $$; "
 'CREATE TRIGGER audit_no_delete BEFORE DELETE ON review_auditevent FOR EACH ROW EXECUTE FUNCTION '
 'audit_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION publication_text_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = '
 "1 THEN RAISE EXCEPTION 'published texts are immutable' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; "
 'END $$; CREATE TRIGGER publication_text_immutable BEFORE UPDATE ON review_publicationtext FOR EACH ROW EXECUTE '
 'FUNCTION publication_text_immutable_fn();',
 'CREATE OR REPLACE FUNCTION publication_text_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = '
 "1 THEN RAISE EXCEPTION 'published texts are immutable' USING ERRCODE = 'check_violation'; END IF; RETURN OLD; "
 'END $$; CREATE TRIGGER publication_text_no_delete BEFORE DELETE ON review_publicationtext FOR EACH ROW EXECUTE '
 'FUNCTION publication_text_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION publication_text_gate_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF (SELECT '
 "p.state FROM review_publication p WHERE p.id = NEW.publication_id) <> 'pending' THEN RAISE EXCEPTION 'gate: "
 "texts can only be attached to a pending publication' USING ERRCODE = 'check_violation'; END IF; IF (SELECT "
 'tv.revision_id FROM translations_textversion tv WHERE tv.id = NEW.text_version_id) <> (SELECT p.revision_id '
 "FROM review_publication p WHERE p.id = NEW.publication_id) THEN RAISE EXCEPTION 'gate: the text belongs to "
 "another revision' USING ERRCODE = 'check_violation'; END IF; IF (SELECT tv.language_id FROM "
 "translations_textversion tv WHERE tv.id = NEW.text_version_id) <> NEW.language_id THEN RAISE EXCEPTION 'gate: "
 "the text is in another language' USING ERRCODE = 'check_violation'; END IF; IF NEW.content_hash = '' OR "
 'NEW.content_hash <> (SELECT tv.content_hash FROM translations_textversion tv WHERE tv.id = NEW.text_version_id) '
 "THEN RAISE EXCEPTION 'gate: the text changed since it was approved' USING ERRCODE = 'check_violation'; END IF; "
 'IF EXISTS (SELECT 1 FROM translations_targetsegment ts WHERE ts.text_version_id = NEW.text_version_id AND '
 "ts.text = '') THEN RAISE EXCEPTION 'gate: the text has untranslated segments' USING ERRCODE = "
 "'check_violation'; END IF; IF NOT EXISTS (SELECT 1 FROM review_approval a WHERE a.id = NEW.native_approval_id "
 "AND a.text_version_id = NEW.text_version_id AND a.stage = 'native' AND a.decision = 'approved' AND "
 "a.content_hash = NEW.content_hash) THEN RAISE EXCEPTION 'gate: no native-speaker approval for this exact text' "
 "USING ERRCODE = 'check_violation'; END IF; IF NOT EXISTS (SELECT 1 FROM review_approval a WHERE a.id = "
 "NEW.clinical_approval_id AND a.text_version_id = NEW.text_version_id AND a.stage = 'clinical' AND a.decision = "
 "'approved' AND a.content_hash = NEW.content_hash) THEN RAISE EXCEPTION 'gate: no clinician approval for this "
 "exact text' USING ERRCODE = 'check_violation'; END IF; IF EXISTS (SELECT 1 FROM review_approval a WHERE "
 'a.text_version_id = NEW.text_version_id AND a.content_hash = NEW.content_hash AND a.decision = '
 "'changes_requested' AND ((a.stage = 'native' AND a.id > NEW.native_approval_id) OR (a.stage = 'clinical' AND "
 "a.id > NEW.clinical_approval_id))) THEN RAISE EXCEPTION 'gate: changes were requested after the approval' USING "
 "ERRCODE = 'check_violation'; END IF; IF (SELECT a.reviewer_id FROM review_approval a WHERE a.id = "
 'NEW.native_approval_id) = (SELECT a.reviewer_id FROM review_approval a WHERE a.id = NEW.clinical_approval_id) '
 "THEN RAISE EXCEPTION 'gate: one person cannot give both approvals of one language' USING ERRCODE = "
 "'check_violation'; END IF; RETURN NEW; END $$; CREATE TRIGGER publication_text_gate BEFORE INSERT ON "
 'review_publicationtext FOR EACH ROW EXECUTE FUNCTION publication_text_gate_fn();',
 'CREATE OR REPLACE FUNCTION publication_created_pending_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
 "NEW.state <> 'pending' THEN RAISE EXCEPTION 'gate: a publication starts pending and goes live through the gate' "
 "USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; CREATE TRIGGER publication_created_pending "
 'BEFORE INSERT ON review_publication FOR EACH ROW EXECUTE FUNCTION publication_created_pending_fn();',
 'CREATE OR REPLACE FUNCTION publication_transitions_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
 'NEW.leaflet_id <> OLD.leaflet_id OR NEW.revision_id <> OLD.revision_id OR NEW.published_by_id <> '
 "OLD.published_by_id THEN RAISE EXCEPTION 'publications are immutable' USING ERRCODE = 'check_violation'; END "
 "IF; IF NOT ((OLD.state = NEW.state) OR (OLD.state = 'pending' AND NEW.state = 'live') OR (OLD.state = 'live' "
 "AND NEW.state = 'withdrawn')) THEN RAISE EXCEPTION 'gate: a publication goes pending → live → withdrawn only' "
 "USING ERRCODE = 'check_violation'; END IF; IF OLD.state = 'pending' AND NEW.state = 'live' AND NEW.revision_id "
 'IS DISTINCT FROM (SELECT l.current_revision_id FROM workbench_leaflet l WHERE l.id = NEW.leaflet_id) THEN RAISE '
 "EXCEPTION 'gate: only the leaflet''s current revision can be published' USING ERRCODE = 'check_violation'; END "
 "IF; IF OLD.state = 'pending' AND NEW.state = 'live' AND EXISTS (SELECT 1 FROM workbench_leafletlanguage ll "
 'WHERE ll.leaflet_id = NEW.leaflet_id AND NOT EXISTS (SELECT 1 FROM review_publicationtext pt WHERE '
 "pt.publication_id = NEW.id AND pt.language_id = ll.language_id)) THEN RAISE EXCEPTION 'gate: a required "
 "language has no approved text in this publication' USING ERRCODE = 'check_violation'; END IF; IF OLD.state = "
 "'pending' AND NEW.state = 'live' AND EXISTS (SELECT 1 FROM review_publicationtext pt JOIN "
 'translations_textversion tv ON tv.id = pt.text_version_id WHERE pt.publication_id = NEW.id AND tv.content_hash '
 "<> pt.content_hash) THEN RAISE EXCEPTION 'gate: a text changed while it was being published' USING ERRCODE = "
 "'check_violation'; END IF; RETURN NEW; END $$; CREATE TRIGGER publication_transitions BEFORE UPDATE ON "
 'review_publication FOR EACH ROW EXECUTE FUNCTION publication_transitions_fn();',
 'CREATE OR REPLACE FUNCTION publication_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 '
 "THEN RAISE EXCEPTION 'publications are never deleted; withdraw instead' USING ERRCODE = 'check_violation'; END "
 'IF; RETURN OLD; END $$; CREATE TRIGGER publication_no_delete BEFORE DELETE ON review_publication FOR EACH ROW '
 'EXECUTE FUNCTION publication_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION target_segment_edit_voids_hash_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
 "OLD.text IS DISTINCT FROM NEW.text THEN UPDATE translations_textversion SET content_hash = '' WHERE id = "
 'NEW.text_version_id; END IF; RETURN NEW; END $$; CREATE TRIGGER target_segment_edit_voids_hash AFTER UPDATE OF '
 'text ON translations_targetsegment FOR EACH ROW EXECUTE FUNCTION target_segment_edit_voids_hash_fn();']

POSTGRES_DROP = ['DROP TRIGGER IF EXISTS segment_immutable ON workbench_segment; DROP FUNCTION IF EXISTS segment_immutable_fn();',
 'DROP TRIGGER IF EXISTS segment_no_delete ON workbench_segment; DROP FUNCTION IF EXISTS segment_no_delete_fn();',
 'DROP TRIGGER IF EXISTS revision_immutable ON workbench_revision; DROP FUNCTION IF EXISTS '
 'revision_immutable_fn();',
 'DROP TRIGGER IF EXISTS revision_no_delete ON workbench_revision; DROP FUNCTION IF EXISTS '
 'revision_no_delete_fn();',
 'DROP TRIGGER IF EXISTS approval_immutable ON review_approval; DROP FUNCTION IF EXISTS approval_immutable_fn();',
 'DROP TRIGGER IF EXISTS approval_no_delete ON review_approval; DROP FUNCTION IF EXISTS approval_no_delete_fn();',
 'DROP TRIGGER IF EXISTS approval_rules ON review_approval; DROP FUNCTION IF EXISTS approval_rules_fn();',
 'DROP TRIGGER IF EXISTS override_immutable ON review_findingoverride; DROP FUNCTION IF EXISTS '
 'override_immutable_fn();',
 'DROP TRIGGER IF EXISTS audit_immutable ON review_auditevent; DROP FUNCTION IF EXISTS audit_immutable_fn();',
 'DROP TRIGGER IF EXISTS audit_no_delete ON review_auditevent; DROP FUNCTION IF EXISTS audit_no_delete_fn();',
 'DROP TRIGGER IF EXISTS publication_text_immutable ON review_publicationtext; DROP FUNCTION IF EXISTS '
 'publication_text_immutable_fn();',
 'DROP TRIGGER IF EXISTS publication_text_no_delete ON review_publicationtext; DROP FUNCTION IF EXISTS '
 'publication_text_no_delete_fn();',
 'DROP TRIGGER IF EXISTS publication_text_gate ON review_publicationtext; DROP FUNCTION IF EXISTS '
 'publication_text_gate_fn();',
 'DROP TRIGGER IF EXISTS publication_created_pending ON review_publication; DROP FUNCTION IF EXISTS '
 'publication_created_pending_fn();',
 'DROP TRIGGER IF EXISTS publication_transitions ON review_publication; DROP FUNCTION IF EXISTS '
 'publication_transitions_fn();',
 'DROP TRIGGER IF EXISTS publication_no_delete ON review_publication; DROP FUNCTION IF EXISTS '
 'publication_no_delete_fn();',
 'DROP TRIGGER IF EXISTS target_segment_edit_voids_hash ON translations_targetsegment; DROP FUNCTION IF EXISTS '
 'target_segment_edit_voids_hash_fn();']


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_CREATE if vendor == "sqlite" else POSTGRES_CREATE:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("translations", "0001_initial"),
        ("workbench", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
