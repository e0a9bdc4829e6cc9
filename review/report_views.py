"""Problem reports: the readers' form (public) and the staff queue.

The public pages speak the reader's language: the content language in the URL picks the
interface language (UI_LANGUAGE_FOR_CONTENT), as on the patient page, and every outcome,
refusals included, is a page in that language, never a bare error.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from review import permissions
from review.models import AuditEvent, ProblemReport, Publication
from review.reports import (
    MESSAGE_MAX_CHARS,
    MESSAGE_MIN_CHARS,
    OPEN_STATES,
    LooksAutomated,
    NotLive,
    RateLimited,
    live_text,
    open_report_counts,
    problem_report_acknowledge,
    problem_report_dismiss,
    problem_report_mark_fixed,
    problem_report_submit,
    problem_report_withdraw_publication,
    problem_reports_for,
)
from workbench.http import flash_validation_error, submit_once, validation_messages
from workbench.languages import CONTENT_LANGUAGES, UI_LANGUAGE_FOR_CONTENT
from workbench.models import Revision
from workbench.patient import organisation

HONEYPOT_FIELD = "website"
REPORTS_PER_PAGE = 50


# --- The readers' form (no login) ----------------------------------------------------------------
def _title_of(body: list) -> str:
    """The approved title of a frozen body (its title item, else its first heading), as the patient page shows it."""
    for kind in ("title", "heading"):
        title = next((item.get("text", "") for item in body if item.get("kind") == kind), "")
        if title:
            return title
    return ""


def _patient_page(lang: str, context: dict, *, status: int) -> HttpResponse:
    content = CONTENT_LANGUAGES.get(lang) or CONTENT_LANGUAGES["en"]
    html = render_to_string(
        "review/report_form.html",
        {
            "content": content,
            "organisation": organisation(),
            "others": [],
            "lang": content.code,
            "categories": ProblemReport.Category.choices,
            "min_chars": MESSAGE_MIN_CHARS,
            "max_chars": MESSAGE_MAX_CHARS,
            "honeypot_field": HONEYPOT_FIELD,
            **context,
        },
    )
    response = HttpResponse(html, status=status)
    response["Content-Language"] = content.html_lang
    return response


def _cross_site(request: HttpRequest) -> bool:
    """Whether the browser says the form was sent from another site's page."""
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False  # older browsers and some privacy tools send neither header: the other guards still apply
    return origin != f"{request.scheme}://{request.get_host()}" and origin not in settings.CSRF_TRUSTED_ORIGINS


# No CSRF token: the form sits inside the patient page, which is rendered once and served from the
# cache to every reader, so it cannot carry a per-visitor token (nor may it set a cookie). A forged
# cross-site report could at worst add one report to a queue; what holds that off instead: the
# browser's Origin / Sec-Fetch-Site headers naming another site are refused, a hidden field that
# only robots fill is refused, and the service limits reports per sender and per leaflet.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def problem_report(request: HttpRequest, leaflet_id: int, lang: str) -> HttpResponse:
    """GET: the form on a page of its own (for readers without the inline form). POST: send a report."""
    with translation.override(UI_LANGUAGE_FOR_CONTENT.get(lang, "en")):
        return _problem_report(request, leaflet_id, lang)


def _unavailable(lang: str) -> HttpResponse:
    return _patient_page(lang, {"outcome": "unavailable"}, status=404)


def _problem_report(request: HttpRequest, leaflet_id: int, lang: str) -> HttpResponse:
    if lang not in CONTENT_LANGUAGES:
        return _unavailable("en")
    text = live_text(leaflet_id=leaflet_id, language=lang)
    if text is None:
        return _unavailable(lang)
    page = {"leaflet_id": leaflet_id, "title": _title_of(text.body)}
    if request.method == "GET":
        return _patient_page(lang, {**page, "outcome": "form"}, status=200)
    if _cross_site(request):
        return _patient_page(lang, {**page, "outcome": "refused"}, status=403)
    category = request.POST.get("category", "")
    message = request.POST.get("message", "")
    try:
        problem_report_submit(
            leaflet_id=leaflet_id,
            language=lang,
            category=category,
            message=message,
            client_address=request.META.get("REMOTE_ADDR", ""),
            honeypot=request.POST.get(HONEYPOT_FIELD, ""),
        )
    except NotLive:
        return _unavailable(lang)
    except RateLimited:
        return _patient_page(lang, {**page, "outcome": "limited"}, status=429)
    except LooksAutomated:
        return _patient_page(lang, {**page, "outcome": "refused"}, status=400)
    except ValidationError as exc:
        # The form again, with what the reader wrote, so nothing typed is lost.
        context = {"outcome": "form", "errors": validation_messages(exc), "category": category, "message": message}
        return _patient_page(lang, {**page, **context}, status=400)
    return _patient_page(lang, {**page, "outcome": "thanks"}, status=201)


