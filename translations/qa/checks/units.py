"""The unit check: a number that keeps its value keeps its unit.

"7 days" rendered as "7 周" (weeks), "2 months" as "2 tahun" (years), 500 mg
as 500 g, 20% as "20 倍" (20-fold): every digit survives, so the numbers
check is satisfied, and the patient takes the wrong dose for the wrong time.

The numbers come from translations/qa/numerals.py (digits, number words in
each language, Chinese and Tamil numerals); this check only reads the unit
written right after each number (or, for 百分之二十, right before it) and
compares, value by value, the units each side gives it. A value whose units
on the two sides have nothing in common is reported. A changed number is the
numbers check's finding, not this one's: values found on one side only are
left to it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, Segment, SegmentCheck
from translations.qa.checks.numbers import MAX_NUMBERS
from translations.qa.numerals import DIGITS, WORD, NumberMention
from translations.qa.registry import register

# Units, by what they measure. "times" (three times a day) and "fold"
# (2-fold, 2 倍, 2 kali ganda) are one unit: languages use the same word for both.
_UNITS: dict[str, list[tuple[str, str]]] = {
    "en": [
        (r"(?:seconds?|secs?)\b", "second"),
        (r"(?:minutes?|mins?)\b", "minute"),
        (r"(?:hours?|hrs?)\b", "hour"),
        (r"(?:days?)\b", "day"),
        (r"(?:weeks?|wks?)\b", "week"),
        (r"(?:months?)\b", "month"),
        (r"(?:years?|yrs?)\b", "year"),
        (r"(?:%|percent\b|per cent\b|pc\b)", "percent"),
        (r"(?:-?fold\b|times\b|x\b)", "times"),
        (r"(?:mg\b|milligrams?\b|milligrammes?\b)", "mg"),
        (r"(?:mcg\b|µg\b|μg\b|micrograms?\b)", "mcg"),
        (r"(?:kg\b|kilos?\b|kilograms?\b|kilogrammes?\b)", "kg"),
        (r"(?:g\b|grams?\b|grammes?\b|gm\b)", "g"),
        (r"(?:ml\b|mL\b|millilit(?:re|er)s?\b|cc\b)", "ml"),
        (r"(?:l\b|L\b|lit(?:re|er)s?\b)", "l"),
        (r"(?:°\s?C\b|℃|degrees? (?:C\b|Celsius\b|centigrade\b))", "celsius"),
        (r"(?:°\s?F\b|℉|degrees? (?:F\b|Fahrenheit\b))", "fahrenheit"),
    ],
    "zh": [
        (r"秒", "second"),
        (r"分钟|分鐘", "minute"),
        (r"个?小时|個?小時|个?钟头|個?鐘頭", "hour"),
        (r"天|日", "day"),
        (r"个?星期|個?星期|周|週|个?礼拜", "week"),
        (r"个月|個月", "month"),
        (r"年(?!代|级|級)|岁|歲|周岁", "year"),
        (r"%|％", "percent"),
        (r"倍|次", "times"),
        (r"mg|毫克", "mg"),
        (r"mcg|µg|μg|微克", "mcg"),
        (r"kg|千克|公斤", "kg"),
        (r"g(?![a-z])|克", "g"),
        (r"ml|mL|毫升", "ml"),
        (r"升|l(?![a-z])|L(?![a-z])", "l"),
        (r"°\s?C|℃|摄氏度|攝氏度|度", "celsius"),
        (r"°\s?F|℉|华氏度|華氏度", "fahrenheit"),
    ],
    "ms": [
        (r"saat\b", "second"),
        (r"minit\b", "minute"),
        (r"jam\b", "hour"),
        (r"hari\b", "day"),
        (r"minggu\b", "week"),
        (r"bulan\b", "month"),
        (r"tahun\b", "year"),
        (r"(?:%|peratus\b|persen\b)", "percent"),
        (r"(?:kali ganda\b|kali\b|ganda\b)", "times"),
        (r"(?:mg\b|miligram\b)", "mg"),
        (r"(?:mcg\b|µg\b|μg\b|mikrogram\b)", "mcg"),
        (r"(?:kg\b|kilogram\b|kilo\b)", "kg"),
        (r"(?:g\b|gram\b)", "g"),
        (r"(?:ml\b|mL\b|mililit(?:er|re)\b)", "ml"),
        (r"(?:l\b|L\b|lit(?:er|re)\b)", "l"),
        (r"(?:°\s?C\b|℃|darjah (?:C\b|Celsius\b|selsius\b))", "celsius"),
        (r"(?:°\s?F\b|℉|darjah Fahrenheit\b)", "fahrenheit"),
    ],
    # Tamil units take case endings (நாட்கள், நாட்களுக்கு, நாட்களில்): matched by stem.
    "ta": [
        (r"(?:விநாடி|வினாடி|நொடி)", "second"),
        (r"நிமிட", "minute"),
        (r"(?:மணி ?நேர|மணிநேர|மணி)", "hour"),
        (r"(?:நாள்|நாட்க|நாட்கள|நாளை|நாளி|நாளு|நாளா|தின)", "day"),
        (r"வார", "week"),
        (r"மாத", "month"),
        (r"(?:ஆண்டு|ஆண்டி|வருட|வயது|வயதி|வயதா)", "year"),
        (r"(?:%|சதவீத|சதவிகித|விழுக்காடு)", "percent"),
        (r"(?:மடங்கு|முறை)", "times"),
        (r"(?:மி\.?கி|மில்லிகிராம்|mg)", "mg"),
        (r"(?:மைக்ரோகிராம்|mcg|µg|μg)", "mcg"),
        (r"(?:கிலோ|kg)", "kg"),
        (r"(?:கிராம்|கி\.?(?![\u0b80-\u0bff])|g(?![a-z]))", "g"),
        (r"(?:மி\.?லி|மில்லிலிட்டர்|ml|mL)", "ml"),
        (r"(?:லிட்டர்|லி\.?(?![\u0b80-\u0bff])|l(?![a-z]))", "l"),
        (r"(?:°\s?C|℃|டிகிரி செல்சியஸ்|செல்சியஸ்|டிகிரி)", "celsius"),
        (r"(?:°\s?F|℉|ஃபாரன்ஹீட்)", "fahrenheit"),
    ],
}
# Between a number and its unit: spaces, a hyphen (7-day), Chinese 个/多 (3 个月, 10 多天).
_GAP = {"en": r"[\s\u00a0-]?", "zh": r"\s?(?:多\s?)?", "ms": r"\s?", "ta": r"\s?"}
_UNIT_RE = {
    lang: [
        (re.compile(_GAP[lang] + "(?:" + pattern + ")", 0 if lang != "en" else re.IGNORECASE), unit)
        for pattern, unit in units
    ]
    for lang, units in _UNITS.items()
}
# Case-sensitive where the letter alone is ambiguous: "l"/"L" and "g" only after digits.
_LETTER_UNITS = frozenset({"l", "g"})
# 百分之二十 (20%) and Tamil/Malay "peratus 20" are rare; Chinese puts the unit first.
_ZH_PERCENT_BEFORE = re.compile(r"百分之\s?$")
# Chinese "3 月" without 个 is March, "2020 年" a date: only "个月" is a month's duration,
# and a year number (4 digits) before 年 is a date, not a duration.
_YEAR_DATE = re.compile(r"^(?:1[5-9]|20)[0-9]{2}$")
_UNIT_NAMES = {"times", "percent"}


def units_of(text: str, lang: str, mentions: Sequence[NumberMention]) -> dict[Decimal, set[str]]:
    """{value: units written with it} for the numbers in `text`."""
    found: dict[Decimal, set[str]] = defaultdict(set)
    patterns = _UNIT_RE.get(lang)
    if not patterns:
        return found
    for mention in mentions:
        if mention.kind not in (DIGITS, WORD) or mention.times:
            continue
        end = mention.start + len(mention.text)
        if text[mention.start : end] != mention.text:
            continue
        after = text[end : end + 24]
        unit = None
        if lang == "zh" and _ZH_PERCENT_BEFORE.search(text[max(0, mention.start - 5) : mention.start]):
            unit = "percent"
        else:
            for pattern, name in patterns:
                match = pattern.match(after)
                if match is None:
                    continue
                if name in _LETTER_UNITS and mention.kind != DIGITS:
                    break
                unit = name
                break
        if unit is None:
            continue
        if unit == "year" and _YEAR_DATE.match(mention.text.strip()):
            continue
        for value in mention.values:
            found[value].add(unit)
    return found


_DIGIT_RUN_RE = re.compile(r"[0-9]+")


def _too_many(text: str) -> bool:
    for count, _ in enumerate(_DIGIT_RUN_RE.finditer(text), 1):
        if count > MAX_NUMBERS:
            return True
    return False


def _shown(text: str, value: Decimal, mentions: Sequence[NumberMention]) -> str:
    for mention in mentions:
        if value in mention.values:
            end = mention.start + len(mention.text)
            tail = re.match(r"[^\s,.;:，。；：、()（）]*(?:\s[^\s,.;:，。；：、()（）]+)?", text[end:])
            return (mention.text + (tail.group(0) if tail else "")).strip()[:40]
    return str(value)


@register
class UnitsCheck(SegmentCheck):
    check_id = "units"
    name = gettext_noop("Units")
    description = (
        "A number kept in the translation keeps its unit: days stay days (not weeks), mg stays mg (not g), "
        "a percentage stays a percentage (not a multiple); durations, doses, volumes, weights, temperatures "
        "and times a day, read in each language."
    )
    severity = ERROR
    messages = {
        "changed": gettext_noop('The unit changed: the source has "%(source)s" but the target has "%(target)s".'),
    }

    def run(self, segment: Segment):
        if segment.source_lang not in _UNITS or segment.target_lang not in _UNITS:
            return
        # Past the numbers check's limit it has asked for a person to compare
        # them (and reading every number would take seconds): so does this.
        if _too_many(segment.source) or _too_many(segment.target):
            return
        if not segment.source_numbers or not segment.target_numbers:
            return
        source_units = units_of(segment.source, segment.source_lang, segment.source_numbers)
        if not source_units:
            return
        target_units = units_of(segment.target, segment.target_lang, segment.target_numbers)
        for value, units in source_units.items():
            other = target_units.get(value)
            if other and not units & other:
                yield self.finding(
                    "changed",
                    source=_shown(segment.source, value, segment.source_numbers),
                    target=_shown(segment.target, value, segment.target_numbers),
                )
                return
