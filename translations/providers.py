"""Model providers: configuration from the environment, routing, clients, rate limits.

Providers are rows (editable in the admin) seeded from MODEL_PROVIDERS_JSON or
MODEL_PROVIDERS_FILE. Every call goes through the `openai` client, so any
OpenAI-compatible endpoint works: OpenAI, DeepSeek, Azure OpenAI, vLLM,
Ollama, llama.cpp. See README "Model endpoints".

Which providers may see identifiers. PHI policy "allow" (identifiers sent
unredacted) and "on premises" are accepted only for a provider whose base URL
points at a host the deployment declares internal in
settings.WORKBENCH_INTERNAL_HOSTS (`host_is_internal`). The rule has one home,
`provider_exposure_errors`, used by the JSON configuration, the admin form and
the services in translations/provider_services.py; `provider_may_send_unredacted`
re-checks it at send time, so a row edited behind the services' back (or a
setting narrowed later) does not keep "allow".
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import re
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from translations.dialects import settings_errors
from translations.models import Provider, Route

logger = logging.getLogger(__name__)

# Every field of a provider its configuration (MODEL_PROVIDERS_JSON) may set, the audit
# trail records and provider_services compares: one list for all three.
PROVIDER_FIELDS = (
    "name",
    "base_url",
    "model",
    "api_key_env",
    "api_key_file",
    "timeout_s",
    "temperature",
    "max_tokens",
    "price_in_per_1k",
    "price_out_per_1k",
    "phi_policy",
    "on_premises",
    "max_concurrency",
    "enabled",
    # The endpoint's dialect (translations/dialects.py).
    "family",
    "token_param",
    "send_temperature",
    "reasoning_effort",
    "structured_output",
    "inline_thinking",
)
_CONFIG_FIELDS = frozenset(PROVIDER_FIELDS) - {"name"}


# --- Internal hosts ---------------------------------------------------------------------
# A DNS name: labels of letters, digits, hyphens (and underscores, which some
# internal zones use), at most 253 characters. Anything else (percent signs,
# backslashes, non-ASCII) is not a name this check will vouch for.
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST_NAME = re.compile(rf"(?=.{{1,253}}\Z){_LABEL}(?:\.{_LABEL})*\Z")


def _as_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # ::ffff:10.0.0.5 is 10.0.0.5.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def internal_hosts() -> tuple[frozenset[str], tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]]:
    """The host names and networks of settings.WORKBENCH_INTERNAL_HOSTS.

    Raises ImproperlyConfigured naming an entry that is neither a host name nor an
    IP address or CIDR range.
    """
    names: set[str] = set()
    networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for entry in getattr(settings, "WORKBENCH_INTERNAL_HOSTS", None) or []:
        text = str(entry).strip()
        if not text:
            continue
        bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
        try:
            networks.append(ipaddress.ip_network(bare, strict=False))
            continue
        except ValueError:
            pass
        name = text.lower()
        name = name[:-1] if name.endswith(".") else name
        if not name.isascii() or not _HOST_NAME.match(name):
            raise ImproperlyConfigured(
                f"WORKBENCH_INTERNAL_HOSTS: {entry!r} is neither a host name nor an IP address or CIDR range"
            )
        names.add(name)
    return frozenset(names), tuple(networks)


def host_of(url_or_host: str) -> str | None:
    """The host a URL (or a bare "host" / "host:port") points at, lower-cased; None when unclear.

    Parsed with urllib.parse like the HTTP client would, and refused when the text
    is one a different URL parser could read differently (backslashes, blanks,
    control characters, several "@"), so "http://10.0.0.5@evil.com/" is evil.com
    and "http://evil.com#@10.0.0.5" is evil.com.
    """
    text = (url_or_host or "").strip()
    if not text or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F or ch == "\\" for ch in text):
        return None
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    address = _as_ip(bare)
    if address is not None:
        return str(address)  # a bare address: "10.0.0.5", "::1", "[fd00::5]"
    try:
        if "://" in text:
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https"):
                return None
        else:
            parts = urlsplit("//" + text)
        # Several "@" or non-ASCII (which lower-casing or IDNA could turn into a
        # listed name): read differently by different parsers, so refused.
        if parts.netloc.count("@") > 1 or not parts.netloc.isascii():
            return None
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    if host.endswith("."):
        host = host[:-1]
    address = _as_ip(host)
    if address is not None:
        return str(address)
    if not host.isascii() or not _HOST_NAME.match(host):
        return None
    return host


def host_is_internal(url_or_host: str) -> bool:
    """True when the URL's host is one settings.WORKBENCH_INTERNAL_HOSTS declares internal.

    Host names must be listed exactly (case and one trailing dot do not matter;
    nothing is resolved through DNS, and "localhost" is internal only when
    listed); IP addresses must fall in a listed address or CIDR range. The port
    plays no part.
    """
    host = host_of(url_or_host)
    if host is None:
        return False
    names, networks = internal_hosts()
    address = _as_ip(host)
    if address is None:
        return host in names
    return any(address.version == network.version and address in network for network in networks)


def provider_exposure_errors(*, base_url: str, phi_policy: str, on_premises: bool) -> dict[str, str]:
    """Why these settings may not go together (field -> message); empty when they may.

    The one rule for "allow" and "on premises", used by the JSON configuration,
    the admin form and the provider services.
    """
    errors: dict[str, str] = {}
    if phi_policy == Provider.PhiPolicy.ALLOW and not on_premises:
        errors["phi_policy"] = (
            "PHI policy allow needs on_premises true: identifiers may be sent unredacted only "
            "to a model running inside the hospital network."
        )
    if (on_premises or phi_policy == Provider.PhiPolicy.ALLOW) and not host_is_internal(base_url):
        host = host_of(base_url) or base_url
        message = (
            f"The host {host!r} is not one this deployment declares internal (WORKBENCH_INTERNAL_HOSTS), so "
            f"this provider cannot be marked on premises or given PHI policy allow. List the host there first "
            f"if it really runs inside the hospital network."
        )
        field = "on_premises" if on_premises else "phi_policy"
        errors[field] = f"{errors[field]} {message}" if field in errors else message
    return errors


def provider_may_send_unredacted(provider: Provider) -> bool:
    """May identifiers go to this provider unredacted, checked now, at send time.

    Only for PHI policy allow, marked on premises, on a host the current
    settings declare internal: a row changed behind the services' back, or a
    host removed from WORKBENCH_INTERNAL_HOSTS later, does not keep "allow".
    A malformed setting answers False.
    """
    if provider.phi_policy != Provider.PhiPolicy.ALLOW or not provider.on_premises:
        return False
    try:
        return host_is_internal(provider.base_url)
    except ImproperlyConfigured:
        logger.exception("WORKBENCH_INTERNAL_HOSTS is malformed; provider %s is treated as external", provider.name)
        return False


def effective_phi_policy(provider: Provider) -> str:
    """The PHI policy to apply to a call now: "allow" falls back to "block" when the host no longer qualifies."""
    if provider.phi_policy == Provider.PhiPolicy.ALLOW and not provider_may_send_unredacted(provider):
        return Provider.PhiPolicy.BLOCK
    return provider.phi_policy


# --- Configuration from the environment --------------------------------------------------
def provider_config() -> dict:
    raw = settings.MODEL_PROVIDERS_JSON
    if not raw and settings.MODEL_PROVIDERS_FILE:
        try:
            raw = Path(settings.MODEL_PROVIDERS_FILE).read_text(encoding="utf-8")
        except OSError as exc:
            raise ImproperlyConfigured(f"MODEL_PROVIDERS_FILE cannot be read: {exc}") from None
    if not raw:
        return {"providers": [], "routes": []}
    try:
        config = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"MODEL_PROVIDERS_JSON is not valid JSON: {exc}") from None
    if not isinstance(config, dict) or not isinstance(config.get("providers", []), list):
        raise ImproperlyConfigured('MODEL_PROVIDERS_JSON must be {"providers": [...], "routes": [...]}')
    for entry in config.get("providers", []):
        unknown = set(entry) - _CONFIG_FIELDS - {"name"}
        if unknown or "name" not in entry or "base_url" not in entry or "model" not in entry:
            raise ImproperlyConfigured(
                f"MODEL_PROVIDERS_JSON provider {entry.get('name', '?')!r}: needs name, base_url and model; "
                f"unknown keys: {sorted(unknown)}"
            )
        if entry.get("phi_policy", "block") not in Provider.PhiPolicy.values:
            raise ImproperlyConfigured(f"provider {entry['name']!r}: phi_policy must be block, redact or allow")
        if not isinstance(entry.get("on_premises", False), bool):
            raise ImproperlyConfigured(f"provider {entry['name']!r}: on_premises must be true or false")
        dialect_errors = settings_errors(entry)
        if dialect_errors:
            raise ImproperlyConfigured(
                f"provider {entry['name']!r}: "
                + " ".join(f"{field} {message}" for field, message in sorted(dialect_errors.items()))
            )
        errors = provider_exposure_errors(
            base_url=str(entry["base_url"]),
            phi_policy=entry.get("phi_policy", "block"),
            on_premises=entry.get("on_premises", False),
        )
        if errors:
            raise ImproperlyConfigured(
                f"provider {entry['name']!r}: "
                + " ".join(f"{field}: {message}" for field, message in sorted(errors.items()))
            )
    if not isinstance(config.get("routes", []), list):
        raise ImproperlyConfigured('MODEL_PROVIDERS_JSON "routes" must be a list')
    return config


def provider_fields_from_config(entry: dict) -> dict:
    """The model fields a configuration entry sets (prices as Decimal, like the database gives them back)."""
    fields = {k: v for k, v in entry.items() if k in _CONFIG_FIELDS}
    for price in ("price_in_per_1k", "price_out_per_1k"):
        if price in fields:
            fields[price] = Decimal(str(fields[price]))
    return fields


def route(*, kind: str, language: str = "") -> list[Provider]:
    """Providers for a job kind and language, best first; the rest are fallbacks."""
    routes = (
        Route.objects.filter(provider__enabled=True, kind__in=[kind, Route.Kind.ANY], language__in=[language, ""])
        .select_related("provider")
        .order_by("priority", "id")
    )
    seen: dict[int, Provider] = {}
    # Language-specific routes first at equal priority: a Tamil route beats "any language".
    for r in sorted(routes, key=lambda r: (r.priority, r.language == "", r.kind == Route.Kind.ANY, r.id)):
        seen.setdefault(r.provider_id, r.provider)
    if not seen:
        # A provider without routes serves everything, so one endpoint needs no routing table.
        for provider in Provider.objects.filter(enabled=True, routes__isnull=True).order_by("id"):
            seen.setdefault(provider.id, provider)
    return list(seen.values())


def api_key(provider: Provider) -> str:
    if provider.api_key_file:
        try:
            return Path(provider.api_key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"provider {provider.name}: key file unreadable: {exc}") from None
    if provider.api_key_env:
        value = os.environ.get(provider.api_key_env)
        if not value:
            raise ImproperlyConfigured(
                f"provider {provider.name}: environment variable {provider.api_key_env} is empty"
            )
        return value
    # Local servers (Ollama, llama.cpp, vLLM) accept any key, but the client needs one.
    return "not-needed"


_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


def client_for(provider: Provider):
    from openai import OpenAI

    key = (provider.pk, provider.base_url, provider.timeout_s, api_key(provider))
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            # Retries are ours (Celery, with backoff and Retry-After), not the client's.
            client = OpenAI(base_url=provider.base_url, api_key=key[3], timeout=provider.timeout_s, max_retries=0)
            _clients[key] = client
        return client


def call_cost(provider: Provider, tokens_in: int, tokens_out: int) -> Decimal:
    return (Decimal(tokens_in) * provider.price_in_per_1k + Decimal(tokens_out) * provider.price_out_per_1k) / 1000


# --- Per-provider concurrency limit, shared by every worker through Redis ---------------
# Scores are expiry times on the Redis server's clock (TIME), never a worker's:
# a worker whose clock runs ahead would otherwise see everyone's slots as
# expired and call beyond the limit. A token already in the set (an earlier
# try whose reply was lost on the way) holds its slot.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  return 1
end
return 0
"""
# Also puts back a slot Redis lost (restarted without its data) while its call
# still runs: the limit counts calls in progress, not what Redis remembers.
_RENEW = """
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[1]), ARGV[2])
return 1
"""


