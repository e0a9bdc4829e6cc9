"""Read-only page data: the role home page and the quality dashboard.

Nothing here writes. The quality numbers are computed on request from the
rows the workbench already keeps (model drafts beside approved text, review
decisions, jobs, QA findings); at the scale of a hospital's leaflet library
(hundreds of leaflets) that is a fraction of a second.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from review import permissions, rules
from review.models import Approval, Publication, Stage
from review.reports import OpenReportCounts, open_report_counts
from review.selectors import (
    DueReview,
    GateStatus,
    decisions_for,
    gate_evaluate_many,
    leaflets_due_for_review,
    review_queue,
    stage_cell,
    unresolved_errors_for,
)
from translations.models import Finding, Job, TargetSegment, TextVersion
from workbench.languages import CONTENT_LANGUAGES
from workbench.models import Leaflet

HOME_LIMIT = 50


# --- Home ------------------------------------------------------------------------------------
@dataclass
class LeafletState:
    leaflet: Leaflet
    gate: GateStatus
    live: Publication | None = None

    @property
    def live_is_current(self) -> bool:
        return bool(self.live and self.live.revision_id == self.leaflet.current_revision_id)


@dataclass
class QueueItem:
    text_version: TextVersion
    stage: str
    errors: int

    @property
    def leaflet(self) -> Leaflet:
        return self.text_version.revision.leaflet

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


@dataclass
class HomeSections:
    author: list[LeafletState] | None = None
    author_total: int = 0
    drafts: list = field(default_factory=list)
    queue: list[QueueItem] | None = None
    ready: list[LeafletState] | None = None
    blocked: list[LeafletState] | None = None
    # Live leaflets past or near their next review date (authors and publishers).
    due_reviews: list[DueReview] | None = None
    # Readers' problem reports still open (authors and publishers).
    open_reports: OpenReportCounts | None = None

    @property
    def empty(self) -> bool:
        return self.author is None and self.queue is None and self.ready is None


def _live_by_leaflet(leaflet_ids) -> dict[int, Publication]:
    live = Publication.objects.filter(leaflet_id__in=leaflet_ids, state=Publication.State.LIVE).select_related(
        "revision"
    )
    return {p.leaflet_id: p for p in live}


def leaflet_states(leaflets) -> list[LeafletState]:
    leaflets = list(leaflets)
    live = _live_by_leaflet([leaflet.pk for leaflet in leaflets])
    gates = gate_evaluate_many(leaflets=leaflets)
    return [LeafletState(leaflet=leaflet, gate=gates[leaflet.pk], live=live.get(leaflet.pk)) for leaflet in leaflets]


def home_sections(user) -> HomeSections:
    sections = HomeSections()
    if permissions.is_author(user):
        mine = (
            permissions.visible_leaflets(user)
            .filter(created_by=user)
            .select_related("current_revision")
            .order_by("-updated_at")
        )
        sections.author_total = mine.count()
        sections.author = leaflet_states(mine[:HOME_LIMIT])
        # Model drafts this author started recently, including ones whose leaflet does not exist yet.
        since = timezone.now() - timedelta(days=3)
        sections.drafts = list(
            Job.objects.filter(kind=Job.Kind.DRAFT, created_by=user)
            .filter(Q(created_at__gte=since) | rules.job_active())
            .select_related("created_by")
            .order_by("-created_at")[:6]
        )
    if permissions.is_reviewer(user):
        waiting = review_queue(user=user, limit=HOME_LIMIT * 2)
        errors = unresolved_errors_for({tv for tv, _stage in waiting})
        sections.queue = [
            QueueItem(text_version=tv, stage=stage, errors=len(errors.get(tv.pk, []))) for tv, stage in waiting
        ]
    if permissions.is_publisher(user):
        # Everything whose current revision is not live yet.
        candidates = (
            permissions.visible_leaflets(user)
            .exclude(current_revision__isnull=True)
            .select_related("current_revision")
            .exclude(publications__state=Publication.State.LIVE, publications__revision_id=F("current_revision_id"))
            .order_by("-updated_at")[:HOME_LIMIT]
        )
        states = leaflet_states(candidates)
        sections.ready = [s for s in states if s.gate.open]
        sections.blocked = [s for s in states if not s.gate.open]
    if permissions.is_author(user) or permissions.is_publisher(user):
        sections.open_reports = open_report_counts(user)
        sections.due_reviews = leaflets_due_for_review(
            leaflets=permissions.visible_leaflets(user), within_days=settings.REVIEW_DUE_SOON_DAYS, limit=HOME_LIMIT
        )
    return sections


# --- Quality dashboard -------------------------------------------------------------------------
@dataclass
class Bar:
    label: str
    value: float
    display: str
    lang: str = ""


@dataclass
class Chart:
    title: str
    description: str
    bars: list[Bar] = field(default_factory=list)
    max_value: float | None = None  # fixed scale (e.g. 100 for percentages); default: the largest bar

    @property
    def scale(self) -> float:
        if self.max_value:
            return self.max_value
        return max([b.value for b in self.bars] + [0]) or 1.0

    def rows(self):
        """(bar, width in percent of the plot area, y offset) for the SVG template."""
        scale = self.scale
        return [(bar, max(0.0, min(100.0, bar.value / scale * 100)), i * 28) for i, bar in enumerate(self.bars)]

    @property
    def height(self) -> int:
        return max(28, len(self.bars) * 28)


@dataclass
class EditStats:
    """How much reviewers changed a model's drafts: chrF(draft, approved text); 100 means untouched."""

    segments: int = 0
    changed: int = 0
    chrf_values: list[float] = field(default_factory=list)

    @property
    def mean_chrf(self) -> float | None:
        return round(statistics.fmean(self.chrf_values), 1) if self.chrf_values else None

    @property
    def changed_percent(self) -> float | None:
        return round(100 * self.changed / self.segments, 1) if self.segments else None


