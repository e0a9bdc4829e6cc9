"""Changing model providers and routes: the only way they change, every change audited.

The admin, the JSON configuration sync at worker start (`providers_sync`,
actor None: recorded as "system") and any future screen call these. Who may:

- add, change or delete a provider or its routes: the system, or an active user
  holding the model permission (translations.add/change/delete_provider);
- decide what a provider may see — tick or untick "on premises", move PHI
  policy to or from "allow", or point an on-premises provider at another host:
  the system or a superuser only (`review.permissions.can_decide_phi_exposure`), and only within
  the rule of `translations.providers.provider_exposure_errors` (an internal
  host, listed in WORKBENCH_INTERNAL_HOSTS).

Audit data holds field values, never keys: a provider only names the
environment variable or file that holds its key, and a base URL is recorded
without any password or query string it might carry.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction

from review import permissions
from review.audit import audit_record
from translations.dialects import SETTINGS as DIALECT_SETTINGS
from translations.dialects import default_settings, settings_of
from translations.models import Provider, Route
from translations.providers import (
    PROVIDER_FIELDS,
    provider_config,
    provider_exposure_errors,
    provider_fields_from_config,
)

EXPOSURE_FIELDS = ("phi_policy", "on_premises")
ROUTE_FIELDS = ("kind", "language", "provider", "priority")
NEW_PROVIDER = {"base_url": None, "phi_policy": Provider.PhiPolicy.BLOCK, "on_premises": False}

Snapshot = dict[str, Any]
Actor = User | None  # None: the system (the configuration sync, management commands)


# --- Who may --------------------------------------------------------------------------------


def _may(actor: Actor, action: str) -> bool:
    if actor is None:
        return True  # the system: configuration sync, management commands
    return actor.is_active and actor.has_perm(f"translations.{action}_provider")


def _require(actor: Actor, action: str) -> None:
    if not _may(actor, action):
        raise PermissionDenied(f"You may not {action} model providers.")


# --- Snapshots and differences ----------------------------------------------------------------
def audit_url(url: str | None) -> str | None:
    """A base URL as the audit trail may hold it: no password, no query string, no fragment."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(unparseable URL)"
    if ":" in host:
        host = f"[{host}]"
    user = f"{parts.username}@" if parts.username else ""
    query = "?(removed)" if parts.query else ""
    return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, "", "")) + query


def provider_snapshot(provider: Provider) -> Snapshot:
    return {field: getattr(provider, field) for field in PROVIDER_FIELDS}


def _for_audit(field: str, value: Any) -> Any:
    if field == "base_url":
        return audit_url(value)
    return str(value) if isinstance(value, Decimal) else value


def _differences(before: Snapshot | None, after: Snapshot, fields) -> dict[str, list]:
    """field -> [before, after] for every field that differs (before None: all fields, created)."""
    changes = {}
    for field in fields:
        old = None if before is None else before.get(field)
        new = after.get(field)
        if before is None or _comparable(old) != _comparable(new):
            changes[field] = [_for_audit(field, old), _for_audit(field, new)]
    return changes


def _comparable(value: Any) -> Any:
    if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def exposure_decision(before: Snapshot | None, after: Snapshot) -> list[str]:
    """The exposure fields this change decides anew (empty: no decision is being made).

    A decision: "on premises" ticked or unticked, PHI policy moved to or from
    "allow", or the host of a provider that is on premises (or allowed) changed.
    """
    old = NEW_PROVIDER if before is None else before
    decided = []
    if bool(old["on_premises"]) != bool(after["on_premises"]):
        decided.append("on_premises")
    allow = Provider.PhiPolicy.ALLOW
    if old["phi_policy"] != after["phi_policy"] and allow in (old["phi_policy"], after["phi_policy"]):
        decided.append("phi_policy")
    exposed = after["on_premises"] or after["phi_policy"] == allow
    if exposed and before is not None and before["base_url"] != after["base_url"]:
        decided.append("base_url")
    return decided


def provider_change_errors(*, actor: Actor, before: Snapshot | None, after: Snapshot) -> dict[str, str]:
    """Why this change may not be made by this actor (field -> message); empty when it may.

    The admin form shows these; `provider_save` refuses with them.
    """
    errors = provider_exposure_errors(
        base_url=after["base_url"] or "", phi_policy=after["phi_policy"], on_premises=bool(after["on_premises"])
    )
    decided = exposure_decision(before, after)
    if decided and actor is not None and not permissions.can_decide_phi_exposure(actor):
        message = (
            "Only a superuser may decide whether a provider is on premises, give or take away PHI policy "
            "allow, or move an on-premises provider to another host."
        )
        for field in decided:
            errors.setdefault(field, message)
    return errors


def _refuse(errors: dict[str, str], *, actor: Actor, before: Snapshot | None, after: Snapshot) -> None:
    if not errors:
        return
    decided = exposure_decision(before, after)
    if decided and actor is not None and not permissions.can_decide_phi_exposure(actor):
        raise PermissionDenied(" ".join(errors[f] for f in decided if f in errors))
    raise ValidationError(errors)


