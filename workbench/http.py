"""What every app's views share: finding a visible leaflet, showing a service's refusal, safe
redirects, and the one-time form token that stops a double submit from running a view twice."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import defaults

from review import permissions
from translations.models import TextVersion
from workbench.models import Leaflet


def visible_leaflet_or_404(request, leaflet_id: int) -> Leaflet:
    leaflet = get_object_or_404(Leaflet.objects.select_related("current_revision", "source_language"), pk=leaflet_id)
    permissions.require(permissions.can_view_leaflet(request.user, leaflet))
    return leaflet


def visible_text_or_404(request, text_version_id: int) -> TextVersion:
    """The text, if the caller may see it; anyone else gets 404 (the pages and the API alike)."""
    tv = get_object_or_404(
        TextVersion.objects.select_related(
            "revision__leaflet__source_language", "revision__leaflet__current_revision", "language"
        ),
        pk=text_version_id,
    )
    permissions.require(permissions.can_view_text(request.user, tv))
    return tv


def validation_messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def flash_validation_error(request, error: ValidationError, *, at: str = "") -> None:
    """Show a service's refusal as messages on the next page (`at`: beside the form that caused it, see
    the `placed` template filter; otherwise at the top of the page)."""
    for message in validation_messages(error):
        messages.error(request, message, extra_tags=placed_tag(at))


_PLACE = "at-"


def placed_tag(at: str) -> str:
    """The extra tag that shows a message beside the form named `at` instead of at the top of the page."""
    return f"{_PLACE}{at}" if at else ""


def place_of(message) -> str:
    """Where a message is shown: the form name placed_tag gave it, or "" for the top of the page."""
    return next((tag[len(_PLACE) :] for tag in message.extra_tags.split() if tag.startswith(_PLACE)), "")


def safe_next(request, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def leaflet_url(leaflet_id: int, anchor: str = "") -> str:
    url = reverse("leaflet_detail", kwargs={"leaflet_id": leaflet_id})
    return f"{url}#{anchor}" if anchor else url


# --- Double submit ---------------------------------------------------------------------
# Every POST form carries a one-time token ({% once_token %}). When a form that
# already succeeded arrives again (double click, browser resubmit), the view is
# not run twice: the user is sent where the first submission went. The services
# refuse duplicates as well; this keeps the second request from even trying.
ONCE_FIELD = "_once"
_ONCE_SESSION_KEY = "workbench_once_tokens"
_ONCE_KEEP = 200


def once_replayed(request) -> str | None:
    token = request.POST.get(ONCE_FIELD, "") if request.method == "POST" else ""
    if not token:
        return None
    return request.session.get(_ONCE_SESSION_KEY, {}).get(token)


def once_remember(request, url: str) -> None:
    token = request.POST.get(ONCE_FIELD, "")
    if not token or not hasattr(request, "session"):
        return
    tokens = dict(request.session.get(_ONCE_SESSION_KEY, {}))
    tokens[token] = url
    if len(tokens) > _ONCE_KEEP:
        tokens = dict(list(tokens.items())[-_ONCE_KEEP:])
    request.session[_ONCE_SESSION_KEY] = tokens


def submit_once(view):
    """Decorator for views whose successful POST redirects: a replayed form is not processed again."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        replay = once_replayed(request)
        if replay:
            messages.info(request, gettext("That form was already sent once; it was not processed a second time."))
            return HttpResponseRedirect(replay)
        response = view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code in (301, 302, 303) and response.get("Location"):
            once_remember(request, response["Location"])
        return response

    return wrapper


def page_not_found(request, exception):
    """handler404: an API caller gets JSON like every other API refusal, a person the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
