"""Changing who holds which workbench role: the only way role membership and role permissions change.

A role is group membership ("Authors", "Publishers", "Tamil clinicians", ...),
a guardian object permission on a Language row (review_native /
review_clinical / translate, held by a group or a user), a model permission held by a
group or given to a user, or the staff / superuser flag. Whoever can change
any of these can grant themselves the right to approve, so every change here is

- a superuser's decision (`review.permissions.can_manage_roles`), or the
  system's (actor None: migrate and `setup_roles`); anyone else is refused
  with PermissionDenied and nothing changes;
- audited in the transaction that makes it, one event per change, naming the
  user or group, and the group, permission or language concerned.

A change that changes nothing (adding a member already in the group) records
nothing. The admin (review/admin.py, workbench/admin.py) calls these instead of
saving the many-to-many fields itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, get_group_perms, get_user_perms, remove_perm

from review import permissions
from review.audit import audit_record
from review.models import LanguageGroupObjectPermission, LanguageUserObjectPermission
from review.roles import (
    AUTHOR_PERMISSIONS,
    AUTHORS,
    LANGUAGE_PERMISSION,
    PUBLISHER_PERMISSIONS,
    PUBLISHERS,
    stage_group_name,
)
from workbench.models import Language
from workbench.services import ensure_language_rows

# Users are Django's auth.User (no AUTH_USER_MODEL): groups, permissions, is_superuser and is_staff.
Actor = User | None  # None: the system (migrate, setup_roles)
Holder = Group | User  # who holds a review right: a group, or one user directly
Changed = tuple[list[str], list[str]]  # (added or granted, removed or revoked)
FLAGS = ("is_superuser", "is_staff")


def _require_manager(actor: Actor) -> None:
    if actor is None:
        return
    if not permissions.can_manage_roles(actor):
        raise PermissionDenied("Only a superuser may change who holds which role.")


def permission_label(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def _labels(perms: Iterable[Permission]) -> list[str]:
    return sorted(permission_label(p) for p in perms)


def _locked_user(user: User) -> User:
    return get_user_model().objects.select_for_update(no_key=True).get(pk=user.pk)


def _locked_group(group: Group) -> Group:
    return Group.objects.select_for_update(no_key=True).get(pk=group.pk)


def _forget_cached_permissions(user) -> None:
    # Django and the workbench cache a user's permissions on the user object.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache", "_workbench_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


# --- Group membership -----------------------------------------------------------------------
@transaction.atomic
def role_membership_change(
    *, actor: Actor, user: User, add_groups: Iterable[Group] = (), remove_groups: Iterable[Group] = ()
) -> Changed:
    """Add `user` to and remove them from groups; returns (added, removed) group names.

    One "role.member_added" / "role.member_removed" event per group whose
    membership actually changed.
    """
    _require_manager(actor)
    add, remove = {g.pk: g for g in add_groups}, {g.pk: g for g in remove_groups}
    if set(add) & set(remove):
        raise ValidationError("A group cannot be added and removed in one change.")
    user = _locked_user(user)
    current = set(user.groups.values_list("pk", flat=True))
    added = sorted((g for pk, g in add.items() if pk not in current), key=lambda g: g.name)
    removed = sorted((g for pk, g in remove.items() if pk in current), key=lambda g: g.name)
    if added:
        user.groups.add(*added)
    if removed:
        user.groups.remove(*removed)
    _forget_cached_permissions(user)
    for verb, groups in (("role.member_added", added), ("role.member_removed", removed)):
        for group in groups:
            audit_record(
                actor=actor,
                verb=verb,
                obj=user,
                data={"user": user.get_username(), "user_id": user.pk, "group": group.name, "group_id": group.pk},
            )
    return [g.name for g in added], [g.name for g in removed]


@transaction.atomic
def role_membership_set(*, actor: Actor, user: User, groups: Iterable[Group]) -> Changed:
    """Make `user`'s groups exactly `groups` (the admin's multiple-choice field), audited per change."""
    _require_manager(actor)
    wanted = {g.pk: g for g in groups}
    current = {g.pk: g for g in _locked_user(user).groups.all()}
    return role_membership_change(
        actor=actor,
        user=user,
        add_groups=[g for pk, g in wanted.items() if pk not in current],
        remove_groups=[g for pk, g in current.items() if pk not in wanted],
    )


# --- Model permissions of users and groups ------------------------------------------------
def _difference(wanted: Iterable[Permission], current: Iterable[Permission]) -> tuple[list, list]:
    """(to grant, to revoke) to make `current` exactly `wanted`."""
    wanted_by_pk = {p.pk: p for p in wanted}
    current_by_pk = {p.pk: p for p in current}
    return (
        [p for pk, p in wanted_by_pk.items() if pk not in current_by_pk],
        [p for pk, p in current_by_pk.items() if pk not in wanted_by_pk],
    )


@transaction.atomic
def user_permissions_set(*, actor: Actor, user: User, permissions_: Iterable[Permission]) -> Changed:
    """Make the model permissions given to `user` directly exactly `permissions_`; returns (granted, revoked)."""
    _require_manager(actor)
    user = _locked_user(user)
    granted, revoked = _difference(permissions_, user.user_permissions.select_related("content_type"))
    if granted:
        user.user_permissions.add(*granted)
    if revoked:
        user.user_permissions.remove(*revoked)
    _forget_cached_permissions(user)
    for verb, perms in (("role.user_permission_granted", granted), ("role.user_permission_revoked", revoked)):
        if perms:
            audit_record(
                actor=actor,
                verb=verb,
                obj=user,
                data={"user": user.get_username(), "user_id": user.pk, "permissions": _labels(perms)},
            )
    return _labels(granted), _labels(revoked)


@transaction.atomic
def group_permissions_set(*, actor: Actor, group: Group, permissions_: Iterable[Permission]) -> Changed:
    """Make `group`'s model permissions exactly `permissions_`; returns (granted, revoked)."""
    _require_manager(actor)
    group = _locked_group(group)
    granted, revoked = _difference(permissions_, group.permissions.select_related("content_type"))
    if granted:
        group.permissions.add(*granted)
    if revoked:
        group.permissions.remove(*revoked)
    for verb, perms in (("role.group_permission_granted", granted), ("role.group_permission_revoked", revoked)):
        if perms:
            audit_record(
                actor=actor,
                verb=verb,
                obj=group,
                data={"group": group.name, "group_id": group.pk, "permissions": _labels(perms)},
            )
    return _labels(granted), _labels(revoked)


