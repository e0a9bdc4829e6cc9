from __future__ import annotations

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, Segment, SegmentCheck
from translations.qa.hanzi_table import TRADITIONAL_TO_SIMPLIFIED
from translations.qa.messages import listed
from translations.qa.registry import register


@register
class ChineseScriptCheck(SegmentCheck):
    """Simplified Chinese is required (Singapore standard); Traditional characters are an error.

    Only characters that exist in Traditional text alone count (這, 們, 醫, 藥):
    characters legal in both scripts (乾, 於, 著, 覆) are not in the table.
    """

    check_id = "zh_script"
    name = gettext_noop("Simplified Chinese script")
    description = "Traditional Chinese characters in a Simplified Chinese text."
    severity = ERROR
    languages = frozenset({"zh"})
    on_source_text = True
    messages = {
        "traditional_one": gettext_noop(
            "Traditional Chinese character in a Simplified Chinese text (%(count)s): %(characters)s. "
            "Singapore uses Simplified Chinese."
        ),
        "traditional_many": gettext_noop(
            "Traditional Chinese characters in a Simplified Chinese text (%(count)s): %(characters)s. "
            "Singapore uses Simplified Chinese."
        ),
    }

    def run(self, segment: Segment):
        if not segment.target_profile["han"]:
            return
        found: dict[str, int] = {}
        for char in segment.target:
            if char in TRADITIONAL_TO_SIMPLIFIED:
                found[char] = found.get(char, 0) + 1
        if not found:
            return
        total = sum(found.values())
        pairs = [f"{t}→{TRADITIONAL_TO_SIMPLIFIED[t]}" for t in found]
        yield self.finding(
            "traditional_one" if total == 1 else "traditional_many", count=total, characters=listed(pairs, 6)
        )
