from django.core.management.base import BaseCommand

from translations.models import Provider
from translations.providers import sync_providers_from_settings


class Command(BaseCommand):
    help = "Sync model providers from the environment and print the Celery queues a worker should consume."

    def handle(self, *args, **options):
        sync_providers_from_settings()
        queues = ["default"] + [p.queue for p in Provider.objects.filter(enabled=True).order_by("name")]
        self.stdout.write(",".join(queues))
