"""The negation check: a dropped or added "do not" is an error, a negation said another way is not."""

import pytest

from bench.qa_corpus import DEFAULT_TICO, load_tico

from .conftest import of, run


def negation(source, target, lang):
    return of(run(source, target, lang), "negation")


@pytest.mark.parametrize(
    ("lang", "target"),
    [
        ("zh", "共用杯子。"),
        ("ms", "Kongsi cawan."),
        ("ta", "கோப்பைகளைப் பகிர்ந்து கொள்ளுங்கள்."),
    ],
)
def test_it_flags_a_dropped_negation_as_an_error(lang, target):
    findings = negation("Do not share cups.", target, lang)
    assert [(f.severity, f.message_key, f.params["negation"]) for f in findings] == [("error", "dropped", "Do not")]


@pytest.mark.parametrize(
    ("lang", "target"),
    [
        ("zh", "不要共用杯子。"),
        ("zh", "切勿共用杯子。"),
        ("ms", "Jangan berkongsi cawan."),
        ("ta", "கோப்பைகளைப் பகிர்ந்து கொள்ள வேண்டாம்."),
        ("ta", "கோப்பைகளைப் பகிர்ந்து கொள்ளாதீர்கள்."),
        ("ta", "கோப்பைகளைப் பகிர்ந்து கொள்ளக்கூடாது."),
    ],
)
def test_it_accepts_each_languages_ways_of_saying_do_not(lang, target):
    assert negation("Do not share cups.", target, lang) == []


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        # "avoid" rendered as "do not"; "no fever" as "without fever"
        ("Avoid crowded places.", "不要去人多的地方。", "zh"),
        ("Avoid crowded places.", "Elakkan tempat yang sesak.", "ms"),
        ("Avoid crowded places.", "கூட்டமான இடங்களைத் தவிர்க்கவும்.", "ta"),
        ("Most people recover with no treatment.", "Kebanyakan orang pulih tanpa rawatan.", "ms"),
        # a double negative keeps a negation on both sides
        ("It is not uncommon to feel tired.", "感到疲倦并不罕见。", "zh"),
        # "unknown" may be rendered with a negation
        ("The cause is unknown.", "原因不明。", "zh"),
        ("The cause is unknown.", "Puncanya tidak diketahui.", "ms"),
    ],
)
def test_a_negation_said_another_way_is_not_flagged(source, target, lang):
    assert negation(source, target, lang) == []


@pytest.mark.parametrize(
    ("target", "lang", "shown"),
    [
        ("饭后不要服用糖浆。", "zh", "不要"),
        ("Jangan ambil sirap selepas makan.", "ms", "Jangan"),
        ("உணவுக்குப் பிறகு சிரப்பை எடுத்துக்கொள்ள வேண்டாம்.", "ta", "வேண்டாம்"),
    ],
)
def test_it_flags_an_added_instruction_not_to(target, lang, shown):
    findings = negation("Take the syrup after meals.", target, lang)
    assert [(f.severity, f.message_key, f.params["negation"]) for f in findings] == [("error", "added", shown)]


def test_it_leaves_a_plain_negation_a_translator_adds_alone():
    # "run out of stock" -> "have no stock": a rephrasing, not a reversed instruction
    assert negation("They ran out of stock.", "他们已经没有库存了。", "zh") == []


def test_tamil_words_that_end_like_a_negation_are_not_negations():
    # சுகாதார "health", பொருளாதார "economy", மாத "monthly" end like the negative -ாத
    source = "The health ministry publishes a monthly economic report."
    target = "சுகாதார அமைச்சகம் மாத பொருளாதார அறிக்கையை வெளியிடுகிறது."
    assert negation(source, target, "ta") == []


@pytest.mark.skipif(not DEFAULT_TICO.exists(), reason=f"TICO-19 data not found at {DEFAULT_TICO}")
@pytest.mark.parametrize("lang", ["zh", "ms", "ta"])
def test_it_stays_quiet_on_professional_tico_translations(lang):
    rows = [r for r in load_tico() if r[lang].strip()]
    flagged = [r["id"] for r in rows if negation(r["en"], r[lang], lang)]
    assert len(flagged) / len(rows) <= 0.01, flagged[:10]


@pytest.mark.skipif(not DEFAULT_TICO.exists(), reason=f"TICO-19 data not found at {DEFAULT_TICO}")
def test_it_catches_real_tico_negations_removed_from_the_target():
    from bench.qa_round2_corpus import negation_cases

    rows = load_tico()[1::2]
    for lang in ("zh", "ms", "ta"):
        cases = negation_cases(rows, lang)["negation_dropped"]
        caught = sum(1 for c in cases if negation(c.source, c.target, lang))
        assert caught / len(cases) >= 0.75, lang
