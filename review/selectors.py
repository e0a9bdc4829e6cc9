"""Reads for review and publishing: the gate, decisions, queues, QA errors, the patient page's seal.

Every function here takes many objects at once and runs a fixed number of
queries however many leaflets, texts or decisions there are (HackSoft's
"selectors take care of the pull"); the single-object forms are the bulk ones
called with one object, so there is one definition of each condition. The
conditions themselves come from review/rules.py.
"""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from review import permissions, rules
from review.audit import sealed_events
from review.models import Approval, FindingOverride, Publication, PublicationText, Stage
from translations.models import Finding, Job, Route, TargetSegment, TextVersion, TranslationClaim
from translations.providers import route
from workbench.languages import language_name
from workbench.models import Leaflet, LeafletLanguage

log = logging.getLogger(__name__)


# --- Decisions ------------------------------------------------------------------------------
_SEALING_VERB: dict[str, str] = {
    Approval.Decision.APPROVED: "text.approved",
    Approval.Decision.REQUEST_WITHDRAWN: "text.change_request_withdrawn",
}


def _is_sealed_by(event, d: Approval) -> bool:
    return bool(
        event is not None
        and event.verb == _SEALING_VERB.get(d.decision)
        and event.actor_id == d.reviewer_id
        and event.data.get("stage") == d.stage
        and event.data.get("generation", 0) == d.generation
        and (
            d.decision != Approval.Decision.APPROVED
            or (
                event.data.get("content_hash") == d.content_hash and event.data.get("text_version") == d.text_version_id
            )
        )
        and (d.decision != Approval.Decision.REQUEST_WITHDRAWN or event.data.get("request") == d.withdraws_id)
    )


def decisions_for(text_version_ids) -> dict[int, list[Approval]]:
    """Every decision on each text, newest first, each marked `sealed` when the keyed audit trail records it.

    An approval or a withdrawal counts only when its audit event, sealed with
    the audit key held outside the database, names exactly this decision: a
    row inserted by hand by someone with database access passes every trigger
    (real reviewer, current hash) but has no such event, so it opens nothing.
    A change request needs no seal: a forged one can only block.
    """
    decisions = list(
        Approval.objects.filter(text_version_id__in=list(text_version_ids)).select_related("reviewer").order_by("-id")
    )
    events = {}
    for decision_kind, verb in _SEALING_VERB.items():
        events.update(
            sealed_events(
                verb=verb,
                object_type="review.approval",
                object_ids=[d.pk for d in decisions if d.decision == decision_kind],
            )
        )
    by_text: dict[int, list[Approval]] = defaultdict(list)
    for d in decisions:
        d.sealed = _is_sealed_by(events.get(str(d.pk)), d)
        by_text[d.text_version_id].append(d)
    return by_text


def untranslated_count() -> Coalesce:
    """For annotating text versions: how many of the text's segments are untranslated (rules.untranslated),
    read in the texts' own query. One home for the gate, the queues and the API's text lists."""
    per_text = (
        TargetSegment.objects.filter(rules.untranslated(), text_version=OuterRef("pk"))
        .order_by()
        .values("text_version")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(per_text), 0)


def job_running_exists() -> Exists:
    """For annotating text versions: whether a job is working on the text (rules.job_active)."""
    return Exists(Job.objects.filter(rules.job_active(), text_version=OuterRef("pk")))


def decisions_of(text_version: TextVersion) -> list[Approval]:
    return decisions_for([text_version.pk]).get(text_version.pk, [])


def approval_counts(approval: Approval, text_version: TextVersion) -> bool:
    """The one definition of an approval that still stands: given to exactly this content at this
    edit generation, and recorded in the keyed audit trail (see `decisions_for`)."""
    return (
        approval.decision == Approval.Decision.APPROVED
        and bool(text_version.content_hash)
        and approval.content_hash == text_version.content_hash
        and approval.generation == text_version.edit_generation
        and approval.sealed
    )


def open_change_requests(decisions: list[Approval], text_version: TextVersion) -> list[Approval]:
    """Change requests on the current edit that their requester has not withdrawn, newest first.

    A change request blocks the text until the text changes (a new edit
    generation) or the reviewer who made it withdraws it.
    """
    withdrawn = {d.withdraws_id for d in decisions if d.decision == Approval.Decision.REQUEST_WITHDRAWN and d.sealed}
    return sorted(
        (
            d
            for d in decisions
            if d.decision == Approval.Decision.CHANGES_REQUESTED
            and d.generation == text_version.edit_generation
            and d.pk not in withdrawn
        ),
        key=lambda d: d.pk,
        reverse=True,
    )


@dataclass(frozen=True)
class MarkedDecision:
    """A decision of a text with what it means for the text as it is now."""

    approval: Approval
    counts_for_current: bool  # it still counts (an approval) or blocks (an open request) the current text
    is_open_request: bool


