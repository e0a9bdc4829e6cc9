from django.core.management.base import BaseCommand, CommandError

from review.invariants import invariant_violations


class Command(BaseCommand):
    help = (
        "Check the invariants the fault suite and the soak rely on (docs/reliability.md): no job left queued or "
        "running, every failure with a reason, nothing duplicated (approvals, audit events, publications, webhook "
        "deliveries), every publication approved for exactly its content, every text with a record of who wrote "
        "it, and the audit chain verified. Prints each violation; exit 1 when any fails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--in-flight",
            action="store_true",
            help="Work is still running: skip the check that nothing is left queued or running.",
        )

    def handle(self, *args, in_flight=False, **options):
        violations = invariant_violations(settled=not in_flight)
        for violation in violations:
            self.stdout.write(f"VIOLATED: {violation}")
        if violations:
            raise CommandError(f"{len(violations)} invariant(s) violated.", returncode=1)
        self.stdout.write("invariants OK" + (" (work in flight: not checked for settled jobs)" if in_flight else ""))
