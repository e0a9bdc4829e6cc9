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


def dropped(source, target, lang):
    return [f.params["negation"] for f in negation(source, target, lang) if f.message_key == "dropped"]


# A removed "without" or "avoid" used to be excused by any word a translation
# might use for a negation anywhere in the target (Tamil எந்த "any", வரை
# "until"; Malay sebelum "before"): only a rendering of that negation counts.
@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        (
            "Most people recover within 2 weeks without any treatment.",
            "பெரும்பாலானோர் எந்த சிகிச்சையுடனும் 2 வாரங்களில் குணமடைகின்றனர்.",
            "ta",
        ),
        (
            "Avoid touching your face until you have washed your hands.",
            "கைகளைக் கழுவும் வரை முகத்தைத் தொடவும்.",
            "ta",
        ),
        (
            "Avoid touching your face before you have washed your hands.",
            "Sentuh muka anda sebelum mencuci tangan.",
            "ms",
        ),
        # melakukan "to do" contains the letters of elak "avoid" and is not it
        (
            "Patients should avoid heavy lifting for 6 weeks.",
            "Pesakit perlu melakukan kerja mengangkat barang berat selama 6 minggu.",
            "ms",
        ),
    ],
)
def test_it_flags_a_dropped_soft_negation_despite_an_unrelated_weak_word(source, target, lang):
    assert dropped(source, target, lang)


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        (
            "Most people recover within 2 weeks without any treatment.",
            "பெரும்பாலானோர் எந்த சிகிச்சையும் இல்லாமல் 2 வாரங்களில் குணமடைகின்றனர்.",
            "ta",
        ),
        (
            "Patients should avoid heavy lifting for 6 weeks.",
            "Pesakit perlu mengelakkan mengangkat barang berat selama 6 minggu.",
            "ms",
        ),
        # "avoid" rendered as "prevent" / "keep away from"
        ("Avoid mosquito bites.", "Cegah gigitan nyamuk.", "ms"),
        ("Avoid crowded places.", "கூட்டமான இடங்களிலிருந்து விலகி இருங்கள்.", "ta"),
        # "not until" rendered as "only in"
        ("It is not until the second week that the rash appears.", "Ruam hanya muncul pada minggu kedua.", "ms"),
        ("It is not until the second week that the rash appears.", "இரண்டாவது வாரத்தில் மட்டுமே தடிப்பு தோன்றும்.", "ta"),
    ],
)
def test_it_does_not_flag_a_soft_negation_rendered_without_one(source, target, lang):
    assert dropped(source, target, lang) == []


# "not until" may be rendered as "only"; "is not infectious" may not, even in
# the same sentence: each source negation is soft or hard on its own.
@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("Ruam hanya muncul pada minggu kedua, dan ruam itu berjangkit.", "ms"),
        ("இரண்டாவது வாரத்தில் மட்டுமே தடிப்பு தோன்றும், அந்தத் தடிப்பு தொற்றக்கூடியது ஆகும்.", "ta"),
    ],
)
def test_it_flags_a_hard_negation_dropped_beside_a_soft_one(target, lang):
    source = "It is not until the second week that the rash appears, and the rash is not infectious."
    assert dropped(source, target, lang)


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("Selepas 7 hari anda masih berjangkit.", "ms"),
        ("7 நாட்களுக்குப் பிறகும் நீங்கள் தொற்றைப் பரப்புவீர்கள்.", "ta"),
        ("7 天后您仍然具有传染性。", "zh"),
    ],
)
def test_it_flags_a_dropped_no_longer(target, lang):
    assert dropped("After 7 days you are no longer infectious.", target, lang) == ["no"]


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("Virus ini merebak melalui batuk dan juga melalui sentuhan.", "ms"),
        ("வைரஸ் இருமல் மூலமும் தொடுதல் மூலமும் பரவுகிறது.", "ta"),
    ],
)
def test_it_does_not_flag_not_just_rendered_as_also(target, lang):
    # "not just X but also Y" is "X and Y", like "not only"
    assert negation("The virus spreads not just through coughs but also through touch.", target, lang) == []


# Tamil negative forms beyond the bare endings: a case ending after -ாதவர்,
# the -ாதிரு- and -ாவிடில் forms, -அல்ல and -அற்ற joined to the word before.
@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("People who have not been vaccinated are at higher risk.", "தடுப்பூசி போடாதவர்களுக்கு அதிக ஆபத்து உள்ளது."),
        ("Do not eat anything after midnight.", "நள்ளிரவுக்குப் பிறகு எதையும் சாப்பிடாதிருங்கள்."),
        ("If the pain does not go away, see a doctor.", "வலி குறையாவிடில் மருத்துவரைப் பாருங்கள்."),
        ("This rash is not dangerous.", "இந்தத் தடிப்பு ஆபத்தானதல்ல."),
        ("Masks that do not fit well are not safe.", "சரியாகப் பொருந்தாத முகக்கவசங்கள் பாதுகாப்பற்றவை."),
        ("Some people have no symptoms.", "சிலர் அறிகுறியற்றவர்களாக இருக்கின்றனர்."),
        # a zero-width non-joiner inside வேண்டாம்
        ("Do not share towels.", "துண்டுகளைப் பகிர்ந்து கொள்ள வேண்\u200cடாம்."),
    ],
)
def test_it_does_not_flag_tamil_negative_forms_with_endings_and_joins(source, target):
    assert negation(source, target, "ta") == []


# Words that look like a Tamil negation and are not one cannot hide a dropped one.
@pytest.mark.parametrize(
    ("source", "target"),
    [
        # இன்றியமையாதது "essential" (literally "not able to be without")
        ("Do not skip meals; regular food is essential.", "வேளை உணவைத் தவறவிடுங்கள்; முறையான உணவு இன்றியமையாதது."),
        # பக்கவாத "stroke" ends like the negative -ாத
        ("Do not ignore the signs of a stroke.", "பக்கவாத அறிகுறிகளைப் புறக்கணியுங்கள்."),
        # போது "when" typed with its vowel sign in two parts (ே + ா, as some keyboards do) ends in ாது
        ("Do not drive when you feel sleepy.", "தூக்கமாக இருக்கும் \u0baa\u0bc7\u0bbe\u0ba4\u0bc1 வாகனம் ஓட்டுங்கள்."),
    ],
)
def test_it_flags_a_dropped_tamil_negation_beside_a_look_alike(source, target):
    assert dropped(source, target, "ta")


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # elak "avoid" with its other affixes
        ("You should not share towels.", "Berkongsi tuala perlu dielakkan."),
        ("Particularly avoid cruise ship travel.", "Terutamanya elak perjalanan dengan kapal persiaran."),
        ("Do not eat raw eggs.", "Hindarilah makan telur mentah."),
    ],
)
def test_it_does_not_flag_malay_avoid_in_its_other_forms(source, target):
    assert negation(source, target, "ms") == []


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
