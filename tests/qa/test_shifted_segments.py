"""The shifted-segment check: a target that translates its neighbour's source is flagged."""

import pytest

from bench.qa_corpus import DEFAULT_TICO, load_tico
from bench.qa_round2_corpus import in_order, shifted_cases
from bench.qa_round2_lexicon import TUNING, part_rows

from .conftest import of, run

pytestmark = pytest.mark.skipif(not DEFAULT_TICO.exists(), reason=f"TICO-19 data not found at {DEFAULT_TICO}")

PREVIOUS = "If your temperature is above 38 °C for more than 2 days, see a doctor."
SOURCE = "Do not share cups or towels with other people in your home."
NEXT = "Wash your hands with soap and water for at least 20 seconds after coughing or sneezing."
TARGETS = {
    "zh": ("不要与家中其他人共用杯子或毛巾。", "咳嗽或打喷嚏后，用肥皂和水洗手至少 20 秒。"),
    "ms": (
        "Jangan berkongsi cawan atau tuala dengan orang lain di rumah anda.",
        "Basuh tangan anda dengan sabun dan air sekurang-kurangnya 20 saat selepas batuk atau bersin.",
    ),
    "ta": (
        "உங்கள் வீட்டில் உள்ள மற்றவர்களுடன் கோப்பைகளையோ துண்டுகளையோ பகிர்ந்து கொள்ள வேண்டாம்.",
        "இருமல் அல்லது தும்மலுக்குப் பிறகு குறைந்தது 20 விநாடிகள் சோப்பு மற்றும் தண்ணீரால் உங்கள் கைகளைக் கழுவவும்.",
    ),
}


def shifted(source, target, lang, neighbours, **kwargs):
    return of(run(source, target, lang, neighbour_sources=neighbours, **kwargs), "shifted")


@pytest.mark.parametrize("lang", ["zh", "ms", "ta"])
def test_it_flags_the_next_segments_translation_in_place_of_its_own(lang):
    findings = shifted(SOURCE, TARGETS[lang][1], lang, (PREVIOUS, NEXT))
    assert [(f.severity, f.message_key) for f in findings] == [("error", "shifted")]
    assert findings[0].params["neighbour"].startswith("Wash your hands")


@pytest.mark.parametrize("lang", ["zh", "ms", "ta"])
def test_its_own_translation_between_the_same_neighbours_passes(lang):
    assert shifted(SOURCE, TARGETS[lang][0], lang, (PREVIOUS, NEXT)) == []


def test_a_segment_checked_without_neighbours_is_not_compared():
    assert shifted(SOURCE, TARGETS["zh"][1], "zh", ()) == []


def test_the_back_translation_tells_when_the_lexicon_cannot():
    # Few words the lexicon knows; the back-translation says which source it renders.
    source = "Keep the insulin pen in its box."
    neighbour = "Throw the used needles into a hard plastic bottle."
    target = "把用过的针头扔进硬塑料瓶里。"
    back = "Throw used needles into a hard plastic bottle."
    findings = shifted(source, target, "zh", (neighbour,), back_translation=back)
    assert [f.message_key for f in findings] == ["shifted"]
    back_own = "Keep the insulin pen in its box."
    assert shifted(source, "把胰岛素笔放在盒子里。", "zh", (neighbour,), back_translation=back_own) == []


@pytest.mark.parametrize("lang", ["zh", "ms", "ta"])
def test_it_stays_quiet_on_correct_tico_texts_and_catches_them_shifted(lang):
    # The TUNING documents: the thresholds were chosen on them and the lexicon
    # never read them (bench/qa_round2_lexicon.py splits TICO-19 dev by
    # document); the held-out documents are bench/qa_round2_measure.py's.
    rows = part_rows(load_tico(), TUNING)
    correct = [p for p in in_order(rows, lang) if p.target.strip()]
    false = [p.row_id for p in correct if shifted(p.source, p.target, lang, p.neighbour_sources)]
    assert len(false) / len(correct) <= 0.005, false[:10]
    cases = shifted_cases(rows, lang)
    caught = sum(1 for p in cases if shifted(p.source, p.target, lang, p.neighbour_sources))
    assert caught / len(cases) >= 0.85
