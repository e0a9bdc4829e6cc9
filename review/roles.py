"""The groups that make up the workbench's roles, and their permissions.

Per-language reviewer groups ("Tamil clinicians") hold guardian object
permissions on the Language row, so adding a fifth language is a row and two
groups, not a code change.

`ensure_roles` (migrate, `manage.py setup_roles`) only ever adds what is
missing, and records what it added as a system change. Every later change of
membership or permissions goes through review/role_services.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from guardian.shortcuts import assign_perm, get_group_perms

from review.models import Stage
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

# The review stages are review.models.Stage; each stage's right is the Language
# permission "review_<stage>" (declared on workbench.Language's Meta).
STAGE_PERMISSION = {stage: f"review_{stage}" for stage in Stage.values}
STAGE_GROUP_SUFFIX = {"native": "native-speaker reviewers", "clinical": "clinicians"}


def stage_group_name(language: Language, stage: str) -> str:
    return f"{language.name} {STAGE_GROUP_SUFFIX[stage]}"


def _perm(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@dataclass
class RolesEnsured:
    """What `ensure_roles` found missing and created; empty on a database that already had it all."""

    groups: dict[str, Group]
    languages_created: list[str] = field(default_factory=list)
    groups_created: list[str] = field(default_factory=list)
    permissions_added: dict[str, list[str]] = field(default_factory=dict)
    language_permissions_granted: list[dict[str, str]] = field(default_factory=list)
    audit_seq: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.languages_created or self.groups_created or self.permissions_added
                    or self.language_permissions_granted)

    def audit_data(self) -> dict:
        return {"languages_created": self.languages_created, "groups_created": self.groups_created,
                "permissions_added": self.permissions_added,
                "language_permissions_granted": self.language_permissions_granted}


@transaction.atomic
def ensure_roles_report() -> RolesEnsured:
    """Create what is missing of the groups and their permissions, audited as the system.

    Safe to run any number of times: a run that creates nothing records nothing;
    one that does (a fresh database, a new language) records one "role.ensured"
    event, actor "system", listing what it created. Never removes anything.
    """
    from review.audit import audit_record
    from workbench.services import ensure_language_rows

    # Test flushes empty the Language table along with everything else.
    languages_before = set(Language.objects.values_list("code", flat=True))
    ensure_language_rows()
    report = RolesEnsured(groups={})
    report.languages_created = sorted(set(Language.objects.values_list("code", flat=True)) - languages_before)
    for name, perms in ((AUTHORS, AUTHOR_PERMISSIONS), (PUBLISHERS, PUBLISHER_PERMISSIONS)):
        group, created = Group.objects.get_or_create(name=name)
        if created:
            report.groups_created.append(name)
        held = {f"{app}.{codename}" for app, codename in
                group.permissions.values_list("content_type__app_label", "codename")}
        missing = [label for label in perms if label not in held]
        if missing:
            group.permissions.add(*[_perm(label) for label in missing])
            report.permissions_added[name] = missing
        report.groups[name] = group
    for language in Language.objects.all():
        for stage, codename in STAGE_PERMISSION.items():
            group, created = Group.objects.get_or_create(name=stage_group_name(language, stage))
            if created:
                report.groups_created.append(group.name)
            # guardian annotates get_group_perms as QuerySet[Permission]; it returns codenames (str).
            if codename not in get_group_perms(group, language):  # type: ignore[operator]
                assign_perm(f"workbench.{codename}", group, language)
                report.language_permissions_granted.append(
                    {"group": group.name, "language": language.code, "stage": stage,
                     "permission": f"workbench.{codename}"})
            report.groups[group.name] = group
    if report.changed:
        report.audit_seq = audit_record(actor=None, verb="role.ensured", data=report.audit_data()).seq
    return report


def ensure_roles() -> dict[str, Group]:
    """Create the groups and their permissions; safe to run any number of times (see ensure_roles_report)."""
    return ensure_roles_report().groups
