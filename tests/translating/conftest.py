"""A Malay text waiting for a translator, and a translator's work done through the real edit service."""

from __future__ import annotations

import pytest

from tests.conftest import TICO, make_leaflet, text_of, title_translation
from translations.edits import target_segment_edit
from translations.models import TargetSegment, TextVersion


def translation_of(segment: TargetSegment, language: str) -> str:
    """The TICO sentence (or the title from TITLES) for this segment, as a person would write it."""
    source = segment.source_segment.text
    if segment.source_segment.kind == "title":
        return title_translation(source, language)
    return next(row[language] for row in TICO if row["en"] == source)


def segments_of(text_version: TextVersion) -> list[TargetSegment]:
    return list(
        TargetSegment.objects.filter(text_version=text_version).select_related("source_segment").order_by("position")
    )


def translate_by(translator, text_version: TextVersion, *, only: int | None = None) -> TextVersion:
    """The translator saves each segment (or the first `only` of them) as the translation screen does."""
    for segment in segments_of(text_version)[:only]:
        target_segment_edit(
            segment=segment,
            editor=translator,
            text=translation_of(segment, text_version.language_id),
            expected_seq=segment.edit_seq,
        )
    return TextVersion.objects.get(pk=text_version.pk)


@pytest.fixture
def malay_text(personas) -> TextVersion:
    """The Malay text of a new English + Malay leaflet: no model, so nothing is translated."""
    leaflet = make_leaflet(personas.author, languages=("en", "ms"))
    return text_of(leaflet, "ms")