def decisions_marked(text_version: TextVersion, decisions: list[Approval] | None = None) -> list[MarkedDecision]:
    """The text's decisions, newest first, each marked: the one home of "does this decision still count",
    for the review screen and the API. `decisions` when the caller already read them (the gate does)."""
    decisions = decisions_of(text_version) if decisions is None else decisions
    open_requests = {d.pk for d in open_change_requests(decisions, text_version)}
    return [
        MarkedDecision(
            approval=decision,
            counts_for_current=(
                approval_counts(decision, text_version)
                or decision.pk in open_requests
                or (
                    decision.decision == Approval.Decision.REQUEST_WITHDRAWN
                    and decision.generation == text_version.edit_generation
                )
            ),
            is_open_request=decision.pk in open_requests,
        )
        for decision in decisions
    ]


def is_decided(decisions: list[Approval], text_version: TextVersion, stage: str) -> bool:
    """Someone already decided this stage of this exact text (an approval that stands, or an open request)."""
    open_requests = open_change_requests(decisions, text_version)
    return any(d.stage == stage and (approval_counts(d, text_version) or d in open_requests) for d in decisions)


# --- Facts about texts, in bulk ---------------------------------------------------------------
def texts_with_active_jobs(text_version_ids) -> set[int]:
    return set(
        Job.objects.filter(rules.job_active(), text_version_id__in=list(text_version_ids)).values_list(
            "text_version_id", flat=True
        )
    )


def job_running(text_version: TextVersion) -> bool:
    """QA findings and back-translations are written when a job ends: until then the text is unchecked."""
    return bool(texts_with_active_jobs([text_version.pk]))


def unresolved_errors_for(text_versions) -> dict[int, list[Finding]]:
    """QA errors on each text's current content that nobody has overridden with a reason."""
    text_versions = list(text_versions)
    errors = list(
        Finding.objects.filter(
            rules.current_finding(),
            severity=Finding.Severity.ERROR,
            text_version_id__in=[tv.pk for tv in text_versions],
        ).order_by("id")
    )
    roots = {f.origin_id or f.pk for f in errors}
    overridden = set(FindingOverride.objects.filter(finding_id__in=roots).values_list("finding_id", flat=True))
    by_text: dict[int, list[Finding]] = defaultdict(list)
    for finding in errors:
        if (finding.origin_id or finding.pk) not in overridden:
            by_text[finding.text_version_id].append(finding)
    return by_text


def unresolved_errors(text_version: TextVersion) -> list[Finding]:
    return unresolved_errors_for([text_version]).get(text_version.pk, [])


# --- The gate -----------------------------------------------------------------------------
@dataclass
class StageCell:
    stage: str
    approval: Approval | None = None  # the approval that counts, if any
    latest: Approval | None = None  # the newest open change request in this stage, if any
    stale_approvals: int = 0  # approvals given to an earlier edit of the text
    unsealed: int = 0  # approval rows the keyed audit trail does not record: never counted
    # The cell in plain words ("waiting for a Tamil clinician") and the badge tone that goes with them.
    words: str = ""
    tone: str = "neutral"

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.latest is None


@dataclass
class LanguageRow:
    language: str
    text_version: TextVersion | None
    cells: dict[str, StageCell] = field(default_factory=dict)
    untranslated: int = 0
    unresolved_errors: int = 0
    open_requests: list[Approval] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # The text's state in plain words ("1 changed segment: translate again"), from `text_status`.
    status: str = ""
    status_tone: str = "neutral"
    # The job working on the text, if any: a page showing the row follows it (live_status.js).
    active_job_id: int | None = None

    @property
    def ready(self) -> bool:
        return not self.reasons


@dataclass
class GateStatus:
    leaflet: Leaflet
    rows: list[LanguageRow]
    # Every decision on the current revision's texts, as `decisions_for` gives them (by text version id):
    # a page that shows the gate and a text's decision history reads them once.
    decisions: dict[int, list[Approval]] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return bool(self.rows) and all(row.ready for row in self.rows)

    @property
    def reasons(self) -> list[str]:
        return [reason for row in self.rows for reason in row.reasons]


def stage_cell(text_version: TextVersion, stage: str, decisions: list[Approval]) -> StageCell:
    cell = StageCell(stage=stage)
    mine = [d for d in decisions if d.stage == stage]
    counting = [d for d in mine if approval_counts(d, text_version)]
    cell.approval = counting[0] if counting else None
    cell.stale_approvals = sum(
        1 for d in mine if d.decision == Approval.Decision.APPROVED and d not in counting and d.sealed
    )
    cell.unsealed = sum(1 for d in mine if d.decision == Approval.Decision.APPROVED and not d.sealed)
    requests = open_change_requests(mine, text_version)
    cell.latest = requests[0] if requests else None
    return cell


