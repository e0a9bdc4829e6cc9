"""Translators are a group per language holding the Language row's "translate" right, managed like reviewers."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from review import permissions
from review.models import LanguageGroupObjectPermission
from review.role_services import ensure_roles_report, language_grants_of, language_permission_grant
from tests.admin.conftest import events
from tests.conftest import make_user, text_of
from workbench.models import Language


def test_ensure_roles_creates_a_translator_group_per_language_holding_the_translate_right(personas):
    for language in Language.objects.all():
        group = Group.objects.get(name=f"{language.name} translators")
        assert language_grants_of(group) == [f"{language.code}:translate"]
    assert Group.objects.filter(name="Malay translators").exists()


def test_a_missing_translator_group_is_recreated_and_recorded_as_the_system(personas):
    Group.objects.filter(name="Malay translators").delete()

    report = ensure_roles_report()

    assert report.groups_created == ["Malay translators"]
    assert report.language_permissions_granted == [
        {"group": "Malay translators", "language": "ms", "stage": "translate", "permission": "workbench.translate"}
    ]
    [event] = events("role.ensured")[-1:]
    assert event.actor is None and event.data["groups_created"] == ["Malay translators"]


def test_a_superuser_grants_the_translate_right_in_the_admin_and_it_is_audited(personas):
    from tests.admin.conftest import client_for

    superuser = type(personas.author).objects.create_superuser("root", "root@example.invalid", None)
    group = Group.objects.create(name="Tamil agency translators")
    url = f"/admin/workbench/language/ta/permissions/group-manage/{group.pk}/"

    assert client_for(superuser).post(url, {"permissions": ["translate"]}).status_code == 302

    assert LanguageGroupObjectPermission.objects.filter(
        group=group, content_object_id="ta", permission__codename="translate"
    ).exists()
    [granted] = events("role.permission_granted", group="Tamil agency translators")
    assert granted.actor == superuser
    assert granted.data["stage"] == "translate" and granted.data["permission"] == "workbench.translate"
    member = make_user("agency", "Tamil agency translators")
    assert permissions.translate_languages(member) == {"ta"}


def test_it_refuses_a_reviewer_granting_themselves_the_translate_right(personas):
    reviewer = personas.reviewer("ms", "native")
    with pytest.raises(PermissionDenied):
        language_permission_grant(
            actor=reviewer, group_or_user=reviewer, language=Language.objects.get(code="ms"), stage="translate"
        )
    assert not permissions.translate_languages(type(reviewer).objects.get(pk=reviewer.pk))


def test_a_translator_is_not_a_reviewer_and_translates_only_their_language(translated_leaflet, personas):
    translator = personas.translator("ms")

    assert permissions.is_translator(translator) and not permissions.is_reviewer(translator)
    assert permissions.review_stages(translator) == {}
    assert permissions.can_translate(translator, text_of(translated_leaflet, "ms"))
    assert not permissions.can_translate(translator, text_of(translated_leaflet, "ta"))
    assert not permissions.can_translate(translator, text_of(translated_leaflet, "en"))  # the source: revisions only
    assert not permissions.can_review(translator, text_of(translated_leaflet, "ms"), "native")
    assert not permissions.can_translate(personas.reviewer("ms", "native"), text_of(translated_leaflet, "ms"))
