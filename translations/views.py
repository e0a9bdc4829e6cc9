"""Model jobs (draft, translate, progress, cancel, retry), the glossary pages, vendor files, and the
translation screen where the language's human translators translate a text segment by segment.

translations.jobs is imported inside the views: this module must import (and
the rest of the site work) even where the job machinery is not installed.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from review import permissions, rules, save_all
from review.forms import SegmentEditForm
from review.models import Comment, FindingOverride
from review.selectors import decisions_of, job_output, open_change_requests
from review.services import translation_claim, translation_claim_release, translation_mark_ready
from translations import jobs, phi_allow
from translations.dual_forward import newest_versions
from translations.edits import StaleEdit, target_segment_edit
from translations.forms import DraftBriefForm, GlossaryTermForm, TranslateForm
from translations.glossary import glossary_term_save
from translations.models import (
    Finding,
    GlossaryTerm,
    Job,
    MemoryEntry,
    TargetSegment,
    TextVersion,
    TranslationClaim,
    Vendor,
    VendorExport,
)
from translations.qa_runner import current_findings
from translations.reconciliation import forward_version_write, reconciliation_rows, reconciliation_save
from workbench import dashboard
from workbench.http import (
    flash_validation_error,
    leaflet_url,
    once_remember,
    safe_next,
    submit_once,
    validation_messages,
    visible_leaflet_or_404,
)
from workbench.languages import CONTENT_LANGUAGES
from workbench.queueing import QueueUnavailable


# --- Drafting with a model ------------------------------------------------------------------------
def _brief_form_masked(form: DraftBriefForm, refused: jobs.PersonalDataInBrief, posted) -> DraftBriefForm:
    """The brief shown again with each identifier masked where it was typed, each message beside its field.

    The author sees exactly where the identifier was, the page never carries it back, and sending the
    form unchanged is refused again (a masked NRIC is personal data too) until it is replaced.
    """
    data = posted.copy()
    for name in dict.fromkeys(finding.field for finding in refused.findings):
        here = [f for f in refused.findings if f.field == name]
        text = form.cleaned_data[name]
        if all(f.index is None for f in here):
            data[name] = _masked_text(text, [(f.start, f.end, f.masked) for f in here])
            continue
        # A list field (key messages): item N is the Nth line that is not blank, stripped.
        lines = text.splitlines()
        rows = [i for i, line in enumerate(lines) if line.strip()]
        for index in {f.index for f in here if f.index is not None}:
            line = lines[rows[index]]
            lead = len(line) - len(line.lstrip())
            spans = [(lead + f.start, lead + f.end, f.masked) for f in here if f.index == index]
            lines[rows[index]] = _masked_text(line, spans)
        data[name] = "\n".join(lines)
    shown = DraftBriefForm(data)
    shown.is_valid()
    # Keyed by the form's field names: each message lands beside its field, which Django marks aria-invalid.
    shown.add_error(None, refused)
    return shown


def _masked_text(text: str, spans: list[tuple[int, int, str]]) -> str:
    for start, end, masked in sorted(spans, reverse=True):  # from the end, so earlier positions hold
        text = text[:start] + masked + text[end:]
    return text


def _draft(request, leaflet):
    if request.method == "POST":
        form = DraftBriefForm(request.POST)
        if form.is_valid():
            try:
                job = jobs.job_queue_draft(
                    leaflet_or_none=leaflet,
                    user=request.user,
                    brief=form.brief(),
                    title=form.cleaned_data["title"],
                    required_languages=form.cleaned_data["required_languages"],
                )
            except jobs.PersonalDataInBrief as refused:
                form = _brief_form_masked(form, refused, request.POST)
            except ValidationError as exc:
                for message in validation_messages(exc):
                    form.add_error(None, message)
            except QueueUnavailable as exc:
                form.add_error(None, str(exc))  # the brief is kept on the form for the next try
                return render(request, "translations/draft_form.html", {"form": form, "leaflet": leaflet}, status=503)
            else:
                messages.success(request, _("The model is drafting the leaflet. You can follow it below."))
                return redirect(job_url(job))
    else:
        initial = {}
        if leaflet is not None:
            initial = {
                "title": leaflet.title,
                "topic": leaflet.topic,
                "audience": leaflet.audience,
                "required_languages": leaflet.language_codes(),
            }
        form = DraftBriefForm(initial=initial)
    return render(
        request,
        "translations/draft_form.html",
        {"form": form, "leaflet": leaflet},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def draft_new(request):
    if not (permissions.can_create_leaflet(request.user) and permissions.can_queue_jobs(request.user, None)):
        raise PermissionDenied
    return _draft(request, None)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def draft_existing(request, leaflet_id: int):
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    if not permissions.can_queue_jobs(request.user, leaflet):
        raise PermissionDenied
    return _draft(request, leaflet)


# --- Translating ------------------------------------------------------------------------------------
@login_required
@require_POST
@submit_once
def translate(request, leaflet_id: int):
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    if not permissions.can_queue_jobs(request.user, leaflet):
        raise PermissionDenied
    form = TranslateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose languages to translate into."))
        return redirect(leaflet_url(leaflet.pk, "jobs"))
    if request.POST.get("all"):
        languages = None  # every required language that still needs it
    else:
        languages = form.cleaned_data["languages"]
        if not languages:
            messages.error(request, _("Tick at least one language, or use “Translate all languages”."))
            return redirect(leaflet_url(leaflet.pk, "jobs"))
    try:
        queued = jobs.job_queue_translation(leaflet=leaflet, user=request.user, languages=languages)
    except ValidationError as exc:
        flash_validation_error(request, exc)
    except QueueUnavailable as exc:
        messages.error(request, str(exc))
    else:
        if queued:
            messages.success(
                request,
                _("Translation queued for: %(languages)s.")
                % {"languages": ", ".join(sorted({j.language for j in queued}))},
            )
        else:
            messages.info(request, _("Nothing to translate: every segment already has a translation."))
    return redirect(leaflet_url(leaflet.pk, "jobs"))


# --- Job progress, cancel, retry ------------------------------------------------------------------------
def job_payload(job: Job) -> dict:
    total = job.progress_total or 0
    done = min(job.progress_done or 0, total) if total else (job.progress_done or 0)
    payload = {
        "id": job.pk,
        "kind": job.kind,
        "kind_label": str(job.get_kind_display()),
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "language": job.language,
        "done": done,
        "total": total,
        "percent": int(round(100 * done / total)) if total else (100 if job.state == Job.State.SUCCEEDED else 0),
        "finished": job.is_finished,
        "error": job.error,
        "attempts": job.attempts,
        "tokens_in": job.tokens_in,
        "tokens_out": job.tokens_out,
        "tokens_reasoning": job.tokens_reasoning,
        "cost": str(job.cost),
        "reported_model": job.reported_model,
        "result_url": "",
    }
    if job.kind == Job.Kind.DRAFT and job.result_revision_id:
        payload["result_url"] = reverse("leaflet_edit", kwargs={"leaflet_id": job.leaflet_id})
    return payload


def job_url(job: Job) -> str:
    """Where a job's progress panel is: its leaflet's page, or (a draft of a new leaflet) the job's own page."""
    if job.leaflet_id:
        return leaflet_url(job.leaflet_id, f"job-{job.pk}")
    return reverse("job_detail", kwargs={"job_id": job.pk})


