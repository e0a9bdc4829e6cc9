"""Import a vendor's file back as an edit of the leaflet text it was exported from, or a Word leaflet.

    python manage.py leaflet_import --input FILE --user USERNAME [--leaflet ID] [--language LANG] [--vendor NAME]

The format is detected from the file's content. A vendor file (XLIFF): the
leaflet, language and vendor come from the file's export details; the flags,
when given, must agree. Prints one JSON line: the audit event and the segment
edits created (applied, and kept unapplied when the text was edited after the
export). A Word document (.docx): a new leaflet, or with --leaflet a new
source revision of it; --language is the document's language when the
document does not say (it must agree when it does); --vendor is a usage error.
Prints one JSON line: the leaflet and revision created and what the document
held that was not imported. Exit status 0 when imported (also when every
change was kept unapplied, or the document changes nothing, or it became a
conflict revision: then a warning on stderr), 1 when refused with nothing
changed, 2 on a usage error.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations.exchange.docx import looks_like_docx
from translations.exchange.services import leaflet_import
from translations.exchange.word import leaflet_docx_import
from translations.management.commands._files import read_limited, user_named
from workbench.models import Leaflet


class Command(BaseCommand):
    help = (
        "Import a vendor's XLIFF file as an edit of the leaflet text it was exported from, or a Word document "
        "as a new leaflet or a new source revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path)
        parser.add_argument("--user", required=True, help="Who imports the file: the editor of what changes")
        parser.add_argument("--leaflet", type=int)
        parser.add_argument("--language")
        parser.add_argument("--vendor")

    def handle(self, *args, input: Path, user, leaflet, language, vendor, **options):
        person = user_named(user)
        data = read_limited(input)
        if looks_like_docx(data):
            self._docx(
                data,
                person=person,
                username=user,
                file_name=input.name,
                leaflet=leaflet,
                language=language,
                vendor=vendor,
            )
            return
        try:
            result = leaflet_import(data=data, user=person, leaflet_id=leaflet, language=language, vendor_name=vendor)
        except PermissionDenied as exc:
            reason = str(exc) or f"{user} may not import files for that leaflet and language."
            raise CommandError(reason, returncode=1) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from None
        if result.stale:
            self.stderr.write(
                f"The text was edited after export {result.record.pk}: nothing was applied; "
                f"{len(result.kept)} changed segment(s) kept as unapplied edits beside the current "
                "text for a reviewer to compare."
            )
        self.stdout.write(
            json.dumps(
                {
                    "event": result.event_id,
                    "text_version": result.text_version.pk,
                    "export": result.record.pk,
                    "vendor": result.record.vendor.name if result.record.vendor else None,
                    "format": result.file_format,
                    "applied_edits": result.edits,
                    "kept_unapplied_edits": result.kept,
                    "unchanged": result.unchanged,
                    "stale": result.stale,
                    "old_hash": result.old_hash,
                    "new_hash": result.new_hash,
                }
            )
        )

    def _docx(self, data: bytes, *, person, username: str, file_name: str, leaflet, language, vendor) -> None:
        if vendor:
            raise CommandError("--vendor is for vendor files; a Word document takes none.", returncode=2)
        target = None
        if leaflet is not None:
            target = Leaflet.objects.select_related("current_revision").filter(pk=leaflet).first()
            if target is None:
                raise CommandError(f"There is no leaflet {leaflet}.", returncode=1)
        try:
            result = leaflet_docx_import(
                data=data, user=person, leaflet=target, file_name=file_name, language=language or None
            )
        except PermissionDenied:
            what = f"change leaflet {leaflet}" if target is not None else "create leaflets"
            raise CommandError(f"{username} may not {what}.", returncode=1) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from None
        if result.unchanged:
            self.stderr.write(
                f"The document is identical to revision {result.revision.number} of leaflet "
                f"{result.leaflet.pk}: nothing was saved."
            )
        elif result.conflict:
            self.stderr.write(
                f"Leaflet {result.leaflet.pk} was changed after this document was exported: it was saved as "
                f"conflict revision {result.revision.number}, not current; resolve it in the leaflet editor."
            )
        for item in result.not_imported:
            self.stderr.write(f"Not imported: {item.kind} ({item.where}) {item.preview}".rstrip())
        self.stdout.write(
            json.dumps(
                {
                    "format": "docx",
                    "event": result.event_id,
                    "leaflet": result.leaflet.pk,
                    "created_leaflet": result.created,
                    "revision": result.revision.number,
                    "revision_id": result.revision.pk,
                    "language": result.language,
                    "unchanged": result.unchanged,
                    "conflict": result.conflict,
                    "kept_by_bookmark": result.kept_by_bookmark,
                    "kept_by_text": result.kept_by_text,
                    "new_segments": result.new_segments,
                    "removed_segments": result.removed_segments,
                    "not_imported": [item.as_audit_dict() for item in result.not_imported],
                }
            )
        )
