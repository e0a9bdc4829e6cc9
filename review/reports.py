"""Problem reports: readers tell the leaflet's team what is wrong with a published leaflet.

A reader sends a short message from the patient page, without logging in. Before anything is
stored the PHI guard's detector reads the message and every identifier it finds (through the
zero-width and look-alike disguises the normalised view undoes) is replaced by a typed marker:
the message as typed is never stored, logged or audited. Readers are told not to write personal
details, but people describing their own care write them anyway.

Abuse is held off without keeping anyone's address: the sender's address is reduced to a keyed
hash (`client_hash`), and the limits count rows in the database, so they keep working when the
cache (Redis) is down. Settings, with their defaults:

- PROBLEM_REPORTS_PER_CLIENT (5) reports from one sender within
- PROBLEM_REPORTS_CLIENT_WINDOW_MINUTES (10) minutes, across all leaflets;
- PROBLEM_REPORTS_PER_LEAFLET_PER_HOUR (100) reports about one leaflet in the last hour, from anyone.

The team works through the reports in a queue: new -> acknowledged -> fixed (by a named later
revision) or dismissed (with a reason); every change is audited. A publisher can withdraw the
publication from a report at once.

Lock order: report -> publication -> audit head (submitting locks the publication, then the audit
head; withdrawing from a report locks the report, then publication_withdraw locks the publication).
Nothing here takes the leaflet lock, so publishing (leaflet -> ... -> publication) cannot cycle with it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from review import permissions
from review.audit import audit_record
from review.models import ProblemReport, Publication, PublicationText
from review.selectors import publication_is_sealed
from review.services import publication_withdraw
from translations.phi import detect
from translations.phi.normalise import visible
from workbench.models import Revision

MESSAGE_MIN_CHARS = 10
MESSAGE_MAX_CHARS = 2000
OPEN_STATES = (ProblemReport.State.NEW, ProblemReport.State.ACKNOWLEDGED)

# What replaces an identifier in a stored message. Stored text, read by staff in any interface
# language, so these are fixed words rather than gettext (a stored row cannot follow the reader's
# language); the staff pages explain them.
MASK_MARKERS = {
    "nric": "[NRIC removed]",
    "nric_suspect": "[NRIC removed]",
    "nric_partial": "[NRIC removed]",
    "phone": "[phone removed]",
    "email": "[e-mail removed]",
    "address": "[address removed]",
    "dob": "[date of birth removed]",
    "mrn": "[record number removed]",
}
# A message is masked again until the detector finds nothing: when two findings overlap, the
# detector keeps the longer and drops the other, whose part outside the kept span would otherwise
# survive the first pass. Each pass only shortens what is left, so a few passes always suffice.
_MASK_PASSES = 5


class ReportNotAccepted(ValidationError):
    """Base of the refusals a submission can meet; the view answers each with its own page."""


class NotLive(ReportNotAccepted):
    """No live publication of that leaflet holds that language: there is nothing to report on."""


class RateLimited(ReportNotAccepted):
    """Too many reports from this sender, or about this leaflet, just now."""


class LooksAutomated(ReportNotAccepted):
    """The hidden field that people never see was filled in."""


# --- Reading the live text -----------------------------------------------------------------------
def live_text(*, leaflet_id: int, language: str) -> PublicationText | None:
    """The text of `language` in the leaflet's live publication, if patients can see it now.

    The same rule as the patient page (workbench.views.public_leaflet): live, holding the
    language, and the publication the keyed audit trail records. A report is about what a
    reader saw, and they can have seen nothing else.
    """
    publication = (
        Publication.objects.filter(leaflet_id=leaflet_id, state=Publication.State.LIVE)
        .select_related("revision")
        .first()
    )
    if publication is None:
        return None
    texts = list(publication.texts.all())
    text = next((t for t in texts if t.language_id == language), None)
    if text is None or not publication_is_sealed(publication=publication, texts=texts):
        return None
    text.publication = publication
    return text


# --- Masking -------------------------------------------------------------------------------------
def mask_identifiers(message: str) -> tuple[str, dict[str, int]]:
    """`message` with every identifier replaced by its marker, and how many of each type were masked.

    The detector's spans cover the original characters of an identifier, invisible ones inside it
    included, so replacing them removes the identifier in every disguise it was written in.
    """
    masked: Counter[str] = Counter()
    text = message
    for _pass in range(_MASK_PASSES):
        spans = detect(text)
        if not spans:
            break
        pieces = []
        last = 0
        for span in spans:
            pieces += [text[last : span.start], MASK_MARKERS.get(span.type, "[personal detail removed]")]
            masked[span.type] += 1
            last = span.end
        pieces.append(text[last:])
        text = "".join(pieces)
    else:
        if detect(text):
            # Cannot happen with the detector as it is (each pass shortens the text); refuse rather
            # than store a message that still holds an identifier.
            raise ValidationError(_("Your message could not be sent. Please leave out personal details."))
    return text, dict(masked)


# --- Rate limits ---------------------------------------------------------------------------------
def client_hash(client_address: str) -> str:
    """A keyed hash of the sender's address: equal for the same address, useless without the secret key."""
    return salted_hmac("review.reports.client", client_address or "", algorithm="sha256").hexdigest()


