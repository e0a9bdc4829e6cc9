"""Source passages are append-only (issue 18).

The whole rule set, frozen as `python -m review.db_rules` rendered it: the
rules of 0009 plus `passage_immutable/_no_delete`. A passage is the evidence a
clinician is shown beside the sentence that cites it; a new version of a
source adds passages, and nothing, not a shell or raw SQL, rewrites one.
(The full-text index's own triggers on the same table, workbench 0012, are
not rules and are left alone.)
"""

import importlib

from django.db import migrations

_0009 = importlib.import_module("review.migrations.0009_forward_versions_kept")

SQLITE_CREATE = ['CREATE TRIGGER segment_immutable BEFORE UPDATE ON workbench_segment FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'segments are immutable; save a new revision instead') WHERE 1 = 1; END;",
 'CREATE TRIGGER segment_no_delete BEFORE DELETE ON workbench_segment FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'segments are never deleted') WHERE 1 = 1; END;",
 'CREATE TRIGGER revision_immutable BEFORE UPDATE ON workbench_revision FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'revisions are immutable; save a new revision instead') WHERE 1 = 1; END;",
 'CREATE TRIGGER revision_no_delete BEFORE DELETE ON workbench_revision FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'revisions are never deleted') WHERE 1 = 1; END;",
 'CREATE TRIGGER leaflet_language_immutable BEFORE UPDATE ON workbench_leafletlanguage FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'a leaflet''s required languages are never changed in place') WHERE 1 = 1; END;",
 'CREATE TRIGGER leaflet_language_no_delete BEFORE DELETE ON workbench_leafletlanguage FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'gate: a required language is never removed from a leaflet') WHERE 1 = 1; END;",
 'CREATE TRIGGER leaflet_current_revision BEFORE UPDATE ON workbench_leaflet FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'a leaflet''s current revision must be one of its own') WHERE NEW.current_revision_id IS NOT NULL "
 'AND NOT EXISTS (SELECT 1 FROM workbench_revision r WHERE r.id = NEW.current_revision_id AND r.leaflet_id = '
 "NEW.id); SELECT RAISE(ABORT, 'gate: a leaflet never goes back to an older revision; save it again as a new "
 "one') WHERE OLD.current_revision_id IS NOT NULL AND (NEW.current_revision_id IS NULL OR (SELECT r.number FROM "
 'workbench_revision r WHERE r.id = NEW.current_revision_id) < (SELECT r.number FROM workbench_revision r WHERE '
 "r.id = OLD.current_revision_id)); SELECT RAISE(ABORT, 'a leaflet''s source language never changes') WHERE "
 'NEW.source_language_id IS DISTINCT FROM OLD.source_language_id; END;',
 'CREATE TRIGGER text_version_rules BEFORE UPDATE ON translations_textversion FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'gate: a text''s edit generation never goes back (approvals of earlier edits stay withdrawn)') "
 "WHERE NEW.edit_generation < OLD.edit_generation; SELECT RAISE(ABORT, 'a text version never moves to another "
 "revision or language') WHERE NEW.revision_id IS DISTINCT FROM OLD.revision_id OR NEW.language_id IS DISTINCT "
 'FROM OLD.language_id OR NEW.is_source IS DISTINCT FROM OLD.is_source; END;',
 'CREATE TRIGGER text_version_no_delete BEFORE DELETE ON translations_textversion FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'texts are never deleted') WHERE 1 = 1; END;",
 'CREATE TRIGGER target_segment_stays BEFORE UPDATE ON translations_targetsegment FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'a segment never moves to another text') WHERE NEW.text_version_id IS DISTINCT FROM "
 'OLD.text_version_id; END;',
 'CREATE TRIGGER target_segment_inserted AFTER INSERT ON translations_targetsegment FOR EACH ROW BEGIN UPDATE '
 "translations_textversion SET edit_generation = edit_generation + 1, content_hash = '' WHERE id = "
 'NEW.text_version_id; INSERT INTO translations_contribution (leaflet_id, language_id, key, user_id) SELECT '
 'r.leaflet_id, tv.language_id, NEW.key, NEW.updated_by_id FROM translations_textversion tv JOIN '
 'workbench_revision r ON r.id = tv.revision_id WHERE tv.id = NEW.text_version_id AND NEW.updated_by_id IS NOT '
 'NULL ON CONFLICT DO NOTHING; END;',
 'CREATE TRIGGER target_segment_changed AFTER UPDATE ON translations_targetsegment FOR EACH ROW WHEN OLD.text IS '
 'DISTINCT FROM NEW.text OR OLD.position IS DISTINCT FROM NEW.position OR OLD.key IS DISTINCT FROM NEW.key OR '
 'OLD.source_segment_id IS DISTINCT FROM NEW.source_segment_id BEGIN UPDATE translations_textversion SET '
 "edit_generation = edit_generation + 1, content_hash = '' WHERE id = NEW.text_version_id; END;",
 'CREATE TRIGGER target_segment_editor_recorded AFTER UPDATE ON translations_targetsegment FOR EACH ROW WHEN '
 'NEW.updated_by_id IS NOT NULL AND (OLD.updated_by_id IS DISTINCT FROM NEW.updated_by_id OR OLD.text IS DISTINCT '
 'FROM NEW.text) BEGIN INSERT INTO translations_contribution (leaflet_id, language_id, key, user_id) SELECT '
 'r.leaflet_id, tv.language_id, NEW.key, NEW.updated_by_id FROM translations_textversion tv JOIN '
 'workbench_revision r ON r.id = tv.revision_id WHERE tv.id = NEW.text_version_id AND NEW.updated_by_id IS NOT '
 'NULL ON CONFLICT DO NOTHING; END;',
 'CREATE TRIGGER target_segment_deleted AFTER DELETE ON translations_targetsegment FOR EACH ROW BEGIN UPDATE '
 "translations_textversion SET edit_generation = edit_generation + 1, content_hash = '' WHERE id = "
 'OLD.text_version_id; END;',
 'CREATE TRIGGER contribution_immutable BEFORE UPDATE ON translations_contribution FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'the record of who wrote what is append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER contribution_no_delete BEFORE DELETE ON translations_contribution FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'the record of who wrote what is append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER forward_translation_immutable BEFORE UPDATE ON translations_forwardtranslation FOR EACH ROW '
 "BEGIN SELECT RAISE(ABORT, 'forward translations are append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER forward_translation_no_delete BEFORE DELETE ON translations_forwardtranslation FOR EACH ROW '
 "BEGIN SELECT RAISE(ABORT, 'forward translations are append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER reconciliation_immutable BEFORE UPDATE ON translations_reconciliation FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'reconciliation choices are append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER reconciliation_no_delete BEFORE DELETE ON translations_reconciliation FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'reconciliation choices are append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER passage_immutable BEFORE UPDATE ON workbench_passage FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'source passages are append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER passage_no_delete BEFORE DELETE ON workbench_passage FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'source passages are append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER approval_immutable BEFORE UPDATE ON review_approval FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'decisions are append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER approval_no_delete BEFORE DELETE ON review_approval FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'decisions are append-only') WHERE 1 = 1; END;",
 "CREATE TRIGGER approval_rules BEFORE INSERT ON review_approval FOR EACH ROW WHEN NEW.decision = 'approved' "
 "BEGIN SELECT RAISE(ABORT, 'gate: the approval is for content that is no longer the current text') WHERE (SELECT "
 "tv.content_hash FROM translations_textversion tv WHERE tv.id = NEW.text_version_id) = '' OR NEW.content_hash <> "
 '(SELECT tv.content_hash FROM translations_textversion tv WHERE tv.id = NEW.text_version_id); SELECT '
 "RAISE(ABORT, 'gate: the approval is for an earlier edit of the text; edits withdraw approvals for good') WHERE "
 'NEW.generation <> (SELECT tv.edit_generation FROM translations_textversion tv WHERE tv.id = '
 "NEW.text_version_id); SELECT RAISE(ABORT, 'gate: only the text of the leaflet''s current revision can be "
 "approved') WHERE NOT EXISTS (SELECT 1 FROM translations_textversion tv JOIN workbench_leaflet l ON "
 "l.current_revision_id = tv.revision_id WHERE tv.id = NEW.text_version_id); SELECT RAISE(ABORT, 'gate: the "
 "reviewer has no review right for this language and stage') WHERE NOT (EXISTS (SELECT 1 FROM auth_user u WHERE "
 'u.id = NEW.reviewer_id AND u.is_active) AND (EXISTS (SELECT 1 FROM review_languageuserobjectpermission up JOIN '
 'auth_permission p ON p.id = up.permission_id JOIN django_content_type ct ON ct.id = p.content_type_id AND '
 "ct.app_label = 'workbench' AND ct.model = 'language' WHERE up.user_id = NEW.reviewer_id AND p.codename = "
 "'review_' || NEW.stage AND up.content_object_id = (SELECT tv.language_id FROM translations_textversion tv WHERE "
 'tv.id = NEW.text_version_id)) OR EXISTS (SELECT 1 FROM review_languagegroupobjectpermission gp JOIN '
 'auth_permission p ON p.id = gp.permission_id JOIN django_content_type ct ON ct.id = p.content_type_id AND '
 "ct.app_label = 'workbench' AND ct.model = 'language' JOIN auth_user_groups ug ON ug.group_id = gp.group_id "
 "WHERE ug.user_id = NEW.reviewer_id AND p.codename = 'review_' || NEW.stage AND gp.content_object_id = (SELECT "
 'tv.language_id FROM translations_textversion tv WHERE tv.id = NEW.text_version_id)))); SELECT RAISE(ABORT, '
 "'gate: nobody approves a text they wrote or edited') WHERE EXISTS (SELECT 1 FROM translations_targetsegment ts "
 'WHERE ts.text_version_id = NEW.text_version_id AND ts.updated_by_id = NEW.reviewer_id) OR EXISTS (SELECT 1 FROM '
 'translations_contribution c JOIN translations_textversion tv ON tv.id = NEW.text_version_id JOIN '
 'workbench_revision r ON r.id = tv.revision_id JOIN translations_targetsegment ts ON ts.text_version_id = tv.id '
 'AND ts.key = c.key WHERE c.user_id = NEW.reviewer_id AND c.leaflet_id = r.leaflet_id AND c.language_id = '
 "tv.language_id); SELECT RAISE(ABORT, 'gate: one person cannot give both approvals of one language') WHERE "
 'EXISTS (SELECT 1 FROM review_approval a WHERE a.text_version_id = NEW.text_version_id AND a.generation = '
 "NEW.generation AND a.stage <> NEW.stage AND a.decision = 'approved' AND a.reviewer_id = NEW.reviewer_id); "
 "SELECT RAISE(ABORT, 'gate: changes were requested and the request is still open') WHERE EXISTS (SELECT 1 FROM "
 "review_approval cr WHERE cr.text_version_id = NEW.text_version_id AND cr.decision = 'changes_requested' AND "
 'cr.generation = NEW.generation AND NOT EXISTS (SELECT 1 FROM review_approval w WHERE w.withdraws_id = cr.id)); '
 "SELECT RAISE(ABORT, 'gate: the text has untranslated segments') WHERE EXISTS (SELECT 1 FROM "
 "translations_targetsegment ts WHERE ts.text_version_id = NEW.text_version_id AND TRIM(ts.text) = ''); SELECT "
 "RAISE(ABORT, 'gate: a translation job for the text is still running') WHERE EXISTS (SELECT 1 FROM "
 "translations_job j WHERE j.text_version_id = NEW.text_version_id AND j.state IN ('queued', 'running')); END;",
 'CREATE TRIGGER approval_change_request_rules BEFORE INSERT ON review_approval FOR EACH ROW WHEN NEW.decision = '
 "'changes_requested' BEGIN SELECT RAISE(ABORT, 'gate: changes can only be requested on the current text') WHERE "
 'NEW.generation <> (SELECT tv.edit_generation FROM translations_textversion tv WHERE tv.id = '
 'NEW.text_version_id) OR NEW.content_hash <> (SELECT tv.content_hash FROM translations_textversion tv WHERE '
 "tv.id = NEW.text_version_id); SELECT RAISE(ABORT, 'gate: the reviewer has no review right for this language and "
 "stage') WHERE NOT (EXISTS (SELECT 1 FROM auth_user u WHERE u.id = NEW.reviewer_id AND u.is_active) AND (EXISTS "
 '(SELECT 1 FROM review_languageuserobjectpermission up JOIN auth_permission p ON p.id = up.permission_id JOIN '
 "django_content_type ct ON ct.id = p.content_type_id AND ct.app_label = 'workbench' AND ct.model = 'language' "
 "WHERE up.user_id = NEW.reviewer_id AND p.codename = 'review_' || NEW.stage AND up.content_object_id = (SELECT "
 'tv.language_id FROM translations_textversion tv WHERE tv.id = NEW.text_version_id)) OR EXISTS (SELECT 1 FROM '
 'review_languagegroupobjectpermission gp JOIN auth_permission p ON p.id = gp.permission_id JOIN '
 "django_content_type ct ON ct.id = p.content_type_id AND ct.app_label = 'workbench' AND ct.model = 'language' "
 'JOIN auth_user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = NEW.reviewer_id AND p.codename = '
 "'review_' || NEW.stage AND gp.content_object_id = (SELECT tv.language_id FROM translations_textversion tv WHERE "
 'tv.id = NEW.text_version_id)))); END;',
 'CREATE TRIGGER approval_withdrawal_rules BEFORE INSERT ON review_approval FOR EACH ROW WHEN NEW.decision = '
 "'request_withdrawn' BEGIN SELECT RAISE(ABORT, 'gate: only the reviewer who requested changes can withdraw the "
 "request') WHERE NOT EXISTS (SELECT 1 FROM review_approval cr WHERE cr.id = NEW.withdraws_id AND cr.decision = "
 "'changes_requested' AND cr.text_version_id = NEW.text_version_id AND cr.reviewer_id = NEW.reviewer_id AND "
 'cr.stage = NEW.stage); END;',
 'CREATE TRIGGER override_immutable BEFORE UPDATE ON review_findingoverride FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'overrides are append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER override_no_delete BEFORE DELETE ON review_findingoverride FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'overrides are append-only') WHERE 1 = 1; END;",
 "CREATE TRIGGER audit_immutable BEFORE UPDATE ON review_auditevent FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'the "
 "audit trail is append-only') WHERE 1 = 1; END;",
 "CREATE TRIGGER audit_no_delete BEFORE DELETE ON review_auditevent FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'the "
 "audit trail is append-only') WHERE 1 = 1; END;",
 'CREATE TRIGGER publication_text_immutable BEFORE UPDATE ON review_publicationtext FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'published texts are immutable') WHERE 1 = 1; END;",
 'CREATE TRIGGER publication_text_no_delete BEFORE DELETE ON review_publicationtext FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'published texts are immutable') WHERE 1 = 1; END;",
 'CREATE TRIGGER publication_text_gate BEFORE INSERT ON review_publicationtext FOR EACH ROW BEGIN SELECT '
 "RAISE(ABORT, 'gate: texts can only be attached to a pending publication') WHERE (SELECT p.state FROM "
 "review_publication p WHERE p.id = NEW.publication_id) <> 'pending'; SELECT RAISE(ABORT, 'gate: the text belongs "
 "to another revision') WHERE (SELECT tv.revision_id FROM translations_textversion tv WHERE tv.id = "
 'NEW.text_version_id) <> (SELECT p.revision_id FROM review_publication p WHERE p.id = NEW.publication_id); '
 "SELECT RAISE(ABORT, 'gate: the text is in another language') WHERE (SELECT tv.language_id FROM "
 "translations_textversion tv WHERE tv.id = NEW.text_version_id) <> NEW.language_id; SELECT RAISE(ABORT, 'gate: "
 "the text changed since it was approved') WHERE NEW.content_hash = '' OR NEW.content_hash <> (SELECT "
 'tv.content_hash FROM translations_textversion tv WHERE tv.id = NEW.text_version_id) OR NEW.edit_generation <> '
 '(SELECT tv.edit_generation FROM translations_textversion tv WHERE tv.id = NEW.text_version_id); SELECT '
 "RAISE(ABORT, 'gate: the text has untranslated segments') WHERE EXISTS (SELECT 1 FROM translations_targetsegment "
 "ts WHERE ts.text_version_id = NEW.text_version_id AND TRIM(ts.text) = ''); SELECT RAISE(ABORT, 'gate: no "
 "native-speaker approval for this exact text') WHERE NOT EXISTS (SELECT 1 FROM review_approval a WHERE a.id = "
 "NEW.native_approval_id AND a.text_version_id = NEW.text_version_id AND a.stage = 'native' AND a.decision = "
 "'approved' AND a.content_hash = NEW.content_hash AND a.generation = NEW.edit_generation); SELECT RAISE(ABORT, "
 "'gate: no clinician approval for this exact text') WHERE NOT EXISTS (SELECT 1 FROM review_approval a WHERE a.id "
 "= NEW.clinical_approval_id AND a.text_version_id = NEW.text_version_id AND a.stage = 'clinical' AND a.decision "
 "= 'approved' AND a.content_hash = NEW.content_hash AND a.generation = NEW.edit_generation); SELECT RAISE(ABORT, "
 "'gate: changes were requested and the request is still open') WHERE EXISTS (SELECT 1 FROM review_approval cr "
 "WHERE cr.text_version_id = NEW.text_version_id AND cr.decision = 'changes_requested' AND cr.generation = "
 'NEW.edit_generation AND NOT EXISTS (SELECT 1 FROM review_approval w WHERE w.withdraws_id = cr.id)); SELECT '
 "RAISE(ABORT, 'gate: one person cannot give both approvals of one language') WHERE (SELECT a.reviewer_id FROM "
 'review_approval a WHERE a.id = NEW.native_approval_id) = (SELECT a.reviewer_id FROM review_approval a WHERE '
 "a.id = NEW.clinical_approval_id); SELECT RAISE(ABORT, 'gate: a translation job for the text is still running') "
 'WHERE EXISTS (SELECT 1 FROM translations_job j WHERE j.text_version_id = NEW.text_version_id AND j.state IN '
 "('queued', 'running')); END;",
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
 'translations_textversion tv ON tv.id = pt.text_version_id WHERE pt.publication_id = NEW.id AND (tv.content_hash '
 "<> pt.content_hash OR tv.edit_generation <> pt.edit_generation)); SELECT RAISE(ABORT, 'gate: a translation job "
 "for the text is still running') WHERE OLD.state = 'pending' AND NEW.state = 'live' AND EXISTS (SELECT 1 FROM "
 'review_publicationtext pt JOIN translations_job j ON j.text_version_id = pt.text_version_id WHERE '
 "pt.publication_id = NEW.id AND j.state IN ('queued', 'running')); END;",
 'CREATE TRIGGER publication_no_delete BEFORE DELETE ON review_publication FOR EACH ROW BEGIN SELECT RAISE(ABORT, '
 "'publications are never deleted; withdraw instead') WHERE 1 = 1; END;"]

