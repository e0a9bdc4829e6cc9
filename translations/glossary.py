"""The approved glossary: saving and deleting terms and importing CSV term lists, by authors, audited."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from review import permissions
from review.audit import audit_record
from translations.models import GlossaryTerm
from workbench.languages import CONTENT_LANGUAGES


@transaction.atomic
def glossary_term_save(*, term: GlossaryTerm, user) -> GlossaryTerm:
    if not permissions.can_edit_glossary(user):
        raise ValidationError(_("Only authors can edit the glossary."))
    if term.target_language not in CONTENT_LANGUAGES:
        raise ValidationError(_("Unknown language code %(code)r.") % {"code": term.target_language})
    created = term.pk is None
    term.full_clean()
    term.save()
    audit_record(
        actor=user,
        verb="glossary.created" if created else "glossary.changed",
        obj=term,
        data={
            "language": term.target_language,
            "source": term.source_term,
            "target": term.target_term,
            "forbidden": term.forbidden_list(),
            "approved": term.approved,
        },
    )
    return term


@transaction.atomic
def glossary_term_delete(*, term: GlossaryTerm, user) -> None:
    """Remove a term, audited (the event keeps what the term said)."""
    if not permissions.can_edit_glossary(user):
        raise ValidationError(_("Only authors can edit the glossary."))
    term = GlossaryTerm.objects.select_for_update(no_key=True).get(pk=term.pk)
    data = {
        "language": term.target_language,
        "source": term.source_term,
        "target": term.target_term,
        "forbidden": term.forbidden_list(),
        "approved": term.approved,
    }
    pk = term.pk
    term.delete()
    audit_record(
        actor=user, verb="glossary.deleted", object_type="translations.glossaryterm", object_id=str(pk), data=data
    )


# Column names of the TICO-19 term lists (f_*.csv, g_*.csv) and of our own export.
SOURCE_COLUMNS = ("sourceString", "source_term", "source")
TARGET_COLUMNS = ("targetString", "target_term", "target")


@transaction.atomic
def glossary_import_csv(*, text: str, target_language: str, user, source_language: str = "en") -> int:
    """Upsert terms from CSV text; returns how many rows were imported. All or nothing."""
    if not permissions.can_edit_glossary(user):
        raise ValidationError(_("Only authors can edit the glossary."))
    if target_language not in CONTENT_LANGUAGES:
        raise ValidationError(_("Unknown language code %(code)r.") % {"code": target_language})
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    source_col = next((c for c in SOURCE_COLUMNS if c in fields), None)
    target_col = next((c for c in TARGET_COLUMNS if c in fields), None)
    if not source_col or not target_col:
        raise ValidationError(_("The CSV needs a source and a target column (e.g. sourceString,targetString)."))
    count = 0
    for line, row in enumerate(reader, start=2):
        source, target = (row.get(source_col) or "").strip(), (row.get(target_col) or "").strip()
        if not source or not target:
            raise ValidationError(_("Line %(line)d has an empty term.") % {"line": line})
        GlossaryTerm.objects.update_or_create(
            source_language=source_language,
            target_language=target_language,
            source_term=source[:200],
            defaults={
                "target_term": target[:200],
                "forbidden_terms": (row.get("forbidden") or "").replace(";", "\n"),
                "note": (row.get("description") or "")[:500],
            },
        )
        count += 1
    audit_record(actor=user, verb="glossary.imported", data={"language": target_language, "terms": count})
    return count
