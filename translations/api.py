"""The translations API: texts and their segments, model jobs, the glossary, translation memory and vendor files.

The pages' twin (see workbench/api_base.py for the conventions): each view
reads the request, asks review.permissions, calls the service the page calls
(review.views.segment_edit, translations.views), and answers JSON. The
refusals are the pages': 404 to whoever may not see the object, 403 to whoever
may see it but not act, a service's ValidationError as 400.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from review import permissions, rules
from review.models import FindingOverride
from review.selectors import job_running_exists, untranslated_count
from translations import jobs
from translations.edits import source_segment_edit, target_segment_edit
from translations.exchange import formats
from translations.exchange.memory import memory_export, memory_import
from translations.exchange.services import leaflet_export, leaflet_import
from translations.forms import GlossaryTermForm
from translations.glossary import glossary_term_save
from translations.models import Finding, GlossaryTerm, Job, TargetSegment, TextVersion
from translations.qa_runner import current_findings
from workbench import uploads
from workbench.api_base import refusals, require_if_match, text_etag
from workbench.http import visible_leaflet_or_404, visible_text_or_404
from workbench.languages import CONTENT_LANGUAGES

TAG_TEXTS = "texts"
TAG_JOBS = "jobs"
TAG_GLOSSARY = "glossary"
TAG_MEMORY = "translation memory"
TAG_FILES = "vendor files"

# Languages a leaflet is translated into (the glossary and memory are English -> one of these).
TARGET_LANGUAGES = [code for code in CONTENT_LANGUAGES if code != "en"]


# --- What every view here shares ------------------------------------------------------------
class _FileNegotiation(BaseContentNegotiation):
    """Downloads answer the file itself; refusals are JSON whatever the Accept header says.

    `?format=` names the exchange format on these views, not one of DRF's
    renderers (its URL_FORMAT_OVERRIDE), which would answer 404 for "xliff12".
    """

    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _json_refusals(*codes: int) -> dict:
    """refusals() for a view whose success is a file: the refusals are JSON."""
    return {(code, "application/json"): body for code, body in refusals(*codes).items()}


def _messages(errors, prefix: str = "") -> list[str]:
    """DRF's nested errors ({"field": ["…"]}, {"list": {0: ["…"]}}) as flat "field: message" lines."""
    if isinstance(errors, dict):
        return [
            line
            for key, value in errors.items()
            for line in _messages(value, prefix if key == "non_field_errors" else f"{prefix}{key}: ")
        ]
    if isinstance(errors, list):
        return [line for value in errors for line in _messages(value, prefix)]
    return [f"{prefix}{errors}"]


def _valid(serializer: serializers.Serializer) -> dict:
    """The serializer's data, or a 400 in the shape every refusal has ({"detail", "errors", "code"})."""
    if serializer.is_valid():
        return serializer.validated_data
    raise ValidationError(_messages(serializer.errors), code="invalid")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


def _upload(request) -> bytes:
    """The uploaded file's bytes, refused (as on the pages) when larger than the exchange limit.

    507 (workbench.uploads) when the server's upload folder could not store or give back the file.
    """
    data = request.data  # read through the upload handlers, which drop a file the disk cannot take
    uploads.refuse_unstored_upload(request)
    upload = _valid(UploadSerializer(data=data))["file"]
    if upload.size is not None and upload.size > settings.EXCHANGE_MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s bytes; nothing was imported.")
            % {"limit": settings.EXCHANGE_MAX_FILE_BYTES}
        )
    try:
        return upload.read()
    except OSError as exc:
        raise uploads.UploadNotStored.because(exc) from None


def _attachment(data: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description='The exact text: "<content hash>.<edit generation>". Send it back as If-Match to edit.',
)


# --- Texts ------------------------------------------------------------------------------------


def _with_counts(texts: QuerySet[TextVersion]) -> QuerySet[TextVersion]:
    """Each text with its untranslated segments and whether a job is working on it, in the texts' own query."""
    return texts.annotate(untranslated=untranslated_count(), job_active=job_running_exists())


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    check_id = serializers.CharField()
    severity = serializers.ChoiceField(choices=Finding.Severity.choices)
    message = serializers.CharField(help_text="In the caller's interface language, as the review screen shows it.")


def _finding(finding: Finding) -> dict:
    return {"id": finding.pk, "check_id": finding.check_id, "severity": finding.severity, "message": finding.render()}


