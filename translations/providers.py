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
_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  return 1
end
return 0
"""


_slot_clients: dict[str, tuple] = {}
_slot_clients_lock = threading.Lock()


def _slot_client(url: str):
    """The process's Redis client for the slots at `url`, and the acquire script registered on it.

    One client per process (and URL), created on first use: redis-py clients
    are thread-safe and keep a pool of connections (re-made after a fork), so
    a call no longer opens a connection, greets the server and loads the
    script. The script goes by EVALSHA; redis-py loads it again by itself if
    the server lost it (a restart, SCRIPT FLUSH).
    """
    with _slot_clients_lock:
        entry = _slot_clients.get(url)
        if entry is None:
            import redis

            client = redis.Redis.from_url(url)
            entry = _slot_clients[url] = (client, client.register_script(_ACQUIRE))
        return entry


class ProviderSlot:
    """A counting semaphore in Redis: at most `max_concurrency` calls to a provider at once.

    Slots expire after the call's timeout so a worker that dies mid-call
    cannot hold one forever.
    """

    def __init__(self, provider: Provider, *, wait_s: float = 30.0):
        self.provider = provider
        self.wait_s = wait_s
        self.key = f"workbench:provider-slots:{provider.name}"
        self.token = uuid.uuid4().hex
        self.redis, self._acquire = _slot_client(settings.REDIS_URL)
        self.acquired = False

    def __enter__(self) -> ProviderSlot:
        ttl = self.provider.timeout_s + 30
        deadline = time.monotonic() + self.wait_s
        while True:
            now = time.time()
            if self._acquire(keys=[self.key], args=[now, max(1, self.provider.max_concurrency), now + ttl, self.token]):
                self.acquired = True
                return self
            if time.monotonic() > deadline:
                raise SlotUnavailable(self.provider.name)
            time.sleep(0.02)

    def __exit__(self, *exc) -> None:
        if self.acquired:
            self.redis.zrem(self.key, self.token)


class SlotUnavailable(Exception):
    pass
