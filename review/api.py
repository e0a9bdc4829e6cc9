"""The review API: decisions, the gate, publications, webhook deliveries (conventions: workbench/api_base.py).

The pages' twin: the same permission questions as review/views.py in the same
order (may not see the text or leaflet -> 404; may see but not review that
stage or publish -> 403), then the same service, whose own refusals (own
edits, separation of duties, a running job, a QA error, a closed gate) come
back as 400 or 409 through the shared exception handler.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from review import permissions
from review.models import Approval, Publication, PublicationText, Stage, Suggestion, WebhookDelivery
from review.permissions import can_manage_webhooks
from review.selectors import decisions_marked, gate_evaluate
from review.services import (
    finding_override,
    leaflet_publish,
    publication_withdraw,
    translation_approve,
    translation_request_changes,
)
from review.suggestions import (
    suggestion_accept,
    suggestion_accept_edited,
    suggestion_create,
    suggestion_reject,
    suggestion_withdraw,
)
from review.webhooks import webhook_resend
from translations.models import Finding, TargetSegment, TextVersion
from workbench.api_base import refusals, require_if_match
from workbench.http import visible_leaflet_or_404, visible_text_or_404

COMMENT_MAX = 5000


def _may_review_or_403(request, tv: TextVersion, stage: str) -> None:
    if not permissions.can_review(request.user, tv, stage):
        raise PermissionDenied(_("You are not a reviewer for this language and stage."))


def _publication_or_404(request, publication_id: int) -> Publication:
    publication = get_object_or_404(_publications(), pk=publication_id)
    permissions.require(permissions.can_view_leaflet(request.user, publication.leaflet))
    return publication


def _publications():
    return Publication.objects.select_related("leaflet", "revision", "published_by", "withdrawn_by").prefetch_related(
        Prefetch("texts", queryset=PublicationText.objects.order_by("language_id"))
    )


# --- Serializers: input validation and output shape only -------------------------------------------
class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text_id = serializers.IntegerField(source="text_version_id")
    stage = serializers.ChoiceField(choices=Stage.choices)
    decision = serializers.ChoiceField(choices=Approval.Decision.choices)
    reviewer = serializers.CharField(source="reviewer.username")
    comment = serializers.CharField()
    content_hash = serializers.CharField()
    generation = serializers.IntegerField()
    withdraws = serializers.IntegerField(source="withdraws_id", allow_null=True)
    created_at = serializers.DateTimeField()
    sealed = serializers.BooleanField(
        help_text="The keyed audit trail records this decision; an unsealed approval never counts."
    )
    counts_for_current = serializers.BooleanField(
        help_text="It still counts (or blocks) for the text as it is now, as the review screen shows it."
    )


class ApproveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=COMMENT_MAX)


class RequestChangesSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    comment = serializers.CharField(max_length=COMMENT_MAX, help_text="What needs to change.")


class OverrideSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMMENT_MAX)


class OverrideOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    finding_id = serializers.IntegerField()
    reviewer = serializers.CharField(source="reviewer.username")
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class StageCellSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    approved = serializers.BooleanField(help_text="An approval counts for this stage and no change request blocks it.")
    approval_id = serializers.IntegerField(allow_null=True)
    reviewer = serializers.CharField(allow_null=True)
    changes_requested = serializers.BooleanField()
    stale_approvals = serializers.IntegerField(help_text="Approvals given to an earlier edit of the text.")
    unsealed = serializers.IntegerField(help_text="Approval rows the keyed audit trail does not record.")


class GateLanguageSerializer(serializers.Serializer):
    language = serializers.CharField()
    text_id = serializers.IntegerField(allow_null=True)
    ready = serializers.BooleanField()
    untranslated = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    stages = StageCellSerializer(many=True)


class GateSerializer(serializers.Serializer):
    leaflet_id = serializers.IntegerField()
    revision = serializers.IntegerField(allow_null=True)
    open = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    languages = GateLanguageSerializer(many=True)


class PublishSerializer(serializers.Serializer):
    republish_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=COMMENT_MAX,
        help_text="Needed only to publish again a revision whose publication was withdrawn: say why.",
    )


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMMENT_MAX)


class PublicationTextSerializer(serializers.Serializer):
    language = serializers.CharField(source="language_id")
    title = serializers.CharField()
    content_hash = serializers.CharField()
    edit_generation = serializers.IntegerField()
    text_id = serializers.IntegerField(source="text_version_id")
    native_approval_id = serializers.IntegerField()
    clinical_approval_id = serializers.IntegerField()


class PublicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    leaflet_id = serializers.IntegerField()
    revision = serializers.IntegerField(source="revision.number")
    state = serializers.ChoiceField(choices=Publication.State.choices)
    published_at = serializers.DateTimeField()
    published_by = serializers.CharField(source="published_by.username")
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawn_by = serializers.CharField(source="withdrawn_by.username", allow_null=True)
    withdrawal_reason = serializers.CharField()
    texts = PublicationTextSerializer(many=True, help_text="What patients read, per language: frozen at publishing.")


class WebhookDeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    delivery_id = serializers.UUIDField()
    event = serializers.CharField()
    endpoint_id = serializers.IntegerField()
    endpoint_url = serializers.CharField(source="endpoint.url")
    publication_id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=WebhookDelivery.State.choices)
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField()
    last_status_code = serializers.IntegerField(allow_null=True)
    last_response = serializers.CharField()
    last_error = serializers.CharField()
    payload = serializers.CharField(help_text="The exact body sent (UTF-8 JSON), the same on every attempt.")
    created_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)


@dataclass(frozen=True)
class _Shown:
    """A decision as the review screen shows it: the row, and whether it counts for the text as it is now."""

    approval: Approval
    counts_for_current: bool

    def __getattr__(self, name: str):
        return getattr(self.approval, name)


def _decisions_shown(tv: TextVersion) -> list[_Shown]:
    """The text's decisions, newest first, each marked as the review screen marks it (selectors.decisions_marked)."""
    return [_Shown(marked.approval, marked.counts_for_current) for marked in decisions_marked(tv)]


