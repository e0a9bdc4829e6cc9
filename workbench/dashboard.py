"""Read-only page data: the role home page, the quality dashboard with the providers' evaluation
evidence (and the routing it suggests), and a job's provider against its evaluations.

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
from pathlib import Path

from django.conf import settings
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
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
from translations import evaluation
from translations.models import (
    EvaluationResult,
    EvaluationRun,
    Finding,
    Job,
    Provider,
    Route,
    RoutingBound,
    TargetSegment,
    TextVersion,
)
from translations.providers import route
from workbench.languages import CONTENT_LANGUAGES, DEFAULT_SOURCE_LANGUAGE
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


# --- Provider evidence: evaluations side by side, the routing they suggest, revalidation ----------
# The figures come from translations.evaluation's reads (each provider's latest result per
# language, and which providers need revalidation), both constant in queries; everything
# else here is a handful of queries whatever the number of providers, results or runs.
RECENT_RUNS = 5


@dataclass
class EvidenceRow:
    """One provider's latest evaluation in one language, and what the suggestion made of it."""

    result: EvaluationResult
    revalidation: str = ""  # why the provider needs revalidation ("" when it does not)
    excluded: list[str] = field(default_factory=list)  # why it cannot be suggested (empty: it can)
    rank: int = 0  # 1 the suggested provider, 2 its fallback, 0 neither

    @property
    def provider(self) -> Provider:
        return self.result.provider

    @property
    def cost_per_100(self) -> Decimal | None:
        """Cost per 100 segments translated: what a cost bound is compared with."""
        if not self.result.segments:
            return None
        return (Decimal(self.result.cost) * 100 / self.result.segments).quantize(Decimal("0.000001"))

    @property
    def other_exclusions(self) -> list[str]:
        """Why it cannot be suggested, besides needing revalidation (shown with its own reason)."""
        return [why for why in self.excluded if why != _("needs revalidation")] if self.revalidation else self.excluded

    @property
    def when(self) -> datetime:
        return self.result.run.finished_at or self.result.created_at

    # Figures as the table shows them ("—": not measured).
    @property
    def chrf_display(self) -> str:
        return _fixed(self.result.chrf, 1)

    @property
    def bleu_display(self) -> str:
        return _fixed(self.result.bleu, 1)

    @property
    def qa_errors_display(self) -> str:
        return _percent(self.result.qa_error_rate)

    @property
    def qa_warnings_display(self) -> str:
        return _percent(self.result.qa_warning_rate)

    @property
    def cost_display(self) -> str:
        return _format_cost(Decimal(self.result.cost))

    @property
    def cost_per_100_display(self) -> str:
        return _format_cost(self.cost_per_100)

    @property
    def p50_display(self) -> str:
        return _format_seconds(self.result.latency_p50_s)

    @property
    def p95_display(self) -> str:
        return _format_seconds(self.result.latency_p95_s)


@dataclass
class Suggestion:
    """The routing the evidence suggests for one language: the best provider, then its fallback."""

    rows: list[EvidenceRow]
    evidence: list[int]  # every latest result id of the language: what the suggestion was drawn from
    in_effect: bool  # the language's translate routes already say this

    @property
    def provider_ids(self) -> list[int]:
        return [row.provider.pk for row in self.rows]

    @property
    def evidence_field(self) -> str:
        return ",".join(str(i) for i in self.evidence)

    @property
    def providers_field(self) -> str:
        return ",".join(str(i) for i in self.provider_ids)


@dataclass
class PlotRow:
    label: str
    y: int
    bar: float  # width in the plot's units
    chrf: str
    cost: str
    latency: str
    fill: str
    mark: str  # "1", "2" or ""


