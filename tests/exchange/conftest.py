"""Vendors, exports and the database snapshot the refusal tests compare."""

from __future__ import annotations

import re

import pytest

from review.models import Approval, AuditEvent
from translations.exchange.services import leaflet_export
from translations.models import Contribution, MemoryEntry, SegmentEdit, TargetSegment, TextVersion, Vendor, VendorExport

FORMATS = ["xliff12", "xliff2"]


@pytest.fixture(autouse=True)
def _reviewers_edit_directly(settings):
    # Most files here follow a reviewer's import as their own edit of the text. By default reviewers
    # suggest instead, and only an author imports (tests/exchange/test_import_governed_by_direct_edits.py).
    settings.REVIEWERS_EDIT_DIRECTLY = True


@pytest.fixture
def vendor(db) -> Vendor:
    return Vendor.objects.create(name="lingua-sg", phi_policy=Vendor.PhiPolicy.BLOCK)


@pytest.fixture
def redacting_vendor(db) -> Vendor:
    return Vendor.objects.create(name="redacting-agency", phi_policy=Vendor.PhiPolicy.REDACT)


def export(leaflet, language, user, file_format="xliff12", vendor="lingua-sg"):
    return leaflet_export(leaflet=leaflet, language=language, file_format=file_format, vendor_name=vendor, user=user)


def replace_target(data: bytes, old: str, new: str) -> bytes:
    """The vendor's change: one target text replaced (inside <target> elements only)."""
    text = data.decode("utf-8")
    pattern = re.compile(r"(<target[^>]*>)" + re.escape(old) + r"(</target>)")
    changed, count = pattern.subn(lambda m: m.group(1) + new + m.group(2), text)
    assert count >= 1, f"no <target> holds {old!r}"
    return changed.encode("utf-8")


def database_state() -> dict:
    """Everything an import may change: compared before and after a refusal."""
    return {
        "segments": sorted(TargetSegment.objects.values_list("pk", "text", "edit_seq", "updated_by_id")),
        "texts": sorted(TextVersion.objects.values_list("pk", "content_hash", "edit_generation", "state")),
        "edits": SegmentEdit.objects.count(),
        "contributions": Contribution.objects.count(),
        "approvals": Approval.objects.count(),
        "audit": AuditEvent.objects.count(),
        "exports": VendorExport.objects.count(),
        "memory": sorted(MemoryEntry.objects.values_list("pk", "target_text", "reviewed")),
    }