# --- The staff queue -----------------------------------------------------------------------------
_FILTERS = ("open", *ProblemReport.State.values, "all")


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_reports(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "open")
    if state not in _FILTERS:
        state = "open"
    reports = problem_reports_for(request.user, state=None if state == "all" else state)
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    filters = [
        ("open", pgettext("problem reports", "Open")),
        *ProblemReport.State.choices,
        ("all", pgettext("problem reports", "All")),
    ]
    return render(
        request,
        "review/reports.html",
        {"page": page, "state": state, "filters": filters, "counts": open_report_counts(request.user)},
    )


def _report_or_404(request: HttpRequest, report_id: int) -> ProblemReport:
    report = get_object_or_404(
        ProblemReport.objects.select_related(
            "leaflet__source_language", "language", "publication__revision", "state_changed_by"
        ),
        pk=report_id,
    )
    permissions.require(permissions.can_view_reports(request.user, report.leaflet))
    return report


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_or_404(request, report_id)
    user = request.user
    is_open = report.state in OPEN_STATES
    can_handle = permissions.can_handle_report(user, report)
    live = report.publication.state == Publication.State.LIVE
    history = (
        AuditEvent.objects.filter(object_type="review.problemreport", object_id=str(report.pk))
        .select_related("actor")
        .order_by("seq")
    )
    newer_revisions = list(
        Revision.objects.filter(leaflet=report.leaflet, number__gt=report.revision_number)
        .order_by("-number")
        .values_list("number", flat=True)
    )
    return render(
        request,
        "review/report_detail.html",
        {
            "report": report,
            "history": history,
            "live": live,
            "can_acknowledge": can_handle and report.state == ProblemReport.State.NEW,
            "can_close": can_handle and is_open,
            "can_withdraw": live and permissions.can_publish(user, report.leaflet),
            "newer_revisions": newer_revisions,
        },
    )


def _act(request: HttpRequest, report_id: int, action, success: str) -> HttpResponse:
    report = _report_or_404(request, report_id)
    try:
        action(report)
    except ValidationError as exc:
        flash_validation_error(request, exc)
    else:
        messages.success(request, success)
    return redirect("report_detail", report_id=report.pk)


@login_required
@require_POST
@submit_once
def report_acknowledge(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        lambda report: problem_report_acknowledge(report=report, user=request.user),
        _("Report acknowledged."),
    )


@login_required
@require_POST
@submit_once
def report_mark_fixed(request: HttpRequest, report_id: int) -> HttpResponse:
    raw = request.POST.get("revision_number", "").strip()
    if not (raw.isascii() and raw.isdigit()):
        _report_or_404(request, report_id)
        messages.error(request, _("Give the number of the revision that fixes the problem."))
        return redirect("report_detail", report_id=report_id)
    return _act(
        request,
        report_id,
        lambda report: problem_report_mark_fixed(report=report, user=request.user, revision_number=int(raw)),
        _("Report closed as fixed in revision %(n)d.") % {"n": int(raw)},
    )


@login_required
@require_POST
@submit_once
def report_dismiss(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        lambda report: problem_report_dismiss(report=report, user=request.user, reason=request.POST.get("reason", "")),
        _("Report dismissed."),
    )


@login_required
@require_POST
@submit_once
def report_withdraw(request: HttpRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        lambda report: problem_report_withdraw_publication(
            report=report, user=request.user, reason=request.POST.get("reason", "")
        ),
        _("Publication withdrawn. Patients no longer see it."),
    )
