from __future__ import annotations

import re

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, Segment, SegmentCheck
from translations.qa.langid import EXPECTED_SCRIPT
from translations.qa.registry import register
from translations.qa.text import normalise_for_compare, tamil_words

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def ordinary_words(words: list[str]) -> list[str]:
    """Words a translator would translate: not acronyms (CDC, WHO) and, in a
    short text, not capitalised names (Katherine Maher)."""
    candidates = [w for w in words if not (w.isupper() and len(w) > 1)]
    if len(candidates) >= 3:
        return candidates
    return [w for w in candidates if w[:1].islower()]


@register
class UntranslatedCheck(SegmentCheck):
    check_id = "untranslated"
    name = gettext_noop("Untranslated text")
    description = (
        "The target is the source, or mostly the source's words: same text, or the source's ordinary "
        "words copied into a target that should use another script or vocabulary. Names and acronyms "
        "alone (COVID-19, CDC) are fine."
    )
    severity = ERROR
    messages = {
        "identical": gettext_noop("The target is identical to the source: it was not translated."),
        "own_script_copied": gettext_noop(
            "Most of the target is the source's own text (%(copied)s of %(total)s): not translated."
        ),
        "mostly_source_words": gettext_noop(
            "The target is mostly the source's words (%(copied)s of %(total)s): probably not translated."
        ),
        "english_kept": gettext_noop(
            "The target keeps %(copied)s of the source's %(total)s words in English (%(examples)s...): not translated."
        ),
    }

    def run(self, segment: Segment):
        source_norm = normalise_for_compare(segment.source)
        target_norm = normalise_for_compare(segment.target)
        if not source_norm or not target_norm:
            return
        source_script = segment.source_profile.dominant()
        if source_script == "latin":
            ordinary = ordinary_words(segment.source_profile.latin_words)
            if len(ordinary) < 1:
                return
            if source_norm == target_norm:
                yield self.finding("identical")
                return
            yield from self._latin_copy(segment)
        elif source_script in ("han", "tamil"):
            if source_norm == target_norm:
                yield self.finding("identical")
                return
            if EXPECTED_SCRIPT.get(segment.target_lang) == source_script:
                return
            if source_script == "han":
                source_units = set(_HAN_RE.findall(segment.source))
                copied = [c for c in _HAN_RE.findall(segment.target) if c in source_units]
                total = len(_HAN_RE.findall(segment.source))
            else:
                source_units = set(tamil_words(segment.source))
                copied = [w for w in tamil_words(segment.target) if w in source_units]
                total = len(tamil_words(segment.source))
            if total >= 3 and len(copied) >= 0.5 * total:
                yield self.finding("own_script_copied", copied=len(copied), total=total)

    def _latin_copy(self, segment: Segment):
        # Names and acronyms are kept in every language (Katherine Maher,
        # Wikimedia Foundation, CDC): only lower-case words show copying.
        target_words = [w.lower() for w in segment.target_profile.latin_words if w[:1].islower()]
        source_lower = {w.lower() for w in segment.source_profile.latin_words if w[:1].islower()}
        if len(target_words) < 3 or len(source_lower) < 3:
            return
        if EXPECTED_SCRIPT.get(segment.target_lang) == "latin":
            # Same script: how much of the target is the source's vocabulary.
            # Correct Malay shares loanwords with English (virus, protein, data).
            copied = sum(1 for w in target_words if w in source_lower)
            if copied >= 0.8 * len(target_words):
                yield self.finding("mostly_source_words", copied=copied, total=len(target_words))
        else:
            # Another script: the source's ordinary words should not be there at all.
            copied_ordinary = {w for w in target_words if w in source_lower}
            if len(copied_ordinary) >= 3 and len(copied_ordinary) >= 0.5 * len(source_lower):
                yield self.finding(
                    "english_kept",
                    copied=len(copied_ordinary),
                    total=len(source_lower),
                    examples={"items": sorted(copied_ordinary)[:5], "more": 0},
                )
