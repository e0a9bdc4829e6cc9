"""The content languages a leaflet can be written in.

These are the languages of *leaflets*, not of the user interface (that is
settings.LANGUAGES). Codes are short and stable because they end up in
database rows, URLs and audit events; `html_lang` is what goes into the
`lang` attribute so that browsers pick the right fonts and screen readers the
right voice (Chinese must say zh-Hans, or Traditional glyph variants may be
chosen for shared code points).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ContentLanguage:
    code: str
    name: str
    native_name: str
    html_lang: str


CONTENT_LANGUAGES: dict[str, ContentLanguage] = {
    "en": ContentLanguage("en", "English", "English", "en"),
    "zh": ContentLanguage("zh", "Simplified Chinese", "简体中文", "zh-Hans"),
    "ms": ContentLanguage("ms", "Malay", "Bahasa Melayu", "ms"),
    "ta": ContentLanguage("ta", "Tamil", "தமிழ்", "ta"),
}

# The user-interface language that speaks to a reader of each content language
# (the patient page's own words: headings, notes, forms).
UI_LANGUAGE_FOR_CONTENT = {"en": "en", "zh": "zh-hans", "ms": "ms", "ta": "ta"}

LANGUAGE_CHOICES = [(lang.code, lang.name) for lang in CONTENT_LANGUAGES.values()]

# The content languages' names in the reader's (UI) language, for every page, list, message and the
# admin: a reader does not read codes such as "ms". (`name` above stays English: it is stored in
# Language.name and written into audit events.)
LANGUAGE_NAMES = {"en": _("English"), "zh": _("Simplified Chinese"), "ms": _("Malay"), "ta": _("Tamil")}


def language_name(code) -> str:
    """The language's name in the active UI language ("Malay", "马来语"); an unknown code as it is."""
    code = getattr(code, "pk", code)
    return str(LANGUAGE_NAMES.get(code, code))


DEFAULT_REQUIRED_LANGUAGES = ["en", "zh", "ms", "ta"]
DEFAULT_SOURCE_LANGUAGE = "en"
