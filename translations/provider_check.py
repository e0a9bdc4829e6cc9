"""Checking what an endpoint accepts: its models, and one tiny translation in each dialect it may speak.

Run by `manage.py provider_check NAME` and the admin's "Check endpoint"
action. Nothing is stored: the report says which settings worked and which
to write into MODEL_PROVIDERS_JSON (a job's own refusals heal the provider
row; see translations/dialects.py).
"""

from __future__ import annotations

import time
from typing import Any

from translations import dialects, llm
from translations.models import Provider
from translations.phi import guard_outbound
from translations.providers import effective_phi_policy, provider_may_send_unredacted

# A sentence no PHI rule can match, from the kind of text the workbench sends.
CHECK_SENTENCE = "Drink plenty of water and rest."
STRUCTURED_PREFERENCE = ("json_schema", "json_object", "none")


def _richer(settings: dict[str, Any]) -> list[dict[str, Any]]:
    rank = STRUCTURED_PREFERENCE.index(settings["structured_output"])
    return [{**settings, "structured_output": richer} for richer in STRUCTURED_PREFERENCE[:rank]]


def _preference(settings: dict[str, Any], current: dict[str, Any]) -> tuple:
    """Richer structured output first, then the fewest changes from what is stored."""
    changed = sum(settings[key] != current[key] for key in dialects.SETTINGS)
    return (STRUCTURED_PREFERENCE.index(settings["structured_output"]), changed)


def provider_check(*, provider: Provider, target_language: str = "ms", max_calls: int = 8) -> dict[str, Any]:
    """What the endpoint accepts; see the module docstring. Makes at most 1 + max_calls requests.

    The dialects tried: as stored; each time one is refused, the same without
    the refused parameter (as a job would heal it); the family's defaults; and,
    once one works, the same with richer structured output.
    """
    report: dict[str, Any] = {
        "provider": provider.name,
        "reachable": False,
        "models": [],
        "reported_model": "",
        "current": dialects.settings_of(provider),
        "working": None,
        "tried": [],
        "recommended": None,
    }
    try:
        report["models"] = llm.list_models(provider)
        report["reachable"] = True
    except llm.ModelError as exc:
        report["models_error"] = str(exc)
    pieces = {"segment 1": CHECK_SENTENCE}
    # The guard runs as for any call: a provider whose policy would block this sentence gets nothing.
    guard_outbound(
        pieces=pieces, policy=effective_phi_policy(provider), on_premises=provider_may_send_unredacted(provider)
    )
    messages = llm.translate_messages(
        version=llm.TRANSLATE_VERSION, source="en", target=target_language, segments={"s1": CHECK_SENTENCE}, glossary=[]
    )
    # What the job runner would do (start as stored, drop what is refused),
    # then the family's defaults, then richer structured output than what worked.
    queue = [report["current"], dialects.default_settings(provider.family, provider.model)]
    working: list[dict[str, Any]] = []
    tried: list[dict[str, Any]] = []
    while queue and len(tried) < max_calls:
        settings = queue.pop(0)
        if settings in tried:
            continue
        tried.append(settings)
        entry: dict[str, Any] = {"settings": settings}
        started = time.monotonic()
        try:
            result = llm.call_model(
                provider, messages, schema=dialects.segments_schema(["s1"]), schema_name="segments", settings=settings
            )
            llm.parse_segments_reply(result.content, ["s1"], {"s1": CHECK_SENTENCE})
        except llm.ModelError as exc:
            entry.update(status=_status(exc), error=str(exc)[:300])
            report["reachable"] = report["reachable"] or _answered(exc)
            if isinstance(exc, llm.DialectRefused) and exc.healed is not None:
                queue.insert(0, exc.healed)
            elif isinstance(exc, llm.MalformedReply):
                queue.extend(_richer(settings))  # asking for the shape may be what it needs
        else:
            report["reachable"] = True
            report["reported_model"] = report["reported_model"] or result.reported_model
            entry.update(
                status="ok",
                error="",
                reported_model=result.reported_model,
                tokens_in=result.tokens_in,
                tokens_out=result.tokens_out,
                tokens_reasoning=result.tokens_reasoning,
            )
            working.append(settings)
            queue[:0] = _richer(settings)
        entry["latency_ms"] = round((time.monotonic() - started) * 1000)
        report["tried"].append(entry)
    if working:
        best = min(working, key=lambda s: _preference(s, report["current"]))
        report["working"] = best
        report["recommended"] = {"family": provider.family, **best}
    return report


def _status(exc: llm.ModelError) -> str:
    if isinstance(exc, llm.DialectRefused):
        return "refused"
    if isinstance(exc, llm.MalformedReply):
        return "malformed"
    if isinstance(exc, llm.TruncatedReply):
        return "truncated"
    return "error"


def _answered(exc: llm.ModelError) -> bool:
    """The endpoint sent an HTTP answer (a refusal, a bad reply), as opposed to never being reached."""
    return isinstance(exc, (llm.DialectRefused, llm.MalformedReply, llm.TruncatedReply, llm.FinalModelError))