_slot_clients: dict[str, tuple] = {}
_slot_clients_lock = threading.Lock()


def _slot_client(url: str):
    """The process's Redis client for the slots at `url`, and the acquire and renew scripts registered on it.

    One client per process (and URL), created on first use: redis-py clients
    are thread-safe and keep a pool of connections (re-made after a fork), so
    a call no longer opens a connection, greets the server and loads the
    script. The scripts go by EVALSHA; redis-py loads them again by itself if
    the server lost them (a restart, SCRIPT FLUSH). Short socket timeouts: a
    Redis that hangs must not hold a model call (or a release) for long.
    """
    with _slot_clients_lock:
        entry = _slot_clients.get(url)
        if entry is None:
            import redis

            client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1.0)
            entry = _slot_clients[url] = (client, client.register_script(_ACQUIRE), client.register_script(_RENEW))
        return entry


class SlotUnavailable(Exception):
    """Every slot of the provider stayed taken for the whole wait."""


class SlotStoreUnreachable(SlotUnavailable):
    """Redis did not answer for the whole wait, so the limit could not be checked (and no call was made)."""


class ProviderSlot:
    """A counting semaphore in Redis: at most `max_concurrency` calls to a provider at once, across workers.

    A slot is an entry in a sorted set scored by its expiry. While its call
    runs, the holding process renews it (`_renewer`), so a call slower than
    the provider's timeout (the client's timeout applies to each read, not to
    the whole call) keeps its slot. A worker that dies mid-call stops
    renewing: its slot lapses at most `timeout_s + MODEL_SLOT_GRACE_S` after
    it died. The endpoint cannot know the client is gone and may still be
    working on its call; a live client would have given up on it after
    `timeout_s`, and the grace covers the rest.

    Redis unreachable: the limit cannot be checked, so no call is made; the
    slot is waited for as if busy (up to `wait_s`, MODEL_SLOT_WAIT_S), then
    SlotStoreUnreachable (a retryable failure of the call). A slot that cannot
    be released (Redis gone meanwhile) is not renewed any more and lapses by
    itself; the call's reply is kept.
    """

    def __init__(self, provider: Provider, *, wait_s: float | None = None):
        self.provider = provider
        self.wait_s = settings.MODEL_SLOT_WAIT_S if wait_s is None else wait_s
        self.key = f"workbench:provider-slots:{provider.name}"
        self.token = uuid.uuid4().hex
        self.ttl = float(provider.timeout_s) + settings.MODEL_SLOT_GRACE_S
        self.redis, self._acquire, self._renew = _slot_client(settings.REDIS_URL)
        self.acquired = False
        # Orders a renewal against the release: once released, never renewed (which would hold it until the TTL).
        self._lock = threading.Lock()

    def __enter__(self) -> ProviderSlot:
        import redis

        deadline = time.monotonic() + self.wait_s
        while True:
            unreachable: Exception | None = None
            try:
                if self._acquire(keys=[self.key], args=[max(1, self.provider.max_concurrency), self.ttl, self.token]):
                    self.acquired = True
                    _renewer.hold(self)
                    return self
            except redis.RedisError as exc:
                unreachable = exc
            if time.monotonic() > deadline:
                if unreachable is not None:
                    self._release()  # an acquire whose reply was lost may have taken a slot
                    raise SlotStoreUnreachable(self.provider.name) from unreachable
                raise SlotUnavailable(self.provider.name)
            time.sleep(0.02 if unreachable is None else 0.25)

    def __exit__(self, *exc) -> None:
        if not self.acquired:
            return
        with self._lock:
            self.acquired = False
        _renewer.let_go(self)
        self._release()

    def renew(self) -> None:
        """Push the slot's expiry `ttl` further, unless it was released meanwhile."""
        import redis

        with self._lock:
            if not self.acquired:
                return
            try:
                self._renew(keys=[self.key], args=[self.ttl, self.token])
            except redis.RedisError:
                logger.warning("provider %s: a concurrency slot could not be renewed (Redis)", self.provider.name)

    def _release(self) -> None:
        import redis

        try:
            self.redis.zrem(self.key, self.token)
        except redis.RedisError:
            logger.warning(
                "provider %s: a concurrency slot could not be released (Redis); it lapses within %.0f s",
                self.provider.name,
                self.ttl,
            )


class _Renewer:
    """One daemon thread per process renewing the slots its calls hold, every third of the shortest TTL.

    Started on first use, and again in a forked child (a thread does not
    survive a fork, and the parent's slots are not the child's to renew).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: set[ProviderSlot] = set()
        self._pid = 0
        self._wake = threading.Event()

    def hold(self, slot: ProviderSlot) -> None:
        with self._lock:
            if self._pid != os.getpid():
                self._pid, self._held = os.getpid(), set()
                threading.Thread(target=self._run, name="provider-slot-renewer", daemon=True).start()
            self._held.add(slot)
        self._wake.set()  # its TTL may be shorter than the current interval

    def let_go(self, slot: ProviderSlot) -> None:
        with self._lock:
            self._held.discard(slot)

    def _run(self) -> None:
        while True:
            self._wake.clear()
            with self._lock:
                slots = list(self._held)
            for slot in slots:
                slot.renew()
            self._wake.wait(max(0.05, min((slot.ttl for slot in slots), default=60.0) / 3))


_renewer = _Renewer()