SQLITE_DROP = ['DROP TRIGGER IF EXISTS segment_immutable;',
 'DROP TRIGGER IF EXISTS segment_no_delete;',
 'DROP TRIGGER IF EXISTS revision_immutable;',
 'DROP TRIGGER IF EXISTS revision_no_delete;',
 'DROP TRIGGER IF EXISTS leaflet_language_immutable;',
 'DROP TRIGGER IF EXISTS leaflet_language_no_delete;',
 'DROP TRIGGER IF EXISTS leaflet_current_revision;',
 'DROP TRIGGER IF EXISTS text_version_rules;',
 'DROP TRIGGER IF EXISTS text_version_no_delete;',
 'DROP TRIGGER IF EXISTS target_segment_stays;',
 'DROP TRIGGER IF EXISTS target_segment_inserted;',
 'DROP TRIGGER IF EXISTS target_segment_changed;',
 'DROP TRIGGER IF EXISTS target_segment_editor_recorded;',
 'DROP TRIGGER IF EXISTS target_segment_deleted;',
 'DROP TRIGGER IF EXISTS contribution_immutable;',
 'DROP TRIGGER IF EXISTS contribution_no_delete;',
 'DROP TRIGGER IF EXISTS forward_translation_immutable;',
 'DROP TRIGGER IF EXISTS forward_translation_no_delete;',
 'DROP TRIGGER IF EXISTS reconciliation_immutable;',
 'DROP TRIGGER IF EXISTS reconciliation_no_delete;',
 'DROP TRIGGER IF EXISTS passage_immutable;',
 'DROP TRIGGER IF EXISTS passage_no_delete;',
 'DROP TRIGGER IF EXISTS approval_immutable;',
 'DROP TRIGGER IF EXISTS approval_no_delete;',
 'DROP TRIGGER IF EXISTS approval_rules;',
 'DROP TRIGGER IF EXISTS approval_change_request_rules;',
 'DROP TRIGGER IF EXISTS approval_withdrawal_rules;',
 'DROP TRIGGER IF EXISTS override_immutable;',
 'DROP TRIGGER IF EXISTS override_no_delete;',
 'DROP TRIGGER IF EXISTS audit_immutable;',
 'DROP TRIGGER IF EXISTS audit_no_delete;',
 'DROP TRIGGER IF EXISTS publication_text_immutable;',
 'DROP TRIGGER IF EXISTS publication_text_no_delete;',
 'DROP TRIGGER IF EXISTS publication_text_gate;',
 'DROP TRIGGER IF EXISTS publication_created_pending;',
 'DROP TRIGGER IF EXISTS publication_transitions;',
 'DROP TRIGGER IF EXISTS publication_no_delete;']

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
 'CREATE OR REPLACE FUNCTION leaflet_language_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = '
 "1 THEN RAISE EXCEPTION 'a leaflet''s required languages are never changed in place' USING ERRCODE = "
 "'check_violation'; END IF; RETURN NEW; END $$; CREATE TRIGGER leaflet_language_immutable BEFORE UPDATE ON "
 'workbench_leafletlanguage FOR EACH ROW EXECUTE FUNCTION leaflet_language_immutable_fn();',
 'CREATE OR REPLACE FUNCTION leaflet_language_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = '
 "1 THEN RAISE EXCEPTION 'gate: a required language is never removed from a leaflet' USING ERRCODE = "
 "'check_violation'; END IF; RETURN OLD; END $$; CREATE TRIGGER leaflet_language_no_delete BEFORE DELETE ON "
 'workbench_leafletlanguage FOR EACH ROW EXECUTE FUNCTION leaflet_language_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION leaflet_current_revision_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
 'NEW.current_revision_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM workbench_revision r WHERE r.id = '
 "NEW.current_revision_id AND r.leaflet_id = NEW.id) THEN RAISE EXCEPTION 'a leaflet''s current revision must be "
 "one of its own' USING ERRCODE = 'check_violation'; END IF; IF OLD.current_revision_id IS NOT NULL AND "
 '(NEW.current_revision_id IS NULL OR (SELECT r.number FROM workbench_revision r WHERE r.id = '
 'NEW.current_revision_id) < (SELECT r.number FROM workbench_revision r WHERE r.id = OLD.current_revision_id)) '
 "THEN RAISE EXCEPTION 'gate: a leaflet never goes back to an older revision; save it again as a new one' USING "
 "ERRCODE = 'check_violation'; END IF; IF NEW.source_language_id IS DISTINCT FROM OLD.source_language_id THEN "
 "RAISE EXCEPTION 'a leaflet''s source language never changes' USING ERRCODE = 'check_violation'; END IF; RETURN "
 'NEW; END $$; CREATE TRIGGER leaflet_current_revision BEFORE UPDATE ON workbench_leaflet FOR EACH ROW EXECUTE '
 'FUNCTION leaflet_current_revision_fn();',
 'CREATE OR REPLACE FUNCTION text_version_rules_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
 "NEW.edit_generation < OLD.edit_generation THEN RAISE EXCEPTION 'gate: a text''s edit generation never goes back "
 "(approvals of earlier edits stay withdrawn)' USING ERRCODE = 'check_violation'; END IF; IF NEW.revision_id IS "
 'DISTINCT FROM OLD.revision_id OR NEW.language_id IS DISTINCT FROM OLD.language_id OR NEW.is_source IS DISTINCT '
 "FROM OLD.is_source THEN RAISE EXCEPTION 'a text version never moves to another revision or language' USING "
 "ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; CREATE TRIGGER text_version_rules BEFORE UPDATE ON "
 'translations_textversion FOR EACH ROW EXECUTE FUNCTION text_version_rules_fn();',
 'CREATE OR REPLACE FUNCTION text_version_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 '
 "THEN RAISE EXCEPTION 'texts are never deleted' USING ERRCODE = 'check_violation'; END IF; RETURN OLD; END $$; "
 'CREATE TRIGGER text_version_no_delete BEFORE DELETE ON translations_textversion FOR EACH ROW EXECUTE FUNCTION '
 'text_version_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION target_segment_stays_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
 "NEW.text_version_id IS DISTINCT FROM OLD.text_version_id THEN RAISE EXCEPTION 'a segment never moves to another "
 "text' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; CREATE TRIGGER target_segment_stays BEFORE "
 'UPDATE ON translations_targetsegment FOR EACH ROW EXECUTE FUNCTION target_segment_stays_fn();',
 'CREATE OR REPLACE FUNCTION target_segment_inserted_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE '
 "translations_textversion SET edit_generation = edit_generation + 1, content_hash = '' WHERE id = "
 'NEW.text_version_id; INSERT INTO translations_contribution (leaflet_id, language_id, key, user_id) SELECT '
 'r.leaflet_id, tv.language_id, NEW.key, NEW.updated_by_id FROM translations_textversion tv JOIN '
 'workbench_revision r ON r.id = tv.revision_id WHERE tv.id = NEW.text_version_id AND NEW.updated_by_id IS NOT '
 'NULL ON CONFLICT DO NOTHING; RETURN NEW; END $$; CREATE TRIGGER target_segment_inserted AFTER INSERT ON '
 'translations_targetsegment FOR EACH ROW EXECUTE FUNCTION target_segment_inserted_fn();',
 'CREATE OR REPLACE FUNCTION target_segment_changed_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.text '
 'IS DISTINCT FROM NEW.text OR OLD.position IS DISTINCT FROM NEW.position OR OLD.key IS DISTINCT FROM NEW.key OR '
 'OLD.source_segment_id IS DISTINCT FROM NEW.source_segment_id THEN UPDATE translations_textversion SET '
 "edit_generation = edit_generation + 1, content_hash = '' WHERE id = NEW.text_version_id; END IF; RETURN NEW; "
 'END $$; CREATE TRIGGER target_segment_changed AFTER UPDATE ON translations_targetsegment FOR EACH ROW EXECUTE '
 'FUNCTION target_segment_changed_fn();',
 'CREATE OR REPLACE FUNCTION target_segment_editor_recorded_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
 'NEW.updated_by_id IS NOT NULL AND (OLD.updated_by_id IS DISTINCT FROM NEW.updated_by_id OR OLD.text IS DISTINCT '
 'FROM NEW.text) THEN INSERT INTO translations_contribution (leaflet_id, language_id, key, user_id) SELECT '
 'r.leaflet_id, tv.language_id, NEW.key, NEW.updated_by_id FROM translations_textversion tv JOIN '
 'workbench_revision r ON r.id = tv.revision_id WHERE tv.id = NEW.text_version_id AND NEW.updated_by_id IS NOT '
 'NULL ON CONFLICT DO NOTHING; END IF; RETURN NEW; END $$; CREATE TRIGGER target_segment_editor_recorded AFTER '
 'UPDATE ON translations_targetsegment FOR EACH ROW EXECUTE FUNCTION target_segment_editor_recorded_fn();',
 'CREATE OR REPLACE FUNCTION target_segment_deleted_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE '
 "translations_textversion SET edit_generation = edit_generation + 1, content_hash = '' WHERE id = "
 'OLD.text_version_id; RETURN OLD; END $$; CREATE TRIGGER target_segment_deleted AFTER DELETE ON '
 'translations_targetsegment FOR EACH ROW EXECUTE FUNCTION target_segment_deleted_fn();',
 'CREATE OR REPLACE FUNCTION contribution_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 '
 "THEN RAISE EXCEPTION 'the record of who wrote what is append-only' USING ERRCODE = 'check_violation'; END IF; "
 'RETURN NEW; END $$; CREATE TRIGGER contribution_immutable BEFORE UPDATE ON translations_contribution FOR EACH '
 'ROW EXECUTE FUNCTION contribution_immutable_fn();',
 'CREATE OR REPLACE FUNCTION contribution_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 '
 "THEN RAISE EXCEPTION 'the record of who wrote what is append-only' USING ERRCODE = 'check_violation'; END IF; "
 'RETURN OLD; END $$; CREATE TRIGGER contribution_no_delete BEFORE DELETE ON translations_contribution FOR EACH '
 'ROW EXECUTE FUNCTION contribution_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION forward_translation_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 '
 "= 1 THEN RAISE EXCEPTION 'forward translations are append-only' USING ERRCODE = 'check_violation'; END IF; "
 'RETURN NEW; END $$; CREATE TRIGGER forward_translation_immutable BEFORE UPDATE ON '
 'translations_forwardtranslation FOR EACH ROW EXECUTE FUNCTION forward_translation_immutable_fn();',
 'CREATE OR REPLACE FUNCTION forward_translation_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 '
 "= 1 THEN RAISE EXCEPTION 'forward translations are append-only' USING ERRCODE = 'check_violation'; END IF; "
 'RETURN OLD; END $$; CREATE TRIGGER forward_translation_no_delete BEFORE DELETE ON '
 'translations_forwardtranslation FOR EACH ROW EXECUTE FUNCTION forward_translation_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION reconciliation_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 '
 "THEN RAISE EXCEPTION 'reconciliation choices are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN "
 'NEW; END $$; CREATE TRIGGER reconciliation_immutable BEFORE UPDATE ON translations_reconciliation FOR EACH ROW '
 'EXECUTE FUNCTION reconciliation_immutable_fn();',
 'CREATE OR REPLACE FUNCTION reconciliation_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 '
 "THEN RAISE EXCEPTION 'reconciliation choices are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN "
 'OLD; END $$; CREATE TRIGGER reconciliation_no_delete BEFORE DELETE ON translations_reconciliation FOR EACH ROW '
 'EXECUTE FUNCTION reconciliation_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION passage_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'source passages are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END "
 '$$; CREATE TRIGGER passage_immutable BEFORE UPDATE ON workbench_passage FOR EACH ROW EXECUTE FUNCTION '
 'passage_immutable_fn();',
 'CREATE OR REPLACE FUNCTION passage_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'source passages are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN OLD; END "
 '$$; CREATE TRIGGER passage_no_delete BEFORE DELETE ON workbench_passage FOR EACH ROW EXECUTE FUNCTION '
 'passage_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION approval_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'decisions are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; "
 'CREATE TRIGGER approval_immutable BEFORE UPDATE ON review_approval FOR EACH ROW EXECUTE FUNCTION '
 'approval_immutable_fn();',
 'CREATE OR REPLACE FUNCTION approval_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'decisions are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN OLD; END $$; "
 'CREATE TRIGGER approval_no_delete BEFORE DELETE ON review_approval FOR EACH ROW EXECUTE FUNCTION '
 'approval_no_delete_fn();',
 'CREATE OR REPLACE FUNCTION approval_rules_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.decision = '
 "'approved' THEN IF (SELECT tv.content_hash FROM translations_textversion tv WHERE tv.id = NEW.text_version_id) "
 "= '' OR NEW.content_hash <> (SELECT tv.content_hash FROM translations_textversion tv WHERE tv.id = "
 "NEW.text_version_id) THEN RAISE EXCEPTION 'gate: the approval is for content that is no longer the current "
 "text' USING ERRCODE = 'check_violation'; END IF; IF NEW.generation <> (SELECT tv.edit_generation FROM "
 "translations_textversion tv WHERE tv.id = NEW.text_version_id) THEN RAISE EXCEPTION 'gate: the approval is for "
 "an earlier edit of the text; edits withdraw approvals for good' USING ERRCODE = 'check_violation'; END IF; IF "
 'NOT EXISTS (SELECT 1 FROM translations_textversion tv JOIN workbench_leaflet l ON l.current_revision_id = '
 "tv.revision_id WHERE tv.id = NEW.text_version_id) THEN RAISE EXCEPTION 'gate: only the text of the leaflet''s "
 "current revision can be approved' USING ERRCODE = 'check_violation'; END IF; IF NOT (EXISTS (SELECT 1 FROM "
 'auth_user u WHERE u.id = NEW.reviewer_id AND u.is_active) AND (EXISTS (SELECT 1 FROM '
 'review_languageuserobjectpermission up JOIN auth_permission p ON p.id = up.permission_id JOIN '
 "django_content_type ct ON ct.id = p.content_type_id AND ct.app_label = 'workbench' AND ct.model = 'language' "
 "WHERE up.user_id = NEW.reviewer_id AND p.codename = 'review_' || NEW.stage AND up.content_object_id = (SELECT "
 'tv.language_id FROM translations_textversion tv WHERE tv.id = NEW.text_version_id)) OR EXISTS (SELECT 1 FROM '
 'review_languagegroupobjectpermission gp JOIN auth_permission p ON p.id = gp.permission_id JOIN '
 "django_content_type ct ON ct.id = p.content_type_id AND ct.app_label = 'workbench' AND ct.model = 'language' "
 'JOIN auth_user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = NEW.reviewer_id AND p.codename = '
 "'review_' || NEW.stage AND gp.content_object_id = (SELECT tv.language_id FROM translations_textversion tv WHERE "
 "tv.id = NEW.text_version_id)))) THEN RAISE EXCEPTION 'gate: the reviewer has no review right for this language "
 "and stage' USING ERRCODE = 'check_violation'; END IF; IF EXISTS (SELECT 1 FROM translations_targetsegment ts "
 'WHERE ts.text_version_id = NEW.text_version_id AND ts.updated_by_id = NEW.reviewer_id) OR EXISTS (SELECT 1 FROM '
 'translations_contribution c JOIN translations_textversion tv ON tv.id = NEW.text_version_id JOIN '
 'workbench_revision r ON r.id = tv.revision_id JOIN translations_targetsegment ts ON ts.text_version_id = tv.id '
 'AND ts.key = c.key WHERE c.user_id = NEW.reviewer_id AND c.leaflet_id = r.leaflet_id AND c.language_id = '
 "tv.language_id) THEN RAISE EXCEPTION 'gate: nobody approves a text they wrote or edited' USING ERRCODE = "
 "'check_violation'; END IF; IF EXISTS (SELECT 1 FROM review_approval a WHERE a.text_version_id = "
 "NEW.text_version_id AND a.generation = NEW.generation AND a.stage <> NEW.stage AND a.decision = 'approved' AND "
 "a.reviewer_id = NEW.reviewer_id) THEN RAISE EXCEPTION 'gate: one person cannot give both approvals of one "
 "language' USING ERRCODE = 'check_violation'; END IF; IF EXISTS (SELECT 1 FROM review_approval cr WHERE "
 "cr.text_version_id = NEW.text_version_id AND cr.decision = 'changes_requested' AND cr.generation = "
 'NEW.generation AND NOT EXISTS (SELECT 1 FROM review_approval w WHERE w.withdraws_id = cr.id)) THEN RAISE '
 "EXCEPTION 'gate: changes were requested and the request is still open' USING ERRCODE = 'check_violation'; END "
 'IF; IF EXISTS (SELECT 1 FROM translations_targetsegment ts WHERE ts.text_version_id = NEW.text_version_id AND '
 "TRIM(ts.text) = '') THEN RAISE EXCEPTION 'gate: the text has untranslated segments' USING ERRCODE = "
 "'check_violation'; END IF; IF EXISTS (SELECT 1 FROM translations_job j WHERE j.text_version_id = "
 "NEW.text_version_id AND j.state IN ('queued', 'running')) THEN RAISE EXCEPTION 'gate: a translation job for the "
 "text is still running' USING ERRCODE = 'check_violation'; END IF; END IF; RETURN NEW; END $$; CREATE TRIGGER "
 'approval_rules BEFORE INSERT ON review_approval FOR EACH ROW EXECUTE FUNCTION approval_rules_fn();',
 'CREATE OR REPLACE FUNCTION approval_change_request_rules_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
 "NEW.decision = 'changes_requested' THEN IF NEW.generation <> (SELECT tv.edit_generation FROM "
 'translations_textversion tv WHERE tv.id = NEW.text_version_id) OR NEW.content_hash <> (SELECT tv.content_hash '
 "FROM translations_textversion tv WHERE tv.id = NEW.text_version_id) THEN RAISE EXCEPTION 'gate: changes can "
 "only be requested on the current text' USING ERRCODE = 'check_violation'; END IF; IF NOT (EXISTS (SELECT 1 FROM "
 'auth_user u WHERE u.id = NEW.reviewer_id AND u.is_active) AND (EXISTS (SELECT 1 FROM '
 'review_languageuserobjectpermission up JOIN auth_permission p ON p.id = up.permission_id JOIN '
 "django_content_type ct ON ct.id = p.content_type_id AND ct.app_label = 'workbench' AND ct.model = 'language' "
 "WHERE up.user_id = NEW.reviewer_id AND p.codename = 'review_' || NEW.stage AND up.content_object_id = (SELECT "
 'tv.language_id FROM translations_textversion tv WHERE tv.id = NEW.text_version_id)) OR EXISTS (SELECT 1 FROM '
 'review_languagegroupobjectpermission gp JOIN auth_permission p ON p.id = gp.permission_id JOIN '
 "django_content_type ct ON ct.id = p.content_type_id AND ct.app_label = 'workbench' AND ct.model = 'language' "
 'JOIN auth_user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = NEW.reviewer_id AND p.codename = '
 "'review_' || NEW.stage AND gp.content_object_id = (SELECT tv.language_id FROM translations_textversion tv WHERE "
 "tv.id = NEW.text_version_id)))) THEN RAISE EXCEPTION 'gate: the reviewer has no review right for this language "
 "and stage' USING ERRCODE = 'check_violation'; END IF; END IF; RETURN NEW; END $$; CREATE TRIGGER "
 'approval_change_request_rules BEFORE INSERT ON review_approval FOR EACH ROW EXECUTE FUNCTION '
 'approval_change_request_rules_fn();',
 'CREATE OR REPLACE FUNCTION approval_withdrawal_rules_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF '
 "NEW.decision = 'request_withdrawn' THEN IF NOT EXISTS (SELECT 1 FROM review_approval cr WHERE cr.id = "
 "NEW.withdraws_id AND cr.decision = 'changes_requested' AND cr.text_version_id = NEW.text_version_id AND "
 "cr.reviewer_id = NEW.reviewer_id AND cr.stage = NEW.stage) THEN RAISE EXCEPTION 'gate: only the reviewer who "
 "requested changes can withdraw the request' USING ERRCODE = 'check_violation'; END IF; END IF; RETURN NEW; END "
 '$$; CREATE TRIGGER approval_withdrawal_rules BEFORE INSERT ON review_approval FOR EACH ROW EXECUTE FUNCTION '
 'approval_withdrawal_rules_fn();',
 'CREATE OR REPLACE FUNCTION override_immutable_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'overrides are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; "
 'CREATE TRIGGER override_immutable BEFORE UPDATE ON review_findingoverride FOR EACH ROW EXECUTE FUNCTION '
 'override_immutable_fn();',
 'CREATE OR REPLACE FUNCTION override_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 THEN '
 "RAISE EXCEPTION 'overrides are append-only' USING ERRCODE = 'check_violation'; END IF; RETURN OLD; END $$; "
 'CREATE TRIGGER override_no_delete BEFORE DELETE ON review_findingoverride FOR EACH ROW EXECUTE FUNCTION '
 'override_no_delete_fn();',
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
 'OR NEW.edit_generation <> (SELECT tv.edit_generation FROM translations_textversion tv WHERE tv.id = '
 "NEW.text_version_id) THEN RAISE EXCEPTION 'gate: the text changed since it was approved' USING ERRCODE = "
 "'check_violation'; END IF; IF EXISTS (SELECT 1 FROM translations_targetsegment ts WHERE ts.text_version_id = "
 "NEW.text_version_id AND TRIM(ts.text) = '') THEN RAISE EXCEPTION 'gate: the text has untranslated segments' "
 "USING ERRCODE = 'check_violation'; END IF; IF NOT EXISTS (SELECT 1 FROM review_approval a WHERE a.id = "
 "NEW.native_approval_id AND a.text_version_id = NEW.text_version_id AND a.stage = 'native' AND a.decision = "
 "'approved' AND a.content_hash = NEW.content_hash AND a.generation = NEW.edit_generation) THEN RAISE EXCEPTION "
 "'gate: no native-speaker approval for this exact text' USING ERRCODE = 'check_violation'; END IF; IF NOT EXISTS "
 '(SELECT 1 FROM review_approval a WHERE a.id = NEW.clinical_approval_id AND a.text_version_id = '
 "NEW.text_version_id AND a.stage = 'clinical' AND a.decision = 'approved' AND a.content_hash = NEW.content_hash "
 "AND a.generation = NEW.edit_generation) THEN RAISE EXCEPTION 'gate: no clinician approval for this exact text' "
 "USING ERRCODE = 'check_violation'; END IF; IF EXISTS (SELECT 1 FROM review_approval cr WHERE cr.text_version_id "
 "= NEW.text_version_id AND cr.decision = 'changes_requested' AND cr.generation = NEW.edit_generation AND NOT "
 "EXISTS (SELECT 1 FROM review_approval w WHERE w.withdraws_id = cr.id)) THEN RAISE EXCEPTION 'gate: changes were "
 "requested and the request is still open' USING ERRCODE = 'check_violation'; END IF; IF (SELECT a.reviewer_id "
 'FROM review_approval a WHERE a.id = NEW.native_approval_id) = (SELECT a.reviewer_id FROM review_approval a '
 "WHERE a.id = NEW.clinical_approval_id) THEN RAISE EXCEPTION 'gate: one person cannot give both approvals of one "
 "language' USING ERRCODE = 'check_violation'; END IF; IF EXISTS (SELECT 1 FROM translations_job j WHERE "
 "j.text_version_id = NEW.text_version_id AND j.state IN ('queued', 'running')) THEN RAISE EXCEPTION 'gate: a "
 "translation job for the text is still running' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$; "
 'CREATE TRIGGER publication_text_gate BEFORE INSERT ON review_publicationtext FOR EACH ROW EXECUTE FUNCTION '
 'publication_text_gate_fn();',
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
 'translations_textversion tv ON tv.id = pt.text_version_id WHERE pt.publication_id = NEW.id AND (tv.content_hash '
 "<> pt.content_hash OR tv.edit_generation <> pt.edit_generation)) THEN RAISE EXCEPTION 'gate: a text changed "
 "while it was being published' USING ERRCODE = 'check_violation'; END IF; IF OLD.state = 'pending' AND NEW.state "
 "= 'live' AND EXISTS (SELECT 1 FROM review_publicationtext pt JOIN translations_job j ON j.text_version_id = "
 "pt.text_version_id WHERE pt.publication_id = NEW.id AND j.state IN ('queued', 'running')) THEN RAISE EXCEPTION "
 "'gate: a translation job for the text is still running' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; "
 'END $$; CREATE TRIGGER publication_transitions BEFORE UPDATE ON review_publication FOR EACH ROW EXECUTE '
 'FUNCTION publication_transitions_fn();',
 'CREATE OR REPLACE FUNCTION publication_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF 1 = 1 '
 "THEN RAISE EXCEPTION 'publications are never deleted; withdraw instead' USING ERRCODE = 'check_violation'; END "
 'IF; RETURN OLD; END $$; CREATE TRIGGER publication_no_delete BEFORE DELETE ON review_publication FOR EACH ROW '
 'EXECUTE FUNCTION publication_no_delete_fn();']