# --- Providers ------------------------------------------------------------------------------
def _locked_before(provider: Provider) -> Snapshot | None:
    if provider.pk is None:
        return None
    row = Provider.objects.select_for_update(no_key=True).filter(pk=provider.pk).first()
    return provider_snapshot(row) if row is not None else None


def _apply_provider(*, actor: Actor, provider: Provider, before: Snapshot | None) -> dict | None:
    """Validate and write; returns the audit event to record (None when nothing changed)."""
    after = provider_snapshot(provider)
    _refuse(provider_change_errors(actor=actor, before=before, after=after), actor=actor, before=before, after=after)
    # base_url: the admin form validates it as a URL; the JSON configuration may name
    # single-label hosts ("http://ollama:11434/v1") that Django's URL validator refuses.
    provider.full_clean(exclude=["base_url"])
    changes = _differences(before, after, PROVIDER_FIELDS)
    if before is not None and not changes:
        return None
    provider.save()
    decided = exposure_decision(before, after)
    data: dict[str, Any] = {"provider": provider.name, "changes": changes}
    if decided:
        data["decision"] = {
            field: [_for_audit(field, (before or NEW_PROVIDER)[field]), _for_audit(field, after[field])]
            for field in ("phi_policy", "on_premises", "base_url")
        }
        verb = "provider.phi_decision"
    else:
        verb = "provider.created" if before is None else "provider.changed"
    return {"verb": verb, "obj": provider, "data": data}


@transaction.atomic
def provider_save(*, actor: Actor, provider: Provider) -> Provider:
    """Create or change a provider (its fields as set on `provider`), audited.

    Refuses with PermissionDenied an actor who may not make the change (see the
    module docstring) and with ValidationError a provider the rules refuse, e.g.
    "on premises" for a host not listed in WORKBENCH_INTERNAL_HOSTS. Saving
    unchanged fields records nothing.
    """
    before = _locked_before(provider)
    _require(actor, "add" if before is None else "change")
    event = _apply_provider(actor=actor, provider=provider, before=before)
    if event:
        audit_record(actor=actor, **event)
    return provider


@transaction.atomic
def provider_delete(*, actor: Actor, provider: Provider) -> None:
    """Delete a provider and its routes, audited (a provider used by a job is protected and stays)."""
    _require(actor, "delete")
    provider = Provider.objects.select_for_update(no_key=True).get(pk=provider.pk)
    routes = [_route_snapshot(route) for route in provider.routes.order_by("priority", "id")]
    snapshot = {field: _for_audit(field, value) for field, value in provider_snapshot(provider).items()}
    pk = provider.pk
    provider.delete()
    audit_record(
        actor=actor,
        verb="provider.deleted",
        object_type="translations.provider",
        object_id=str(pk),
        data={"provider": snapshot["name"], "fields": snapshot, "routes": routes},
    )


# --- Routes ---------------------------------------------------------------------------------
def _route_snapshot(route: Route) -> Snapshot:
    return {"kind": route.kind, "language": route.language, "provider": route.provider.name, "priority": route.priority}


@transaction.atomic
def route_save(*, actor: Actor, route: Route) -> Route:
    """Create or change a route (which provider serves which job kind and language), audited."""
    _require(actor, "change")
    row = None
    if route.pk:
        row = (
            Route.objects.select_for_update(no_key=True, of=("self",))
            .select_related("provider")
            .filter(pk=route.pk)
            .first()
        )
    before = _route_snapshot(row) if row is not None else None
    route.full_clean()
    after = _route_snapshot(route)
    changes = _differences(before, after, ROUTE_FIELDS)
    if before is not None and not changes:
        return route
    route.save()
    audit_record(
        actor=actor,
        verb="route.created" if before is None else "route.changed",
        obj=route,
        data={**after, "changes": changes},
    )
    return route


@transaction.atomic
def route_delete(*, actor: Actor, route: Route) -> None:
    _require(actor, "change")
    route = Route.objects.select_for_update(no_key=True, of=("self",)).select_related("provider").get(pk=route.pk)
    snapshot, pk = _route_snapshot(route), route.pk
    route.delete()
    audit_record(actor=actor, verb="route.deleted", object_type="translations.route", object_id=str(pk), data=snapshot)


# --- The configuration sync -----------------------------------------------------------------
def _config_error(name: str, exc: ValidationError | PermissionDenied) -> ImproperlyConfigured:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        detail = " ".join(f"{field}: {' '.join(messages)}" for field, messages in sorted(exc.message_dict.items()))
    else:
        detail = " ".join(getattr(exc, "messages", [str(exc)]))
    return ImproperlyConfigured(f"MODEL_PROVIDERS_JSON provider {name!r}: {detail}")


