"""The vocabulary shared by every QA check: findings, glossary entries, the
segment a check looks at, and the two kinds of check (segment and document)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from translations.qa.messages import COMMON_MESSAGES, Translate, english, render
from translations.qa.numerals import NumberMention, extract_numbers
from translations.qa.text import ScriptProfile, script_profile

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

# The four content languages of workbench.languages; a check names the
# target languages it applies to out of these.
ALL_LANGUAGES = frozenset({"en", "zh", "ms", "ta"})


@dataclass(frozen=True)
class GlossaryEntry:
    source_term: str
    target_term: str
    forbidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class QAFinding:
    """One finding. `message` is the English rendering of the check's message
    `message_key` with `params`; `translations.qa.messages` renders the same
    key and params in another language when the finding is shown."""

    check_id: str
    severity: str  # "error" | "warning" | "info"
    message: str
    message_key: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict:
        return {"check": self.check_id, "severity": self.severity, "message": self.message}

    def render(self, translate: Translate = english) -> str:
        """The message in the language `translate` gives (django's gettext: the active one)."""
        from translations.qa.registry import check_class

        check = check_class(self.check_id)
        if check is None or not self.message_key:
            return self.message
        return render(check, self.message_key, self.params, translate)


class Segment:
    """One source/target pair as the checks see it.

    Derived views (scripts, numbers) are computed at most once per segment and
    shared between checks, which is what keeps a row under a millisecond.
    """

    def __init__(
        self,
        *,
        source: str,
        target: str,
        source_lang: str,
        target_lang: str,
        back_translation: str | None = None,
        glossary: Sequence[GlossaryEntry] = (),
        emergency_numbers: Sequence[str] = (),
        neighbour_sources: Sequence[str] = (),
    ) -> None:
        self.source = source
        self.target = target
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.back_translation = back_translation
        self.glossary = tuple(glossary or ())
        self.emergency_numbers = tuple(emergency_numbers)
        # The sources of the segments next to this one in the text (previous,
        # next), for the shifted-segment check; empty when checked alone.
        self.neighbour_sources = tuple(text for text in neighbour_sources if text)

    @property
    def is_source_text(self) -> bool:
        """True when the "target" is the source text itself (no translation to compare)."""
        return self.source_lang == self.target_lang

    @cached_property
    def source_profile(self) -> ScriptProfile:
        return script_profile(self.source)

    @cached_property
    def target_profile(self) -> ScriptProfile:
        return script_profile(self.target)

    @cached_property
    def source_numbers(self) -> tuple[NumberMention, ...]:
        return extract_numbers(self.source, self.source_lang)

    @cached_property
    def target_numbers(self) -> tuple[NumberMention, ...]:
        return extract_numbers(self.target, self.target_lang)


class DeclaredMessages:
    """What every check shares: its messages, declared as templates.

    messages:   {key: template}; templates are marked with gettext_noop and
                use named placeholders (%(number)s), filled from the params a
                finding is made with (see translations/qa/messages.py).
    localise(): turns params that are codes (a language, a script) into
                words in the language being rendered; the default keeps them.
    """

    check_id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[str]
    messages: ClassVar[Mapping[str, str]] = {}

    @classmethod
    def template(cls, key: str) -> str | None:
        return cls.messages.get(key) or COMMON_MESSAGES.get(key)

    @classmethod
    def localise(cls, key: str, params: dict, translate: Translate) -> dict:
        return params

    @classmethod
    def render(cls, key: str, params: Mapping[str, Any], translate: Translate = english) -> str:
        return render(cls, key, params, translate)

    def finding(self, key: str, severity: str | None = None, **params: Any) -> QAFinding:
        """A finding with message `key`; `params` fill its placeholders (JSON-friendly values)."""
        return QAFinding(self.check_id, severity or self.severity, self.render(key, params), key, params)


class SegmentCheck(DeclaredMessages):
    """A check on one segment. Subclasses declare, they do not configure.

    check_id:   stable id stored with findings and used in overrides.
    severity:   the severity of the check's findings; a check whose findings
                differ in weight (glossary: forbidden vs missing) passes its own
                severity per finding and declares the highest here.
    languages:  target languages the check applies to.
    on_source_text: whether it also runs when the text checked *is* the source
                (target_lang == source_lang), where comparisons make no sense.
    exclusive:  when it reports anything, no other check runs (an empty
                translation gives one finding, not ten).
    any_language: also runs for a target language outside ALL_LANGUAGES; for
                checks that read nothing language-specific (digits, markup,
                invisible characters), so that a language the QA does not know
                is not waved through unchecked.
    """

    check_id: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[str]
    languages: ClassVar[frozenset[str]] = ALL_LANGUAGES
    on_source_text: ClassVar[bool] = False
    exclusive: ClassVar[bool] = False
    any_language: ClassVar[bool] = False
    kind: ClassVar[str] = "segment"

    def applies(self, segment: Segment) -> bool:
        if segment.target_lang not in self.languages and not (
            self.any_language and segment.target_lang not in ALL_LANGUAGES
        ):
            return False
        if segment.is_source_text:
            return self.on_source_text
        return True

    def run(self, segment: Segment) -> Iterable[QAFinding]:
        raise NotImplementedError


class DocumentCheck(DeclaredMessages):
    """A check over a whole source document: [(kind, text), ...].

    Yields (segment index or None for the document as a whole, finding).
    """

    check_id: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[str]
    languages: ClassVar[frozenset[str]] = ALL_LANGUAGES
    kind: ClassVar[str] = "document"

    def applies(self, lang: str) -> bool:
        return lang in self.languages

    def run(self, segments: Sequence[tuple[str, str]], lang: str) -> Iterable[tuple[int | None, QAFinding]]:
        raise NotImplementedError
