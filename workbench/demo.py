"""Demo users and leaflets for `make run` (manage.py seed_demo)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from review.roles import AUTHORS, PUBLISHERS, ensure_roles, stage_group_name
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
        people.append((f"{code}_native", f"{native} ({language.name} native-speaker reviewer)",
                       [stage_group_name(language, "native")]))
        people.append((f"{code}_clinician", f"{clinician} ({language.name} clinician)",
                       [stage_group_name(language, "clinical")]))
    return people


DENGUE = [
    ("heading", "Dengue fever: caring for yourself at home"),
    ("paragraph", "Dengue is an infection spread by Aedes mosquitoes. Most people get better in one to two weeks "
                  "with rest and enough fluids."),
    ("list_item", "Drink at least 8 glasses of water, soup or juice a day."),
    ("list_item", "Take paracetamol for fever, no more than 4 times in 24 hours. Do not take aspirin or ibuprofen."),
    ("list_item", "Remove stagnant water at home to stop mosquitoes from breeding."),
    ("red_flag", "Call 995 or go to the Emergency Department at once if you have severe stomach pain, keep "
                 "vomiting, bleed from the gums or nose, or feel very drowsy or restless."),
]
BLOOD_PRESSURE = [
    ("heading", "Taking your blood pressure medicine"),
    ("paragraph", "Blood pressure medicine works only when you take it every day, even when you feel well."),
    ("list_item", "Take it at the same time each day, for example after breakfast."),
    ("list_item", "If you miss a dose, take it when you remember, but never take two doses together."),
    ("paragraph", "Bring all your medicines to every clinic visit."),
]


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    ensure_roles()
    User = get_user_model()
    logins = []
    for username, full_name, groups in demo_users():
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": full_name, "email": f"{username}@workbench.invalid"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        logins.append((username, full_name))
    admin, created = User.objects.get_or_create(username="admin", defaults={
        "is_staff": True, "is_superuser": True, "first_name": "Workbench admin", "email": "admin@workbench.invalid"})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    logins.append(("admin", "Workbench admin (Django admin)"))
    author = User.objects.get(username="author")
    for title, topic, segments in (
        ("Dengue fever: caring for yourself at home", "Dengue", DENGUE),
        ("Taking your blood pressure medicine", "Hypertension", BLOOD_PRESSURE),
    ):
        if not Leaflet.objects.filter(title=title).exists():
            leaflet_create(user=author, title=title, topic=topic, audience="Adult patients and caregivers",
                           segments=[SegmentInput(kind=k, text=t) for k, t in segments])
    return logins
