"""What every API view shares: pagination, throttling, errors as JSON, and the text's ETag.

The API is the pages' twin: each view parses the request, asks
review.permissions, calls the same service the page calls, and answers JSON.
This module turns the services' refusals into HTTP the same way everywhere:

- django ValidationError -> 400 {"detail": first message, "errors": [all messages], "code": ...}
- PermissionDenied (may see, may not do) -> 403; Http404 (may not see, or absent) -> 404 with no title
- review.services.GateClosed -> 409 {"detail", "reasons"}
- translations.edits.StaleEdit -> 412 (the text changed since it was read)
- review.suggestions.StaleSuggestion -> 409 {"detail", "code": "stale_suggestion", "current_text"}
- workbench.queueing.QueueUnavailable -> 503 with Retry-After (the job queue is down; nothing was queued)
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from workbench.queueing import QueueUnavailable

log = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CallerThrottle(SimpleRateThrottle):
    """One budget per token, else per logged-in user, else per address (anonymous patient reads).

    The counts live in the cache (Redis). While Redis is down the call is let
    through (fails open): the cache answers a miss (workbench/cache.py), so no
    call is counted. A throttle protects the service's capacity, not its data
    (logins are limited in the database, by django-axes), and refusing every
    caller because Redis restarted would be the larger outage; the work that
    costs most, queueing model jobs, is refused while the queue is down anyway.
    See docs/reliability.md, "Redis".
    """

    scope = "caller"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if token is not None and getattr(token, "pk", None) is not None:
            ident = f"token:{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            self.scope = "anonymous"
            self.rate = self.get_rate()
            self.num_requests, self.duration = self.parse_rate(self.rate)
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - any cache failure: let the call through (see the class docstring)
            log.warning("API throttle cache unavailable; call allowed", exc_info=True)
            return True


# Django REST framework ships no Malay or Tamil catalogue. These are its messages an API caller can
# meet (authentication, permissions, parsing, field validation); listed here so that makemessages keeps
# their translations in locale/ (which takes precedence over the framework's own catalogues).
DRF_MESSAGES = (
    gettext_noop("A server error occurred."),
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Request was throttled."),
    gettext_noop("This field is required."),
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("Not a valid string."),
    gettext_noop("A valid integer is required."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("No file was submitted."),
)


def _problem(detail: str, *, status_code: int, **extra) -> Response:
    return Response({"detail": detail, **extra}, status=status_code)


def _flatten(detail, prefix: str = ""):
    """(field path, message) pairs of a DRF error detail, however nested."""
    if isinstance(detail, dict):
        for name, value in detail.items():
            yield from _flatten(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            nested = isinstance(value, (dict, list))
            yield from _flatten(value, f"{prefix}[{index}]" if nested else prefix)
    else:
        yield prefix or "request", str(detail)


def exception_handler(exc, context):
    # Imported here: rest_framework.views reads DEFAULT_THROTTLE_CLASSES (this module) as it loads.
    from rest_framework.views import exception_handler as drf_exception_handler

    from review.services import GateClosed
    from review.suggestions import StaleSuggestion
    from translations.edits import StaleEdit

    if isinstance(exc, exceptions.ValidationError):
        # A serializer's refusal: {"field": ["message"]} becomes the one error shape, with the fields kept.
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        messages = [f"{name}: {message}" for name, message in _flatten(fields)]
        return _problem(
            messages[0] if messages else _("Invalid request."),
            status_code=status.HTTP_400_BAD_REQUEST,
            errors=messages,
            code="invalid",
            fields=fields,
        )
    if isinstance(exc, StaleSuggestion):
        # The segment changed after the suggestion or the screen it was written on: say what it reads now.
        return _problem(
            str(exc.messages[0]),
            status_code=status.HTTP_409_CONFLICT,
            code="stale_suggestion",
            current_text=exc.current_text,
        )
    if isinstance(exc, ValidationError):
        messages = [str(m) for m in exc.messages]
        # A refusal that carries facts a client can act on (the brief's personal-data findings: field
        # path, type, masked value) hands them over with the messages.
        extra = exc.api_extra() if callable(getattr(exc, "api_extra", None)) else {}
        return _problem(
            messages[0] if messages else _("Invalid request."),
            status_code=status.HTTP_400_BAD_REQUEST,
            errors=messages,
            code=getattr(exc, "code", None) or "invalid",
            **extra,
        )
    if isinstance(exc, GateClosed):
        return _problem(
            _("Not published: the publish gate is closed."), status_code=status.HTTP_409_CONFLICT, reasons=exc.reasons
        )
    if isinstance(exc, StaleEdit):
        return _problem(str(exc), status_code=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, QueueUnavailable):
        # Nothing was queued or created: the client may send the same request again later.
        response = _problem(str(exc), status_code=status.HTTP_503_SERVICE_UNAVAILABLE, code="queue_unavailable")
        response["Retry-After"] = str(exc.retry_after_s)
        return response
    if isinstance(exc, Http404):
        # Never the object's name or title: a refusal must not reveal that it exists.
        return _problem(_("Not found."), status_code=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return _problem(str(exc) or _("You may not do this."), status_code=status.HTTP_403_FORBIDDEN)
    response = drf_exception_handler(exc, context)
    if isinstance(exc, PreconditionFailed) and response is not None:
        response["ETag"] = exc.current  # what to send next time, after reading the text again
    return response


# --- The exact text: ETag and If-Match ------------------------------------------------------
def text_etag(text_version) -> str:
    """The ETag of a text version: its content hash and edit generation together, as the pages carry them.

    The hash alone would let a reverted edit ("the old words back") look like the text a
    client read; the generation only grows, so the pair names one state of the text.
    """
    return f'"{text_version.content_hash}.{text_version.edit_generation}"'


def parse_etag(value: str) -> tuple[str, int] | None:
    value = value.strip()
    if value.startswith("W/"):
        return None  # a weak validator cannot promise the exact text
    value = value.strip('"')
    content_hash, _, generation = value.rpartition(".")
    if not content_hash or not generation.isdigit():
        return None
    return content_hash, int(generation)


def require_if_match(request, text_version) -> tuple[str, int]:
    """The (hash, generation) the client read, from If-Match; 428 when absent, 412 when not the current text."""
    header = request.headers.get("If-Match", "")
    if not header:
        raise PreconditionRequired()
    seen = parse_etag(header)
    if seen is None or seen != (text_version.content_hash, text_version.edit_generation):
        raise PreconditionFailed(current=text_etag(text_version))
    return seen


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag of the text you read (GET it first)."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The text changed since you read it: GET it again, and edit what is there now."
    default_code = "precondition_failed"

    def __init__(self, *, current: str):
        super().__init__()
        self.current = current


class ErrorSerializer(serializers.Serializer):
    """The body of every refusal (4xx): what the schema promises the fuzzer and the clients."""

    detail = serializers.CharField()
    # Serializer has .errors and .fields of its own; this class only describes a body in the schema
    # (it never validates anything), so the fields may take those names.
    errors = serializers.ListField(child=serializers.CharField(), required=False)  # type: ignore[assignment]
    code = serializers.CharField(required=False)
    reasons = serializers.ListField(child=serializers.CharField(), required=False)
    fields = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="A serializer's refusals by field, as DRF reports them."
    )
    findings = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="A draft brief refused for personal data: each finding's field, path, label, type, masked value.",
    )


def refusals(*codes: int) -> dict[int, type[ErrorSerializer]]:
    """`responses=` entries for extend_schema: each refusal status a view can answer, with the error body.

    workbench.api_schema adds the ones every call can meet (401, 429; 400/403 for changes; 404 for
    paths with ids and lists); name here the ones particular to the view (409, 412, 428, 503 …).
    """
    return {code: ErrorSerializer for code in sorted(set(codes))}
