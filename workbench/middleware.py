"""The site's own middleware: the UI language the user chose, the admin's CSP exception, and clear
answers when the database or the upload folder fails (ServiceFaultsMiddleware, at the end).

Activate the UI language the logged-in user chose, on every device.

`UserLanguageMiddleware` sits before `LocaleMiddleware` and
`AuthenticationMiddleware` in settings.MIDDLEWARE, so `request.user` does not
exist yet when its `__call__` runs. It therefore works in `process_view`,
which Django calls after every middleware's request phase: by then the user
is known and `LocaleMiddleware` has activated the cookie / Accept-Language
choice, which the stored preference overrides. Anonymous visitors keep the
cookie that /i18n/setlang/ sets.
"""

from __future__ import annotations

import logging
import sqlite3

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from workbench import uploads

log = logging.getLogger(__name__)

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


# --- Faults of the machinery under the site: the database unreachable, an upload not stored ------------
# A database restart (or failover) takes seconds: the client may try again then.
DATABASE_RETRY_AFTER_S = 10
# PostgreSQL error classes that mean "the server cannot serve you now", not "your statement is wrong":
# 08 connection exception, 53 insufficient resources (disk full, too many connections),
# 57 operator intervention (shut down, restarting), 58 system error (I/O).
_UNAVAILABLE_SQLSTATE_CLASSES = {"08", "53", "57", "58"}
# The SQLite results that mean the same for its file: busy past the timeout, full, I/O, unopenable, read-only.
_UNAVAILABLE_SQLITE_PREFIXES = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_FULL",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY",
)
_DATABASE_UNAVAILABLE = "_workbench_database_unavailable"


def database_unavailable(exc: BaseException) -> bool:
    """True when `exc` says the database cannot serve requests right now (a restart, a full disk).

    Only those become a 503: a statement the database refuses (a missing table,
    a broken constraint) is a bug and stays a 500.
    """
    if isinstance(exc, InterfaceError):
        return True  # the connection was already closed under us
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        name = getattr(cause, "sqlite_errorname", "") or ""
        return name.startswith(_UNAVAILABLE_SQLITE_PREFIXES)
    sqlstate = getattr(cause, "sqlstate", None)
    # psycopg reports a refused or dropped connection without an SQLSTATE.
    return sqlstate is None or sqlstate[:2] in _UNAVAILABLE_SQLSTATE_CLASSES


def _note_database_unavailable(sender, request=None, **kwargs) -> None:
    # Django sends this from inside its `except` block for exceptions no view handled (in a middleware's
    # request or response phase: the session, the user's language), so sys.exc_info() is the exception.
    import sys

    exc = sys.exc_info()[1]
    if request is not None and exc is not None and database_unavailable(exc):
        setattr(request, _DATABASE_UNAVAILABLE, True)


got_request_exception.connect(_note_database_unavailable, dispatch_uid="workbench.database_unavailable")


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _language(request) -> str:
    # The language LocaleMiddleware (and the user's saved preference) chose for this request; without the
    # database, a preference not read yet cannot be read now: the cookie or Accept-Language then.
    return getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(request)


def _fault_page(request, *, status: int, heading: str, lines: list[str], retry: bool) -> HttpResponse:
    """The page, rendered without the request's context: its context processors would ask the database."""
    body = render_to_string(
        "service_fault.html",
        {
            "heading": heading,
            "lines": lines,
            # Sending a form again is the person's decision (they may want to check first): GET only.
            "retry_url": request.get_full_path() if retry and request.method in ("GET", "HEAD") else "",
        },
    )
    response = HttpResponse(body, status=status)
    response["Content-Language"] = translation.get_language()
    return response


def database_unavailable_response(request) -> HttpResponse:
    """503 with Retry-After: a page in the visitor's language, or problem JSON for the API."""
    with translation.override(_language(request)):
        if _is_api(request):
            response: HttpResponse = JsonResponse(
                {
                    "type": "about:blank",
                    "title": "Service Unavailable",
                    "status": 503,
                    "detail": _("The database is not available at the moment. Try again in a few seconds."),
                    "code": "database_unavailable",
                },
                status=503,
                content_type="application/problem+json",
            )
        else:
            response = _fault_page(
                request,
                status=503,
                heading=_("The workbench is briefly unavailable"),
                lines=[
                    _(
                        "The database cannot be reached at the moment. This usually lasts only a few seconds, "
                        "for example while it restarts."
                    ),
                    _(
                        "Wait a moment and try again. If you were saving something, reload the page first to see "
                        "whether it was saved."
                    ),
                ],
                retry=True,
            )
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_S)
    # Never cached: the next request is expected to work.
    response["Cache-Control"] = "no-store"
    return response


def upload_not_stored_response(request, exc: OSError) -> HttpResponse:
    """507: the page for a form whose file the server could not store, when its view does not say it itself."""
    with translation.override(_language(request)):
        response = _fault_page(
            request,
            status=507,
            heading=_("The upload failed"),
            lines=[
                uploads.storage_error_message(exc),
                _("Go back to the form: what you typed is still there in your browser. Send it again later."),
            ],
            retry=False,
        )
    response["Cache-Control"] = "no-store"
    return response


class ServiceFaultsMiddleware:
    """Clear answers when the machinery under the site fails, instead of a 500 with no explanation.

    * The database unreachable (restart, failover, full disk): 503 with Retry-After, a page in the visitor's
      language or problem JSON under /api/. Exceptions from views arrive in `process_exception`; those
      raised in another middleware (loading the session, the user's language preference) have already been
      turned into a 500 by Django when they get here, and are recognised by the mark
      `_note_database_unavailable` left on the request. The next request then works without a restart:
      Django checks a kept connection before using it (CONN_HEALTH_CHECKS, settings).
    * An uploaded file that the upload folder could not store (workbench.uploads): on a page whose view
      does not say so itself, the 507 page instead of the view, so no view acts on a form whose file is
      missing. The API's upload views refuse it themselves (problem JSON, 507).

    Sits right after WhiteNoise in settings.MIDDLEWARE: outside the session, locale and authentication
    middleware whose database errors it must see, inside the security and CSP headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _DATABASE_UNAVAILABLE, False):
            return database_unavailable_response(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method == "POST"
            and request.content_type == "multipart/form-data"
            and not _is_api(request)
            and not uploads.view_shows_storage_errors(view_func)
        ):
            request.POST  # noqa: B018 - reads the body now, through the upload handlers, before the view
            exc = uploads.storage_error(request)
            if exc is not None:
                return upload_not_stored_response(request, exc)
        return None

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            log.warning("database unavailable during %s %s: %s", request.method, request.path, exception)
            return database_unavailable_response(request)
        return None
