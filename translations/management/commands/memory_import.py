"""Import a TMX file into translation memory as unreviewed entries (suggestions, never fills).

    python manage.py memory_import --input FILE.tmx --user USERNAME

Prints one JSON line with the ids of the memory entries created and updated.
Exit status 0 when imported, 1 when refused with nothing changed, 2 on a usage error.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations.exchange.memory import memory_import


class Command(BaseCommand):
    help = "Import a TMX file into translation memory as unreviewed entries."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path)
        parser.add_argument("--user", required=True, help="Who imports (checked and audited)")

    def handle(self, *args, input: Path, user, **options):
        person = get_user_model().objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"There is no user {user!r}.", returncode=2)
        try:
            size = input.stat().st_size
            if size > settings.EXCHANGE_MAX_FILE_BYTES:
                raise CommandError(
                    f"{input} is {size:,} bytes; the limit is {settings.EXCHANGE_MAX_FILE_BYTES:,} "
                    "bytes (WORKBENCH_EXCHANGE_MAX_FILE_BYTES). Nothing was imported.",
                    returncode=1,
                )
            data = input.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {input}: {exc.strerror or exc}", returncode=2) from None
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
