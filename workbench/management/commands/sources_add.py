"""Add trusted sources from files, one source per file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workbench import sources
from workbench.models import Source


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Add one trusted source per FILE (.txt, .md, .docx, .pdf) and print the new source ids. "
        "A PDF added here is confirmed by --user in the same step: read its extracted text first "
        "(PDF extraction can garble Tamil and Chinese). Nothing is added if any file is refused."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--user", required=True, help="who adds the sources (an author or administrator)")
        parser.add_argument("--publisher", required=True, help="who published the sources")
        parser.add_argument("--title", help="the title (one file only; default: the file's name)")
        parser.add_argument("--language", default="en", help="the sources' language: en, zh, ms or ta (default en)")
        parser.add_argument("--date", help="publication date, YYYY-MM-DD")
        parser.add_argument("--review-by", help="review-by date, YYYY-MM-DD")

    def handle(self, *args, **options) -> None:
        files = [Path(name) for name in options["files"]]
        if options["title"] and len(files) > 1:
            raise CommandError("--title is for a single file; each of several files is titled by its name.")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        published_on = _date(options["date"], "--date")
        review_by = _date(options["review_by"], "--review-by")
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file. Nothing was added.")
        added: list[Source] = []
        try:
            # Checked first, outside the transaction below: a PHI refusal's audit must outlive its rollback.
            for path in files:
                try:
                    sources.source_file_check(user=user, file_name=path.name, data=path.read_bytes())
                except ValidationError as refused:
                    raise CommandError(f"{path}: {' '.join(refused.messages)} Nothing was added.") from None
            # All or nothing: a refused file leaves no half-added batch behind.
            with transaction.atomic():
                for path in files:
                    try:
                        source = sources.source_add(
                            user=user,
                            title=options["title"] or path.name,
                            publisher=options["publisher"],
                            language=options["language"],
                            file_name=path.name,
                            data=path.read_bytes(),
                            published_on=published_on,
                            review_by=review_by,
                        )
                        if source.state == Source.State.AWAITING_CONFIRMATION:
                            source = sources.source_confirm(source=source, user=user)
                    except ValidationError as refused:
                        raise CommandError(f"{path}: {' '.join(refused.messages)} Nothing was added.") from None
                    added.append(source)
        except PermissionDenied:
            raise CommandError(f"{user.username} may not add sources (authors and administrators may).") from None
        for source in added:
            note = " (PDF: extracted text confirmed by you)" if source.kind == Source.Kind.PDF else ""
            self.stdout.write(f"{source.pk}\t{source.title}\t{source.passages.count()} passages{note}")
