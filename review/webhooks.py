"""Webhooks: other systems told, signed, when a leaflet is published or a publication withdrawn.

An administrator registers endpoints (review.models.WebhookEndpoint) for the
events they want. Publishing and withdrawing (review.services) call
`webhooks_emit`, which writes one delivery row per subscribed endpoint in the
same transaction as the publication, so a rolled-back publish announces
nothing, and queues the sending once the transaction commits.

The delivery row, not the Celery message, is the record: `webhook_attempt`
(run by review.tasks.webhook_deliver) claims one attempt with a conditional
UPDATE that moves `next_attempt_at` into the future, so a message delivered
twice (acks_late, a worker lost, a re-send) never sends twice at once; a
message whose claim fails does nothing. Every attempt carries the same
delivery id and body and a fresh timestamp and signature:

    X-Workbench-Signature: sha256=HMAC-SHA256(secret, "<timestamp>." + body)

HTTP goes through the standard library's urllib: the sender needs one POST
with a timeout and no redirects, and httpx is here only as a dependency of
the openai client, not one this project declares and pins.

The tasks queue by name (DELIVER_TASK) rather than by importing
review.tasks, which imports this module: the import graph stays one-way.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from review.audit import audit_record
from review.models import Publication, WebhookDelivery, WebhookEndpoint, WebhookEvent
from review.permissions import can_manage_webhooks
from translations.providers import host_is_internal, host_of
from workbench import queueing

log = logging.getLogger(__name__)

DELIVER_TASK = "review.tasks.webhook_deliver"
RESPONSE_KEPT_CHARS = 2000
USER_AGENT = "leaflet-workbench-webhooks/1"
# An attempt holds its claim this long beyond the request timeout: enough to record the answer, short
# enough that a delivery whose worker died mid-request can be claimed again by the redelivered message.
CLAIM_MARGIN_S = 60


# --- Settings (workbench/settings.py: WORKBENCH_WEBHOOK_*) ---------------------------------------
def _timeout_s() -> float:
    return float(settings.WEBHOOK_TIMEOUT_S)


def _max_attempts() -> int:
    return int(settings.WEBHOOK_MAX_ATTEMPTS)


def _backoff_s() -> list[int]:
    return list(settings.WEBHOOK_BACKOFF_S)


def backoff_after(attempt: int) -> int:
    """Seconds to wait after failed attempt number `attempt` (1-based); the last step repeats."""
    steps = _backoff_s()
    return steps[min(max(attempt, 1), len(steps)) - 1]


# --- Who may manage webhooks --------------------------------------------------------------------
# --- Signing ----------------------------------------------------------------------------------
def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=<hex>`: HMAC-SHA256 under the endpoint's secret over `<timestamp>.<raw body>`."""
    mac = hmac.new(secret.encode("utf-8"), f"{int(timestamp)}.".encode("ascii") + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def webhook_secret_new() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def url_problem(url: str) -> str | None:
    """Why the workbench will not send to this address, or None.

    Only http(s) URLs with a host, and never an address inside a private
    network (loopback, link-local and cloud metadata, RFC 1918, unique-local,
    "localhost") unless WORKBENCH_INTERNAL_HOSTS lists it: the answer of every
    attempt is stored and shown to staff, so a webhook aimed inward would be a
    way to read the workbench's own services (Redis, the database, the cloud's
    metadata). An intranet receiver is fine once declared there.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return _("The address is not a valid URL.")
    if parts.scheme not in ("http", "https"):
        return _("Only http and https addresses can receive webhooks.")
    if not parts.hostname:
        return _("The address has no host name.")
    host = host_of(url)
    if host is None:
        return _("The address is not a valid URL.")
    if not host_is_internal(url) and _private(host):
        return _(
            "%(host)s is inside a private network; webhooks go there only to hosts listed in WORKBENCH_INTERNAL_HOSTS."
        ) % {"host": host}
    return None


def _private(host: str) -> bool:
    """A host name or address that points inside: not a public address, or a name reserved for local use."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        name = host.lower().rstrip(".")
        return name == "localhost" or name.endswith((".localhost", ".local", ".internal", ".localdomain"))
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global


@dataclass(frozen=True)
class Resolved:
    problem: str | None  # why nothing may be sent (None: it may)
    addresses: tuple[str, ...] = ()  # the checked addresses to connect to, in order (none: connect by name)


def resolve_receiver(url: str) -> Resolved:
    """At send time: the name must not resolve to a private address either (a public name can point inward).

    The attempt then connects to the address checked here, not to the name again: a name whose DNS
    answer changes between the check and the connection (DNS rebinding, a TTL of zero) would otherwise
    pass the check with a public address and be sent to an inward one. Not for a host listed in
    WORKBENCH_INTERNAL_HOSTS (nothing to check), nor when a proxy carries the request (the proxy resolves).
    """
    if host_is_internal(url):
        return Resolved(None)
    host = host_of(url) or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        return Resolved(
            _("The receiver's host name could not be resolved (%(error)s).") % {"error": exc.strerror or exc}
        )
    for info in infos:
        if _private(str(info[4][0])):
            return Resolved(
                _(
                    "%(host)s resolves to an address inside a private network; webhooks go there only to hosts "
                    "listed in WORKBENCH_INTERNAL_HOSTS."
                )
                % {"host": host}
            )
    if not infos or _proxied(url):
        return Resolved(None)
    return Resolved(None, tuple(dict.fromkeys(str(info[4][0]) for info in infos)))


def _proxied(url: str) -> bool:
    scheme, host = urlsplit(url).scheme, host_of(url) or ""
    return scheme in urllib.request.getproxies() and not urllib.request.proxy_bypass(host)


# --- Endpoints ----------------------------------------------------------------------------------
def webhook_endpoint_save(*, endpoint: WebhookEndpoint, user) -> WebhookEndpoint:
    """Create or change an endpoint; a new one (or one whose secret was cleared) gets a generated secret. Audited."""
    if not can_manage_webhooks(user):
        raise PermissionDenied
    problem = url_problem(endpoint.url)
    if problem:
        raise ValidationError(problem, code="webhook_url")
    unknown = [event for event in endpoint.events if event not in WebhookEvent.values]
    if unknown or not isinstance(endpoint.events, list):
        raise ValidationError(
            ngettext("Unknown webhook event: %(events)s.", "Unknown webhook events: %(events)s.", max(1, len(unknown)))
            % {"events": ", ".join(map(str, unknown))}
        )
    with transaction.atomic():
        created = endpoint.pk is None
        new_secret = not endpoint.secret
        if new_secret:
            endpoint.secret = webhook_secret_new()
        if created:
            endpoint.created_by = user
        endpoint.events = sorted(set(endpoint.events))
        endpoint.save()
        audit_record(
            actor=user,
            verb="webhook.endpoint_created" if created else "webhook.endpoint_changed",
            obj=endpoint,
            # Never the secret itself: the trail is read by more people than the admin.
            data={"url": endpoint.url, "events": endpoint.events, "active": endpoint.active, "new_secret": new_secret},
        )
    return endpoint


# --- Emitting ---------------------------------------------------------------------------------
def webhook_payload(*, event: str, publication: Publication) -> str:
    """The body, as the exact text sent: what was published, under its published title, and where patients read it.

    The title is the source language's frozen title, as patients see it, never
    the authors' working title on the leaflet row.
    """
    texts = sorted(publication.texts.all(), key=lambda text: text.language_id)
    source = publication.leaflet.source_language_id
    title = next((t.title for t in texts if t.language_id == source), texts[0].title if texts else "")
    site = settings.SITE_URL.rstrip("/")
    body = {
        "event": event,
        "leaflet_id": publication.leaflet_id,
        "title": title,
        "languages": [t.language_id for t in texts],
        "publication_id": publication.pk,
        "revision": publication.revision.number,
        "urls": {
            t.language_id: site
            + reverse("public_leaflet", kwargs={"leaflet_id": publication.leaflet_id, "lang": t.language_id})
            for t in texts
        },
        "occurred_at": timezone.now().isoformat(),
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def webhooks_emit(*, event: str, publication: Publication) -> list[WebhookDelivery]:
    """One delivery per active endpoint subscribed to `event`, sent after the caller's transaction commits."""
    endpoints = [e for e in WebhookEndpoint.objects.filter(active=True).order_by("id") if event in e.events]
    if not endpoints:
        return []
    payload = webhook_payload(event=event, publication=publication)
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, delivery_id=uuid.uuid4(), publication=publication, payload=payload
        )
        for endpoint in endpoints
    ]
    _queue_on_commit([d.pk for d in deliveries])
    return deliveries


