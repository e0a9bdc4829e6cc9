"""The registered checks. Import order is run order: `empty` comes first
because it is exclusive (an empty translation gets one finding, not ten)."""

from translations.qa.checks import (  # noqa: F401
    empty,
    language,
    zh_script,
    untranslated,
    numbers,
    placeholders,
    glossary,
    length,
    punctuation,
    rtl_marks,
    emoji,
    back_translation,
    source_safety,
    reading_level,
)
