"""Export the approved translation memory of one language pair as TMX 1.4b.

    python manage.py memory_export --source-lang en --target-lang LANG --output FILE.tmx [--user USERNAME]

Only reviewed entries (from approved texts) are written. Prints one JSON line.
Exit status 0 when written, 1 when refused or when the file cannot be written (a full or read-only
disk: the file that was there is left as it was, and the export is not recorded), 2 on a usage error.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations.exchange.memory import memory_export
from translations.management.commands._files import export_to, user_named


class Command(BaseCommand):
    help = "Export the approved translation memory of a language pair as a TMX file."

    def add_arguments(self, parser):
        parser.add_argument("--source-lang", required=True)
        parser.add_argument("--target-lang", required=True)
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument("--user", help="Who exports (permission checked, audited); without one: the system")

    def handle(self, *args, source_lang, target_lang, output: Path, user, **options):
        person = user_named(user, required=False)
        if not output.parent.is_dir():
            raise CommandError(f"The directory of {output} does not exist.", returncode=2)
        try:
            count = export_to(
                output,
                lambda: memory_export(user=person, source_language=source_lang, target_language=target_lang),
            )
        except PermissionDenied:
            raise CommandError(f"{user} may not export the {target_lang!r} memory.", returncode=1) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from None
        self.stdout.write(
            json.dumps(
                {
                    "output": str(output),
                    "source_language": source_lang,
                    "target_language": target_lang,
                    "entries": count,
                }
            )
        )
