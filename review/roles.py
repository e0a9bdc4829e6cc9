"""The groups that make up the workbench's roles, and their permissions.

Per-language reviewer groups ("Tamil clinicians") hold guardian object
permissions on the Language row, so adding a fifth language is a row and two
groups, not a code change.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from guardian.shortcuts import assign_perm

from workbench.models import Language

AUTHORS = "Authors"
PUBLISHERS = "Publishers"

AUTHOR_PERMISSIONS = [
    "workbench.add_leaflet", "workbench.change_leaflet", "workbench.view_leaflet",
    "translations.add_job", "translations.change_job", "translations.view_job",
    "translations.view_glossaryterm", "translations.add_glossaryterm", "translations.change_glossaryterm",
]
PUBLISHER_PERMISSIONS = [
    "workbench.view_leaflet", "review.add_publication", "review.change_publication", "review.view_publication",
    "review.view_auditevent",
]

STAGE_PERMISSION = {"native": "review_native", "clinical": "review_clinical"}
STAGE_GROUP_SUFFIX = {"native": "native-speaker reviewers", "clinical": "clinicians"}


def stage_group_name(language: Language, stage: str) -> str:
    return f"{language.name} {STAGE_GROUP_SUFFIX[stage]}"


def _perm(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles() -> dict[str, Group]:
    """Create the groups and their permissions; safe to run any number of times."""
    from workbench.services import ensure_language_rows

    # Test flushes empty the Language table along with everything else.
    ensure_language_rows()
    groups: dict[str, Group] = {}
    for name, perms in ((AUTHORS, AUTHOR_PERMISSIONS), (PUBLISHERS, PUBLISHER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_perm(p) for p in perms])
        groups[name] = group
    for language in Language.objects.all():
        for stage, codename in STAGE_PERMISSION.items():
            group, _ = Group.objects.get_or_create(name=stage_group_name(language, stage))
            assign_perm(f"workbench.{codename}", group, language)
            groups[group.name] = group
    return groups
