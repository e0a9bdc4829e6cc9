"""The vocabulary shared by every QA check: findings, glossary entries, the
segment a check looks at, and the two kinds of check (segment and document)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Iterable, Sequence

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
    check_id: str
    severity: str  # "error" | "warning" | "info"
    message: str

    def as_dict(self) -> dict:
        return {"check": self.check_id, "severity": self.severity, "message": self.message}


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
    ) -> None:
        self.source = source
        self.target = target
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.back_translation = back_translation
        self.glossary = tuple(glossary or ())
        self.emergency_numbers = tuple(emergency_numbers)

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


class SegmentCheck:
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
    """

    check_id: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[str]
    languages: ClassVar[frozenset[str]] = ALL_LANGUAGES
    on_source_text: ClassVar[bool] = False
    exclusive: ClassVar[bool] = False
    kind: ClassVar[str] = "segment"

    def applies(self, segment: Segment) -> bool:
        if segment.target_lang not in self.languages:
            return False
        if segment.is_source_text:
            return self.on_source_text
        return True

    def run(self, segment: Segment) -> Iterable[QAFinding]:
        raise NotImplementedError

    def finding(self, message: str, severity: str | None = None) -> QAFinding:
        return QAFinding(self.check_id, severity or self.severity, message)


class DocumentCheck:
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

    def finding(self, message: str, severity: str | None = None) -> QAFinding:
        return QAFinding(self.check_id, severity or self.severity, message)
