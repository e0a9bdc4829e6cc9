from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from review.audit import CheckpointError, audit_anchor, audit_verify, checkpoint_read, checkpoint_write


class Command(BaseCommand):
    help = (
        "Verify the audit trail's keyed hash chain and name the first bad event; exit 1 when it is broken. "
        "With --checkpoint PATH, also check that the chain still reaches the checkpoint kept in PATH "
        "(a rewind is only visible against something outside the database), then move it to the current head."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            metavar="PATH",
            help="A signed checkpoint file outside the database: verified against the chain when it exists, "
            "then (re)written at the current head. Keep it where database users cannot write.",
        )
        parser.add_argument(
            "--anchor",
            action="store_true",
            help="First append the keyed anchor over events written before the audit key existed "
            "(otherwise the next recorded event does it).",
        )

    def handle(self, *args, checkpoint=None, anchor=False, **options):
        if anchor:
            event = audit_anchor()
            if event is not None:
                self.stdout.write(
                    f"Appended the keyed anchor (event {event.seq}) over {event.data['legacy_events']} legacy events."
                )

        previous = None
        if checkpoint and Path(checkpoint).exists():
            try:
                previous = checkpoint_read(checkpoint)
            except CheckpointError as exc:
                raise CommandError(f"Audit checkpoint refused: {exc}.", returncode=1) from None

        report = audit_verify(checkpoint=previous)
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event {report.first_broken_seq}: {report.reason} "
                f"({report.checked} events before it verified).",
                returncode=1,
            )

        line = f"audit chain OK: {report.checked} events, head seq {report.last_seq}"
        if previous is not None:
            line += f", reaches checkpoint seq {previous.seq}"
        if checkpoint:
            try:
                checkpoint_write(checkpoint, report.last_seq, report.last_hash)
            except OSError as exc:
                raise CommandError(f"Could not write the audit checkpoint {checkpoint}: {exc}", returncode=1) from None
            line += f" (checkpoint written to {checkpoint})"
        self.stdout.write(line)
        if report.legacy_events and report.first_keyed_seq is None:
            self.stderr.write(
                f"warning: none of the {report.legacy_events} events is sealed with the audit key yet; "
                "the next recorded event (or verify_audit --anchor) appends the keyed anchor."
            )
