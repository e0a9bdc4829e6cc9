"""Finding glossary terms in text, per language, and reading glossary files."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from functools import lru_cache

from translations.qa.base import GlossaryEntry

# " : " (the TICO zh list writes 可传染 : 有传染性), ";", "/" and "|" separate
# acceptable alternatives.
_ALTERNATIVES_RE = re.compile(r"\s+:\s+|\s*[;/|；]\s*")
_PARENTHETICAL_RE = re.compile(r"\s*[（(][^（）()]{0,80}[）)]\s*")
# Usage notes in a term list: "冠状病毒 [when referring the generic virus group]".
_NOTE_RE = re.compile(r"\s*\[[^\[\]]{0,120}\]\s*")
# Latin terms sit inside Chinese or Tamil text without spaces ("WHO总干事"):
# only Latin letters and digits bound a Latin word.
_LATIN_BEFORE = r"(?<![A-Za-z0-9\u00c0-\u024f])"
_LATIN_AFTER = r"(?![A-Za-z0-9\u00c0-\u024f])"
_SPACES_RE = re.compile(r"\s+")
# Malay/Indonesian suffixes and clitics a term may carry: kes -> kesnya,
# ubat -> ubatan; the -an/-i of a derived word is as close as we go.
_LATIN_SUFFIX = r"(?:nya|kan|an|i|lah|kah|pun|'s|’s|s|es)?"
_TAMIL_FINAL_VOWEL_SIGNS = "\u0bbe\u0bbf\u0bc0\u0bc1\u0bc2\u0bc6\u0bc7\u0bc8\u0bca\u0bcb\u0bcc"


def alternatives(target_term: str) -> list[str]:
    options: list[str] = []
    for part in _ALTERNATIVES_RE.split(_NOTE_RE.sub(" ", target_term)):
        part = part.strip()
        if not part:
            continue
        options.append(part)
        bare = _PARENTHETICAL_RE.sub(" ", part).strip()
        if bare and bare != part:
            options.append(bare)  # 艾滋病（AIDS） is also satisfied by 艾滋病
    return options


_LOOSE_HYPHEN_RE = re.compile(r"\s*([\-‐‑–])\s*")


def _latin_words(term: str) -> list[str]:
    # "COVID -19" (as one TICO list writes it) is COVID-19.
    return _LOOSE_HYPHEN_RE.sub("-", term).split()


def _script(term: str) -> str:
    if re.search(r"[\u3400-\u9fff]", term):
        return "han"
    if re.search(r"[\u0b80-\u0bff]", term):
        return "tamil"
    return "latin"


def _english_plural(word: str) -> str:
    escaped = re.escape(word)
    lower = word.lower()
    if word.isupper():
        return escaped + r"(?:s|'s)?"
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        return re.escape(word[:-1]) + r"(?:y|ies)"
    if lower.endswith(("s", "x", "ch", "sh")):
        return escaped + r"(?:es)?"
    return escaped + r"(?:s|es)?"


def _latin_body(term: str, lang: str) -> str:
    """Words joined by any spacing; a hyphen inside a word may be a space or
    nothing (self-isolation, self isolation); the last word inflects."""
    words = _latin_words(term)
    last = _english_plural(words[-1]) if lang == "en" else re.escape(words[-1]) + _LATIN_SUFFIX
    parts = [re.escape(w) for w in words[:-1]] + [last]
    return r"[\s\-]+".join(part.replace(r"\-", r"[\s\-]?") for part in parts)


def _term_pattern(term: str, lang: str, latin_before: str) -> re.Pattern | None:
    term = term.strip()
    if not term:
        return None
    script = _script(term)
    if script == "han":
        return re.compile(r"\s*".join(map(re.escape, _SPACES_RE.sub("", term))))
    if script == "tamil":
        return tamil_pattern(term)
    body = _latin_body(term, lang)
    # An acronym matches in its own case only: AIDS is not "aids".
    flags = 0 if term.isupper() else re.IGNORECASE
    return re.compile(rf"{_LATIN_BEFORE}{latin_before}{body}{_LATIN_AFTER}", flags)


@lru_cache(maxsize=4096)
def source_pattern(term: str, lang: str) -> re.Pattern | None:
    """Where a source term occurs: word boundaries and plurals for English, not the tail of a hyphenated word."""
    return _term_pattern(term, lang, r"(?<!-)")


@lru_cache(maxsize=4096)
def target_pattern(term: str, lang: str) -> re.Pattern | None:
    return _term_pattern(term, lang, "")


@lru_cache(maxsize=4096)
def tamil_pattern(term: str) -> re.Pattern:
    """Tamil inflects by suffixing, on every word of a phrase: a final vowel
    sign changes (பரவக்கூடியது -> பரவக்கூடிய) and case endings follow
    (கை கழுவுதல் -> கைகளை கழுவுதல்). Each word is matched by its stem."""
    stems = []
    for word in term.split():
        stem = word.rstrip(_TAMIL_FINAL_VOWEL_SIGNS)
        if stem.endswith("ம்"):
            stem = stem[:-2]
        stems.append(re.escape(stem or word))
    return re.compile(r"(?<![\u0b80-\u0bff])" + r"[\u0b80-\u0bff]{0,12}\s+".join(stems))


def occurs(pattern: re.Pattern | None, text: str) -> bool:
    return bool(pattern and pattern.search(text))


def _split_forbidden(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in re.split(r"[\n;|]", value or "") if t.strip())


def read_glossary_csv(text: str) -> list[GlossaryEntry]:
    """Entries from a CSV with sourceString/targetString columns (the TICO-19
    term lists) or source_term/target_term[/forbidden]. Raises ValueError
    naming what is wrong."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = set(reader.fieldnames or ())
    if {"sourceString", "targetString"} <= columns:
        source_col, target_col = "sourceString", "targetString"
    elif {"source_term", "target_term"} <= columns:
        source_col, target_col = "source_term", "target_term"
    else:
        raise ValueError(
            "the glossary needs columns sourceString and targetString, or source_term and target_term "
            f"(it has: {', '.join(sorted(columns)) or 'no header'})"
        )
    entries = []
    for row in reader:
        source = (row.get(source_col) or "").strip()
        target = (row.get(target_col) or "").strip()
        if source and target:
            entries.append(GlossaryEntry(source, target, _split_forbidden(row.get("forbidden") or "")))
    return entries


def entries_for(glossary: Iterable[GlossaryEntry]) -> list[GlossaryEntry]:
    return [e for e in glossary if e.source_term.strip() and (e.target_term.strip() or e.forbidden)]