def _language_row(
    text_version: TextVersion | None, code: str, *, decisions: list[Approval], untranslated: int, job_active: bool
) -> LanguageRow:
    row = LanguageRow(language=code, text_version=text_version)
    name = language_name(code)
    if text_version is None:
        row.reasons.append(_("%(lang)s: there is no text for the current revision.") % {"lang": name})
        return row
    for stage in Stage.values:
        row.cells[stage] = stage_cell(text_version, stage, decisions)
        row.cells[stage].words, row.cells[stage].tone = stage_words(code, row.cells[stage])
    row.open_requests = open_change_requests(decisions, text_version)
    row.untranslated = untranslated
    if row.untranslated:
        row.reasons.append(
            ngettext(
                "%(lang)s: %(n)d segment not translated yet.",
                "%(lang)s: %(n)d segments not translated yet.",
                row.untranslated,
            )
            % {"lang": name, "n": row.untranslated}
        )
    if not text_version.content_hash:
        row.reasons.append(
            _("%(lang)s: the text was changed outside the workbench and must be re-checked.") % {"lang": name}
        )
    if job_active:
        row.reasons.append(_("%(lang)s: a translation job is still running.") % {"lang": name})
    for stage, cell in row.cells.items():
        if cell.approved:
            continue
        label = Stage(stage).label
        if cell.latest is not None:
            row.reasons.append(_("%(lang)s: %(stage)s requested changes.") % {"lang": name, "stage": label})
        elif cell.stale_approvals:
            row.reasons.append(
                _("%(lang)s: %(stage)s approved an earlier version of the text; it changed since.")
                % {"lang": name, "stage": label}
            )
        else:
            row.reasons.append(_("%(lang)s: awaiting %(stage)s.") % {"lang": name, "stage": label})
    if any(cell.unsealed for cell in row.cells.values()):
        # Someone wrote decision rows around the services: say so, loudly.
        log.error("text version %s has approval rows that the audit trail does not record", text_version.pk)
        row.reasons.append(
            _(
                "%(lang)s: an approval in the database is not recorded in the audit trail and does not "
                "count; tell your administrator."
            )
            % {"lang": name}
        )
    native, clinical = row.cells[Stage.NATIVE].approval, row.cells[Stage.CLINICAL].approval
    if native and clinical and native.reviewer_id == clinical.reviewer_id:
        row.reasons.append(_("%(lang)s: both approvals are by the same person.") % {"lang": name})
    return row


def gate_evaluate_many(*, leaflets) -> dict[int, GateStatus]:
    """The gate of many leaflets in a fixed number of queries (about six, whatever their number)."""
    leaflets = list(leaflets)
    revision_ids = [leaflet.current_revision_id for leaflet in leaflets if leaflet.current_revision_id]
    # With each text, its untranslated segments and whether a job is active (rules.untranslated,
    # rules.job_active): the same conditions as everywhere, read in the texts' own query.
    versions = list(
        TextVersion.objects.filter(revision_id__in=revision_ids).annotate(
            untranslated_segments=untranslated_count(),
            has_active_job=job_running_exists(),
            had_translation_job=Exists(Job.objects.filter(kind=Job.Kind.TRANSLATE, text_version=OuterRef("pk"))),
            active_job_id=Subquery(
                Job.objects.filter(rules.job_active(), text_version=OuterRef("pk")).order_by("-pk").values("pk")[:1]
            ),
        )
    )
    untranslated_in = {version.pk: version.untranslated_segments for version in versions}
    active = {version.pk for version in versions if version.has_active_job}
    active_job_of = {version.pk: version.active_job_id for version in versions}
    translated_by_job = {version.pk for version in versions if version.had_translation_job}
    by_revision: dict[int, dict[str, TextVersion]] = defaultdict(dict)
    for version in versions:
        by_revision[version.revision_id][version.language_id] = version
    required: dict[int, list[str]] = defaultdict(list)
    for leaflet_id, code in (
        LeafletLanguage.objects.filter(leaflet_id__in=[leaflet.pk for leaflet in leaflets])
        .order_by("language_id")
        .values_list("leaflet_id", "language_id")
    ):
        required[leaflet_id].append(code)
    decisions = decisions_for([tv.pk for tv in versions])
    statuses = {}
    for leaflet in leaflets:
        texts = by_revision.get(leaflet.current_revision_id, {})
        rows = []
        for code in required[leaflet.pk]:
            tv = texts.get(code)
            rows.append(
                _language_row(
                    tv,
                    code,
                    decisions=decisions.get(tv.pk, []) if tv else [],
                    untranslated=untranslated_in.get(tv.pk, 0) if tv else 0,
                    job_active=bool(tv and tv.pk in active),
                )
            )
        statuses[leaflet.pk] = GateStatus(
            leaflet=leaflet, rows=rows, decisions={tv.pk: decisions.get(tv.pk, []) for tv in texts.values()}
        )
    # Asked only where a text waits for translation (most pages show none): a model for its language?
    waiting = {row.language for gate in statuses.values() for row in gate.rows if row.untranslated}
    with_model = {code for code in waiting if route(kind=Route.Kind.TRANSLATE, language=code)}
    for gate in statuses.values():
        for row in gate.rows:
            row.active_job_id = active_job_of.get(row.text_version.pk) if row.text_version else None
            row.status, row.status_tone = text_status(
                row,
                model_configured=row.language in with_model,
                job_active=bool(row.text_version and row.text_version.pk in active),
                translated_by_job=bool(row.text_version and row.text_version.pk in translated_by_job),
            )
    return statuses


