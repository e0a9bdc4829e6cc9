from __future__ import annotations

import re
from collections import Counter

from django.utils.translation import gettext_noop

from translations.qa.base import WARNING, Segment, SegmentCheck
from translations.qa.registry import register

# Pictographs, dingbats (✔ ✖ ☎) and flags; variation selectors and ZWJ are
# glue inside a sequence, not emoji of their own.
_EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\U0001f1e6-\U0001f1ff]")


@register
class EmojiCheck(SegmentCheck):
    check_id = "emoji"
    name = gettext_noop("Emoji and symbols")
    description = "Emoji or pictographic symbols (☎ ⚠ ✔) dropped, changed or added."
    severity = WARNING
    any_language = True
    messages = {
        "missing": gettext_noop("The source has %(emoji)s but the target does not."),
        "added": gettext_noop("The target has %(emoji)s, which the source does not."),
    }

    def run(self, segment: Segment):
        source = Counter(_EMOJI_RE.findall(segment.source))
        target = Counter(_EMOJI_RE.findall(segment.target))
        if source == target:
            return
        missing = source - target
        added = target - source
        if missing:
            yield self.finding("missing", emoji=" ".join(missing.elements()))
        if added:
            yield self.finding("added", emoji=" ".join(added.elements()))