# --- Staff and superuser flags ------------------------------------------------------------
def last_superuser_error(user, *, is_superuser: bool) -> str | None:
    """Why `user` may not stop being a superuser (None: they may): someone must be left to manage roles."""
    if is_superuser or not user.pk:
        return None
    stored = get_user_model().objects.filter(pk=user.pk, is_superuser=True, is_active=True).exists()
    others = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    if stored and not others:
        return "This is the last active superuser; make another user a superuser first."
    return None


@transaction.atomic
def user_flags_change(
    *, actor: Actor, user: User, is_superuser: bool | None = None, is_staff: bool | None = None
) -> list[str]:
    """Set the superuser and staff flags (None: leave as is); returns the flags that changed.

    Verbs "role.superuser_granted" / "role.superuser_revoked" / "role.staff_granted"
    / "role.staff_revoked", with before and after. The last active superuser
    cannot be demoted: nobody would be left to manage roles.
    """
    _require_manager(actor)
    locked = _locked_user(user)
    wanted = {"is_superuser": is_superuser, "is_staff": is_staff}
    changed = [flag for flag in FLAGS if wanted[flag] is not None and bool(wanted[flag]) != getattr(locked, flag)]
    if not changed:
        return []
    if "is_superuser" in changed:
        error = last_superuser_error(locked, is_superuser=bool(is_superuser))
        if error:
            raise ValidationError(error)
    for flag in changed:
        setattr(locked, flag, bool(wanted[flag]))
    locked.save(update_fields=changed)
    for flag in changed:
        setattr(user, flag, bool(wanted[flag]))
    _forget_cached_permissions(user)
    for flag in changed:
        _record_flag(actor=actor, user=locked, flag=flag, after=bool(wanted[flag]))
    return changed


def _record_flag(*, actor: Actor, user: User, flag: str, after: bool, **extra: Any) -> None:
    verb = f"role.{flag.removeprefix('is_')}_{'granted' if after else 'revoked'}"
    data = {"user": user.get_username(), "user_id": user.pk, "flag": flag, "before": not after, "after": after}
    audit_record(actor=actor, verb=verb, obj=user, data={**data, **extra})


@transaction.atomic
def superuser_account_recorded(*, user: User, via: str) -> None:
    """Record an account that was made a superuser (and staff) as it was created, outside the admin:
    `manage.py createsuperuser`, the demo seed. The same events as the system granting the flags, with
    `via` naming the way; called in the transaction that created the account."""
    for flag in FLAGS:
        if getattr(user, flag):
            _record_flag(actor=None, user=user, flag=flag, after=True, via=via)


