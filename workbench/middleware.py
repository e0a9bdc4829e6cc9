"""Activate the UI language the logged-in user chose, on every device.

`UserLanguageMiddleware` sits before `LocaleMiddleware` and
`AuthenticationMiddleware` in settings.MIDDLEWARE, so `request.user` does not
exist yet when its `__call__` runs. It therefore works in `process_view`,
which Django calls after every middleware's request phase: by then the user
is known and `LocaleMiddleware` has activated the cookie / Accept-Language
choice, which the stored preference overrides. Anonymous visitors keep the
cookie that /i18n/setlang/ sets.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

UI_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def preferred_ui_language(user) -> str | None:
    """The user's saved UI language, or None; cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_ui_language"):
        from workbench.models import UserPreference

        code = UserPreference.objects.filter(user=user).values_list("ui_language", flat=True).first()
        user._ui_language = code if code in UI_LANGUAGES else None
    return user._ui_language


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        code = preferred_ui_language(getattr(request, "user", None))
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = translation.get_language()
        return None


def login_lockout_response(request, original_response=None, credentials=None):
    """The page django-axes shows instead of the login form while a username+address is locked out.

    Rendered in the visitor's UI language, with status 429. Settings.AXES_LOCKOUT_CALLABLE names it.
    """
    import math

    from django.shortcuts import render

    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request, "registration/locked_out.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE
    )


# Inline <style> blocks in third-party admin templates, allowed by the exact
# hash of their content, on the pages that render them only (the site's own
# templates have none). django-guardian's object-permissions page
# (admin/guardian/model/obj_perms_manage.html, at <admin>/<app>/<model>/<pk>/permissions/)
# has an empty one: "\n".
GUARDIAN_PERMISSIONS_STYLE_HASH = "'sha256-AbpHGcgLb+kRsJGnwFEktk7uzpZOCcBY74+YBdrKVGs='"


class AdminCSPMiddleware:
    """Adds that hash to the Content-Security-Policy's style-src on the guardian permissions pages only.

    Sits after csp.middleware.CSPMiddleware in settings.MIDDLEWARE, so the
    update it sets is there when that middleware writes the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        from django.urls import reverse

        path = request.path_info
        if path.startswith(reverse("admin:index")) and path.endswith("/permissions/"):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["style-src"] = [*update.get("style-src", []), GUARDIAN_PERMISSIONS_STYLE_HASH]
            response._csp_update = update
        return response
