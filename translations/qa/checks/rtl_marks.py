from __future__ import annotations

import re

from django.utils.translation import gettext_noop

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
# Control characters (other than tab and line breaks), lone UTF-16 surrogates
# and the noncharacters U+FFFE/U+FFFF: debris of a broken conversion or a
# model's output. None belongs in a leaflet; a NUL or a surrogate cannot even
# be stored by PostgreSQL or encoded as UTF-8.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _control_name(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return "LONE SURROGATE"
    if char in "\ufffe\uffff":
        return "NONCHARACTER"
    return "CONTROL CHARACTER"


def _describe(text: str, pattern: re.Pattern, names) -> tuple[int, list[list]]:
    """How many characters match, and per character [code point, name, count, first position (1-based)]."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for match in pattern.finditer(text):
        char = match.group(0)
        counts[char] = counts.get(char, 0) + 1
        first.setdefault(char, match.start())
    name = names.get if isinstance(names, dict) else names
    return sum(counts.values()), [[f"{ord(c):04X}", name(c), n, first[c] + 1] for c, n in counts.items()]


@register
class InvisibleMarksCheck(SegmentCheck):
    check_id = "rtl_marks"
    name = gettext_noop("Invisible direction marks")
    description = (
        "Bidirectional control characters (error: they can reorder numbers on screen), control characters and "
        "broken characters (error), and other invisible characters such as zero-width spaces (warning) that the "
        "source does not have."
    )
    severity = ERROR
    on_source_text = True
    any_language = True
    messages = {
        "bidi": gettext_noop(
            "%(subject)s contains %(count)s invisible bidirectional control character(s): %(characters)s."
        ),
        "control": gettext_noop("%(subject)s contains %(count)s control or broken character(s): %(characters)s."),
        "invisible": gettext_noop("%(subject)s contains %(count)s invisible character(s): %(characters)s."),
    }
    subjects = {"target": gettext_noop("The target"), "text": gettext_noop("The text")}
    # One kind of character: code point, Unicode name, how often, where first.
    character = gettext_noop("U+%(code)s %(name)s ×%(count)s (first at character %(position)s)")

    @classmethod
    def localise(cls, key, params, translate):
        subject = params.get("subject")
        params["subject"] = translate(cls.subjects.get(subject, subject))
        params["characters"] = "; ".join(
            translate(cls.character) % {"code": code, "name": name, "count": count, "position": position}
            for code, name, count, position in params.get("characters", ())
        )
        return params

    def run(self, segment: Segment):
        text = segment.target
        compare = "" if segment.is_source_text else segment.source
        subject = "text" if segment.is_source_text else "target"
        if _BIDI_RE.search(text) and not (compare and _BIDI_RE.search(compare)):
            count, characters = _describe(text, _BIDI_RE, _BIDI)
            yield self.finding("bidi", subject=subject, count=count, characters=characters)
        if _CONTROL_RE.search(text) and not (compare and _CONTROL_RE.search(compare)):
            count, characters = _describe(text, _CONTROL_RE, _control_name)
            yield self.finding("control", subject=subject, count=count, characters=characters)
        if _INVISIBLE_RE.search(text) and not (compare and _INVISIBLE_RE.search(compare)):
            count, characters = _describe(text, _INVISIBLE_RE, _INVISIBLE)
            yield self.finding("invisible", WARNING, subject=subject, count=count, characters=characters)
