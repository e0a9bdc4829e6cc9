from django.core.management.base import BaseCommand

from review.role_services import ensure_roles_report


class Command(BaseCommand):
    help = (
        "Create the role groups and their per-language permissions (idempotent; migrate also runs it). "
        "What it creates is recorded in the audit trail as a system change."
    )

    def handle(self, *args, **options):
        report = ensure_roles_report()
        for name in report.groups:
            self.stdout.write(name)
        if report.changed:
            self.stdout.write(f"Created what was missing; recorded as audit event {report.audit_seq}.")
        else:
            self.stdout.write("Nothing was missing; nothing recorded.")
