"""Export a language's text of a leaflet's current revision as a file for a translation vendor.

    python manage.py leaflet_export --leaflet ID --language LANG --format {xliff12,xliff2} \
        --output FILE [--vendor NAME] [--user USERNAME]

The formats are those registered in translations/exchange/formats.py. The PHI
guard runs under the vendor's policy first. Prints one JSON line naming the
export record created. Exit status 0 when the file was written, 1 when the
export was refused (nothing written, nothing recorded except a PHI block's
audit event), 2 on a usage error. `--user` names who sends the file (their
permission is checked and the audit names them); without it the export is
the system's, as for other commands run by whoever runs the server. Without
`--vendor` the file is checked under the strictest PHI policy, block.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations.exchange import formats
from translations.exchange.services import leaflet_export
from translations.management.commands._files import user_named, write_atomically
from workbench.models import Leaflet


class Command(BaseCommand):
    help = "Export a leaflet's text in one language as an XLIFF file for a translation vendor."

    def add_arguments(self, parser):
        parser.add_argument("--leaflet", type=int, required=True)
        parser.add_argument("--language", required=True)
        parser.add_argument("--format", dest="file_format", required=True, choices=formats.names())
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
        leaflet_row = Leaflet.objects.select_related("current_revision").filter(pk=leaflet).first()
        if leaflet_row is None:
            raise CommandError(f"There is no leaflet {leaflet}.", returncode=1)
        try:
            result = leaflet_export(
                leaflet=leaflet_row, language=language, file_format=file_format, vendor_name=vendor, user=person
            )
        except PermissionDenied:
            raise CommandError(
                f"{user} may not exchange files for leaflet {leaflet} in {language!r}.", returncode=1
            ) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from None
        try:
            write_atomically(output, result.data)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}", returncode=1) from None
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
