from __future__ import annotations

import re

from translations.qa.base import ERROR, WARNING, Segment, SegmentCheck
from translations.qa.registry import register

# Bidirectional controls can reorder what a reader sees (a dose or a phone
# number shown backwards); none of the four languages needs them.
_BIDI = {
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
_INVISIBLE = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)",
    "\u00ad": "SOFT HYPHEN",
}
_BIDI_RE = re.compile("[" + "".join(_BIDI) + "]")
_INVISIBLE_RE = re.compile("[" + "".join(_INVISIBLE) + "]")


def _describe(text: str, pattern: re.Pattern, names: dict[str, str]) -> tuple[int, str]:
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for match in pattern.finditer(text):
        char = match.group(0)
        counts[char] = counts.get(char, 0) + 1
        first.setdefault(char, match.start())
    parts = [f"U+{ord(c):04X} {names[c]} ×{n} (first at character {first[c] + 1})" for c, n in counts.items()]
    return sum(counts.values()), "; ".join(parts)


@register
class InvisibleMarksCheck(SegmentCheck):
    check_id = "rtl_marks"
    name = "Invisible direction marks"
    description = (
        "Bidirectional control characters (error: they can reorder numbers on screen) and other invisible "
        "characters such as zero-width spaces (warning) that the source does not have."
    )
    severity = ERROR
    on_source_text = True

    def run(self, segment: Segment):
        text = segment.target
        compare = "" if segment.is_source_text else segment.source
        where = "The text" if segment.is_source_text else "The target"
        if _BIDI_RE.search(text) and not (compare and _BIDI_RE.search(compare)):
            count, detail = _describe(text, _BIDI_RE, _BIDI)
            yield self.finding(f"{where} contains {count} invisible bidirectional control character(s): {detail}.")
        if _INVISIBLE_RE.search(text) and not (compare and _INVISIBLE_RE.search(compare)):
            count, detail = _describe(text, _INVISIBLE_RE, _INVISIBLE)
            yield self.finding(f"{where} contains {count} invisible character(s): {detail}.", WARNING)
