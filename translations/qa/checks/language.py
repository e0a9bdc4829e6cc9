from __future__ import annotations

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, WARNING, Segment, SegmentCheck
from translations.qa.langid import EXPECTED_SCRIPT, language_name, latin_language, script_name
from translations.qa.malay_indonesian import DECIMAL_COMMA, DECIMAL_POINT
from translations.qa.messages import join
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


# What a text "reads as", beyond language codes (translations/qa/langid.py names those).
MALAY_OR_INDONESIAN = "ms/id"
LATIN_TEXT = "latin"
_FOUND_NAMES = {
    MALAY_OR_INDONESIAN: gettext_noop("Malay/Indonesian"),
    LATIN_TEXT: gettext_noop("Latin-script text"),
}


def _describe_latin(text: str, profile) -> str:
    """A code for what a Latin-script text reads as: a language code, or LATIN_TEXT."""
    verdict = latin_language(text, profile)
    if verdict.language == "ms-family":
        return "ms"
    return verdict.language or LATIN_TEXT


def _found_name(code: str, translate) -> str:
    return translate(_FOUND_NAMES[code]) if code in _FOUND_NAMES else language_name(code, translate)


@register
class LanguageCheck(SegmentCheck):
    """The text is in the language (and variety) it claims to be."""

    check_id = "language"
    name = gettext_noop("Language and variety")
    description = (
        "The target is in the target language: Simplified/Traditional aside (zh_script), Chinese and Tamil "
        "by script, English vs Malay by function words, Malay vs Indonesian by lexical markers."
    )
    severity = ERROR
    on_source_text = True
    messages = {
        "japanese": gettext_noop("%(subject)s is in Japanese (it has kana), not Chinese."),
        "wrong_script": gettext_noop("%(subject)s is in %(script)s, not %(language)s."),
        "mixed_script": gettext_noop("%(subject)s mixes in %(script)s text (%(amount)s of %(total)s words)."),
        "stray_script": gettext_noop("%(subject)s contains stray %(script)s characters; check they belong there."),
        "indonesian": gettext_noop("%(subject)s is in Indonesian, not Malay: %(examples)s."),
        "wrong_language": gettext_noop("%(subject)s is in %(found)s, not %(language)s."),
        "no_own_text": gettext_noop("%(subject)s has no %(language)s at all; it reads as %(found)s."),
        "mostly_other": gettext_noop("%(subject)s is mostly %(found)s, not %(language)s."),
    }
    subjects = {"target": gettext_noop("The target"), "text": gettext_noop("The text")}
    # One word of Indonesian evidence, with its Malay counterpart when there is one.
    example_with_malay = gettext_noop('"%(word)s" (Malay: "%(malay)s")')
    example = gettext_noop('"%(word)s"')

    @classmethod
    def localise(cls, key, params, translate):
        subject = params.get("subject")
        params["subject"] = translate(cls.subjects.get(subject, subject))
        if "script" in params:
            params["script"] = script_name(params["script"], translate)
        if "language" in params:
            params["language"] = language_name(params["language"], translate)
        if "found" in params:
            params["found"] = _found_name(params["found"], translate)
        if "examples" in params:
            examples = (cls._example(word, malay, translate) for word, malay in params["examples"])
            params["examples"] = join(examples, translate)
        return params

    @classmethod
    def _example(cls, word: str, malay: str, translate) -> str:
        if word == DECIMAL_COMMA:
            word, malay = translate(DECIMAL_COMMA), translate(DECIMAL_POINT)
        if malay == "?":
            return translate(cls.example) % {"word": word}
        return translate(cls.example_with_malay) % {"word": word, "malay": malay}

    def run(self, segment: Segment):
        lang = segment.target_lang
        expected = EXPECTED_SCRIPT.get(lang)
        profile = segment.target_profile
        if expected is None or not profile.letters:
            return
        text = profile.text
        subject = "text" if segment.is_source_text else "target"
        units = _units(profile, text)
        total = sum(units.values()) or 1

        # Scripts that do not belong to this language at all.
        foreign = {s: n for s, n in units.items() if s not in _AT_HOME[lang] and n}
        if not segment.is_source_text:
            # A Tamil name quoted in the source may be quoted in the target.
            source_scripts = set(segment.source_profile.counts)
            foreign = {s: n for s, n in foreign.items() if s not in source_scripts}
        if lang == "zh" and units.get("kana", 0) >= 2 and units["kana"] >= 0.15 * (units["kana"] + units.get("han", 0)):
            yield self.finding("japanese", subject=subject)
            return
        if foreign:
            script, amount = max(foreign.items(), key=lambda item: item[1])
            if amount >= units.get(expected, 0):
                yield self.finding("wrong_script", subject=subject, script=script, language=lang)
                return
            if amount >= 2 and amount >= 0.2 * total:
                yield self.finding(
                    "mixed_script", subject=subject, script=script, amount=f"{amount:.0f}", total=f"{total:.0f}"
                )
                return
            yield self.finding("stray_script", WARNING, subject=subject, script=script)

        if expected == "latin":
            yield from self._latin(segment, subject, text, profile)
        else:
            yield from self._other_script(segment, subject, expected, units, text, profile)

    def _latin(self, segment, subject, text, profile):
        if len(profile.latin_words) < 2:
            return
        verdict = latin_language(text, profile)
        lang = segment.target_lang
        if verdict.language is None:
            return  # too little to tell: a name, a code, a two-word heading
        if lang == "ms":
            if verdict.language == "id":
                yield self.finding("indonesian", subject=subject, examples=[list(e) for e in verdict.examples])
            elif verdict.language not in ("ms-family", "ms"):
                yield self.finding("wrong_language", subject=subject, found=verdict.language, language="ms")
        elif lang == "en" and verdict.language != "en":
            found = MALAY_OR_INDONESIAN if verdict.language in ("ms-family", "id") else verdict.language
            yield self.finding("wrong_language", subject=subject, found=found, language="en")

    def _other_script(self, segment, subject, expected, units, text, profile):
        lang = segment.target_lang
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
                yield self.finding("no_own_text", subject=subject, language=lang, found=_describe_latin(text, profile))
        elif new_latin >= 4 and new_latin > own:
            yield self.finding("mostly_other", subject=subject, language=lang, found=_describe_latin(text, profile))
