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
