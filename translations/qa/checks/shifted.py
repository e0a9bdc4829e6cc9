"""The shifted-segment check: a target translates its own source, not a neighbour's.

A batch reply that is off by one gives every segment the correct translation
of the segment next to it: the language is right, the length about right,
often the same numbers, and each text reads well on its own. Only a
comparison with the neighbours shows it.

Offline, with a bilingual lexicon learned by IBM Model 1 (both ways) from
TICO-19 and its term lists (translations/qa/shift_lexicon_table.py, generated
by bench/qa_round2_lexicon.py): the target is scored against its own source
and against each neighbour's source (the F-measure of source words whose
translation, or which themselves, appear in the target, and of target tokens
accounted for by the source, each word and token weighted by its idf so that
the rare words decide, not 的 or yang), and flagged when a neighbour explains
it clearly better than its own source does. When the segment has a
back-translation, its chrF against each source is the same comparison, done
by the model's own reading.

The neighbours come from the caller: `check_segment(..., neighbour_sources=
(previous source, next source))`; checked alone, a segment is not compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_noop

from translations.qa.alignment import tokens
from translations.qa.base import ERROR, Segment, SegmentCheck
from translations.qa.registry import register

# A neighbour must explain the target this much better (weighted F-measure,
# 0-1) than the segment's own source, and reasonably well. Chosen on the TUNING
# documents of TICO-19 dev (bench/qa_round2_lexicon.py splits it by document;
# the lexicon never saw them, so own sources score there as in a real text):
# there, 0.15 flagged 92-98% of shifted rows per language with no false error,
# 0.12 a little more still without one, 0.10 and below began to flag correct
# rows (1-4 of 404 per language); 0.15 keeps that distance. The minimum
# neighbour score is then implied by the margin (own >= 0). Candidates and the
# held-out figures: the report of issue 16 / docs/qa.md.
MARGIN = 0.15
MIN_NEIGHBOUR_SCORE = 0.15
# Sources with fewer content words than this say too little to compare.
MIN_WORDS = 3
# Back-translation chrF: a neighbour's source must score this many points over
# the own. Not measured: the corpora have no back-translations.
CHRF_MARGIN = 15.0
_LANGUAGES = frozenset({"zh", "ms", "ta"})


@dataclass(frozen=True)
class _Lexicon:
    translations: dict[str, frozenset[str]]
    word_weights: dict[str, float]
    token_weights: dict[str, float]
    unseen: float

    def word(self, word: str) -> float:
        return self.word_weights.get(word, self.unseen)

    def tokens(self, tokens: Iterable[str]) -> float:
        return sum(self.token_weights.get(token, self.unseen) for token in tokens)


@lru_cache(maxsize=4)
def _lexicon(lang: str) -> _Lexicon:
    from translations.qa.shift_lexicon_table import LEXICON, TOKENS, UNSEEN

    translations, word_weights = {}, {}
    for line in LEXICON.get(lang, "").split("\n"):
        if line:
            word, weight, targets = line.split("\t")
            translations[word] = frozenset(targets.split())
            word_weights[word] = float(weight)
    token_weights = {}
    for line in TOKENS.get(lang, "").split("\n"):
        if line:
            token, weight = line.split("\t")
            token_weights[token] = float(weight)
    return _Lexicon(translations, word_weights, token_weights, UNSEEN.get(lang, 1.0))


@lru_cache(maxsize=4096)
def _source_words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tokens(text, "en")))


def score(source: str, target_tokens: frozenset[str], lang: str) -> float:
    """How well the English `source` accounts for the target's tokens (0-1)."""
    lexicon = _lexicon(lang)
    translations = lexicon.translations
    words = [w for w in _source_words(source) if w in translations or w in target_tokens]
    if not words or not target_tokens:
        return 0.0
    explained: set[str] = set()
    covered = 0.0
    for word in words:
        hits = (translations.get(word, frozenset()) & target_tokens) | ({word} & target_tokens)
        if hits:
            covered += lexicon.word(word)
            explained |= hits
    if not covered:
        return 0.0
    recall = covered / sum(lexicon.word(w) for w in words)
    precision = lexicon.tokens(explained) / lexicon.tokens(target_tokens)
    return 2 * precision * recall / (precision + recall)


@register
class ShiftedSegmentCheck(SegmentCheck):
    check_id = "shifted"
    name = gettext_noop("Shifted segment")
    description = (
        "The target translates its own source rather than a neighbouring segment's (what a batch reply "
        "off by one produces): scored against the neighbours' sources with a bilingual lexicon learned "
        "from TICO-19, and with the back-translation's chrF when there is one."
    )
    severity = ERROR
    languages = _LANGUAGES
    messages = {
        "shifted": gettext_noop(
            'The target reads like the translation of a neighbouring segment ("%(neighbour)s") rather than '
            "of its own source: the segments may be shifted."
        ),
    }

    def run(self, segment: Segment):
        if segment.source_lang != "en" or not segment.neighbour_sources:
            return
        neighbours = [n for n in segment.neighbour_sources if n.strip() != segment.source.strip()]
        if not neighbours:
            return
        suspect = self._by_lexicon(segment, neighbours)
        if suspect is None and segment.back_translation:
            suspect = self._by_back_translation(segment, neighbours)
        if suspect is not None:
            shown = suspect if len(suspect) <= 60 else suspect[:57].rstrip() + "…"
            yield self.finding("shifted", neighbour=shown)

    def _by_lexicon(self, segment: Segment, neighbours: list[str]) -> str | None:
        lang = segment.target_lang
        target_tokens = frozenset(tokens(segment.target, lang))
        if not target_tokens:
            return None
        own = score(segment.source, target_tokens, lang)
        best, best_score = None, 0.0
        for neighbour in neighbours:
            if len(_source_words(neighbour)) < MIN_WORDS:
                continue
            value = score(neighbour, target_tokens, lang)
            if value > best_score:
                best, best_score = neighbour, value
        if best is not None and best_score >= MIN_NEIGHBOUR_SCORE and best_score - own >= MARGIN:
            return best
        return None

    def _by_back_translation(self, segment: Segment, neighbours: list[str]) -> str | None:
        from translations.qa.checks.back_translation import score as chrf
        from translations.qa.checks.back_translation import score_or_stored

        back = segment.back_translation or ""
        # Against its own source the figure is usually stored already; the neighbours' never are.
        own = score_or_stored(back, segment.source, segment.source_lang)
        for neighbour in neighbours:
            if chrf(back, neighbour, segment.source_lang) - own >= CHRF_MARGIN:
                return neighbour
        return None