@dataclass
class DecisionStats:
    approved: int = 0
    changes_requested: int = 0

    @property
    def total(self) -> int:
        return self.approved + self.changes_requested

    @property
    def change_rate(self) -> float | None:
        return round(100 * self.changes_requested / self.total, 1) if self.total else None


@dataclass
class LatencyStats:
    hours: list[float] = field(default_factory=list)

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.hours), 1) if self.hours else None


@dataclass
class GroupRow:
    key: str
    label: str
    lang: str = ""
    edits: EditStats = field(default_factory=EditStats)
    decisions: DecisionStats = field(default_factory=DecisionStats)
    latency: LatencyStats = field(default_factory=LatencyStats)


@dataclass
class CostRow:
    leaflet: Leaflet
    jobs: int
    tokens_in: int
    tokens_out: int
    tokens_reasoning: int  # of tokens_out
    cost: Decimal


@dataclass
class FindingRow:
    check_id: str
    name: str
    errors: int
    warnings: int
    infos: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos


@dataclass
class QualityDashboard:
    languages: list[GroupRow]
    models: list[GroupRow]
    costs: list[CostRow]
    findings: list[FindingRow]
    charts: list[Chart]
    fully_approved_texts: int

    @property
    def empty(self) -> bool:
        return not (
            self.fully_approved_texts or self.costs or self.findings or any(r.decisions.total for r in self.languages)
        )


def language_label(code: str) -> str:
    from workbench.templatetags.workbench_tags import language_label as label

    return str(label(code))


def _fully_approved_text_versions(leaflet_ids) -> set[int]:
    """Text versions whose *current* content is approved in both stages, by the gate's own definition
    (an approval that stands at this hash and generation, sealed, with no open change request)."""
    candidates = list(
        TextVersion.objects.filter(
            revision__leaflet_id__in=leaflet_ids, approvals__decision=Approval.Decision.APPROVED
        ).distinct()
    )
    decisions = decisions_for([tv.pk for tv in candidates])
    return {
        tv.pk
        for tv in candidates
        if all(stage_cell(tv, stage, decisions.get(tv.pk, [])).approved for stage in Stage.values)
    }


def _chrf():
    from sacrebleu.metrics import CHRF

    return CHRF()


def _check_names() -> dict[str, str]:
    from translations.qa.registry import registered_checks

    return {cls.check_id: _(cls.name) for cls in registered_checks()}