def _visible_job_or_404(request, job_id: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("leaflet", "created_by"), pk=job_id)
    permissions.require(permissions.can_view_job(request.user, job))
    return job


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def job_detail(request, job_id: int):
    job = _visible_job_or_404(request, job_id)
    may_override = job.leaflet is not None and permissions.can_edit_leaflet(request.user, job.leaflet)
    if request.method == "POST":
        return _phi_name_override(request, job, may_override)
    return render(
        request,
        "translations/job_detail.html",
        {
            "job": job,
            "can_queue": permissions.can_queue_jobs(request.user, job.leaflet),
            "blocked_names": phi_allow.blocked_names(job=job) if may_override else [],
            "evaluation_mark": dashboard.job_evaluation_mark(job),
            "output": job_output(job=job, user=request.user),
        },
    )


def _phi_name_override(request, job: Job, may_override: bool):
    """An author lets one name the guard found in this job's leaflet go to the model, with a reason.

    Only a name the guard finds in the job's texts today can be named (by its
    digest): the form cannot be used to clear anything else, and only people's
    names are offered at all, never identifiers."""
    if not may_override:
        raise PermissionDenied
    digest = request.POST.get("name_digest", "")
    blocked = {b.digest: b for b in phi_allow.blocked_names(job=job)}
    if digest not in blocked:
        messages.error(request, _("That name is no longer found in this job's texts."))
        return redirect(reverse("job_detail", kwargs={"job_id": job.pk}))
    try:
        phi_allow.phi_name_override_save(
            actor=request.user, leaflet=job.leaflet, name=blocked[digest].name, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        flash_validation_error(request, exc)
        return redirect(reverse("job_detail", kwargs={"job_id": job.pk}) + "#phi-names")
    messages.success(request, _("The name may now be sent for this leaflet. Retry the job to send it."))
    return redirect(reverse("job_detail", kwargs={"job_id": job.pk}) + "#phi-names")


@login_required
@never_cache
def job_progress(request, job_id: int):
    job = _visible_job_or_404(request, job_id)
    return JsonResponse(job_payload(job))


def _job_action(request, job_id: int, action: str):
    job = _visible_job_or_404(request, job_id)
    if not permissions.can_queue_jobs(request.user, job.leaflet):
        raise PermissionDenied
    try:
        if action == "cancel":
            jobs.job_cancel(job=job, user=request.user)
            messages.success(request, _("Job cancelled."))
        else:
            retried = jobs.job_retry(job=job, user=request.user)
            messages.success(request, _("Job queued again."))
            job = retried
    except ValidationError as exc:
        flash_validation_error(request, exc)
    except QueueUnavailable as exc:
        messages.error(request, str(exc))
    if action == "retry" and job.pk != job_id:
        return redirect(job_url(job))  # the retry is a new job: follow it
    return redirect(safe_next(request, job_url(job)))


@login_required
@require_POST
@submit_once
def job_cancel(request, job_id: int):
    return _job_action(request, job_id, "cancel")


@login_required
@require_POST
@submit_once
def job_retry(request, job_id: int):
    return _job_action(request, job_id, "retry")


# --- Glossary --------------------------------------------------------------------------------------------
_may_view_glossary = permissions.can_view_glossary
_may_edit_glossary = permissions.can_edit_glossary


@login_required
def glossary_index(request):
    if not _may_view_glossary(request.user):
        raise PermissionDenied
    counts = dict(GlossaryTerm.objects.values_list("target_language").annotate(n=Count("id")))
    languages = [(code, lang, counts.get(code, 0)) for code, lang in CONTENT_LANGUAGES.items() if code != "en"]
    memory_languages = [
        (code, lang) for code, lang, _n in languages if permissions.can_export_memory(request.user, code)
    ]
    return render(
        request,
        "translations/glossary_index.html",
        {
            "languages": languages,
            "memory_languages": memory_languages,
            "may_import_memory": permissions.can_import_memory(request.user),
            "max_bytes": settings.EXCHANGE_MAX_FILE_BYTES,
        },
    )


@login_required
@require_POST
@submit_once
def memory_export_file(request):
    """The approved translation memory of English -> one language, as TMX (what manage.py memory_export writes)."""
    from translations.exchange.memory import memory_export

    language = request.POST.get("language", "")
    if not permissions.can_export_memory(request.user, language):
        raise PermissionDenied
    try:
        data, _count = memory_export(user=request.user, source_language="en", target_language=language)
    except ValidationError as exc:
        flash_validation_error(request, exc)
        return redirect("glossary_index")
    response = HttpResponse(data, content_type="application/x-tmx+xml")
    response["Content-Disposition"] = f'attachment; filename="memory-en-{language}.tmx"'
    return response


@login_required
@require_POST
@submit_once
def memory_import_file(request):
    """Load a TMX file as unreviewed memory: suggestions for translators, never a fill (manage.py memory_import)."""
    from translations.exchange.memory import memory_import

    if not permissions.can_import_memory(request.user):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the TMX file to import."))
        return redirect("glossary_index")
    if upload.size is not None and upload.size > settings.EXCHANGE_MAX_FILE_BYTES:
        messages.error(
            request,
            _("The file is larger than the limit of %(limit)s bytes; nothing was imported.")
            % {"limit": settings.EXCHANGE_MAX_FILE_BYTES},
        )
        return redirect("glossary_index")
    try:
        result = memory_import(user=request.user, data=upload.read())
    except ValidationError as exc:
        flash_validation_error(request, exc)
        return redirect("glossary_index")
    messages.success(
        request,
        _("%(created)s memory entries added and %(updated)s updated, as unreviewed suggestions.")
        % {"created": len(result.created), "updated": len(result.updated)},
    )
    return redirect("glossary_index")


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def glossary_language(request, lang: str, term_id: int | None = None):
    if lang not in CONTENT_LANGUAGES or lang == "en":
        raise Http404
    if not _may_view_glossary(request.user):
        raise PermissionDenied
    may_edit = _may_edit_glossary(request.user)
    term = get_object_or_404(GlossaryTerm, pk=term_id, target_language=lang) if term_id else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = GlossaryTermForm(request.POST, instance=term or GlossaryTerm(target_language=lang, source_language="en"))
        if form.is_valid():
            try:
                glossary_term_save(term=form.save(commit=False), user=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Glossary term saved."))
                return redirect("glossary_language", lang=lang)
    else:
        form = GlossaryTermForm(instance=term) if term else GlossaryTermForm()
    form.set_target_language(CONTENT_LANGUAGES[lang].html_lang)
    terms = GlossaryTerm.objects.filter(target_language=lang).order_by("source_term")
    return render(
        request,
        "translations/glossary_language.html",
        {
            "lang": lang,
            "language": CONTENT_LANGUAGES[lang],
            "terms": terms,
            "form": form,
            "term": term,
            "may_edit": may_edit,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Files for translation vendors ----------------------------------------------------------------------------
def _exchange_languages(user, leaflet) -> list[str]:
    return [code for code in leaflet.language_codes() if permissions.can_exchange_files(user, leaflet, code)]


@login_required
def leaflet_exchange(request, leaflet_id: int):
    """The leaflet's vendor files: export a language's text, import the vendor's file back."""
    from translations.exchange import formats, services  # noqa: F401  (services registers the formats)

    leaflet = visible_leaflet_or_404(request, leaflet_id)
    languages = _exchange_languages(request.user, leaflet)
    exports = (
        VendorExport.objects.filter(leaflet=leaflet, language_id__in=languages)
        .select_related("vendor", "created_by")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "translations/exchange.html",
        {
            "leaflet": leaflet,
            "languages": languages,
            "formats": [formats.get(n) for n in formats.names()],
            "vendors": Vendor.objects.filter(enabled=True).order_by("name"),
            "exports": exports,
            "max_bytes": settings.EXCHANGE_MAX_FILE_BYTES,
            "import_languages": [
                code for code in languages if permissions.can_import_files(request.user, leaflet, code)
            ],
            "docx_languages": _docx_languages(request.user, leaflet),
            "may_import_docx": permissions.can_edit_leaflet(request.user, leaflet),
        },
    )


@login_required
@require_POST
@submit_once
def leaflet_export_file(request, leaflet_id: int):
    from translations.exchange.services import leaflet_export

    leaflet = visible_leaflet_or_404(request, leaflet_id)
    language = request.POST.get("language", "")
    if not permissions.can_exchange_files(request.user, leaflet, language):
        raise PermissionDenied
    try:
        result = leaflet_export(
            leaflet=leaflet,
            language=language,
            file_format=request.POST.get("format", ""),
            vendor_name=request.POST.get("vendor", ""),
            user=request.user,
        )
    except ValidationError as exc:
        flash_validation_error(request, exc)
        return redirect("leaflet_exchange", leaflet_id=leaflet.pk)
    response = HttpResponse(result.data, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@login_required
@require_POST
@submit_once
def leaflet_import_file(request, leaflet_id: int):
    from translations.exchange.services import leaflet_import

    leaflet = visible_leaflet_or_404(request, leaflet_id)
    language = request.POST.get("language", "")
    if not permissions.can_exchange_files(request.user, leaflet, language):
        raise PermissionDenied
    upload = request.FILES.get("file")
    back = redirect("leaflet_exchange", leaflet_id=leaflet.pk)
    if upload is None:
        messages.error(request, _("Choose the vendor's file to import."))
        return back
    if upload.size is not None and upload.size > settings.EXCHANGE_MAX_FILE_BYTES:
        messages.error(
            request,
            _("The file is larger than the limit of %(limit)s bytes; nothing was imported.")
            % {"limit": settings.EXCHANGE_MAX_FILE_BYTES},
        )
        return back
    try:
        result = leaflet_import(data=upload.read(), user=request.user, leaflet_id=leaflet.pk, language=language)
    except ValidationError as exc:
        flash_validation_error(request, exc)
        return back
    level = messages.WARNING if result.stale else messages.SUCCESS if result.applied else messages.INFO
    messages.add_message(request, level, result.summary())
    return redirect("review_screen", text_version_id=result.text_version.pk)


# --- Word documents ---------------------------------------------------------------------------------------
def _docx_languages(user, leaflet) -> list[str]:
    """The languages of the current revision whose text this user may read, and so download as a document."""
    texts = TextVersion.objects.filter(revision_id=leaflet.current_revision_id).order_by("language_id")
    return [tv.language_id for tv in texts if permissions.can_view_text(user, tv)]


@login_required
@require_POST
@submit_once
def leaflet_docx_export_file(request, leaflet_id: int):
    """A language's text of the current revision as a Word document (manage.py leaflet_export --format docx)."""
    from translations.exchange.word import leaflet_docx_export

    leaflet = visible_leaflet_or_404(request, leaflet_id)
    try:
        result = leaflet_docx_export(leaflet=leaflet, language=request.POST.get("language", ""), user=request.user)
    except ValidationError as exc:
        flash_validation_error(request, exc)
        return redirect("leaflet_exchange", leaflet_id=leaflet.pk)
    response = HttpResponse(result.data, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


def _docx_import(request, leaflet) -> HttpResponse:
    """The import form and, after a POST, what was imported, what was not, and where it went."""
    from translations.exchange.word import leaflet_docx_import

    context = {
        "leaflet": leaflet,
        "languages": [(code, lang) for code, lang in CONTENT_LANGUAGES.items()],
        "max_bytes": settings.EXCHANGE_MAX_FILE_BYTES,
        "chosen_language": "",
    }
    if request.method != "POST":
        return render(request, "translations/docx_import.html", context)
    upload = request.FILES.get("file")
    language = request.POST.get("language", "") if leaflet is None else ""
    context["chosen_language"] = language
    errors: list[str] = []
    if upload is None:
        errors.append(_("Choose the Word document to import."))
    elif upload.size is not None and upload.size > settings.EXCHANGE_MAX_FILE_BYTES:
        errors.append(
            _("The file is larger than the limit of %(limit)s bytes; nothing was imported.")
            % {"limit": f"{settings.EXCHANGE_MAX_FILE_BYTES:,}"}
        )
    else:
        try:
            result = leaflet_docx_import(
                data=upload.read(),
                user=request.user,
                leaflet=leaflet,
                file_name=upload.name or "",
                language=language or None,
            )
        except ValidationError as exc:
            errors.extend(validation_messages(exc))
        else:
            # A resubmitted form goes to the leaflet instead of importing the document twice.
            once_remember(request, leaflet_url(result.leaflet.pk))
            context.update({"leaflet": result.leaflet, "result": result})
            return render(request, "translations/docx_import.html", context)
    context["errors"] = errors
    return render(request, "translations/docx_import.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def leaflet_docx_new(request):
    """A new leaflet from a Word document."""
    if not permissions.can_create_leaflet(request.user):
        raise PermissionDenied
    return _docx_import(request, None)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def leaflet_docx_import_file(request, leaflet_id: int):
    """A Word document in the leaflet's source language as its new source revision."""
    leaflet = visible_leaflet_or_404(request, leaflet_id)
    if not permissions.can_edit_leaflet(request.user, leaflet):
        raise PermissionDenied
    return _docx_import(request, leaflet)


# --- Human translation: the translation screen ------------------------------------------------------------
def _translatable_or_404(request, text_version_id: int) -> TextVersion:
    """The text, if this user translates its language; anyone else gets 404 (the title must not leak)."""
    tv = get_object_or_404(
        TextVersion.objects.select_related("revision__leaflet__current_revision", "language"), pk=text_version_id
    )
    permissions.require(permissions.can_translate(request.user, tv))
    return tv


def _translate_url(tv_or_id, anchor: str = "") -> str:
    url = reverse("translation_screen", kwargs={"text_version_id": getattr(tv_or_id, "pk", tv_or_id)})
    return f"{url}#{anchor}" if anchor else url


def _translation_context(request, tv: TextVersion) -> dict:
    """Everything the screen shows, in a fixed number of queries: segments with their source, model draft,
    translation memory (reviewed, or an unreviewed suggestion) and findings; change requests; the claim."""
    leaflet = tv.revision.leaflet
    is_current = rules.is_current(tv)
    segments = list(
        TargetSegment.objects.filter(text_version=tv)
        .select_related("source_segment", "updated_by")
        .order_by("position")
    )
    memory = {
        entry.source_hash: entry
        for entry in MemoryEntry.objects.filter(
            source_language=leaflet.source_language_id,
            target_language=tv.language_id,
            source_hash__in=[s.source_segment.content_hash for s in segments],
        )
    }
    rank = {Finding.Severity.ERROR: 0, Finding.Severity.WARNING: 1, Finding.Severity.INFO: 2}
    findings = sorted(current_findings(tv), key=lambda f: (rank.get(f.severity, 3), f.check_id, f.pk))
    overrides = {
        o.finding_id: o
        for o in FindingOverride.objects.filter(finding_id__in={f.origin_id or f.pk for f in findings}).select_related(
            "reviewer"
        )
    }
    findings_by_key: dict = defaultdict(list)
    for finding in findings:
        finding.override = overrides.get(finding.origin_id or finding.pk)
        findings_by_key[finding.segment_key].append(finding)
    comments_by_key: dict = defaultdict(list)
    for comment in Comment.objects.filter(text_version=tv).select_related("author").order_by("created_at", "id"):
        comments_by_key[comment.segment_key].append(comment)
    claim = TranslationClaim.objects.select_related("claimed_by", "ready_by").filter(text_version=tv).first()
    holder = claim.claimed_by if claim is not None and claim.is_live() else None
    rows = []
    for segment in segments:
        entry = memory.get(segment.source_segment.content_hash)
        rows.append(
            {
                "segment": segment,
                # The memory's wording when it is not already the text: reviewed memory, or a suggestion.
                "memory": entry if entry is not None and entry.target_text != segment.text else None,
                "findings": findings_by_key.get(segment.key, []),
                "comments": comments_by_key.get(segment.key, []),
            }
        )
    save_all.rows_for_screen(rows)
    current_tv: TextVersion | None = tv
    if not is_current and leaflet.current_revision_id is not None:
        current_tv = TextVersion.objects.filter(
            revision_id=leaflet.current_revision_id, language_id=tv.language_id
        ).first()
    return {
        "tv": tv,
        "leaflet": leaflet,
        "is_current": is_current,
        "current_tv": current_tv,
        "rows": rows,
        "document_findings": findings_by_key.get(None, []),
        "untranslated": sum(1 for s in segments if not s.text),
        "open_requests": open_change_requests(decisions_of(tv), tv),
        "comments_general": comments_by_key.get(None, []),
        "claim": claim,
        "holder": holder,
        "mine": holder is not None and holder.pk == request.user.pk,
        "may_edit": is_current and (holder is None or holder.pk == request.user.pk),
        "ready_now": claim is not None and claim.ready_generation == tv.edit_generation,
        "active_jobs": list(tv.jobs.filter(rules.job_active()).order_by("created_at")),
        "source_language": leaflet.source_language_id,
        "claim_minutes": settings.TRANSLATION_CLAIM_MINUTES,
    }


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def translation_screen(request, text_version_id: int):
    tv = _translatable_or_404(request, text_version_id)
    if request.method == "POST":
        return _translation_save_all(request, tv)
    return render(request, "translations/translate_screen.html", _translation_context(request, tv))


def _translation_save_all(request, tv: TextVersion):
    """The screen's one save: every changed segment, each through the edit service; a stale or refused
    segment does not cost the others their save, and what was typed into it comes back in its box."""
    segments = {s.key: s for s in TargetSegment.objects.filter(text_version=tv)}
    try:
        typed = save_all.changed_segments(request.POST, segments)
        if typed:
            # Saving claims (or renews the claim on) the text, as the one-segment save does.
            translation_claim(text_version=tv, translator=request.user)
    except ValidationError as exc:
        # Refused before any segment was saved (another translator holds the text): every box keeps its text.
        context = _translation_context(request, tv)
        refused = [
            save_all.Problem(typed=t, messages=validation_messages(exc), stale=False, current=t.segment) for t in typed
        ]
        save_all.rows_for_screen(context["rows"], refused)
        for message in validation_messages(exc):
            messages.error(request, message)
        return render(request, "translations/translate_screen.html", context, status=400)
    outcome = save_all.changed_segments_save(typed=typed, editor=request.user)
    anchor = save_all.anchor_after_save(request.POST, typed, outcome)
    if outcome.saved:
        if TargetSegment.objects.filter(rules.untranslated(), text_version=tv).exists():
            messages.success(request, _("Saved."))
        else:
            messages.success(
                request,
                _("Saved. Every segment has a translation now: mark the text ready for review when you are done."),
            )
    if not outcome.problems:
        if not outcome.saved:
            messages.info(request, _("Nothing changed."))
        return redirect(_translate_url(tv, anchor))
    save_all.flash_not_saved(request, outcome)
    context = _translation_context(request, tv)
    save_all.rows_for_screen(context["rows"], outcome.problems)
    return render(request, "translations/translate_screen.html", context, status=409 if outcome.any_stale else 400)


def _translate_problem(request, tv, segment, your_text: str, problems: list[str], *, status: int):
    """The message, the text as it is stored now and what the translator typed: nothing typed is lost."""
    return render(
        request,
        "translations/translate_problem.html",
        {
            "tv": tv,
            "leaflet": tv.revision.leaflet,
            "segment": segment,
            "your_text": your_text,
            "problems": problems,
            "stale": status == 409,
        },
        status=status,
    )


@login_required
@require_POST
@submit_once
def translation_segment_save(request, text_version_id: int, key):
    """Save one segment: claims (or renews the claim on) the text, then edits it like any edit."""
    tv = _translatable_or_404(request, text_version_id)
    segment = get_object_or_404(TargetSegment.objects.select_related("source_segment"), text_version=tv, key=key)
    anchor = f"seg-{key}"
    form = SegmentEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The text could not be read; reload the page and try again."))
        return redirect(_translate_url(tv, anchor))
    text = form.cleaned_data["text"]
    expected_seq = form.cleaned_data["edit_seq"]
    if expected_seq is None:
        expected_seq = -1  # a form without the counter is treated as stale: kept, never applied blindly
    try:
        translation_claim(text_version=tv, translator=request.user)
        result = target_segment_edit(segment=segment, editor=request.user, text=text, expected_seq=expected_seq)
    except StaleEdit as stale:
        return _translate_problem(request, tv, stale.segment, stale.kept.new_text, [str(stale)], status=409)
    except ValidationError as exc:
        return _translate_problem(request, tv, segment, text, validation_messages(exc), status=400)
    if not result.changed:
        messages.info(request, _("Nothing changed."))
    elif TargetSegment.objects.filter(rules.untranslated(), text_version=tv).exists():
        messages.success(request, _("Saved."))
    else:
        messages.success(
            request, _("Saved. Every segment has a translation now: mark the text ready for review when you are done.")
        )
    return redirect(_translate_url(tv, anchor))


@login_required
@require_POST
@submit_once
def translation_claim_take(request, text_version_id: int):
    tv = _translatable_or_404(request, text_version_id)
    try:
        result = translation_claim(text_version=tv, translator=request.user)
    except ValidationError as exc:
        flash_validation_error(request, exc)
    else:
        messages.success(
            request,
            _(
                "You are translating this text: other translators see your name for %(minutes)d minutes after "
                "your last save."
            )
            % {"minutes": settings.TRANSLATION_CLAIM_MINUTES}
            if result.taken
            else _("Your claim on this text is renewed."),
        )
    return redirect(_translate_url(tv))


@login_required
@require_POST
@submit_once
def translation_claim_drop(request, text_version_id: int):
    tv = _translatable_or_404(request, text_version_id)
    if translation_claim_release(text_version=tv, translator=request.user):
        messages.success(request, _("You released the text; another translator may take it."))
    else:
        messages.info(request, _("You held no claim on this text."))
    return redirect(_translate_url(tv))


@login_required
@require_POST
@submit_once
def translation_ready(request, text_version_id: int):
    tv = _translatable_or_404(request, text_version_id)
    try:
        announced = translation_mark_ready(text_version=tv, translator=request.user)
    except ValidationError as exc:
        flash_validation_error(request, exc)
    else:
        if announced:
            messages.success(request, _("Marked ready for review. The reviewers of this language have been told."))
        else:
            messages.info(request, _("This text was already marked ready for review; the reviewers were told then."))
    return redirect(_translate_url(tv))


# --- Dual forward translation: reconciling the two versions (translations/reconciliation.py) ---------
def _reconcilable_or_404(request, text_version_id: int) -> TextVersion:
    """The text, if this user may reconcile it (its language's translators); anyone else gets 404."""
    tv = get_object_or_404(
        TextVersion.objects.select_related("revision__leaflet__current_revision", "language"), pk=text_version_id
    )
    permissions.require(permissions.can_reconcile(request.user, tv))
    return tv


def _posted_keys(request, prefix: str) -> list:
    import uuid

    keys = []
    for name in request.POST:
        if name.startswith(prefix):
            try:
                keys.append(uuid.UUID(name[len(prefix) :]))
            except ValueError:
                continue
    return keys


def _reconcile_page(request, tv: TextVersion, *, typed: dict, written: dict, problems: list[str], status: int):
    rows = reconciliation_rows(text_version=tv, user=request.user)
    for row in rows:
        # What the form shows: what was typed (a refused save loses nothing), else version A to start from.
        choice, own = typed.get(row.segment.key, ("", None))
        row.chosen = choice
        row.own_text = own if own is not None else (row.a.text if row.a is not None else "")
        row.written = written.get(row.segment.key, "")
    leaflet = tv.revision.leaflet
    return render(
        request,
        "translations/reconcile.html",
        {
            "tv": tv,
            "leaflet": leaflet,
            "rows": rows,
            "to_reconcile": [r for r in rows if r.status == "reconcile"],
            "to_write": [r for r in rows if r.status == "write"],
            "waiting": [r for r in rows if r.status == "waiting"],
            "done": sum(1 for r in rows if r.status == "done"),
            "problems": problems,
            "is_current": rules.is_current(tv),
            "source_language": leaflet.source_language_id,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def reconcile(request, text_version_id: int):
    """Per segment: the source, versions A and B with their differences and QA findings; one Save for the page."""

    tv = _reconcilable_or_404(request, text_version_id)
    if request.method != "POST":
        return _reconcile_page(request, tv, typed={}, written={}, problems=[], status=200)
    # The text each "own" box started from (version A): a box left as it was is no choice.
    starting = {key: slots["a"].text for key, slots in newest_versions(tv).items() if "a" in slots}
    typed, choices, seen = {}, {}, {}
    for key in _posted_keys(request, "seen-"):
        # The versions A and B the page showed for the segment: a choice is refused if newer ones came since.
        try:
            a_id, b_id = (int(part) for part in request.POST.get(f"seen-{key}", "").split(","))
        except ValueError:
            a_id = b_id = 0  # unreadable: matches no version, so the choice is refused as stale
        seen[key] = (a_id, b_id)
    for key in _posted_keys(request, "own-"):
        choice = request.POST.get(f"choice-{key}", "")
        own = request.POST.get(f"own-{key}", "")
        typed[key] = (choice, own)
        # Typing in the box is writing one's own text, even without ticking "write my own".
        if not choice and own.replace("\r\n", "\n").strip() != starting.get(key, "").strip():
            choice = "own"
        if choice:
            choices[key] = (choice, own)
    try:
        saved = reconciliation_save(text_version=tv, user=request.user, choices=choices, seen=seen)
    except ValidationError as exc:
        return _reconcile_page(request, tv, typed=typed, written={}, problems=validation_messages(exc), status=400)
    messages.success(
        request,
        ngettext(
            "Reconciled %(n)d segment. The reconciled text is back-translated and goes to review.",
            "Reconciled %(n)d segments. The reconciled text is back-translated and goes to review.",
            len(saved),
        )
        % {"n": len(saved)},
    )
    return redirect("reconcile", text_version_id=tv.pk)


@login_required
@require_POST
@submit_once
def reconcile_write(request, text_version_id: int):
    """A translator writes the missing version of some segments, seeing only the source."""

    tv = _reconcilable_or_404(request, text_version_id)
    written = {key: request.POST.get(f"version-{key}", "") for key in _posted_keys(request, "version-")}
    try:
        rows = forward_version_write(text_version=tv, user=request.user, texts=written)
    except ValidationError as exc:
        return _reconcile_page(request, tv, typed={}, written=written, problems=validation_messages(exc), status=400)
    messages.success(
        request,
        ngettext("Your version of %(n)d segment was saved.", "Your version of %(n)d segments was saved.", len(rows))
        % {"n": len(rows)},
    )
    return redirect("reconcile", text_version_id=tv.pk)
