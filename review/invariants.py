"""What must hold of the data whatever failed on the way: the fault suite's and the soak's last word.

`invariant_violations()` reads the whole database in a fixed number of
aggregate queries (about thirty, however many leaflets, jobs or events there
are) and returns one plain sentence per violated invariant, naming the rows;
an empty list means every invariant holds. It changes nothing.

The conditions are the product's own wherever the product has them: an
approval counts by `review.selectors.approval_counts` (content hash, edit
generation and the keyed audit trail's seal, `decisions_for`), a publication is
vouched for by `review.selectors.publications_sealed`, the chain by
`review.audit.audit_verify` (what `manage.py verify_audit` runs), "work still
to do" by `review.rules.job_active`. What is new here is only what no screen
needs: counting duplicates, and asking whether every stored text has a record
of who or what wrote it.

"Nobody approves text they wrote" is asked of the record as it was when the
approval was given, not of the contributions table as it is now: that table
has no dates, and a reviewer who edits a later revision becomes a contributor
of the key for good, which does not make an approval given before it void.
The insert trigger (review.db_rules, `_CONTRIBUTED`) asks the full history at
the moment of approval; this check reads what the approval's sealed audit event
recorded then (every segment's writer) and the timed edit history
(`SegmentEdit`) for anything earlier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat, Trim
from django.utils import timezone

from review import rules
from review.audit import audit_verify, sealed_events
from review.models import Approval, AuditEvent, Publication, PublicationText, Stage, WebhookDelivery
from review.selectors import approval_counts, decisions_for, publications_sealed
from review.webhooks import CLAIM_MARGIN_S
from translations.models import (
    Contribution,
    EvaluationRun,
    Job,
    JobBatch,
    MemoryEntry,
    SegmentEdit,
    TargetSegment,
    TextVersion,
)

# At most this many rows are named in one sentence; the rest are counted.
NAMED = 20

# Events recorded once per object: a second one is the trace of work done twice (a redelivered task,
# a double submit). Verbs in one group exclude each other: a job ends once, whichever way it ends.
ONCE_PER_OBJECT: dict[str, tuple[str, tuple[str, ...]]] = {
    "job ending": ("translations.job", ("job.succeeded", "job.failed", "job.cancelled")),
    "job queueing": ("translations.job", ("job.queued", "jobs.queued")),
    "evaluation ending": ("translations.evaluationrun", ("evaluation.ran", "evaluation.failed")),
    "decision": ("review.approval", ("text.approved", "text.changes_requested", "text.change_request_withdrawn")),
    "publication": ("review.publication", ("leaflet.published",)),
    "withdrawal": ("review.publication", ("publication.withdrawn",)),
    "revision": ("workbench.revision", ("revision.saved",)),
    "leaflet creation": ("workbench.leaflet", ("leaflet.created",)),
    "vendor export": ("translations.vendorexport", ("exchange.exported",)),
    "QA override": ("review.findingoverride", ("qa.overridden",)),
    "comment": ("review.comment", ("comment.added",)),
    "problem report": ("review.problemreport", ("problem_report.received",)),
}
WEBHOOK_ENDINGS = ("webhook.delivered", "webhook.failed")
WEBHOOK_VERBS = (*WEBHOOK_ENDINGS, "webhook.resent")


def invariant_report(*, settled: bool = True) -> dict[str, list[str]]:
    """Each invariant by name, with its violations ([] where it holds), in a fixed order.

    settled=False skips "nothing is left queued or running", for a check
    while work is still in flight.
    """
    report = {name: check() for name, check in CHECKS.items() if settled or name != UNSETTLED}
    return report


def invariant_violations(*, settled: bool = True) -> list[str]:
    """Every violated invariant, one sentence each ([] when all hold)."""
    return [violation for found in invariant_report(settled=settled).values() for violation in found]


def _named(items: Iterable[str]) -> str:
    items = list(items)
    shown = ", ".join(items[:NAMED])
    return shown if len(items) <= NAMED else f"{shown} and {len(items) - NAMED} more"


# --- Nothing left half-done ----------------------------------------------------------------------
def _unsettled_work() -> list[str]:
    found = []
    jobs = list(Job.objects.filter(rules.job_active()).order_by("id").values_list("id", "kind", "state"))
    if jobs:
        found.append(
            f"{len(jobs)} job(s) still queued or running after the work settled: "
            + _named(f"job {pk} ({kind}, {state})" for pk, kind, state in jobs)
        )
    batches = list(
        JobBatch.objects.filter(rules.job_active())
        .order_by("id")
        .values_list("id", "phase", "state", "job_id", "job__state")
    )
    if batches:
        found.append(
            f"{len(batches)} job batch(es) still queued or running after the work settled: "
            + _named(
                f"batch {pk} ({phase}, {state}) of job {job} ({job_state})"
                for pk, phase, state, job, job_state in batches
            )
        )
    runs = list(
        EvaluationRun.objects.filter(state__in=rules.JOB_ACTIVE_STATES).order_by("id").values_list("id", "state")
    )
    if runs:
        found.append(
            f"{len(runs)} provider evaluation(s) still queued or running after the work settled: "
            + _named(f"evaluation {pk} ({state})" for pk, state in runs)
        )
    # A pending delivery is being attempted (its claim moved next_attempt_at ahead) or waits for its
    # scheduled retry; one whose time passed longer ago than an attempt can take is nobody's.
    overdue_since = timezone.now() - timedelta(seconds=float(settings.WEBHOOK_TIMEOUT_S) + CLAIM_MARGIN_S)
    deliveries = list(
        WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING, next_attempt_at__lt=overdue_since)
        .order_by("id")
        .values_list("id", "event", "publication_id")
    )
    if deliveries:
        found.append(
            f"{len(deliveries)} webhook delivery(ies) pending and overdue with nobody sending them: "
            + _named(f"delivery {pk} ({event} of publication {pub})" for pk, event, pub in deliveries)
        )
    pending = list(
        Publication.objects.filter(state=Publication.State.PENDING).order_by("id").values_list("id", flat=True)
    )
    if pending:
        # A publication is written pending and flipped live in one transaction: a committed pending row is
        # half a publish.
        found.append(
            f"{len(pending)} publication(s) left pending (half-written): "
            + _named(f"publication {pk}" for pk in pending)
        )
    return found


def _failures_without_reason() -> list[str]:
    found = []
    blank = Q(reason="")
    for label, rows in (
        ("job", Job.objects.filter(state=Job.State.FAILED).annotate(reason=Trim("error"))),
        ("job batch", JobBatch.objects.filter(state=JobBatch.State.FAILED).annotate(reason=Trim("error"))),
        ("evaluation", EvaluationRun.objects.filter(state=EvaluationRun.State.FAILED).annotate(reason=Trim("error"))),
        (
            "webhook delivery",
            WebhookDelivery.objects.filter(state=WebhookDelivery.State.FAILED).annotate(reason=Trim("last_error")),
        ),
    ):
        ids = list(rows.filter(blank).order_by("id").values_list("id", flat=True))
        if ids:
            found.append(f"{len(ids)} failed {label}(s) without a reason: " + _named(f"{label} {pk}" for pk in ids))
    return found


# --- Nothing done twice --------------------------------------------------------------------------
def _duplicate_decisions() -> list[str]:
    found = []
    # The model allows one approval per text, stage and edit generation (a constraint): more is a double.
    approved = (
        Approval.objects.filter(decision=Approval.Decision.APPROVED)
        .values("text_version_id", "stage", "generation")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("text_version_id", "stage", "generation")
    )
    for row in approved:
        found.append(
            f"text version {row['text_version_id']} has {row['n']} {row['stage']} approvals at edit generation "
            f"{row['generation']} (one is allowed)"
        )
    # The same change request again while the first is still open is answered with the first
    # (review.services.translation_request_changes): two open ones are a request made twice.
    withdrawn = Approval.objects.filter(withdraws=OuterRef("pk"))
    requests = (
        Approval.objects.filter(decision=Approval.Decision.CHANGES_REQUESTED)
        .exclude(Exists(withdrawn))
        .values("text_version_id", "stage", "reviewer_id", "generation", "comment")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("text_version_id", "stage", "reviewer_id")
    )
    for row in requests:
        found.append(
            f"text version {row['text_version_id']} has {row['n']} identical open {row['stage']} change requests "
            f"by user {row['reviewer_id']} at edit generation {row['generation']}"
        )
    return found


def _duplicate_audit_events() -> list[str]:
    verbs = {verb: group for group, (_type, group_verbs) in ONCE_PER_OBJECT.items() for verb in group_verbs}
    types = {group: object_type for group, (object_type, _verbs) in ONCE_PER_OBJECT.items()}
    rows = (
        AuditEvent.objects.filter(verb__in=list(verbs))
        .exclude(object_id="")
        .values("object_type", "object_id", "verb")
        .annotate(n=Count("id"))
        .order_by("object_type", "object_id", "verb")
    )
    per_object: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for row in rows:
        group = verbs[row["verb"]]
        if row["object_type"] == types[group]:
            per_object[(group, row["object_type"], row["object_id"])][row["verb"]] = row["n"]
    found = []
    for (group, object_type, object_id), counts in per_object.items():
        if sum(counts.values()) > 1:
            what = ", ".join(f"{n} × {verb}" for verb, n in sorted(counts.items()))
            found.append(f"duplicated audit events: {object_type} {object_id} has {what} (one {group} event allowed)")
    return found


def _finished_jobs_without_their_event() -> list[str]:
    # A job ends in the transaction that records its ending (translations.batches.job_fail/_job_succeed,
    # translations.jobs.job_cancel): an ending without its event is an ending nobody can account for.
    ending = AuditEvent.objects.filter(
        object_type="translations.job",
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        verb=Concat(Value("job."), OuterRef("state"), output_field=CharField()),
    )
    missing = list(
        Job.objects.filter(state__in=[Job.State.SUCCEEDED, Job.State.FAILED, Job.State.CANCELLED])
        .exclude(Exists(ending))
        .order_by("id")
        .values_list("id", "state")
    )
    if not missing:
        return []
    return [
        f"{len(missing)} finished job(s) without the audit event of how they ended: "
        + _named(f"job {pk} ({state}, no job.{state} event)" for pk, state in missing)
    ]


def _duplicate_publications() -> list[str]:
    """The same revision published twice, unless the publisher confirmed publishing a withdrawn one again."""
    twice = list(
        Publication.objects.values("leaflet_id", "revision_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("leaflet_id", "revision_id")
    )
    if not twice:
        return []
    wanted = Q()
    for leaflet_id, revision_id in twice:
        wanted |= Q(leaflet_id=leaflet_id, revision_id=revision_id)
    publications = list(Publication.objects.filter(wanted).order_by("id"))
    events = {
        event.object_id: event
        for event in AuditEvent.objects.filter(
            verb="leaflet.published", object_type="review.publication", object_id__in=[str(p.pk) for p in publications]
        )
    }
    earlier: dict[tuple[int, int], list[int]] = defaultdict(list)
    found = []
    for publication in publications:
        key = (publication.leaflet_id, publication.revision_id)
        event = events.get(str(publication.pk))
        republishes = event.data.get("republishes") if event is not None else None
        if earlier[key] and republishes not in earlier[key]:
            found.append(
                f"publication {publication.pk} publishes revision {publication.revision_id} of leaflet "
                f"{publication.leaflet_id} again (already publication {_named(map(str, earlier[key]))}) "
                "without a confirmed republication of a withdrawn one"
            )
        earlier[key].append(publication.pk)
    return found


# --- Nothing reaches patients unapproved ---------------------------------------------------------
def _publications_without_their_approvals() -> list[str]:
    publications = list(
        Publication.objects.exclude(state=Publication.State.PENDING).prefetch_related("texts").order_by("id")
    )
    texts = [text for publication in publications for text in publication.texts.all()]
    if not publications:
        return []
    found = []
    sealed = publications_sealed(publications=publications)
    for publication in publications:
        if publication.pk not in sealed:
            found.append(
                f"publication {publication.pk} (leaflet {publication.leaflet_id}) is not the one its sealed "
                "leaflet.published audit event records, with these texts"
            )
    decisions = decisions_for({text.text_version_id for text in texts})
    by_id = {d.pk: d for per_text in decisions.values() for d in per_text}
    approval_ids = [pk for text in texts for pk in (text.native_approval_id, text.clinical_approval_id)]
    recorded = sealed_events(verb="text.approved", object_type="review.approval", object_ids=approval_ids)
    edits = _edits_by_reviewers(publications, texts, by_id)
    for text in texts:
        where = f"publication {text.publication_id} ({text.language_id})"
        # The text as it was published: an approval counts for it by the gate's own rule.
        published = TextVersion(content_hash=text.content_hash, edit_generation=text.edit_generation)
        approvals = {}
        for stage, approval_id in (
            (Stage.NATIVE, text.native_approval_id),
            (Stage.CLINICAL, text.clinical_approval_id),
        ):
            approval = by_id.get(approval_id)
            if (
                approval is None
                or approval.stage != stage
                or approval.text_version_id != text.text_version_id
                or not approval_counts(approval, published)
            ):
                found.append(
                    f"{where}: its {stage} approval {approval_id} is not a sealed {stage} approval of exactly the "
                    f"published content (hash {text.content_hash[:12]}, edit generation {text.edit_generation})"
                )
                continue
            approvals[stage] = approval
        if len(approvals) < 2:
            continue
        native, clinical = approvals[Stage.NATIVE], approvals[Stage.CLINICAL]
        if native.reviewer_id == clinical.reviewer_id:
            found.append(f"{where}: both approvals are by user {native.reviewer_id}")
        keys = {item.get("key") for item in text.body}
        for approval in (native, clinical):
            event = recorded.get(str(approval.pk))
            writers = {s.get("edited_by") for s in (event.data.get("segments", []) if event else [])}
            if approval.reviewer.get_username() in writers:
                found.append(
                    f"{where}: approval {approval.pk} is by {approval.reviewer.get_username()}, who wrote part of "
                    "the text they approved (as the approval's audit event records)"
                )
                continue
            earlier = [
                key
                for key, created_at in edits.get((approval.reviewer_id, text.publication_id, text.language_id), [])
                if key in keys and created_at < approval.created_at
            ]
            if earlier:
                found.append(
                    f"{where}: approval {approval.pk} is by user {approval.reviewer_id}, who edited segment(s) "
                    f"{_named(sorted(set(earlier)))} of the text before approving it"
                )
    return found


def _edits_by_reviewers(
    publications: list[Publication], texts: list[PublicationText], approvals: dict[int, Approval]
) -> dict:
    """(reviewer, publication, language) -> [(segment key, when)] of the reviewer's applied edits of that
    leaflet's text in that language, in any revision: one query."""
    leaflet_of = {p.pk: p.leaflet_id for p in publications}
    reviewers = {
        approvals[pk].reviewer_id
        for text in texts
        for pk in (text.native_approval_id, text.clinical_approval_id)
        if pk in approvals
    }
    if not reviewers:
        return {}
    edits: dict[tuple[int, int, str], list[tuple[str, object]]] = defaultdict(list)
    publications_of: dict[tuple[int, str], set[int]] = defaultdict(set)
    for text in texts:
        publications_of[(leaflet_of[text.publication_id], text.language_id)].add(text.publication_id)
    rows = SegmentEdit.objects.filter(
        applied=True,
        editor_id__in=reviewers,
        target_segment__text_version__revision__leaflet_id__in=set(leaflet_of.values()),
    ).values_list(
        "editor_id",
        "target_segment__text_version__revision__leaflet_id",
        "target_segment__text_version__language_id",
        "target_segment__key",
        "created_at",
    )
    for editor, leaflet, language, key, created_at in rows:
        for publication in publications_of.get((leaflet, language), ()):
            edits[(editor, publication, language)].append((str(key), created_at))
    return edits


