"""setup_roles (and migrate) create what is missing of the roles, recorded as a system change; nothing more."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command

from review.models import AuditEvent, LanguageGroupObjectPermission
from review.role_services import ensure_roles, ensure_roles_report
from tests.admin.conftest import events


def test_a_complete_database_records_nothing(personas):
    before = AuditEvent.objects.count()
    ensure_roles()
    report = ensure_roles_report()
    assert not report.changed and report.audit_seq is None
    assert AuditEvent.objects.count() == before


def test_what_was_missing_is_created_and_recorded_as_the_system(personas):
    Group.objects.get(name="Publishers").permissions.clear()
    LanguageGroupObjectPermission.objects.filter(group__name="Tamil clinicians").delete()
    Group.objects.filter(name="Malay native-speaker reviewers").delete()

    out = StringIO()
    call_command("setup_roles", stdout=out)

    [event] = events("role.ensured")[-1:]
    assert event.actor is None and event.actor_name == "system"
    assert event.data["groups_created"] == ["Malay native-speaker reviewers"]
    assert sorted(event.data["permissions_added"]) == ["Publishers"]
    assert "review.add_publication" in event.data["permissions_added"]["Publishers"]
    assert {(g["group"], g["language"], g["stage"]) for g in event.data["language_permissions_granted"]} == {
        ("Tamil clinicians", "ta", "clinical"),
        ("Malay native-speaker reviewers", "ms", "native"),
    }
    assert f"recorded as audit event {event.seq}" in out.getvalue()

    before = AuditEvent.objects.count()
    out = StringIO()
    call_command("setup_roles", stdout=out)
    assert AuditEvent.objects.count() == before
    assert "nothing recorded" in out.getvalue()


def test_checking_a_complete_database_takes_a_fixed_handful_of_queries(personas, django_assert_max_num_queries):
    # It runs after every migrate and test flush: a read per group and language would be forty.
    with django_assert_max_num_queries(8):  # six reads and the savepoint around them
        report = ensure_roles_report()
    assert not report.changed and len(report.groups) == 2 + 3 * 4
