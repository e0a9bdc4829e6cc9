"""`manage.py createsuperuser`, recorded in the audit trail.

A superuser manages roles (review.role_services): an account made one must be
as accountable as a superuser granted in the admin. Django's command creates
the user directly, so this one wraps it: the account and its
"role.superuser_granted" / "role.staff_granted" events (actor: the system,
via: createsuperuser) are written in one transaction, or neither is.
"""

from django.contrib.auth.management.commands import createsuperuser
from django.db import transaction

from review.role_services import superuser_account_recorded


class Command(createsuperuser.Command):
    help = createsuperuser.Command.help + " The new account is recorded in the audit trail."

    def handle(self, *args, **options):
        database = options["database"]
        users = self.UserModel._default_manager.db_manager(database)
        # The prompts run inside the transaction too: the account must not exist for a moment without
        # its events (a crash in between would leave a superuser nobody can account for). SQLite runs
        # in WAL mode here, so the open transaction blocks no other writer while the prompts wait.
        with transaction.atomic(using=database):
            before = set(users.filter(is_superuser=True).values_list("pk", flat=True))
            super().handle(*args, **options)
            for user in users.filter(is_superuser=True).exclude(pk__in=before).order_by("pk"):
                superuser_account_recorded(user=user, via="createsuperuser")