@dataclass
class EvidencePlot:
    """chrF bars per provider, cost per 100 segments and latency p95 beside each: drawn as SVG on the server."""

    title: str
    description: str  # the text alternative: every figure the plot shows, in words
    rows: list[PlotRow]
    chrf_header: str
    cost_header: str
    latency_header: str
    axis_label: str
    legend: str

    # Geometry (SVG user units); the template reads these so the numbers live in one place.
    # 640 wide: the stylesheet draws charts at most 640 px wide, so the text keeps its size.
    width: int = 640
    label_x: int = 24
    bar_x: int = 170
    bar_width: int = 250
    chrf_x: int = 466  # right edges of the figures' columns
    cost_x: int = 556
    latency_x: int = 636
    top: int = 30
    row_height: int = 30

    @property
    def plot_bottom(self) -> int:
        return self.top + len(self.rows) * self.row_height

    @property
    def height(self) -> int:
        return self.plot_bottom + 62

    @property
    def ticks(self) -> list[tuple[float, int]]:
        return [(self.bar_x + self.bar_width * value / 100, value) for value in (0, 25, 50, 75, 100)]

    @property
    def axis_label_x(self) -> float:
        return self.bar_x + self.bar_width / 2


@dataclass
class LanguageEvidence:
    code: str
    label: str
    lang: str
    rows: list[EvidenceRow]  # best chrF first
    not_evaluated: list[Provider]
    bound: RoutingBound | None
    suggestion: Suggestion | None
    routes: list[Provider]  # the providers translating into this language now, in route order
    runs: list[EvaluationRun]
    plot: EvidencePlot | None

    @property
    def result_ids(self) -> list[int]:
        return sorted(row.result.pk for row in self.rows)


@dataclass
class ProviderEvidence:
    languages: list[LanguageEvidence]
    providers: list[Provider]  # the enabled providers, for the "Evaluate" form
    references: list[str]  # "memory" and the reference files a queued evaluation may name

    @property
    def empty(self) -> bool:
        """No provider configured and nothing ever evaluated: one line says so instead of four empty sections."""
        return not self.providers and not any(lang.rows or lang.runs for lang in self.languages)

    # The languages an evaluation may translate from, the leaflets' usual source first.
    source_languages: list[str] = field(
        default_factory=lambda: [
            DEFAULT_SOURCE_LANGUAGE,
            *(c for c in CONTENT_LANGUAGES if c != DEFAULT_SOURCE_LANGUAGE),
        ]
    )


