"""Who may review which language (guardian object permissions on the Language row): a superuser's decision.

The issue: "A staff user allowed to change languages can grant themselves Tamil
review rights through the admin's object-permission screens."
"""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from review import permissions
from review.models import AuditEvent, LanguageGroupObjectPermission, LanguageUserObjectPermission
from review.role_services import language_permission_grant, language_permission_revoke
from tests.admin.conftest import events
from workbench.models import Language

PERMS = "/admin/workbench/language/ta/permissions/"


def review_rights():
    return (
        sorted(
            LanguageGroupObjectPermission.objects.values_list(
                "group__name", "content_object_id", "permission__codename"
            )
        ),
        sorted(
            LanguageUserObjectPermission.objects.values_list(
                "user__username", "content_object_id", "permission__codename"
            )
        ),
    )


def test_it_refuses_a_staff_user_granting_themselves_tamil_review_rights(as_staff, staff):
    before, audit_before = review_rights(), AuditEvent.objects.count()

    assert as_staff.get(f"{PERMS}user-manage/{staff.pk}/").status_code == 403
    response = as_staff.post(f"{PERMS}user-manage/{staff.pk}/", {"permissions": ["review_native", "review_clinical"]})
    assert response.status_code == 403
    response = as_staff.post(PERMS, {"user": staff.username, "submit_manage_user": "Manage user"})
    assert response.status_code == 403

    assert review_rights() == before
    assert not permissions.review_stages(staff)
    assert AuditEvent.objects.count() == audit_before


def test_it_refuses_a_staff_user_granting_rights_to_a_group_they_are_in(as_staff, staff, personas):
    group = Group.objects.get(name="Malay clinicians")
    staff.groups.add(group)  # set up directly: the staff user already reviews Malay
    before = review_rights()

    response = as_staff.post(f"{PERMS}group-manage/{group.pk}/", {"permissions": ["review_clinical"]})

    assert response.status_code == 403
    assert review_rights() == before
    assert "ta" not in permissions.review_stages(staff)


def test_a_staff_user_sees_who_reviews_a_language_but_no_form_to_change_it(as_staff):
    response = as_staff.get(PERMS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tamil clinicians" in page
    assert "Only a superuser may change who reviews this language." in page
    assert "submit_manage_group" not in page and "submit_manage_user" not in page
    assert as_staff.post("/admin/workbench/language/ta/change/", {}).status_code == 403


def test_a_superuser_grants_and_revokes_a_groups_review_right_and_both_are_audited(as_superuser, superuser):
    group = Group.objects.get(name="Malay clinicians")
    url = f"{PERMS}group-manage/{group.pk}/"
    form = as_superuser.get(url).context["form"]
    # The language rights: the two review stages and translating ("Malay translators" hold that one).
    assert sorted(code for code, _name in form.fields["permissions"].choices) == [
        "review_clinical",
        "review_native",
        "translate",
    ]

    assert as_superuser.post(url, {"permissions": ["review_clinical"]}).status_code == 302
    assert LanguageGroupObjectPermission.objects.filter(
        group=group, content_object_id="ta", permission__codename="review_clinical"
    ).exists()
    [granted] = events("role.permission_granted", group="Malay clinicians")
    assert granted.actor == superuser
    assert (granted.object_type, granted.object_id) == ("workbench.language", "ta")
    assert granted.data == {
        "group": "Malay clinicians",
        "group_id": group.pk,
        "language": "ta",
        "stage": "clinical",
        "permission": "workbench.review_clinical",
    }

    # Nothing ticked: a browser still sends its CSRF token (an empty POST is a GET to guardian).
    assert as_superuser.post(url, {"csrfmiddlewaretoken": "x"}).status_code == 302
    assert not LanguageGroupObjectPermission.objects.filter(group=group, content_object_id="ta").exists()
    assert len(events("role.permission_revoked", group="Malay clinicians", language="ta")) == 1


def test_a_superuser_grants_one_user_a_review_right_directly(as_superuser, personas):
    outsider = personas.outsider
    response = as_superuser.post(f"{PERMS}user-manage/{outsider.pk}/", {"permissions": ["review_native"]})
    assert response.status_code == 302
    assert permissions.review_stages(type(outsider).objects.get(pk=outsider.pk)) == {"ta": {"native"}}
    assert events("role.permission_granted", user="outsider", stage="native", language="ta")


def test_a_superuser_saving_unchanged_rights_records_nothing(as_superuser):
    group = Group.objects.get(name="Tamil clinicians")
    before = AuditEvent.objects.count()
    response = as_superuser.post(f"{PERMS}group-manage/{group.pk}/", {"permissions": ["review_clinical"]})
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before


def test_the_superuser_form_offers_no_other_object_permission(as_superuser):
    group = Group.objects.get(name="Tamil clinicians")
    response = as_superuser.post(
        f"{PERMS}group-manage/{group.pk}/", {"permissions": ["review_clinical", "change_language"]}
    )
    assert response.status_code == 200  # "change_language" is not a valid choice
    assert not LanguageGroupObjectPermission.objects.filter(permission__codename="change_language").exists()


# --- The services themselves --------------------------------------------------------------------
def test_the_service_refuses_a_non_superuser(staff, personas):
    tamil = Language.objects.get(code="ta")
    for actor in (staff, personas.reviewer("ta", "native"), personas.publisher):
        with pytest.raises(PermissionDenied):
            language_permission_grant(actor=actor, group_or_user=actor, language=tamil, stage="clinical")
    clinicians = Group.objects.get(name="Tamil clinicians")
    with pytest.raises(PermissionDenied):
        language_permission_revoke(actor=staff, group_or_user=clinicians, language=tamil, stage="clinical")
    assert LanguageGroupObjectPermission.objects.filter(group=clinicians, content_object_id="ta").exists()
    assert not LanguageUserObjectPermission.objects.exists()


def test_the_service_grants_once_and_refuses_an_unknown_stage(superuser):
    tamil = Language.objects.get(code="ta")
    group = Group.objects.get(name="Authors")
    assert language_permission_grant(actor=superuser, group_or_user=group, language=tamil, stage="native") is True
    assert language_permission_grant(actor=superuser, group_or_user=group, language=tamil, stage="native") is False
    assert len(events("role.permission_granted", group="Authors")) == 1
    with pytest.raises(ValidationError):
        language_permission_grant(actor=superuser, group_or_user=group, language=tamil, stage="publish")
    assert language_permission_revoke(actor=superuser, group_or_user=group, language=tamil, stage="native") is True
    assert language_permission_revoke(actor=superuser, group_or_user=group, language=tamil, stage="native") is False
