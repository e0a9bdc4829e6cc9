from __future__ import annotations

from django.utils.translation import gettext_noop

from translations.qa.base import WARNING, Segment, SegmentCheck
from translations.qa.registry import register

_QUESTION = ("?", "？")
_SENTENCE_END = ".!?。！？…:;：；"
# Closing quotes and brackets may follow the final stop: 。” / .) / ?」
_CLOSERS = "\"'”’»」』）)]】"


def _final(text: str) -> str:
    text = text.rstrip()
    while text and text[-1] in _CLOSERS:
        text = text[:-1].rstrip()
    return text[-1:] if text else ""


@register
class PunctuationCheck(SegmentCheck):
    check_id = "punctuation"
    name = gettext_noop("Final punctuation")
    description = (
        "A question in the source stays a question, and a source that ends a sentence has a target that ends "
        "one (a missing stop often means the end of the text was cut off)."
    )
    severity = WARNING
    messages = {
        "question": gettext_noop("The source is a question but the target does not end with a question mark."),
        "cut_off": gettext_noop(
            'The source ends with "%(end)s" but the target ends mid-sentence ("…%(tail)s"): was the end cut off?'
        ),
    }

    def run(self, segment: Segment):
        source_end = _final(segment.source)
        target_end = _final(segment.target)
        if not source_end or not target_end:
            return
        if source_end in _QUESTION and target_end not in _QUESTION:
            yield self.finding("question")
        elif source_end in _SENTENCE_END and target_end not in _SENTENCE_END:
            yield self.finding("cut_off", end=source_end, tail=segment.target.rstrip()[-12:])