def _limits() -> tuple[int, int, int]:
    return (
        int(getattr(settings, "PROBLEM_REPORTS_PER_CLIENT", 5)),
        int(getattr(settings, "PROBLEM_REPORTS_CLIENT_WINDOW_MINUTES", 10)),
        int(getattr(settings, "PROBLEM_REPORTS_PER_LEAFLET_PER_HOUR", 100)),
    )


def _refuse_if_over_limits(*, leaflet_id: int, sender: str) -> None:
    per_client, window_minutes, per_leaflet = _limits()
    now = timezone.now()
    recent = ProblemReport.objects.filter(client_hash=sender, created_at__gt=now - timedelta(minutes=window_minutes))
    if recent.count() >= per_client:
        raise RateLimited(_("You have sent several reports in the last few minutes."), code="rate_limited")
    about_leaflet = ProblemReport.objects.filter(leaflet_id=leaflet_id, created_at__gt=now - timedelta(hours=1))
    if about_leaflet.count() >= per_leaflet:
        raise RateLimited(_("This leaflet has received many reports in the last hour."), code="rate_limited")


# --- Submitting ----------------------------------------------------------------------------------
def _clean_message(message: str) -> str:
    text = (message or "").strip()
    # Counted without invisible characters: twenty zero-width spaces are not a message.
    length = len(visible(text).strip())
    if length < MESSAGE_MIN_CHARS:
        raise ValidationError(
            _("Please write at least %(n)d characters, so that we can understand the problem.")
            % {"n": MESSAGE_MIN_CHARS},
            code="too_short",
        )
    if len(text) > MESSAGE_MAX_CHARS:
        raise ValidationError(
            _("Please keep your message under %(n)d characters.") % {"n": MESSAGE_MAX_CHARS}, code="too_long"
        )
    return text


@transaction.atomic
def problem_report_submit(
    *,
    leaflet_id: int,
    language: str,
    category: str,
    message: str,
    client_address: str,
    honeypot: str = "",
) -> ProblemReport:
    """Store a reader's report about the live text of `language`, its identifiers masked.

    Refuses (ReportNotAccepted subclasses, which are ValidationErrors) a filled hidden field, a
    leaflet or language that is not live, and a sender or leaflet over the limits; a plain
    ValidationError for a missing category or a message too short or too long.
    """
    if honeypot:
        raise LooksAutomated(_("Your report could not be sent."), code="automated")
    live = live_text(leaflet_id=leaflet_id, language=language)
    if live is None:
        raise NotLive(_("This leaflet is not published in this language now."), code="not_live")
    if category not in ProblemReport.Category.values:
        raise ValidationError(_("Please choose what kind of problem it is."), code="category")
    text = _clean_message(message)
    # Holding the live publication's row serialises reports about one leaflet, so the per-leaflet
    # count cannot be overtaken by a burst, and a withdrawal either waits for this report or makes
    # it refuse. (The per-sender count spans leaflets and is not serialised: a sender racing
    # several leaflets at once can exceed it by a few, which the per-leaflet cap still bounds.)
    publication = Publication.objects.select_for_update(no_key=True).get(pk=live.publication.pk)
    if publication.state != Publication.State.LIVE:
        raise NotLive(_("This leaflet is not published in this language now."), code="not_live")
    sender = client_hash(client_address)
    _refuse_if_over_limits(leaflet_id=leaflet_id, sender=sender)
    masked_text, masked_counts = mask_identifiers(text)
    report = ProblemReport.objects.create(
        leaflet_id=leaflet_id,
        publication=publication,
        language_id=language,
        revision_number=live.publication.revision.number,
        category=category,
        message=masked_text,
        client_hash=sender,
    )
    audit_record(
        actor=None,
        verb="problem_report.received",
        leaflet=publication.leaflet,
        obj=report,
        data={
            "category": category,
            "language": language,
            "publication": publication.pk,
            "revision": report.revision_number,
            # What was removed, by type only: never the identifiers or the message.
            "masked": masked_counts,
        },
    )
    return report


# --- Handling ------------------------------------------------------------------------------------
def _locked(report: ProblemReport) -> ProblemReport:
    # The report row only ("self"): on PostgreSQL a join would lock the leaflet too, and hold up its editors.
    return (
        ProblemReport.objects.select_for_update(no_key=True, of=("self",)).select_related("leaflet").get(pk=report.pk)
    )


def _lock_open(report: ProblemReport, user) -> ProblemReport:
    locked = _locked(report)
    if not permissions.can_handle_report(user, locked):
        raise PermissionDenied
    if locked.state not in OPEN_STATES:
        raise ValidationError(
            _("This report is already closed (%(state)s).") % {"state": locked.get_state_display()}, code="closed"
        )
    return locked