def _unresolved_findings(tv: TextVersion) -> dict:
    """Segment key (None: the whole text) -> the QA findings on the current content nobody overrode.

    In the review screen's order (errors first), each rendered in the active
    (the caller's) language by Finding.render, as the screen renders them.
    """
    rank = {Finding.Severity.ERROR: 0, Finding.Severity.WARNING: 1, Finding.Severity.INFO: 2}
    findings = sorted(current_findings(tv), key=lambda f: (rank.get(f.severity, 3), f.check_id, f.pk))
    overridden = set(
        FindingOverride.objects.filter(finding_id__in={f.origin_id or f.pk for f in findings}).values_list(
            "finding_id", flat=True
        )
    )
    by_key: dict = defaultdict(list)
    for finding in findings:
        if (finding.origin_id or finding.pk) not in overridden:
            by_key[finding.segment_key].append(_finding(finding))
    return by_key


class SegmentSerializer(serializers.Serializer):
    key = serializers.UUIDField()
    position = serializers.IntegerField()
    kind = serializers.CharField(help_text="title, heading, paragraph, list_item or red_flag")
    source_text = serializers.CharField(allow_blank=True)
    target_text = serializers.CharField(allow_blank=True)
    origin = serializers.ChoiceField(choices=TargetSegment.Origin.choices)
    model_name = serializers.CharField(allow_blank=True)
    back_translation = serializers.CharField(allow_blank=True)
    back_translation_chrf = serializers.FloatField(allow_null=True)
    edit_seq = serializers.IntegerField()
    findings = FindingSerializer(many=True, help_text="Unresolved QA findings on this segment.")


def _segment(segment: TargetSegment, findings: dict) -> dict:
    return {
        "key": segment.key,
        "position": segment.position,
        "kind": segment.source_segment.kind,
        "source_text": segment.source_segment.text,
        "target_text": segment.text,
        "origin": segment.origin,
        "model_name": segment.model_name,
        "back_translation": segment.back_translation,
        "back_translation_chrf": segment.back_translation_chrf,
        "edit_seq": segment.edit_seq,
        "findings": findings.get(segment.key, []),
    }


class TextSerializer(serializers.ModelSerializer):
    language = serializers.CharField(source="language_id")
    revision = serializers.IntegerField(source="revision.number")
    # A plain string in the schema: the same choice set in Text and TextDetail, under a name ("state") the
    # jobs use for another, is a collision drf-spectacular warns about unless settings name the enums.
    state = serializers.CharField(help_text="One of: " + ", ".join(TextVersion.State.values) + ".")
    untranslated = serializers.IntegerField(help_text="Segments without a translation yet.")
    job_active = serializers.BooleanField(help_text="A model job is still working on this text.")
    etag = serializers.SerializerMethodField()

    class Meta:
        model = TextVersion
        fields = [
            "id",
            "language",
            "is_source",
            "revision",
            "state",
            "content_hash",
            "edit_generation",
            "untranslated",
            "job_active",
            "etag",
        ]
        read_only_fields = fields

    def get_etag(self, tv: TextVersion) -> str:
        return text_etag(tv)


class TextDetailSerializer(TextSerializer):
    leaflet = serializers.IntegerField(source="revision.leaflet_id")
    is_current = serializers.BooleanField(help_text="The text of the leaflet's current revision (only it is edited).")
    segments = SegmentSerializer(many=True)
    findings = FindingSerializer(many=True, help_text="Unresolved QA findings on the whole text.")

    class Meta(TextSerializer.Meta):
        fields = [*TextSerializer.Meta.fields, "leaflet", "is_current", "segments", "findings"]
        read_only_fields = fields


def _text_detail(tv: TextVersion) -> dict:
    """The text as the review screen shows it, read in a fixed number of queries."""
    counted = _with_counts(TextVersion.objects.filter(pk=tv.pk).select_related("revision")).get()
    findings = _unresolved_findings(tv)
    segments = TargetSegment.objects.filter(text_version=tv).select_related("source_segment").order_by("position")
    return {
        **TextSerializer(counted).data,
        "leaflet": tv.revision.leaflet_id,
        "is_current": rules.is_current(tv),
        "segments": [_segment(s, findings) for s in segments],
        "findings": findings.get(None, []),
    }