# --- States in plain words ---------------------------------------------------------------------
# Whole phrases per language, not "waiting for a %(language)s clinician": the language's name
# changes form inside a sentence in Malay and Tamil, and translators need the whole phrase.
_WAITING_FOR = {
    ("en", "native"): gettext_lazy("waiting for an English native speaker"),
    ("en", "clinical"): gettext_lazy("waiting for an English-speaking clinician"),
    ("zh", "native"): gettext_lazy("waiting for a Chinese native speaker"),
    ("zh", "clinical"): gettext_lazy("waiting for a Chinese-speaking clinician"),
    ("zh", "translator"): gettext_lazy("waiting for a Chinese translator"),
    ("ms", "native"): gettext_lazy("waiting for a Malay native speaker"),
    ("ms", "clinical"): gettext_lazy("waiting for a Malay-speaking clinician"),
    ("ms", "translator"): gettext_lazy("waiting for a Malay translator"),
    ("ta", "native"): gettext_lazy("waiting for a Tamil native speaker"),
    ("ta", "clinical"): gettext_lazy("waiting for a Tamil clinician"),
    ("ta", "translator"): gettext_lazy("waiting for a Tamil translator"),
}
_WAITING_FOR_ANYONE = {
    "native": gettext_lazy("waiting for a native-speaker reviewer"),
    "clinical": gettext_lazy("waiting for a clinician"),
    "translator": gettext_lazy("waiting for a translator"),
}


def waiting_for(language: str, who: str) -> str:
    """Whom a text waits for, in plain words: who is "native", "clinical" (the review stages) or "translator"."""
    return str(_WAITING_FOR.get((language, who)) or _WAITING_FOR_ANYONE[who])


def stage_words(language: str, cell: StageCell) -> tuple[str, str]:
    """One review stage of one language in plain words, with its badge tone (the lists' pills)."""
    native = cell.stage == Stage.NATIVE
    if cell.approved:
        return (_("approved by the native speaker") if native else _("approved by the clinician")), "ok"
    if cell.latest is not None:
        return (_("the native speaker asked for changes") if native else _("the clinician asked for changes")), "bad"
    if cell.stale_approvals:
        # An approval of an earlier text: the same people are asked again.
        return waiting_for(language, cell.stage), "warn"
    return waiting_for(language, cell.stage), "neutral"


def text_status(
    row: LanguageRow, *, model_configured: bool, job_active: bool, translated_by_job: bool
) -> tuple[str, str]:
    """The one home of a text's state in words, with its badge tone.

    The stored state says "needs human translation" whenever a text is partly
    empty, which after a one-segment source edit is the changed segment: with
    a model for the language, that is a segment to translate again, and only
    a segment a model job already left empty (or a language without a model)
    waits for a translator.
    """
    tv = row.text_version
    if tv is None:
        return _("no text"), "bad"
    if job_active:
        return _("translating now"), "info"
    if tv.state == TextVersion.State.AWAITING_RECONCILIATION:
        return _("translated twice: waiting for a translator to reconcile the two versions"), "warn"
    n = row.untranslated
    if n:
        if not model_configured:
            return (
                ngettext(
                    "%(n)d segment to translate: %(waiting)s",
                    "%(n)d segments to translate: %(waiting)s",
                    n,
                )
                % {"n": n, "waiting": waiting_for(row.language, "translator")}
            ), "warn"
        if tv.state == TextVersion.State.AWAITING_TRANSLATION:
            return str(TextVersion.State.AWAITING_TRANSLATION.label), "warn"
        if translated_by_job:
            return (
                ngettext(
                    "%(n)d segment the model left untranslated: translate again or ask a translator",
                    "%(n)d segments the model left untranslated: translate again or ask a translator",
                    n,
                )
                % {"n": n}
            ), "warn"
        return (
            ngettext(
                "%(n)d changed segment: translate again",
                "%(n)d changed segments: translate again",
                n,
            )
            % {"n": n}
        ), "warn"
    if row.open_requests:
        return _("changes requested"), "bad"
    if row.ready:
        return _("ready to publish"), "ok"
    return _("translated"), "ok"


def gate_evaluate(*, leaflet: Leaflet) -> GateStatus:
    return gate_evaluate_many(leaflets=[leaflet])[leaflet.pk]


# --- Queues ---------------------------------------------------------------------------------
def _undecided_in_sql(stage: str) -> Q:
    """On TextVersion: no approval at its current hash and generation in this stage, and no open change
    request. A prefilter only: `is_decided` (seals included) has the last word on what it lets through."""
    approved = Approval.objects.filter(
        text_version=OuterRef("pk"),
        stage=stage,
        decision=Approval.Decision.APPROVED,
        content_hash=OuterRef("content_hash"),
        generation=OuterRef("edit_generation"),
    )
    withdrawn = Approval.objects.filter(withdraws=OuterRef("pk"), decision=Approval.Decision.REQUEST_WITHDRAWN)
    open_request = Approval.objects.filter(
        text_version=OuterRef("pk"),
        stage=stage,
        decision=Approval.Decision.CHANGES_REQUESTED,
        generation=OuterRef("edit_generation"),
    ).filter(~Exists(withdrawn))
    return ~Exists(approved) & ~Exists(open_request)


