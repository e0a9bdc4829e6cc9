"""Findings carry their check's message key and parameters, and are shown in the reader's language.

Every message of every check is produced by one case below; each case is
rendered in Chinese, Malay and Tamil with its parameters in place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from translations.models import Finding
from translations.qa import GlossaryEntry, QAFinding, check_segment, check_source_document, registered_checks
from translations.qa import messages as qa_messages
from translations.qa.base import SegmentCheck
from translations.qa.registry import register

from .conftest import of, run

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = {"zh-hans": "zh_Hans", "ms": "ms", "ta": "ta"}
HAN = re.compile(r"[\u4e00-\u9fff]")
TAMIL = re.compile(r"[\u0b80-\u0bff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]")
EN = "i will send you an image"


def segment(source, target, target_lang, source_lang="en", **kwargs):
    return lambda: check_segment(
        source=source, target=target, source_lang=source_lang, target_lang=target_lang, **kwargs
    )


def document(*segments):
    return lambda: [finding for _, finding in check_source_document(segments=list(segments), lang="en")]


# (check, message key): how to produce it, and values that must appear in every rendering.
CASES = {
    ("empty", "source_empty"): (segment("", "", "en", source_lang="en"), ()),
    ("empty", "target_empty"): (segment("Wash your hands.", "", "ms"), ()),
    ("language", "japanese"): (segment(EN, "画像を送ります", "zh"), ()),
    ("language", "wrong_script"): (segment(EN, "உங்களுக்கு நான் ஒரு உருவப்படத்தை அனுப்பி வைக்கிறேன்", "ms"), ()),
    ("language", "mixed_script"): (
        segment(EN, "我会发给您一张图像 உங்களுக்கு நான் ஒரு உருவப்படத்தை அனுப்பி", "zh"),
        ("5", "14"),
    ),
    ("language", "stray_script"): (segment(EN, "我会发给您一张图像，包括 ஒரு", "zh"), ()),
    ("language", "indonesian"): (
        segment(EN, "saya akan mengirimkan gambar kepada Anda dan dokter karena kasus ini", "ms"),
        ("dokter", "doktor", "karena", "kerana"),
    ),
    ("language", "wrong_language"): (
        segment("Wash your hands", "Wash your hands often with soap and water for at least 20 seconds.", "ms"),
        (),
    ),
    ("language", "no_own_text"): (segment(EN, "saya akan hantarkan imej kepada anda", "zh"), ()),
    ("language", "mostly_other"): (segment(EN, "我会 send you an image with the doctor today", "zh"), ()),
    ("zh_script", "traditional_one"): (segment("What is this?", "這是什么？", "zh"), ("這→这",)),
    ("zh_script", "traditional_many"): (
        segment("about how long?", "這些症狀已持續多長時間？", "zh"),
        ("這→这", "間→间"),
    ),
    ("untranslated", "identical"): (
        segment("Wash your hands often with soap.", "Wash your hands often with soap.", "zh"),
        (),
    ),
    ("untranslated", "own_script_copied"): (
        segment("这些症状已经持续多长时间了", "这些症状已经持续多长时间了 ok", "ms", source_lang="zh"),
        ("13", "13"),
    ),
    ("untranslated", "mostly_source_words"): (
        segment("wash your hands often with soap and water", "wash your hands often with soap and water sahaja", "ms"),
        ("8", "9"),
    ),
    ("untranslated", "english_kept"): (
        segment(EN, "我会 send you an image with the doctor today", "zh"),
        ("image", "send", "4", "6"),
    ),
    ("numbers", "emergency"): (
        segment("If you have chest pain, call 995.", "如果您胸痛，请立即就医。", "zh"),
        ("995",),
    ),
    ("numbers", "too_many"): (
        segment(" ".join(map(str, range(6000))), " ".join(map(str, range(6000))), "ms"),
        ("5,000",),
    ),
    ("numbers", "differ"): (segment("Take 2 tablets every 6 hours.", "Ambil 3 biji setiap 6 jam.", "ms"), ("2", "3")),
    ("negation", "dropped"): (segment("Do not share cups.", "Kongsi cawan.", "ms"), ("Do not",)),
    ("negation", "added"): (
        segment("Take the syrup after meals.", "Jangan ambil sirap selepas makan.", "ms"),
        ("Jangan",),
    ),
    ("units", "changed"): (segment("Take it for 7 days.", "Ambil selama 7 minggu.", "ms"), ("7 days", "7 minggu")),
    ("shifted", "shifted"): (
        segment(
            "Do not share cups or towels with other people in your home.",
            "Basuh tangan anda dengan sabun dan air sekurang-kurangnya 20 saat selepas batuk atau bersin.",
            "ms",
            neighbour_sources=(
                "Wash your hands with soap and water for at least 20 seconds after coughing or sneezing.",
            ),
        ),
        ("Wash your hands",),
    ),
    ("numbers", "missing_one"): (segment("Take 2 tablets.", "Ambil biji.", "ms"), ("2",)),
    ("numbers", "missing_many"): (segment("Take 2 tablets and 4 pills.", "Ambil biji.", "ms"), ("2", "4")),
    ("numbers", "added_one"): (segment("Drink water.", "Minum 8 gelas air.", "ms"), ("8",)),
    ("numbers", "added_many"): (segment("Drink water.", "Minum 8 gelas air 6 kali.", "ms"), ("8", "6")),
    ("numbers", "list_number"): (
        segment("(3) Serology sample collection across all age groups.", "(4) 在所有年龄段进行血清学样本采集。", "zh"),
        ("3", "4"),
    ),
    ("numbers", "differ_counts"): (
        segment("Take 2 tablets, then 2 more, then 3.", "Ambil 2 biji, kemudian 3 lagi, kemudian 3.", "ms"),
        ("2", "3"),
    ),
    ("numbers", "name_number"): (
        segment(
            "On 11 March 2020, WHO characterized COVID-19 as a pandemic.",
            "Pada 11 Mac 2020, WHO mengumumkan COVID-10 sebagai pandemik.",
            "ms",
        ),
        ("COVID-19", "COVID-10"),
    ),
    ("placeholders", "changed"): (segment("Wash {name} hands.", "Basuh tangan {nama}.", "ms"), ("{name}", "{nama}")),
    ("placeholders", "missing"): (segment("Wash {name} hands.", "Basuh tangan.", "ms"), ("{name}",)),
    ("placeholders", "added"): (segment("Wash hands.", "Basuh tangan <b>{nama}</b>.", "ms"), ("{nama}", "<b>")),
    ("glossary", "forbidden"): (
        segment(
            "Go to the hospital.",
            "Pergi ke rumah sakit.",
            "ms",
            glossary=[GlossaryEntry("hospital", "hospital", ("rumah sakit",))],
        ),
        ("rumah sakit", "hospital"),
    ),
    ("glossary", "forbidden_no_approved"): (
        segment(
            "Go to the hospital.",
            "Pergi ke rumah sakit.",
            "ms",
            glossary=[GlossaryEntry("hospital", "", ("rumah sakit",))],
        ),
        ("rumah sakit",),
    ),
    ("glossary", "missing"): (
        segment(
            "Dengue is contagious.", "Denggi mudah merebak.", "ms", glossary=[GlossaryEntry("contagious", "berjangkit")]
        ),
        ("contagious", "berjangkit"),
    ),
    ("length", "shorter"): (
        segment(
            "Wash your hands often with soap and water for at least twenty seconds every day.", "Basuh tangan.", "ms"
        ),
        ("%",),
    ),
    ("length", "longer"): (
        segment(
            "Wash your hands now, please.",
            "Basuh tangan anda dengan sabun dan air selama sekurang-kurangnya dua "
            "puluh saat setiap hari, sekarang juga, tolong.",
            "ms",
        ),
        ("374%",),
    ),
    ("punctuation", "question"): (
        segment("How long have you had these symptoms?", "Berapa lama anda mengalami gejala ini.", "ms"),
        (),
    ),
    ("punctuation", "cut_off"): (
        segment("Drink plenty of water every day.", "Minum banyak air setiap", "ms"),
        ("air setiap",),
    ),
    ("rtl_marks", "bidi"): (
        segment("Call 995.", "Hubungi \u202e599\u202c.", "ms"),
        ("U+202E RIGHT-TO-LEFT OVERRIDE ×1", "U+202C"),
    ),
    ("rtl_marks", "control"): (segment("Take 2 tablets.", "Ambil \x00 2 biji.", "ms"), ("U+0000 CONTROL CHARACTER",)),
    ("rtl_marks", "invisible"): (segment("Wash your hands.", "Basuh\u200b tangan anda.", "ms"), ("U+200B",)),
    ("emoji", "missing"): (segment("⚠ Call 995.", "Hubungi 995.", "ms"), ("⚠",)),
    ("emoji", "added"): (segment("Call 995.", "☎ Hubungi 995.", "ms"), ("☎",)),
    ("back_translation", "far"): (
        segment(
            "How long have these symptoms lasted?",
            "Berapa lama gejala ini berlangsung?",
            "ms",
            back_translation="The cat sat on the mat.",
        ),
        ("chrF", "35"),
    ),
    ("source_safety", "no_red_flags"): (document(("heading", "Fever"), ("paragraph", "Drink water.")), ("red_flag",)),
    ("source_safety", "no_emergency_instruction"): (
        document(("paragraph", "Drink water."), ("red_flag", "If worse, see a doctor.")),
        ("995",),
    ),
    ("reading_level", "grade"): (
        document(("paragraph", "Drink water."), ("red_flag", "Call 995.")),
        ("Flesch-Kincaid", "8"),
    ),
    ("reading_level", "grade_hardest"): (
        document(
            ("paragraph", "Community mitigation strategies are multifaceted interventions implemented systematically."),
            ("red_flag", "Call 995."),
        ),
        ("Flesch-Kincaid", "Community mitigation strategies are multifacete...", "33.3"),
    ),
}


def finding_for(check_id: str, key: str) -> QAFinding:
    produce, _ = CASES[(check_id, key)]
    found = [f for f in produce() if f.check_id == check_id and f.message_key == key]
    assert found, f"the case for {check_id}/{key} no longer produces it"
    return found[0]


def test_every_message_of_every_check_has_a_case():
    declared = {(cls.check_id, key) for cls in registered_checks() for key in cls.messages}
    assert declared == set(CASES)


@pytest.mark.parametrize("check_id, key", sorted(CASES))
def test_the_english_message_is_the_template_filled_with_the_params(check_id, key):
    finding = finding_for(check_id, key)
    assert finding.render() == finding.message
    with translation.override("en"):
        assert finding.render(gettext) == finding.message
    assert json.loads(json.dumps(finding.params)) == finding.params  # stored in a JSONField as it is
    for value in CASES[(check_id, key)][1]:
        assert value in finding.message


@pytest.mark.parametrize("ui", sorted(CATALOGUES))
@pytest.mark.parametrize("check_id, key", sorted(CASES))
def test_each_message_renders_in_the_reader_language_with_its_parameters(check_id, key, ui):
    finding = finding_for(check_id, key)
    with translation.override(ui):
        shown = finding.render(gettext)
    assert shown != finding.message
    for value in CASES[(check_id, key)][1]:
        assert value in shown, (ui, shown)
    if ui == "zh-hans":
        assert set(HAN.findall(shown)) - set(HAN.findall(finding.message)), shown
    if ui == "ta":
        assert set(TAMIL.findall(shown)) - set(TAMIL.findall(finding.message)), shown


def test_the_emergency_number_message_in_tamil_has_the_number_inside_the_tamil_sentence():
    [finding] = of(run("If you have chest pain, call 995.", "如果您胸痛，请立即就医。", "zh"), "numbers")
    assert (finding.message_key, dict(finding.params)) == ("emergency", {"number": "995"})
    with translation.override("ta"):
        assert finding.render(gettext) == "மூலத்தில் 995 (அவசர எண்) உள்ளது, ஆனால் இலக்கில் இல்லை."
    with translation.override("zh-hans"):
        assert finding.render(gettext) == "原文有 995（紧急电话号码），但译文没有。"
    with translation.override("ms"):
        assert finding.render(gettext) == "Sumber ada 995 (nombor kecemasan) tetapi sasaran tiada."


def test_names_of_languages_scripts_and_token_kinds_are_translated_too():
    [wrong] = of(run(EN, "உங்களுக்கு நான் ஒரு உருவப்படத்தை அனுப்பி வைக்கிறேன்", "ms"), "language")
    assert wrong.message == "The target is in Tamil, not Malay."
    assert dict(wrong.params) == {"subject": "target", "script": "tamil", "language": "ms"}
    with translation.override("zh-hans"):
        assert wrong.render(gettext) == "译文是淡米尔语，不是马来语。"
    with translation.override("ms"):
        assert wrong.render(gettext) == "Sasaran dalam Bahasa Tamil, bukan Bahasa Melayu."

    [changed] = of(run("Wash {name} hands <b>now</b>.", "Basuh tangan {nama} sekarang.", "ms"), "placeholders")
    with translation.override("zh-hans"):
        assert changed.render(gettext) == (
            "译文中有改动：原文为 占位符 {name}、HTML 标签 <b>、HTML 标签 </b>；译文为 占位符 {nama}。"
        )


def test_a_long_list_says_how_many_more_in_the_reader_language():
    source = "Doses: 1, 2, 3, 4, 5, 6 and 7 mg."
    [finding] = of(run(source, "Dos: 11, 12, 13, 14, 15, 16 dan 17 mg.", "ms"), "numbers")
    assert finding.message == (
        "Numbers differ: the source has 1, 2, 3, 4 and 3 more, the target has 11, 12, 13, 14 and 3 more instead."
    )
    with translation.override("ms"):
        assert finding.render(gettext) == (
            "Nombor berbeza: sumber ada 1, 2, 3, 4 dan 3 lagi, tetapi sasaran ada 11, 12, 13, 14 dan 3 lagi."
        )


def test_a_check_that_crashed_is_reported_in_the_reader_language(monkeypatch):
    from translations.qa.checks.punctuation import PunctuationCheck

    def boom(self, segment):
        raise RuntimeError("bug")

    monkeypatch.setattr(PunctuationCheck, "run", boom)
    [crashed] = of(run("Wash your hands.", "Basuh tangan anda.", "ms"), "punctuation")
    assert crashed.message == "The final punctuation check could not run on this text (RuntimeError); check it by hand."
    with translation.override("ms"):
        assert crashed.render(gettext) == (
            "Semakan tanda baca akhir tidak dapat dijalankan pada teks ini (RuntimeError); semak secara manual."
        )


def test_the_stored_english_does_not_depend_on_the_active_language():
    # A Tamil reviewer's edit reruns the checks inside her (Tamil) request.
    with translation.override("ta"):
        [finding] = of(run("If you have chest pain, call 995.", "如果您胸痛，请立即就医。", "zh"), "numbers")
    assert finding.message == "The source has 995 (emergency number) but the target does not."


# --- stored findings --------------------------------------------------------------------


def stored(**fields) -> Finding:
    values = {
        "check_id": "numbers",
        "severity": "error",
        "message": "The source has 995 (emergency number) but the target does not.",
    }
    values.update(fields)
    return Finding(**values)


def test_a_stored_finding_renders_in_the_active_language():
    finding = stored(message_key="emergency", params={"number": "995"})
    with translation.override("ta"):
        assert finding.render() == "மூலத்தில் 995 (அவசர எண்) உள்ளது, ஆனால் இலக்கில் இல்லை."
    with translation.override("en"):
        assert finding.render() == finding.message


@pytest.mark.parametrize(
    "fields",
    [
        {},  # stored before findings had parameters
        {"message_key": "", "params": None},
        {"message_key": "emergency", "params": None},
        {"message_key": "no_such_message", "params": {"number": "995"}},
        {"check_id": "removed_check", "message_key": "emergency", "params": {"number": "995"}},
        {"message_key": "emergency", "params": {"wrong": "995"}},  # the template changed since
        {"message_key": "differ", "params": {"source": 5, "target": {"items": None}}},
    ],
)
def test_a_finding_that_cannot_be_rendered_shows_its_stored_message(fields):
    finding = stored(**fields)
    with translation.override("ta"):
        assert finding.render() == "The source has 995 (emergency number) but the target does not."


# --- the catalogues ---------------------------------------------------------------------


def _catalogue_msgids() -> set[str]:
    """Every string a finding can show, as the checks declare it."""
    from translations.qa import langid, malay_indonesian, text
    from translations.qa.checks import language, placeholders, reading_level, rtl_marks

    wanted = {qa_messages.MORE, qa_messages.LIST_SEPARATOR, *qa_messages.COMMON_MESSAGES.values()}
    for cls in registered_checks():
        wanted.add(cls.name)
        wanted.update(cls.messages.values())
    wanted.update(langid.LANGUAGE_NAMES.values())
    wanted.update(langid._OTHER_LANGUAGE_NAMES.values())
    wanted.add(langid.UNKNOWN_LANGUAGE)
    wanted.update(text.SCRIPT_LANGUAGE_NAMES.values())
    wanted.update(language._FOUND_NAMES.values())
    wanted.update(language.LanguageCheck.subjects.values())
    wanted.update({language.LanguageCheck.example, language.LanguageCheck.example_with_malay})
    wanted.update({malay_indonesian.DECIMAL_COMMA, malay_indonesian.DECIMAL_POINT})
    wanted.update(rtl_marks.InvisibleMarksCheck.subjects.values())
    wanted.add(rtl_marks.InvisibleMarksCheck.character)
    wanted.add(reading_level.ReadingLevelCheck.hardest_item)
    wanted.update(
        {
            placeholders.PLACEHOLDER,
            placeholders.REDACTION_TOKEN,
            placeholders.HTML_TAG,
            placeholders.EMAIL_ADDRESS,
            placeholders.URL,
            placeholders.MARKDOWN,
        }
    )
    return wanted


@pytest.mark.parametrize("directory", sorted(CATALOGUES.values()))
def test_every_finding_string_is_translated_with_the_same_placeholders(directory):
    polib = pytest.importorskip("polib")
    catalogue = {e.msgid: e for e in polib.pofile(str(ROOT / "locale" / directory / "LC_MESSAGES" / "django.po"))}
    problems = []
    for msgid in sorted(_catalogue_msgids()):
        entry = catalogue.get(msgid)
        if entry is None or not entry.msgstr or "fuzzy" in entry.flags or entry.obsolete:
            problems.append(("untranslated", msgid))
        elif sorted(PLACEHOLDER.findall(entry.msgstr)) != sorted(PLACEHOLDER.findall(msgid)):
            problems.append(("placeholders", msgid, entry.msgstr))
        elif msgid.count("%%") != entry.msgstr.count("%%"):
            problems.append(("percent", msgid, entry.msgstr))
    assert problems == [], f"{directory}: run makemessages, translate, compile: {problems}"


# --- declaring messages -------------------------------------------------------------------


def test_a_check_without_messages_is_refused():
    with pytest.raises(ValueError, match="messages"):

        @register
        class Silent(SegmentCheck):
            check_id = "test_silent"
            name = "x"
            description = "x"
            severity = "error"


def test_the_command_line_output_stays_english_whatever_the_active_language(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "rows.tsv"
    path.write_text(
        "id\tsource\ttarget\nr1\tIf you have chest pain, call 995.\tJika anda sakit dada, hubungi doktor.\n",
        encoding="utf-8",
    )
    out = StringIO()
    with translation.override("ta"):
        call_command("qa_check", "--target-lang", "ms", "--input", str(path), stdout=out, stderr=StringIO())
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {
        "check": "numbers",
        "severity": "error",
        "message": "The source has 995 (emergency number) but the target does not.",
    } in record["findings"]
