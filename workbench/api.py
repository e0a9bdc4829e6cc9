"""The workbench API: leaflets, revisions, Word documents, and what patients read (see workbench/api_base.py).

The pages' twin: each view parses the request with a serializer, asks
review.permissions (through `visible_leaflet_or_404`, as the pages do), calls
the service the page calls, and answers JSON. Serializers here only read
requests and shape answers; nothing in this module writes a model.

The patient side (`/api/published/…`) needs no login and shows exactly what the
patient page shows, built by the same `workbench.patient.patient_page`: the live
publication's frozen text, and nothing the keyed audit trail does not vouch for.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from review import permissions, rules
from review.models import Publication, PublicationText, Stage
from review.selectors import GateStatus, gate_evaluate, publications_sealed
from translations.exchange import docx
from translations.exchange.word import DocxImport, leaflet_docx_export, leaflet_docx_import
from workbench import dashboard, pdf, services, uploads
from workbench.api_base import ErrorSerializer, refusals
from workbench.http import visible_leaflet_or_404
from workbench.languages import CONTENT_LANGUAGES, DEFAULT_REQUIRED_LANGUAGES, UI_LANGUAGE_FOR_CONTENT
from workbench.models import Leaflet, Revision
from workbench.patient import PatientPage, blocks_of, organisation, patient_page, publication_pdf

log = logging.getLogger(__name__)

# Ids and numbers beyond a 64-bit column cannot name a row; refused as absent before they reach the database.
_ID_LIMIT = 2**63 - 1
LANGUAGE_CODES = list(CONTENT_LANGUAGES)
# Kinds and language codes are plain strings in the schema, described here, and checked by the services
# (the same refusals as the pages): enums named after a field ("kind", "language") collide across the apps' APIs.
KIND_HELP = "title, heading, paragraph, list_item or red_flag"
LANGUAGE_HELP = "A content language: " + ", ".join(CONTENT_LANGUAGES)


def _fits_in_documents(value: str) -> None:
    # The services refuse the same (review.rules.fits_in_documents); here it names the field.
    if not rules.fits_in_documents(value):
        raise serializers.ValidationError(
            _("The text contains a control character (such as a form feed); remove it and send the text again.")
        )


def _id_or_404(value: int) -> int:
    if not 0 < value <= _ID_LIMIT:
        raise Http404
    return value


def _leaflet(request, leaflet_id: int) -> Leaflet:
    """The leaflet if the caller may see it; 404 alike for absent and hidden, as on the pages."""
    return visible_leaflet_or_404(request, _id_or_404(leaflet_id))


def _parsed(serializer_class: type[serializers.Serializer], data: Any) -> dict:
    """Validated input; a refusal is a 400 in the one error shape (workbench.api_base.exception_handler)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _site_url(name: str, *args: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=list(args))


