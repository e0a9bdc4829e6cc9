"""Model providers: configuration from the environment, routing, clients, rate limits.

Providers are rows (editable in the admin) seeded from MODEL_PROVIDERS_JSON or
MODEL_PROVIDERS_FILE. Every call goes through the `openai` client, so any
OpenAI-compatible endpoint works: OpenAI, DeepSeek, Azure OpenAI, vLLM,
Ollama, llama.cpp. See README "Model endpoints".
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from translations.models import Provider, Route

_PROVIDER_FIELDS = {
    "base_url", "model", "api_key_env", "api_key_file", "timeout_s", "temperature", "max_tokens",
    "price_in_per_1k", "price_out_per_1k", "phi_policy", "on_premises", "max_concurrency", "enabled",
}


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
        unknown = set(entry) - _PROVIDER_FIELDS - {"name"}
        if unknown or "name" not in entry or "base_url" not in entry or "model" not in entry:
            raise ImproperlyConfigured(
                f"MODEL_PROVIDERS_JSON provider {entry.get('name', '?')!r}: needs name, base_url and model; "
                f"unknown keys: {sorted(unknown)}")
        if entry.get("phi_policy", "block") not in Provider.PhiPolicy.values:
            raise ImproperlyConfigured(f"provider {entry['name']!r}: phi_policy must be block, redact or allow")
        if entry.get("phi_policy") == "allow" and not entry.get("on_premises"):
            raise ImproperlyConfigured(f"provider {entry['name']!r}: phi_policy allow needs on_premises true")
    return config


@transaction.atomic
def sync_providers_from_settings() -> list[Provider]:
    """Upsert the configured providers and replace their routes. Rows not in the config are left alone."""
    config = provider_config()
    synced = []
    for entry in config.get("providers", []):
        fields = {k: v for k, v in entry.items() if k in _PROVIDER_FIELDS}
        for price in ("price_in_per_1k", "price_out_per_1k"):
            if price in fields:
                fields[price] = Decimal(str(fields[price]))
        provider, _ = Provider.objects.update_or_create(name=entry["name"], defaults=fields)
        synced.append(provider)
    if config.get("routes") is not None and synced:
        Route.objects.filter(provider__in=synced).delete()
        names = {p.name: p for p in Provider.objects.all()}
        for route in config.get("routes", []):
            if route.get("provider") not in names:
                raise ImproperlyConfigured(f"route names unknown provider {route.get('provider')!r}")
            Route.objects.create(kind=route.get("kind", "any"), language=route.get("language", ""),
                                 provider=names[route["provider"]], priority=int(route.get("priority", 100)))
    return synced


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
            raise ImproperlyConfigured(f"provider {provider.name}: environment variable {provider.api_key_env} is empty")
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


class ProviderSlot:
    """A counting semaphore in Redis: at most `max_concurrency` calls to a provider at once.

    Slots expire after the call's timeout so a worker that dies mid-call
    cannot hold one forever.
    """

    def __init__(self, provider: Provider, *, wait_s: float = 30.0):
        import redis

        self.provider = provider
        self.wait_s = wait_s
        self.key = f"workbench:provider-slots:{provider.name}"
        self.token = uuid.uuid4().hex
        self.redis = redis.Redis.from_url(settings.REDIS_URL)
        self.acquired = False

    def __enter__(self) -> "ProviderSlot":
        ttl = self.provider.timeout_s + 30
        deadline = time.monotonic() + self.wait_s
        script = self.redis.register_script(_ACQUIRE)
        while True:
            now = time.time()
            if script(keys=[self.key], args=[now, max(1, self.provider.max_concurrency), now + ttl, self.token]):
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
