from django.core.management.base import BaseCommand

from review.roles import ensure_roles


class Command(BaseCommand):
    help = "Create the role groups and their per-language permissions (idempotent; migrate also runs it)."

    def handle(self, *args, **options):
        for name in ensure_roles():
            self.stdout.write(name)