class _FileOrJson(DefaultContentNegotiation):
    """A download answers its file, or its refusal as JSON, whatever Accept asks for.

    The file is an HttpResponse and needs no renderer; only a refusal is
    rendered, and refusing the refusal (406) because the client asked for a
    PDF would hide the reason.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# --- Shapes ---------------------------------------------------------------------------------------
class RevisionSegmentInputSerializer(serializers.Serializer):
    key = serializers.UUIDField(
        required=False, allow_null=True, help_text="The segment's identity from the revision you edited; omit for new."
    )
    kind = serializers.CharField(max_length=16, help_text=KIND_HELP)
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, validators=[_fits_in_documents])


class LeafletSegmentInputSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=16, help_text=KIND_HELP)
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, validators=[_fits_in_documents])


class LeafletCreateSerializer(serializers.Serializer):
    title = serializers.CharField(trim_whitespace=False, validators=[_fits_in_documents])
    topic = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    audience = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    source_language = serializers.CharField(max_length=8, default="en", help_text=LANGUAGE_HELP)
    required_languages = serializers.ListField(
        child=serializers.CharField(max_length=8, help_text=LANGUAGE_HELP),
        required=False,
        allow_empty=False,
        max_length=len(LANGUAGE_CODES),
        default=list(DEFAULT_REQUIRED_LANGUAGES),
    )
    review_interval_months = serializers.IntegerField(required=False, min_value=1, max_value=120, default=24)
    dual_forward_languages = serializers.ListField(
        child=serializers.CharField(max_length=8, help_text=LANGUAGE_HELP),
        required=False,
        max_length=len(LANGUAGE_CODES),
        help_text="Target languages translated twice, independently, then reconciled by a translator.",
    )
    segments = serializers.ListField(child=LeafletSegmentInputSerializer(), max_length=settings.MAX_SEGMENTS)


class LeafletUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(
        required=False,
        trim_whitespace=False,
        validators=[_fits_in_documents],
        help_text="A change makes a new revision.",
    )
    topic = serializers.CharField(required=False, allow_blank=True, max_length=200)
    audience = serializers.CharField(required=False, allow_blank=True, max_length=200)
    review_interval_months = serializers.IntegerField(required=False, min_value=1, max_value=120)
    dual_forward_languages = serializers.ListField(
        child=serializers.CharField(max_length=8, help_text=LANGUAGE_HELP),
        required=False,
        max_length=len(LANGUAGE_CODES),
        help_text="Target languages translated twice, independently, then reconciled by a translator.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="With a title change.")


class RevisionSaveSerializer(serializers.Serializer):
    base_revision = serializers.IntegerField(
        min_value=1, max_value=_ID_LIMIT, help_text="The number of the revision your edit started from."
    )
    title = serializers.CharField(
        required=False, allow_null=True, trim_whitespace=False, default=None, validators=[_fits_in_documents]
    )
    segments = serializers.ListField(child=RevisionSegmentInputSerializer(), max_length=settings.MAX_SEGMENTS + 1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class LeafletStageStateSerializer(serializers.Serializer):
    stage = serializers.CharField()
    approved = serializers.BooleanField()
    approved_by = serializers.CharField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    changes_requested = serializers.BooleanField()
    stale_approvals = serializers.IntegerField()


class LeafletLanguageStateSerializer(serializers.Serializer):
    language = serializers.CharField()
    text_version = serializers.IntegerField(
        allow_null=True, help_text="The text's id, when there is a text and you may read it."
    )
    has_text = serializers.BooleanField()
    untranslated = serializers.IntegerField()
    unresolved_errors = serializers.IntegerField()
    stages = LeafletStageStateSerializer(many=True)
    ready = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class LeafletLiveSerializer(serializers.Serializer):
    publication = serializers.IntegerField()
    revision = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    languages = serializers.ListField(child=serializers.CharField())


class LeafletSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    topic = serializers.CharField()
    audience = serializers.CharField()
    source_language = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    review_interval_months = serializers.IntegerField()
    dual_forward_languages = serializers.ListField(child=serializers.CharField())
    current_revision = serializers.IntegerField()
    created_by = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    live_revision = serializers.IntegerField(allow_null=True)
    gate_open = serializers.BooleanField(help_text="Every language has both approvals of its current text.")


class LeafletDetailSerializer(LeafletSummarySerializer):
    gate_reasons = serializers.ListField(child=serializers.CharField())
    language_states = LeafletLanguageStateSerializer(many=True)
    live = LeafletLiveSerializer(allow_null=True)
    can_edit = serializers.BooleanField()
    can_publish = serializers.BooleanField()


class RevisionSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    based_on = serializers.IntegerField(allow_null=True, help_text="The revision this one was saved from.")
    created_by = serializers.CharField()
    created_at = serializers.DateTimeField()
    note = serializers.CharField()
    is_conflict = serializers.BooleanField(help_text="Kept from a save based on an older revision; not current.")
    is_current = serializers.BooleanField()
    content_hash = serializers.CharField()
    drafted_by_model = serializers.CharField()


class RevisionSegmentSerializer(serializers.Serializer):
    key = serializers.UUIDField()
    kind = serializers.CharField(help_text=KIND_HELP)
    text = serializers.CharField()
    position = serializers.IntegerField()


class RevisionDetailSerializer(RevisionSummarySerializer):
    leaflet = serializers.IntegerField()
    title = serializers.CharField()
    segments = RevisionSegmentSerializer(many=True)


class RevisionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    yours = RevisionDetailSerializer(help_text="Your edit, kept as a conflict revision (not current).")
    current = RevisionDetailSerializer(help_text="The revision someone else saved since your base.")


class DocxUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A .docx document.")


class DocxNewLeafletSerializer(DocxUploadSerializer):
    language = serializers.CharField(
        max_length=8,
        required=False,
        allow_blank=True,
        help_text="The document's language when the document does not say; detected otherwise. " + LANGUAGE_HELP,
    )


class DocxNotImportedSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(help_text="What it is, in words: Table, Image, …")
    where = serializers.CharField()
    paragraph = serializers.IntegerField(allow_null=True)
    preview = serializers.CharField()
    detail = serializers.CharField()


class DocxImportSerializer(serializers.Serializer):
    leaflet = serializers.IntegerField()
    revision = RevisionSummarySerializer()
    created = serializers.BooleanField(help_text="A new leaflet was made.")
    unchanged = serializers.BooleanField(help_text="The document is the current revision: nothing was saved.")
    conflict = serializers.BooleanField(help_text="Saved as a conflict revision: it would undo a later save.")
    current_revision = serializers.IntegerField()
    language = serializers.CharField()
    language_from = serializers.CharField(help_text="Where the language came from: document, chosen, detected, default")
    kept_by_bookmark = serializers.IntegerField()
    kept_by_text = serializers.IntegerField()
    new_segments = serializers.IntegerField()
    removed_segments = serializers.IntegerField()
    not_imported = DocxNotImportedSerializer(many=True, help_text="What the document holds that was not imported.")


class PublishedLanguageSerializer(serializers.Serializer):
    language = serializers.CharField()
    title = serializers.CharField()
    page_url = serializers.URLField()


class PublishedSerializer(serializers.Serializer):
    leaflet = serializers.IntegerField()
    publication = serializers.IntegerField()
    revision = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    languages = PublishedLanguageSerializer(many=True)


class PatientBlockSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="heading, paragraph, list_item or red_flag")
    text = serializers.CharField(required=False, help_text="Headings and paragraphs.")
    items = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Consecutive list items, or the red flags."
    )


class PatientOtherLanguageSerializer(serializers.Serializer):
    language = serializers.CharField()
    name = serializers.CharField()
    page_url = serializers.URLField()


class PatientOrganisationSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    contact = serializers.CharField(allow_blank=True)
    web = serializers.CharField(allow_blank=True)


class PatientPageSerializer(serializers.Serializer):
    leaflet = serializers.IntegerField()
    publication = serializers.IntegerField()
    revision = serializers.IntegerField()
    language = serializers.CharField()
    html_lang = serializers.CharField()
    title = serializers.CharField()
    blocks = PatientBlockSerializer(many=True)
    red_flags_label = serializers.CharField()
    care_team_note = serializers.CharField()
    statements = serializers.ListField(
        child=serializers.CharField(), help_text="Who reviewed it and when, any model's help, the next review date."
    )
    ai_assisted = serializers.BooleanField()
    reviewed_on = serializers.DateField()
    next_review_due = serializers.DateField()
    published_at = serializers.DateTimeField()
    page_url = serializers.URLField()
    version_url = serializers.URLField(help_text="This publication's own address, as its printout's QR code carries.")
    print_url = serializers.URLField(allow_null=True, help_text="None when this server cannot make PDFs.")
    print_unavailable = serializers.CharField(allow_null=True)
    other_languages = PatientOtherLanguageSerializer(many=True)
    organisation = PatientOrganisationSerializer()


# --- Building answers ----------------------------------------------------------------------------
def _stage_state(row, stage: str) -> dict:
    cell = row.cells.get(stage)
    approval = cell.approval if cell is not None and cell.approved else None
    return {
        "stage": stage,
        "approved": approval is not None,
        "approved_by": approval.reviewer.get_username() if approval is not None else None,
        "approved_at": approval.created_at if approval is not None else None,
        "changes_requested": bool(cell is not None and cell.latest is not None),
        "stale_approvals": cell.stale_approvals if cell is not None else 0,
    }


def _summary(leaflet: Leaflet, gate: GateStatus, live: Publication | None) -> dict:
    return {
        "id": leaflet.pk,
        "title": leaflet.title,
        "topic": leaflet.topic,
        "audience": leaflet.audience,
        "source_language": leaflet.source_language_id,
        "languages": [row.language for row in gate.rows],
        "review_interval_months": leaflet.review_interval_months,
        "dual_forward_languages": list(leaflet.dual_forward_languages),
        "current_revision": leaflet.revision_now().number,
        "created_by": leaflet.created_by.get_username(),
        "created_at": leaflet.created_at,
        "updated_at": leaflet.updated_at,
        "live_revision": live.revision.number if live is not None else None,
        "gate_open": gate.open,
    }


def _detail(request, leaflet: Leaflet) -> dict:
    """What the leaflet's page shows: its details, the state of every language, and what is live."""
    leaflet = Leaflet.objects.select_related("current_revision", "created_by").get(pk=leaflet.pk)
    gate = gate_evaluate(leaflet=leaflet)
    user = request.user
    live = leaflet.publications.select_related("revision").filter(state=Publication.State.LIVE).first()
    live_languages = []
    if live is not None:
        texts = PublicationText.objects.filter(publication=live).order_by("language_id")
        live_languages = list(texts.values_list("language_id", flat=True))
    states = [
        {
            "language": row.language,
            "text_version": row.text_version.pk
            if row.text_version is not None and permissions.can_view_text(user, row.text_version)
            else None,
            "has_text": row.text_version is not None,
            "untranslated": row.untranslated,
            "unresolved_errors": row.unresolved_errors,
            "stages": [_stage_state(row, stage) for stage in Stage.values] if row.text_version is not None else [],
            "ready": row.ready,
            "reasons": [str(reason) for reason in row.reasons],
        }
        for row in gate.rows
    ]
    return {
        **_summary(leaflet, gate, live),
        "gate_reasons": [str(reason) for reason in gate.reasons],
        "language_states": states,
        "live": {
            "publication": live.pk,
            "revision": live.revision.number,
            "published_at": live.published_at,
            "languages": live_languages,
        }
        if live is not None
        else None,
        "can_edit": permissions.can_edit_leaflet(user, leaflet),
        "can_publish": permissions.can_publish(user, leaflet),
    }