class LeafletTexts(generics.ListAPIView):
    """The current revision's texts of a leaflet, one per language the caller may see."""

    serializer_class = TextSerializer
    queryset = TextVersion.objects.none()  # the schema's model; get_queryset reads the leaflet's

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TextVersion.objects.none()
        leaflet = visible_leaflet_or_404(self.request, self.kwargs["leaflet_id"])
        texts = _with_counts(
            TextVersion.objects.filter(revision_id=leaflet.current_revision_id)
            .select_related("revision")
            .order_by("language_id")
        )
        return [tv for tv in texts if permissions.can_view_text(self.request.user, tv)]

    @extend_schema(
        summary="The current revision's texts of a leaflet (the languages you may see)",
        tags=[TAG_TEXTS],
        responses={200: TextSerializer(many=True), **refusals(404)},
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class TextDetail(APIView):
    @extend_schema(
        summary="A text with its segments in order and its unresolved QA findings",
        tags=[TAG_TEXTS],
        parameters=[ETAG_HEADER],
        responses={200: TextDetailSerializer, **refusals(404)},
    )
    def get(self, request, text_version_id: int):
        tv = visible_text_or_404(request, text_version_id)
        return Response(_text_detail(tv), headers={"ETag": text_etag(tv)})


class SegmentEditSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=settings.MAX_SEGMENT_CHARS)


# The body as a schema of its own: drf-spectacular makes every field of a PATCH body optional (DRF's partial
# update), but this PATCH edits one segment and the text is what it is about.
SEGMENT_EDIT_BODY = {
    "application/json": {
        "type": "object",
        "properties": {
            "text": {
                "type": "string",
                "maxLength": settings.MAX_SEGMENT_CHARS,
                "description": "The segment's new text (empty: no translation).",
            }
        },
        "required": ["text"],
    }
}


class SegmentEditedSerializer(serializers.Serializer):
    text_version = serializers.IntegerField(
        help_text="The text now holding the segment: a new one when the source text was edited (a new revision)."
    )
    etag = serializers.CharField(help_text="The text's new ETag: send it as If-Match with the next edit.")
    changed = serializers.BooleanField()
    detail = serializers.CharField()
    segment = SegmentSerializer()


class SegmentEdit(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Edit one segment of a text (approvals given to the earlier text no longer count)",
        description=(
            "Send If-Match with the ETag of the text as you read it (GET /api/texts/{id}/): without it the edit "
            "is refused (428), and when the text changed since, it is refused with the current ETag (412). "
            "A translation is edited in place; an edit of the source text is saved as a new revision of the "
            "leaflet, and every language goes back to review."
        ),
        tags=[TAG_TEXTS],
        request=SEGMENT_EDIT_BODY,
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="The ETag of the text you read.",
            ),
            OpenApiParameter("ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 412]),
        ],
        responses={200: SegmentEditedSerializer, **refusals(400, 403, 404, 409, 412, 415, 428)},
    )
    def patch(self, request, text_version_id: int, key):
        tv = visible_text_or_404(request, text_version_id)
        # As review.views.segment_edit: may see but may not edit is a 403. Where reviewers suggest
        # (WORKBENCH_REVIEWERS_EDIT_DIRECTLY off) they do so here too: POST /api/texts/{id}/suggestions/.
        if not permissions.can_edit_directly(request.user, tv):
            if permissions.can_suggest(request.user, tv):
                raise PermissionDenied(
                    _(
                        "Reviewers suggest changes to this text instead of editing it: POST "
                        "/api/texts/%(id)d/suggestions/. A translator or an author applies them."
                    )
                    % {"id": tv.pk}
                )
            raise PermissionDenied
        if tv.is_source:
            return self._source_edit(request, tv, key)
        # One statement reads the segment's edit counter and the text's ETag together, so an edit of this
        # segment that lands after it is caught by the service (StaleEdit, 412) and one before it by If-Match.
        segment = get_object_or_404(
            TargetSegment.objects.select_related("source_segment", "text_version"), text_version_id=tv.pk, key=key
        )
        require_if_match(request, segment.text_version)
        text = _valid(SegmentEditSerializer(data=request.data))["text"]
        result = target_segment_edit(segment=segment, editor=request.user, text=text, expected_seq=segment.edit_seq)
        tv.refresh_from_db(fields=["content_hash", "edit_generation"])
        if result.changed:
            detail = _("Saved. Approvals given to the earlier text no longer count.")
        else:
            detail = _("Nothing changed.")
        return self._answer(tv, result.segment.key, changed=result.changed, detail=detail)

    def _source_edit(self, request, tv: TextVersion, key) -> Response:
        if not tv.revision.segments.filter(key=key).exists():
            raise Http404
        require_if_match(request, tv)
        text = _valid(SegmentEditSerializer(data=request.data))["text"]
        result = source_segment_edit(text_version=tv, key=key, editor=request.user, text=text)
        if result.conflict:
            # Someone saved the leaflet between the If-Match check and the save: the edit is a conflict
            # revision (not current), as on the review screen; nothing typed is lost.
            return Response(
                {
                    "detail": _(
                        "The leaflet was saved by someone else meanwhile. Your edit was kept as conflict revision "
                        "%(n)d, which is not current: nothing was lost. Read the text again and compare."
                    )
                    % {"n": result.revision.number},
                    "code": "conflict_revision",
                },
                status=status.HTTP_409_CONFLICT,
            )
        if result.revision.pk == tv.revision_id:
            return self._answer(tv, key, changed=False, detail=_("Nothing changed."))
        new_tv = TextVersion.objects.get(revision=result.revision, language_id=tv.language_id)
        detail = _("Saved as revision %(n)d of the leaflet. Every language goes back to review.") % {
            "n": result.revision.number
        }
        return self._answer(new_tv, key, changed=True, detail=detail)

    def _answer(self, tv: TextVersion, key, *, changed: bool, detail: str) -> Response:
        segment = TargetSegment.objects.select_related("source_segment").get(text_version=tv, key=key)
        body = {
            "text_version": tv.pk,
            "etag": text_etag(tv),
            "changed": changed,
            "detail": detail,
            "segment": _segment(segment, _unresolved_findings(tv)),
        }
        return Response(body, headers={"ETag": text_etag(tv)})


