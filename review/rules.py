"""The workflow's conditions, each defined once.

Services, selectors, views, queues, the dashboard and jobs ask these instead
of spelling the condition out again: a copy drifts (the first gate forgot
"a job is running" although its docs promised it). The database triggers in
review/db_rules.py are the one deliberate second copy, in SQL, and
tests/attacks hold both to the same cases.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from django.db.models import F, Q

# A job in one of these states has not written its QA findings and
# back-translations yet: its text is unchecked.
JOB_ACTIVE_STATES = ("queued", "running")


def job_active() -> Q:
    """On Job (or JobBatch): still queued or running."""
    return Q(state__in=JOB_ACTIVE_STATES)


def untranslated() -> Q:
    """On TargetSegment: no text yet (services store stripped text, so empty means empty)."""
    return Q(text="")


def current_text() -> Q:
    """On TextVersion: the text of its leaflet's current revision."""
    return Q(revision__leaflet__current_revision=F("revision"))


def is_current(text_version) -> bool:
    """The text belongs to its leaflet's current revision (older revisions are history, never edited or approved)."""
    return text_version.revision.leaflet.current_revision_id == text_version.revision_id


def current_finding() -> Q:
    """On Finding: found on the text's current content (a finding for an earlier hash is history)."""
    return Q(content_hash=F("text_version__content_hash"))


def refuse_unless_current(text_version) -> None:
    """Edits and decisions are made on the current revision's text only; say so in the reader's words."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not is_current(text_version):
        raise ValidationError(_("This text belongs to an older revision of the leaflet; open the current one."))


def review_due(reviewed_on: date, months: int) -> date:
    """When a leaflet reviewed on `reviewed_on` is next due: `months` later, on the
    same day of the month or the month's last day (reviewed 31 Jan + 1 month: 28/29 Feb)."""
    month_index = reviewed_on.month - 1 + months
    year, month = reviewed_on.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(reviewed_on.day, calendar.monthrange(year, month)[1]))


# Characters XML 1.0 cannot hold (C0 controls but tab and newline, U+FFFE, U+FFFF): text carrying one
# could never be exported as Word, XLIFF or TMX, nor sent to some model endpoints, so no text holds one.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def fits_in_documents(text: str) -> bool:
    """A leaflet's text may hold this: no character that XML (Word, XLIFF, TMX) cannot carry."""
    return NOT_IN_XML.search(text) is None


def refuse_unfit_for_documents(text: str) -> None:
    """Refuse text holding a character XML cannot carry, in the reader's words."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not fits_in_documents(text):
        raise ValidationError(
            _("The text contains a control character (such as a form feed); remove it and send the text again.")
        )
