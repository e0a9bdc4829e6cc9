"""Find personal identifiers in leaflet text before it leaves the hospital.

``detect`` returns typed, non-overlapping spans whose offsets index the
caller's ``str``. It reads English, Chinese, Malay and Tamil text: identifiers
are ASCII-shaped in all four, so boundaries are "not an ASCII letter or digit"
rather than ``\\b`` (which treats Chinese and Tamil letters as word characters
and would miss 身份证S1234567D).

The detectors read a normalised view of the text (``normalise.py``): invisible
characters removed, NFKC, look-alike letters mapped to Latin ones, every digit
made ASCII, every space a space and every dash a hyphen. So an NRIC with a
zero-width space inside, Ｓ１２３４５６７Ｄ, 𝟗𝟏𝟐𝟑 𝟒𝟓𝟔𝟕 or a Cyrillic Ѕ are found like
the plain forms, and spans are mapped back: a span covers the original
characters, the invisible ones inside it included.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured

from translations.phi.address import find_addresses
from translations.phi.dates import find_birth_dates
from translations.phi.names import find_person_names
from translations.phi.normalise import normalise
from translations.phi.nric import check_letter

DEFAULT_PUBLIC_NUMBERS = ("995", "999", "1777")

TYPES = ("nric", "nric_suspect", "nric_partial", "phone", "email", "address", "dob", "mrn")

# When two findings overlap the longer one wins; on equal length, the more
# specific type (earlier here) does: a DOB written as 31121990 is a date of
# birth, not a phone number that happens to start with 3.
_SPECIFICITY = {
    kind: rank
    for rank, kind in enumerate(
        ("nric", "mrn", "email", "dob", "nric_partial", "nric_suspect", "address", "phone", "person")
    )
}


@dataclass(frozen=True)
class PhiSpan:
    type: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"type": self.type, "start": self.start, "end": self.end, "text": self.text}


# --- NRIC / FIN -----------------------------------------------------------------
# Python's regex engine skips quickly to a possible first character only when a
# pattern starts with a literal or a character set; a leading lookbehind turns
# that off and costs three to five times the time. So boundaries are checked
# right after the first character: "[ST](?<![A-Za-z0-9].)" is an S or T that
# does not follow a letter or digit.
#
# Authors write NRICs in any case and sometimes with a space, dot or hyphen
# after the series letter, before the check letter or between groups of digits
# (S 1234567 D, S 123 4567 D, S1234.567D). Within the digits one kind of
# separator is used; the check letter makes a chance match rare.
# A run of up to three blanks (two spaces, a tab pasted from a spreadsheet) counts as one separator,
# and so do a slash and an underscore (S1234/567D, S/1234567/D, S1234_567D).
_NRIC_SEP = r"(?:[ \t]{1,3}|[.\-/_])"
_NRIC = re.compile(
    rf"([STFGMstfgm])(?<![A-Za-z0-9].){_NRIC_SEP}?([0-9](?:{_NRIC_SEP}?[0-9]){{6}}){_NRIC_SEP}?([A-Za-z])(?![A-Za-z0-9])"
)
_GROUP_SEPARATORS = re.compile(r"[ \t]{1,3}|[.\-/_]")

# Masked NRICs keep the last digits and the check letter ("*****567D",
# "XXXXX567D", "S****567D", "S12****7D"). The PDPC treats them as personal data:
# a few digits and the check letter narrow a person down, and with one or two
# characters hidden the checksum gives the rest back.
_MASK_CHARS = "*#•●xX"
_HAS_MASK = re.compile(r"[*#•●]|[xX]{2}")
_NRIC_PARTIAL = re.compile(r"([STFGMstfgm*#•●Xx0-9])(?<![A-Za-z0-9*#•●].)([0-9*#•●Xx]{5,8})[A-Za-z](?![A-Za-z0-9*#•●])")

# --- Phone numbers ----------------------------------------------------------------
# Singapore numbers have eight digits: 6 for fixed lines, 8 and 9 for mobiles,
# 3 for VoIP; 1800/1900 numbers have eleven. The country code is written +65,
# 0065, (65) or (+65). Short codes (995, 999, 1777) are never matched: they are
# public by nature and have too few digits to identify anyone.
#
# The view has plain spaces and hyphens for every space and dash, so the
# separators between digit groups are a space, a hyphen or a dot (9123.4567).
# Groups are written 4+4 almost always; 2+2+2+2, 3+3+2 and digit by
# digit are accepted too, with one kind of separator, unless every group is a
# multiple of five (30 45 60 90 is a list of minutes, not a number).
# "9123 - 4567": a hyphen with spaces around it, as word processors leave it.
_SEP = r"(?:[ \t]{1,3}|[.\-]| - )?"
_END = r"(?![0-9A-Za-z]|[.,][0-9])"
_EIGHT = r"[0-9](?:(?:[ \t]{1,3}|[.\-])?[0-9]){7}"
# Two patterns rather than one with an optional country code: a pattern that
# starts with an optional part cannot use the engine's fast skip-ahead.
_PHONE_WITH_CC = re.compile(
    r"(?:\+(?<![0-9A-Za-z+].) ?65"
    r"|00(?<![0-9A-Za-z+]..) ?65"
    r"|\( ?(?:\+|00)? ?65 ?\)"
    r"|65(?<![0-9A-Za-z+]..)(?=[ .\-]|[3689][0-9]{7}(?![0-9])))"
    rf"[ .\-]? ?(?P<number>{_EIGHT}){_END}"
)
_PHONE_LOCAL = re.compile(
    r"[13689](?<![0-9A-Za-z+$€£¥₹].)(?<![0-9][.,].)"
    rf"(?:(?<=1)[89]00{_SEP}[0-9]{{3}}|(?<=[3689])[0-9]{{3}}){_SEP}[0-9]{{4}}{_END}"
)
# Other groupings: not inside a longer run of digit groups on either side.
_PHONE_GROUPED = re.compile(
    r"[3689](?<![0-9A-Za-z+$€£¥₹].)(?<![0-9][ .,\-].)(?:(?:[ \t]{1,3}|[.\-])?[0-9]){7}(?![0-9A-Za-z]|[ .,\-][0-9])"
)
# "(9123) 4567": the first group in brackets, as some people write a local number.
_PHONE_BRACKETED = re.compile(r"\((?<![0-9A-Za-z].)[3689][0-9]{3}\)[ \t]{0,3}[0-9]{4}(?![0-9A-Za-z]|[.,][0-9])")
_GROUPINGS = frozenset({(8,), (4, 4), (4, 2, 2), (2, 2, 2, 2), (3, 3, 2), (1,) * 8})
_ROUND_HALVES = re.compile(r"[0-9]{2}00(?:[ .\-]| - )[0-9]{2}00")

# --- E-mail -----------------------------------------------------------------------
# Matched from the "@" (a fast literal scan), then extended left over the local
# part, at most 64 characters as RFC 5321 allows.
_EMAIL_DOMAIN = re.compile(r"@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9\-])")
_LOCAL_PART_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")

# Disguised addresses: "lim.siewmei [at] gmail [dot] com", "tan at outlook dot
# com", "name @ gmail.com", "name@gmail . com", "tan艾特gmail点com". Every
# disguise still ends in a top-level domain after a dot or a word for it, so
# that end is the cheap signal; the address is then matched leftwards in a
# short window. The "at" is strong when no sentence writes it that way (@ with
# spaces, a bracketed at, 艾特) and weak when it is an ordinary word (at, AT,
# Malay di): "visit us at healthhub.sg" and "more at moh.gov.sg" are links,
# so a weak "at" needs a spelt-out dot ("dot", "[dot]"), a mail provider's
# name as the domain, or an e-mail word just before.
_TLDS = "com|net|org|edu|gov|sg|my|in|io|co|uk|au|cn|hk|tw|id|info|biz|me"
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_SPELT_DOT = (
    rf"[ \t]*{_OPEN}[ \t]*(?:dot|DOT|Dot|\.)[ \t]*{_CLOSE}[ \t]*|[ \t]+(?:dot|DOT|Dot)[ \t]+|[ \t]*[点點][ \t]*"
)
_ANY_DOT = rf"(?:{_SPELT_DOT}|[ \t]*\.[ \t]*)"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?"
_DISGUISED_TLD = re.compile(rf"(?:dot|DOT|Dot|\.|点|點)[ \t]*{_CLOSE}?[ \t]*(?:{_TLDS}|{_TLDS.upper()})(?![A-Za-z0-9])")
_DISGUISED_AT = re.compile(
    rf"(?P<strong>@|{_OPEN}[ \t]*(?:at|AT|At|@)[ \t]*{_CLOSE}|艾特|(?:at|AT|@)[ \t]*符号)"
    r"|[ \t](?P<weak>at|AT|At|di)[ \t]"
)
_DISGUISED_DOMAIN = re.compile(rf"[ \t]*{_LABEL}(?:{_ANY_DOT}{_LABEL})*{_ANY_DOT}(?:{_TLDS}|{_TLDS.upper()})")
# A spelt-out dot just before a stretch of the local part (lim dot siewmei).
_SPELT_DOT_BEFORE = re.compile(rf"[A-Za-z0-9_%+\-](?:{_SPELT_DOT})$")
_SPELT_DOT_ONLY = re.compile(_SPELT_DOT)
_MAIL_PROVIDERS = frozenset(
    "gmail googlemail hotmail outlook live yahoo ymail icloud me aol protonmail proton singnet starhub pacific "
    "myrepublic qq 163 126 sina foxmail".split()
)
_DOMAIN_DOTS = re.compile(_ANY_DOT)
# Top-level domains that are also English or Malay words.
_WORD_TLDS = frozenset({"in", "me", "my", "co", "id", "info"})
_MAIL_WORD = re.compile(r"e-?mail|email|e-?mel|emel|mel|邮箱|郵箱|电邮|電郵|邮件|郵件|மின்னஞ்சல்|மின் அஞ்சல்", re.IGNORECASE)
_DISGUISED_REACH = 200  # a local part of 64 characters, the at and a domain, all spelt out

# --- Addresses ----------------------------------------------------------------------
_POSTCODE_IN_ADDRESS = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")


def _grouped_like_a_phone(number: str) -> bool:
    number = number.replace(" - ", "-")
    if len(set(_GROUP_SEPARATORS.findall(number))) > 1:
        return False
    groups = _GROUP_SEPARATORS.split(number)
    if tuple(map(len, groups)) not in _GROUPINGS:
        return False
    return len(groups) <= 2 or not all(int(group) % 5 == 0 for group in groups)


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isascii() and ch.isdigit())


def _national(digits: str) -> str:
    """Digits of a phone number without Singapore's country code."""
    if digits.startswith("0065") and len(digits) > 4:
        return digits[4:]
    if digits.startswith("65") and len(digits) in (10, 13):
        return digits[2:]
    return digits


