from __future__ import annotations

import re

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, DocumentCheck
from translations.qa.config import emergency_numbers
from translations.qa.numerals import emergency_number_pattern
from translations.qa.registry import register

RED_FLAG = "red_flag"

# Going to the emergency department is an instruction too, in each language.
_EMERGENCY_DEPARTMENT = {
    "en": re.compile(
        r"\bA\s?&\s?E\b|\baccident (?:and|&) emergency\b|\bemergency (?:department|room)\b", re.IGNORECASE
    ),
    "zh": re.compile(r"急诊|急症室|A\s?&\s?E"),
    "ms": re.compile(r"\b(?:jabatan|unit|bahagian) kecemasan\b|\bA\s?&\s?E\b", re.IGNORECASE),
    "ta": re.compile(r"அவசர\s?(?:சிகிச்சை|ப்\s?பிரிவு|பிரிவு)|A\s?&\s?E"),
}


@register
class SourceSafetyCheck(DocumentCheck):
    """A patient leaflet tells patients when to get urgent help, and how."""

    check_id = "source_safety"
    name = gettext_noop("Red flags and emergency instruction")
    description = (
        'The source has a red-flags block (segments of kind "red_flag") and it carries an emergency '
        "instruction: an emergency number (call 995) or the emergency department (go to A&E)."
    )
    severity = ERROR
    messages = {
        "no_red_flags": gettext_noop(
            'The leaflet has no red-flags block (segments of kind "red_flag") telling patients which '
            "symptoms need urgent help."
        ),
        "no_emergency_instruction": gettext_noop(
            "The red-flags block has no emergency instruction with a number: say what to do, "
            'e.g. "call %(number)s" or "go to A&E".'
        ),
    }

    def run(self, segments, lang):
        red_flags = [(i, text) for i, (kind, text) in enumerate(segments) if kind == RED_FLAG and text.strip()]
        if not red_flags:
            yield None, self.finding("no_red_flags")
            return
        numbers = emergency_numbers()
        department = _EMERGENCY_DEPARTMENT.get(lang, _EMERGENCY_DEPARTMENT["en"])
        for _, text in red_flags:
            if any(emergency_number_pattern(n).search(text) for n in numbers) or department.search(text):
                return
        example = numbers[0] if numbers else "995"
        yield red_flags[0][0], self.finding("no_emergency_instruction", number=example)
