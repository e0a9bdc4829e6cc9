"""Authoring pages: home, leaflets, the segment editor, revisions, the patient page, the dashboard.

Thin by rule: parse the request, ask review.permissions, call a service, render.
Anything a user may not see answers 404 (`require`), an action on something
they may see but not change answers 403.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from review import permissions
from review.models import Publication, PublicationText
from review.selectors import change_requests_for, gate_evaluate, translation_queue
from translations import evaluation, provider_services
from translations.models import Provider
from workbench import dashboard, queueing, services
from workbench.forms import (
    EDITOR_KINDS,
    LeafletCreateForm,
    LeafletEditForm,
    SegmentRow,
    UiLanguageForm,
    apply_editor_op,
    segment_inputs,
    segment_kind_errors,
    segment_rows_from_post,
)
from workbench.http import (
    flash_validation_error,
    submit_once,
    validation_messages,
    visible_leaflet_or_404,
)
from workbench.languages import CONTENT_LANGUAGES
from workbench.models import Revision, Segment, UserPreference

log = logging.getLogger(__name__)


@dataclass
class CitedRow(SegmentRow):
    """An editor row with the passages its segment cites, as the author wrote them ("P12 P40")."""

    citations: str = ""


_PASSAGE_ID = re.compile(r"^[Pp]?(\d{1,18})$")


def _passage_ids(value: str) -> tuple[list[int], list[str]]:
    """The passage ids in "P12, P40 7" and the pieces that are not ids."""
    ids, bad = [], []
    for piece in re.split(r"[\s,;]+", value.strip()):
        if not piece:
            continue
        match = _PASSAGE_ID.match(piece)
        if match:
            ids.append(int(match.group(1)))
        else:
            bad.append(piece)
    return list(dict.fromkeys(ids)), bad


def _editor_post(request) -> tuple[list, list[str], str]:
    """The segment rows an editor form posted, any errors reading them, and the editor operation asked for."""
    try:
        rows = segment_rows_from_post(request.POST)
    except ValidationError as exc:
        return [], validation_messages(exc), request.POST.get("op", "")
    errors = segment_kind_errors(rows)
    citations = request.POST.getlist("seg_citations")
    # A form without the citation fields (an older page, a script) leaves every segment's citations as they are.
    if len(citations) == len(rows):
        rows = [
            CitedRow(key=r.key, kind=r.kind, text=r.text, citations=c.strip())
            for r, c in zip(rows, citations, strict=True)
        ]
        for n, value in enumerate(citations, start=1):
            bad = _passage_ids(value)[1]
            if bad:
                errors.append(
                    _("Segment %(n)d cites %(what)s, which is not a passage id (like P12).")
                    % {"n": n, "what": ", ".join(bad)}
                )
    return rows, errors, request.POST.get("op", "")


def _editor_inputs(rows: list) -> list[services.SegmentInput]:
    """The service's input, with the citations of the rows that carried a citations field."""
    return [
        replace(i, citations=tuple(_passage_ids(row.citations)[0])) if isinstance(row, CitedRow) else i
        for i, row in zip(segment_inputs(rows), rows, strict=True)
    ]


def _rows_with_citations(revision: Revision) -> list[CitedRow]:
    """The editor's rows of a revision (not its title), each with the passages its segment cites now.

    One query, segments joined to their citations, so the editor costs what it did before citations.
    """
    rows: dict[str, CitedRow] = {}
    for key, kind, text, passage_id in (
        Segment.objects.filter(revision=revision)
        .exclude(kind=Segment.Kind.TITLE)
        .order_by("position", "citations__passage_id")
        .values_list("key", "kind", "text", "citations__passage_id")
    ):
        row = rows.setdefault(str(key), CitedRow(key=str(key), kind=kind, text=text))
        if passage_id is not None:
            row.citations = f"{row.citations} P{passage_id}".strip()
    return list(rows.values())


def _html_lang(code: str) -> str:
    language = CONTENT_LANGUAGES.get(code)
    return language.html_lang if language else "en"


def _segment_kinds():
    # The title has its own field in the editor; it is not a kind the author picks for a segment.
    return EDITOR_KINDS


