"""Who is in which group, and who is staff or superuser: a superuser's decision, audited.

Django's own user admin lets anyone holding auth.change_user tick any group or
"superuser status", themselves included; here only a superuser can.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError

from review import permissions
from review.models import AuditEvent
from review.role_services import role_membership_change, role_membership_set, user_delete, user_flags_change
from tests.admin.conftest import change_form_data, client_for, events

TAMIL_CLINICIANS = "Tamil clinicians"


def user_url(user, suffix="change/"):
    return f"/admin/auth/user/{user.pk}/{suffix}"


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_it_refuses_a_staff_user_adding_themselves_to_the_tamil_clinicians(as_staff, staff):
    tamil = Group.objects.get(name=TAMIL_CLINICIANS)
    page = as_staff.get(user_url(staff))
    before = AuditEvent.objects.count()

    data = change_form_data(
        page,
        groups=[str(tamil.pk)],
        user_permissions=[str(p.pk) for p in Permission.objects.filter(codename="add_publication")],
        is_superuser=True,
    )
    response = as_staff.post(user_url(staff), data)

    assert response.status_code == 302  # the rest of the form saved; the role fields were read-only
    staff = fresh(staff)
    assert not staff.groups.exists()
    assert not staff.is_superuser
    assert not staff.user_permissions.filter(codename="add_publication").exists()
    assert not permissions.can_review(staff, type("T", (), {"language_id": "ta"})(), "clinical")
    assert AuditEvent.objects.count() == before


def test_a_staff_user_sees_role_fields_read_only(as_staff, staff, personas):
    form = as_staff.get(user_url(personas.outsider)).context["adminform"].form
    assert not {"groups", "user_permissions", "is_superuser", "is_staff"} & set(form.fields)
    assert "email" in form.fields


def test_it_refuses_a_staff_user_editing_a_superuser_or_setting_a_reviewers_password(as_staff, superuser, personas):
    response = as_staff.post(user_url(superuser), {"username": "root", "email": "mine@example.invalid"})
    assert response.status_code == 403
    assert fresh(superuser).email == "root@example.invalid"

    reviewer = personas.reviewer("ta", "clinical")
    response = as_staff.post(
        user_url(reviewer, "password/"), {"password1": "A-long-new-pass-2026", "password2": "A-long-new-pass-2026"}
    )
    assert response.status_code == 403
    assert not fresh(reviewer).has_usable_password()


def test_it_refuses_a_staff_user_deleting_a_user(as_staff, personas):
    response = as_staff.post(user_url(personas.outsider, "delete/"), {"post": "yes"})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=personas.outsider.pk).exists()


def test_a_superuser_adds_and_removes_a_member_and_each_change_is_audited(as_superuser, superuser, personas):
    tamil = Group.objects.get(name=TAMIL_CLINICIANS)
    outsider = personas.outsider

    data = change_form_data(as_superuser.get(user_url(outsider)), groups=[str(tamil.pk)])
    assert as_superuser.post(user_url(outsider), data).status_code == 302

    assert list(fresh(outsider).groups.values_list("name", flat=True)) == [TAMIL_CLINICIANS]
    [added] = events("role.member_added", user="outsider")
    assert added.actor == superuser
    assert added.data == {"user": "outsider", "user_id": outsider.pk, "group": TAMIL_CLINICIANS, "group_id": tamil.pk}
    assert (added.object_type, added.object_id) == ("auth.user", str(outsider.pk))

    data = change_form_data(as_superuser.get(user_url(outsider)), groups=[])
    assert as_superuser.post(user_url(outsider), data).status_code == 302
    assert not fresh(outsider).groups.exists()
    assert len(events("role.member_removed", user="outsider", group=TAMIL_CLINICIANS)) == 1


def test_saving_a_user_without_changing_roles_records_no_role_event(as_superuser, personas):
    reviewer = personas.reviewer("ta", "native")
    before = AuditEvent.objects.count()
    data = change_form_data(as_superuser.get(user_url(reviewer)), first_name="Kavitha")
    assert as_superuser.post(user_url(reviewer), data).status_code == 302
    assert fresh(reviewer).first_name == "Kavitha"
    assert AuditEvent.objects.count() == before


def test_a_superuser_grants_superuser_and_staff_status_audited_with_before_and_after(as_superuser, superuser, personas):
    outsider = personas.outsider
    data = change_form_data(as_superuser.get(user_url(outsider)), is_superuser=True, is_staff=True)
    assert as_superuser.post(user_url(outsider), data).status_code == 302

    outsider = fresh(outsider)
    assert outsider.is_superuser and outsider.is_staff
    [granted] = events("role.superuser_granted", user="outsider")
    assert (granted.actor, granted.data["before"], granted.data["after"]) == (superuser, False, True)
    assert events("role.staff_granted", user="outsider", flag="is_staff")


def test_a_superuser_grants_a_user_model_permissions_audited(as_superuser, personas):
    outsider = personas.outsider
    perm = Permission.objects.get(codename="add_publication")
    data = change_form_data(as_superuser.get(user_url(outsider)), user_permissions=[str(perm.pk)])
    assert as_superuser.post(user_url(outsider), data).status_code == 302
    assert fresh(outsider).user_permissions.filter(pk=perm.pk).exists()
    assert events("role.user_permission_granted", user="outsider", permissions=["review.add_publication"])


def test_the_last_superuser_cannot_demote_themselves(as_superuser, superuser):
    data = change_form_data(as_superuser.get(user_url(superuser)), is_superuser=False)
    response = as_superuser.post(user_url(superuser), data)
    assert response.status_code == 200
    assert "last active superuser" in response.content.decode()
    assert fresh(superuser).is_superuser
    with pytest.raises(ValidationError, match="last active superuser"):
        user_flags_change(actor=superuser, user=superuser, is_superuser=False)
    with pytest.raises(ValidationError, match="last active superuser"):
        user_delete(actor=superuser, user=superuser)


def test_a_superuser_deletes_a_user_and_the_event_lists_their_roles(as_superuser, personas):
    reviewer = personas.reviewer("ms", "native")
    response = as_superuser.post(user_url(reviewer, "delete/"), {"post": "yes"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=reviewer.pk).exists()
    [deleted] = events("role.user_deleted", user=reviewer.username)
    assert deleted.data["groups"] == ["Malay native-speaker reviewers"]


# --- The services themselves --------------------------------------------------------------------
def test_the_service_refuses_anyone_but_a_superuser_and_changes_nothing(staff, personas):
    tamil = Group.objects.get(name=TAMIL_CLINICIANS)
    for actor in (staff, personas.publisher, personas.reviewer("ta", "clinical")):
        with pytest.raises(PermissionDenied):
            role_membership_change(actor=actor, user=actor, add_groups=[tamil])
        with pytest.raises(PermissionDenied):
            user_flags_change(actor=actor, user=actor, is_superuser=True)
    assert not staff.groups.filter(pk=tamil.pk).exists()
    assert not fresh(staff).is_superuser
    assert not events("role.member_added")


def test_an_inactive_superuser_is_refused(superuser, personas):
    superuser.is_active = False
    with pytest.raises(PermissionDenied):
        role_membership_change(
            actor=superuser, user=personas.outsider, add_groups=[Group.objects.get(name="Publishers")]
        )


def test_the_service_records_only_what_changed(superuser, personas):
    publishers, authors = Group.objects.get(name="Publishers"), Group.objects.get(name="Authors")
    added, removed = role_membership_change(actor=superuser, user=personas.publisher, add_groups=[publishers, authors])
    assert (added, removed) == (["Authors"], [])
    assert [e.data["group"] for e in events("role.member_added", user="publisher")] == ["Authors"]

    assert role_membership_set(actor=superuser, user=personas.publisher, groups=[publishers, authors]) == ([], [])
    assert len(events("role.member_added", user="publisher")) == 1


def test_the_system_may_change_membership_and_is_recorded_as_system(personas):
    role_membership_change(actor=None, user=personas.outsider, add_groups=[Group.objects.get(name="Authors")])
    [event] = events("role.member_added", user="outsider")
    assert event.actor is None and event.actor_name == "system"


def test_the_service_refuses_adding_and_removing_the_same_group(superuser, personas):
    authors = Group.objects.get(name="Authors")
    with pytest.raises(ValidationError):
        role_membership_change(actor=superuser, user=personas.outsider, add_groups=[authors], remove_groups=[authors])


def test_a_second_superuser_may_be_demoted(superuser, personas):
    other = get_user_model().objects.create_superuser("root2", "root2@example.invalid", None)
    assert user_flags_change(actor=superuser, user=other, is_superuser=False) == ["is_superuser"]
    assert not fresh(other).is_superuser
    assert client_for(other).get("/admin/auth/group/add/").status_code == 403
