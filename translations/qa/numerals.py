"""Numbers in text, read the way each of the four languages writes them.

extract_numbers() turns a text into NumberMention objects whose candidate
values can be compared across languages: "3.5 million" and "350 万" both
include 3,500,000; "March 7, 2020" and "2020 年 3 月 7 日" both give 3, 7 and
2020; "8 a.m." and "上午 8 点" both give the time 08:00.

How strongly a mention counts is what keeps false alarms down on correct
human translations:

* ``digits`` mentions (written with digits) must match across the pair;
* ``word`` mentions (two, dua, 三, மூன்று) are matched when possible but only
  reported when the other side also has an unmatched cardinal, because
  translators legitimately turn "two" into "both" or "a pair";
* ``code`` digits belong to names (COVID-19, SARS-CoV-2, H1N1) and ``list``
  markers to layout; ``vague`` words (both, dozen, 数十, setengah) carry a
  value only to absorb a match. None of these is ever reported.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from translations.qa.text import mask_urls

DIGITS = "digits"
WORD = "word"
CODE = "code"
LIST = "list"
VAGUE = "vague"
REPORTED_KINDS = (DIGITS, WORD)


@dataclass(frozen=True)
class NumberMention:
    text: str
    values: frozenset
    kind: str
    times: frozenset = field(default_factory=frozenset)
    start: int = 0

    def matches(self, other: NumberMention) -> bool:
        # Two clock times are compared as times, so "8 a.m." never matches
        # "晚上 8 点" (20:00) through their shared 8.
        if self.times and other.times:
            return bool(self.times & other.times)
        return bool(self.values & other.values)

    @property
    def display(self) -> str:
        return self.text.strip()


# --- digit sets ------------------------------------------------------------
_DIGIT_TABLE = {ord(c): str(i) for i, c in enumerate("０１２３４５６７８９")}
_DIGIT_TABLE.update({ord(c): str(i) for i, c in enumerate("௦௧௨௩௪௫௬௭௮௯")})
_DIGIT_TABLE.update({ord("："): ":", ord("．"): "."})

# A run of digit groups joined by . , : or a thousands space. Groups are
# separated by exactly one separator character, so the pattern is linear.
_NUMBER_RE = re.compile(r"[0-9]+(?:(?:[.,]|: ?|[ \u00a0\u202f\u2009](?=[0-9]{3}(?![0-9])))[0-9]+)*")
_SPACE_SEPARATORS = " \u00a0\u202f\u2009"

# Lower-case word-prefixes that are not names: "mid-1960s", "pre-2020".
_NON_CODE_PREFIXES = frozenset("mid pre post early late over under about around aged age ages ke".split())
# Suffixes glued to digits that keep them numbers: 1940s, 21st, 5mg, 8am, 2x.
_NUMBER_SUFFIXES = frozenset(
    "s st nd rd th am pm a p x k m km cm mm kg g mg mcg ug ml l h hr hrs min mins d y yr yrs an f c mmhg iu".split()
)

_SCALES = {
    "en": {
        "thousand": 10**3,
        "million": 10**6,
        "billion": 10**9,
        "trillion": 10**12,
        "k": 10**3,
        "m": 10**6,
        "bn": 10**9,
        "kilo": 10**3,  # 26 kilobases = 2.6 万个碱基
    },
    "ms": {"ribu": 10**3, "juta": 10**6, "bilion": 10**9, "billion": 10**9, "miliar": 10**9, "trilion": 10**12},
    "zh": {"千": 10**3, "万": 10**4, "亿": 10**8, "百万": 10**6, "千万": 10**7},
    "ta": {
        "ஆயிர": 10**3,
        "லட்ச": 10**5,
        "இலட்ச": 10**5,
        "கோடி": 10**7,
        "மில்லியன": 10**6,
        "பில்லியன": 10**9,
        "டிரில்லியன": 10**12,
        "ட்ரில்லியன": 10**12,
        "டஜன": 12,
    },
}
_SCALE_RE = {
    "en": re.compile(r"\+?[ \u00a0-]?(?:(thousand|million|billion|trillion|bn|k|m)\b|(kilo)(?=[a-z]))", re.IGNORECASE),
    "ms": re.compile(r"[ \u00a0]?(ribu|juta|bilion|billion|miliar|trilion)\b", re.IGNORECASE),
    "zh": re.compile(r" ?[多余]?(百万|千万|万|亿|千)"),
    "ta": re.compile(r"[ \u00a0]?(ஆயிர|இலட்ச|லட்ச|கோடி|மில்லியன|பில்லியன|டிரில்லியன|ட்ரில்லியன|டஜன)"),
}

# "3 to 5 million", "300 至 500 万": the scale after a range applies to both ends.
_RANGE_THEN_NUMBER_RE = {
    "en": re.compile(r"\s?(?:to|-|–|—|and|or)\s?(?=[0-9])", re.IGNORECASE),
    "ms": re.compile(r"\s?(?:hingga|sehingga|ke|-|–|—|dan|atau)\s?(?=[0-9])", re.IGNORECASE),
    "zh": re.compile(r"\s?(?:至|到|-|–|—|~|～|或)\s?(?=[0-9])"),
    "ta": re.compile(r"\s?(?:-|–|—|முதல்|அல்லது)\s?(?=[0-9])"),
}
_NEXT_NUMBER_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
# "2010–11" is 2010 to 2011.
_YEAR_BEFORE_RANGE_RE = re.compile(r"((?:1[5-9]|20)[0-9])[0-9]\s?[-–—/]\s?$")

# --- times ------------------------------------------------------------------
_AM_PM_RE = re.compile(r"\s?([ap])\.?\s?m\b\.?", re.IGNORECASE)
_TIME_AFTER = {
    "ms": re.compile(r"\s(pagi|petang|malam|tengah hari|tengah malam)\b", re.IGNORECASE),
}
_TIME_BEFORE = {
    "zh": re.compile(r"(上午|早上|清晨|凌晨|中午|下午|傍晚|晚上|夜间)\s?$"),
    "ta": re.compile(r"(காலை|மதியம்|மாலை|இரவு)\s?$"),
}
_HOUR_WORD_AFTER = {"zh": re.compile(r"\s?(点|時|时)"), "ta": re.compile(r"\s?மணி")}
_PM_WORDS = {"下午", "傍晚", "晚上", "夜间", "petang", "malam", "மாலை", "இரவு", "中午", "tengah hari", "மதியம்"}


def _times(hour: int, minute: int, meridiem: str | None) -> frozenset:
    if hour > 24 or minute > 59:
        return frozenset()
    if meridiem == "am":
        return frozenset({(hour % 12, minute)})
    if meridiem == "pm":
        return frozenset({(hour % 12 + 12, minute)}) if hour <= 12 else frozenset({(hour, minute)})
    if hour <= 12:
        return frozenset({(hour % 24, minute), ((hour % 12) + 12, minute)})
    return frozenset({(hour % 24, minute)})


# --- number words ------------------------------------------------------------
_EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_MULTIPLIERS = {
    "hundred": 100,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "dozen": 12,
}
_EN_VAGUE: dict[str, int | Decimal] = {
    "both": 2,
    "twice": 2,
    "pair": 2,
    "couple": 2,
    "double": 2,
    "triple": 3,
    "half": Decimal("0.5"),
    "once": 1,
    "single": 1,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "quarter": Decimal("0.25"),
    "thrice": 3,
}
# Roman numerals count after the words that take them: Phase III, Type II.
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}

_MS_UNITS = {
    "kosong": 0,
    "sifar": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "lapan": 8,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
}
# "teen" is the Malay belas: dua belas = 2 + 10.
_MS_MULTIPLIERS: dict[str, int | str] = {
    "belas": "teen",
    "puluh": 10,
    "ratus": 100,
    "seratus": 100,
    "ribu": 10**3,
    "seribu": 10**3,
    "juta": 10**6,
    "sejuta": 10**6,
    "bilion": 10**9,
    "billion": 10**9,
    "miliar": 10**9,
    "trilion": 10**12,
    "dozen": 12,
}
_MS_VAGUE: dict[str, int | Decimal] = {
    "kedua-dua": 2,
    "kedua": 2,
    "ketiga": 3,
    "keempat": 4,
    "kelima": 5,
    "pertama": 1,
    "separuh": Decimal("0.5"),
    "setengah": Decimal("0.5"),
    "sekali": 1,
    "berdua": 2,
    "bertiga": 3,
    "sepasang": 2,
    # se- is "one": sehari "a/one day", sebiji "one (tablet)".
    "sehari": 1,
    "seminggu": 1,
    "sebulan": 1,
    "setahun": 1,
    "sejam": 1,
    "seminit": 1,
    "sebiji": 1,
    "seorang": 1,
    "sekeping": 1,
    "secawan": 1,
    "sesudu": 1,
    "sedozen": 12,
}

# Tamil numbers inflect: the final -u of இரண்டு drops before a case ending
# (இரண்டில், இரண்டின்). A stem matches only when what follows is a known
# ending, so இருபத்தைந்து (25, one word) is not read as 20.
_TA_NUMBERS = {
    "ஒன்று": 1,
    "இரண்டு": 2,
    "மூன்று": 3,
    "நான்கு": 4,
    "ஐந்து": 5,
    "ஆறு": 6,
    "ஏழு": 7,
    "எட்டு": 8,
    "ஒன்பது": 9,
    "பத்து": 10,
    "பதினொன்று": 11,
    "பன்னிரண்டு": 12,
    "பதின்மூன்று": 13,
    "பதினான்கு": 14,
    "பதினைந்து": 15,
    "பதினாறு": 16,
    "பதினேழு": 17,
    "பதினெட்டு": 18,
    "பத்தொன்பது": 19,
    "இருபது": 20,
    "முப்பது": 30,
    "நாற்பது": 40,
    "ஐம்பது": 50,
    "அறுபது": 60,
    "எழுபது": 70,
    "எண்பது": 80,
    "தொண்ணூறு": 90,
    "நூறு": 100,
    "ஆயிரம்": 1000,
}
_TA_ENDINGS = ("", "ு", "ும்", "ில்", "ின்", "ை", "ுக்கு", "ால்", "ாக", "ிலும்", "ிலிருந்து", "ுடன்", "ோடு", "ே")
_TA_ORDINAL_ENDINGS = ("ாவது", "ாம்")
_TA_VAGUE_WORDS: dict[str, int | Decimal] = {"இரு": 2, "ஓர்": 1, "ஒரு": 1, "பாதி": Decimal("0.5"), "முதல்": 1}


def _ta_stem(word: str) -> str:
    if word.endswith("ம்"):
        return word[:-2]
    return word[:-1] if word.endswith("ு") else word


_TA_STEMS = sorted(((_ta_stem(w), v) for w, v in _TA_NUMBERS.items()), key=lambda item: -len(item[0]))
_TA_WORD_RE = re.compile(r"[\u0b80-\u0bff]+")

# Chinese numerals. A run is read as a number unless it is part of a word in
# which the numeral is not a quantity: 十分 "very", 一些 "some", 千万 "by all
# means", 十二指肠 "duodenum", 二甲双胍 "metformin", 百日咳 "whooping cough".
_ZH_NUMERAL_CHARS = "零〇一二三四五六七八九十百千万亿两"
_ZH_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "两": 2}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10**4, "亿": 10**8}
_ZH_NOT_NUMBERS = (
    "十足 十字 万一 万分 万物 万事 万能 万岁 百姓 百科 百货 百日咳 百分之 千克 千米 千瓦 千卡 "
    "三明治 三角 三叉 三尖瓣 二尖瓣 二头肌 三头肌 四头肌 四肢 四处 五官 五脏 六腑 七嘴八舌 九死一生 八卦 "
    "二氧化 一氧化 二甲双胍 二甲 三磷酸 三酰 四环素 万古霉素 十二指肠 二手 二维码 一次性 统一 唯一 之一 一些 "
    "一起 一般 一定 一直 一样 一旦 一致 一切 一律 一向 一再 一同 一度 一时 一方面 一系列 一带 进一步 一边 "
    "零星 零售 零食 再三 三思 千里 万里 数百 数千 数万 数十 几十 几百 几千 几万 上百 上千 上万 成千上万 "
    "千千万万 一一 三甲"
).split()
# 十分 is "very" except in 十分钟 (ten minutes); 千万 is "by all means" before
# a verb of warning, "ten million" elsewhere.
_ZH_NOT_NUMBERS_CONTEXTUAL = ("十分(?!钟)", "千万(?=[不别要勿记注务])")
_ZH_NOT_NUMBERS_RE = re.compile(
    r"(?<![0-9零〇一二三四五六七八九十百千两])(?:"
    + "|".join(list(_ZH_NOT_NUMBERS_CONTEXTUAL) + sorted(map(re.escape, _ZH_NOT_NUMBERS), key=len, reverse=True))
    + ")"
)
_ZH_VAGUE_PREFIX = ("数", "几", "上", "近", "逾")
_ZH_VAGUE_SUFFIX = ("多", "余", "来", "几")
_ZH_NUMERAL_RE = re.compile(f"[{_ZH_NUMERAL_CHARS}]+")
# 一千二百三十四万五千六百七十八 is 15 characters; nothing real is longer.
_ZH_LONGEST_NUMERAL = 24
_ZH_DECADE_RE = re.compile(
    r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s?世纪\s?([0-9]{2}|[一二三四五六七八九十]{1,3})\s?年代"
)
_ZH_SHORT_DECADE_RE = re.compile(r"(?<![0-9])([0-9]0)\s?年代")
_ZH_ALSO_VAGUE: dict[str, int | Decimal] = {"半": Decimal("0.5"), "俩": 2, "双": 2}

# Month names. English "May" and the three-letter abbreviations count only
# next to a number ("May 2020", "Mar 5") or, for "May", capitalised inside a
# sentence: elsewhere "may" is a verb and "Mar"/"Jan" a name or a word.
_MONTHS = {
    "en": {
        "january": 1,
        "february": 2,
        "march": 3,
        "april": 4,
        "may": 5,
        "june": 6,
        "july": 7,
        "august": 8,
        "september": 9,
        "october": 10,
        "november": 11,
        "december": 12,
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    },
    "ms": {
        "januari": 1,
        "februari": 2,
        "mac": 3,
        "maret": 3,
        "april": 4,
        "mei": 5,
        "jun": 6,
        "juni": 6,
        "julai": 7,
        "juli": 7,
        "ogos": 8,
        "agustus": 8,
        "september": 9,
        "oktober": 10,
        "november": 11,
        "disember": 12,
        "desember": 12,
    },
}
_MONTH_NEEDS_NUMBER = {
    "en": frozenset("may mar jun jan dec oct nov sep sept aug apr jul feb".split()),
    "ms": frozenset(),
}
_TA_MONTHS = {
    "ஜனவரி": 1,
    "பிப்ரவரி": 2,
    "மார்ச்": 3,
    "ஏப்ரல்": 4,
    "ஜூன்": 6,
    "ஜூலை": 7,
    "ஆகஸ்ட்": 8,
    "செப்டம்பர்": 9,
    "அக்டோபர்": 10,
    "நவம்பர்": 11,
    "டிசம்பர்": 12,
}
_TA_MAY = "மே"
_TA_MONTH_STEMS = tuple(name[:-1] for name in _TA_MONTHS)

# Idioms written with digits that translators render in words (全天候, sepanjang masa).
_DIGIT_IDIOMS_RE = re.compile(r"(?<![0-9])24\s?/\s?7(?![0-9])")

_LIST_MARKER_RE = re.compile(r"^\s*(?:\(([0-9]{1,2})\)|([0-9]{1,2})[.)])\s")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


Piece = tuple[int, str, frozenset]  # (offset in the run, text, candidate values)
_SPACE_CHUNK_RE = re.compile(r"[^ \u00a0\u202f\u2009]+")
_COLON_CHUNK_RE = re.compile(r"[^: ]+")
_DIGITS_CHUNK_RE = re.compile(r"[0-9]+")


def _split(raw: str, pattern: re.Pattern, lang: str) -> list[Piece]:
    pieces: list[Piece] = []
    for chunk in pattern.finditer(raw):
        for offset, text, values in _interpret_digits(chunk.group(0), lang)[0]:
            pieces.append((chunk.start() + offset, text, values))
    return pieces


def _interpret_digits(raw: str, lang: str) -> tuple[list[Piece], bool]:
    """The numbers in a digit run, with their candidate values, and whether
    the run split into several numbers ("1:1000", "23,2020", "1.2.3")."""
    groups = re.split(r"([.,]|: ?|[ \u00a0\u202f\u2009])", raw)
    numbers = groups[0::2]
    separators = groups[1::2]
    if not separators:
        return [(0, raw, frozenset({_decimal(raw)}))], False

    kinds = set(separators)
    if kinds & set(_SPACE_SEPARATORS):
        # 1 000 000: spaces only ever join thousands (the pattern requires 3 digits after).
        if kinds <= set(_SPACE_SEPARATORS) and len(numbers[0]) <= 3:
            return [(0, raw, frozenset({_decimal("".join(numbers))}))], False
        # "2020 100" or a space mixed with other separators: separate numbers.
        return _split(raw, _SPACE_CHUNK_RE, lang), True
    if ": " in kinds or ":" in kinds:
        # Clock times are read by the caller; a ratio like 1:1000 is two numbers.
        return _split(raw, _COLON_CHUNK_RE, lang), True

    candidates: set[Decimal | None] = set()
    commas = [n for n, s in zip(numbers[1:], separators, strict=True) if s == ","]
    points = [n for n, s in zip(numbers[1:], separators, strict=True) if s == "."]
    if commas and any(len(n) >= 4 for n in commas):
        # "23,2020" (a date written without a space): separate numbers.
        return _split(raw, _DIGITS_CHUNK_RE, lang), True
    if commas and not points:
        if all(len(n) in (2, 3) for n in commas) and len(commas[-1]) == 3:
            # 8,096 / 1,000,000 / Indian 1,00,000: grouping.
            candidates.add(_decimal("".join(numbers)))
            if len(commas) == 1:
                candidates.add(_decimal(numbers[0] + "." + commas[0]))  # decimal comma 1,261
        elif len(commas) == 1:
            candidates.add(_decimal(numbers[0] + "." + commas[0]))  # 4,8 decimal comma
        else:
            return _split(raw, _DIGITS_CHUNK_RE, lang), True  # "1,2,3" without spaces
    elif points and not commas:
        if len(points) == 1:
            candidates.add(_decimal(numbers[0] + "." + points[0]))
            if len(points[0]) == 3:
                candidates.add(_decimal(numbers[0] + points[0]))  # 1.000 thousands point
        elif all(len(n) == 3 for n in points):
            candidates.add(_decimal("".join(numbers)))  # 1.000.000
        else:
            return _split(raw, _DIGITS_CHUNK_RE, lang), True  # 1.2.3: section numbers
    else:
        # Both: the last separator is the decimal one (1,234.5 or 1.234,5).
        integer = "".join(numbers[:-1])
        candidates.add(_decimal(integer + "." + numbers[-1]))
    return [(0, raw, frozenset(c for c in candidates if c is not None))], False


# Letters glued to an amount that are a currency, not a name: RM50, US50, SGD 5.
_CURRENCY_PREFIXES = {"rm", "us", "as", "sgd", "usd", "eur", "gbp", "rmb", "hk", "hkd", "inr", "rs"}


def _is_code_context(text: str, start: int, end: int) -> bool:
    """Digits that belong to a name: COVID-19, SARS-CoV-2, H1N1, ACE2, 2019-nCoV, கோவிட்-19."""
    before = text[max(0, start - 12) : start]
    if before and before[-1].isascii() and before[-1].isalpha():
        glued = before[len(before.rstrip(string.ascii_letters)) :]
        if glued.lower() in _CURRENCY_PREFIXES:
            return False
        # "pada2.9", "selama14": a word run into a number by a typo, not a name.
        if len(glued) >= 4 and (glued.islower() or (glued[0].isupper() and glued[1:].islower())):
            return False
        return True  # ACE2, H1N1, OC43, nsp10
    if before and "\u0b80" <= before[-1] <= "\u0bff":
        return True  # யூ07.1 (U07.1)
    if before.endswith(("-", "‑")) and len(before) >= 2:
        letter = before[-2]
        prefix = re.search(r"([A-Za-z]+)[-‑]$", before)
        if prefix and prefix.group(1).lower() in _NON_CODE_PREFIXES:
            return False  # mid-1960s
        if letter.isascii() and letter.isalpha():
            return True  # COVID-19, IL-6
        if "\u0b80" <= letter <= "\u0bff":
            tamil_word = re.search(r"[\u0b80-\u0bff]+[-‑]$", before)
            # மார்ச்-11 is a date (March 11); கோவிட்-19 is a name.
            return not (tamil_word and tamil_word.group(0).startswith(_TA_MONTH_STEMS))
    after = text[end : end + 12]
    suffix = re.match(r"([A-Za-z]+)", after)
    if suffix:
        word = suffix.group(1)
        if word.lower() in _NUMBER_SUFFIXES:
            return False
        return any(c.isupper() for c in word) or len(word) <= 2
    hyphenated = re.match(r"[-‑]([A-Za-z]+)", after)
    if hyphenated and any(c.isupper() for c in hyphenated.group(1)):
        return True  # 2019-nCoV
    return False


_NAME_CHAR_RE = re.compile(r"[A-Za-z0-9\-\u0b80-\u0bff.]")


def _name_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > max(0, start - 30) and _NAME_CHAR_RE.match(text[left - 1]):
        left -= 1
    right = end
    while right < min(len(text), end + 30) and _NAME_CHAR_RE.match(text[right]):
        right += 1
    return left, right if text[right - 1] != "." else right - 1


def _scale_after(text: str, end: int, lang: str) -> tuple[int, int] | None:
    """(multiplier, end of the scale word) for "3.5 million", "350 万", "2 juta"."""
    pattern = _SCALE_RE.get(lang)
    if pattern is None:
        return None
    match = pattern.match(text, end)
    if not match:
        return None
    word = next(group for group in match.groups() if group)  # every alternative captures the word
    scales = _SCALES[lang]
    if lang == "en":
        # "5 m" is five metres; only the words, or k/m/bn glued to the digits.
        lower = word.lower()
        if lower in ("k", "m", "bn") and match.group(0)[:1].isspace():
            return None
        return scales[lower], match.end()
    if lang == "ms":
        return scales[word.lower()], match.end()
    return scales[word], match.end()


def _meridiem(text: str, start: int, end: int, lang: str) -> str | None:
    match = _AM_PM_RE.match(text, end)
    if match:
        return "am" if match.group(1).lower() == "a" else "pm"
    after = _TIME_AFTER.get(lang)
    if after:
        match = after.match(text, end)
        if match:
            return "pm" if match.group(1).lower() in _PM_WORDS else "am"
    before = _TIME_BEFORE.get(lang)
    if before:
        match = before.search(text[max(0, start - 6) : start])
        if match:
            return "pm" if match.group(1) in _PM_WORDS else "am"
    return None


def _parse_chinese(run: str) -> int | None:
    if all(ch in _ZH_DIGIT for ch in run):
        if len(run) == 1:
            return _ZH_DIGIT[run]
        if len(run) >= 3 or "〇" in run or "零" in run:
            return int("".join(str(_ZH_DIGIT[ch]) for ch in run))  # 二〇二〇
        return None  # 三四 is "three or four": handled as vague by the caller
    total = section = number = 0
    for ch in run:
        if ch in _ZH_DIGIT:
            number = _ZH_DIGIT[ch]
        elif ch in _ZH_UNIT:
            section += (number or 1) * _ZH_UNIT[ch]
            number = 0
        elif ch in _ZH_BIG:
            big = _ZH_BIG[ch]
            if big == 10**8:
                total = (total + section + number) * big
            else:
                total += (section + number or 1) * big
            section = number = 0
    return total + section + number


def _parse_words(words: list[str], units: dict, multipliers: dict) -> int | None:
    total = group = current = 0
    seen = False
    for word in words:
        if word in units:
            current += units[word]
            seen = True
        elif word in multipliers:
            multiplier = multipliers[word]
            seen = True
            if multiplier == "teen":  # Malay dua belas = 12
                group += current + 10
                current = 0
            elif multiplier == 10:  # Malay dua puluh = 20
                group += (current or 1) * 10
                current = 0
            elif multiplier == 100:
                group = (group + (current or 1)) * 100 if word not in ("seratus",) else group + 100
                current = 0
            else:
                total += (group + current or 1) * multiplier
                group = current = 0
    return total + group + current if seen else None


class _Collector:
    def __init__(self, text: str) -> None:
        self.text = text
        self.mentions: list[NumberMention] = []
        self.taken = bytearray(len(text))  # positions already read

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, values, kind: str, times=frozenset()) -> None:
        values = frozenset(v for v in values if v is not None)
        if not values and not times:
            return
        self.mentions.append(NumberMention(self.text[start:end], values, kind, frozenset(times), start))
        self.taken[start:end] = b"\x01" * (end - start)


# One source segment is checked against three translations (and the
# benchmark against a dozen variants): ordinary-sized texts are read once.
_CACHEABLE = 20_000


def extract_numbers(text: str, lang: str) -> tuple[NumberMention, ...]:
    if len(text) <= _CACHEABLE:
        return _extract_cached(text, lang)
    return _extract(text, lang)


@lru_cache(maxsize=2048)
def _extract_cached(text: str, lang: str) -> tuple[NumberMention, ...]:
    return _extract(text, lang)


def _extract(text: str, lang: str) -> tuple[NumberMention, ...]:
    if not text:
        return ()
    text = mask_urls(text).translate(_DIGIT_TABLE)
    if lang == "zh":
        # Words whose numerals are not quantities are blanked, keeping the
        # length; 百分之 ("per hundred") becomes a percent sign so that
        # 百分之十三 reads as 13.
        text = _ZH_NOT_NUMBERS_RE.sub(lambda m: "％  " if m.group(0) == "百分之" else " " * len(m.group(0)), text)
    collector = _Collector(text)

    list_marker = _LIST_MARKER_RE.match(text)
    if list_marker:
        number = list_marker.group(1) or list_marker.group(2)
        start = list_marker.start(1) if list_marker.group(1) else list_marker.start(2)
        collector.add(start, start + len(number), {_decimal(number)}, LIST)

    for match in _DIGIT_IDIOMS_RE.finditer(text):
        collector.add(match.start(), match.end(), {Decimal(24), Decimal(7)}, VAGUE)
    if lang == "zh":
        _chinese_decades(collector)
    _digit_numbers(collector, lang)
    if lang == "zh":
        _chinese_numerals(collector)
    elif lang == "ta":
        _tamil_words(collector)
    else:
        _word_numbers(collector, "ms" if lang == "ms" else "en")
    collector.mentions.sort(key=lambda m: m.start)
    return tuple(collector.mentions)


def _chinese_decades(collector: _Collector) -> None:
    text = collector.text
    for match in _ZH_DECADE_RE.finditer(text):
        century = match.group(1)
        decade = match.group(2)
        c = int(century) if century.isdigit() else _parse_chinese(century)
        d = int(decade) if decade.isdigit() else _parse_chinese(decade)
        if c and d is not None:
            # 20 世纪 40 年代 = the 1940s.
            year = (c - 1) * 100 + d
            collector.add(match.start(), match.end(), {Decimal(year), Decimal(d)}, DIGITS)
    for match in _ZH_SHORT_DECADE_RE.finditer(text):
        if collector.free(match.start(), match.end()):
            d = int(match.group(1))
            collector.add(match.start(1), match.end(1), {Decimal(d), Decimal(1900 + d), Decimal(2000 + d)}, DIGITS)


def _range_scale(text: str, end: int, lang: str) -> int | None:
    """The scale of "3 to 5 million" seen from the 3."""
    connector = _RANGE_THEN_NUMBER_RE.get(lang)
    if connector is None:
        return None
    joined = connector.match(text, end, end + 16)
    if not joined:
        return None
    following = _NEXT_NUMBER_RE.match(text, joined.end())
    if not following:
        return None
    scale = _scale_after(text, following.end(), lang)
    return scale[0] if scale else None


def _digit_numbers(collector: _Collector, lang: str) -> None:
    text = collector.text
    for match in _NUMBER_RE.finditer(text):
        start, end = match.start(), match.end()
        if not collector.free(start, end):
            continue
        raw = match.group(0)
        if _is_code_context(text, start, end):
            code_values = frozenset(
                value
                for chunk in re.split(r"[.,: \u00a0\u202f\u2009]", raw)
                if chunk and (value := _decimal(chunk)) is not None
            )
            collector.add(start, end, code_values, CODE)
            # Shown as the whole name (2019-nCoV, HCoV-229E) in messages.
            name_start, name_end = _name_bounds(text, start, end)
            collector.mentions[-1] = NumberMention(text[name_start:name_end], code_values, CODE, frozenset(), start)
            continue
        time_match = re.fullmatch(r"([0-9]{1,2}): ?([0-9]{2})", raw)
        if time_match:
            hour, minute = int(time_match.group(1)), int(time_match.group(2))
            times = _times(hour, minute, _meridiem(text, start, end, lang))
            if times:
                collector.add(start, end, {Decimal(hour)}, DIGITS, times)
                continue
        pieces, split = _interpret_digits(raw, lang)
        if split:
            for offset, piece, piece_values in pieces:
                collector.mentions.append(NumberMention(piece, piece_values, DIGITS, frozenset(), start + offset))
            collector.taken[start:end] = b"\x01" * (end - start)
            continue
        candidates = pieces[0][2]
        values: set[Decimal | None] = set(candidates)
        if start and text[start - 1] == "." and (start == 1 or text[start - 2] in " (\u00a0~≈<>") and raw.isdigit():
            # ".08%": a decimal written without its leading zero.
            values = {_decimal("0." + raw)}
        times = frozenset()
        if raw.isdigit() and len(raw) <= 2:
            meridiem = _meridiem(text, start, end, lang)
            hour_word = _HOUR_WORD_AFTER.get(lang)
            if meridiem or (hour_word and hour_word.match(text, end)):
                times = _times(int(raw), 0, meridiem)
            year = _YEAR_BEFORE_RANGE_RE.search(text, max(0, start - 8), start)
            if year and len(raw) == 2:
                values.add(Decimal(year.group(1)[:2] + raw))  # 2010–11 -> 2011
        elif lang == "ms" and re.fullmatch(r"[0-9]{1,2}\.[0-9]{2}", raw):
            # Malay writes 8.30 pagi for 8:30 a.m.
            after = _TIME_AFTER["ms"].match(text, end)
            if after:
                hour, minute = map(int, raw.split("."))
                times = _times(hour, minute, "pm" if after.group(1).lower() in _PM_WORDS else "am")
        scale = _scale_after(text, end, lang)
        if scale:
            multiplier, end = scale
            values |= {(v * multiplier).normalize() for v in candidates}
        else:
            range_multiplier = _range_scale(text, end, lang)
            if range_multiplier:
                values |= {(v * range_multiplier).normalize() for v in candidates}
        if lang == "en" and text[end : end + 1] == "s" and raw.isdigit() and len(raw) in (2, 4) and raw.endswith("0"):
            # 1940s / the 50s: the decade; "1940s" also as the short form 40.
            values.add(Decimal(raw[-2:]))
        collector.add(start, end, values, DIGITS, times)


def _chinese_numerals(collector: _Collector) -> None:
    text = collector.text
    for match in _ZH_NUMERAL_RE.finditer(text):
        start, end = match.start(), match.end()
        if not collector.free(start, end):
            continue
        run = match.group(0)
        if len(run) > _ZH_LONGEST_NUMERAL:
            continue  # a string of numerals, not a number (and no 10^560000 to compute)
        before = text[start - 1 : start] if start else ""
        after = text[end : end + 1]
        if all(ch in _ZH_BIG or ch in _ZH_UNIT for ch in run) and before.isdigit():
            continue  # the 万 of "350 万" was read with its digits
        value = _parse_chinese(run)
        if value is None:
            # 三四天 "three or four days"
            collector.add(start, end, {Decimal(_ZH_DIGIT[ch]) for ch in run}, VAGUE)
            continue
        vague = before in _ZH_VAGUE_PREFIX or after in _ZH_VAGUE_SUFFIX
        collector.add(start, end, {Decimal(value)}, VAGUE if vague else WORD)
    for ch, vague_value in _ZH_ALSO_VAGUE.items():
        for match in re.finditer(ch, text):
            if collector.free(match.start(), match.end()):
                collector.add(match.start(), match.end(), {Decimal(vague_value)}, VAGUE)


_LATIN_TOKEN_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# "seven hundred and fifty-two thousand three hundred and twelve" is 9 words;
# "hundred hundred hundred ..." must not grow into 10^200000.
_LONGEST_NUMBER_PHRASE = 12
_WORD_TABLES: dict[str, tuple[dict[str, int], Mapping[str, int | str], dict[str, int | Decimal]]] = {
    "en": (_EN_UNITS, _EN_MULTIPLIERS, _EN_VAGUE),
    "ms": (_MS_UNITS, _MS_MULTIPLIERS, _MS_VAGUE),
}
_ROMAN_TRIGGERS = {
    "phase",
    "type",
    "class",
    "stage",
    "grade",
    "level",
    "part",
    "chapter",
    "war",
    "tier",
    "category",
    "schedule",
    "fasa",
    "jenis",
    "kelas",
    "tahap",
    "peringkat",
}


def _word_numbers(collector: _Collector, lang: str) -> None:
    """Number words, month names and Roman numerals, in one pass over the words."""
    text = collector.text
    units, multipliers, vague = _WORD_TABLES[lang]
    months = _MONTHS[lang]
    tokens = [(m.start(), m.end(), m.group(0)) for m in _LATIN_TOKEN_RE.finditer(text)]
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        lower = word.lower()
        parts = lower.split("-")
        if parts[0] in units or parts[0] in multipliers or (lower == "a" and i + 1 < len(tokens)):
            consumed = _number_phrase(collector, tokens, i, units, multipliers, lang)
            if consumed:
                i += consumed
                continue
        if (
            lower == "half"
            and lang == "en"
            and i + 2 < len(tokens)
            and tokens[i + 1][2].lower() in ("a", "an")
            and tokens[i + 2][2].lower() in _EN_MULTIPLIERS
        ):
            # half a million = 500,000
            scale = _EN_MULTIPLIERS[tokens[i + 2][2].lower()]
            collector.add(start, tokens[i + 2][1], {Decimal(scale) / 2}, WORD)
            i += 3
            continue
        if lower in vague:
            collector.add(start, end, {Decimal(vague[lower])}, VAGUE)
        elif (
            word in _ROMAN
            and i
            and tokens[i - 1][2].lower() in _ROMAN_TRIGGERS
            and text[tokens[i - 1][1] : start].isspace()
        ):
            collector.add(start, end, {Decimal(_ROMAN[word])}, WORD)  # Phase III
        elif parts[-1] in months and _is_month(text, start, end, word.split("-")[-1], lang):
            # "March", and "mid-February" / "pertengahan-Mac" by their last part.
            collector.add(start, end, {Decimal(months[parts[-1]])}, WORD)
        i += 1


def _is_month(text: str, start: int, end: int, word: str, lang: str) -> bool:
    lower = word.lower()
    if lang == "en" and not word[0].isupper():
        return False  # "march", "may" in lower case are verbs
    if lower not in _MONTH_NEEDS_NUMBER[lang]:
        return True
    window = text[max(0, start - 4) : start] + "|" + text[end : end + 4]
    if re.search(r"[0-9]\W{0,2}\||\|\W{0,2}[0-9]", window):
        return True
    # A capitalised "May" inside a sentence is the month ("the May/June
    # series"); at the start of one it is as likely the verb.
    return lang == "en" and word == "May" and bool(re.search(r"[a-z,/]\s?$", text[max(0, start - 3) : start]))


def _number_phrase(collector: _Collector, tokens, i: int, units, multipliers, lang: str) -> int:
    """Read "twenty-five", "two hundred and fifty", "a million", "dua puluh lima"
    starting at token i; add it and return how many tokens it took (0: none)."""
    text = collector.text
    words: list[str] = []
    j = i
    first = tokens[i][2].lower()
    if first == "a":
        # "a hundred", "a million": only before a multiplier.
        if (
            i + 1 < len(tokens)
            and tokens[i + 1][2].lower() in multipliers
            and text[tokens[i][1] : tokens[i + 1][0]].isspace()
        ):
            j = i + 1
        else:
            return 0
    while j < len(tokens) and j - i < _LONGEST_NUMBER_PHRASE:
        word = tokens[j][2].lower()
        parts = word.split("-")
        if not all(p in units or p in multipliers for p in parts):
            if j == i and len(parts) > 1 and (parts[0] in units):
                words.append(parts[0])  # "two-week", "lima-hari"
                j += 1
            break
        if j > i and words:
            gap = text[tokens[j - 1][1] : tokens[j][0]]
            if not gap.isspace():
                break
        words.extend(parts)
        j += 1
        # "hundred and fifty": "and" joins only after hundred/thousand/million.
        if (
            lang == "en"
            and j + 1 < len(tokens)
            and tokens[j][2].lower() == "and"
            and words[-1] in ("hundred", "thousand", "million")
            and tokens[j + 1][2].lower() in units
        ):
            j += 1
    if not words:
        return 0
    value = _parse_words(words, units, multipliers)
    if value is None:
        return 0
    values = {Decimal(value)}
    if len(words) > 1 and isinstance(multipliers.get(words[-1]), int) and multipliers[words[-1]] >= 1000:
        # "five trillion" also as the bare 5 a translation may keep before its own scale word.
        mantissa = _parse_words(words[:-1], units, multipliers)
        if mantissa:
            values.add(Decimal(mantissa))
    start, end = tokens[i][0], tokens[j - 1][1]
    if collector.free(start, end):
        collector.add(start, end, values, WORD)
    return j - i


_TA_STEMS_BY_FIRST: dict[str, list] = {}
for _stem, _value in _TA_STEMS:
    _TA_STEMS_BY_FIRST.setdefault(_stem[0], []).append((_stem, _value))
_TA_MONTHS_BY_FIRST: dict[str, list] = {}
for _name, _month in _TA_MONTHS.items():
    _TA_MONTHS_BY_FIRST.setdefault(_name[0], []).append((_name[:-1], _month))


def _tamil_words(collector: _Collector) -> None:
    """Tamil number words and month names, in one pass over the words."""
    text = collector.text
    for match in _TA_WORD_RE.finditer(text):
        word = match.group(0)
        if word in _TA_VAGUE_WORDS:
            collector.add(match.start(), match.end(), {Decimal(_TA_VAGUE_WORDS[word])}, VAGUE)
            continue
        for stem, value in _TA_STEMS_BY_FIRST.get(word[0], ()):
            if word.startswith(stem):
                rest = word[len(stem) :]
                if rest in _TA_ENDINGS or rest.startswith(("ு ", "ும்")):
                    values = {Decimal(value)}
                    scale = _scale_after(text, match.end(), "ta")
                    if scale:
                        values.add(Decimal(value * scale[0]))  # ஐந்து டிரில்லியன் = 5 trillion
                    collector.add(match.start(), match.end(), values, WORD)
                elif rest.startswith(_TA_ORDINAL_ENDINGS):
                    collector.add(match.start(), match.end(), {Decimal(value)}, VAGUE)
                break
        else:
            for name, month in _TA_MONTHS_BY_FIRST.get(word[0], ()):
                if word.startswith(name):
                    collector.add(match.start(), match.end(), {Decimal(month)}, WORD)
                    break
            else:
                if word == _TA_MAY and re.search(r"[0-9]", text[max(0, match.start() - 4) : match.end() + 4]):
                    collector.add(match.start(), match.end(), {Decimal(5)}, WORD)


@lru_cache(maxsize=64)
def emergency_number_pattern(number: str) -> re.Pattern:
    """995 as a whole number; "1800 221 4444" with any spacing or hyphens."""
    digits = re.findall(r"[0-9]+", number) or [re.escape(number)]
    body = r"[\s\u00a0\-.]?".join(digits)
    # Not part of a longer number: 99.999% does not contain 999, nor 1,995 995.
    return re.compile(rf"(?<![0-9])(?<![0-9][.,]){body}(?![0-9])(?![.,][0-9])")
