"""Pages for trusted sources: the list, adding, confirming a PDF's text, retiring, one source, suggestions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from review import permissions
from workbench import retrieval, sources, uploads
from workbench.forms import content_language_choices
from workbench.languages import CONTENT_LANGUAGES
from workbench.models import Citation, Source


class SourceForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, required=False)
    publisher = forms.CharField(label=gettext_lazy("Publisher"), max_length=200)
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    published_on = forms.DateField(label=gettext_lazy("Published on"), required=False)
    review_by = forms.DateField(label=gettext_lazy("Review by"), required=False)
    text = forms.CharField(label=gettext_lazy("Paste the text"), widget=forms.Textarea, required=False)
    file = forms.FileField(label=gettext_lazy("Or upload a file (.txt, .md, .docx, .pdf)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = content_language_choices()


def _require_view(user) -> None:
    permissions.require(permissions.can_view_sources(user))


@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    rows = Source.objects.select_related("language").annotate(passage_count=Count("passages"))
    language = request.GET.get("language", "")
    state = request.GET.get("state", "")
    if language in CONTENT_LANGUAGES:
        rows = rows.filter(language_id=language)
    if state in Source.State.values:
        rows = rows.filter(state=state)
    page = Paginator(rows.order_by("-created_at", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "workbench/sources_list.html",
        {
            "page": page,
            "language": language,
            "state": state,
            "languages": content_language_choices(),
            "states": Source.State.choices,
            "can_manage": permissions.can_manage_sources(request.user),
        },
    )


@uploads.shows_storage_errors
@login_required
@require_http_methods(["GET", "POST"])
def source_add(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.can_manage_sources(request.user))
    form = SourceForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    # A file the server's upload folder could not take (full, read-only) was dropped while the form was
    # read: say so, with the rest of the form as it was sent, rather than "upload a file".
    not_stored = uploads.storage_error(request) if request.method == "POST" else None
    if not_stored is not None:
        errors = [uploads.storage_error_message(not_stored)]
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        text = form.cleaned_data["text"]
        title = form.cleaned_data["title"] or (upload.name if upload else "")
        try:
            if upload and text.strip():
                raise ValidationError(_("Paste the text or upload a file, not both."))
            if upload is None and not text.strip():
                raise ValidationError(_("Paste the text or upload a file."))
            try:
                data = upload.read() if upload else None
            except OSError as exc:  # the spooled copy unreadable (an I/O error on the upload folder)
                raise ValidationError(uploads.storage_error_message(exc)) from None
            source = sources.source_add(
                user=request.user,
                title=title,
                publisher=form.cleaned_data["publisher"],
                language=form.cleaned_data["language"],
                text=None if upload else text,
                file_name=upload.name if upload else None,
                data=data,
                published_on=form.cleaned_data["published_on"],
                review_by=form.cleaned_data["review_by"],
            )
        except ValidationError as refused:
            errors = refused.messages
        else:
            if source.state == Source.State.AWAITING_CONFIRMATION:
                return redirect("source_confirm", source_id=source.pk)
            messages.success(request, _("The source was added."))
            return redirect("source_detail", source_id=source.pk)
    return render(
        request, "workbench/sources_add.html", {"form": form, "errors": errors}, status=507 if not_stored else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_confirm(request: HttpRequest, source_id: int) -> HttpResponse:
    permissions.require(permissions.can_manage_sources(request.user))
    source = get_object_or_404(Source, pk=source_id)
    if source.state != Source.State.AWAITING_CONFIRMATION:
        return redirect("source_detail", source_id=source.pk)
    errors: list[str] = []
    text = source.text
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            sources.source_confirm(source=source, user=request.user, text=text)
        except ValidationError as refused:
            errors = refused.messages
        else:
            messages.success(request, _("The text was confirmed; the source is in use."))
            return redirect("source_detail", source_id=source.pk)
    return render(request, "workbench/sources_confirm.html", {"source": source, "text": text, "errors": errors})


@login_required
@require_http_methods(["GET", "POST"])
def source_retire(request: HttpRequest, source_id: int) -> HttpResponse:
    permissions.require(permissions.can_manage_sources(request.user))
    source = get_object_or_404(Source, pk=source_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            sources.source_retire(source=source, user=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as refused:
            errors = refused.messages
        else:
            messages.success(request, _("The source was retired."))
            return redirect("source_detail", source_id=source.pk)
    return render(request, "workbench/sources_retire.html", {"source": source, "errors": errors})


@login_required
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    _require_view(request.user)
    source = get_object_or_404(Source.objects.select_related("language", "created_by", "retired_by"), pk=source_id)
    passages = list(source.passages.order_by("-source_version", "position"))
    # Only citations in leaflets the viewer may see, in one query (not a permission check per citation).
    visible = list(
        Citation.objects.filter(
            passage__source=source, segment__revision__leaflet__in=permissions.visible_leaflets(request.user)
        )
        .select_related("passage", "segment__revision__leaflet")
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "workbench/sources_detail.html",
        {
            "source": source,
            "passages": passages,
            "citations": visible,
            "can_manage": permissions.can_manage_sources(request.user),
        },
    )


@login_required
@require_GET
def source_suggest(request: HttpRequest) -> HttpResponse:
    """The editor's suggestions: the five passages that best match what is being written."""
    _require_view(request.user)
    language = request.GET.get("language") or None
    if language is not None and language not in CONTENT_LANGUAGES:
        raise Http404
    hits = retrieval.search(request.GET.get("q", "")[:2000], language=language, limit=5)
    return JsonResponse(
        {
            "results": [
                {"passage_id": hit.passage_id, "title": hit.title, "text": hit.text, "score": hit.score} for hit in hits
            ]
        }
    )
