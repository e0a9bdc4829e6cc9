"""Import a vendor's file back as an edit of the leaflet text it was exported from.

    python manage.py leaflet_import --input FILE --user USERNAME [--leaflet ID] [--language LANG] [--vendor NAME]

The format is detected from the file's content. The leaflet, language and
vendor come from the file's export details; the flags, when given, must agree.
Prints one JSON line: the audit event and the segment edits created (applied,
and kept unapplied when the text was edited after the export). Exit status 0
when imported (also when every change was kept unapplied: then a warning on
stderr), 1 when refused with nothing changed, 2 on a usage error.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations.exchange.services import leaflet_import
from translations.management.commands._files import read_limited, user_named


class Command(BaseCommand):
    help = "Import a vendor's XLIFF file as an edit of the leaflet text it was exported from."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path)
        parser.add_argument("--user", required=True, help="Who imports the file: the editor of what changes")
        parser.add_argument("--leaflet", type=int)
        parser.add_argument("--language")
        parser.add_argument("--vendor")

    def handle(self, *args, input: Path, user, leaflet, language, vendor, **options):
        person = user_named(user)
        data = read_limited(input)
        try:
            result = leaflet_import(data=data, user=person, leaflet_id=leaflet, language=language, vendor_name=vendor)
        except PermissionDenied:
            raise CommandError(f"{user} may not import files for that leaflet and language.", returncode=1) from None
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
