from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations.glossary import glossary_import_csv


class Command(BaseCommand):
    help = "Import approved glossary terms from a CSV (TICO-19 term lists work as they are)."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True)
        parser.add_argument("--target-lang", required=True)
        parser.add_argument("--as-user", required=True, help="the author the import is recorded under")

    def handle(self, *args, **options):
        try:
            user = get_user_model().objects.get(username=options["as_user"])
            count = glossary_import_csv(
                text=Path(options["input"]).read_text(encoding="utf-8"),
                target_language=options["target_lang"],
                user=user,
            )
        except (OSError, UnicodeDecodeError, get_user_model().DoesNotExist, ValidationError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Imported {count} terms.")
