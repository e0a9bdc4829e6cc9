from django.core.management.base import BaseCommand

from workbench.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create demo users for every role and two demo leaflets (idempotent)."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write("\nDemo logins (password for all: %s)" % DEMO_PASSWORD)
        for username, description in logins:
            self.stdout.write(f"  {username:<16} {description}")
