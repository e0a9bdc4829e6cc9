"""Export a language's text of a leaflet's current revision as a vendor file or a document.

    python manage.py leaflet_export --leaflet ID --language LANG --format {xliff12,xliff2,docx,pdf} \
        --output FILE [--vendor NAME] [--user USERNAME]

The vendor formats are those registered in translations/exchange/formats.py;
the PHI guard runs under the vendor's policy first. The document formats
(DOCUMENT_FORMATS) are the text as people read it and take no vendor: Word,
for whoever may read that text on screen, and the print PDF, of published
text only (a language that is not published is refused). Prints one JSON line naming what was
created. Exit status 0 when the file was written, 1 when the export was
refused (nothing written, nothing recorded except a PHI block's audit event)
or the file could not be written (a full or read-only disk: the file that was
there is left as it was, and the export is not recorded), 2 on a usage error.
`--user` names who exports (their permission is checked and the audit names
them); without it the export is the system's, as for other commands run by
whoever runs the server. Without `--vendor` a vendor
file is checked under the strictest PHI policy, block.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from review.models import Publication
from translations.exchange import formats
from translations.exchange.services import ExportResult, leaflet_export
from translations.exchange.word import leaflet_docx_export
from translations.management.commands._files import export_to, user_named
from workbench import pdf
from workbench.languages import CONTENT_LANGUAGES, UI_LANGUAGE_FOR_CONTENT
from workbench.models import Leaflet
from workbench.patient import patient_page, publication_pdf


def _docx(*, leaflet: Leaflet, language: str, user) -> tuple[bytes, dict]:
    result = leaflet_docx_export(leaflet=leaflet, language=language, user=user)
    return result.data, {
        "event": result.event_id,
        "text_version": result.text_version.pk,
        "revision": result.text_version.revision.number,
        "content_hash": result.text_version.content_hash,
        "segments": result.segments,
        "untranslated": result.untranslated,
    }


def _pdf(*, leaflet: Leaflet, language: str, user) -> tuple[bytes, dict]:
    """The print PDF of the live publication: what patients read, so only published text, for anyone."""
    publication = Publication.objects.filter(leaflet=leaflet, state=Publication.State.LIVE).first()
    name = CONTENT_LANGUAGES[language].name if language in CONTENT_LANGUAGES else repr(language)
    if publication is None:
        raise ValidationError(f"Leaflet {leaflet.pk} is not published; only published text is printed.")
    with translation.override(UI_LANGUAGE_FOR_CONTENT.get(language, "en")):
        page = patient_page(publication=publication, lang=language)
        if page is None:
            raise ValidationError(f"Leaflet {leaflet.pk} is not published in {name}; only published text is printed.")
        try:
            data = publication_pdf(page=page)
        except pdf.PdfUnavailable as exc:
            raise ValidationError(str(exc)) from None
    return data, {"publication": publication.pk, "revision": publication.revision.number, "url": page.page_url()}


# Formats that are the leaflet as people read it, not a vendor file: (leaflet, language, user) -> (the
# file's bytes, what the JSON line reports). Each raises PermissionDenied or ValidationError to refuse.
DOCUMENT_FORMATS = {"docx": _docx, "pdf": _pdf}


class Command(BaseCommand):
    help = (
        "Export a leaflet's text in one language as an XLIFF file for a translation vendor, a Word document, "
        "or the print PDF of a published language."
    )

    def add_arguments(self, parser):
        parser.add_argument("--leaflet", type=int, required=True)
        parser.add_argument("--language", required=True)
        parser.add_argument(
            "--format", dest="file_format", required=True, choices=[*formats.names(), *DOCUMENT_FORMATS]
        )
        parser.add_argument(
            "--vendor", help="The vendor the file is for (its PHI policy applies); without one: policy block"
        )
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument(
            "--user", help="Who sends the file (permission checked, audited); without one: the system, audited"
        )

    def handle(self, *args, leaflet, language, file_format, vendor, output: Path, user, **options):
        person = user_named(user, required=False)
        if not output.parent.is_dir():
            raise CommandError(f"The directory of {output} does not exist.", returncode=2)
        if file_format in DOCUMENT_FORMATS and vendor:
            raise CommandError(f"--vendor is for vendor files; a {file_format} document takes none.", returncode=2)
        leaflet_row = Leaflet.objects.select_related("current_revision").filter(pk=leaflet).first()
        if leaflet_row is None:
            raise CommandError(f"There is no leaflet {leaflet}.", returncode=1)
        if file_format in DOCUMENT_FORMATS:
            try:
                printed = export_to(
                    output,
                    lambda: DOCUMENT_FORMATS[file_format](leaflet=leaflet_row, language=language, user=person),
                )
            except PermissionDenied:
                raise CommandError(
                    f"{user} may not read leaflet {leaflet}'s {language!r} text.", returncode=1
                ) from None
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages), returncode=1) from None
            self.stdout.write(
                json.dumps(
                    {"output": str(output), "format": file_format, "leaflet": leaflet, "language": language, **printed}
                )
            )
            return

        def vendor_file() -> tuple[bytes, ExportResult]:
            result = leaflet_export(
                leaflet=leaflet_row, language=language, file_format=file_format, vendor_name=vendor, user=person
            )
            return result.data, result

        try:
            result = export_to(output, vendor_file)
        except PermissionDenied:
            raise CommandError(
                f"{user} may not exchange files for leaflet {leaflet} in {language!r}.", returncode=1
            ) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from None
        self.stdout.write(
            json.dumps(
                {
                    "export": result.record.pk,
                    "output": str(output),
                    "format": file_format,
                    "vendor": vendor,
                    "leaflet": leaflet,
                    "language": language,
                    "revision": result.record.revision_number,
                    "content_hash": result.record.content_hash,
                    "placeholders": len(result.record.placeholders),
                    "segments": len(result.record.units),
                }
            )
        )