# The queue walks each reviewer's texts oldest first in chunks of this many (doubling), so a page costs
# about as much as the texts it looks at before it has `limit` of them, not as much as the whole library.
QUEUE_CHUNK = 500


def review_queue(*, user, limit: int = 100) -> list[tuple[TextVersion, str]]:
    """What awaits this reviewer, oldest first: current texts in their languages, every segment in, no job
    running, and a stage of theirs without a decision. At most `limit` entries.

    The texts of the reviewer's languages are walked in (updated_at, id) order, a chunk at a time, along an
    index (review migration 0006); the database filters each chunk and the walk stops once `limit` texts
    qualify. Whether a text is current (`rules.current_text`) is read as a column, not filtered on: as a
    filter it makes PostgreSQL expect one row of the leaflet/revision join instead of one per leaflet, and
    it then joins and sorts every current text of the language (70-90 ms at 10,000 leaflets) to keep 100.
    """
    stages = permissions.review_stages(user)
    if not stages:
        return []
    waiting_somewhere = Q()
    for code, mine in stages.items():
        undecided = Q()
        for stage in mine:
            undecided |= _undecided_in_sql(stage)
        waiting_somewhere |= Q(language_id=code) & undecided
    ordered = (
        TextVersion.objects.filter(language_id__in=list(stages))
        .order_by("updated_at", "id")
        .values_list("id", flat=True)
    )
    waiting = (
        TextVersion.objects.filter(waiting_somewhere)
        .exclude(content_hash="")
        .exclude(Exists(TargetSegment.objects.filter(rules.untranslated(), text_version=OuterRef("pk"))))
        .exclude(job_running_exists())
        .annotate(is_current=ExpressionWrapper(rules.current_text(), output_field=BooleanField()))
        .select_related("revision__leaflet")
        .order_by(F("is_current").desc(nulls_last=True), "updated_at", "id")  # the current ones first: kept
    )
    candidates: list[TextVersion] = []
    start, size = 0, max(QUEUE_CHUNK, limit)
    while len(candidates) < limit:
        # The chunk's ids first, as a list: a plain restriction on the texts, so the planner knows it
        # filters `size` rows (as a subquery it was one join more to order, and it sometimes hashed
        # every text of the language instead).
        ids = list(ordered[start : start + size])
        if ids:
            candidates += [tv for tv in waiting.filter(pk__in=ids)[: limit - len(candidates)] if tv.is_current]
        if len(ids) < size:
            break
        start, size = start + size, size * 2
    candidates = candidates[:limit]
    decisions = decisions_for([tv.pk for tv in candidates])
    queue = []
    for tv in candidates:
        for stage in sorted(stages[tv.language_id]):
            if not is_decided(decisions.get(tv.pk, []), tv, stage):
                queue.append((tv, stage))
    return queue[:limit]


# --- The patient page ---------------------------------------------------------------------
def body_digest(body: list[dict]) -> str:
    return hashlib.sha256(
        json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ).hexdigest()


def _vouched_for(event, publication: Publication, texts: list[PublicationText]) -> bool:
    """Does this sealed leaflet.published event record exactly this publication and these texts?

    The database triggers check every row as it is written, but someone with
    database access could still write rows that pass them (a hand-made body
    for an approved text, say). What they cannot make is the publication's
    audit event sealed with the key held outside the database; patients are
    shown nothing that event does not vouch for.
    """
    if event is None or event.actor_id != publication.published_by_id:
        return False
    data = event.data
    if data.get("texts") != {t.language_id: t.content_hash for t in texts}:
        return False
    # Publications from before generations and body digests were recorded
    # carry neither; everything they do record must still match.
    if "generations" in data and data["generations"] != {t.language_id: t.edit_generation for t in texts}:
        return False
    if "bodies" in data and data["bodies"] != {t.language_id: body_digest(t.body) for t in texts}:
        return False
    return True


def _published_events(publications: list[Publication]) -> dict:
    return sealed_events(
        verb="leaflet.published", object_type="review.publication", object_ids=[p.pk for p in publications]
    )


def publications_sealed(*, publications: list[Publication]) -> set[int]:
    """The ids of the publications the keyed audit trail vouches for: two queries however many
    (prefetch their texts: each is read through `publication.texts.all()`)."""
    events = _published_events(publications)
    return {p.pk for p in publications if _vouched_for(events.get(str(p.pk)), p, list(p.texts.all()))}


def publication_is_sealed(*, publication: Publication, texts: list[PublicationText]) -> bool:
    """Is this publication the one the keyed audit trail records, with exactly these texts?"""
    return _vouched_for(_published_events([publication]).get(str(publication.pk)), publication, texts)


