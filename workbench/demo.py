"""Demo users and leaflets for `make run` (manage.py seed_demo).

Local use only: the demo users share a password published in the README, so
seeding refuses to run with DEBUG off. The `admin` superuser never gets that
password: it is created with DEMO_ADMIN_PASSWORD, or a random one that
seed_demo prints once.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction

from review.role_services import ensure_roles
from review.roles import AUTHORS, PUBLISHERS, stage_group_name
from workbench.models import Language, Leaflet
from workbench.services import SegmentInput, leaflet_create

DEMO_PASSWORD = "leaflets-demo-2026"

LANGUAGE_PEOPLE = {
    "en": ("Emma", "Dr Ethan"),
    "zh": ("Mei Ling", "Dr Wei"),
    "ms": ("Nurul", "Dr Hafiz"),
    "ta": ("Kavitha", "Dr Arjun"),
}


def demo_users() -> list[tuple[str, str, list[str]]]:
    """(username, full name, groups) for every demo persona."""
    people = [("author", "Alice Tan (author)", [AUTHORS]), ("publisher", "Peter Lim (publisher)", [PUBLISHERS])]
    for code, (native, clinician) in LANGUAGE_PEOPLE.items():
        language = Language.objects.get(code=code)
        people.append(
            (
                f"{code}_native",
                f"{native} ({language.name} native-speaker reviewer)",
                [stage_group_name(language, "native")],
            )
        )
        people.append(
            (f"{code}_clinician", f"{clinician} ({language.name} clinician)", [stage_group_name(language, "clinical")])
        )
    return people


DENGUE = [  # the title ("Dengue fever: caring for yourself at home") is the revision's title segment
    (
        "paragraph",
        "Dengue is an infection spread by Aedes mosquitoes. Most people get better in one to two weeks "
        "with rest and enough fluids.",
    ),
    ("list_item", "Drink at least 8 glasses of water, soup or juice a day."),
    ("list_item", "Take paracetamol for fever, no more than 4 times in 24 hours. Do not take aspirin or ibuprofen."),
    ("list_item", "Remove stagnant water at home to stop mosquitoes from breeding."),
    (
        "red_flag",
        "Call 995 or go to the Emergency Department at once if you have severe stomach pain, keep "
        "vomiting, bleed from the gums or nose, or feel very drowsy or restless.",
    ),
]
BLOOD_PRESSURE = [  # the title is the revision's title segment
    ("paragraph", "Blood pressure medicine works only when you take it every day, even when you feel well."),
    ("list_item", "Take it at the same time each day, for example after breakfast."),
    ("list_item", "If you miss a dose, take it when you remember, but never take two doses together."),
    ("paragraph", "Bring all your medicines to every clinic visit."),
]


REFUSAL = "seed_demo creates users with a published password; it runs only with DJANGO_DEBUG=1"


@dataclass
class SeedResult:
    logins: list[tuple[str, str]] = field(default_factory=list)
    # The admin's password when this run set it (created, or moved off the
    # published demo password); None when the admin kept the one it had.
    admin_password: str | None = None


def _admin_password() -> str:
    chosen = os.environ.get("DEMO_ADMIN_PASSWORD", "")
    if not chosen:
        return secrets.token_urlsafe(12)
    if chosen == DEMO_PASSWORD:
        raise ImproperlyConfigured("DEMO_ADMIN_PASSWORD must not be the published demo password.")
    try:
        validate_password(chosen)
    except ValidationError as exc:
        raise ImproperlyConfigured("DEMO_ADMIN_PASSWORD: " + " ".join(exc.messages)) from None
    return chosen


@transaction.atomic
def seed_demo() -> SeedResult:
    if not settings.DEBUG:
        raise ImproperlyConfigured(REFUSAL)
    ensure_roles()
    User = get_user_model()
    result = SeedResult()
    for username, full_name, groups in demo_users():
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": full_name, "email": f"{username}@workbench.invalid"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        result.logins.append((username, full_name))
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Workbench admin",
            "email": "admin@workbench.invalid",
        },
    )
    # Earlier versions gave the admin the published demo password: move it off that too.
    if created or admin.check_password(DEMO_PASSWORD):
        result.admin_password = _admin_password()
        admin.set_password(result.admin_password)
        admin.save()
    result.logins.append(("admin", "Workbench admin (Django admin)"))
    author = User.objects.get(username="author")
    for title, topic, segments in (
        ("Dengue fever: caring for yourself at home", "Dengue", DENGUE),
        ("Taking your blood pressure medicine", "Hypertension", BLOOD_PRESSURE),
    ):
        if not Leaflet.objects.filter(title=title).exists():
            leaflet_create(
                user=author,
                title=title,
                topic=topic,
                audience="Adult patients and caregivers",
                segments=[SegmentInput(kind=k, text=t) for k, t in segments],
            )
    return result