def quality_dashboard(leaflets) -> QualityDashboard:
    leaflet_ids = list(leaflets.values_list("pk", flat=True))
    by_language: dict[str, GroupRow] = {
        code: GroupRow(key=code, label=language_label(code), lang=lang.html_lang)
        for code, lang in CONTENT_LANGUAGES.items()
    }
    by_model: dict[str, GroupRow] = {}

    def model_row(name: str) -> GroupRow:
        name = name or _("(unknown model)")
        if name not in by_model:
            by_model[name] = GroupRow(key=name, label=name)
        return by_model[name]

    # 1. How much reviewers changed the drafts (only texts both stages approved as they are now).
    approved_ids = _fully_approved_text_versions(leaflet_ids)
    chrf = _chrf()
    model_of_text: dict[int, str] = {}
    segments = (
        TargetSegment.objects.filter(text_version_id__in=approved_ids)
        .exclude(model_draft="")
        .values_list("text_version_id", "text_version__language_id", "model_name", "model_draft", "text")
    )
    for tv_id, language, model_name, draft, text in segments.iterator(chunk_size=2000):
        score = 100.0 if draft == text else chrf.sentence_score(text, [draft]).score
        changed = draft != text
        model_of_text.setdefault(tv_id, model_name)
        for row in (by_language.get(language), model_row(model_name)):
            if row is None:
                continue
            row.edits.segments += 1
            row.edits.changed += int(changed)
            row.edits.chrf_values.append(score)

    # 2. Change-request rate, from every review decision.
    for tv_id, language, decision in Approval.objects.filter(
        text_version__revision__leaflet_id__in=leaflet_ids
    ).values_list("text_version_id", "text_version__language_id", "decision"):
        targets = [by_language.get(language)]
        if tv_id in model_of_text:
            targets.append(model_row(model_of_text[tv_id]))
        for row in targets:
            if row is None:
                continue
            if decision == Approval.Decision.APPROVED:
                row.decisions.approved += 1
            else:
                row.decisions.changes_requested += 1

    # 3. Time from queueing the translation job to the second approval of that text.
    first_approval: dict[tuple[int, str], datetime] = {}
    for tv_id, stage, created_at in Approval.objects.filter(
        text_version_id__in=approved_ids,
        decision=Approval.Decision.APPROVED,
        content_hash=F("text_version__content_hash"),
    ).values_list("text_version_id", "stage", "created_at"):
        key = (tv_id, stage)
        if key not in first_approval or created_at < first_approval[key]:
            first_approval[key] = created_at
    jobs = (
        Job.objects.filter(kind=Job.Kind.TRANSLATE, text_version_id__in=approved_ids)
        .order_by("created_at")
        .values_list("text_version_id", "language", "reported_model", "created_at")
    )
    seen: set[int] = set()
    for tv_id, language, reported_model, queued_at in jobs:
        if tv_id in seen:
            continue
        seen.add(tv_id)
        times = [first_approval[tv_id, stage] for stage in Stage.values if (tv_id, stage) in first_approval]
        if len(times) < len(Stage.values):
            continue  # not approved at every stage
        hours = max(0.0, (max(times) - queued_at).total_seconds() / 3600)
        for row in (by_language.get(language), model_row(reported_model)):
            if row is not None:
                row.latency.hours.append(hours)

    # 4. Tokens and cost per leaflet.
    cost_rows = (
        Job.objects.filter(leaflet_id__in=leaflet_ids)
        .values("leaflet_id")
        .annotate(
            jobs=Count("id"),
            tokens_in=Sum("tokens_in"),
            tokens_out=Sum("tokens_out"),
            tokens_reasoning=Sum("tokens_reasoning"),
            cost=Sum("cost"),
        )
        .order_by("-cost", "-tokens_out")
    )
    titles = Leaflet.objects.in_bulk([r["leaflet_id"] for r in cost_rows])
    costs = [
        CostRow(
            leaflet=titles[r["leaflet_id"]],
            jobs=r["jobs"],
            tokens_in=r["tokens_in"] or 0,
            tokens_out=r["tokens_out"] or 0,
            tokens_reasoning=r["tokens_reasoning"] or 0,
            cost=r["cost"] or Decimal("0"),
        )
        for r in cost_rows
        if r["leaflet_id"] in titles
    ]

    # 5. QA findings by check, counting each issue once (copies carried to a new hash are not new issues).
    names = _check_names()
    finding_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for counted in (
        Finding.objects.filter(text_version__revision__leaflet_id__in=leaflet_ids, origin__isnull=True)
        .values("check_id", "severity")
        .annotate(n=Count("id"))
    ):
        finding_counts[counted["check_id"]][counted["severity"]] += counted["n"]
    findings = sorted(
        (
            FindingRow(
                check_id=check,
                name=names.get(check, check),
                errors=c.get("error", 0),
                warnings=c.get("warning", 0),
                infos=c.get("info", 0),
            )
            for check, c in finding_counts.items()
        ),
        key=lambda r: (-r.errors, -r.total, r.check_id),
    )

    languages = list(by_language.values())
    models = sorted(by_model.values(), key=lambda r: r.label)
    charts = [
        Chart(
            title=_("Model drafts kept by reviewers (mean chrF, 100 = unchanged)"),
            description=_("Character n-gram similarity between the model's draft and the approved text."),
            bars=[
                Bar(r.label, r.edits.mean_chrf, f"{r.edits.mean_chrf:.1f}", r.lang)
                for r in languages + models
                if r.edits.mean_chrf is not None
            ],
            max_value=100,
        ),
        Chart(
            title=_("Change requests (per cent of review decisions)"),
            description=_("How often a reviewer sent the text back instead of approving it."),
            bars=[
                Bar(r.label, r.decisions.change_rate, f"{r.decisions.change_rate:.0f}%", r.lang)
                for r in languages
                if r.decisions.change_rate is not None
            ],
            max_value=100,
        ),
        Chart(
            title=_("Median hours from translation job to second approval"),
            description=_("From queueing the model translation until both reviewers had approved."),
            bars=[
                Bar(r.label, r.latency.median_hours, f"{r.latency.median_hours:.1f} h", r.lang)
                for r in languages
                if r.latency.median_hours is not None
            ],
        ),
        Chart(
            title=_("QA findings by check"),
            description=_("Issues found by the automatic checks, each counted once."),
            bars=[Bar(r.name, r.total, str(r.total)) for r in findings[:12]],
        ),
        Chart(
            title=_("Model cost per leaflet"),
            description=_("Sum of the cost of every model job of the leaflet."),
            bars=[Bar(r.leaflet.title, float(r.cost), f"{r.cost:.4f}") for r in costs[:12] if r.cost],
        ),
    ]
    return QualityDashboard(
        languages=languages,
        models=models,
        costs=costs,
        findings=findings,
        charts=[c for c in charts if c.bars],
        fully_approved_texts=len(approved_ids),
    )
