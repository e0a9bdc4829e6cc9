from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from translations.models import Provider
from translations.provider_services import sync_providers_from_settings


class Command(BaseCommand):
    help = (
        "Sync model providers from the environment (audited as the system; an unchanged configuration records "
        "nothing) and print the Celery queues a worker should consume."
    )

    def handle(self, *args, **options):
        try:
            sync_providers_from_settings()
        except ImproperlyConfigured as exc:
            # E.g. PHI policy allow for a host not in WORKBENCH_INTERNAL_HOSTS: name the provider, no traceback.
            raise CommandError(str(exc)) from None
        queues = ["default"] + [p.queue for p in Provider.objects.filter(enabled=True).order_by("name")]
        self.stdout.write(",".join(queues))