@transaction.atomic
def providers_sync(config: dict) -> list[Provider]:
    """Make the configured providers and their routes what `config` says, as the system, audited.

    Providers are upserted by name; rows the configuration does not name are left
    alone. When the configuration has "routes", every provider it names (as a
    provider or in a route) gets exactly the configured routes. One audit event per
    provider or route created, changed or removed, written after every other row
    (the audit head is locked last); nothing changed, nothing recorded.
    """
    events: list[dict] = []
    synced: list[Provider] = []
    for entry in config.get("providers", []):
        name = entry["name"]
        provider = Provider.objects.select_for_update(no_key=True).filter(name=name).first()
        before = provider_snapshot(provider) if provider is not None else None
        fields = provider_fields_from_config(entry)
        if provider is None:
            # A new provider speaks its family's dialect unless the entry says
            # otherwise. An existing one keeps whatever the entry does not set,
            # including a setting healed after an endpoint refused it.
            defaults = default_settings(fields.get("family", Provider.Family.GENERIC), fields["model"])
            fields = {**defaults, **fields}
        provider = provider or Provider(name=name)
        for field, value in fields.items():
            setattr(provider, field, value)
        try:
            event = _apply_provider(actor=None, provider=provider, before=before)
        except (ValidationError, PermissionDenied) as exc:
            raise _config_error(name, exc) from None
        if event:
            events.append(event)
        synced.append(provider)

    if config.get("routes") is not None and synced:
        by_name = {p.name: p for p in Provider.objects.all()}
        wanted: Counter = Counter()
        for entry in config.get("routes", []):
            if not isinstance(entry, dict) or entry.get("provider") not in by_name:
                raise ImproperlyConfigured(
                    f"route names unknown provider {entry.get('provider')!r}"
                    if isinstance(entry, dict)
                    else "each route must be an object"
                )
            try:
                priority = int(entry.get("priority", 100))
            except (TypeError, ValueError):
                raise ImproperlyConfigured(
                    f"route for {entry['provider']!r}: priority must be a whole number"
                ) from None
            kind, language = entry.get("kind", Route.Kind.ANY), entry.get("language", "") or ""
            wanted[(kind, language, entry["provider"], priority)] += 1
        managed = {p.pk for p in synced} | {by_name[key[2]].pk for key in wanted}
        existing = list(
            Route.objects.select_for_update(no_key=True, of=("self",))
            .filter(provider_id__in=managed)
            .select_related("provider")
            .order_by("id")
        )
        keep: Counter = Counter()
        for route in existing:
            key = (route.kind, route.language, route.provider.name, route.priority)
            if keep[key] < wanted[key]:
                keep[key] += 1
                continue
            events.append(
                {
                    "verb": "route.deleted",
                    "object_type": "translations.route",
                    "object_id": str(route.pk),
                    "data": _route_snapshot(route),
                }
            )
            route.delete()
        for key, count in (wanted - keep).items():
            kind, language, provider_name, priority = key
            for _ in range(count):
                route = Route(kind=kind, language=language, provider=by_name[provider_name], priority=priority)
                try:
                    route.full_clean()
                except ValidationError as exc:
                    raise _config_error(provider_name, exc) from None
                route.save()
                snapshot = _route_snapshot(route)
                events.append(
                    {
                        "verb": "route.created",
                        "obj": route,
                        "data": {**snapshot, "changes": _differences(None, snapshot, ROUTE_FIELDS)},
                    }
                )

    for event in events:
        audit_record(actor=None, **event)
    return synced


def sync_providers_from_settings() -> list[Provider]:
    """Upsert the configured providers and make their routes what the configuration says, audited as the system.

    Rows not in the configuration are left alone. Each provider or route that is
    created, changed or removed is one audit event (actor "system") naming the
    fields that changed; a restart with an unchanged configuration records nothing.
    """
    return providers_sync(provider_config())


# --- Dialect healing ---------------------------------------------------------------------------
@transaction.atomic
def provider_dialect_heal(*, provider: Provider, settings: dict[str, Any], refused: str, reason: str) -> bool:
    """Store the dialect settings that avoid a parameter the endpoint refused, audited as the system.

    Called by the job runner when a 400 names one of the dialect parameters;
    only dialect settings change (never the endpoint, the model or anything
    about PHI exposure). False when another worker healed it first or the row
    already says this.
    """
    row = Provider.objects.select_for_update(no_key=True).filter(pk=provider.pk).first()
    if row is None:
        return False
    before = settings_of(row)
    after = {key: settings[key] for key in DIALECT_SETTINGS}
    changes = {key: [before[key], after[key]] for key in DIALECT_SETTINGS if before[key] != after[key]}
    if not changes:
        return False
    Provider.objects.filter(pk=row.pk).update(**after)
    audit_record(
        actor=None,
        verb="provider.healed",
        obj=row,
        data={"provider": row.name, "model": row.model, "refused": refused, "reason": reason[:300], "changes": changes},
    )
    return True