@dataclass(frozen=True)
class _Config:
    public_numbers: frozenset[str]
    mrn_patterns: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=32)
def _config(public_numbers: tuple[str, ...], mrn_patterns: tuple[str, ...]) -> _Config:
    compiled = []
    for pattern in mrn_patterns:
        try:
            # ASCII mode: \b and \d then behave next to Chinese and Tamil
            # letters (病历号MRN 1234567 has no Unicode word boundary before M).
            compiled.append(re.compile(pattern, re.ASCII))
        except re.error as exc:
            raise ImproperlyConfigured(
                f"PHI_MRN_PATTERNS entry {pattern!r} is not a valid regular expression: {exc}"
            ) from None
    public = frozenset(_national(d) for d in map(_digits, public_numbers) if d)
    return _Config(public_numbers=public, mrn_patterns=tuple(compiled))


def _from_settings(name: str, default: Iterable[str]) -> tuple[str, ...]:
    from django.conf import settings

    if settings.configured:
        return tuple(getattr(settings, name, default))
    return tuple(default)


def detect(
    text: str,
    *,
    public_numbers: Iterable[str] | None = None,
    mrn_patterns: Iterable[str] | None = None,
    allowed_names: Iterable[str] = (),
) -> list[PhiSpan]:
    """Personal identifiers in ``text``: non-overlapping spans sorted by start.

    ``None`` for either option reads PHI_PUBLIC_NUMBERS / PHI_MRN_PATTERNS from
    Django settings when they are configured, else the built-in defaults.
    ``allowed_names``: staff and organisations a leaflet names on purpose; a
    person's name inside one of them is not reported (names.py).
    """
    if not text:
        return []
    config = _config(
        tuple(public_numbers)
        if public_numbers is not None
        else _from_settings("PHI_PUBLIC_NUMBERS", DEFAULT_PUBLIC_NUMBERS),
        tuple(mrn_patterns) if mrn_patterns is not None else _from_settings("PHI_MRN_PATTERNS", ()),
    )

    view = normalise(text)
    scan = view.text
    found: list[tuple[str, int, int]] = []
    found += _find_nrics(scan)
    found += _find_partial_nrics(scan)
    found += _find_phones(scan, config.public_numbers)
    found += _find_emails(scan)
    found += (
        ("address", start, end) for start, end in find_addresses(scan) if not _public_address(scan[start:end], config)
    )
    found += (("dob", start, end) for start, end in find_birth_dates(scan))
    found += (("person", s, e) for s, e in find_person_names(scan, allowed_names=allowed_names))
    for pattern in config.mrn_patterns:
        found += (("mrn", m.start(), m.end()) for m in pattern.finditer(scan) if m.end() > m.start())
    spans: list[PhiSpan] = []
    for kind, start, end in _resolve(found):
        start, end = view.original_span(start, end)
        # A character that became several (½ -> 1/2) can end one span and start
        # the next; the spans of the original text must still not overlap.
        if spans and start < spans[-1].end:
            continue
        spans.append(PhiSpan(kind, start, end, text[start:end]))
    return spans