def _revision_summary(revision: Revision, *, current_id: int | None) -> dict:
    return {
        "number": revision.number,
        "based_on": revision.parent.number if revision.parent is not None else None,
        "created_by": revision.created_by.get_username(),
        "created_at": revision.created_at,
        "note": revision.note,
        "is_conflict": revision.is_conflict,
        "is_current": revision.pk == current_id,
        "content_hash": revision.content_hash,
        "drafted_by_model": revision.drafted_by_model,
    }


def _revision_detail(revision: Revision, *, leaflet: Leaflet) -> dict:
    revision = Revision.objects.select_related("created_by", "parent").prefetch_related("segments").get(pk=revision.pk)
    segments = list(revision.segments.all())
    return {
        **_revision_summary(revision, current_id=leaflet.current_revision_id),
        "leaflet": leaflet.pk,
        "title": services.revision_title(revision, fallback=leaflet.title),
        "segments": [{"key": s.key, "kind": s.kind, "text": s.text, "position": s.position} for s in segments],
    }


def _revision_or_404(leaflet: Leaflet, number: int) -> Revision:
    revision = Revision.objects.filter(leaflet=leaflet, number=_id_or_404(number)).first()
    if revision is None:
        raise Http404
    return revision


def _import_answer(result: DocxImport) -> dict:
    leaflet = Leaflet.objects.select_related("current_revision").get(pk=result.leaflet.pk)
    revision = Revision.objects.select_related("created_by", "parent").get(pk=result.revision.pk)
    return {
        "leaflet": leaflet.pk,
        "revision": _revision_summary(revision, current_id=leaflet.current_revision_id),
        "created": result.created,
        "unchanged": result.unchanged,
        "conflict": result.conflict,
        "current_revision": leaflet.revision_now().number,
        "language": result.language,
        "language_from": result.language_from,
        "kept_by_bookmark": result.kept_by_bookmark,
        "kept_by_text": result.kept_by_text,
        "new_segments": result.new_segments,
        "removed_segments": result.removed_segments,
        "not_imported": [
            {
                "kind": item.kind,
                "kind_label": str(item.label),
                "where": str(item.where),
                "paragraph": item.paragraph,
                "preview": item.preview,
                "detail": item.detail,
            }
            for item in result.not_imported
        ],
    }