def _decision_out(tv: TextVersion, approval: Approval) -> dict:
    shown = next(d for d in _decisions_shown(tv) if d.pk == approval.pk)
    return DecisionSerializer(shown).data


TEXT_ID = OpenApiParameter("text_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The text (version) id.")
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the text you reviewed (`"<content_hash>.<edit_generation>"`, from GET /api/texts/{id}/).',
)


# --- Decisions -------------------------------------------------------------------------------------
class TextApprove(APIView):
    @extend_schema(
        summary="Approve exactly the text you read, for one stage",
        description=(
            "If-Match must carry the ETag of the text as you read it: absent -> 428; the text changed since "
            "(even back to the same words) -> 412. Refused with 400 when you wrote or edited the text, gave the "
            "other stage's approval, a change request is open, a job is running or a QA error is unresolved."
        ),
        tags=["review"],
        parameters=[TEXT_ID, IF_MATCH],
        request=ApproveSerializer,
        responses={201: DecisionSerializer, **refusals(400, 403, 404, 412, 428)},
    )
    def post(self, request, text_id: int):
        tv = visible_text_or_404(request, text_id)
        data = ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stage = data.validated_data["stage"]
        _may_review_or_403(request, tv, stage)
        seen_hash, seen_generation = require_if_match(request, tv)
        approval = translation_approve(
            text_version=tv,
            reviewer=request.user,
            stage=stage,
            comment=data.validated_data["comment"],
            expected_hash=seen_hash,
            expected_generation=seen_generation,
        )
        return Response(_decision_out(tv, approval), status=status.HTTP_201_CREATED)


class TextRequestChanges(APIView):
    @extend_schema(
        summary="Request changes to a text (blocks it until it changes or you withdraw the request)",
        tags=["review"],
        parameters=[TEXT_ID],
        request=RequestChangesSerializer,
        responses={201: DecisionSerializer, **refusals(400, 403, 404)},
    )
    def post(self, request, text_id: int):
        tv = visible_text_or_404(request, text_id)
        data = RequestChangesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _may_review_or_403(request, tv, data.validated_data["stage"])
        decision = translation_request_changes(
            text_version=tv,
            reviewer=request.user,
            stage=data.validated_data["stage"],
            comment=data.validated_data["comment"],
        )
        return Response(_decision_out(tv, decision), status=status.HTTP_201_CREATED)