def _find_nrics(text: str) -> Iterable[tuple[str, int, int]]:
    for m in _NRIC.finditer(text):
        series, digits, letter = m.groups()
        if len(set(_GROUP_SEPARATORS.findall(digits))) > 1:
            continue
        valid = check_letter(series, _GROUP_SEPARATORS.sub("", digits)) == letter.upper()
        yield ("nric" if valid else "nric_suspect", m.start(), m.end())


def _find_partial_nrics(text: str) -> Iterable[tuple[str, int, int]]:
    if not _HAS_MASK.search(text):
        return
    for m in _NRIC_PARTIAL.finditer(text):
        lead, body = m.groups()
        masked = sum(ch in _MASK_CHARS for ch in lead + body)
        shown = sum(ch.isdigit() for ch in lead + body)
        if masked and shown >= 2 and 7 <= 1 + len(body) <= 9:
            yield ("nric_partial", m.start(), m.end())


def _find_phones(text: str, public: frozenset[str]) -> Iterable[tuple[str, int, int]]:
    candidates = [(m.start(), m.end(), m.group("number"), True) for m in _PHONE_WITH_CC.finditer(text)]
    candidates += ((m.start(), m.end(), m.group(0), False) for m in _PHONE_LOCAL.finditer(text))
    candidates += ((m.start(), m.end(), m.group(0), False) for m in _PHONE_GROUPED.finditer(text))
    candidates += (
        (m.start(), m.end(), re.sub(r"[()\s]+", " ", m.group(0)).strip(), False)
        for m in _PHONE_BRACKETED.finditer(text)
    )
    for start, end, number, has_cc in candidates:
        national = _digits(number)
        if national in public:
            continue
        if len(national) == 8 and not _grouped_like_a_phone(number):
            continue
        # 8000-9000, "6000 8000 patients" and 90000000 are quantities.
        if national.endswith("00000") or (not has_cc and _ROUND_HALVES.fullmatch(number)):
            continue
        yield ("phone", start, end)


