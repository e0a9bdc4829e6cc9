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

import math
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from review import permissions
from review.audit import audit_record
from translations.dialects import SETTINGS as DIALECT_SETTINGS
from translations.dialects import default_settings, settings_of
from translations.models import Provider, Route, RoutingBound
from translations.providers import (
    PROVIDER_FIELDS,
    provider_config,
    provider_exposure_errors,
    provider_fields_from_config,
)
from workbench.languages import CONTENT_LANGUAGES

EXPOSURE_FIELDS = ("phi_policy", "on_premises")
ROUTE_FIELDS = ("kind", "language", "provider", "priority")
NEW_PROVIDER = {"base_url": None, "phi_policy": Provider.PhiPolicy.BLOCK, "on_premises": False}

Snapshot = dict[str, Any]
Actor = User | None  # None: the system (the configuration sync, management commands)


# --- Who may --------------------------------------------------------------------------------


def _may(actor: Actor, action: str) -> bool:
    if actor is None:
        return True  # the system: configuration sync, management commands
    return permissions.can_manage_providers(actor, action)


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


# --- Routing from evaluation evidence (the quality dashboard) --------------------------------
BOUND_FIELDS = ("max_cost_per_100_segments", "max_latency_p95_s")
# Priorities the dashboard gives the routes it writes: 10, 20, ... leave room for a
# hand-made route between them in the admin.
SUGGESTED_PRIORITY_STEP = 10


def _bound_snapshot(bound: RoutingBound | None) -> Snapshot:
    if bound is None:
        return dict.fromkeys(BOUND_FIELDS)
    return {field: getattr(bound, field) for field in BOUND_FIELDS}


def _content_language(language: str) -> str:
    if language not in CONTENT_LANGUAGES:
        raise ValidationError(_("Unknown language: %(language)s.") % {"language": language})
    return language


@transaction.atomic
def routing_bound_save(
    *,
    actor: User,
    language: str,
    max_cost_per_100_segments: Decimal | None,
    max_latency_p95_s: float | None,
) -> RoutingBound:
    """Set the bounds the dashboard's suggested routing for `language` must stay within, audited.

    None is no bound. Who may: whoever may change model providers, since the
    bounds decide which provider the dashboard offers to route to.
    """
    _require(actor, "change")
    _content_language(language)
    errors = {}
    if max_cost_per_100_segments is not None and max_cost_per_100_segments < 0:
        errors["max_cost_per_100_segments"] = _("A cost bound cannot be negative.")
    if max_latency_p95_s is not None and (math.isnan(max_latency_p95_s) or max_latency_p95_s <= 0):
        errors["max_latency_p95_s"] = _("A latency bound must be more than zero seconds.")
    if errors:
        raise ValidationError(errors)
    if max_cost_per_100_segments is not None:
        # As the column stores it, so the audit trail and the comparison see the stored value.
        max_cost_per_100_segments = Decimal(max_cost_per_100_segments).quantize(Decimal("0.000001"))
    # get_or_create first: two first saves for one language must not both insert.
    bound, created = RoutingBound.objects.get_or_create(language=language)
    bound = RoutingBound.objects.select_for_update().get(pk=bound.pk)
    # A row without bounds says the same as no row: the first save compares with "no bound".
    before = _bound_snapshot(None if created else bound)
    bound.max_cost_per_100_segments = max_cost_per_100_segments
    bound.max_latency_p95_s = max_latency_p95_s
    after = _bound_snapshot(bound)
    changes = _differences(before, after, BOUND_FIELDS)
    if not changes:
        return bound
    bound.updated_by = actor
    bound.full_clean()
    bound.save()
    audit_record(actor=actor, verb="routing.bounds_changed", obj=bound, data={"language": language, "changes": changes})
    return bound


@transaction.atomic
def route_apply_suggestion(
    *, actor: User, language: str, providers: Sequence[Provider], evidence: Sequence[int] = ()
) -> list[Route]:
    """Make `providers`, best first, the translate routes of `language`, as one audited change.

    Every route of kind "translate" for exactly this language is replaced;
    routes for any kind or any language serve other jobs too and stay, behind
    the new ones. `evidence` (the evaluation result ids the suggestion was drawn
    from) goes into the audit event, so the trail shows what the choice rested
    on. Routing that already says this records nothing. Whether the suggestion
    is still current is the caller's question (the dashboard compares the
    results it showed with the latest ones before calling).
    """
    _require(actor, "change")
    _content_language(language)
    ids = [p.pk for p in providers]
    if not ids:
        raise ValidationError(_("The suggestion names no provider."))
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A provider can appear only once in a route order."))
    # One change to a language's routing at a time: its bounds row is the lock (an empty row means
    # "no bound"), so a second click reads the routes the first one wrote instead of adding to them.
    lock, _created = RoutingBound.objects.get_or_create(language=language)
    RoutingBound.objects.select_for_update().filter(pk=lock.pk).first()
    usable = Provider.objects.select_for_update(no_key=True).filter(pk__in=ids, enabled=True).in_bulk()
    if len(usable) != len(ids):
        raise ValidationError(_("A suggested provider has been removed or disabled since the page was shown."))
    ordered = [usable[pk] for pk in ids]
    kind = Route.Kind.TRANSLATE
    existing = list(
        Route.objects.select_for_update(no_key=True, of=("self",))
        .filter(kind=kind, language=language)
        .select_related("provider")
        .order_by("priority", "id")
    )
    if [r.provider_id for r in existing] == ids:
        return existing
    # The routes that keep serving this language's translations (any kind, or any
    # language) must come after the new ones, so the suggestion is what runs:
    # never a priority above theirs. At equal priority the translations.providers.route
    # order puts language- and kind-specific routes first, and then the oldest, which is
    # the order written here.
    others = (
        Route.objects.filter(kind__in=[kind, Route.Kind.ANY], language__in=[language, ""])
        .exclude(kind=kind, language=language)
        .order_by("priority")
        .values_list("priority", flat=True)
        .first()
    )
    before = [_route_snapshot(r) for r in existing]
    Route.objects.filter(pk__in=[r.pk for r in existing]).delete()
    created = []
    for position, provider in enumerate(ordered, start=1):
        priority = SUGGESTED_PRIORITY_STEP * position
        if others is not None:
            priority = min(priority, others)
        route = Route(kind=kind, language=language, provider=provider, priority=priority)
        route.full_clean()
        route.save()
        created.append(route)
    audit_record(
        actor=actor,
        verb="route.suggestion_applied",
        object_type="translations.route",
        object_id=f"{kind}:{language}",
        data={
            "language": language,
            "kind": kind,
            "before": before,
            "after": [_route_snapshot(r) for r in created],
            "evidence": sorted(int(i) for i in evidence),
        },
    )
    return created