def _fixed(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _percent(share: float | None) -> str:
    """A share of segments (0 to 1) as a percentage."""
    return "—" if share is None else f"{share * 100:.0f}%"


def _format_cost(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def _format_seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _exclusions(row: EvidenceRow, bound: RoutingBound | None) -> list[str]:
    """Why this result may not be suggested; empty when it may."""
    result, why = row.result, []
    if not row.provider.enabled:
        why.append(_("disabled"))
    # result.segments counts the segments the provider translated; result.failures counts failed calls.
    if not result.segments:
        why.append(_("failed on every segment"))
    elif result.error:
        why.append(_("could not be evaluated"))
    elif result.chrf is None:
        why.append(_("no chrF score"))
    if row.revalidation:
        why.append(_("needs revalidation"))
    if bound is not None and bound.max_cost_per_100_segments is not None:
        cost = row.cost_per_100
        if cost is None or cost > bound.max_cost_per_100_segments:
            why.append(_("over the cost bound"))
    if bound is not None and bound.max_latency_p95_s is not None:
        latency = result.latency_p95_s
        if latency is None or latency > bound.max_latency_p95_s:
            why.append(_("over the latency bound"))
    return why


def _suggestion(rows: list[EvidenceRow], bound: RoutingBound | None, routed: list[int]) -> Suggestion | None:
    """Best chrF among the results within the bounds, then the runner-up as its fallback.

    Never a provider that failed on every segment, needs revalidation, or is
    disabled. Ties go to the cheaper, then the faster provider. `routed`: the
    providers of the language's own translate routes, in order (what applying
    the suggestion would replace).
    """
    for row in rows:
        row.excluded = _exclusions(row, bound)
    eligible = sorted(
        (row for row in rows if not row.excluded),
        key=lambda row: (
            -(row.result.chrf or 0.0),
            row.cost_per_100 if row.cost_per_100 is not None else Decimal("Infinity"),
            row.result.latency_p95_s if row.result.latency_p95_s is not None else float("inf"),
            row.provider.name,
        ),
    )
    chosen = eligible[:2]
    if not chosen:
        return None
    for rank, row in enumerate(chosen, start=1):
        row.rank = rank
    ids = [row.provider.pk for row in chosen]
    return Suggestion(
        rows=chosen,
        evidence=sorted(row.result.pk for row in rows),
        in_effect=routed == ids,
    )


PLOT_FILL = {1: "#166534", 2: "#1d4ed8", 0: "#6b7280"}
PLOT_FILL_EXCLUDED = "#c4c9d0"


def _plot(code: str, rows: list[EvidenceRow]) -> EvidencePlot | None:
    if not rows:
        return None
    language = language_label(code)
    plot = EvidencePlot(
        title=_("Evaluation of the providers into %(language)s") % {"language": language},
        description="",
        rows=[],
        chrf_header=_("chrF"),
        cost_header=_("Cost/100"),
        latency_header=_("p95"),
        axis_label=_("chrF against the reference (0–100, higher is better)"),
        legend=_(
            "1: the suggested provider, 2: its fallback; grey bars cannot be suggested. "
            "Cost/100: cost per 100 segments. p95: 95th percentile latency of a call, in seconds."
        ),
    )
    described = []
    for i, row in enumerate(rows):
        chrf = row.result.chrf
        plot.rows.append(
            PlotRow(
                label=row.provider.name,
                y=plot.top + i * plot.row_height,
                bar=0.0 if chrf is None else max(0.0, min(100.0, chrf)) * plot.bar_width / 100,
                chrf="—" if chrf is None else f"{chrf:.1f}",
                cost=_format_cost(row.cost_per_100),
                latency=_format_seconds(row.result.latency_p95_s),
                fill=PLOT_FILL_EXCLUDED if row.excluded else PLOT_FILL[row.rank],
                mark=str(row.rank) if row.rank else "",
            )
        )
        figures = _("%(provider)s: chrF %(chrf)s, cost per 100 segments %(cost)s, latency p95 %(latency)s") % {
            "provider": row.provider.name,
            "chrf": plot.rows[-1].chrf,
            "cost": plot.rows[-1].cost,
            "latency": plot.rows[-1].latency,
        }
        if row.rank == 1:
            figures += " (" + _("suggested") + ")"
        elif row.rank == 2:
            figures += " (" + _("fallback") + ")"
        elif row.excluded:
            figures += " (" + ", ".join(row.excluded) + ")"
        described.append(figures)
    plot.description = "; ".join(described) + "."
    return plot


def evaluation_references() -> list[str]:
    """What a queued evaluation may compare with: the approved memory, or a TSV file in EVALUATION_REFERENCE_DIR."""
    folder = Path(settings.EVALUATION_REFERENCE_DIR)
    try:
        files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".tsv")
    except OSError:
        files = []
    return [evaluation.MEMORY, *files]


def _translate_routes(languages: list[str]) -> dict[str, list[int]]:
    """Language -> the providers of its own translate routes, in route order (one query)."""
    routed: dict[str, list[int]] = {code: [] for code in languages}
    for language, provider_id in (
        Route.objects.filter(kind=Route.Kind.TRANSLATE, language__in=languages)
        .order_by("priority", "id")
        .values_list("language", "provider_id")
    ):
        routed[language].append(provider_id)
    return routed


def _recent_runs() -> dict[str, list[EvaluationRun]]:
    runs: dict[str, list[EvaluationRun]] = defaultdict(list)
    recent = (
        EvaluationRun.objects.annotate(
            recent=Window(RowNumber(), partition_by=[F("language")], order_by=[F("created_at").desc(), F("id").desc()])
        )
        .filter(recent__lte=RECENT_RUNS)
        .select_related("created_by")
        .prefetch_related("results")
        .order_by("language", "-created_at", "-id")
    )
    for run in recent:
        runs[run.language].append(run)
    return runs


def _language_evidence(
    code: str,
    results: list[EvaluationResult],
    reasons: dict[int, str],
    bound: RoutingBound | None,
    routed: list[int],
    providers: list[Provider],
    runs: list[EvaluationRun],
) -> LanguageEvidence:
    rows = [EvidenceRow(result=r, revalidation=reasons.get(r.provider_id, "")) for r in results]
    suggestion = _suggestion(rows, bound, routed)
    rows.sort(key=lambda row: (row.result.chrf is None, -(row.result.chrf or 0.0), row.provider.name))
    evaluated = {row.provider.pk for row in rows}
    return LanguageEvidence(
        code=code,
        label=language_label(code),
        lang=CONTENT_LANGUAGES[code].html_lang,
        rows=rows,
        not_evaluated=[p for p in providers if p.enabled and p.pk not in evaluated],
        bound=bound,
        suggestion=suggestion,
        routes=route(kind=Route.Kind.TRANSLATE, language=code),
        runs=runs,
        plot=_plot(code, rows),
    )


def provider_evidence() -> ProviderEvidence:
    """Per content language: the providers' latest evaluations, the suggested routing, recent runs."""
    providers = list(Provider.objects.order_by("name"))
    by_language: dict[str, list[EvaluationResult]] = defaultdict(list)
    for result in evaluation.latest_results():
        by_language[result.run.language].append(result)
    reasons = evaluation.revalidation_needed(providers)
    bounds = {bound.language: bound for bound in RoutingBound.objects.all()}
    runs = _recent_runs()
    routed = _translate_routes(list(CONTENT_LANGUAGES))
    languages = [
        _language_evidence(
            code, by_language.get(code, []), reasons, bounds.get(code), routed[code], providers, runs.get(code, [])
        )
        for code in CONTENT_LANGUAGES
    ]
    return ProviderEvidence(
        languages=languages, providers=[p for p in providers if p.enabled], references=evaluation_references()
    )


def routing_suggestion(language: str) -> Suggestion | None:
    """The suggestion the dashboard would show for `language` now (to tell whether a posted one is stale)."""
    results = evaluation.latest_results(language=language)
    reasons = evaluation.revalidation_needed([r.provider for r in results])
    bound = RoutingBound.objects.filter(language=language).first()
    rows = [EvidenceRow(result=r, revalidation=reasons.get(r.provider_id, "")) for r in results]
    return _suggestion(rows, bound, _translate_routes([language])[language])


# --- A job's provider against its evaluations (the job page) ---------------------------------------
@dataclass
class EvaluationMark:
    """What the evaluations say about the provider that ran a job."""

    provider: Provider
    # The provider has an evaluation in the job's language (None: a draft job; evaluations measure translation).
    evaluated: bool | None
    revalidation: str  # why the provider needs revalidation ("" when it does not)
    differences: list[str]  # how this job's model or prompt differ from the last evaluation
    last: EvaluationResult | None

    @property
    def needs_revalidation(self) -> bool:
        return bool(self.revalidation or self.differences)


def job_evaluation_mark(job: Job) -> EvaluationMark | None:
    """The provider's standing for this job: evaluated, not evaluated yet, or needs revalidation (and why)."""
    provider = job.provider
    if provider is None:
        return None
    language = job.language if job.kind == Job.Kind.TRANSLATE else ""
    last = None
    if language:
        last = next((r for r in evaluation.latest_results(language=language) if r.provider_id == provider.pk), None)
    reason = evaluation.revalidation_needed([provider]).get(provider.pk, "")
    differences = []
    if last is not None:
        if job.reported_model and last.reported_model and job.reported_model != last.reported_model:
            differences.append(
                _("This job was answered by model %(job)s; the last evaluation was of %(evaluated)s.")
                % {"job": job.reported_model, "evaluated": last.reported_model}
            )
        if job.prompt_version and job.prompt_version != last.prompt_version:
            differences.append(
                _("This job used prompt %(job)s; the last evaluation used %(evaluated)s.")
                % {"job": job.prompt_version, "evaluated": last.prompt_version}
            )
    return EvaluationMark(
        provider=provider,
        evaluated=(last is not None) if language else None,
        revalidation=reason,
        differences=differences,
        last=last,
    )
