"""Language identification for one segment: script evidence first, our own
function-word and Malay/Indonesian discrimination next, langdetect last.

langdetect alone is unusable here: it has no Malay profile (Malay comes back
as "id"), it mislabels a good share of short Chinese sentences (zh-tw, ko,
ja), and it costs about a millisecond a call. Scripts settle Chinese and Tamil;
function words settle English vs Malay-family; the marker model in
malay_indonesian settles Malay vs Indonesian. langdetect is only asked to name
the language of a Latin-script text that has none of those function words.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from translations.qa.malay_indonesian import (
    INDONESIAN_MARKERS,
    INDONESIAN_SOFT_MARKERS,
    MALAY_FAMILY_WORDS,
    MALAY_MARKERS,
    function_word_counts,
    variety_evidence,
)
from translations.qa.malay_indonesian_weights import MINED_WEIGHTS
from translations.qa.text import SCRIPT_LANGUAGE_NAMES, ScriptProfile

# English names, marked for translation: findings name them in the reader's language.
LANGUAGE_NAMES = {
    "en": gettext_noop("English"),
    "zh": gettext_noop("Chinese"),
    "ms": gettext_noop("Malay"),
    "ta": gettext_noop("Tamil"),
    "id": gettext_noop("Indonesian"),
    "ja": gettext_noop("Japanese"),
    "ko": gettext_noop("Korean"),
}
EXPECTED_SCRIPT = {"zh": "han", "ta": "tamil", "ms": "latin", "en": "latin"}

_langdetect_lock = threading.Lock()
_langdetect_factory = None


def _langdetect(text: str) -> tuple[str, float] | None:
    """langdetect's best guess, from a factory of our own with a fixed seed
    (langdetect's shared one is randomly seeded, so results would vary)."""
    global _langdetect_factory
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    with _langdetect_lock:
        if _langdetect_factory is None:
            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.set_seed(0)
            _langdetect_factory = factory
    try:
        detector = _langdetect_factory.create()
        detector.append(text[:2000])
        best = detector.get_probabilities()[0]
    except LangDetectException:
        return None
    return best.lang, best.prob


@dataclass(frozen=True)
class LatinVerdict:
    language: str | None  # "en", "ms-family", "id", a langdetect code, or None (cannot tell)
    detail: str = ""
    # For "id": the evidence, (Indonesian form, Malay form or "?") pairs, as in `detail`.
    examples: tuple[tuple[str, str], ...] = ()


# Malay/Indonesian morphology: meN-/peN-/ber-/ter-/di- prefixes and
# -kan/-an/-nya suffixes mark most content words. A share this high does not
# occur in English, Tagalog or Estonian, which langdetect otherwise offers for
# short Malay headings ("Asal-usul zoonotik koronavirus manusia").
_MALAY_MORPHOLOGY_RE = re.compile(
    r"^(?:meng|meny|mem|men|me|peng|peny|pem|pen|pe|ber|ter|di|ke|se)[a-z]{3,}$|^[a-z]{3,}(?:kan|an|nya|lah)$"
)


MALAY_FAMILY_VOCABULARY = frozenset(
    set(MALAY_FAMILY_WORDS)
    | set(MALAY_MARKERS)
    | set(INDONESIAN_MARKERS)
    | set(INDONESIAN_SOFT_MARKERS)
    | set(MINED_WEIGHTS)
)


def _malay_family_share(words: list[str]) -> float:
    """Share of words that look Malay/Indonesian by form or are known
    Malay/Indonesian vocabulary (the variety markers and mined words)."""
    lower = [w.lower() for w in words if len(w) > 1]
    if not lower:
        return 0.0
    return sum(1 for w in lower if w in MALAY_FAMILY_VOCABULARY or _MALAY_MORPHOLOGY_RE.match(w)) / len(lower)


def _malay_family(text: str) -> LatinVerdict:
    evidence = variety_evidence(text)
    if evidence.is_indonesian:
        examples = ", ".join(
            f'"{indonesian}" (Malay: "{malay}")' if malay != "?" else f'"{indonesian}"'
            for indonesian, malay in evidence.indonesian_examples
        )
        return LatinVerdict("id", examples, tuple(evidence.indonesian_examples))
    return LatinVerdict("ms-family")


def latin_language(text: str, profile: ScriptProfile) -> LatinVerdict:
    """What Latin-script language a text is in, as far as can be told."""
    words = profile.latin_words
    malay_family, english = function_word_counts(text)
    if english >= 2 and english > malay_family:
        return LatinVerdict("en")
    if malay_family >= 1 and malay_family >= english:
        return _malay_family(text)
    if len(words) >= 2 and english == 0 and _malay_family_share(words) >= 0.34:
        return _malay_family(text)
    if english == 1 and malay_family == 0 and len(words) <= 3:
        return LatinVerdict("en")
    # langdetect is overconfident on short headings (it calls "Asal-usul
    # zoonotik koronavirus manusia" Estonian at 0.99): six words at least.
    if len(words) >= 6:
        guess = _langdetect(text)
        if guess and guess[1] >= 0.95:
            if guess[0] in ("id", "ms"):
                # langdetect has no Malay profile and answers "id" for both.
                return _malay_family(text)
            return LatinVerdict(guess[0])
    return LatinVerdict(None)


def script_name(script: str, translate=lambda text: text) -> str:
    name = SCRIPT_LANGUAGE_NAMES.get(script)
    return translate(name) if name else script


# Languages langdetect may name for a Latin-script text.
_OTHER_LANGUAGE_NAMES = {
    "fr": gettext_noop("French"),
    "de": gettext_noop("German"),
    "es": gettext_noop("Spanish"),
    "it": gettext_noop("Italian"),
    "pt": gettext_noop("Portuguese"),
    "nl": gettext_noop("Dutch"),
    "tl": gettext_noop("Tagalog"),
    "vi": gettext_noop("Vietnamese"),
    "so": gettext_noop("Somali"),
    "sw": gettext_noop("Swahili"),
    "af": gettext_noop("Afrikaans"),
    "ca": gettext_noop("Catalan"),
    "ro": gettext_noop("Romanian"),
    "pl": gettext_noop("Polish"),
    "tr": gettext_noop("Turkish"),
    "sv": gettext_noop("Swedish"),
    "da": gettext_noop("Danish"),
    "no": gettext_noop("Norwegian"),
    "fi": gettext_noop("Finnish"),
    "et": gettext_noop("Estonian"),
    "hr": gettext_noop("Croatian"),
    "sl": gettext_noop("Slovenian"),
    "sq": gettext_noop("Albanian"),
    "cy": gettext_noop("Welsh"),
    "lt": gettext_noop("Lithuanian"),
    "lv": gettext_noop("Latvian"),
    "hu": gettext_noop("Hungarian"),
    "cs": gettext_noop("Czech"),
    "sk": gettext_noop("Slovak"),
}
UNKNOWN_LANGUAGE = gettext_noop('language "%(code)s"')


def language_name(code: str, translate=lambda text: text) -> str:
    """The language's name, in English or in the language `translate` gives."""
    name = LANGUAGE_NAMES.get(code) or _OTHER_LANGUAGE_NAMES.get(code)
    return translate(name) if name else translate(UNKNOWN_LANGUAGE) % {"code": code}
