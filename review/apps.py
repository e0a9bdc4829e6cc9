from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender, **kwargs):
    # Groups need the Permission rows that auth creates after migrating, so
    # seeding them is a post_migrate step, not a data migration.
    from review.role_services import ensure_roles

    ensure_roles()


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Review and audit")

    def ready(self):
        post_migrate.connect(_ensure_roles, sender=self)