POSTGRES_DROP = ['DROP TRIGGER IF EXISTS segment_immutable ON workbench_segment; DROP FUNCTION IF EXISTS segment_immutable_fn();',
 'DROP TRIGGER IF EXISTS segment_no_delete ON workbench_segment; DROP FUNCTION IF EXISTS segment_no_delete_fn();',
 'DROP TRIGGER IF EXISTS revision_immutable ON workbench_revision; DROP FUNCTION IF EXISTS '
 'revision_immutable_fn();',
 'DROP TRIGGER IF EXISTS revision_no_delete ON workbench_revision; DROP FUNCTION IF EXISTS '
 'revision_no_delete_fn();',
 'DROP TRIGGER IF EXISTS leaflet_language_immutable ON workbench_leafletlanguage; DROP FUNCTION IF EXISTS '
 'leaflet_language_immutable_fn();',
 'DROP TRIGGER IF EXISTS leaflet_language_no_delete ON workbench_leafletlanguage; DROP FUNCTION IF EXISTS '
 'leaflet_language_no_delete_fn();',
 'DROP TRIGGER IF EXISTS leaflet_current_revision ON workbench_leaflet; DROP FUNCTION IF EXISTS '
 'leaflet_current_revision_fn();',
 'DROP TRIGGER IF EXISTS text_version_rules ON translations_textversion; DROP FUNCTION IF EXISTS '
 'text_version_rules_fn();',
 'DROP TRIGGER IF EXISTS text_version_no_delete ON translations_textversion; DROP FUNCTION IF EXISTS '
 'text_version_no_delete_fn();',
 'DROP TRIGGER IF EXISTS target_segment_stays ON translations_targetsegment; DROP FUNCTION IF EXISTS '
 'target_segment_stays_fn();',
 'DROP TRIGGER IF EXISTS target_segment_inserted ON translations_targetsegment; DROP FUNCTION IF EXISTS '
 'target_segment_inserted_fn();',
 'DROP TRIGGER IF EXISTS target_segment_changed ON translations_targetsegment; DROP FUNCTION IF EXISTS '
 'target_segment_changed_fn();',
 'DROP TRIGGER IF EXISTS target_segment_editor_recorded ON translations_targetsegment; DROP FUNCTION IF EXISTS '
 'target_segment_editor_recorded_fn();',
 'DROP TRIGGER IF EXISTS target_segment_deleted ON translations_targetsegment; DROP FUNCTION IF EXISTS '
 'target_segment_deleted_fn();',
 'DROP TRIGGER IF EXISTS contribution_immutable ON translations_contribution; DROP FUNCTION IF EXISTS '
 'contribution_immutable_fn();',
 'DROP TRIGGER IF EXISTS contribution_no_delete ON translations_contribution; DROP FUNCTION IF EXISTS '
 'contribution_no_delete_fn();',
 'DROP TRIGGER IF EXISTS forward_translation_immutable ON translations_forwardtranslation; DROP FUNCTION IF '
 'EXISTS forward_translation_immutable_fn();',
 'DROP TRIGGER IF EXISTS forward_translation_no_delete ON translations_forwardtranslation; DROP FUNCTION IF '
 'EXISTS forward_translation_no_delete_fn();',
 'DROP TRIGGER IF EXISTS reconciliation_immutable ON translations_reconciliation; DROP FUNCTION IF EXISTS '
 'reconciliation_immutable_fn();',
 'DROP TRIGGER IF EXISTS reconciliation_no_delete ON translations_reconciliation; DROP FUNCTION IF EXISTS '
 'reconciliation_no_delete_fn();',
 'DROP TRIGGER IF EXISTS passage_immutable ON workbench_passage; DROP FUNCTION IF EXISTS passage_immutable_fn();',
 'DROP TRIGGER IF EXISTS passage_no_delete ON workbench_passage; DROP FUNCTION IF EXISTS passage_no_delete_fn();',
 'DROP TRIGGER IF EXISTS approval_immutable ON review_approval; DROP FUNCTION IF EXISTS approval_immutable_fn();',
 'DROP TRIGGER IF EXISTS approval_no_delete ON review_approval; DROP FUNCTION IF EXISTS approval_no_delete_fn();',
 'DROP TRIGGER IF EXISTS approval_rules ON review_approval; DROP FUNCTION IF EXISTS approval_rules_fn();',
 'DROP TRIGGER IF EXISTS approval_change_request_rules ON review_approval; DROP FUNCTION IF EXISTS '
 'approval_change_request_rules_fn();',
 'DROP TRIGGER IF EXISTS approval_withdrawal_rules ON review_approval; DROP FUNCTION IF EXISTS '
 'approval_withdrawal_rules_fn();',
 'DROP TRIGGER IF EXISTS override_immutable ON review_findingoverride; DROP FUNCTION IF EXISTS '
 'override_immutable_fn();',
 'DROP TRIGGER IF EXISTS override_no_delete ON review_findingoverride; DROP FUNCTION IF EXISTS '
 'override_no_delete_fn();',
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
 'publication_no_delete_fn();']


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _run(schema_editor, _0009.SQLITE_DROP)
        _run(schema_editor, SQLITE_CREATE)
    else:
        _run(schema_editor, _0009.POSTGRES_DROP)
        _run(schema_editor, POSTGRES_CREATE)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
        _run(schema_editor, _0009.SQLITE_CREATE)
    else:
        _run(schema_editor, POSTGRES_DROP)
        _run(schema_editor, _0009.POSTGRES_CREATE)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0009_forward_versions_kept"),
        ("workbench", "0012_passage_search"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
