"""Word tokens for the shifted-segment check's bilingual lexicon.

Shared by the check (translations/qa/checks/shifted.py) and by the script
that learns the lexicon (bench/qa_round2_lexicon.py), so both cut text the
same way: English words lower-cased without a plural -s and without function
words; Chinese by character (no segmenter: a character that a translation
shares with its source's words is evidence enough, and it keeps the check
free of a dictionary dependency); Malay words without -nya/-lah; Tamil words
cut to their first five code points, which keeps the stem and drops most case
endings (நாட்களுக்கு, நாட்களில் -> நாட்கள). Digits and Latin words
(names, COVID-19) are kept as they are on every side: they match themselves.
"""

from __future__ import annotations

import re

_EN_STOP = frozenset(
    "a an the of to in on at by for from with and or but if as is are was were be been being it its this that these "
    "those there their they them he she his her we our you your i me my do does did has have had will would can could "
    "may might should must shall so than then also which who whom whose what when where how about into over after "
    "before such other some any more most very just only not no all each both".split()
)
_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|[0-9]+(?:[.,][0-9]+)*")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_TA_RE = re.compile(r"[\u0b80-\u0bff]+")
TA_STEM = 5


def _en(word: str) -> str:
    word = word.lower().strip("'-")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def tokens(text: str, lang: str) -> list[str]:
    """Content tokens: words to translate (lexicon) and names/digits (shared)."""
    if lang == "en":
        return [w for w in (_en(m) for m in _LATIN_RE.findall(text)) if w and w not in _EN_STOP]
    shared = [_en(m) for m in _LATIN_RE.findall(text)]
    if lang == "zh":
        return _HAN_RE.findall(text) + shared
    if lang == "ta":
        return [w[:TA_STEM] for w in _TA_RE.findall(text)] + shared
    if lang == "ms":
        words = []
        for word in _LATIN_RE.findall(text):
            word = word.lower()
            for suffix in ("nya", "lah"):
                if len(word) > len(suffix) + 3 and word.endswith(suffix):
                    word = word[: -len(suffix)]
            words.append(word)
        return words
    return shared


def is_shared(token: str) -> bool:
    """A token every language writes the same way: a number or a Latin name."""
    return bool(token) and token[0].isascii() and (token[0].isdigit() or token[0].isalpha())