# --- Model jobs -----------------------------------------------------------------------------------
class JobSerializer(serializers.ModelSerializer):
    leaflet = serializers.IntegerField(source="leaflet_id", allow_null=True)
    text_version = serializers.IntegerField(source="text_version_id", allow_null=True)
    provider = serializers.CharField(source="provider.name", allow_null=True, help_text="The model endpoint's name.")
    finished = serializers.BooleanField(source="is_finished")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "state",
            "finished",
            "leaflet",
            "text_version",
            "language",
            "attempts",
            "error",
            "provider",
            "reported_model",
            "progress_done",
            "progress_total",
            "tokens_in",
            "tokens_out",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


def _visible_job_or_404(request, job_id: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("leaflet", "provider"), pk=job_id)
    permissions.require(permissions.can_view_job(request.user, job))
    return job


class JobFilterSerializer(serializers.Serializer):
    # Bounded by what the databases store: SQLite refuses to even compare a larger number.
    leaflet = serializers.IntegerField(
        required=False, min_value=-(2**63), max_value=2**63 - 1, help_text="Only this leaflet's jobs."
    )
    state = serializers.ChoiceField(choices=Job.State.choices, required=False, help_text="Only jobs in this state.")


class JobList(generics.ListAPIView):
    """The jobs the caller may see, newest first."""

    serializer_class = JobSerializer
    queryset = Job.objects.none()  # the schema's model; get_queryset reads the caller's

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Job.objects.none()
        wanted = _valid(JobFilterSerializer(data=self.request.query_params))
        jobs_seen = (
            permissions.visible_jobs(self.request.user).select_related("provider").order_by("-created_at", "-id")
        )
        if "leaflet" in wanted:
            jobs_seen = jobs_seen.filter(leaflet_id=wanted["leaflet"])
        if "state" in wanted:
            jobs_seen = jobs_seen.filter(state=wanted["state"])
        return jobs_seen

    @extend_schema(
        summary="The model jobs you may see, newest first",
        tags=[TAG_JOBS],
        parameters=[JobFilterSerializer],
        responses={200: JobSerializer(many=True), **refusals(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class TranslateSerializer(serializers.Serializer):
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=list(CONTENT_LANGUAGES)),
        required=False,
        min_length=1,
        max_length=len(CONTENT_LANGUAGES),
    )
    all = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if not attrs.get("all") and not attrs.get("languages"):
            raise serializers.ValidationError(_("Tick at least one language, or use “Translate all languages”."))
        return attrs


# The body as its own schema: "some languages, or all" is a choice between two shapes, which a serializer's
# schema (every field optional) cannot say.
TRANSLATE_BODY = {
    "application/json": {
        "type": "object",
        "properties": {
            "languages": {
                "type": "array",
                "items": {"type": "string", "enum": list(CONTENT_LANGUAGES)},
                "minItems": 1,
                "maxItems": len(CONTENT_LANGUAGES),
                "description": "The languages to translate into (the source language is never translated).",
            },
            "all": {
                "type": "boolean",
                "description": "Every language of the leaflet (the page's “Translate all languages”).",
            },
        },
        "anyOf": [{"required": ["languages"]}, {"required": ["all"], "properties": {"all": {"enum": [True]}}}],
    }
}


class QueuedSerializer(serializers.Serializer):
    jobs = JobSerializer(many=True, help_text="One job per language: new, or the one already queued or running.")


class LeafletJobs(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Translate a leaflet's current revision (given languages, or all)",
        description="The leaflet page's “Translate” button. A language whose job is already queued or running "
        "gets that job back, not a second one. 503 with Retry-After while the job queue cannot be reached "
        "(nothing is queued then).",
        tags=[TAG_JOBS],
        request=TRANSLATE_BODY,
        responses={202: QueuedSerializer, **refusals(400, 403, 404, 415, 503)},
    )
    def post(self, request, leaflet_id: int):
        leaflet = visible_leaflet_or_404(request, leaflet_id)
        if not permissions.can_queue_jobs(request.user, leaflet):
            raise PermissionDenied
        wanted = _valid(TranslateSerializer(data=request.data))
        languages = None if wanted.get("all") else wanted["languages"]
        queued = jobs.job_queue_translation(leaflet=leaflet, user=request.user, languages=languages)
        fresh = Job.objects.filter(pk__in=[j.pk for j in queued]).select_related("provider").order_by("language")
        return Response({"jobs": JobSerializer(fresh, many=True).data}, status=status.HTTP_202_ACCEPTED)


class JobDetail(APIView):
    @extend_schema(
        summary="A model job: state, attempts, failure reason, provider, times",
        tags=[TAG_JOBS],
        responses={200: JobSerializer, **refusals(404)},
    )
    def get(self, request, job_id: int):
        return Response(JobSerializer(_visible_job_or_404(request, job_id)).data)


def _actionable_job(request, job_id: int) -> Job:
    """As translations.views._job_action: 404 to whoever may not see the job, 403 to whoever may not act."""
    job = _visible_job_or_404(request, job_id)
    if not permissions.can_queue_jobs(request.user, job.leaflet):
        raise PermissionDenied
    return job


class JobCancel(APIView):
    @extend_schema(
        summary="Cancel a queued or running job",
        tags=[TAG_JOBS],
        request=None,
        responses={200: JobSerializer, **refusals(400, 403, 404)},
    )
    def post(self, request, job_id: int):
        job = jobs.job_cancel(job=_actionable_job(request, job_id), user=request.user)
        return Response(JobSerializer(job).data)


class JobRetry(APIView):
    @extend_schema(
        summary="Queue a failed or cancelled job again (answers the new job)",
        description="503 with Retry-After while the job queue cannot be reached (nothing is queued then).",
        tags=[TAG_JOBS],
        request=None,
        responses={200: JobSerializer, **refusals(400, 403, 404, 503)},
    )
    def post(self, request, job_id: int):
        retried = jobs.job_retry(job=_actionable_job(request, job_id), user=request.user)
        return Response(JobSerializer(Job.objects.select_related("provider").get(pk=retried.pk)).data)


# --- Glossary -----------------------------------------------------------------------------------------
class GlossaryTermSerializer(serializers.ModelSerializer):
    forbidden_terms = serializers.ListField(
        source="forbidden_list", child=serializers.CharField(), help_text="Renderings reviewers have ruled out."
    )

    class Meta:
        model = GlossaryTerm
        fields = [
            "id",
            "source_language",
            "target_language",
            "source_term",
            "target_term",
            "forbidden_terms",
            "note",
            "approved",
            "updated_at",
        ]
        read_only_fields = fields


class GlossaryTermInputSerializer(serializers.Serializer):
    source_term = serializers.CharField(max_length=200, help_text="The English term.")
    target_term = serializers.CharField(max_length=200, help_text="Its approved translation.")
    forbidden_terms = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list, max_length=50
    )
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    approved = serializers.BooleanField(required=False, default=True)