def _public_address(address: str, config: _Config) -> bool:
    # A leaflet prints the hospital's own address. A postal code belongs to a
    # single building, so listing the hospital's code in PHI_PUBLIC_NUMBERS
    # lets that address through without letting any home address through (as
    # long as only codes of buildings nobody lives in are listed).
    return any(code in config.public_numbers for code in _POSTCODE_IN_ADDRESS.findall(address))


def _find_emails(text: str) -> Iterable[tuple[str, int, int]]:
    yield from _find_disguised_emails(text)
    if "@" not in text:
        return
    for m in _EMAIL_DOMAIN.finditer(text):
        start = m.start()
        while start > 0 and m.start() - start < 64 and text[start - 1] in _LOCAL_PART_CHARS:
            start -= 1
        if start < m.start():
            yield ("email", start, m.end())


def _find_disguised_emails(text: str) -> Iterable[tuple[str, int, int]]:
    """E-mail addresses written with words or spaces for "@" and "."; a plain
    address is found by the pattern above (and wins, being no shorter).

    From each top-level domain, back to the nearest "at" before it: the text
    between must be a domain, and the local part runs left from the "at"."""
    ats: list[re.Match[str]] | None = None
    at_ends: list[int] = []
    for tld in _DISGUISED_TLD.finditer(text):
        if ats is None:
            ats = list(_DISGUISED_AT.finditer(text))
            at_ends = [m.end() for m in ats]
        i = bisect_right(at_ends, tld.start()) - 1
        if i < 0 or ats[i].start() < tld.start() - _DISGUISED_REACH:
            continue
        at = ats[i]
        domain = _DISGUISED_DOMAIN.fullmatch(text, at.end(), tld.end())
        if domain is None:
            continue
        start = _local_part_start(text, at.start())
        if start is None:
            continue
        if at.group("weak") and not _weak_at_is_mail(text, start, domain.group(0).strip()):
            continue
        # "tan at yahoo dot com dot sg" also ends at "com": the overlap is
        # resolved in favour of the longer finding.
        yield ("email", start, tld.end())


