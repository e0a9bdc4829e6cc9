from __future__ import annotations

from translations.qa.base import ERROR, WARNING, Segment, SegmentCheck
from translations.qa.langid import EXPECTED_SCRIPT, LANGUAGE_NAMES, language_name, latin_language, script_name
from translations.qa.registry import register
from translations.qa.text import tamil_words

# Scripts of the languages themselves, plus Latin everywhere: names, drug
# names and acronyms (SARS-CoV-2, RNA, Pfizer) stay Latin in every language.
# Greek letters are symbols here (α-CoV, β 冠状病毒), not a language.
_AT_HOME = {
    "zh": {"han", "latin", "greek"},
    "ta": {"tamil", "latin", "greek"},
    "ms": {"latin", "greek"},
    "en": {"latin", "greek"},
}


def _units(profile, text: str) -> dict[str, float]:
    """Letters per script in comparable units: one Han character, one Latin
    word and one Tamil word each carry roughly a word's worth of meaning."""
    units: dict[str, float] = {}
    for script, count in profile.counts.items():
        if script == "latin":
            units[script] = len(profile.latin_words)
        elif script == "tamil":
            units[script] = len(tamil_words(profile.text))
        elif script in ("han", "kana", "hangul"):
            units[script] = count
        else:
            units[script] = count / 4
    return units


def _describe_latin(text: str, profile) -> str:
    verdict = latin_language(text, profile)
    if verdict.language == "ms-family":
        return "Malay"
    if verdict.language:
        return language_name(verdict.language)
    return "Latin-script text"


@register
class LanguageCheck(SegmentCheck):
    """The text is in the language (and variety) it claims to be."""

    check_id = "language"
    name = "Language and variety"
    description = (
        "The target is in the target language: Simplified/Traditional aside (zh_script), Chinese and Tamil "
        "by script, English vs Malay by function words, Malay vs Indonesian by lexical markers."
    )
    severity = ERROR
    on_source_text = True

    def run(self, segment: Segment):
        lang = segment.target_lang
        expected = EXPECTED_SCRIPT.get(lang)
        profile = segment.target_profile
        if expected is None or not profile.letters:
            return
        text = profile.text
        subject = "The text" if segment.is_source_text else "The target"
        wanted = LANGUAGE_NAMES[lang]
        units = _units(profile, text)
        total = sum(units.values()) or 1

        # Scripts that do not belong to this language at all.
        foreign = {s: n for s, n in units.items() if s not in _AT_HOME[lang] and n}
        if not segment.is_source_text:
            # A Tamil name quoted in the source may be quoted in the target.
            source_scripts = set(segment.source_profile.counts)
            foreign = {s: n for s, n in foreign.items() if s not in source_scripts}
        if lang == "zh" and units.get("kana", 0) >= 2 and units["kana"] >= 0.15 * (units["kana"] + units.get("han", 0)):
            yield self.finding(f"{subject} is in Japanese (it has kana), not Chinese.")
            return
        if foreign:
            script, amount = max(foreign.items(), key=lambda item: item[1])
            if amount >= units.get(expected, 0):
                yield self.finding(f"{subject} is in {script_name(script)}, not {wanted}.")
                return
            if amount >= 2 and amount >= 0.2 * total:
                yield self.finding(
                    f"{subject} mixes in {script_name(script)} text ({amount:.0f} of {total:.0f} words)."
                )
                return
            yield self.finding(
                f"{subject} contains stray {script_name(script)} characters; check they belong there.", WARNING
            )

        if expected == "latin":
            yield from self._latin(segment, subject, text, profile)
        else:
            yield from self._other_script(segment, subject, wanted, expected, units, text, profile)

    def _latin(self, segment, subject, text, profile):
        if len(profile.latin_words) < 2:
            return
        verdict = latin_language(text, profile)
        lang = segment.target_lang
        if verdict.language is None:
            return  # too little to tell: a name, a code, a two-word heading
        if lang == "ms":
            if verdict.language == "id":
                yield self.finding(f"{subject} is in Indonesian, not Malay: {verdict.detail}.")
            elif verdict.language not in ("ms-family", "ms"):
                yield self.finding(f"{subject} is in {language_name(verdict.language)}, not Malay.")
        elif lang == "en" and verdict.language != "en":
            name = "Malay/Indonesian" if verdict.language in ("ms-family", "id") else language_name(verdict.language)
            yield self.finding(f"{subject} is in {name}, not English.")

    def _other_script(self, segment, subject, wanted, expected, units, text, profile):
        own = units.get(expected, 0)
        latin = profile.latin_words
        if not latin:
            return
        if segment.is_source_text:
            new_latin = len(latin)
        else:
            source_words = {w.lower() for w in segment.source_profile.latin_words}
            new_latin = sum(1 for w in latin if w.lower() not in source_words)
        if own == 0:
            # Only Latin: a copied name or acronym ("COVID-19", "Katherine
            # Maher") is fine; sentences are not.
            if len(latin) >= 3 or new_latin >= 2:
                yield self.finding(f"{subject} has no {wanted} at all; it reads as {_describe_latin(text, profile)}.")
        elif new_latin >= 4 and new_latin > own:
            yield self.finding(f"{subject} is mostly {_describe_latin(text, profile)}, not {wanted}.")