def _change_state(locked: ProblemReport, user, state: str, **fields) -> ProblemReport:
    changed = {"state": state, "state_changed_by": user, "state_changed_at": timezone.now(), **fields}
    ProblemReport.objects.filter(pk=locked.pk).update(**changed)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def problem_report_acknowledge(*, report: ProblemReport, user) -> ProblemReport:
    """Tell the team someone is looking at it: new -> acknowledged."""
    locked = _lock_open(report, user)
    if locked.state == ProblemReport.State.ACKNOWLEDGED:
        raise ValidationError(_("This report is already acknowledged."), code="acknowledged")
    locked = _change_state(locked, user, ProblemReport.State.ACKNOWLEDGED)
    audit_record(actor=user, verb="problem_report.acknowledged", leaflet=locked.leaflet, obj=locked)
    return locked


@transaction.atomic
def problem_report_mark_fixed(*, report: ProblemReport, user, revision_number: int) -> ProblemReport:
    """Close the report as fixed by `revision_number`, a revision of its leaflet newer than the one reported."""
    locked = _lock_open(report, user)
    if revision_number <= locked.revision_number:
        raise ValidationError(
            _("The fix must be a revision newer than revision %(n)d, which the reader saw.")
            % {"n": locked.revision_number},
            code="old_revision",
        )
    if not Revision.objects.filter(leaflet_id=locked.leaflet_id, number=revision_number).exists():
        raise ValidationError(
            _("This leaflet has no revision %(n)d.") % {"n": revision_number}, code="unknown_revision"
        )
    locked = _change_state(locked, user, ProblemReport.State.FIXED, fixed_in_revision=revision_number)
    audit_record(
        actor=user,
        verb="problem_report.fixed",
        leaflet=locked.leaflet,
        obj=locked,
        data={"revision": revision_number, "reported_revision": locked.revision_number},
    )
    return locked


@transaction.atomic
def problem_report_dismiss(*, report: ProblemReport, user, reason: str) -> ProblemReport:
    """Close the report without a change; the reason is kept with it and in the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the report is dismissed."), code="reason")
    locked = _lock_open(report, user)
    locked = _change_state(locked, user, ProblemReport.State.DISMISSED, dismissal_reason=reason)
    audit_record(
        actor=user, verb="problem_report.dismissed", leaflet=locked.leaflet, obj=locked, data={"reason": reason}
    )
    return locked


@transaction.atomic
def problem_report_withdraw_publication(*, report: ProblemReport, user, reason: str) -> Publication:
    """Withdraw the publication a report is about, at once (publishers only).

    The withdrawal itself is publication_withdraw's, audited there as always; this records which
    report led to it. A new report counts as acknowledged from then on: someone has acted on it.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the publication is withdrawn."), code="reason")
    locked = _locked(report)
    if not permissions.can_publish(user, locked.leaflet):
        raise PermissionDenied
    publication = Publication.objects.select_related("leaflet", "revision").get(pk=locked.publication_id)
    if publication.state != Publication.State.LIVE:
        raise ValidationError(
            _("The publication this report is about is no longer live: patients do not see it now."),
            code="not_live",
        )
    withdrawn = publication_withdraw(publication=publication, user=user, reason=reason)
    if locked.state == ProblemReport.State.NEW:
        locked = _change_state(locked, user, ProblemReport.State.ACKNOWLEDGED)
    audit_record(
        actor=user,
        verb="problem_report.publication_withdrawn",
        leaflet=locked.leaflet,
        obj=locked,
        data={
            "publication": withdrawn.pk,
            "revision": withdrawn.revision.number,
            "reason": reason,
            "state": locked.state,
        },
    )
    return withdrawn


# --- The queue -----------------------------------------------------------------------------------
def problem_reports_for(user, *, state: str | None = None) -> QuerySet[ProblemReport]:
    """The reports `user` may see, newest first, with what a list row shows (one query per page).

    `state`: one of ProblemReport.State, "open" (new or acknowledged), or None for all.
    """
    reports = ProblemReport.objects.filter(leaflet__in=permissions.report_leaflets(user)).select_related(
        "leaflet__source_language", "language", "state_changed_by"
    )
    if state == "open":
        reports = reports.filter(state__in=OPEN_STATES)
    elif state:
        reports = reports.filter(state=state)
    return reports.order_by("-created_at", "-id")


@dataclass(frozen=True)
class OpenReportCounts:
    new: int
    acknowledged: int

    @property
    def total(self) -> int:
        return self.new + self.acknowledged


def open_report_counts(user) -> OpenReportCounts:
    """How many reports `user` sees are still open, by state: one query."""
    rows = dict(
        ProblemReport.objects.filter(leaflet__in=permissions.report_leaflets(user), state__in=OPEN_STATES)
        .order_by()
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return OpenReportCounts(
        new=rows.get(ProblemReport.State.NEW, 0), acknowledged=rows.get(ProblemReport.State.ACKNOWLEDGED, 0)
    )