def _target_language_or_404(lang: str) -> None:
    """A language the glossary and the memory have (English -> it), as the glossary page answers: else 404."""
    if lang not in TARGET_LANGUAGES:
        raise Http404


class Glossary(generics.ListAPIView):
    serializer_class = GlossaryTermSerializer
    queryset = GlossaryTerm.objects.none()  # the schema's model; get_queryset reads the language's
    parser_classes = [JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return GlossaryTerm.objects.none()
        return GlossaryTerm.objects.filter(target_language=self.kwargs["lang"]).order_by("source_term", "id")

    @extend_schema(
        summary="The glossary of English -> a language",
        tags=[TAG_GLOSSARY],
        parameters=[OpenApiParameter("lang", OpenApiTypes.STR, OpenApiParameter.PATH, enum=TARGET_LANGUAGES)],
        responses={200: GlossaryTermSerializer(many=True), **refusals(403, 404)},
    )
    def get(self, request, lang: str):
        _target_language_or_404(lang)
        if not permissions.can_view_glossary(request.user):
            raise PermissionDenied
        return self.list(request, lang)

    @extend_schema(
        summary="Add a term to the glossary of a language",
        tags=[TAG_GLOSSARY],
        parameters=[OpenApiParameter("lang", OpenApiTypes.STR, OpenApiParameter.PATH, enum=TARGET_LANGUAGES)],
        request=GlossaryTermInputSerializer,
        responses={201: GlossaryTermSerializer, **refusals(400, 403, 404, 415)},
    )
    def post(self, request, lang: str):
        _target_language_or_404(lang)
        if not (permissions.can_view_glossary(request.user) and permissions.can_edit_glossary(request.user)):
            raise PermissionDenied
        data = _valid(GlossaryTermInputSerializer(data=request.data))
        # The glossary page's form checks the term (a duplicate in another case, the lengths) and builds it.
        form = GlossaryTermForm(
            {**data, "forbidden_terms": "\n".join(data["forbidden_terms"])},
            instance=GlossaryTerm(target_language=lang, source_language="en"),
        )
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.as_data().values() for error in errors])
        term = glossary_term_save(term=form.save(commit=False), user=request.user)
        return Response(GlossaryTermSerializer(term).data, status=status.HTTP_201_CREATED)


