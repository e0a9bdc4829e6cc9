"""The differences between two versions of a segment, as HTML for the reconciliation screen.

Word level for languages written with spaces (English, Malay), character level
for Chinese (no spaces between words) and Tamil (its words are long and
agglutinative: a changed suffix should not mark the whole word), where a
"character" is a base letter with its vowel signs and virama, so a mark never
splits a Tamil syllable. Every piece is HTML-escaped: model output is
untrusted text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CHARACTER_LEVEL = frozenset({"zh", "ta"})
_WORDS = re.compile(r"\s+|[^\s]+")


def _clusters(text: str) -> list[str]:
    """Characters with their combining marks (Tamil vowel signs and virama are category M*)."""
    out: list[str] = []
    for ch in text:
        if out and unicodedata.category(ch).startswith("M"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def tokens(text: str, language: str) -> list[str]:
    if language in CHARACTER_LEVEL:
        return _clusters(text)
    return _WORDS.findall(text)


def diff_html(a: str, b: str, language: str) -> tuple[SafeString, SafeString]:
    """Both texts, escaped, with what differs from the other wrapped in <mark class="diff">."""
    left, right = tokens(a, language), tokens(b, language)
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=left, b=right, autojunk=False).get_opcodes():
        piece_a, piece_b = escape("".join(left[i1:i2])), escape("".join(right[j1:j2]))
        if op == "equal":
            out_a.append(piece_a)
            out_b.append(piece_b)
            continue
        if piece_a.strip():
            out_a.append(f'<mark class="diff">{piece_a}</mark>')
        else:
            out_a.append(piece_a)
        if piece_b.strip():
            out_b.append(f'<mark class="diff">{piece_b}</mark>')
        else:
            out_b.append(piece_b)
    return mark_safe("".join(out_a)), mark_safe("".join(out_b))  # noqa: S308 - every piece escaped above