def _queue_on_commit(delivery_ids: list[int]) -> None:
    # The publication is committed whatever the broker does: a delivery whose message cannot be sent
    # stays pending and due, and the recovery sweeper sends it (staff can re-send it too).
    for delivery_id in delivery_ids:
        queueing.send_on_commit(partial(_queue, delivery_id), what=f"webhook delivery {delivery_id}")


def _queue(delivery_id: int) -> None:
    current_app.signature(DELIVER_TASK, args=[delivery_id]).apply_async()


def webhook_resend(*, delivery: WebhookDelivery, user) -> WebhookDelivery:
    """Send a delivery again: the same delivery id and the same body, its attempts counted afresh. Audited.

    Refused while an attempt is under way or scheduled (next_attempt_at in the
    future): re-opening the claim then could send twice at once.
    """
    if not can_manage_webhooks(user):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        locked = (
            WebhookDelivery.objects.select_for_update().select_related("endpoint", "publication").get(pk=delivery.pk)
        )
        if not locked.endpoint.active:
            raise ValidationError(_("The endpoint is not active; activate it before re-sending."), code="inactive")
        if locked.state == WebhookDelivery.State.PENDING and locked.next_attempt_at > now:
            raise ValidationError(
                _("This delivery is being sent or has an attempt scheduled; wait for it to finish."), code="busy"
            )
        previous = {"state": locked.state, "attempts": locked.attempts, "status": locked.last_status_code}
        WebhookDelivery.objects.filter(pk=locked.pk).update(
            state=WebhookDelivery.State.PENDING, attempts=0, next_attempt_at=now, delivered_at=None
        )
        audit_record(
            actor=user,
            verb="webhook.resent",
            leaflet=locked.publication.leaflet,
            obj=locked,
            data={
                "delivery_id": str(locked.delivery_id),
                "event": locked.event,
                "endpoint": locked.endpoint.url,
                "previous": previous,
            },
        )
        _queue_on_commit([locked.pk])
    locked.refresh_from_db()
    return locked