def withdrawn_publication_of(*, leaflet: Leaflet, revision_id: int | None) -> Publication | None:
    """The latest publication of this revision that was withdrawn (publishing it again needs a confirmation)."""
    if revision_id is None:
        return None
    return (
        Publication.objects.filter(leaflet=leaflet, revision_id=revision_id, state=Publication.State.WITHDRAWN)
        .order_by("-withdrawn_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class LanguageTrust:
    """What the patient page says about how one published language was made and checked."""

    reviewed_at: datetime  # the later of the two approvals: when both had checked this text
    native_reviewer: str
    clinical_reviewer: str
    # Any of the text drafted or translated by a model (before people edited and approved it).
    ai_assisted: bool


def publication_trust(*, publication: Publication, texts: list[PublicationText]) -> dict[str, LanguageTrust]:
    """Per language of a publication: when it was reviewed, by whom, and whether a model helped. Three queries.

    AI involvement errs towards saying so: a target segment a model wrote
    (even if a person rewrote it afterwards, `model_name` stays), and, for every
    language, a source drafted by a model in any revision up to the published
    one, since every translation carries the drafted meaning.
    """
    approval_ids = [pk for t in texts for pk in (t.native_approval_id, t.clinical_approval_id)]
    approvals = {a.pk: a for a in Approval.objects.filter(pk__in=approval_ids).select_related("reviewer")}
    drafted = publication.leaflet.revisions.filter(
        number__lte=publication.revision.number, drafted_by_model__gt=""
    ).exists()
    model_written = set(
        TargetSegment.objects.filter(text_version__in=[t.text_version_id for t in texts])
        .filter(Q(origin=TargetSegment.Origin.MODEL) | Q(model_name__gt=""))
        .values_list("text_version_id", flat=True)
        .distinct()
    )
    trust = {}
    for text in texts:
        native, clinical = approvals[text.native_approval_id], approvals[text.clinical_approval_id]
        trust[text.language_id] = LanguageTrust(
            reviewed_at=max(native.created_at, clinical.created_at),
            native_reviewer=native.reviewer.get_full_name() or native.reviewer.get_username(),
            clinical_reviewer=clinical.reviewer.get_full_name() or clinical.reviewer.get_username(),
            ai_assisted=drafted or text.text_version_id in model_written,
        )
    return trust


@dataclass(frozen=True)
class DueReview:
    leaflet: Leaflet
    publication_id: int
    reviewed_on: date
    due: date
    overdue: bool


def leaflets_due_for_review(
    *, leaflets: QuerySet[Leaflet], within_days: int, limit: int = 50, today: date | None = None
) -> list[DueReview]:
    """Live leaflets whose next review is due within `within_days` (or past), soonest first. Two queries.

    A leaflet is due when its earliest-reviewed published language is: the
    date counts from the later approval of that language (rules.review_due).
    The database narrows by interval (one OR term per interval in use, a
    handful) with a day to spare; the exact month arithmetic is done here.
    """
    first_reviewed = (
        PublicationText.objects.filter(publication=OuterRef("pk"))
        .annotate(reviewed=Greatest("native_approval__created_at", "clinical_approval__created_at"))
        .order_by("reviewed")
        .values("reviewed")[:1]
    )
    live = Publication.objects.filter(state=Publication.State.LIVE, leaflet__in=leaflets).annotate(
        reviewed=Subquery(first_reviewed)
    )
    today = today or timezone.localdate()
    horizon = today + timedelta(days=within_days)
    intervals = sorted(set(live.values_list("leaflet__review_interval_months", flat=True)))
    if not intervals:
        return []
    near = Q()
    for months in intervals:
        # reviewed + months <= horizon  <=>  reviewed <= horizon - months (give or take month ends)
        latest = rules.review_due(horizon, -months) + timedelta(days=2)
        near |= Q(leaflet__review_interval_months=months, reviewed__lt=datetime.combine(latest, time.min, tzinfo=UTC))
    due = []
    for publication in live.filter(near).select_related("leaflet"):
        reviewed_on = timezone.localdate(publication.reviewed)
        next_due = rules.review_due(reviewed_on, publication.leaflet.review_interval_months)
        if next_due <= horizon:
            due.append(DueReview(publication.leaflet, publication.pk, reviewed_on, next_due, overdue=next_due < today))
    due.sort(key=lambda item: (item.due, item.leaflet.pk))
    return due[:limit]


# --- Human translation: a translator's list ---------------------------------------------------------
@dataclass
class TranslationItem:
    """A text that needs a translator: segments with no text, an open change request, or a live claim."""

    text_version: TextVersion
    segments: int
    untranslated: int
    open_requests: list[Approval]
    claim: TranslationClaim | None
    job_active: bool
    now: datetime

    @property
    def leaflet(self) -> Leaflet:
        return self.text_version.revision.leaflet

    @property
    def claimed_by(self):
        """Who holds a live claim on the text (None: nobody, or the claim lapsed)."""
        if self.claim is not None and self.claim.is_live(self.now):
            return self.claim.claimed_by
        return None


@dataclass
class TranslationQueue:
    items: list[TranslationItem]
    total: int  # texts needing a translator in the user's languages (items holds at most `limit`)

    @property
    def untranslated(self) -> int:
        return sum(item.untranslated for item in self.items)

    @property
    def change_requests(self) -> int:
        return sum(1 for item in self.items if item.open_requests)


def _open_request_in_sql() -> Exists:
    """On TextVersion: a change request on its current edit that no withdrawal answers. A prefilter only, like
    `_undecided_in_sql`: `open_change_requests` (seals included) has the last word."""
    withdrawn = Approval.objects.filter(withdraws=OuterRef("pk"), decision=Approval.Decision.REQUEST_WITHDRAWN)
    return Exists(
        Approval.objects.filter(
            text_version=OuterRef("pk"),
            decision=Approval.Decision.CHANGES_REQUESTED,
            generation=OuterRef("edit_generation"),
        ).filter(~Exists(withdrawn))
    )


def translation_queue(*, user, limit: int = 100) -> TranslationQueue:
    """What awaits this translator, oldest first: the current texts of the languages they translate into
    (never a source text) with a segment that has no text, an open change request from a reviewer, or a
    live claim (someone is at work on it). At most `limit` items, with their counts and claims.

    A fixed number of queries, whatever the number of leaflets: the list, its count, and the decisions
    on the listed texts (`decisions_for`).
    """
    languages = permissions.translate_languages(user)
    if not languages:
        return TranslationQueue(items=[], total=0)
    now = timezone.now()
    cutoff = now - timedelta(minutes=settings.TRANSLATION_CLAIM_MINUTES)
    segments = (
        TargetSegment.objects.filter(text_version=OuterRef("pk"))
        .order_by()
        .values("text_version")
        .annotate(n=Count("id"))
        .values("n")
    )
    needing = (
        TextVersion.objects.filter(rules.current_text(), language_id__in=sorted(languages), is_source=False)
        .annotate(
            has_untranslated=Exists(TargetSegment.objects.filter(rules.untranslated(), text_version=OuterRef("pk"))),
            has_open_request=_open_request_in_sql(),
            claimed_live=Exists(
                TranslationClaim.objects.filter(
                    text_version=OuterRef("pk"), claimed_by__isnull=False, claimed_at__gt=cutoff
                )
            ),
        )
        .filter(Q(has_untranslated=True) | Q(has_open_request=True) | Q(claimed_live=True))
    )
    total = needing.count()
    rows = list(
        needing.annotate(
            untranslated_segments=untranslated_count(),
            total_segments=Coalesce(Subquery(segments), 0),
            has_active_job=job_running_exists(),
        )
        .select_related("revision__leaflet", "translation_claim__claimed_by")
        .order_by("updated_at", "id")[:limit]
    )
    decisions = decisions_for([tv.pk for tv in rows])
    items = []
    for tv in rows:
        item = TranslationItem(
            text_version=tv,
            segments=tv.total_segments,
            untranslated=tv.untranslated_segments,
            open_requests=open_change_requests(decisions.get(tv.pk, []), tv),
            claim=getattr(tv, "translation_claim", None),
            job_active=tv.has_active_job,
            now=now,
        )
        if item.untranslated or item.open_requests or item.claimed_by is not None:
            items.append(item)
    return TranslationQueue(items=items, total=total)


# --- Sources: the citations shown beside a source text, and its unsupported claims ----------------------
# Titles and headings name things; they state nothing a source must support.
_STATEMENT_KINDS = frozenset({"paragraph", "list_item", "red_flag"})


@dataclass
class TextCitations:
    """What the source-language review screen shows about sources, for one text version.

    `cited` maps a segment key to its citations (passage and source loaded);
    `unsupported` lists, in order, the keys of segments that state a clinical
    fact and cite nothing. `digest` names exactly this: the screen posts it
    with an approval, which is refused if the citations changed meanwhile.
    """

    cited: dict = field(default_factory=dict)
    unsupported: list = field(default_factory=list)

    def shown(self) -> dict:
        """The audit's record: passage ids per segment key, and the unsupported segment keys."""
        return {
            "citations_shown": {
                str(key): sorted(c.passage_id for c in citations) for key, citations in self.cited.items()
            },
            "unsupported": [str(key) for key in self.unsupported],
        }

    @property
    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.shown(), sort_keys=True).encode()).hexdigest()


