"""A superuser is no publisher or reviewer unless they are in those groups."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from review import permissions
from review.models import Approval, Publication
from review.roles import PUBLISHERS
from review.services import leaflet_publish, translation_approve
from tests.conftest import text_of
from tests.web.conftest import once


@pytest.fixture
def superuser(personas):
    return get_user_model().objects.create_superuser("root", "root@example.invalid", password=None)


def test_it_refuses_a_superuser_who_is_not_a_publisher(approved_leaflet, superuser, as_user):
    assert not permissions.can_publish(superuser, approved_leaflet)
    with pytest.raises(PermissionDenied):
        leaflet_publish(leaflet=approved_leaflet, publisher=superuser)
    response = as_user(superuser).post(f"/leaflets/{approved_leaflet.pk}/publish/", {"_once": once()})
    assert response.status_code in (403, 404)
    assert not Publication.objects.exists()


def test_it_refuses_a_superuser_approving_a_text(translated_leaflet, superuser, as_user):
    tamil = text_of(translated_leaflet, "ta")
    with pytest.raises(PermissionDenied):
        translation_approve(text_version=tamil, reviewer=superuser, stage="native", expected_hash=tamil.content_hash)
    response = as_user(superuser).post(
        f"/review/{tamil.pk}/decision/", {"action": "approve", "stage": "native", "expected_hash": tamil.content_hash}
    )
    assert response.status_code in (403, 404)
    assert not Approval.objects.exists()


def test_a_superuser_in_the_publishers_group_publishes(approved_leaflet, superuser):
    from django.contrib.auth.models import Group

    superuser.groups.add(Group.objects.get(name=PUBLISHERS))
    superuser = get_user_model().objects.get(pk=superuser.pk)
    assert leaflet_publish(leaflet=approved_leaflet, publisher=superuser).state == "live"


def test_permissions_given_to_a_user_directly_are_not_a_role(approved_leaflet, personas):
    from django.contrib.auth.models import Permission

    personas.outsider.user_permissions.add(Permission.objects.get(codename="add_publication"))
    outsider = get_user_model().objects.get(pk=personas.outsider.pk)
    assert outsider.has_perm("review.add_publication")  # Django would say yes...
    assert not permissions.can_publish(outsider, approved_leaflet)  # ...the workbench says no