def _upload(request, serializer_class: type[serializers.Serializer]) -> tuple[dict, bytes, str]:
    """The uploaded document (refused over the exchange size limit, as on the page), and the other fields.

    507 (workbench.uploads) when the server's upload folder could not store or give back the file.
    """
    fields = request.data  # read through the upload handlers, which drop a file the disk cannot take
    uploads.refuse_unstored_upload(request)
    data = _parsed(serializer_class, fields)
    upload = data["file"]
    if upload.size is not None and upload.size > settings.EXCHANGE_MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s bytes; nothing was imported.")
            % {"limit": f"{settings.EXCHANGE_MAX_FILE_BYTES:,}"}
        )
    try:
        content = upload.read()
    except OSError as exc:
        raise uploads.UploadNotStored.because(exc) from None
    return data, content, (upload.name or "").replace("\x00", "")


# --- Leaflets ------------------------------------------------------------------------------------
class LeafletListCreate(generics.GenericAPIView):
    serializer_class = LeafletSummarySerializer

    @extend_schema(
        summary="The leaflets you may see, most recently changed first",
        tags=["leaflets"],
        parameters=[OpenApiParameter("q", str, description="Only leaflets whose title or topic contains this.")],
        responses={200: LeafletSummarySerializer(many=True), **refusals(404)},
    )
    def get(self, request):
        leaflets = (
            permissions.visible_leaflets(request.user)
            .select_related("created_by", "current_revision")
            .order_by("-updated_at", "-id")
        )
        # As the leaflet list page searches; a NUL cannot be in a title and PostgreSQL refuses it in a query.
        query = request.query_params.get("q", "").replace("\x00", "").strip()[:200]
        if query:
            leaflets = leaflets.filter(Q(title__icontains=query) | Q(topic__icontains=query))
        page = self.paginate_queryset(leaflets)
        rows = [_summary(state.leaflet, state.gate, state.live) for state in dashboard.leaflet_states(page or [])]
        return self.get_paginated_response(LeafletSummarySerializer(rows, many=True).data)

    @extend_schema(
        summary="Create a leaflet as revision 1 (authors)",
        tags=["leaflets"],
        request=LeafletCreateSerializer,
        responses={201: LeafletDetailSerializer, **refusals(400, 403)},
    )
    def post(self, request):
        if not permissions.can_create_leaflet(request.user):
            raise PermissionDenied
        data = _parsed(LeafletCreateSerializer, request.data)
        leaflet = services.leaflet_create(
            user=request.user,
            title=data["title"],
            topic=data["topic"],
            audience=data["audience"],
            review_interval_months=data["review_interval_months"],
            source_language=data["source_language"],
            required_languages=data["required_languages"],
            dual_forward_languages=data.get("dual_forward_languages", []),
            segments=[services.SegmentInput(kind=s["kind"], text=s["text"]) for s in data["segments"]],
        )
        response = Response(LeafletDetailSerializer(_detail(request, leaflet)).data, status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api_leaflet", args=[leaflet.pk])
        return response


class LeafletDetail(APIView):
    @extend_schema(
        summary="A leaflet: details, current revision, the state of every language, what is live",
        tags=["leaflets"],
        responses={200: LeafletDetailSerializer, **refusals(404)},
    )
    def get(self, request, leaflet_id: int):
        leaflet = _leaflet(request, leaflet_id)
        return Response(LeafletDetailSerializer(_detail(request, leaflet)).data)

    @extend_schema(
        summary="Change title, topic, audience or review interval (a new title is a new revision)",
        tags=["leaflets"],
        request=LeafletUpdateSerializer,
        responses={200: LeafletDetailSerializer, **refusals(400, 403, 404)},
    )
    def patch(self, request, leaflet_id: int):
        leaflet = _leaflet(request, leaflet_id)
        if not permissions.can_edit_leaflet(request.user, leaflet):
            raise PermissionDenied
        data = _parsed(LeafletUpdateSerializer, request.data)
        services.leaflet_update_details(
            leaflet=leaflet,
            user=request.user,
            title=data.get("title"),
            topic=data.get("topic", leaflet.topic),
            audience=data.get("audience", leaflet.audience),
            review_interval_months=data.get("review_interval_months"),
            dual_forward_languages=data.get("dual_forward_languages"),
            note=data.get("note", ""),
        )
        return Response(LeafletDetailSerializer(_detail(request, leaflet)).data)


# --- Revisions -----------------------------------------------------------------------------------
class RevisionListSave(generics.GenericAPIView):
    serializer_class = RevisionSummarySerializer

    @extend_schema(
        summary="A leaflet's revisions, newest first",
        tags=["revisions"],
        responses={200: RevisionSummarySerializer(many=True), **refusals(404)},
    )
    def get(self, request, leaflet_id: int):
        leaflet = _leaflet(request, leaflet_id)
        revisions = leaflet.revisions.select_related("created_by", "parent").order_by("-number")
        page = self.paginate_queryset(revisions) or []
        rows = [_revision_summary(r, current_id=leaflet.current_revision_id) for r in page]
        return self.get_paginated_response(RevisionSummarySerializer(rows, many=True).data)

    @extend_schema(
        summary="Save an edit as a new revision; 409 with both versions when someone saved since your base",
        description=(
            "`segments` are the body segments in order (or the whole revision with its one `title` segment). "
            "Keep each segment's `key` from the revision you edited: that is how its translation follows it. "
            "201: saved and current. 200: nothing changed, the current revision is returned. 409: someone saved "
            "since `base_revision`; your edit is kept as a conflict revision (`yours`, not current) beside "
            "`current`: nothing typed is lost."
        ),
        tags=["revisions"],
        request=RevisionSaveSerializer,
        responses={
            201: RevisionDetailSerializer,
            200: RevisionDetailSerializer,
            409: RevisionConflictSerializer,
            **refusals(400, 403, 404),
        },
    )
    def post(self, request, leaflet_id: int):
        leaflet = _leaflet(request, leaflet_id)
        if not permissions.can_edit_leaflet(request.user, leaflet):
            raise PermissionDenied
        data = _parsed(RevisionSaveSerializer, request.data)
        before = leaflet.current_revision_id
        result = services.revision_save(
            leaflet=leaflet,
            user=request.user,
            segments=[
                services.SegmentInput(kind=s["kind"], text=s["text"], key=s.get("key")) for s in data["segments"]
            ],
            title=data["title"],
            base_revision_number=data["base_revision"],
            note=data["note"],
        )
        leaflet.refresh_from_db()
        if result.current is not None:
            body = {
                "detail": _(
                    "Someone else saved revision %(current)d while you were editing. Your version was kept "
                    "as revision %(yours)d: nothing was lost. Compare the two below, then open yours in the "
                    "editor to combine them."
                )
                % {"current": result.current.number, "yours": result.revision.number},
                "yours": _revision_detail(result.revision, leaflet=leaflet),
                "current": _revision_detail(result.current, leaflet=leaflet),
            }
            return Response(RevisionConflictSerializer(body).data, status=status.HTTP_409_CONFLICT)
        saved = result.revision.pk != before
        return Response(
            RevisionDetailSerializer(_revision_detail(result.revision, leaflet=leaflet)).data,
            status=status.HTTP_201_CREATED if saved else status.HTTP_200_OK,
        )


class RevisionDetail(APIView):
    @extend_schema(
        summary="One revision: its segments, who saved it and when",
        tags=["revisions"],
        responses={200: RevisionDetailSerializer, **refusals(404)},
    )
    def get(self, request, leaflet_id: int, number: int):
        leaflet = _leaflet(request, leaflet_id)
        revision = _revision_or_404(leaflet, number)
        return Response(RevisionDetailSerializer(_revision_detail(revision, leaflet=leaflet)).data)


# --- Word documents ------------------------------------------------------------------------------
class LeafletDocx(APIView):
    parser_classes = [MultiPartParser]
    content_negotiation_class = _FileOrJson

    @extend_schema(
        summary="A language's text of the current revision as a Word document",
        tags=["word"],
        parameters=[
            OpenApiParameter(
                "language", str, enum=LANGUAGE_CODES, description="The text's language (default: the source)."
            )
        ],
        responses={(200, docx.CONTENT_TYPE): OpenApiTypes.BINARY, **refusals(400, 403, 404)},
    )
    def get(self, request, leaflet_id: int):
        leaflet = _leaflet(request, leaflet_id)
        language = request.query_params.get("language") or leaflet.source_language_id
        if language not in CONTENT_LANGUAGES:
            raise ValidationError(
                _("Unknown language code %(code)s; use one of %(codes)s.")
                % {"code": repr(language), "codes": ", ".join(CONTENT_LANGUAGES)}
            )
        result = leaflet_docx_export(leaflet=leaflet, language=language, user=request.user)
        response = HttpResponse(result.data, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        return response

    @extend_schema(
        summary="A Word document in the source language as the leaflet's new revision",
        description=(
            "Segments whose bookmark or text survive keep their key, and so their translations. "
            "201: a revision was saved (`conflict`: kept beside a later save, not current). "
            "200: the document is the current revision; nothing was saved."
        ),
        tags=["word"],
        request=DocxUploadSerializer,
        responses={201: DocxImportSerializer, 200: DocxImportSerializer, **refusals(400, 403, 404, 507)},
    )
    def post(self, request, leaflet_id: int):
        leaflet = _leaflet(request, leaflet_id)
        if not permissions.can_edit_leaflet(request.user, leaflet):
            raise PermissionDenied
        _data, content, file_name = _upload(request, DocxUploadSerializer)
        result = leaflet_docx_import(data=content, user=request.user, leaflet=leaflet, file_name=file_name)
        return Response(
            DocxImportSerializer(_import_answer(result)).data,
            status=status.HTTP_200_OK if result.unchanged else status.HTTP_201_CREATED,
        )


class LeafletFromDocx(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="A new leaflet from a Word document (authors)",
        operation_id="leaflets_from_docx_create",
        tags=["word"],
        request=DocxNewLeafletSerializer,
        responses={201: DocxImportSerializer, **refusals(400, 403, 507)},
    )
    def post(self, request):
        if not permissions.can_create_leaflet(request.user):
            raise PermissionDenied
        data, content, file_name = _upload(request, DocxNewLeafletSerializer)
        result = leaflet_docx_import(
            data=content, user=request.user, file_name=file_name, language=data.get("language") or None
        )
        response = Response(DocxImportSerializer(_import_answer(result)).data, status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api_leaflet", args=[result.leaflet.pk])
        return response


# --- What patients read --------------------------------------------------------------------------
def _live_page(leaflet_id: int, lang: str) -> PatientPage:
    """The patient page of the leaflet's live publication in `lang`, built in the patient's language; else 404."""
    if lang not in CONTENT_LANGUAGES:
        raise Http404
    publication = (
        Publication.objects.select_related("leaflet", "revision")
        .filter(leaflet_id=_id_or_404(leaflet_id), state=Publication.State.LIVE)
        .first()
    )
    if publication is None:
        raise Http404
    page = patient_page(publication=publication, lang=lang)
    if page is None:
        if publication.texts.filter(language_id=lang).exists():
            log.error(
                "publication %s of leaflet %s is not the one the audit trail records; not shown",
                publication.pk,
                publication.leaflet_id,
            )
        raise Http404
    return page


def _untitled(lang: str) -> str:
    with translation.override(UI_LANGUAGE_FOR_CONTENT[lang]):
        return _("Patient information")


class PublishedList(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = PublishedSerializer

    @extend_schema(
        summary="Live leaflets and their published languages (no login)",
        tags=["published"],
        # 401 too: a caller who sends a token that is not valid is told so, here as everywhere.
        responses={200: PublishedSerializer(many=True), **refusals(401, 404)},
    )
    def get(self, request):
        live = (
            Publication.objects.filter(state=Publication.State.LIVE)
            .select_related("revision")
            .prefetch_related("texts")
            .order_by("-published_at", "-id")
        )
        page = list(self.paginate_queryset(live) or [])
        # A publication the audit trail does not vouch for is not listed, as its page shows nothing.
        sealed = publications_sealed(publications=page)
        rows = []
        for publication in page:
            if publication.pk not in sealed:
                log.error("publication %s is not the one the audit trail records; not listed", publication.pk)
                continue
            texts = {t.language_id: t for t in publication.texts.all()}
            languages = []
            for code in CONTENT_LANGUAGES:
                if code in texts:
                    title = blocks_of(texts[code].body)[0]
                    languages.append(
                        {
                            "language": code,
                            "title": title or _untitled(code),
                            "page_url": _site_url("public_leaflet", publication.leaflet_id, code),
                        }
                    )
            rows.append(
                {
                    "leaflet": publication.leaflet_id,
                    "publication": publication.pk,
                    "revision": publication.revision.number,
                    "published_at": publication.published_at,
                    "languages": languages,
                }
            )
        return self.get_paginated_response(PublishedSerializer(rows, many=True).data)


class PublishedPage(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="What the patient page shows for one language of a live leaflet (no login)",
        tags=["published"],
        parameters=[OpenApiParameter("lang", str, OpenApiParameter.PATH, enum=LANGUAGE_CODES)],
        responses={200: PatientPageSerializer, **refusals(401, 404)},
    )
    def get(self, request, leaflet_id: int, lang: str):
        with translation.override(UI_LANGUAGE_FOR_CONTENT.get(lang, "en")):
            page = _live_page(leaflet_id, lang)
            unavailable = pdf.pdf_unavailable_reason()
            org = organisation()
            others = [
                {
                    "language": code,
                    "name": content.native_name,
                    "page_url": _site_url("public_leaflet", page.leaflet_id, code),
                }
                for code, content in page.others
            ]
            body = {
                "leaflet": page.leaflet_id,
                "publication": page.publication.pk,
                "revision": page.publication.revision.number,
                "language": page.lang,
                "html_lang": page.content.html_lang,
                "title": page.title or _("Patient information"),
                "blocks": page.blocks,
                "red_flags_label": _("Get help at once"),
                "care_team_note": _(
                    "This leaflet gives general information. It does not replace advice from your own doctor, "
                    "nurse or care team. If you are unsure or your condition changes, ask them."
                ),
                "statements": page.statements,
                "ai_assisted": page.trust.ai_assisted,
                "reviewed_on": page.reviewed_on,
                "next_review_due": page.next_review_due,
                "published_at": page.publication.published_at,
                "page_url": _site_url("public_leaflet", page.leaflet_id, page.lang),
                "version_url": page.page_url(),
                "print_url": None if unavailable else _site_url("public_leaflet_pdf", page.leaflet_id, page.lang),
                "print_unavailable": unavailable,
                "other_languages": others,
                "organisation": {key: org[key] for key in ("name", "contact", "web")},
            }
        response = Response(PatientPageSerializer(body).data)
        response["Content-Language"] = page.content.html_lang
        return response


class PublishedPdf(APIView):
    permission_classes = [AllowAny]
    content_negotiation_class = _FileOrJson

    @extend_schema(
        summary="The print PDF of one language of a live leaflet (no login)",
        description="503 when this server cannot make PDFs; the answer says what is missing.",
        tags=["published"],
        parameters=[OpenApiParameter("lang", str, OpenApiParameter.PATH, enum=LANGUAGE_CODES)],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **refusals(401, 404, 503)},
    )
    def get(self, request, leaflet_id: int, lang: str):
        with translation.override(UI_LANGUAGE_FOR_CONTENT.get(lang, "en")):
            page = _live_page(leaflet_id, lang)
            try:
                data = publication_pdf(page=page)
            except pdf.PdfUnavailable as exc:
                log.warning("print PDF unavailable: %s", exc)
                body = ErrorSerializer({"detail": str(exc), "code": "pdf_unavailable"}).data
                return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="leaflet-{page.leaflet_id}-{lang}.pdf"'
        response["Content-Language"] = page.content.html_lang
        return response


urlpatterns = [
    path("leaflets/", LeafletListCreate.as_view(), name="api_leaflets"),
    path("leaflets/docx/", LeafletFromDocx.as_view(), name="api_leaflet_docx_new"),
    path("leaflets/<int:leaflet_id>/", LeafletDetail.as_view(), name="api_leaflet"),
    path("leaflets/<int:leaflet_id>/revisions/", RevisionListSave.as_view(), name="api_revisions"),
    path("leaflets/<int:leaflet_id>/revisions/<int:number>/", RevisionDetail.as_view(), name="api_revision"),
    path("leaflets/<int:leaflet_id>/docx/", LeafletDocx.as_view(), name="api_leaflet_docx"),
    path("published/", PublishedList.as_view(), name="api_published"),
    path("published/<int:leaflet_id>/<str:lang>/", PublishedPage.as_view(), name="api_published_page"),
    path("published/<int:leaflet_id>/<str:lang>/pdf/", PublishedPdf.as_view(), name="api_published_pdf"),
]
