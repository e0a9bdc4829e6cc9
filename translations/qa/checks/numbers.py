from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, Segment, SegmentCheck
from translations.qa.messages import listed
from translations.qa.numerals import CODE, DIGITS, LIST, REPORTED_KINDS, WORD, NumberMention, emergency_number_pattern
from translations.qa.registry import register
from translations.qa.text import mask_urls

_MAX_LISTED = 4
# A leaflet segment has a handful of numbers. Past this many (a pasted table
# or log), comparing them one by one says little and costs seconds: the
# segment is flagged for a person instead.
MAX_NUMBERS = 5000
_DIGIT_RUN_RE = re.compile(r"[0-9]+")


def _too_many_numbers(text: str) -> bool:
    count = 0
    for _ in _DIGIT_RUN_RE.finditer(text):
        count += 1
        if count > MAX_NUMBERS:
            return True
    return False


class _Index:
    """What values and times one side has, split the ways matching needs:
    with or without names' digits, timed or not. Lookups are set
    membership, so a segment with 100,000 numbers stays linear."""

    def __init__(self, mentions: Iterable[NumberMention]) -> None:
        # Keyed by whether names' digits (codes) count.
        self.values: dict[bool, set[Decimal]] = {True: set(), False: set()}
        self.untimed_values: dict[bool, set[Decimal]] = {True: set(), False: set()}
        self.times: dict[bool, set[tuple[int, int]]] = {True: set(), False: set()}
        for mention in mentions:
            for codes_count in (True, False):
                if mention.kind == CODE and not codes_count:
                    continue
                self.values[codes_count].update(mention.values)
                self.times[codes_count].update(mention.times)
                if not mention.times:
                    self.untimed_values[codes_count].update(mention.values)


def _has_match(mention: NumberMention, index: _Index, codes_vouch: bool) -> bool:
    # A source number must reappear as a number: the target's SARS-CoV-2 does
    # not vouch for the source's "coronavirus 2" (or "3 型" would pass). The
    # other way is normal: translators detach a name's digits (interleukin-6 ->
    # 白细胞介素 6, COVID-19 -> COVID 19), so a source name vouches for the target.
    codes_count = codes_vouch or mention.kind == CODE
    if mention.times:
        # Two clock times compare as times (8 a.m. is not 20:00); a time and
        # a plain number compare by value.
        return not mention.times.isdisjoint(index.times[codes_count]) or not mention.values.isdisjoint(
            index.untimed_values[codes_count]
        )
    return not mention.values.isdisjoint(index.values[codes_count])


def _may_vouch(other: NumberMention, mention: NumberMention, codes_vouch: bool) -> bool:
    return codes_vouch or other.kind != CODE or mention.kind == CODE


def _pair_off(left: list[NumberMention], right: list[NumberMention], codes_vouch: bool) -> tuple[list, list]:
    """One-to-one matching by shared value or clock time; returns what is
    left on each side. Linear: each value's list on the right is walked once.
    (The set comparison before it has already told 8 a.m. from 8 p.m.)"""
    by_value: dict = defaultdict(list)
    for position, mention in enumerate(right):
        for key in mention.values | mention.times:
            by_value[key].append(position)
    cursor: dict = defaultdict(int)
    used: set[int] = set()
    left_over = []
    for mention in left:
        found = None
        for value in mention.values | mention.times:
            positions = by_value.get(value, ())
            i = cursor[value]
            while i < len(positions) and (
                positions[i] in used or not _may_vouch(right[positions[i]], mention, codes_vouch)
            ):
                i += 1
            cursor[value] = i
            if i < len(positions):
                found = positions[i]
                break
        if found is None:
            left_over.append(mention)
        else:
            used.add(found)
    return left_over, [m for i, m in enumerate(right) if i not in used]


def _significant(mention: NumberMention) -> bool:
    # "one"/"一"/"satu" is as often an article ("one of the", 一些) as a count.
    return mention.kind == DIGITS or (mention.kind == WORD and mention.values != {1})


def _listing(mentions: list[NumberMention]) -> dict:
    """A list parameter: the numbers as written, each once ("2, 3 and 4 more" when shown)."""
    seen: dict[str, None] = {}
    for mention in mentions:
        seen.setdefault(mention.display, None)
    return listed(seen, _MAX_LISTED)


