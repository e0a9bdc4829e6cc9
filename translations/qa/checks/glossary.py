from __future__ import annotations

from django.utils.translation import gettext_noop

from translations.qa.base import ERROR, WARNING, Segment, SegmentCheck
from translations.qa.registry import register
from translations.qa.terms import alternatives, entries_for, occurs, source_pattern, target_pattern


@register
class GlossaryCheck(SegmentCheck):
    """Approved terms are used; forbidden ones are not.

    A forbidden term is an error: reviewers put it on the list on purpose
    (an Indonesian or colloquial word), and matching it is exact. A missing
    approved term is a warning: translators inflect and rephrase correctly
    (Tamil case endings, Malay affixes, a pronoun for a repeated term), and
    on TICO-19's own professional translations the approved term is "missing"
    from a noticeable share of rows that contain the source term (docs/qa.md).
    """

    check_id = "glossary"
    name = gettext_noop("Glossary")
    description = (
        "Where an approved source term occurs, the approved target term (or one of its alternatives) is "
        "used (warning if not); a forbidden term in the target is an error."
    )
    severity = ERROR
    messages = {
        "forbidden": gettext_noop('Glossary: "%(term)s" must not be used (approved: "%(approved)s").'),
        "forbidden_no_approved": gettext_noop('Glossary: "%(term)s" must not be used.'),
        "missing": gettext_noop(
            'Glossary: the source has "%(source_term)s" but the target does not use the approved "%(target_term)s".'
        ),
    }

    def applies(self, segment: Segment) -> bool:
        return bool(segment.glossary) and super().applies(segment)

    def run(self, segment: Segment):
        reported_forbidden: set[str] = set()
        reported_missing: set[str] = set()
        for entry in entries_for(segment.glossary):
            forbidden_found = False
            for term in entry.forbidden:
                if occurs(target_pattern(term, segment.target_lang), segment.target):
                    forbidden_found = True
                    if term.lower() not in reported_forbidden:
                        reported_forbidden.add(term.lower())
                        if entry.target_term:
                            yield self.finding("forbidden", ERROR, term=term, approved=entry.target_term)
                        else:
                            yield self.finding("forbidden_no_approved", ERROR, term=term)
            # A forbidden rendering already says the approved term is missing.
            if forbidden_found or not entry.target_term or entry.source_term.lower() in reported_missing:
                continue
            if not occurs(source_pattern(entry.source_term, segment.source_lang), segment.source):
                continue
            options = alternatives(entry.target_term)
            if any(occurs(target_pattern(option, segment.target_lang), segment.target) for option in options):
                continue
            reported_missing.add(entry.source_term.lower())
            yield self.finding("missing", WARNING, source_term=entry.source_term, target_term=entry.target_term)