# --- Per-language review rights (guardian object permissions) ----------------------------------
def _holder(group_or_user: Holder) -> dict[str, Any]:
    if isinstance(group_or_user, Group):
        return {"group": group_or_user.name, "group_id": group_or_user.pk}
    return {"user": group_or_user.get_username(), "user_id": group_or_user.pk}


def _stage_codename(stage: str) -> str:
    """The Language permission of a review stage ("native", "clinical") or of translating ("translate")."""
    try:
        return LANGUAGE_PERMISSION[stage]
    except KeyError:
        raise ValidationError(
            f"Unknown language right {stage!r}; use one of {', '.join(LANGUAGE_PERMISSION)}."
        ) from None


def _holds_language_permission(group_or_user: Holder, language: Language, codename: str) -> bool:
    if isinstance(group_or_user, Group):
        # guardian annotates get_group_perms as QuerySet[Permission]; it returns codenames (str).
        return codename in get_group_perms(group_or_user, language)  # type: ignore[operator]
    return codename in get_user_perms(group_or_user, language)


def _lock_holder(group_or_user: Holder) -> Holder:
    if isinstance(group_or_user, Group):
        return _locked_group(group_or_user)
    return _locked_user(group_or_user)


def _language_permission(*, actor: Actor, group_or_user: Holder, language: Language, stage: str, grant: bool) -> bool:
    _require_manager(actor)
    codename = _stage_codename(stage)
    holder = _lock_holder(group_or_user)
    language = Language.objects.select_for_update(no_key=True).get(pk=language.pk)
    if _holds_language_permission(holder, language, codename) == grant:
        return False
    (assign_perm if grant else remove_perm)(f"workbench.{codename}", holder, language)
    if not isinstance(holder, Group):
        _forget_cached_permissions(group_or_user)
    audit_record(
        actor=actor,
        verb="role.permission_granted" if grant else "role.permission_revoked",
        obj=language,
        data={**_holder(holder), "language": language.code, "stage": stage, "permission": f"workbench.{codename}"},
    )
    return True


@transaction.atomic
def language_permission_grant(*, actor: Actor, group_or_user: Holder, language: Language, stage: str) -> bool:
    """Let a group (or one user) review `language` at `stage` ("native" or "clinical"), or translate
    into it (stage "translate").

    Returns False, recording nothing, when they already may.
    """
    return _language_permission(actor=actor, group_or_user=group_or_user, language=language, stage=stage, grant=True)


@transaction.atomic
def language_permission_revoke(*, actor: Actor, group_or_user: Holder, language: Language, stage: str) -> bool:
    """Take back a group's (or user's) right to review (or translate) `language`; False when they had none."""
    return _language_permission(actor=actor, group_or_user=group_or_user, language=language, stage=stage, grant=False)


def language_grants_of(group_or_user: Holder) -> list[str]:
    """ "<language>:<stage>" for every review right (and "<language>:translate") the group (or user) holds."""
    stages = {codename: stage for stage, codename in LANGUAGE_PERMISSION.items()}
    rows: Iterable[tuple[str, str]]
    if isinstance(group_or_user, Group):
        rows = LanguageGroupObjectPermission.objects.filter(
            group=group_or_user, permission__codename__in=stages
        ).values_list("content_object_id", "permission__codename")
    else:
        rows = LanguageUserObjectPermission.objects.filter(
            user=group_or_user, permission__codename__in=stages
        ).values_list("content_object_id", "permission__codename")
    return sorted(f"{code}:{stages[codename]}" for code, codename in rows)


# --- Groups and users themselves ------------------------------------------------------------
@transaction.atomic
def group_save(*, actor: Actor, group: Group) -> Group:
    """Create a group or rename one ("role.group_created" / "role.group_renamed")."""
    _require_manager(actor)
    before = None
    if group.pk:
        before = Group.objects.select_for_update(no_key=True).filter(pk=group.pk).values_list("name", flat=True).first()
    if before is not None and before == group.name:
        return group
    group.full_clean()
    group.save()
    if before is None:
        audit_record(
            actor=actor, verb="role.group_created", obj=group, data={"group": group.name, "group_id": group.pk}
        )
    else:
        audit_record(
            actor=actor,
            verb="role.group_renamed",
            obj=group,
            data={"group": group.name, "group_id": group.pk, "before": before, "after": group.name},
        )
    return group


