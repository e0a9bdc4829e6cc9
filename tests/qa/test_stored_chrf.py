"""The QA run at a job's finish uses the chrF stored with a back-translation instead of scoring it again.

Only a figure stored with the very back-translation the check looks at, and
only when it proves the segment passes even off by its rounding; otherwise
the check scores the text itself, so the findings are the ones it would give
without stored figures.
"""

from __future__ import annotations

import pytest

from translations.models import Finding, TargetSegment, TextVersion
from translations.qa.checks import back_translation
from translations.qa.checks.back_translation import score, stored_figure_passes, stored_scores

from .conftest import of, run

EN = "about how long have these symptoms been going on?"
MS = "agak-agak sudah berapa lamakah simptom ini berterusan?"
FAITHFUL = "roughly how long have these symptoms been going on?"
FAR = "please take two tablets after meals"


@pytest.fixture
def scored(monkeypatch) -> list[tuple[str, str]]:
    """The (back-translation, source) pairs the check scored itself."""
    calls: list[tuple[str, str]] = []

    def counting(back: str, source: str, source_lang: str) -> float:
        calls.append((back, source))
        return score(back, source, source_lang)

    monkeypatch.setattr(back_translation, "score", counting)
    return calls


def test_a_stored_figure_that_clears_the_threshold_is_used(scored):
    with stored_scores({(FAITHFUL, EN): round(score(FAITHFUL, EN, "en"), 1)}):
        assert of(run(EN, MS, "ms", back_translation=FAITHFUL), "back_translation") == []
    assert scored == []


def test_without_a_stored_figure_the_check_scores_the_text(scored):
    assert of(run(EN, MS, "ms", back_translation=FAITHFUL), "back_translation") == []
    assert scored == [(FAITHFUL, EN)]


def test_a_figure_stored_with_another_back_translation_is_not_used(scored):
    # The figure of an older back-translation (a good one) says nothing about this one.
    with stored_scores({(FAITHFUL, EN): 90.0}):
        [finding] = of(run(EN, MS, "ms", back_translation=FAR), "back_translation")
    assert scored == [(FAR, EN)] and finding.severity == "warning"


def test_a_low_stored_figure_is_scored_again_so_the_warning_is_the_checks_own(scored):
    without = of(run(EN, MS, "ms", back_translation=FAR), "back_translation")
    scored.clear()
    with stored_scores({(FAR, EN): round(score(FAR, EN, "en"), 1)}):
        assert of(run(EN, MS, "ms", back_translation=FAR), "back_translation") == without
    assert scored == [(FAR, EN)]


@pytest.mark.parametrize(
    ("figure", "passes"), [(35.1, True), (35.0, False), (35.05, False), (34.9, False), (80.0, True)]
)
def test_a_figure_within_its_rounding_of_the_threshold_proves_nothing(figure, passes):
    # Stored figures are rounded to one decimal: 35.0 may be 34.96, below the English threshold of 35.
    assert stored_figure_passes(figure, "en") is passes


def test_the_chinese_threshold_applies_to_a_chinese_source():
    assert stored_figure_passes(20.1, "zh") and not stored_figure_passes(20.0, "zh")


# --- The QA run over a text version ----------------------------------------------------------
def _tamil(leaflet) -> TextVersion:
    return TextVersion.objects.get(revision_id=leaflet.current_revision_id, language_id="ta")


def _warnings(tv: TextVersion) -> set:
    tv.refresh_from_db()
    return set(
        Finding.objects.filter(text_version=tv, content_hash=tv.content_hash, check_id="back_translation").values_list(
            "segment_key", flat=True
        )
    )


def test_the_run_uses_the_stored_figures_and_scores_only_what_has_none(translated_leaflet, scored):
    from translations.qa_runner import qa_run_for_text_version

    tv = _tamil(translated_leaflet)
    rows = list(TargetSegment.objects.filter(text_version=tv).select_related("source_segment").order_by("position"))
    stored, unscored = rows[1], rows[2]
    for row, chrf in ((stored, 100.0), (unscored, None)):
        TargetSegment.objects.filter(pk=row.pk).update(
            back_translation=row.source_segment.text, back_translation_chrf=chrf
        )
    qa_run_for_text_version(text_version=tv)
    # A back-translation against its own source: scored only where no figure is stored. (The
    # shifted-segment check also scores it against the neighbours' sources, pairs nothing stores.)
    own = {(row.source_segment.text, row.source_segment.text) for row in (stored, unscored)}
    assert [pair for pair in scored if pair in own] == [(unscored.source_segment.text, unscored.source_segment.text)]


def test_a_reviewers_edit_leaves_no_figure_to_use(translated_leaflet, personas, scored):
    try:
        from translations.edits import target_segment_edit
    except ImportError:  # where it lived before jobs.py was split
        from translations.text_versions import target_segment_edit  # type: ignore[no-redef]

    tv = _tamil(translated_leaflet)
    row = TargetSegment.objects.filter(text_version=tv).select_related("source_segment").order_by("position")[1]
    TargetSegment.objects.filter(pk=row.pk).update(
        back_translation=row.source_segment.text, back_translation_chrf=100.0
    )
    row.refresh_from_db()

    target_segment_edit(
        segment=row, editor=personas.reviewer("ta", "native"), text="வேறு ஒரு வாக்கியம்.", expected_seq=row.edit_seq
    )

    row.refresh_from_db()
    assert (row.back_translation, row.back_translation_chrf) == ("", None)
    assert scored == [] and row.key not in _warnings(tv)


def test_findings_are_the_same_with_and_without_stored_figures(translated_leaflet):
    from translations.qa_runner import qa_run_for_text_version

    tv = _tamil(translated_leaflet)
    rows = list(TargetSegment.objects.filter(text_version=tv).select_related("source_segment").order_by("position"))
    title, first, second = rows  # the title and two sentences
    backs = {title.pk: title.source_segment.text, first.pk: FAITHFUL, second.pk: FAR}
    for row in rows:
        TargetSegment.objects.filter(pk=row.pk).update(back_translation=backs[row.pk], back_translation_chrf=None)
    qa_run_for_text_version(text_version=tv)
    without = _warnings(tv)
    for row in rows:
        TargetSegment.objects.filter(pk=row.pk).update(
            back_translation_chrf=round(score(backs[row.pk], row.source_segment.text, "en"), 1)
        )
    qa_run_for_text_version(text_version=tv)
    assert _warnings(tv) == without == {second.key}
