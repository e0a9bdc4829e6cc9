"""Changing translation vendors: the only way they change, every change audited.

Who may: an active user holding the model permission
(`review.permissions.can_manage_vendors`), or the system (actor None: a
management command). A vendor's PHI policy is "block" (an export that carries
an identifier is refused) or "redact" (placeholders out, originals restored on
import); there is no "allow", since a vendor is outside the hospital.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from review import permissions
from review.audit import audit_record
from translations.models import Vendor

VENDOR_FIELDS = ("name", "phi_policy", "enabled", "note")


def _require(actor, action: str) -> None:
    if actor is not None and not permissions.can_manage_vendors(actor, action):
        raise PermissionDenied(f"You may not {action} translation vendors.")


def vendor_snapshot(vendor: Vendor) -> dict[str, Any]:
    return {field: getattr(vendor, field) for field in VENDOR_FIELDS}


@transaction.atomic
def vendor_save(*, actor, vendor: Vendor) -> Vendor:
    """Create or change a vendor, audited; saving unchanged fields records nothing."""
    row = Vendor.objects.select_for_update(no_key=True).filter(pk=vendor.pk).first() if vendor.pk else None
    before = vendor_snapshot(row) if row is not None else None
    _require(actor, "add" if before is None else "change")
    vendor.full_clean()
    after = vendor_snapshot(vendor)
    changes = {
        field: [None if before is None else before[field], after[field]]
        for field in VENDOR_FIELDS
        if before is None or before[field] != after[field]
    }
    if before is not None and not changes:
        return vendor
    vendor.save()
    audit_record(
        actor=actor,
        verb="vendor.created" if before is None else "vendor.changed",
        obj=vendor,
        data={"vendor": vendor.name, "changes": changes},
    )
    return vendor


@transaction.atomic
def vendor_delete(*, actor, vendor: Vendor) -> None:
    """Delete a vendor that was never sent a file (exports keep theirs: PROTECT), audited."""
    _require(actor, "delete")
    vendor = Vendor.objects.select_for_update(no_key=True).get(pk=vendor.pk)
    snapshot, pk = vendor_snapshot(vendor), vendor.pk
    vendor.delete()
    audit_record(
        actor=actor,
        verb="vendor.deleted",
        object_type="translations.vendor",
        object_id=str(pk),
        data={"vendor": snapshot["name"], "fields": snapshot},
    )
