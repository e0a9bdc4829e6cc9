"""A translated leaflet whose Chinese text a lone native-speaker reviewer reads and suggests changes to."""

from __future__ import annotations

import pytest

from review.suggestions import suggestion_create
from tests.conftest import text_of
from translations.models import TargetSegment

# TICO-19 CMU_1:2 in Chinese ("about how long have these symptoms been going on?"), reworded the
# way a native speaker would say it to a patient: "How long have you had these symptoms?"
BETTER_ZH = "这些症状您有多久了？"


@pytest.fixture(autouse=True)
def _reviewers_suggest(settings):
    """The default deployment (WORKBENCH_REVIEWERS_EDIT_DIRECTLY off), whatever the test run's environment."""
    settings.REVIEWERS_EDIT_DIRECTLY = False


def segment_of(text_version, position: int = 1) -> TargetSegment:
    """A target segment as the screen shows it now (position 0 is the title)."""
    return TargetSegment.objects.get(text_version=text_version, position=position)


@pytest.fixture
def chinese(translated_leaflet):
    return text_of(translated_leaflet, "zh")


@pytest.fixture
def suggested(chinese, personas):
    """The Chinese native-speaker reviewer's suggestion for the first paragraph."""
    segment = segment_of(chinese)
    return suggestion_create(
        text_version=chinese,
        segment_key=segment.key,
        text=BETTER_ZH,
        reviewer=personas.reviewer("zh", "native"),
        expected_seq=segment.edit_seq,
    )