def text_citations(*, text_version: TextVersion) -> TextCitations:
    """The citations and unsupported claims of a source-language text (nothing for a translation).

    Two queries however long the text: its segments, and their citations with passages and sources.
    """
    from translations.qa.clinical_claims import states_clinical_fact
    from workbench.models import Citation, Segment

    if not text_version.is_source:
        return TextCitations()
    segments = list(Segment.objects.filter(revision_id=text_version.revision_id).order_by("position"))
    cited: dict = defaultdict(list)
    for citation in (
        Citation.objects.filter(segment__revision_id=text_version.revision_id)
        .select_related("passage__source", "segment")
        .order_by("segment__position", "passage_id")
    ):
        cited[citation.segment.key].append(citation)
    unsupported = [
        s.key
        for s in segments
        if s.kind in _STATEMENT_KINDS and s.key not in cited and states_clinical_fact(s.text, text_version.language_id)
    ]
    return TextCitations(cited=dict(cited), unsupported=unsupported)


# --- Change requests as the author's pages show them ----------------------------------------------
# How much of a comment a list shows before "more": whole graphemes, so a Tamil letter keeps its vowel sign.
CHANGE_REQUEST_EXCERPT = 140

_ZWJ = "\u200d"
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)
_TAGS = range(0xE0020, 0xE0080)


