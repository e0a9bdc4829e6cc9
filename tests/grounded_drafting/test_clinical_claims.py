"""The unsupported-claim detector: which sentences state a clinical fact, in English, Chinese, Malay and Tamil."""

import csv
from pathlib import Path

import pytest

from translations.qa.clinical_claims import clinical_facts, states_clinical_fact

TICO = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "tico19" / "tico19-dev.tsv"

FACTS = [
    # (language, sentence, a kind of fact it states)
    ("en", "Take 2 tablets of paracetamol twice a day.", "dose"),
    ("en", "Give 5 ml of the syrup every 6 hours.", "dose"),
    ("en", "Rest at home for three days.", "number"),
    ("en", "Call 995 if your gums bleed.", "instruction"),
    ("en", "Stop taking ibuprofen if you have dengue.", "instruction"),
    ("en", "A rash and a high fever are common.", "symptom"),
    ("zh", "每天两次，每次服用一片。", "frequency"),
    ("zh", "服用扑热息痛500毫克。", "dose"),
    ("zh", "如果牙龈出血，请立即拨打995。", "symptom"),
    ("zh", "在家休息三天。", "number"),
    ("ms", "Makan ubat dua kali sehari.", "frequency"),
    ("ms", "Ambil 2 biji tablet selepas makan.", "dose"),
    ("ms", "Jangan ambil ibuprofen jika anda demam denggi.", "instruction"),
    ("ms", "Hubungi 995 segera jika gusi anda berdarah.", "symptom"),
    ("ta", "ஒரு நாளைக்கு இரண்டு முறை மாத்திரை எடுத்துக் கொள்ளுங்கள்.", "frequency"),
    ("ta", "ஈறுகளில் இரத்தம் வந்தால் உடனே 995 ஐ அழைக்கவும்.", "instruction"),
    ("ta", "காய்ச்சல் மூன்று நாட்களுக்கு மேல் நீடித்தால் மருத்துவரை சந்திக்கவும்.", "symptom"),
]

NOT_FACTS = [
    ("en", "Dengue is spread by mosquitoes."),
    ("en", "This leaflet is for adults and their carers."),
    ("en", "about how long have these symptoms been going on?"),
    ("zh", "登革热由蚊子传播。"),
    ("zh", "这些症状已持续多长时间？"),
    ("ms", "Denggi disebarkan oleh nyamuk."),
    ("ms", "Risalah ini untuk orang dewasa."),
    ("ta", "டெங்கு கொசுக்களால் பரவுகிறது."),
    ("ta", "இந்த அறிகுறிகள் எவ்வளவு காலமாக இருந்து வருகின்றன?"),
]


@pytest.mark.parametrize(("lang", "sentence", "kind"), FACTS)
def test_it_finds_the_clinical_fact_a_sentence_states(lang, sentence, kind):
    assert states_clinical_fact(sentence, lang)
    assert kind in clinical_facts(sentence, lang)


@pytest.mark.parametrize(("lang", "sentence"), NOT_FACTS)
def test_it_leaves_sentences_that_state_no_clinical_fact_unflagged(lang, sentence):
    assert not states_clinical_fact(sentence, lang), clinical_facts(sentence, lang)


def test_a_question_states_nothing_but_the_statement_beside_it_does():
    assert states_clinical_fact("How long have you had a fever? Drink plenty of water.", "en")
    assert not states_clinical_fact("Have you had a fever?", "en")


def _tico(ids):
    with TICO.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t") if row["id"] in ids}


@pytest.mark.skipif(not TICO.exists(), reason="TICO-19 data not found at ../shared/data/tico19/")
def test_it_agrees_across_the_four_languages_on_tico19_sentences():
    # Symptom statements (fever, headache, muscle pain, days) and plain sentences that state nothing clinical.
    stating = ["CMU_1:114", "CMU_1:122", "CMU_1:28", "CMU_1:82", "PubMed_10:907"]
    plain = ["CMU_1:100"]
    rows = _tico(set(stating + plain))
    assert len(rows) == len(stating + plain)
    for row_id in stating:
        for lang in ("en", "zh", "ms", "ta"):
            assert states_clinical_fact(rows[row_id][lang], lang), (row_id, lang, rows[row_id][lang])
    for row_id in plain:
        for lang in ("en", "zh", "ms", "ta"):
            assert not states_clinical_fact(rows[row_id][lang], lang), (row_id, lang, rows[row_id][lang])