def _local_part_start(text: str, at: int) -> int | None:
    """Start of the local part ending at ``at`` (spaces before the at skipped),
    spelt-out dots included (lim dot siewmei); None when there is none."""
    end = at
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    start = end
    while True:
        while start > 0 and end - start < 64 and text[start - 1] in _LOCAL_PART_CHARS:
            start -= 1
        dot = _SPELT_DOT_BEFORE.search(text, max(0, start - 12), start) if start < end else None
        if dot is None or end - start >= 64:
            break
        start = dot.start() + 1
    return start if start < end else None


def _weak_at_is_mail(text: str, start: int, domain: str) -> bool:
    labels = _DOMAIN_DOTS.split(domain)
    if labels[0].lower() in _MAIL_PROVIDERS:
        return True
    if labels[0].lower() == "www" or (len(labels) == 2 and labels[1].lower() in _WORD_TLDS):
        # "look at the dot in the middle", "more at www.healthhub.sg"
        return False
    if _SPELT_DOT_ONLY.search(domain):
        return True
    return _MAIL_WORD.search(text, max(0, start - 40), start) is not None


def _resolve(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop findings that overlap a longer (or equally long, more specific) one.

    Overlaps are local, so the greedy choice runs per group of mutually
    overlapping findings; a long text with many findings stays linear.
    """
    kept: list[tuple[str, int, int]] = []
    group: list[tuple[str, int, int]] = []
    group_end = -1
    for finding in sorted(set(found), key=lambda f: (f[1], f[2])):
        _, start, end = finding
        if group and start >= group_end:
            kept += _choose(group)
            group = []
        group_end = max(group_end, end) if group else end
        group.append(finding)
    if group:
        kept += _choose(group)
    kept.sort(key=lambda f: f[1])
    return kept


def _choose(group: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    if len(group) == 1:
        return group
    chosen: list[tuple[str, int, int]] = []
    for candidate in sorted(group, key=lambda f: (-(f[2] - f[1]), _SPECIFICITY[f[0]], f[1])):
        _, start, end = candidate
        if all(end <= c_start or start >= c_end for _, c_start, c_end in chosen):
            chosen.append(candidate)
    return chosen