def _continues_grapheme(text: str, i: int) -> bool:
    """Whether text[i] belongs to the grapheme before it (Unicode's extended grapheme clusters, UAX #29,
    for the cases the workbench's languages and reviewers' comments meet): a mark (a Tamil vowel sign or
    pulli, a Chinese variation selector), a joiner or what a joiner joins, an emoji modifier or tag, the
    second of a flag's two letters. Python slices code points; cutting there would strand the mark."""
    char, before = text[i], text[i - 1]
    point = ord(char)
    if unicodedata.category(char) in ("Mn", "Mc", "Me") or char in (_ZWJ, "\u200c"):
        return True
    if before == _ZWJ or point in _EMOJI_MODIFIERS or point in _TAGS:
        return True
    if point in _REGIONAL_INDICATORS:
        run = 0
        while i - 1 - run >= 0 and ord(text[i - 1 - run]) in _REGIONAL_INDICATORS:
            run += 1
        return run % 2 == 1
    return False


def grapheme_excerpt(text: str, limit: int = CHANGE_REQUEST_EXCERPT) -> tuple[str, bool]:
    """(the text on one line, shortened to at most `limit` graphemes; whether it was shortened)."""
    flat = " ".join(text.split())
    count = 0
    for i in range(len(flat)):
        if i and _continues_grapheme(flat, i):
            continue
        count += 1
        if count > limit:
            return flat[:i].rstrip(), True
    return flat, False


@dataclass(frozen=True)
class ChangeRequestNote:
    """An open change request as lists show it: what was asked (`excerpt` shortened, `comment` whole), by
    whom, in which stage, when, on which text; `pk` is the request's, which the review screen anchors."""

    pk: int
    text_version_id: int
    language: str
    stage: str
    reviewer_name: str
    comment: str
    excerpt: str
    shortened: bool
    created_at: datetime

    @property
    def role(self) -> str:
        """The requester as the stage makes them, in the reader's language (read when rendered)."""
        return _("clinician") if self.stage == Stage.CLINICAL else _("native-speaker reviewer")


def change_requests_for(*, text_versions) -> dict[int, list[ChangeRequestNote]]:
    """text version id -> its open change requests (`open_change_requests`), newest first, ready to show.

    One query for any number of texts (the requests and withdrawals of their current edits, requester
    joined), and two more when a withdrawal is among them, whose seal decides whether it counts, as in
    the gate. The caller passes only texts the user may see.
    """
    texts = {tv.pk: tv for tv in text_versions}
    if not texts:
        return {}
    rows = list(
        Approval.objects.filter(
            text_version_id__in=list(texts),
            generation=F("text_version__edit_generation"),
            decision__in=[Approval.Decision.CHANGES_REQUESTED, Approval.Decision.REQUEST_WITHDRAWN],
        ).select_related("reviewer")
    )
    withdrawal_events = sealed_events(
        verb=_SEALING_VERB[Approval.Decision.REQUEST_WITHDRAWN],
        object_type="review.approval",
        object_ids=[d.pk for d in rows if d.decision == Approval.Decision.REQUEST_WITHDRAWN],
    )
    by_text: dict[int, list[Approval]] = defaultdict(list)
    for d in rows:
        d.sealed = _is_sealed_by(withdrawal_events.get(str(d.pk)), d)
        by_text[d.text_version_id].append(d)
    notes: dict[int, list[ChangeRequestNote]] = {}
    for pk, decisions in by_text.items():
        tv = texts[pk]
        shown = []
        for request in open_change_requests(decisions, tv):
            excerpt, shortened = grapheme_excerpt(request.comment)
            shown.append(
                ChangeRequestNote(
                    pk=request.pk,
                    text_version_id=pk,
                    language=tv.language_id,
                    stage=request.stage,
                    reviewer_name=request.reviewer.get_full_name() or request.reviewer.get_username(),
                    comment=request.comment,
                    excerpt=excerpt,
                    shortened=shortened,
                    created_at=request.created_at,
                )
            )
        if shown:
            notes[pk] = shown
    return notes


# --- A job's output ----------------------------------------------------------------------------
@dataclass
class JobOutput:
    """The text a translation job worked on, as it is now: its segments, and how many the model wrote."""

    text_version: TextVersion
    segments: list[TargetSegment]
    by_model: int
    untranslated: int
    is_current: bool


def job_output(*, job: Job, user) -> JobOutput | None:
    """What a translation job produced, for someone who may read the text (None otherwise, and for drafts,
    whose output is a revision the editor opens)."""
    if job.kind != Job.Kind.TRANSLATE or job.text_version_id is None:
        return None
    tv = TextVersion.objects.select_related("revision__leaflet").get(pk=job.text_version_id)
    if not permissions.can_view_text(user, tv):
        return None
    segments = list(TargetSegment.objects.filter(text_version=tv).select_related("source_segment").order_by("position"))
    return JobOutput(
        text_version=tv,
        segments=segments,
        by_model=sum(1 for s in segments if s.origin == TargetSegment.Origin.MODEL),
        untranslated=sum(1 for s in segments if not s.text),
        is_current=rules.is_current(tv),
    )
