"""A group's permissions make it a role: only a superuser changes them, creates, renames or deletes a group."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from review import permissions
from review.models import AuditEvent
from review.role_services import group_delete, group_permissions_set, group_save
from tests.admin.conftest import change_form_data, events


def group_url(group, suffix="change/"):
    return f"/admin/auth/group/{group.pk}/{suffix}"


def perm(label):
    app, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app, codename=codename)


def test_it_refuses_a_staff_user_giving_their_group_the_publishers_permissions(as_staff, staff):
    authors = Group.objects.get(name="Authors")
    staff.groups.add(authors)  # set up directly
    before = set(authors.permissions.values_list("pk", flat=True))
    audit_before = AuditEvent.objects.count()

    page = as_staff.get(group_url(authors))
    assert page.status_code == 200  # they may look
    assert "permissions" not in page.context["adminform"].form.fields
    response = as_staff.post(
        group_url(authors),
        {"name": "Authors", "permissions": [str(p) for p in before | {perm("review.add_publication").pk}]},
    )

    assert response.status_code == 403
    assert set(authors.permissions.values_list("pk", flat=True)) == before
    assert not permissions.is_publisher(type(staff).objects.get(pk=staff.pk))
    assert AuditEvent.objects.count() == audit_before


def test_it_refuses_a_staff_user_adding_renaming_or_deleting_a_group(as_staff):
    clinicians = Group.objects.get(name="Tamil clinicians")
    assert as_staff.post("/admin/auth/group/add/", {"name": "Shadow publishers"}).status_code == 403
    assert as_staff.post(group_url(clinicians), {"name": "Renamed"}).status_code == 403
    assert as_staff.post(group_url(clinicians, "delete/"), {"post": "yes"}).status_code == 403
    assert Group.objects.filter(name="Tamil clinicians").exists()
    assert not Group.objects.filter(name__in=["Shadow publishers", "Renamed"]).exists()


def test_a_superuser_changes_a_groups_permissions_and_the_change_is_audited(as_superuser, superuser):
    authors = Group.objects.get(name="Authors")
    added = perm("translations.delete_glossaryterm")
    removed = perm("translations.add_job")
    wanted = set(authors.permissions.values_list("pk", flat=True)) - {removed.pk} | {added.pk}
    data = change_form_data(as_superuser.get(group_url(authors)), permissions=[str(pk) for pk in wanted])

    assert as_superuser.post(group_url(authors), data).status_code == 302

    assert set(authors.permissions.values_list("pk", flat=True)) == wanted
    [granted] = events("role.group_permission_granted", group="Authors")
    assert granted.actor == superuser and granted.data["permissions"] == ["translations.delete_glossaryterm"]
    [revoked] = events("role.group_permission_revoked", group="Authors")
    assert revoked.data["permissions"] == ["translations.add_job"]


def test_a_superuser_creates_renames_and_deletes_a_group_audited(as_superuser, personas):
    response = as_superuser.post(
        "/admin/auth/group/add/", {"name": "Pharmacists", "permissions": [str(perm("workbench.view_leaflet").pk)]}
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Pharmacists")
    assert events("role.group_created", group="Pharmacists")
    assert events("role.group_permission_granted", group="Pharmacists", permissions=["workbench.view_leaflet"])

    data = change_form_data(as_superuser.get(group_url(group)), name="Hospital pharmacists")
    assert as_superuser.post(group_url(group), data).status_code == 302
    [renamed] = events("role.group_renamed")
    assert (renamed.data["before"], renamed.data["after"]) == ("Pharmacists", "Hospital pharmacists")

    personas.outsider.groups.add(group)
    assert as_superuser.post(group_url(group, "delete/"), {"post": "yes"}).status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    [deleted] = events("role.group_deleted", group="Hospital pharmacists")
    assert deleted.data["members"] == ["outsider"]
    assert deleted.data["permissions"] == ["workbench.view_leaflet"]


def test_deleting_a_reviewer_group_records_the_review_rights_it_held(superuser):
    group_delete(actor=superuser, group=Group.objects.get(name="Tamil clinicians"))
    [deleted] = events("role.group_deleted", group="Tamil clinicians")
    assert deleted.data["language_grants"] == ["ta:clinical"]


def test_the_services_refuse_a_non_superuser(staff):
    authors = Group.objects.get(name="Authors")
    with pytest.raises(PermissionDenied):
        group_permissions_set(actor=staff, group=authors, permissions_=[perm("review.add_publication")])
    with pytest.raises(PermissionDenied):
        group_save(actor=staff, group=Group(name="Shadow"))
    with pytest.raises(PermissionDenied):
        group_delete(actor=staff, group=authors)
    assert not authors.permissions.filter(codename="add_publication").exists()
    assert not Group.objects.filter(name="Shadow").exists()