@transaction.atomic
def group_delete(*, actor: Actor, group: Group) -> None:
    """Delete a group; the event lists the members, permissions and review rights it took with it."""
    _require_manager(actor)
    group = _locked_group(group)
    data = {
        "group": group.name,
        "group_id": group.pk,
        "members": sorted(group.user_set.values_list(get_user_model().USERNAME_FIELD, flat=True)),
        "permissions": _labels(group.permissions.select_related("content_type")),
        "language_grants": language_grants_of(group),
    }
    pk = group.pk
    group.delete()
    audit_record(actor=actor, verb="role.group_deleted", object_type="auth.group", object_id=str(pk), data=data)


@transaction.atomic
def user_delete(*, actor: Actor, user: User) -> None:
    """Delete a user account; the event lists the roles it held (a user who wrote anything is protected)."""
    _require_manager(actor)
    user = _locked_user(user)
    error = last_superuser_error(user, is_superuser=False)
    if error:
        raise ValidationError(error)
    data = {
        "user": user.get_username(),
        "user_id": user.pk,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": _labels(user.user_permissions.select_related("content_type")),
        "language_grants": language_grants_of(user),
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
    }
    pk = user.pk
    user.delete()
    audit_record(actor=actor, verb="role.user_deleted", object_type="auth.user", object_id=str(pk), data=data)


# --- Creating what is missing (migrate, setup_roles) -----------------------------------
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
        return bool(
            self.languages_created or self.groups_created or self.permissions_added or self.language_permissions_granted
        )

    def audit_data(self) -> dict:
        return {
            "languages_created": self.languages_created,
            "groups_created": self.groups_created,
            "permissions_added": self.permissions_added,
            "language_permissions_granted": self.language_permissions_granted,
        }


@transaction.atomic
def ensure_roles_report() -> RolesEnsured:
    """Create what is missing of the groups and their permissions, audited as the system.

    Safe to run any number of times: a run that creates nothing records nothing;
    one that does (a fresh database, a new language) records one "role.ensured"
    event, actor "system", listing what it created. Never removes anything.
    """
    # Test flushes empty the Language table along with everything else.
    languages_before = set(Language.objects.values_list("code", flat=True))
    ensure_language_rows()
    report = RolesEnsured(groups={})
    languages = list(Language.objects.all())
    report.languages_created = sorted({language.code for language in languages} - languages_before)
    # What is there already, in three reads whatever the number of languages: this runs after every
    # migrate, and usually finds everything in place.
    wanted = [AUTHORS, PUBLISHERS] + [
        stage_group_name(lang, stage) for lang in languages for stage in LANGUAGE_PERMISSION
    ]
    groups = {group.name: group for group in Group.objects.filter(name__in=wanted)}
    model_perms: dict[int, set[str]] = {}
    for group_id, app, codename in Group.permissions.through.objects.filter(
        group__name__in=(AUTHORS, PUBLISHERS)
    ).values_list("group_id", "permission__content_type__app_label", "permission__codename"):
        model_perms.setdefault(group_id, set()).add(f"{app}.{codename}")
    language_perms = set(
        LanguageGroupObjectPermission.objects.filter(group__name__in=wanted).values_list(
            "group_id", "content_object_id", "permission__codename"
        )
    )

    def group_named(name: str) -> Group:
        if name not in groups:
            group, created = Group.objects.get_or_create(name=name)
            if created:
                report.groups_created.append(name)
            groups[name] = group
        return groups[name]

    for name, perms in ((AUTHORS, AUTHOR_PERMISSIONS), (PUBLISHERS, PUBLISHER_PERMISSIONS)):
        group = group_named(name)
        missing = [label for label in perms if label not in model_perms.get(group.pk, set())]
        if missing:
            group.permissions.add(*[_perm(label) for label in missing])
            report.permissions_added[name] = missing
        report.groups[name] = group
    for language in languages:
        for stage, codename in LANGUAGE_PERMISSION.items():
            group = group_named(stage_group_name(language, stage))
            if (group.pk, language.pk, codename) not in language_perms:
                assign_perm(f"workbench.{codename}", group, language)
                report.language_permissions_granted.append(
                    {
                        "group": group.name,
                        "language": language.code,
                        "stage": stage,
                        "permission": f"workbench.{codename}",
                    }
                )
            report.groups[group.name] = group
    if report.changed:
        report.audit_seq = audit_record(actor=None, verb="role.ensured", data=report.audit_data()).seq
    return report


def ensure_roles() -> dict[str, Group]:
    """Create the groups and their permissions; safe to run any number of times (see ensure_roles_report)."""
    return ensure_roles_report().groups
