"""Reading a dual text the way the reconciliation screen does, for the tests."""

from __future__ import annotations

from translations.dual_forward import newest_versions
from translations.models import TargetSegment, TextVersion


def segments_of(text_version: TextVersion) -> list[TargetSegment]:
    return list(
        TargetSegment.objects.filter(text_version=text_version).select_related("source_segment").order_by("position")
    )


def versions_of(text_version: TextVersion):
    """{key: {"a": ForwardTranslation, "b": ForwardTranslation}}, the newest of each slot."""
    return newest_versions(text_version)
