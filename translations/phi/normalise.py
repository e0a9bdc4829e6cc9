"""A normalised view of a text for the detectors, with offsets back to the text.

Identifiers reach the guard in disguise more often than by design: text pasted
from Word or a PDF carries soft hyphens and zero-width spaces inside numbers,
a Chinese input method gives full-width digits, a phone number is written with
no-break or narrow no-break spaces between its groups, and a series letter
may be a Cyrillic or Greek letter that looks Latin. The detectors read a
*view* of the text in which all of that is undone, one character at a time:

1. Invisible characters are removed: every format character (category Cf: soft
   hyphen, zero-width space, ZWNJ, ZWJ, word joiner, BOM, bidi marks, tags,
   invisible operators...), control characters other than tab, line feed,
   carriage return, vertical tab and form feed (U+0085 becomes a line feed),
   variation selectors, the combining grapheme joiner and other combining
   marks of the Latin, Greek and Cyrillic blocks (never those of Tamil or any
   other script: their vowel signs are letters), Mongolian free variation
   selectors, Khmer inherent vowels and the Hangul fillers.
2. Every space character (category Zs: no-break, narrow no-break, thin,
   figure, ideographic...) and the braille blank becomes an ASCII space; line
   and paragraph separators become a line feed.
3. NFKC, per character: mathematical alphanumerics (𝟗𝟏𝟐𝟑, 𝐒), full-width and
   small forms, circled and parenthesised letters and digits, superscripts,
   ligatures.
4. A decimal digit of any script (Tamil ௯, Arabic-Indic ٩, Devanagari ९)
   becomes its ASCII digit; every dash (category Pd, minus sign) becomes "-";
   fraction and division slashes become "/".
5. Letters that look like Latin ones become them (``CONFUSABLES``): Cyrillic
   А В Е К М Н О Р С Т Х Ѕ І Ј..., Greek Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ Ϝ...,
   Armenian, Cherokee and Lisu look-alikes, Latin small capitals, and a few
   letters that look like digits (З 3, б 6).

The view is only for detection. Nothing in it is ever sent or stored (the
original text is changed only by redaction), so removing ZWJ/ZWNJ from it,
which Tamil and other scripts need, changes nothing the author wrote; and the
detectors look only at ASCII-shaped identifiers and at keywords whose letters
survive.

Each step maps one character to zero or more characters, so every character
of the view comes from exactly one character of the original, and a span of
the view maps back to the original characters from the first to the last,
invisible ones inside it included: redacting it removes the whole disguise.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# Letters of other scripts that look like Latin letters or digits. Case is
# kept where the look-alike has one (street names are matched in title case).
CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "Ѕ": "S",
    "І": "I",
    "Ј": "J",
    "Ү": "Y",
    "Ԛ": "Q",
    "Ԝ": "W",
    "Ԁ": "D",
    "Ԍ": "G",
    "Ӏ": "I",
    "Һ": "H",
    "Ѵ": "V",
    "З": "3",
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ј": "j",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "һ": "h",
    "ӏ": "l",
    "ү": "y",
    "ѵ": "v",
    "ԍ": "g",
    "ё": "e",
    "ї": "i",
    "з": "3",
    "б": "6",
    # Greek
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    "Ϝ": "F",
    "Ϲ": "C",
    "Ϳ": "J",
    "ο": "o",
    "ν": "v",
    "ρ": "p",
    "ϲ": "c",
    "ϳ": "j",
    "ι": "i",
    "α": "a",
    "κ": "k",
    "υ": "u",
    "χ": "x",
    "γ": "y",
    # Armenian
    "Ս": "U",
    "Տ": "S",
    "Օ": "O",
    "օ": "o",
    "ս": "u",
    "ո": "n",
    "հ": "h",
    "զ": "q",
    # Cherokee (capital letters; the small ones are mapped below)
    "Ꭰ": "D",
    "Ꭱ": "R",
    "Ꭲ": "T",
    "Ꭵ": "i",
    "Ꭺ": "A",
    "Ꭻ": "J",
    "Ꭼ": "E",
    "Ꮃ": "W",
    "Ꮇ": "M",
    "Ꮋ": "H",
    "Ꮐ": "G",
    "Ꮓ": "Z",
    "Ꮢ": "R",
    "Ꮤ": "W",
    "Ꮩ": "V",
    "Ꮪ": "S",
    "Ꮮ": "L",
    "Ꮯ": "C",
    "Ꮲ": "P",
    "Ꮶ": "K",
    "Ᏼ": "B",
    # Lisu
    "ꓐ": "B",
    "ꓑ": "P",
    "ꓒ": "d",
    "ꓓ": "D",
    "ꓔ": "T",
    "ꓖ": "G",
    "ꓗ": "K",
    "ꓙ": "J",
    "ꓚ": "C",
    "ꓜ": "Z",
    "ꓝ": "F",
    "ꓟ": "M",
    "ꓠ": "N",
    "ꓡ": "L",
    "ꓢ": "S",
    "ꓣ": "R",
    "ꓦ": "V",
    "ꓧ": "H",
    "ꓪ": "W",
    "ꓫ": "X",
    "ꓬ": "Y",
    "ꓮ": "A",
    "ꓰ": "E",
    "ꓲ": "I",
    "ꓳ": "O",
    "ꓴ": "U",
    # Latin letters outside ASCII that NFKC leaves alone
    "ᴀ": "A",
    "ʙ": "B",
    "ᴄ": "C",
    "ᴅ": "D",
    "ᴇ": "E",
    "ꜰ": "F",
    "ɢ": "G",
    "ʜ": "H",
    "ɪ": "I",
    "ᴊ": "J",
    "ᴋ": "K",
    "ʟ": "L",
    "ᴍ": "M",
    "ɴ": "N",
    "ᴏ": "O",
    "ᴘ": "P",
    "ʀ": "R",
    "ꜱ": "S",
    "ᴛ": "T",
    "ᴜ": "U",
    "ᴠ": "V",
    "ᴡ": "W",
    "ʏ": "Y",
    "ᴢ": "Z",
    "ı": "i",
    "ȷ": "j",
    "ɡ": "g",
    "ɑ": "a",
    "ǀ": "l",
    "Ʒ": "3",
    "Ȝ": "3",
    "Ƽ": "5",
    "Ȣ": "8",
    "ȣ": "8",
    # Punctuation an identifier is written with
    "⁄": "/",
    "∕": "/",
    "⧸": "/",
    "∶": ":",
    "∗": "*",
    "♯": "#",
    "·": ".",
    "∙": ".",
    "⋅": ".",
}
# Cherokee small letters look like small capitals of the same shapes.
for _capital in [c for c in CONFUSABLES if "\u13a0" <= c <= "\u13f5"]:
    _small = _capital.lower()
    if _small != _capital:
        CONFUSABLES[_small] = CONFUSABLES[_capital].lower()

# Invisible characters that are not format characters.
_INVISIBLE_RANGES = (
    (0x0300, 0x036F),  # combining diacritical marks, the combining grapheme joiner U+034F among them
    (0x1AB0, 0x1AFF),  # combining diacritical marks extended
    (0x1DC0, 0x1DFF),  # combining diacritical marks supplement
    (0x20D0, 0x20FF),  # combining marks for symbols (enclosing circle, keycap)
    (0xFE20, 0xFE2F),  # combining half marks
    (0xFE00, 0xFE0F),  # variation selectors
    (0xE0100, 0xE01EF),  # variation selectors supplement
    (0x180B, 0x180D),  # Mongolian free variation selectors (U+180E is Cf)
    (0x180F, 0x180F),
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x115F, 0x1160),  # Hangul fillers
    (0x3164, 0x3164),
    (0xFFA0, 0xFFA0),
)
_KEPT_CONTROLS = "\t\n\r\x0b\x0c"

# Characters that can change lie in these planes and blocks: the BMP and the
# SMP (mathematical alphanumerics, enclosed alphanumerics, segmented digits),
# the CJK compatibility supplement, and tags and variation selectors in plane 14.
_CODE_POINTS = ((0x0000, 0x1FFFF), (0x2F800, 0x2FA1F), (0xE0000, 0xE0FFF))


def _invisible(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _INVISIBLE_RANGES)


def _after_nfkc(ch: str) -> str:
    if ch in CONFUSABLES:
        return CONFUSABLES[ch]
    category = unicodedata.category(ch)
    if category == "Cf" or _invisible(ch):
        return ""
    if category == "Zs":
        return " "
    if category == "Pd" or ch == "\u2212":
        return "-"
    if category == "Nd" and not ch.isascii():
        return str(unicodedata.decimal(ch))
    return ch


def normalise_char(ch: str) -> str:
    """What one character becomes in the view ("" when it is removed)."""
    if ch in CONFUSABLES:
        return CONFUSABLES[ch]
    category = unicodedata.category(ch)
    if category == "Cf" or _invisible(ch):
        return ""
    if category == "Cc":
        return "\n" if ch == "\x85" else (ch if ch in _KEPT_CONTROLS else "")
    if category == "Zs" or ch == "\u2800":
        return " "
    if category in ("Zl", "Zp"):
        return "\n"
    return "".join(_after_nfkc(c) for c in unicodedata.normalize("NFKC", ch))


def _build() -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    # Only characters NFKC changes or of a category the steps above touch
    # can change; the rest is skipped cheaply (the table builds in under 0.1 s).
    candidates = {ord(c) for c in CONFUSABLES} | {ord(c) for c in "\u2212\u2800"}
    candidates.update(cp for lo, hi in _INVISIBLE_RANGES for cp in range(lo, hi + 1))
    category, is_normalized = unicodedata.category, unicodedata.is_normalized
    touched = {"Cf", "Cc", "Zs", "Zl", "Zp", "Nd", "Pd"}
    for lo, hi in _CODE_POINTS:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if category(ch) in touched or not is_normalized("NFKC", ch):
                candidates.add(cp)
    table: dict[int, str] = {}
    for cp in candidates:
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        out = normalise_char(ch)
        if out != ch:
            table[cp] = out
    return table, _char_class(table), _char_class(cp for cp, r in table.items() if len(r) != 1)


def _char_class(code_points) -> re.Pattern[str]:
    """One character class of the BMP ``code_points`` and every astral
    character: Python's regex engine tests a class of BMP characters with a
    bitmap, but falls back to a slow list of ranges when the class holds
    astral ones. Astral characters are rare (emoji, mathematical letters) and
    the callers look each matched character up in TABLE anyway."""
    ranges: list[list[int]] = []
    for cp in sorted(cp for cp in code_points if cp <= 0xFFFF):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in ranges
    )
    return re.compile(f"[{body}\U00010000-\U0010ffff]+")


TABLE, _CHANGING, _RESIZING = _build()


@dataclass(frozen=True)
class View:
    """The normalised ``text`` of ``original``, and the way back.

    Offsets are kept as pieces: a stretch of characters copied one for one,
    or one original character that became several. ``_norm_starts[i]`` is
    where piece i begins in the view, ``_orig_starts[i]`` in the original,
    ``_plain[i]`` whether it is copied one for one. No pieces: the view has
    the original's offsets.
    """

    text: str
    original: str
    _norm_starts: tuple[int, ...] = ()
    _orig_starts: tuple[int, ...] = ()
    _plain: tuple[bool, ...] = ()

    @property
    def same_offsets(self) -> bool:
        return not self._norm_starts

    def original_start(self, start: int) -> int:
        """The original offset where the view's character at ``start`` begins."""
        if not self._norm_starts:
            return start
        if start >= len(self.text):
            return len(self.original)
        i = bisect_right(self._norm_starts, start) - 1
        if self._plain[i]:
            return self._orig_starts[i] + start - self._norm_starts[i]
        return self._orig_starts[i]

    def original_end(self, end: int) -> int:
        """The original offset where the view's character before ``end`` ends."""
        if not self._norm_starts:
            return end
        if end <= 0:
            return 0
        last = end - 1
        i = bisect_right(self._norm_starts, last) - 1
        if self._plain[i]:
            return self._orig_starts[i] + last - self._norm_starts[i] + 1
        return self._orig_starts[i] + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.original_start(start), self.original_end(end)


def normalise(text: str) -> View:
    """The view of ``text`` the detectors read (see the module docstring)."""
    if not _CHANGING.search(text):
        return View(text, text)
    view = text.translate(TABLE)
    if not _RESIZING.search(text):
        return View(view, text)
    norm_starts, orig_starts, plain = [0], [0], [True]
    n = o = 0
    for m in _RESIZING.finditer(text):
        n += m.start() - o
        o = m.start()
        for ch in m.group():
            width = len(TABLE.get(ord(ch), ch))
            if width == 1:  # an astral character copied or replaced one for one
                n += 1
                o += 1
                continue
            if width:
                norm_starts.append(n)
                orig_starts.append(o)
                plain.append(False)
                n += width
            o += 1
            norm_starts.append(n)
            orig_starts.append(o)
            plain.append(True)
    if len(norm_starts) == 1:
        return View(view, text)
    return View(view, text, tuple(norm_starts), tuple(orig_starts), tuple(plain))


def visible(text: str) -> str:
    """``text`` without the characters the view removes (for masked messages)."""
    return "".join(ch for ch in text if TABLE.get(ord(ch), ch) != "")