# --- Sending one attempt ------------------------------------------------------------------------
@dataclass(frozen=True)
class AttemptOutcome:
    sent: bool  # a request went out (False: the claim failed, or the delivery can never be sent)
    retry_in: int | None = None  # seconds until the next attempt, when one is scheduled


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered, not followed: a 3xx is the receiver's answer, recorded and retried like any failure."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _pinned_socket(addresses: tuple[str, ...], port: int, timeout, source_address) -> socket.socket:
    """A connection to the first of the checked addresses that answers (as socket.create_connection tries
    every address a name resolves to: an IPv6 address first, on a host without an IPv6 route)."""
    error: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout, source_address)
        except OSError as exc:
            error = exc
    raise error or OSError("no address to connect to")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address resolve_receiver checked; the Host header still names the host."""

    def __init__(self, *args, addresses: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = addresses

    def connect(self):
        self.sock = _pinned_socket(self._addresses, self.port, self.timeout, self.source_address)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As _PinnedHTTPConnection, and TLS still verifies the certificate against the host name (SNI too)."""

    def __init__(self, *args, addresses: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = addresses

    def connect(self):
        sock = _pinned_socket(self._addresses, self.port, self.timeout, self.source_address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        addresses = getattr(req, "pinned_addresses", ())
        if not addresses:
            return super().http_open(req)
        return self.do_open(_PinnedHTTPConnection, req, addresses=addresses)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        addresses = getattr(req, "pinned_addresses", ())
        if not addresses:
            return super().https_open(req)
        return self.do_open(_PinnedHTTPSConnection, req, context=self._context, addresses=addresses)


_opener = urllib.request.build_opener(_NoRedirects, _PinnedHTTPHandler, _PinnedHTTPSHandler)


@dataclass(frozen=True)
class _Answer:
    status: int | None
    text: str
    error: str


def _read(stream) -> str:
    # At most 4 bytes a character: enough bytes for the characters kept, and no more read off a large answer.
    raw = stream.read(RESPONSE_KEPT_CHARS * 4) if stream is not None else b""
    return raw.decode("utf-8", errors="replace")[:RESPONSE_KEPT_CHARS]


def _post(url: str, body: bytes, headers: dict[str, str], *, addresses: tuple[str, ...] = ()) -> _Answer:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    request.pinned_addresses = addresses  # type: ignore[attr-defined]
    try:
        with _opener.open(request, timeout=_timeout_s()) as response:
            return _Answer(response.status, _read(response), "")
    except urllib.error.HTTPError as answer:  # a 3xx, 4xx or 5xx: the receiver answered
        with answer:
            text = _read(answer)
        return _Answer(answer.code, text, _("The receiver answered HTTP %(code)d.") % {"code": answer.code})
    except (OSError, http.client.HTTPException, ValueError) as exc:  # refused, timed out, reset, bad URL
        reason = getattr(exc, "reason", None) or exc
        return _Answer(None, "", _("The request failed: %(reason)s") % {"reason": f"{reason}"[:500]})


def _headers(delivery: WebhookDelivery, secret: str, body: bytes) -> dict[str, str]:
    timestamp = int(time.time())
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Workbench-Event": delivery.event,
        "X-Workbench-Delivery": str(delivery.delivery_id),
        "X-Workbench-Timestamp": str(timestamp),
        "X-Workbench-Signature": webhook_signature(secret, timestamp, body),
    }


def webhook_attempt(*, delivery_id: int) -> AttemptOutcome:
    """Claim and make one attempt of a delivery, and record the answer; says when to try again, if at all."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=_timeout_s() + CLAIM_MARGIN_S))
    if not claimed:
        # Sent already, being sent, not due, or gone: a duplicate or stale message.
        return AttemptOutcome(sent=False)
    delivery = WebhookDelivery.objects.select_related("endpoint", "publication__leaflet").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        _finish(delivery, failed=True, answer=_Answer(None, "", _("The endpoint was deactivated; nothing was sent.")))
        return AttemptOutcome(sent=False)
    resolved = Resolved(url_problem(endpoint.url))
    if resolved.problem is None:
        resolved = resolve_receiver(endpoint.url)
    if resolved.problem:
        _finish(delivery, failed=True, answer=_Answer(None, "", resolved.problem))
        return AttemptOutcome(sent=False)
    body = delivery.payload.encode("utf-8")
    answer = _post(endpoint.url, body, _headers(delivery, endpoint.secret, body), addresses=resolved.addresses)
    if answer.status is not None and 200 <= answer.status < 300:
        _finish(delivery, failed=False, answer=answer)
        return AttemptOutcome(sent=True)
    if delivery.attempts >= _max_attempts():
        _finish(delivery, failed=True, answer=answer)
        return AttemptOutcome(sent=True)
    retry_in = backoff_after(delivery.attempts)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() + timedelta(seconds=retry_in),
        last_status_code=answer.status,
        last_response=answer.text,
        last_error=answer.error,
    )
    return AttemptOutcome(sent=True, retry_in=retry_in)


def _finish(delivery: WebhookDelivery, *, failed: bool, answer: _Answer) -> None:
    """The delivery's last word, audited: delivered, or given up with the reason."""
    error = answer.error
    if failed:
        error = ngettext(
            "Gave up after %(n)d attempt: %(reason)s", "Gave up after %(n)d attempts: %(reason)s", delivery.attempts
        ) % {"n": delivery.attempts, "reason": answer.error}
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=WebhookDelivery.State.FAILED if failed else WebhookDelivery.State.SUCCEEDED,
            last_status_code=answer.status,
            last_response=answer.text,
            last_error=error,
            delivered_at=None if failed else timezone.now(),
        )
        audit_record(
            actor=None,
            verb="webhook.failed" if failed else "webhook.delivered",
            leaflet=delivery.publication.leaflet,
            obj=delivery,
            data={
                "delivery_id": str(delivery.delivery_id),
                "event": delivery.event,
                "endpoint": delivery.endpoint.url,
                "attempts": delivery.attempts,
                "status": answer.status,
                "error": error,
            },
        )
