"""Does a sentence state a clinical fact? The "unsupported" flag's detector, in en, zh, ms and ta.

A leaflet sentence that gives a dose, a number or a duration, a frequency,
names a symptom, or tells the patient to take, stop, avoid, call or drink
something is a claim a clinician should be able to check against a source.
The review screen flags such a sentence when it cites no passage; it is a
flag for the clinician, never a gate: false alarms cost a glance, so the
patterns lean towards flagging.

Declarative on purpose: one table of patterns per language, each with the
kind of fact it finds, so a clinician can read what is looked for. Chinese
and Tamil have no spaces between (or inside) the words we look for, so their
patterns match anywhere; English and Malay ones match whole words. A question
states nothing ("how long have these symptoms been going on?"), so sentences
ending in a question mark are not read. Pure: no database, no Django.
"""

from __future__ import annotations

import re

DOSE = "dose"
NUMBER = "number"
FREQUENCY = "frequency"
SYMPTOM = "symptom"
INSTRUCTION = "instruction"

# Every language: a digit is a number a patient may act on (a dose, a day count, 995).
_ANY_LANGUAGE: tuple[tuple[str, str], ...] = (
    (DOSE, r"\d\s*(?:mg|mcg|µg|g|kg|ml|l|iu|%|°c|°f)(?![a-z])"),
    (NUMBER, r"\d"),
)

_WORD_NUMBERS_EN = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|a couple of|several)"
_WORD_NUMBERS_MS = r"(?:satu|dua|tiga|empat|lima|enam|tujuh|lapan|sembilan|sepuluh|beberapa)"
_ZH_NUMBERS = r"[一二两三四五六七八九十半几0-9]"
_TA_NUMBERS = r"(?:ஒரு|இரண்டு|இரு|மூன்று|நான்கு|ஐந்து|ஆறு|ஏழு|பத்து|சில)"

PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        (DOSE, r"\b(?:tablets?|capsules?|pills?|drops?|puffs?|sachets?|teaspoons?|tablespoons?|doses?|dosage)\b"),
        (NUMBER, rf"\b{_WORD_NUMBERS_EN}\s+(?:days?|hours?|weeks?|months?|years?|minutes?|times?)\b"),
        (NUMBER, r"\b(?:a|per|each|every)\s+(?:day|week|hour)\b"),
        (FREQUENCY, r"\b(?:once|twice|thrice|daily|hourly|weekly|every\s+\w+\s+hours?|at\s+night|before\s+meals)\b"),
        (
            SYMPTOM,
            r"\b(?:fevers?|feverish|pain(?:s|ful)?|aches?|headaches?|rash(?:es)?|bleed(?:s|ing)?|blood|vomit(?:s|ing)?|"
            r"diarrh(?:o)?ea|cough(?:s|ing)?|dizz(?:y|iness)|faint(?:ing)?|breathless(?:ness)?|short(?:ness)? of "
            r"breath|swell(?:ing|ings|en)?|nausea|seizures?|fits?|symptoms?|itch(?:ing|y)?|drows(?:y|iness)|"
            r"confus(?:ed|ion)|unconscious)\b",
        ),
        (
            INSTRUCTION,
            r"\b(?:take|taking|stop|avoid|call|phone|ring|drink|eat|rest|seek|see a|go to|visit|apply|use|wash|give|"
            r"keep|do not|don't|never|must|should|need to)\b",
        ),
    ),
    "zh": (
        (DOSE, r"(?:毫克|微克|毫升|片|粒|滴|剂量|一剂|药量)"),
        (NUMBER, rf"{_ZH_NUMBERS}+\s*(?:天|日|小时|个小时|周|星期|个月|年|分钟|次)"),
        (FREQUENCY, rf"(?:每天|每日|每晚|每周|每隔|一天{_ZH_NUMBERS}次|每{_ZH_NUMBERS}+小时|饭前|饭后|睡前)"),
        (
            SYMPTOM,
            r"(?:发烧|发热|高热|疼|痛|皮疹|出疹|出血|流血|呕吐|腹泻|拉肚子|咳嗽|头晕|晕倒|呼吸困难|气短|气促|肿|恶心|抽搐|"
            r"症状|瘙痒|嗜睡|意识不清|昏迷)",
        ),
        (
            INSTRUCTION,
            r"(?:服用|服药|吃药|停止|停用|避免|不要|切勿|拨打|打电话|致电|就医|就诊|看医生|去医院|喝|休息|请|应该|应|必须|需要)",
        ),
    ),
    "ms": (
        (DOSE, r"\b(?:tablet|biji|kapsul|pil|titis|sudu|dos|sukatan)\b"),
        (NUMBER, rf"\b{_WORD_NUMBERS_MS}\s+(?:hari|jam|minggu|bulan|tahun|minit|kali)\b"),
        (
            FREQUENCY,
            r"\b(?:sekali|dua kali|tiga kali|empat kali|sehari|setiap hari|setiap \w+ jam|harian|waktu malam)\b",
        ),
        (
            SYMPTOM,
            r"\b(?:demam|sakit|ruam|pendarahan|berdarah|darah|muntah|cirit-birit|batuk|pening|pitam|pengsan|"
            r"sesak nafas|bengkak|loya|sawan|simptom|gejala|gatal|mengantuk|keliru)\b",
        ),
        (
            INSTRUCTION,
            r"\b(?:ambil|makan|hentikan|berhenti|elakkan|elak|jangan|hubungi|telefon|minum|berehat|rehat|dapatkan|jumpa|"
            r"pergi ke|sapukan|gunakan|mesti|perlu|hendaklah|harus|sila)\b",
        ),
    ),
    "ta": (
        (DOSE, r"(?:மி\.?கி|மில்லிகிராம்|மி\.?லி|மில்லிலிட்டர்|மாத்திரை|கிராம்|டோஸ்|அளவு மருந்து)"),
        (NUMBER, rf"{_TA_NUMBERS}\s*(?:நாள்|நாட்க|நாளு|தினங்க|மணி\s*நேர|வார|மாத|நிமிட|முறை|தடவை)"),
        (FREQUENCY, r"(?:ஒரு நாளைக்கு|நாளொன்றுக்கு|தினமும்|தினசரி|ஒவ்வொரு|இருமுறை|இரவில்|உணவுக்கு முன்|உணவுக்குப் பின்)"),
        (
            SYMPTOM,
            r"(?:காய்ச்சல்|வலி|தடிப்பு|இரத்தப்போக்கு|இரத்தம்|ரத்தம்|வாந்தி|வயிற்றுப்போக்கு|இருமல்|தலைச்சுற்ற|மயக்க|"
            r"மூச்சுத் திணறல்|மூச்சுத்திணறல்|வீக்க|குமட்டல்|வலிப்பு|அறிகுறி|அரிப்பு)",
        ),
        (
            INSTRUCTION,
            r"(?:எடுத்துக்|உட்கொள்|சாப்பிடு|நிறுத்த|தவிர்க்க|தவிர்|அழைக்க|அழையுங்க|அழைக்கவும்|குடிக்க|குடியுங்க|ஓய்வு|"
            r"மருத்துவரை|மருத்துவமனைக்கு|செல்லுங்க|வேண்டாம்|வேண்டும்|கூடாது)",
        ),
    ),
}

_COMPILED: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    language: [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (*_ANY_LANGUAGE, *patterns)]
    for language, patterns in PATTERNS.items()
}
# Sentence ends in the four languages (the Chinese full stop and question mark are their own characters).
_SENTENCES = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")
_QUESTION = re.compile(r"[?？]\s*$")


def clinical_facts(text: str, lang: str) -> list[str]:
    """The kinds of clinical fact `text` states (empty: none), each once, in the table's order.

    `lang` picks the language's table; English is read as well in every
    language (leaflets quote drug names and units in English). Unknown
    languages are read with every table.
    """
    tables = [_COMPILED[lang], _COMPILED["en"]] if lang in _COMPILED else list(_COMPILED.values())
    found: dict[str, None] = {}
    for sentence in _SENTENCES.findall(text or ""):
        if not sentence.strip() or _QUESTION.search(sentence):
            continue
        for table in tables:
            for kind, pattern in table:
                if kind not in found and pattern.search(sentence):
                    found[kind] = None
    return list(found)


def states_clinical_fact(text: str, lang: str) -> bool:
    """True when some sentence of `text` gives a dose, number, duration, frequency, symptom or instruction."""
    return bool(clinical_facts(text, lang))
