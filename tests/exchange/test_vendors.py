"""Vendors change only through the audited services, and only for users holding the model permission."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent
from translations.exchange.vendors import vendor_delete, vendor_save
from translations.models import Vendor


@pytest.fixture
def vendor_manager(personas):
    user = personas.outsider
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_vendor", "change_vendor", "delete_vendor"]))
    return type(user).objects.get(pk=user.pk)


def test_a_manager_adds_changes_and_deletes_a_vendor_each_audited(vendor_manager):
    vendor = vendor_save(actor=vendor_manager, vendor=Vendor(name="tamil-works"))
    vendor.phi_policy = Vendor.PhiPolicy.REDACT
    vendor_save(actor=vendor_manager, vendor=vendor)
    vendor_save(actor=vendor_manager, vendor=vendor)  # unchanged: nothing recorded
    vendor_delete(actor=vendor_manager, vendor=vendor)

    events = list(AuditEvent.objects.filter(verb__startswith="vendor.").order_by("seq"))
    assert [e.verb for e in events] == ["vendor.created", "vendor.changed", "vendor.deleted"]
    assert events[1].data["changes"] == {"phi_policy": ["block", "redact"]}
    assert not Vendor.objects.exists()


def test_it_refuses_a_user_without_the_model_permission(personas):
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        vendor_save(actor=personas.author, vendor=Vendor(name="tamil-works"))
    assert not Vendor.objects.exists() and AuditEvent.objects.count() == events


def test_a_vendor_cannot_be_allowed_to_see_identifiers(vendor_manager):
    with pytest.raises(ValidationError):
        vendor_save(actor=vendor_manager, vendor=Vendor(name="tamil-works", phi_policy="allow"))


def test_the_admin_saves_a_vendor_through_the_service(db, as_user):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", None)
    client = as_user(admin)
    assert client.get("/admin/translations/vendor/add/").status_code == 200
    response = client.post(
        "/admin/translations/vendor/add/", {"name": "tamil-works", "phi_policy": "redact", "enabled": "on", "note": ""}
    )
    assert response.status_code == 302 and Vendor.objects.get().phi_policy == "redact"
    assert AuditEvent.objects.filter(verb="vendor.created", actor=admin).exists()
    assert client.get("/admin/translations/vendorexport/").status_code == 200