class TextDecisions(generics.ListAPIView):
    """Every decision on a text, newest first, with whether it still counts for the text as it is now."""

    serializer_class = DecisionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Approval.objects.none()
        return _decisions_shown(visible_text_or_404(self.request, self.kwargs["text_id"]))

    @extend_schema(
        summary="The decisions on a text, as the review screen shows them",
        tags=["review"],
        parameters=[TEXT_ID],
        responses={200: DecisionSerializer(many=True), **refusals(404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class FindingOverrideView(APIView):
    @extend_schema(
        summary="Override a QA finding with a written reason",
        tags=["review"],
        parameters=[OpenApiParameter("finding_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=OverrideSerializer,
        responses={201: OverrideOutSerializer, **refusals(400, 403, 404)},
    )
    def post(self, request, finding_id: int):
        finding = get_object_or_404(Finding.objects.select_related("text_version"), pk=finding_id)
        tv = visible_text_or_404(request, finding.text_version_id)
        if not any(permissions.can_review(request.user, tv, stage) for stage in Stage.values):
            raise PermissionDenied(_("You are not a reviewer for this language."))
        data = OverrideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        override = finding_override(finding=finding, reviewer=request.user, reason=data.validated_data["reason"])
        return Response(OverrideOutSerializer(override).data, status=status.HTTP_201_CREATED)


# --- The gate and publishing ----------------------------------------------------------------------
LEAFLET_ID = OpenApiParameter("leaflet_id", OpenApiTypes.INT, OpenApiParameter.PATH)
PUBLICATION_ID = OpenApiParameter("publication_id", OpenApiTypes.INT, OpenApiParameter.PATH)


def _gate_out(leaflet) -> dict:
    gate = gate_evaluate(leaflet=leaflet)
    languages = []
    for row in gate.rows:
        stages = []
        for stage in Stage.values:
            cell = row.cells.get(stage)
            stages.append(
                {
                    "stage": stage,
                    "approved": bool(cell and cell.approved),
                    "approval_id": cell.approval.pk if cell and cell.approval else None,
                    "reviewer": cell.approval.reviewer.username if cell and cell.approval else None,
                    "changes_requested": bool(cell and cell.latest is not None),
                    "stale_approvals": cell.stale_approvals if cell else 0,
                    "unsealed": cell.unsealed if cell else 0,
                }
            )
        languages.append(
            {
                "language": row.language,
                "text_id": row.text_version.pk if row.text_version else None,
                "ready": row.ready,
                "untranslated": row.untranslated,
                "reasons": row.reasons,
                "stages": stages,
            }
        )
    return {
        "leaflet_id": leaflet.pk,
        "revision": leaflet.current_revision.number if leaflet.current_revision_id else None,
        "open": gate.open,
        "reasons": gate.reasons,
        "languages": languages,
    }


class LeafletGate(APIView):
    @extend_schema(
        summary="The publish gate: open or not, why, and per language and stage whether the approval counts",
        tags=["publishing"],
        parameters=[LEAFLET_ID],
        responses={200: GateSerializer, **refusals(404)},
    )
    def get(self, request, leaflet_id: int):
        leaflet = visible_leaflet_or_404(request, leaflet_id)
        return Response(GateSerializer(_gate_out(leaflet)).data)


class LeafletPublish(APIView):
    @extend_schema(
        summary="Publish the current revision (publishers only), if the gate is open",
        description=(
            "409 with the reasons when the gate is closed (nothing is published). A revision whose publication "
            "was withdrawn needs `republish_reason`; without it: 400 with code `republish_needs_confirmation`."
        ),
        tags=["publishing"],
        parameters=[LEAFLET_ID],
        request=PublishSerializer,
        responses={201: PublicationSerializer, **refusals(400, 403, 404, 409)},
    )
    def post(self, request, leaflet_id: int):
        leaflet = visible_leaflet_or_404(request, leaflet_id)
        if not permissions.can_publish(request.user, leaflet):
            raise PermissionDenied(_("Only publishers can publish."))
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publication = leaflet_publish(
            leaflet=leaflet, publisher=request.user, republish_reason=data.validated_data["republish_reason"]
        )
        return Response(
            PublicationSerializer(_publications().get(pk=publication.pk)).data, status=status.HTTP_201_CREATED
        )


class PublicationList(generics.ListAPIView):
    """Publications of the leaflets you can see, newest first."""

    serializer_class = PublicationSerializer

    def get_queryset(self):
        publications = _publications().filter(leaflet__in=permissions.visible_leaflets(self.request.user))
        raw = self.request.query_params.get("leaflet")
        if raw is not None:
            if not raw.isdigit() or len(raw) > 18:
                raise serializers.ValidationError({"leaflet": ["A leaflet id (a whole number)."]})
            publications = publications.filter(leaflet_id=int(raw))
        return publications.order_by("-published_at", "-id")

    @extend_schema(
        summary="Publications, newest first (only of leaflets you can see)",
        tags=["publishing"],
        parameters=[OpenApiParameter("leaflet", OpenApiTypes.INT, description="Only this leaflet's publications.")],
        responses={200: PublicationSerializer(many=True), **refusals(400)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PublicationDetail(APIView):
    @extend_schema(
        summary="One publication",
        tags=["publishing"],
        parameters=[PUBLICATION_ID],
        responses={200: PublicationSerializer, **refusals(404)},
    )
    def get(self, request, publication_id: int):
        return Response(PublicationSerializer(_publication_or_404(request, publication_id)).data)


class PublicationWithdraw(APIView):
    @extend_schema(
        summary="Withdraw a live publication (publishers only): patients no longer see it",
        tags=["publishing"],
        parameters=[PUBLICATION_ID],
        request=WithdrawSerializer,
        responses={200: PublicationSerializer, **refusals(400, 403, 404)},
    )
    def post(self, request, publication_id: int):
        publication = _publication_or_404(request, publication_id)
        if not permissions.can_publish(request.user, publication.leaflet):
            raise PermissionDenied(_("Only publishers can withdraw a publication."))
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publication_withdraw(publication=publication, user=request.user, reason=data.validated_data["reason"])
        return Response(PublicationSerializer(_publications().get(pk=publication.pk)).data)


# --- Webhook deliveries (staff) -------------------------------------------------------------------
def _staff_or_403(request) -> None:
    if not can_manage_webhooks(request.user):
        raise PermissionDenied(_("Only staff can read and re-send webhook deliveries."))


class WebhookDeliveryList(generics.ListAPIView):
    serializer_class = WebhookDeliverySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WebhookDelivery.objects.none()
        _staff_or_403(self.request)
        deliveries = WebhookDelivery.objects.select_related("endpoint").order_by("-created_at", "-id")
        state = self.request.query_params.get("state")
        if state is not None:
            if state not in WebhookDelivery.State.values:
                raise serializers.ValidationError(
                    {"state": [_("One of: %(values)s.") % {"values": ", ".join(WebhookDelivery.State.values)}]}
                )
            deliveries = deliveries.filter(state=state)
        return deliveries

    @extend_schema(
        summary="Webhook deliveries, newest first (staff only)",
        tags=["webhooks"],
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=WebhookDelivery.State.values, description="Only these.")
        ],
        responses={200: WebhookDeliverySerializer(many=True), **refusals(400, 403)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class WebhookDeliveryResend(APIView):
    @extend_schema(
        summary="Send a delivery again: the same delivery id and body (staff only)",
        tags=["webhooks"],
        parameters=[OpenApiParameter("delivery_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={202: WebhookDeliverySerializer, **refusals(400, 403, 404)},
    )
    def post(self, request, delivery_pk: int):
        _staff_or_403(request)
        delivery = WebhookDelivery.objects.filter(pk=delivery_pk).first()
        if delivery is None:
            raise Http404
        resent = webhook_resend(delivery=delivery, user=request.user)
        body = WebhookDeliverySerializer(WebhookDelivery.objects.select_related("endpoint").get(pk=resent.pk)).data
        return Response(body, status=status.HTTP_202_ACCEPTED)


# --- Suggestions (review.suggestions): a reviewer proposes, a translator or an author decides -----------
class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text_id = serializers.IntegerField(source="text_version_id")
    segment = serializers.UUIDField(source="segment_key")
    text = serializers.CharField(help_text="The text the reviewer suggests.")
    base_text = serializers.CharField(allow_blank=True, help_text="The segment's text the suggestion was made against.")
    base_seq = serializers.IntegerField(help_text="The segment's edit_seq the suggestion was made against.")
    author = serializers.CharField(source="author.username")
    state = serializers.ChoiceField(choices=Suggestion.State.choices)
    applied_text = serializers.CharField(allow_blank=True)
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    rejection_reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class SuggestionCreateSerializer(serializers.Serializer):
    segment = serializers.UUIDField(help_text="The segment's key.")
    text = serializers.CharField(trim_whitespace=False, max_length=settings.MAX_SEGMENT_CHARS)
    edit_seq = serializers.IntegerField(
        help_text=(
            "The segment's edit_seq as you read it (GET /api/texts/{id}/): a suggestion is made against a known text."
        )
    )


class SuggestionAcceptSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False,
        trim_whitespace=False,
        max_length=settings.MAX_SEGMENT_CHARS,
        help_text="Accept with your changes: the text to apply instead of the suggestion's (as your edit).",
    )
    edit_seq = serializers.IntegerField(required=False, help_text="With `text`: the segment's edit_seq as you read it.")

    def validate(self, attrs):
        if ("text" in attrs) != ("edit_seq" in attrs):
            raise serializers.ValidationError(_("Send “text” and “edit_seq” together, or neither."))
        return attrs


class SuggestionRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMMENT_MAX, help_text="Why: the reviewer reads it.")


def _suggestions():
    return Suggestion.objects.select_related("author", "decided_by")


def _suggestion_or_404(request, suggestion_id: int) -> Suggestion:
    """The suggestion, if the caller may see its text; 404 otherwise (as for the text itself)."""
    suggestion = get_object_or_404(Suggestion.objects.only("id", "text_version_id"), pk=suggestion_id)
    visible_text_or_404(request, suggestion.text_version_id)
    return suggestion


def _suggestion_out(suggestion: Suggestion) -> dict:
    return SuggestionSerializer(_suggestions().get(pk=suggestion.pk)).data


SUGGESTION_ID = OpenApiParameter("suggestion_id", OpenApiTypes.INT, OpenApiParameter.PATH)
STATE = OpenApiParameter(
    "state", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=Suggestion.State.values, description="Only this state."
)


class TextSuggestions(generics.ListCreateAPIView):
    """A text's suggestions in segment order (GET) and a reviewer's new suggestion (POST)."""

    serializer_class = SuggestionSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Suggestion.objects.none()
        tv = visible_text_or_404(self.request, self.kwargs["text_id"])
        rows = _suggestions().filter(text_version=tv)
        state = self.request.query_params.get("state")
        if state is not None:
            if state not in Suggestion.State.values:
                raise serializers.ValidationError(
                    {"state": [_("One of: %(values)s.") % {"values": ", ".join(Suggestion.State.values)}]}
                )
            rows = rows.filter(state=state)
        return rows.order_by("segment__position", "created_at", "id")

    @extend_schema(
        summary="The suggestions made to a text, as the review and translation screens list them",
        tags=["review"],
        parameters=[TEXT_ID, STATE],
        responses={200: SuggestionSerializer(many=True), **refusals(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Suggest a change to one segment (reviewers of the language; the text does not change)",
        description=(
            "A suggestion keeps its reviewer someone who may approve the text: a translator of the language "
            "or an author accepts it (becoming the segment's editor) or rejects it with a reason. Refused with "
            "409 and the segment's current text when it changed after the edit_seq you send."
        ),
        tags=["review"],
        parameters=[TEXT_ID],
        request=SuggestionCreateSerializer,
        responses={201: SuggestionSerializer, **refusals(400, 403, 404, 409)},
    )
    def post(self, request, text_id: int):
        tv = visible_text_or_404(request, text_id)
        if not permissions.can_suggest(request.user, tv):
            # The service's own words (review.suggestions), already in every UI language.
            raise PermissionDenied(_("Only the reviewers of this language can suggest changes to its text."))
        data = SuggestionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not TargetSegment.objects.filter(text_version=tv, key=data.validated_data["segment"]).exists():
            raise Http404
        suggestion = suggestion_create(
            text_version=tv,
            segment_key=data.validated_data["segment"],
            text=data.validated_data["text"],
            reviewer=request.user,
            expected_seq=data.validated_data["edit_seq"],
        )
        return Response(_suggestion_out(suggestion), status=status.HTTP_201_CREATED)


class SuggestionAccept(APIView):
    @extend_schema(
        summary="Accept a suggestion, as it is or with your changes: the text changes, as your edit",
        description=(
            "Translators of the language and authors, never the suggestion's own reviewer. Approvals given to "
            "the earlier text no longer count. Refused with 409 and the current text when the segment changed "
            "after the suggestion (or, with your changes, after the edit_seq you send)."
        ),
        tags=["review"],
        parameters=[SUGGESTION_ID],
        request=SuggestionAcceptSerializer,
        responses={200: SuggestionSerializer, **refusals(400, 403, 404, 409)},
    )
    def post(self, request, suggestion_id: int):
        suggestion = _suggestion_or_404(request, suggestion_id)
        data = SuggestionAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "text" in data.validated_data:
            decided = suggestion_accept_edited(
                suggestion=suggestion,
                user=request.user,
                text=data.validated_data["text"],
                expected_seq=data.validated_data["edit_seq"],
            )
        else:
            decided = suggestion_accept(suggestion=suggestion, user=request.user)
        return Response(_suggestion_out(decided))


class SuggestionReject(APIView):
    @extend_schema(
        summary="Reject a suggestion with a reason (translators of the language and authors)",
        tags=["review"],
        parameters=[SUGGESTION_ID],
        request=SuggestionRejectSerializer,
        responses={200: SuggestionSerializer, **refusals(400, 403, 404)},
    )
    def post(self, request, suggestion_id: int):
        suggestion = _suggestion_or_404(request, suggestion_id)
        data = SuggestionRejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = suggestion_reject(suggestion=suggestion, user=request.user, reason=data.validated_data["reason"])
        return Response(_suggestion_out(decided))


class SuggestionWithdraw(APIView):
    @extend_schema(
        summary="Withdraw your own open suggestion",
        tags=["review"],
        parameters=[SUGGESTION_ID],
        request=None,
        responses={200: SuggestionSerializer, **refusals(400, 403, 404)},
    )
    def post(self, request, suggestion_id: int):
        suggestion = _suggestion_or_404(request, suggestion_id)
        decided = suggestion_withdraw(suggestion=suggestion, reviewer=request.user)
        return Response(_suggestion_out(decided))


urlpatterns = [
    path("texts/<int:text_id>/approve/", TextApprove.as_view(), name="api_text_approve"),
    path("texts/<int:text_id>/request-changes/", TextRequestChanges.as_view(), name="api_text_request_changes"),
    path("texts/<int:text_id>/decisions/", TextDecisions.as_view(), name="api_text_decisions"),
    path("findings/<int:finding_id>/override/", FindingOverrideView.as_view(), name="api_finding_override"),
    path("texts/<int:text_id>/suggestions/", TextSuggestions.as_view(), name="api_text_suggestions"),
    path("suggestions/<int:suggestion_id>/accept/", SuggestionAccept.as_view(), name="api_suggestion_accept"),
    path("suggestions/<int:suggestion_id>/reject/", SuggestionReject.as_view(), name="api_suggestion_reject"),
    path("suggestions/<int:suggestion_id>/withdraw/", SuggestionWithdraw.as_view(), name="api_suggestion_withdraw"),
    path("leaflets/<int:leaflet_id>/gate/", LeafletGate.as_view(), name="api_leaflet_gate"),
    path("leaflets/<int:leaflet_id>/publish/", LeafletPublish.as_view(), name="api_leaflet_publish"),
    path("publications/", PublicationList.as_view(), name="api_publications"),
    path("publications/<int:publication_id>/", PublicationDetail.as_view(), name="api_publication"),
    path("publications/<int:publication_id>/withdraw/", PublicationWithdraw.as_view(), name="api_publication_withdraw"),
    path("webhooks/deliveries/", WebhookDeliveryList.as_view(), name="api_webhook_deliveries"),
    path(
        "webhooks/deliveries/<int:delivery_pk>/resend/",
        WebhookDeliveryResend.as_view(),
        name="api_webhook_delivery_resend",
    ),
]
