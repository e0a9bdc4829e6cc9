"""Import a TMX file into translation memory as unreviewed entries (suggestions, never fills).

    python manage.py memory_import --input FILE.tmx --user USERNAME

Prints one JSON line with the ids of the memory entries created and updated.
Exit status 0 when imported, 1 when refused with nothing changed, 2 on a usage error.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations.exchange.memory import memory_import
from translations.management.commands._files import read_limited, user_named


class Command(BaseCommand):
    help = "Import a TMX file into translation memory as unreviewed entries."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path)
        parser.add_argument("--user", required=True, help="Who imports (checked and audited)")

    def handle(self, *args, input: Path, user, **options):
        person = user_named(user)
        data = read_limited(input)
        try:
            result = memory_import(user=person, data=data)
        except PermissionDenied:
            raise CommandError(f"{user} may not import translation memory.", returncode=1) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from None
        self.stdout.write(
            json.dumps(
                {
                    "source_language": result.source_language,
                    "pairs": result.per_language,
                    "created": result.created,
                    "updated": result.updated,
                    "kept_reviewed": result.kept_reviewed,
                }
            )
        )
