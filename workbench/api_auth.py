"""How API callers prove who they are: a per-user token (`Authorization: Bearer wbt_…`), or the browser's session."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from workbench.api_tokens import api_token_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = api_token_authenticate(key)
        if token is None:
            # One answer for unknown, revoked and expired keys: nothing to learn by probing.
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        _speak_the_users_language(token.user)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


def _speak_the_users_language(user) -> None:
    """Messages in the caller's saved UI language, as on the pages.

    The middleware that does this for a page (workbench.middleware.UserLanguageMiddleware) runs
    before DRF knows who a token belongs to; LocaleMiddleware activates a language afresh on
    every request, so this lasts for this request only.
    """
    preference = getattr(user, "preference", None)
    if preference is not None and preference.ui_language:
        translation.activate(preference.ui_language)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "workbench.api_auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (`wbt_…`), made at /account/tokens/.",
        }
