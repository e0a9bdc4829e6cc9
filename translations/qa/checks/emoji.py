from __future__ import annotations

import re
from collections import Counter

from translations.qa.base import WARNING, Segment, SegmentCheck
from translations.qa.registry import register

# Pictographs, dingbats (✔ ✖ ☎) and flags; variation selectors and ZWJ are
# glue inside a sequence, not emoji of their own.
_EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\U0001f1e6-\U0001f1ff]")


@register
class EmojiCheck(SegmentCheck):
    check_id = "emoji"
    name = "Emoji and symbols"
    description = "Emoji or pictographic symbols (☎ ⚠ ✔) dropped, changed or added."
    severity = WARNING

    def run(self, segment: Segment):
        source = Counter(_EMOJI_RE.findall(segment.source))
        target = Counter(_EMOJI_RE.findall(segment.target))
        if source == target:
            return
        missing = source - target
        added = target - source
        if missing:
            yield self.finding(f"The source has {' '.join(missing.elements())} but the target does not.")
        if added:
            yield self.finding(f"The target has {' '.join(added.elements())}, which the source does not.")
