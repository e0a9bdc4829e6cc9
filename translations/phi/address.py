"""Singapore street addresses, reported as one span per address.

An address is written in parts (block, street, ``#floor-unit``, postal code)
whose order changes with the language: English and Malay put the block first
and the postal code last, Chinese often starts with 新加坡 and the postal code.
So parts are found separately and then joined. Parts that cannot be anything
but address parts (a unit number, a postal code after "Singapore", a numbered
block, a house number with a street) are *strong*; parts that are ordinary
words on their own (a street name, the word Singapore, a bare six-digit
number, 123座, and Chinese streets: 呼吸道 "respiratory tract" looks like one)
are *weak* and count only next to another part. An address is two or more
kinds of part together, or a postal code or numbered street on its own.

Input is the normalised view of the text (normalise.py): ASCII digits, plain
spaces and hyphens, no invisible characters.
Patterns run over the whole text start with a literal or a character set and
check boundaries after the first character, which keeps Python's regex engine
on its fast path; the rest run only in short windows around those finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Street types as written on letters, in title and upper case only: "way",
# "park" or "view" in running lower-case text are not street names.
_STREET_TYPES = (
    "Avenue Ave Street St Road Rd Drive Dr Crescent Cres Lane Ln Close Walk Way Place Pl Link "
    "Rise View Terrace Grove Loop Boulevard Blvd Circle Circuit Square Sq Central Park Hill Heights "
    "Ring Vale Green Gardens Garden Quay Highway Industrial Estate"
).split()
# Malay street words come before the name (Jalan Bukit Merah, Lorong 1 Toa Payoh).
_MALAY_LEADS = "Jalan Jln Lorong Lor Lengkok Lengkong Persiaran Lebuh Lebuhraya".split()


def _title_or_upper(words: list[str]) -> str:
    forms = {*words, *(w.upper() for w in words)}
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


# Malay street words also end a name followed by a number (Toa Payoh Lorong 1).
_STREET_TYPE = _title_or_upper(_STREET_TYPES + _MALAY_LEADS) + r"\.?(?![A-Za-z])"
_MALAY_LEAD = _title_or_upper(_MALAY_LEADS) + r"\.?(?![A-Za-z])"
_NAME = r"[A-Z][A-Za-z'’\-]*"

# A street word is the cheap signal; the street around it is matched in a
# window. A flat alternation of words, so the engine can skip to candidates.
_STREET_WORDS = _STREET_TYPES + _MALAY_LEADS
_STREET_WORD = re.compile("|".join(sorted({*_STREET_WORDS, *(w.upper() for w in _STREET_WORDS)})))
_STREET = re.compile(
    rf"(?<![A-Za-z0-9])(?:{_NAME}[ \t]+){{1,4}}{_STREET_TYPE}(?:[ \t]+[0-9]{{1,3}}[A-Za-z]?(?![0-9]))?"
    rf"|(?<![A-Za-z0-9]){_MALAY_LEAD}[ \t]+(?:[0-9]{{1,3}}[ \t]+)?"
    rf"{_NAME}(?:[ \t]+{_NAME}){{0,3}}(?:[ \t]+[0-9]{{1,3}}(?![0-9]))?"
)
# "123 Tampines St 21", "No. 123 Tampines St 21", "No 5, Jalan Kembangan".
_HOUSE_NUMBER_BEFORE = re.compile(
    r"(?:(?<![A-Za-z0-9])(?:No|NO|no)\.?[ \t]*)?(?<![A-Za-z0-9])[0-9]{1,4}[A-Za-z]?,?[ \t]+$"
)
_HOUSE_NUMBER_REACH = 12
_STREET_REACH = 90  # a house number and four words of street name
_MALAY_REACH = 60  # a number and four words after Jalan/Lorong

# Block numbers: "Blk 123A", "Block 45", Malay "Blok", Tamil transliterations.
# "Apt Blk 123" is how some forms print it; the "Apt" belongs to the address.
_BLOCK = re.compile(
    r"(?:Apt\.?[ \t]+(?:Blk|BLK|Block)|APT\.?[ \t]+(?:BLK|BLOCK)"
    r"|Blk|BLK|blk|Block|BLOCK|Blok|BLOK|Bk|புளோக்|பிளாக்|ப்ளாக்)\.?[ \t]*(?:No\.?[ \t]*)?"
    r"[0-9]{1,4}[A-Za-z]?(?![0-9])"
)
# 座 is also the measure word for cities and buildings (3座城市), so a Chinese
# block is weak unless 第 or 大牌 marks it as a block number.
_BLOCK_ZH_STRONG = re.compile(r"第[ \t]*[0-9]{1,4}[A-Za-z]?[ \t]*座|大牌[ \t]*[0-9]{1,4}[A-Za-z]?(?![0-9])")
_BLOCK_ZH = re.compile(r"[0-9](?<![0-9].)[0-9]{0,3}[A-Za-z]?[ \t]*座")

# "#05-67", "#B1-12", "#5-67"; but not "#3-4", which is a list item or a range.
_UNIT_HASH = re.compile(
    r"#[ \t]?[Bb]?(?:[0-9]{2,3}[ \t]?[-–][ \t]?[0-9]{1,5}|[0-9][ \t]?[-–][ \t]?[0-9]{2,5})[A-Za-z]?(?![0-9])"
)
_UNIT_WORD = re.compile(r"(?:Unit|UNIT|Apt|APT)\.?[ \t]*(?:No\.?[ \t]*)?#?[0-9]{1,3}[-–][0-9]{1,5}[A-Za-z]?(?![0-9])")
# 05-67号, and the floor and unit spelt out: 5楼67号, 05楼0974室.
_UNIT_ZH = re.compile(r"[0-9](?<![0-9].)(?:[0-9][-–][0-9]{2,5}|[0-9]?[ \t]*[楼樓层層][ \t]*[0-9]{1,5})[ \t]*[号號室]")

# Postal sectors run from 01 to 82; anything else is not a Singapore postcode.
_POSTCODE = r"(?:0[1-9]|[1-7][0-9]|8[0-2])[0-9]{4}"
_POSTAL_KEYWORDED = re.compile(
    r"(?:Singapore|SINGAPORE|Singapura|SINGAPURA|Postal[ \t]+[Cc]ode|Post[Cc]ode|Poskod|POSKOD"
    # Short forms written on envelopes and forms: S'pore, S’pore, Spore, Sg.
    r"|S['’]pore|S['’]PORE|Spore|SPORE|Sg|SG"
    r"|新加坡|邮区|邮编|邮政编码|郵區|郵編|சிங்கப்பூர்|அஞ்சல்[ \t]*குறியீடு|S(?<![A-Za-z0-9].))"
    rf"[ \t]*:?[ \t]*(?:\([ \t]*{_POSTCODE}[ \t]*\)|{_POSTCODE})(?![0-9A-Za-z]|[.,][0-9])"
)
_POSTAL_BARE = re.compile(rf"(?<![0-9A-Za-z.,]){_POSTCODE}(?![0-9A-Za-z]|[.,][0-9])")

_COUNTRY = re.compile(r"Singapore|SINGAPORE|Singapura|SINGAPURA|S['’]pore|S['’]PORE|新加坡|சிங்கப்பூர்")

# A Chinese street: a few characters, an optional number, then 道/街/路/弯...
# (宏茂桥3道, 裕廊西42街, 碧山路, 蔡厝港弯), or a transliterated Malay street
# word first (惹兰勿刹 = Jalan Besar, 罗弄 = Lorong).
_STREET_ZH = re.compile(
    r"[\u4e00-\u9fff]{1,8}?[0-9]{0,3}(?:大道|道|街|路|巷|弄|径|徑|弯|彎|坊|环|環)(?:[0-9]{1,3}(?:号|號)?)?"
    r"|(?:惹兰|惹蘭|罗弄|羅弄)[\u4e00-\u9fff]{1,6}[0-9]{0,3}"
)
# The lazy match above starts at the leftmost character it can, dragging in
# the words before the street; it starts again after the last of these.
_ZH_LEAD_IN = re.compile(r".*(?:住在|位于|位於|地址|在|到|于|於|是|为|為|的|和|与|與)")

# A Chinese street with a house number (红山路123号, 淡滨尼21街45号) is an address
# on its own, as "123 Tampines St 21" is; 123号 alone is a ticket or a bed.
_STREET_ZH_NUMBERED = re.compile(r"[道街路巷弄径徑弯彎坊环環][0-9]{1,4}[A-Za-z]?[号號](?![0-9])")

# Tamil text writes Singapore's street names in Tamil letters, the street
# word too (தெம்பனீஸ் ஸ்ட்ரீட் 21, பிடோக் நார்த் ரோடு, சிராங்கூன் சாலை), or a Malay
# street word first (ஜாலான் புக்கிட் மேரா, லோரோங் 1 தோ பாயோ).
_TA = "\u0b80-\u0bff"
_TA_STREET_TYPES = (
    "ஸ்ட்ரீட்|ஸ்டிரீட்|தெரு|வீதி|அவென்யூ|அவனியூ|ரோடு|ரோட்|சாலை|டிரைவ்|ட்ரைவ்|லேன்|கிரசண்ட்|கிரசென்ட்|கிரெசண்ட்"
    "|குளோஸ்|க்ளோஸ்|வாக்|வே|சென்ட்ரல்|லிங்க்|பிளேஸ்|டெரஸ்|ஹில்|ரைஸ்|வியூ|லூப்|ரிங்"
)
_TA_STREET_LEADS = "ஜாலான்|ஜலான்|லோரோங்|லோரொங்"
_TA_STREET_WORD = re.compile(rf"(?:{_TA_STREET_TYPES}|{_TA_STREET_LEADS})(?![{_TA}])")
# Tamil has no capital letters to show where a name starts, so a street is
# the street word with up to three words before it (or a lead word with up
# to three after it); the span may take in a word of the sentence too.
_TA_NAME_BEFORE = re.compile(rf"(?<![{_TA}])(?:[{_TA}]+[ \t]+){{1,3}}$")
_TA_NAME_REACH = 60  # three transliterated words
_TA_NUMBER_AFTER = re.compile(r"[ \t]+[0-9]{1,3}[A-Za-z]?(?![0-9])")
_TA_NAME_AFTER = re.compile(
    rf"[ \t]+(?:[0-9]{{1,3}}[ \t]+)?[{_TA}]+(?:[ \t]+[{_TA}]+){{0,2}}(?:[ \t]+[0-9]{{1,3}}(?![0-9]))?"
)

# Floors ("Level 5", "Tingkat 5", "5楼") belong to an address but say nothing
# by themselves, like the word Singapore: a clinic is "Level 2, Block 3".
_FLOOR = re.compile(
    r"(?:Level|LEVEL|Lvl|Floor|Tingkat|TINGKAT|Aras|ARAS)[ \t]*[0-9]{1,2}(?![0-9])"
    r"|[0-9](?<![0-9].)[0-9]?[ \t]*(?:楼|樓|层|層)"
)

_NEAR = 80  # how far around a seed part the other weak parts are looked for
_STRONG_GAP_MAX = 60
# Between two strong parts any words may stand (a street or building name in
# any script), but not the end of a sentence, another long number or an e-mail.
_GAP_BREAK = re.compile(r"[\n。!?！？;；@]|[0-9]{4}")
_WEAK_GAP = re.compile(r"[ \t,，、:()\-]{0,3}")


@dataclass(frozen=True)
class _Part:
    start: int
    end: int
    kind: str
    strong: bool


def _seed_parts(text: str) -> list[_Part]:
    """Every strong part, plus the weak parts that are cheap to find everywhere
    (English and Malay streets, Chinese blocks); other weak parts are looked
    for only around these."""
    parts = [
        _Part(m.start(), m.end(), kind, True)
        for kind, pattern in (
            ("block", _BLOCK),
            ("block", _BLOCK_ZH_STRONG),
            ("unit", _UNIT_HASH),
            ("unit", _UNIT_WORD),
            ("postal", _POSTAL_KEYWORDED),
        )
        for m in pattern.finditer(text)
    ]
    if any(ch in text for ch in "号號室"):
        parts += (_Part(m.start(), m.end(), "unit", True) for m in _UNIT_ZH.finditer(text))
        parts += (_Part(m.start(), m.end(), "street", True) for m in _STREET_ZH_NUMBERED.finditer(text))
    parts += _streets_ta(text)
    parts += _streets(text, 0, len(text))
    if "座" in text:
        parts += (_Part(m.start(), m.end(), "block", False) for m in _BLOCK_ZH.finditer(text))
    return parts


def _streets(text: str, start: int, end: int) -> list[_Part]:
    """English and Malay streets near street words in text[start:end]; strong
    when a house number stands before the street name."""
    found: dict[tuple[int, int], _Part] = {}
    covered = start
    for word in _STREET_WORD.finditer(text, start, end):
        if word.end() <= covered:
            continue
        window_start = max(start, word.start() - _STREET_REACH)
        # A street type ends the name (a number may follow); a Malay street
        # word starts it (Jalan Bukit Merah), so the name is after the word.
        reach = _MALAY_REACH if word.group(0).title() in _MALAY_LEADS else 8
        window_end = min(len(text), word.end() + reach)
        for m in _STREET.finditer(text, window_start, window_end):
            if m.end() <= word.start() or (m.start(), m.end()) in found:
                continue
            number = _HOUSE_NUMBER_BEFORE.search(text, max(0, m.start() - _HOUSE_NUMBER_REACH), m.start())
            part_start = number.start() if number else m.start()
            found[(m.start(), m.end())] = _Part(part_start, m.end(), "street", number is not None)
            covered = max(covered, m.end())
    return list(found.values())


def _streets_ta(text: str) -> list[_Part]:
    """Streets written in Tamil letters, found from their street word."""
    parts = []
    for word in _TA_STREET_WORD.finditer(text):
        if word.group(0) in _TA_STREET_LEADS.split("|"):
            after = _TA_NAME_AFTER.match(text, word.end())
            if after is None:
                continue
            start, end = word.start(), after.end()
        else:
            before = _TA_NAME_BEFORE.search(text, max(0, word.start() - _TA_NAME_REACH), word.start())
            if before is None:
                continue
            number = _TA_NUMBER_AFTER.match(text, word.end())
            start, end = before.start(), number.end() if number else word.end()
        house = _HOUSE_NUMBER_BEFORE.search(text, max(0, start - _HOUSE_NUMBER_REACH), start)
        parts.append(_Part(house.start() if house else start, end, "street", house is not None))
    return parts


def _weak_parts(text: str, start: int, end: int) -> list[_Part]:
    parts = [_Part(m.start(), m.end(), "postal", False) for m in _POSTAL_BARE.finditer(text, start, end)]
    parts += (_Part(m.start(), m.end(), "country", False) for m in _COUNTRY.finditer(text, start, end))
    parts += (_Part(m.start(), m.end(), "floor", False) for m in _FLOOR.finditer(text, start, end))
    for m in _STREET_ZH.finditer(text, start, end):
        lead_in = _ZH_LEAD_IN.match(text, m.start(), m.end() - 1)
        parts.append(_Part(lead_in.end() if lead_in else m.start(), m.end(), "street", False))
    return parts


def _parts(text: str) -> list[_Part]:
    seeds = _seed_parts(text)
    if not seeds:
        return []
    seeds.sort(key=lambda p: p.start)
    # Look for weak parts once per stretch of nearby seeds, not once per seed.
    parts = list(seeds)
    window_start, window_end = -1, -1
    for seed in seeds:
        lo, hi = max(0, seed.start - _NEAR), min(len(text), seed.end + _NEAR)
        if lo > window_end:
            if window_end > window_start:
                parts += _weak_parts(text, window_start, window_end)
            window_start = lo
        window_end = max(window_end, hi)
    parts += _weak_parts(text, window_start, window_end)
    parts = list(set(parts))
    parts.sort(key=lambda p: (p.start, -p.end))
    return parts


def find_addresses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each address in ``text``, whole addresses, in order."""
    found: list[tuple[int, int]] = []
    cluster: list[_Part] = []
    end = -1
    has_strong = False
    for part in _parts(text):
        if cluster and (part.start <= end or _joins(text, end, part, has_strong)):
            cluster.append(part)
            end = max(end, part.end)
            has_strong = has_strong or part.strong
            continue
        if _is_address(cluster):
            found.append((cluster[0].start, end))
        cluster, end, has_strong = [part], part.end, part.strong
    if _is_address(cluster):
        found.append((cluster[0].start, end))
    return found


def _is_address(cluster: list[_Part]) -> bool:
    # A postal code after "Singapore" or a numbered street is an address by
    # itself; a lone unit number (#02-01) or block is a clinic's location in a
    # leaflet more often than anyone's home, so it needs a second part.
    kinds = {p.kind for p in cluster if p.kind not in ("country", "floor")}
    return len(kinds) >= 2 or any(p.strong and p.kind in ("postal", "street") for p in cluster)


def _joins(text: str, end: int, part: _Part, cluster_strong: bool) -> bool:
    if _WEAK_GAP.fullmatch(text, end, part.start):
        return True
    if not (cluster_strong and part.strong) or part.start - end > _STRONG_GAP_MAX:
        return False
    return _GAP_BREAK.search(text, end, part.start) is None
