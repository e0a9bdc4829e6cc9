"""The whole TICO-19 dev set: false errors on the professional translations
and detection of corrupted copies, at the goals in docs/qa.md."""

import pytest

from bench.qa_corpus import DEFAULT_TICO, LANGUAGES, load_tico
from bench.qa_measure import malay_indonesian_held_out, measure

pytestmark = pytest.mark.skipif(
    not DEFAULT_TICO.exists(),
    reason=f"TICO-19 reference data not found at {DEFAULT_TICO} (../shared/data/tico19/): "
    "the QA benchmark test needs it",
)


@pytest.fixture(scope="module")
def summary():
    return measure(load_tico(), with_glossary=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_at_most_two_percent_of_correct_rows_get_an_error(summary, lang):
    assert summary["false_error_rate"][lang] <= 0.02


def test_the_emergency_sentence_on_both_sides_adds_no_errors(summary):
    for lang in LANGUAGES:
        assert summary["false_error_rate"][f"{lang}_with_emergency_sentence"] <= 0.02


def test_corruptions_are_caught(summary):
    for key, rate in summary["detection"].items():
        name = key.split(":")[0]
        if name == "indonesian_as_malay":
            assert rate >= 0.90, key
        elif name == "cut_off":
            if key.endswith("warning_or_error"):
                assert rate >= 0.80, key
        else:
            assert rate >= 0.99, key


def test_every_corruption_was_tried_on_enough_rows(summary):
    assert all(count >= 400 for count in summary["applicable"].values()), summary["applicable"]


def test_the_malay_indonesian_split_holds_on_the_held_out_rows():
    figures = malay_indonesian_held_out(load_tico())
    assert figures["malay_called_indonesian"] <= 0.01
    # Back at 0.90 (issue 16, round 2): the weights count only known Malay/Indonesian differences,
    # never topic words; 0.88 held while that cost 1.8 points here, until more known differences and
    # a rule chosen cross-corpus on the development halves brought it back (measured 0.904).
    # The cross-corpus figures are held in tests/qa/test_malay_indonesian_round2.py.
    assert figures["indonesian_detected"] >= 0.90


def test_it_checks_at_least_200_rows_per_second(summary):
    assert summary["rows_per_second"] >= 200
