"""Dates of birth: a date counts only when the words around it say "birth".

Leaflets are full of dates (appointments, outbreak timelines, "valid until"),
so a date alone is never reported. Most languages put the keyword first (DOB:,
tarikh lahir, 出生日期：); Chinese and Tamil also put the verb after the date
(1985年3月12日出生, 12/03/1985 அன்று பிறந்தார்), so both directions are checked.
Eligibility rules ("born on or after 1 January 2015") describe a group, not a
person, and are left alone.

Input is the normalised view of the text (normalise.py): ASCII digits, plain
spaces and hyphens, no invisible characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_MONTH_NAMES = {
    # English, abbreviated and full
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    # Malay
    "januari": 1,
    "februari": 2,
    "mac": 3,
    "mei": 5,
    "julai": 7,
    "ogos": 8,
    "oktober": 10,
    "disember": 12,
    # Tamil (Gregorian month names as used in Singapore)
    "ஜனவரி": 1,
    "பிப்ரவரி": 2,
    "பெப்ரவரி": 2,
    "மார்ச்": 3,
    "ஏப்ரல்": 4,
    "மே": 5,
    "ஜூன்": 6,
    "ஜூலை": 7,
    "ஆகஸ்ட்": 8,
    "ஆகஸ்டு": 8,
    "செப்டம்பர்": 9,
    "செப்டெம்பர்": 9,
    "அக்டோபர்": 10,
    "நவம்பர்": 11,
    "டிசம்பர்": 12,
}
_MONTH = "(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")(?![A-Za-z])"
# Malay writes the day with "hb" (haribulan): 12hb Mac 1985.
_ORDINAL = r"(?:st|nd|rd|th|hb\.?)?"
_DSEP = r"[ \t]?[/.\-][ \t]?"

DATE = re.compile(
    r"(?<![0-9])(?:"
    rf"(?P<yzh>[0-9]{{4}})[ \t]*年[ \t]*(?P<mzh>[0-9]{{1,2}})[ \t]*月(?:[ \t]*(?P<dzh>[0-9]{{1,2}})[ \t]*[日号號]?)?"
    # Forms typed by hand put spaces around the separators (12 / 03 / 1985).
    rf"|(?P<d1>[0-9]{{1,2}}){_DSEP}(?P<m1>[0-9]{{1,2}}){_DSEP}(?P<y1>[0-9]{{4}}|[0-9]{{2}})"
    rf"|(?P<y2>[0-9]{{4}}){_DSEP}(?P<m2>[0-9]{{1,2}}){_DSEP}(?P<d2>[0-9]{{1,2}})"
    rf"|(?P<d3>[0-9]{{1,2}}){_ORDINAL}[ \t\-]*(?:of[ \t]+)?(?P<mon3>{_MONTH})\.?,?[ \t\-]*(?P<y3>[0-9]{{4}})"
    rf"|(?P<y6>[0-9]{{4}})[ \t,]+(?P<mon6>{_MONTH})[ \t,]+(?P<d6>[0-9]{{1,2}})"
    rf"|(?P<mon4>{_MONTH})\.?[ \t]+(?P<d4>[0-9]{{1,2}}){_ORDINAL},?[ \t]+(?P<y4>[0-9]{{4}})"
    rf"|(?P<mon5>{_MONTH})\.?,?[ \t]+(?P<y5>[0-9]{{4}})"
    rf"|(?P<m7>[0-9]{{1,2}})[/.\-](?P<y7>[0-9]{{4}})"
    r"|(?P<compact>[0-9]{8})"
    # Day and month without a year still narrow a person down (HIPAA lists
    # every date element but the year as an identifier).
    rf"|(?P<d8>[0-9]{{1,2}}){_ORDINAL}[ \t\-]*(?:of[ \t]+)?(?P<mon8>{_MONTH})\.?"
    rf"|(?P<mon9>{_MONTH})\.?[ \t]+(?P<d9>[0-9]{{1,2}}){_ORDINAL}"
    r"|(?P<mzh2>[0-9]{1,2})[ \t]*月[ \t]*(?P<dzh2>[0-9]{1,2})[ \t]*[日号號]"
    r")(?![0-9])",
    re.IGNORECASE,
)

# Keywords are looked for in a lower-cased copy so that the patterns stay case
# sensitive: case-insensitive alternations run several times slower in
# Python's regex engine. The Latin keywords are anchored on their distinctive
# word (birth, born, dob, lahir) and each alternative starts with a literal, so
# the engine can skip ahead to candidates.
_LATIN_KEYWORD = re.compile(
    r"birth(?:[ \t\-]?date|day)?(?![a-z])|born(?:[ \t]+on)?(?![a-z])|d\.?[ \t]?o\.?[ \t]?b\.?(?![a-z])"
    r"|dilahirkan(?:[ \t]+pada)?(?![a-z])|lahir(?:[ \t]+pada)?(?![a-z])"
    r"|kelahiran(?<=tarikh kelahiran)(?![a-z])|jadi(?<=hari jadi)(?![a-z])"
)
_LATIN_KEYWORD_IGNORECASE = re.compile(_LATIN_KEYWORD.pattern, re.IGNORECASE)
_LATIN_AFTER = re.compile(r"d\.?[ \t]?o\.?[ \t]?b|birth")  # "12/03/1985 (DOB)"
# Malay "lahir" after a date only as a note in brackets, "12 Mac 1985 (lahir)":
# "pada 12 Mac 2020, 300 bayi lahir" counts births, not anyone's birthday.
_BRACKETED_LAHIR = re.compile(r"\((?:tarikh[ \t]+)?$")
# "b. 12.3.1985", "(b. 1985-03-12)": the abbreviation of "born" counts only
# with the date right after it, and not as the second item of a lettered list
# ("a. Rest. b. 12/3/2025: second dose").
_BORN_ABBREVIATION = re.compile(r"[bB](?<![A-Za-z0-9].)\.[ \t:]*(?=[0-9])")
_LIST_ITEM_A = re.compile(r"(?<![A-Za-z0-9])[aA][.)][ \t]")
_LIST_REACH = 200
# Chinese and Tamil: before the date (出生日期：…, பிறந்த தேதி: …) or after it
# (…出生, … அன்று பிறந்தார்). 生于 and 生日 are also the tail of 医生 (doctor),
# 学生 (student) and 先生 (Mr). A bare 生 counts only right after the date and
# not in 生效 (takes effect), 生活 (life) and the like.
_OTHER_BEFORE = re.compile(
    r"出生日期|出生年月日|出生年月|出生于|出生於|出生"
    r"|生(?<![医醫学學先发發产產卫衛师師]生)(?:于|於|日)"  # not 医生于 "the doctor, on"
    r"|பிறந்த[ \t]*(?:தேதி|திகதி|நாள்|தினம்)|பிறப்பு[ \t]*(?:தேதி|திகதி)|பிறந்த"
    # பிறப்பு "birth" as a label (பிறப்பு: 1985-03-12); பிறப்பு கட்டுப்பாடு
    # (birth control) is followed by words, not a date, within the sentence.
    r"|பிறப்பு"
)
_OTHER_AFTER = re.compile(r"出生|出世|诞生|誕生|生(?![效活产產病命长長成存意])|பிறந்த")
_DIGIT = re.compile(r"[0-9]")
_BEFORE_GAP_MAX = 30
_AFTER_GAP_MAX = 12
_DATE_MAX_LEN = 40
_GAP_BREAK = re.compile(r"[\n。!?！？;；]|\.[ \t]")
# Words that turn "born ... <date>" into a rule about a group of people.
_GROUP_RULE = re.compile(
    r"(?<![A-Za-z])(?:after|before|between|from|since|until|till|or"
    r"|selepas|sebelum|antara|dari|sejak|hingga|atau)(?![A-Za-z])"
    r"|之后|以后|之前|以前|后|前|起|至|或|பிறகு|பின்|முன்|இருந்து|வரை|அல்லது",
    re.IGNORECASE,
)


# (day, month, year) groups of each DATE alternative; None where a form has none.
_FIELDS = (
    ("dzh", "mzh", "yzh"),
    ("d2", "m2", "y2"),
    ("d3", "mon3", "y3"),
    ("d6", "mon6", "y6"),
    ("d4", "mon4", "y4"),
    (None, "mon5", "y5"),
    (None, "m7", "y7"),
    ("d8", "mon8", None),
    ("d9", "mon9", None),
    ("dzh2", "mzh2", None),
)


def _valid(day: str | None, month: str, year: str | None) -> bool:
    number = int(month) if month.isdigit() else _MONTH_NAMES[month.lower()]
    if not 1 <= number <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return False
    return year is None or len(year) == 2 or 1880 <= int(year) <= 2100


def _plausible(match: re.Match[str]) -> bool:
    """Whether the matched text can be a calendar date (12/31/1985 and
    31/12/1985 both can; 45/13/1985 and 12/03/3021 cannot)."""
    g = match.groupdict()
    if g["compact"]:
        digits = g["compact"]
        return _valid(digits[:2], digits[2:4], digits[4:]) or _valid(digits[6:], digits[4:6], digits[:4])
    if g["d1"]:
        return _valid(g["d1"], g["m1"], g["y1"]) or _valid(g["m1"], g["d1"], g["y1"])
    for day, month, year in _FIELDS:
        if g[month]:
            return _valid(g[day] if day else None, g[month], g[year] if year else None)
    return False


def _has_year(match: re.Match[str]) -> bool:
    g = match.groupdict()
    return bool(g["compact"] or g["y1"] or any(year and g[year] for _, _, year in _FIELDS))


def _lettered_list(text: str, at: int, items_a: list[int]) -> bool:
    """Whether an "a." or "a)" list item stands before ``at`` in its paragraph."""
    i = bisect_right(items_a, at) - 1
    if i < 0 or items_a[i] < at - _LIST_REACH:
        return False
    return "\n" not in text[items_a[i] : at]


def _context_ok(text: str, start: int, end: int, max_gap: int) -> bool:
    if end - start > max_gap:
        return False
    return _GAP_BREAK.search(text, start, end) is None and _GROUP_RULE.search(text, start, end) is None


def _whole(text: str, match: re.Match[str]) -> bool:
    # The search window may end inside a longer number; check the real text.
    return match.end() >= len(text) or not text[match.end()].isdigit()


def _latin_keywords(text: str) -> list[re.Match[str]]:
    lowered = text.lower()
    # lower() keeps offsets for everything a leaflet contains; the rare letters
    # it expands (İ) fall back to the slower case-insensitive pattern.
    if len(lowered) == len(text):
        matches = list(_LATIN_KEYWORD.finditer(lowered))
    else:
        matches = list(_LATIN_KEYWORD_IGNORECASE.finditer(text))
    # "newborn", "melahirkan" (to give birth): part of another word.
    return [m for m in matches if m.start() == 0 or not _is_latin_letter(text[m.start() - 1])]


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _dates_near(text: str, windows: list[tuple[int, int]]) -> list[re.Match[str]]:
    """Dates inside the windows, each stretch of text scanned once however many
    keywords point at it (a page of "born" must not cost quadratic time)."""
    dates: list[re.Match[str]] = []
    merged: list[list[int]] = []
    for lo, hi in sorted((max(0, lo), min(len(text), hi)) for lo, hi in windows):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    for lo, hi in merged:
        if _DIGIT.search(text, lo, hi):
            dates += (d for d in DATE.finditer(text, lo, hi) if _whole(text, d))
    return dates


def find_birth_dates(text: str) -> list[tuple[int, int]]:
    if not _DIGIT.search(text):
        return []
    latin = _latin_keywords(text)
    before = [m.end() for m in latin]
    before += (m.end() for m in _OTHER_BEFORE.finditer(text))
    after = [(m.start(), m.group(0)) for m in latin if _LATIN_AFTER.match(m.group(0).lower())]
    after += (
        (m.start(), m.group(0))
        for m in latin
        if m.group(0).lower().startswith("lahir") and _BRACKETED_LAHIR.search(text, max(0, m.start() - 9), m.start())
    )
    tight = [m.end() for m in _BORN_ABBREVIATION.finditer(text)]
    if tight:
        items_a = [m.start() for m in _LIST_ITEM_A.finditer(text)]
        tight = [end for end in tight if not _lettered_list(text, end, items_a)]
    for m in _OTHER_AFTER.finditer(text):
        heading = _OTHER_BEFORE.match(text, m.start())
        if not (heading and heading.end() > m.end()):  # 出生日期 / பிறந்த தேதி introduce the date that follows
            after.append((m.start(), m.group(0)))
    if not before and not after and not tight:
        return []

    windows = [(end, end + _BEFORE_GAP_MAX + _DATE_MAX_LEN) for end in before + tight]
    windows += ((start - _AFTER_GAP_MAX - _DATE_MAX_LEN, start) for start, _ in after)
    dates = _dates_near(text, windows)
    starts = [d.start() for d in dates]
    ends = [d.end() for d in dates]

    found: set[tuple[int, int]] = set()
    for kw_end in before:
        i = bisect_left(starts, kw_end)
        if i < len(dates):
            date = dates[i]
            if _plausible(date) and _context_ok(text, kw_end, date.start(), _BEFORE_GAP_MAX):
                found.add(date.span())
    for kw_end in tight:
        i = bisect_left(starts, kw_end)
        if i < len(dates) and dates[i].start() == kw_end and _plausible(dates[i]) and _has_year(dates[i]):
            found.add(dates[i].span())
    for kw_start, keyword in after:
        i = bisect_right(ends, kw_start) - 1
        if i < 0:
            continue
        date = dates[i]
        if keyword == "生" and date.end() != kw_start:
            continue
        if _plausible(date) and _context_ok(text, date.end(), kw_start, _AFTER_GAP_MAX):
            found.add(date.span())
    return sorted(found)