# --- Translation memory ----------------------------------------------------------------------------------
TMX = "application/x-tmx+xml"


class MemoryExport(APIView):
    content_negotiation_class = _FileNegotiation

    @extend_schema(
        summary="Download the approved translation memory of English -> a language as TMX",
        tags=[TAG_MEMORY],
        parameters=[OpenApiParameter("lang", OpenApiTypes.STR, OpenApiParameter.PATH, enum=TARGET_LANGUAGES)],
        responses={(200, TMX): OpenApiTypes.BINARY, **_json_refusals(403, 404)},
    )
    def get(self, request, lang: str):
        _target_language_or_404(lang)
        if not permissions.can_export_memory(request.user, lang):
            raise PermissionDenied
        data, _count = memory_export(user=request.user, source_language="en", target_language=lang)
        return _attachment(data, content_type=TMX, filename=f"memory-en-{lang}.tmx")


class MemoryImportedSerializer(serializers.Serializer):
    source_language = serializers.CharField()
    pairs = serializers.DictField(child=serializers.IntegerField(), help_text="Language -> pairs in the file.")
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    kept_reviewed = serializers.IntegerField(help_text="Pairs left alone: approved memory is never overwritten.")
    detail = serializers.CharField()


class MemoryImport(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Load a TMX file as unreviewed translation memory (suggestions, never fills)",
        tags=[TAG_MEMORY],
        request={"multipart/form-data": UploadSerializer},
        responses={200: MemoryImportedSerializer, **refusals(400, 403, 415, 507)},
    )
    def post(self, request):
        if not permissions.can_import_memory(request.user):
            raise PermissionDenied
        result = memory_import(user=request.user, data=_upload(request))
        body = {
            "source_language": result.source_language,
            "pairs": result.per_language,
            "created": len(result.created),
            "updated": len(result.updated),
            "kept_reviewed": result.kept_reviewed,
            "detail": _("%(created)s memory entries added and %(updated)s updated, as unreviewed suggestions.")
            % {"created": len(result.created), "updated": len(result.updated)},
        }
        return Response(body)


