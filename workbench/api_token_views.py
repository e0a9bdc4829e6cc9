"""A user's API tokens: as API endpoints (/api/tokens/) and as a page (/account/tokens/).

Tokens are made, listed and revoked by their owner only; nobody sees another
person's tokens, and the key itself is shown once, in the answer that made it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from workbench.api_tokens import api_token_create, api_token_revoke, api_tokens_of
from workbench.http import validation_messages
from workbench.models import ApiToken


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    # The schema says what the service accepts: a name with something besides spaces, and a lifetime in range.
    name = serializers.CharField(max_length=100, validators=[RegexValidator(r"\S", "Give the token a name.")])
    days = serializers.IntegerField(min_value=1, max_value=settings.API_TOKEN_MAX_DAYS, default=90)


class NewTokenSerializer(TokenSerializer):
    key = serializers.CharField(help_text="The token itself. Shown once: store it now.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


class TokenListCreate(generics.ListAPIView):
    """Your API tokens (newest first), and making a new one."""

    serializer_class = TokenSerializer

    def get_queryset(self):
        return api_tokens_of(self.request.user)

    @extend_schema(request=TokenCreateSerializer, responses={201: NewTokenSerializer})
    def post(self, request):
        # Tokens are made by a person who is signed in, never by a token: a leaked or short-lived
        # token must not be able to mint a longer one that outlives its own revocation.
        if isinstance(request.auth, ApiToken):
            raise PermissionDenied(_("Make tokens while signed in (the page /account/tokens/), not with a token."))
        data = TokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = api_token_create(user=request.user, name=data.validated_data["name"], days=data.validated_data["days"])
        body = {**TokenSerializer(made.token).data, "key": made.key}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenRevoke(APIView):
    """Revoke one of your tokens. Someone else's token is not found."""

    @extend_schema(request=None, responses={200: TokenSerializer})
    def delete(self, request, token_id: int):
        token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
        if token is None:
            raise Http404
        return Response(TokenSerializer(api_token_revoke(token=token, user=request.user)).data)


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request):
    """The page: list, make (the key is shown in this one answer, never stored), revoke.

    The answer to making a token is rendered, not redirected to: a redirect would
    need the key kept somewhere (the session) until the next request.
    """
    new_key = None
    if request.method == "POST" and "revoke" in request.POST:
        token = ApiToken.objects.filter(pk=_int(request.POST.get("revoke")), user=request.user).first()
        if token is None:
            raise Http404
        api_token_revoke(token=token, user=request.user)
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        return redirect("api_token_page")
    if request.method == "POST":
        try:
            made = api_token_create(
                user=request.user, name=request.POST.get("name", ""), days=_int(request.POST.get("days"))
            )
        except ValidationError as exc:
            for message in validation_messages(exc):
                messages.error(request, message)
        else:
            new_key = made.key
    return render(
        request,
        "workbench/api_tokens.html",
        {"tokens": api_tokens_of(request.user)[:100], "new_key": new_key},
    )


def _int(value) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0