# --- Webhooks: one delivery per endpoint and event, the same id on every attempt ------------------
def _webhook_deliveries() -> list[str]:
    found = []
    twice = (
        WebhookDelivery.objects.values("endpoint_id", "event", "publication_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("endpoint_id", "publication_id")
    )
    for row in twice:
        found.append(
            f"{row['n']} webhook deliveries of {row['event']} for publication {row['publication_id']} to endpoint "
            f"{row['endpoint_id']} (one is allowed; a re-send reuses it)"
        )
    events = list(
        AuditEvent.objects.filter(verb__in=WEBHOOK_VERBS, object_type="review.webhookdelivery").values_list(
            "object_id", "verb", "data"
        )
    )
    ids = dict(
        WebhookDelivery.objects.filter(pk__in={int(o) for o, _v, _d in events if o.isdigit()}).values_list(
            "id", "delivery_id"
        )
    )
    endings: dict[str, int] = defaultdict(int)
    resends: dict[str, int] = defaultdict(int)
    changed = set()
    for object_id, verb, data in events:
        delivery_id = ids.get(int(object_id)) if object_id.isdigit() else None
        if delivery_id is None or str(delivery_id) != str((data or {}).get("delivery_id")):
            changed.add(object_id)
        if verb == "webhook.resent":
            resends[object_id] += 1
        else:
            endings[object_id] += 1
    if changed:
        found.append(
            "webhook deliveries whose audit events name another delivery id than the delivery has (an attempt or "
            "re-send must keep it): " + _named(f"delivery {pk}" for pk in sorted(changed, key=_as_int))
        )
    for object_id in sorted(endings, key=_as_int):
        if endings[object_id] > resends[object_id] + 1:
            found.append(
                f"webhook delivery {object_id} ended {endings[object_id]} times but was re-sent "
                f"{resends[object_id]} time(s): its attempts ran twice"
            )
    return found


def _as_int(value: str) -> int:
    return int(value) if value.isdigit() else -1


# --- Every stored text has a writer ----------------------------------------------------------------
def _segments_without_a_writer() -> list[str]:
    """A target segment's text is accounted for by where it says it came from.

    model / carried: the model's reply as it arrived (`model_draft`) and the model's name, unchanged;
    human: an editor recorded (a contribution) and, if the segment was edited here, its newest applied
    edit's text; memory: a reviewed memory entry for its source; source: the source segment's text;
    none: no text. A text that matches none of its records was written behind every service's back.
    """
    origin = TargetSegment.Origin
    latest_edit = SegmentEdit.objects.filter(target_segment=OuterRef("pk"), applied=True).order_by("-id")
    memory = MemoryEntry.objects.filter(
        source_language=OuterRef("text_version__revision__leaflet__source_language_id"),
        target_language=OuterRef("text_version__language_id"),
        source_hash=OuterRef("source_segment__content_hash"),
    )
    contribution = Contribution.objects.filter(
        leaflet_id=OuterRef("text_version__revision__leaflet_id"),
        language_id=OuterRef("text_version__language_id"),
        key=OuterRef("key"),
        user_id=OuterRef("updated_by_id"),
    )
    unaccounted = (
        (Q(origin=origin.NONE) & ~Q(text=""))
        | (Q(origin=origin.SOURCE) & (Q(text_version__is_source=False) | ~Q(text=F("source_segment__text"))))
        | (Q(origin__in=[origin.MODEL, origin.CARRIED]) & (~Q(text=F("model_draft")) | Q(model_name="")))
        | (
            Q(origin=origin.HUMAN)
            & (Q(updated_by__isnull=True) | Q(recorded=False) | (Q(last_edit__isnull=False) & ~Q(text=F("last_edit"))))
        )
        | (Q(origin=origin.MEMORY) & Q(in_memory=False))
        | ~Q(origin__in=origin.values)
    )
    rows = list(
        TargetSegment.objects.annotate(
            last_edit=Subquery(latest_edit.values("new_text")[:1]),
            in_memory=Exists(memory),
            recorded=Exists(contribution),
        )
        .filter(unaccounted)
        .order_by("id")
        .values_list("id", "text_version_id", "text_version__language_id", "key", "origin")
    )
    if not rows:
        return []
    return [
        f"{len(rows)} target segment(s) whose text no record accounts for (no model reply, edit, editor or memory "
        "entry that wrote it): "
        + _named(
            f"segment {pk} ({origin_} text in text version {tv} [{lang}], key {key})"
            for pk, tv, lang, key, origin_ in rows
        )
    ]


# --- The audit chain -----------------------------------------------------------------------------
def _audit_chain() -> list[str]:
    report = audit_verify()
    if report.ok:
        return []
    return [
        f"the audit chain is broken at event {report.first_broken_seq}: {report.reason} "
        f"({report.checked} events before it verified)"
    ]


UNSETTLED = "nothing left queued or running"


# --- Who can manage roles ----------------------------------------------------------------------
def _superusers_unaccounted_for() -> list[str]:
    """Every active superuser was made one where it is recorded: a sealed "role.superuser_granted"
    event (the admin, `manage.py createsuperuser`, the demo seed). One made in a shell or by writing
    the database has none, and could have granted itself any role."""
    superusers = list(
        get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").values_list("pk", "username")
    )
    granted = sealed_events(
        verb="role.superuser_granted", object_type="auth.user", object_ids=[pk for pk, _name in superusers]
    )
    missing = [f"{name} (user {pk})" for pk, name in superusers if str(pk) not in granted]
    return [f"Superusers with no recorded grant: {_named(missing)}."] if missing else []


CHECKS = {
    UNSETTLED: _unsettled_work,
    "every failure has a reason": _failures_without_reason,
    "no duplicate decisions": _duplicate_decisions,
    "no duplicate audit events": _duplicate_audit_events,
    "every finished job has its audit event": _finished_jobs_without_their_event,
    "no duplicate publications": _duplicate_publications,
    "every publication approved for exactly its content": _publications_without_their_approvals,
    "webhook deliveries unique, ids kept": _webhook_deliveries,
    "every text has a record of who wrote it": _segments_without_a_writer,
    "the audit chain verifies": _audit_chain,
    "every superuser's grant is recorded": _superusers_unaccounted_for,
}