# --- Files for translation vendors ----------------------------------------------------------------------
class ExportQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=formats.names(), default="xliff12")
    vendor = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)


class XliffExport(APIView):
    content_negotiation_class = _FileNegotiation

    @extend_schema(
        summary="Export a text as an XLIFF file for a translation vendor (PHI-guarded, audited)",
        description="The PHI guard runs over everything in the file under the vendor's policy (without a vendor: "
        "block). A blocked export is a 400 naming what was found, masked.",
        tags=[TAG_FILES],
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=formats.names(), default="xliff12"),
            OpenApiParameter("vendor", OpenApiTypes.STR, description="The vendor's name (its PHI policy applies)."),
        ],
        responses={
            (200, "application/x-xliff+xml"): OpenApiTypes.BINARY,
            (200, "application/xliff+xml"): OpenApiTypes.BINARY,
            **_json_refusals(400, 403, 404),
        },
    )
    def get(self, request, text_version_id: int):
        tv = visible_text_or_404(request, text_version_id)
        leaflet = tv.revision.leaflet
        # As translations.views.leaflet_export_file: may see the text but not send it out is a 403.
        if not permissions.can_exchange_files(request.user, leaflet, tv.language_id):
            raise PermissionDenied
        rules.refuse_unless_current(tv)  # the service exports the current revision's text: it must be this one
        wanted = _valid(ExportQuerySerializer(data=request.query_params))
        result = leaflet_export(
            leaflet=leaflet,
            language=tv.language_id,
            file_format=wanted["format"],
            vendor_name=wanted["vendor"],
            user=request.user,
        )
        return _attachment(result.data, content_type=result.content_type, filename=result.filename)


class XliffImportedSerializer(serializers.Serializer):
    text_version = serializers.IntegerField()
    etag = serializers.CharField(help_text="The text's ETag after the import.")
    file_format = serializers.CharField()
    stale = serializers.BooleanField(
        help_text="The text was edited after the export: nothing was applied, the vendor's changes were kept "
        "beside the current text for review."
    )
    applied = serializers.ListField(child=serializers.UUIDField(), help_text="Keys of the segments changed.")
    kept = serializers.IntegerField(help_text="Changes kept unapplied.")
    unchanged = serializers.IntegerField()
    detail = serializers.CharField()


class XliffImport(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Import a vendor's XLIFF file back: the importer's edit of the text it was exported from",
        tags=[TAG_FILES],
        request={"multipart/form-data": UploadSerializer},
        responses={200: XliffImportedSerializer, **refusals(400, 403, 415, 507)},
    )
    def post(self, request):
        result = leaflet_import(data=_upload(request), user=request.user)
        tv = result.text_version
        detail = result.summary()
        body = {
            "text_version": tv.pk,
            "etag": text_etag(tv),
            "file_format": result.file_format,
            "stale": result.stale,
            "applied": result.applied,
            "kept": len(result.kept),
            "unchanged": result.unchanged,
            "detail": detail,
        }
        return Response(body)


urlpatterns = [
    path("leaflets/<int:leaflet_id>/texts/", LeafletTexts.as_view(), name="api_leaflet_texts"),
    path("texts/<int:text_version_id>/", TextDetail.as_view(), name="api_text"),
    path("texts/<int:text_version_id>/segments/<uuid:key>/", SegmentEdit.as_view(), name="api_text_segment"),
    path("texts/<int:text_version_id>/xliff/", XliffExport.as_view(), name="api_text_xliff"),
    path("texts/xliff/", XliffImport.as_view(), name="api_xliff_import"),
    path("leaflets/<int:leaflet_id>/jobs/", LeafletJobs.as_view(), name="api_leaflet_jobs"),
    path("jobs/", JobList.as_view(), name="api_jobs"),
    path("jobs/<int:job_id>/", JobDetail.as_view(), name="api_job"),
    path("jobs/<int:job_id>/cancel/", JobCancel.as_view(), name="api_job_cancel"),
    path("jobs/<int:job_id>/retry/", JobRetry.as_view(), name="api_job_retry"),
    path("glossary/<str:lang>/", Glossary.as_view(), name="api_glossary"),
    path("memory/<str:lang>/tmx/", MemoryExport.as_view(), name="api_memory_export"),
    path("memory/tmx/", MemoryImport.as_view(), name="api_memory_import"),
]
