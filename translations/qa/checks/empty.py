from __future__ import annotations

from translations.qa.base import ERROR, Segment, SegmentCheck
from translations.qa.registry import register


@register
class EmptyCheck(SegmentCheck):
    check_id = "empty"
    name = "Empty translation"
    description = "The target is empty (or only whitespace) while the source has text."
    severity = ERROR
    on_source_text = True
    exclusive = True

    def run(self, segment: Segment):
        if segment.target.strip():
            return
        if segment.is_source_text:
            yield self.finding("Empty segment: the source text has no words.")
        elif segment.source.strip():
            yield self.finding("Empty translation: the source has text but the target is empty.")
