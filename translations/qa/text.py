"""Normalisation helpers shared by the checks: scripts, words, URLs.

Every pattern here is linear (repetitions are separated by required
delimiters, so there is nothing to backtrack over), because a pasted
1 MB "segment" must cost milliseconds, not minutes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.utils.translation import gettext_noop

# Characters no leaflet text holds. One home: the rtl_marks check reports them in
# people's text, and translations.llm refuses model replies that carry them.
# Bidirectional controls can reorder what a reader sees (a dose or a phone
# number shown backwards); none of the four languages needs them.
BIDI_CONTROLS = {
    "\u061c": "ARABIC LETTER MARK",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
# Invisible characters that break search, copy-paste and screen readers.
# ZWJ/ZWNJ are left alone: Tamil and emoji sequences use them legitimately.
INVISIBLE = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)",
    "\u00ad": "SOFT HYPHEN",
}
BIDI_RE = re.compile("[" + "".join(BIDI_CONTROLS) + "]")
INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE) + "]")
# Control characters (other than tab and line breaks), lone UTF-16 surrogates
# and the noncharacters U+FFFE/U+FFFF: debris of a broken conversion or a
# model's output. None belongs in a leaflet; a NUL or a surrogate cannot even
# be stored by PostgreSQL or encoded as UTF-8.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_name(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "LONE SURROGATE"
    if char in "\ufffe\uffff":
        return "NONCHARACTER"
    return "CONTROL CHARACTER"


# Script ranges. Han includes Extension A and the compatibility block, because
# an OCR'd leaflet can carry either; kana and Hangul tell Japanese and Korean
# apart from Chinese.
_SCRIPTS = {
    "han": r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "kana": r"\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "hangul": r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "tamil": r"\u0b80-\u0bff",
    "latin": r"A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "devanagari": r"\u0900-\u097f",
    "arabic": r"\u0600-\u06ff\u0750-\u077f",
    "thai": r"\u0e00-\u0e7f",
    "cyrillic": r"\u0400-\u04ff",
    "greek": r"\u0370-\u03ff",
    "bengali": r"\u0980-\u09ff",
    "telugu": r"\u0c00-\u0c7f",
    "malayalam": r"\u0d00-\u0d7f",
    "kannada": r"\u0c80-\u0cff",
}
_SCRIPT_RES = {name: re.compile(f"[{chars}]") for name, chars in _SCRIPTS.items()}

# English names, marked for translation: findings name them in the reader's language.
SCRIPT_LANGUAGE_NAMES = {
    "han": gettext_noop("Chinese"),
    "kana": gettext_noop("Japanese"),
    "hangul": gettext_noop("Korean"),
    "tamil": gettext_noop("Tamil"),
    "devanagari": gettext_noop("Hindi (Devanagari script)"),
    "arabic": gettext_noop("Arabic script"),
    "thai": gettext_noop("Thai"),
    "cyrillic": gettext_noop("Cyrillic script"),
    "greek": gettext_noop("Greek"),
    "bengali": gettext_noop("Bengali"),
    "telugu": gettext_noop("Telugu"),
    "malayalam": gettext_noop("Malayalam"),
    "kannada": gettext_noop("Kannada"),
}

# A Latin "word": letters with inner apostrophes or hyphens (don't, COVID-19's
# letters, kes-kes). Digits are left to the numbers check.
LATIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’\-][A-Za-z\u00c0-\u024f]+)*")
_TAMIL_WORD_RE = re.compile(r"[\u0b80-\u0bff]+")
_WS_RE = re.compile(r"\s+")

# URLs are ASCII in leaflets; stopping at the first non-ASCII character keeps
# "https://www.cisa.gov/sectors所述" from swallowing the Chinese that follows.
URL_RE = re.compile(r"(?<![A-Za-z0-9.\-])(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_URL_TRAILING = ".,;:!?'\")]"


def find_urls(text: str) -> list[str]:
    urls: list[str] = []
    if "http" not in text and "www." not in text:
        return urls
    for match in URL_RE.finditer(text):
        url = match.group(0)
        # Sentence punctuation after a URL is not part of it; a ")" is, only
        # when the URL opened one (Wikipedia links).
        while url and url[-1] in _URL_TRAILING:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        urls.append(url)
    return urls


def mask_urls(text: str) -> str:
    """The text with URLs blanked out (same length), so their digits and words are not read as prose."""
    if "http" not in text and "www." not in text:
        return text
    return URL_RE.sub(lambda match: " " * len(match.group(0)), text)


def nonspace_len(text: str) -> int:
    return len(_WS_RE.sub("", text))


def normalise_for_compare(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: full-width ＡＢＣ１２３ equals ABC123."""
    return _WS_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def latin_words(text: str) -> list[str]:
    return LATIN_WORD_RE.findall(text)


def tamil_words(text: str) -> list[str]:
    return _TAMIL_WORD_RE.findall(text)


@dataclass(frozen=True)
class ScriptProfile:
    counts: dict[str, int]
    text: str

    def __getitem__(self, script: str) -> int:
        return self.counts.get(script, 0)

    @property
    def letters(self) -> int:
        return sum(self.counts.values())

    @cached_property
    def latin_words(self) -> list[str]:
        return latin_words(self.text)

    def dominant(self) -> str | None:
        """The script with most letters, Han and Latin compared fairly.

        One Han character carries about as much as a Latin word, so Latin is
        counted in words here; otherwise "SARS-CoV-2 从何而来？" would be Latin.
        """
        weights = dict(self.counts)
        if weights.get("latin"):
            weights["latin"] = len(self.latin_words)
        if not any(weights.values()):
            return None
        return max(weights, key=lambda name: weights[name])


def script_profile(text: str) -> ScriptProfile:
    if len(text) <= 20_000:
        return _script_profile_cached(text)
    return _script_profile(text)


@lru_cache(maxsize=2048)
def _script_profile_cached(text: str) -> ScriptProfile:
    return _script_profile(text)


def _script_profile(text: str) -> ScriptProfile:
    text = mask_urls(text)
    counts = {}
    for name, pattern in _SCRIPT_RES.items():
        n = len(pattern.findall(text))
        if n:
            counts[name] = n
    return ScriptProfile(counts, text)
