import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from workbench.demo import DEMO_PASSWORD, REFUSAL, seed_demo


class Command(BaseCommand):
    help = (
        "Create demo users for every role and two demo leaflets (idempotent). Local use only: "
        "runs only with DJANGO_DEBUG=1."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(REFUSAL)
        try:
            result = seed_demo()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"\nDemo logins (password for all but admin: {DEMO_PASSWORD})")
        for username, description in result.logins:
            self.stdout.write(f"  {username:<16} {description}")
        if result.admin_password is not None and os.environ.get("DEMO_ADMIN_PASSWORD"):
            self.stdout.write("\nadmin password: the one in DEMO_ADMIN_PASSWORD")
        elif result.admin_password is not None:
            self.stdout.write(f"\nadmin password (shown only this once): {result.admin_password}")
        else:
            self.stdout.write(
                "\nadmin keeps the password it was given when first seeded "
                "(manage.py changepassword admin to set a new one)."
            )
