"""The normalised view the detectors read, and its way back to the original text."""

import unicodedata

import pytest

from translations.phi.normalise import TABLE, normalise, normalise_char, visible


def view_of(text):
    view = normalise(text)
    return view.text, [text[slice(*view.original_span(i, i + 1))] for i in range(len(view.text))]


def test_the_view_removes_a_zero_width_space_and_maps_each_character_back():
    text, origins = view_of("S123\u200b4567D")
    assert text == "S1234567D"
    assert origins == list("S1234567D")


def test_a_span_of_the_view_covers_the_invisible_characters_inside_it_but_not_around_it():
    original = "NRIC \u200bS123\u00ad4567\u2060D\ufeff."
    view = normalise(original)
    start = view.text.index("S")
    start, end = view.original_span(start, start + 9)
    assert original[start:end] == "S123\u00ad4567\u2060D"


@pytest.mark.parametrize(
    ("character", "becomes"),
    [
        ("\u200b", ""),
        ("\u200c", ""),
        ("\u200d", ""),
        ("\u00ad", ""),
        ("\u2060", ""),
        ("\ufeff", ""),
        ("\u200e", ""),
        ("\u202a", ""),
        ("\u2066", ""),
        ("\u034f", ""),
        ("\u180e", ""),
        ("\ufe0f", ""),
        ("\U000e0101", ""),
        ("\u3164", ""),
        ("\x07", ""),
        ("\u00a0", " "),
        ("\u202f", " "),
        ("\u2009", " "),
        ("\u2007", " "),
        ("\u3000", " "),
        ("\u2028", "\n"),
        ("\u2013", "-"),
        ("\u2212", "-"),
        ("\u2011", "-"),
        ("\u2044", "/"),
        ("\U0001d7d7", "9"),
        ("\U0001d412", "S"),
        ("\uff13", "3"),
        ("\u0be9", "3"),
        ("\u0663", "3"),
        ("\u0969", "3"),
        ("\u2462", "3"),
        ("\u24c8", "S"),
        ("\u00b3", "3"),
        ("\u0405", "S"),
        ("\u0422", "T"),
        ("\u03a4", "T"),
        ("\u03dc", "F"),
        ("\u050c", "G"),
        ("\u041c", "M"),
        ("\u039c", "M"),
        ("\u0430", "a"),
        ("\u03bf", "o"),
        ("\u13da", "S"),
        ("\ua4e2", "S"),
        ("\ua731", "S"),
        ("\uff20", "@"),
        ("\ufe6b", "@"),
        ("\uff03", "#"),
    ],
)
def test_each_disguising_character_becomes_what_it_stands_for(character, becomes):
    assert normalise_char(character) == becomes
    assert normalise(f"a{character}b").text == f"a{becomes}b"


def test_expansions_map_every_character_they_produce_back_to_the_one_original_character():
    text, origins = view_of("5㎎ ½")
    assert text == "5mg 1/2"
    assert origins == ["5", "㎎", "㎎", " ", "½", "½", "½"]


def test_tamil_keeps_its_letters_and_loses_only_zwj_and_zwnj_in_the_view():
    original = "ஸ்ரீ\u200dமதி கை\u200cகளை கழுவவும்"
    text, _ = view_of(original)
    assert text == original.replace("\u200d", "").replace("\u200c", "")
    assert normalise("பிறந்த தேதி").text == "பிறந்த தேதி"  # vowel signs and virama are letters, never removed


def test_text_with_nothing_to_change_keeps_its_offsets():
    view = normalise("Take 500 mg twice a day. 服用500毫克。")
    assert view.same_offsets and view.text == view.original


def test_visible_drops_only_the_characters_the_view_removes():
    assert visible("S12\u200b34\u00ad567D\u00a0x") == "S1234567D\u00a0x"


def test_the_table_is_built_from_every_plane_where_a_character_can_change():
    # The table is built from the BMP, the SMP, the CJK compatibility
    # supplement and plane 14; check that nothing elsewhere in Unicode can
    # change, so a newer Unicode version cannot slip a character past it.
    category, is_normalized = unicodedata.category, unicodedata.is_normalized
    touched = {"Cf", "Cc", "Zs", "Zl", "Zp", "Nd", "Pd"}
    outside = [
        hex(cp)
        for lo, hi in [(0x20000, 0x2F7FF), (0x2FA20, 0xDFFFF), (0xE1000, 0x10FFFF)]
        for cp in range(lo, hi + 1)
        if category(chr(cp)) in touched or not is_normalized("NFKC", chr(cp))
    ]
    assert outside == []
    assert {ord(ch) for ch in "\u200b\u00ad\u2060\ufeff\u00a0\u202f\uff13\U0001d7d7\u0405\u03dc"} <= set(TABLE)