# --- Language preference ------------------------------------------------------------------
@require_POST
def set_language(request):
    """Django's set_language (cookie + redirect), and for a logged-in user the stored preference."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        preference = UserPreference.objects.filter(user=request.user).first() or UserPreference(user=request.user)
        form = UiLanguageForm({"ui_language": request.POST.get("language", "")}, instance=preference)
        if form.is_valid():
            form.save()
    return response


# --- Home and lists ---------------------------------------------------------------------------
@login_required
def home(request):
    user = request.user
    # A translator's list: texts of their languages that need human translation (None: not a translator).
    translation = translation_queue(user=user, limit=dashboard.HOME_LIMIT) if permissions.is_translator(user) else None
    sections = dashboard.home_sections(user)
    # Every list that says "changes requested" shows what was asked: read once for all their texts.
    texts = [
        row.text_version for state in (sections.author or []) + (sections.blocked or []) for row in state.gate.rows
    ]
    texts += [item.text_version for item in sections.queue or []]
    texts += [item.text_version for item in (translation.items if translation else [])]
    change_requests = change_requests_for(
        text_versions={tv for tv in texts if tv is not None and permissions.can_view_text(user, tv)}
    )
    return render(
        request,
        "workbench/home.html",
        {"sections": sections, "translation": translation, "change_requests": change_requests},
    )


@login_required
def leaflet_list(request):
    leaflets = (
        permissions.visible_leaflets(request.user)
        .select_related("created_by", "current_revision")
        .order_by("-updated_at")
    )
    query = request.GET.get("q", "").strip()
    if query:
        leaflets = leaflets.filter(Q(title__icontains=query) | Q(topic__icontains=query))
    page = Paginator(leaflets, 25).get_page(request.GET.get("page"))
    states = dashboard.leaflet_states(page.object_list)
    return render(request, "workbench/leaflet_list.html", {"page": page, "states": states, "query": query})


# --- Creating and editing ----------------------------------------------------------------------
def _editor_context(*, text_lang: str = "en", **extra):
    labels = {
        "kind": _("Kind of segment %(n)s"),
        "up": _("Move segment %(n)s up"),
        "down": _("Move segment %(n)s down"),
        "add": _("Add a segment after segment %(n)s"),
        "delete": _("Delete segment %(n)s"),
        "text": _("Text of segment %(n)s"),
        "citations": _("Passages cited by segment %(n)s"),
        "attach": _("Attach"),
        "attached": _("Passage %(id)s attached."),
        "no_suggestions": _("No passage matches this segment."),
        "confirm_delete": _("Delete this segment and its text?"),
        "changed": _("The segment list changed; it is saved when you press Save."),
    }
    return {
        "segment_kinds": _segment_kinds(),
        "blank_row": SegmentRow(key="", kind=Segment.Kind.PARAGRAPH, text=""),
        "editor_labels": labels,
        "text_lang": text_lang,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def leaflet_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_leaflet(request.user):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        form = LeafletCreateForm(request.POST)
        rows, errors, op = _editor_post(request)
        if op:
            rows = apply_editor_op(rows, op)
            return render(
                request,
                "workbench/leaflet_create.html",
                _editor_context(
                    form=form,
                    rows=rows,
                    errors=errors,
                    suppress_errors=True,
                    text_lang=_html_lang(request.POST.get("source_language", "en")),
                ),
            )
        if form.is_valid() and not errors:
            data = form.cleaned_data
            try:
                leaflet = services.leaflet_create(
                    user=request.user,
                    title=data["title"],
                    topic=data["topic"],
                    audience=data["audience"],
                    review_interval_months=data["review_interval_months"] or 24,
                    source_language=data["source_language"],
                    required_languages=data["required_languages"],
                    dual_forward_languages=data["dual_forward_languages"],
                    segments=_editor_inputs(rows),
                )
            except ValidationError as exc:
                errors = validation_messages(exc)
            else:
                messages.success(request, _("Leaflet created as revision 1. Next: translate it."))
                return redirect("leaflet_detail", leaflet_id=leaflet.pk)
    else:
        form = LeafletCreateForm()
        rows = [
            SegmentRow(key="", kind=Segment.Kind.HEADING, text=""),
            SegmentRow(key="", kind=Segment.Kind.PARAGRAPH, text=""),
        ]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workbench/leaflet_create.html",
        _editor_context(
            form=form, rows=rows, errors=errors, text_lang=_html_lang(request.POST.get("source_language", "en"))
        ),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def leaflet_edit(request, leaflet_id: int):
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    if not permissions.can_edit_leaflet(request.user, leaflet):
        raise PermissionDenied
    current = leaflet.revision_now()
    errors: list[str] = []
    loaded_from = None
    if request.method == "POST":
        form = LeafletEditForm(request.POST)
        rows, errors, op = _editor_post(request)
        if op:
            return render(
                request,
                "workbench/leaflet_edit.html",
                _editor_context(
                    leaflet=leaflet,
                    form=form,
                    rows=apply_editor_op(rows, op),
                    errors=errors,
                    suppress_errors=True,
                    text_lang=_html_lang(leaflet.source_language_id),
                ),
            )
        if form.is_valid() and not errors:
            data = form.cleaned_data
            try:
                # The title is content patients see: it is saved with the segments, in the same revision.
                result = services.revision_save(
                    leaflet=leaflet,
                    user=request.user,
                    segments=_editor_inputs(rows),
                    title=data["title"],
                    base_revision_number=data["base_revision_number"],
                    note=data["note"],
                )
                interval = data["review_interval_months"] or leaflet.review_interval_months
                dual = sorted(data["dual_forward_languages"])
                details = (data["topic"].strip(), data["audience"].strip(), interval, dual)
                details_changed = details != (
                    leaflet.topic,
                    leaflet.audience,
                    leaflet.review_interval_months,
                    sorted(leaflet.dual_forward_languages),
                )
                if details_changed and not result.conflict:
                    services.leaflet_update_details(
                        leaflet=leaflet,
                        user=request.user,
                        topic=data["topic"],
                        audience=data["audience"],
                        review_interval_months=interval,
                        dual_forward_languages=data["dual_forward_languages"],
                    )
            except ValidationError as exc:
                errors = validation_messages(exc)
            else:
                if result.current is not None:  # a conflict
                    messages.warning(
                        request,
                        _(
                            "Someone else saved revision %(current)d while you were editing. Your version was kept "
                            "as revision %(yours)d: nothing was lost. Compare the two below, then open yours in the "
                            "editor to combine them."
                        )
                        % {"current": result.current.number, "yours": result.revision.number},
                    )
                    return redirect("revision_conflict", leaflet_id=leaflet.pk, number=result.revision.number)
                if result.revision.number == data["base_revision_number"]:
                    messages.info(
                        request,
                        _("The details were saved; the text did not change, so no new revision was made.")
                        if details_changed
                        else _("Nothing changed, so no new revision was saved."),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Saved as revision %(n)d. Changed segments go back to translation "
                            "and every language back to review."
                        )
                        % {"n": result.revision.number},
                    )
                return redirect("leaflet_detail", leaflet_id=leaflet.pk)
    else:
        source = current
        from_number = request.GET.get("from", "")
        if from_number.isdigit():
            source = get_object_or_404(Revision, leaflet=leaflet, number=int(from_number))
            if source.pk != current.pk:
                loaded_from = source
        form = LeafletEditForm(
            initial={
                "title": services.revision_title(source, fallback=leaflet.title),
                "topic": leaflet.topic,
                "audience": leaflet.audience,
                "review_interval_months": leaflet.review_interval_months,
                "dual_forward_languages": leaflet.dual_forward_languages,
                "base_revision_number": current.number,
            }
        )
        rows = _rows_with_citations(source)
    return render(
        request,
        "workbench/leaflet_edit.html",
        _editor_context(
            leaflet=leaflet,
            form=form,
            rows=rows,
            errors=errors,
            loaded_from=loaded_from,
            text_lang=_html_lang(leaflet.source_language_id),
        ),
        status=400 if request.method == "POST" else 200,
    )


# --- Overview, revisions, diff ----------------------------------------------------------------------
@login_required
def leaflet_detail(request, leaflet_id: int):
    from translations.models import Job

    leaflet = visible_leaflet_or_404(request, leaflet_id)
    gate = gate_evaluate(leaflet=leaflet)
    user = request.user
    visible = [
        row.text_version for row in gate.rows if row.text_version and permissions.can_view_text(user, row.text_version)
    ]
    change_requests = change_requests_for(text_versions=visible)
    rows = [
        {
            "row": row,
            "can_view": row.text_version in visible,
            # What the reviewers asked, shown in their stage's column.
            "change_requests": change_requests.get(row.text_version.pk, []) if row.text_version else [],
            # Translated twice and waiting for a translator to reconcile the versions (translations/reconciliation.py).
            "can_reconcile": row.text_version is not None
            and row.text_version.state == "awaiting_reconciliation"
            and permissions.can_reconcile(user, row.text_version),
        }
        for row in gate.rows
    ]
    jobs = list(Job.objects.filter(leaflet=leaflet).select_related("created_by").order_by("-created_at")[:12])
    live = leaflet.publications.filter(state=Publication.State.LIVE).first()
    live_languages = (
        list(PublicationText.objects.filter(publication=live).values_list("language_id", flat=True)) if live else []
    )
    return render(
        request,
        "workbench/leaflet_detail.html",
        {
            "leaflet": leaflet,
            "gate": gate,
            "rows": rows,
            "jobs": jobs,
            "live": live,
            "live_languages": live_languages,
            "can_edit": permissions.can_edit_leaflet(user, leaflet),
            "can_queue": permissions.can_queue_jobs(user, leaflet),
            "can_publish": permissions.can_publish(user, leaflet),
            "can_view_audit": permissions.can_view_audit(user, leaflet),
            "target_languages": [code for code in leaflet.language_codes() if code != leaflet.source_language_id],
        },
    )


@login_required
def revision_list(request, leaflet_id: int):
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    revisions = leaflet.revisions.select_related("created_by").order_by("-number")
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    return render(request, "workbench/revision_list.html", {"leaflet": leaflet, "page": page})


def _revision_or_404(leaflet, number) -> Revision:
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(Revision.objects.select_related("created_by"), leaflet=leaflet, number=number)


@login_required
def revision_compare(request, leaflet_id: int):
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    current = leaflet.revision_now()
    new = _revision_or_404(leaflet, request.GET.get("new", current.number))
    default_old = new.parent.number if new.parent is not None else new.number
    old = _revision_or_404(leaflet, request.GET.get("old", default_old))
    rows = services.revision_diff(old=old, new=new)
    return render(
        request,
        "workbench/revision_compare.html",
        {
            "leaflet": leaflet,
            "old": old,
            "new": new,
            "rows": rows,
            "revisions": leaflet.revisions.order_by("-number").values_list("number", flat=True),
            "changed": sum(1 for r in rows if r.status != "same"),
        },
    )


@login_required
def revision_conflict(request, leaflet_id: int, number: int):
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    conflict = _revision_or_404(leaflet, number)
    if not conflict.is_conflict:
        raise Http404
    current = leaflet.revision_now()
    base = conflict.parent
    return render(
        request,
        "workbench/revision_conflict.html",
        {
            "leaflet": leaflet,
            "conflict": conflict,
            "current": current,
            "base": base,
            "rows": services.revision_diff(old=current, new=conflict),
            "their_rows": services.revision_diff(old=base, new=current) if base else [],
            "can_edit": permissions.can_edit_leaflet(request.user, leaflet),
        },
    )


# --- Quality dashboard ---------------------------------------------------------------------------------
@login_required
def quality_dashboard(request):
    user = request.user
    if not permissions.can_view_dashboard(user):
        raise PermissionDenied
    data = dashboard.quality_dashboard(permissions.visible_leaflets(user))
    return render(
        request,
        "workbench/dashboard.html",
        {
            "data": data,
            "evidence": dashboard.provider_evidence(),
            "may_manage_providers": permissions.can_manage_providers(user),
        },
    )


# The dashboard's actions on model providers: small forms, defined here beside their only views.
class RoutingBoundForm(forms.Form):
    max_cost_per_100_segments = forms.DecimalField(
        label=gettext_lazy("Maximum cost per 100 segments"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=6,
    )
    max_latency_p95_s = forms.FloatField(
        label=gettext_lazy("Maximum latency p95 in seconds"), required=False, min_value=0.001
    )


class EvaluateForm(forms.Form):
    providers = forms.TypedMultipleChoiceField(label=gettext_lazy("Providers"), coerce=int)
    reference = forms.ChoiceField(label=gettext_lazy("Reference"))
    source_language = forms.ChoiceField(
        label=gettext_lazy("Translated from"), choices=[(code, code) for code in CONTENT_LANGUAGES]
    )

    def __init__(self, *args, providers, references, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["providers"].choices = [(p.pk, p.name) for p in providers]
        self.fields["reference"].choices = [(r, r) for r in references]


def _flash_form_errors(request, form: forms.Form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _language_or_404(language: str) -> str:
    if language not in CONTENT_LANGUAGES:
        raise Http404
    return language


def _require_provider_manager(request) -> None:
    if not permissions.can_manage_providers(request.user):
        raise PermissionDenied


def _evidence_url(language: str) -> str:
    return reverse("quality_dashboard") + f"#evidence-{language}"


def _posted_ids(value: str) -> list[int] | None:
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        return None


@login_required
@require_POST
@submit_once
def dashboard_routing_bounds(request, language: str):
    """Set the cost and latency bounds the suggested routing of one language must stay within."""
    _language_or_404(language)
    _require_provider_manager(request)
    form = RoutingBoundForm(request.POST)
    if not form.is_valid():
        _flash_form_errors(request, form)
        return redirect(_evidence_url(language))
    try:
        provider_services.routing_bound_save(actor=request.user, language=language, **form.cleaned_data)
    except ValidationError as exc:
        flash_validation_error(request, exc)
    else:
        messages.success(request, _("Routing bounds saved."))
    return redirect(_evidence_url(language))


@login_required
@require_POST
@submit_once
def dashboard_route_apply(request, language: str):
    """Route this language's translations to the suggested providers, if the page showed what is current."""
    _language_or_404(language)
    _require_provider_manager(request)
    shown_providers = _posted_ids(request.POST.get("providers", ""))
    shown_evidence = _posted_ids(request.POST.get("evidence", ""))
    current = dashboard.routing_suggestion(language)
    if current is None or shown_evidence is None or sorted(shown_evidence) != current.evidence:
        messages.error(
            request,
            _(
                "The evaluation results changed since the page was shown, so the suggestion was not applied. "
                "Check the figures and the new suggestion below."
            ),
        )
        return redirect(_evidence_url(language))
    if shown_providers != current.provider_ids:
        messages.error(
            request,
            _(
                "The suggestion changed since the page was shown (bounds or revalidation), so it was not applied. "
                "Check the new suggestion below."
            ),
        )
        return redirect(_evidence_url(language))
    try:
        provider_services.route_apply_suggestion(
            actor=request.user,
            language=language,
            providers=[row.provider for row in current.rows],
            evidence=current.evidence,
        )
    except ValidationError as exc:
        flash_validation_error(request, exc)
    else:
        messages.success(request, _("Translations into this language now go to the suggested providers."))
    return redirect(_evidence_url(language))


@login_required
@require_POST
@submit_once
def dashboard_evaluate(request, language: str):
    """Queue an evaluation of the chosen providers against a reference; the worker runs it."""
    _language_or_404(language)
    _require_provider_manager(request)
    form = EvaluateForm(
        request.POST,
        providers=Provider.objects.filter(enabled=True).order_by("name"),
        references=dashboard.evaluation_references(),
    )
    if not form.is_valid():
        _flash_form_errors(request, form)
        return redirect(_evidence_url(language))
    try:
        evaluation.evaluation_queue(
            actor=request.user,
            language=language,
            source_language=form.cleaned_data["source_language"],
            reference=form.cleaned_data["reference"],
            providers=list(Provider.objects.filter(pk__in=form.cleaned_data["providers"]).order_by("name")),
        )
    except ValidationError as exc:
        flash_validation_error(request, exc)
    except queueing.QueueUnavailable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Evaluation queued. Its state is shown below."))
    return redirect(_evidence_url(language))
