from __future__ import annotations

import re

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, WARNING, Segment, SegmentCheck
from translations.qa.registry import register
from translations.qa.text import BIDI_CONTROLS, BIDI_RE, CONTROL_RE, INVISIBLE, INVISIBLE_RE, control_name


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
        if BIDI_RE.search(text) and not (compare and BIDI_RE.search(compare)):
            count, characters = _describe(text, BIDI_RE, BIDI_CONTROLS)
            yield self.finding("bidi", subject=subject, count=count, characters=characters)
        if CONTROL_RE.search(text) and not (compare and CONTROL_RE.search(compare)):
            count, characters = _describe(text, CONTROL_RE, control_name)
            yield self.finding("control", subject=subject, count=count, characters=characters)
        if INVISIBLE_RE.search(text) and not (compare and INVISIBLE_RE.search(compare)):
            count, characters = _describe(text, INVISIBLE_RE, INVISIBLE)
            yield self.finding("invisible", WARNING, subject=subject, count=count, characters=characters)
