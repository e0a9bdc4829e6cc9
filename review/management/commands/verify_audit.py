from django.core.management.base import BaseCommand, CommandError

from review.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and report the first broken link."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event {report.first_broken_seq}: {report.reason} "
                f"({report.checked} events before it verified).",
                returncode=1,
            )
        self.stdout.write(f"Audit chain intact: {report.checked} events verified.")