@register
class NumbersCheck(SegmentCheck):
    """Every number in the source is in the target, none changed or added.

    Digits must match on both sides. Numbers written as words are matched
    when they can be, and reported only when the other side also has an
    unmatched number (two -> tiga), because "two" legitimately becomes
    "both" or "a pair" in translation.
    """

    check_id = "numbers"
    name = gettext_noop("Numbers")
    description = (
        "Doses, counts, times, dates, phone and emergency numbers, percentages and ranges survive "
        "translation, compared after locale-aware normalisation (万/亿, month names, number words, "
        "a.m./p.m., thousands separators, decimal commas)."
    )
    severity = ERROR
    any_language = True
    messages = {
        "emergency": gettext_noop("The source has %(number)s (emergency number) but the target does not."),
        "too_many": gettext_noop(
            "The segment has more than %(limit)s numbers, too many to compare one by one: check them by hand."
        ),
        "differ": gettext_noop("Numbers differ: the source has %(source)s, the target has %(target)s instead."),
        "missing_one": gettext_noop("The source has %(numbers)s, which is not in the target."),
        "missing_many": gettext_noop("The source has %(numbers)s, which are not in the target."),
        "added_one": gettext_noop("The target has %(numbers)s, which is not in the source."),
        "added_many": gettext_noop("The target has %(numbers)s, which are not in the source."),
        "list_number": gettext_noop("The list item is numbered %(source)s in the source but %(target)s in the target."),
        "differ_counts": gettext_noop(
            "Numbers differ: the source has %(source)s more often than the target, and the target has "
            "%(target)s more often than the source."
        ),
        "name_number": gettext_noop("A name's number differs: the source has %(source)s, the target has %(target)s."),
    }

    def run(self, segment: Segment):
        dropped_emergency: set[str] = set()
        if segment.emergency_numbers:
            source_text = mask_urls(segment.source)
            target_text = mask_urls(segment.target)
            for number in segment.emergency_numbers:
                pattern = emergency_number_pattern(number)
                if pattern.search(source_text) and not pattern.search(target_text):
                    dropped_emergency.add(re.sub(r"\D", "", number))
                    yield self.finding("emergency", number=number)
        if _too_many_numbers(segment.source) or _too_many_numbers(segment.target):
            yield self.finding("too_many", limit=f"{MAX_NUMBERS:,}")
            return
        source = segment.source_numbers
        target = segment.target_numbers
        if not source and not target:
            return

        source_index, target_index = _Index(source), _Index(target)
        missing = [
            m
            for m in source
            if m.kind in REPORTED_KINDS
            and _significant(m)
            and not _has_match(m, target_index, codes_vouch=False)
            and re.sub(r"\D", "", m.text) not in dropped_emergency
        ]
        # A lone added 1 is how "a Chinese person" becomes "1 名中国人": not reported.
        added = [
            m
            for m in target
            if m.kind in REPORTED_KINDS
            and _significant(m)
            and m.values != {1}
            and not _has_match(m, source_index, codes_vouch=True)
        ]
        missing_digits = [m for m in missing if m.kind == DIGITS]
        added_digits = [m for m in added if m.kind == DIGITS]
        if missing and added:
            yield self.finding("differ", source=_listing(missing), target=_listing(added))
            return
        if missing_digits:
            key = "missing_one" if len(missing_digits) == 1 else "missing_many"
            yield self.finding(key, numbers=_listing(missing_digits))
            return
        if added_digits:
            key = "added_one" if len(added_digits) == 1 else "added_many"
            yield self.finding(key, numbers=_listing(added_digits))
            return
        yield from self._second_look(source, target, dropped_emergency)

    def _second_look(self, source, target, dropped_emergency):
        """What set comparison cannot see: a number changed into one the
        segment already has (2020 ... 2020 -> 2020 ... 2021), a renumbered
        list item, a changed name (2019-nCoV -> 2010-nCoV)."""
        source_lists = [m for m in source if m.kind == LIST]
        target_lists = [m for m in target if m.kind == LIST]
        if source_lists and target_lists and not source_lists[0].values & target_lists[0].values:
            yield self.finding("list_number", source=source_lists[0].display, target=target_lists[0].display)
            return
        # Counted one to one, in stages: names with names, digits with
        # digits, then what is left with the other side's words and names. A
        # value written twice in the source and once in the target is fine
        # alone (a pronoun for a repeated date); it is not when the target
        # also has a value the source does not account for.
        source_codes = [m for m in source if m.kind == CODE]
        target_codes = [m for m in target if m.kind == CODE]
        left_source_codes, left_target_codes = _pair_off(source_codes, target_codes, codes_vouch=True)
        source_digits = [m for m in source if m.kind == DIGITS and re.sub(r"\D", "", m.text) not in dropped_emergency]
        target_digits = [m for m in target if m.kind == DIGITS]
        left_source, left_target = _pair_off(source_digits, target_digits, codes_vouch=False)
        target_others = [m for m in target if m.kind not in (DIGITS, CODE)]
        source_others = [m for m in source if m.kind not in (DIGITS, CODE)] + left_source_codes
        left_source, _ = _pair_off(left_source, target_others, codes_vouch=False)
        left_target, unused = _pair_off(left_target, source_others, codes_vouch=True)
        left_target = [m for m in left_target if m.values != {1}]
        left_source_codes = [m for m in unused if m.kind == CODE]
        if left_target and (left_source or left_source_codes):
            yield self.finding(
                "differ_counts", source=_listing(left_source or left_source_codes), target=_listing(left_target)
            )
            return
        if left_source_codes and left_target_codes:
            yield self.finding("name_number", source=_listing(left_source_codes), target=_listing(left_target_codes))
