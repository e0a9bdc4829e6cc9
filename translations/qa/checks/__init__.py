"""The registered checks, and the order they run in: `empty` comes first
because it is exclusive (an empty translation gets one finding, not ten)."""

from translations.qa.checks import (  # noqa: F401 (each module registers its check on import)
    back_translation,
    emoji,
    empty,
    glossary,
    language,
    length,
    negation,
    numbers,
    placeholders,
    punctuation,
    reading_level,
    rtl_marks,
    shifted,
    source_safety,
    units,
    untranslated,
    zh_script,
)

# Run order, by check_id. Stated here rather than implied by the order of the
# imports above, which an import sorter is free to change.
RUN_ORDER: tuple[str, ...] = (
    "empty",
    "language",
    "zh_script",
    "untranslated",
    "numbers",
    "units",
    "negation",
    "placeholders",
    "glossary",
    "length",
    "punctuation",
    "rtl_marks",
    "emoji",
    "back_translation",
    "shifted",
    "source_safety",
    "reading_level",
)
