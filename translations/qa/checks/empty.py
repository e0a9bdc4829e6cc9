from __future__ import annotations

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, Segment, SegmentCheck
from translations.qa.registry import register


@register
class EmptyCheck(SegmentCheck):
    check_id = "empty"
    name = gettext_noop("Empty translation")
    description = "The target is empty (or only whitespace) while the source has text."
    severity = ERROR
    on_source_text = True
    exclusive = True
    any_language = True
    messages = {
        "source_empty": gettext_noop("Empty segment: the source text has no words."),
        "target_empty": gettext_noop("Empty translation: the source has text but the target is empty."),
    }

    def run(self, segment: Segment):
        if segment.target.strip():
            return
        if segment.is_source_text:
            yield self.finding("source_empty")
        elif segment.source.strip():
            yield self.finding("target_empty")
