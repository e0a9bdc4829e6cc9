"""What a provider is sent to translate segments, and how its reply is read back: one home for jobs and evaluations.

A job's batch (translations.batches) and a provider evaluation
(translations.evaluation) both send segments to a model. They must send them
the same way, or an evaluation would measure something the jobs never do and a
PHI guard fixed in one place would stay open in the other. So both build the
request here:

* the PHI guard over the labelled pieces (segments and glossary lines), with
  the provider's policy as it applies now (`effective_phi_policy`: "allow"
  falls back to "block" on a host no longer declared internal) and the
  allow-listed names (plus the leaflet's name overrides, for a leaflet);
* the messages (llm.translate_messages), from the guarded texts;
* the reply's parser: the segments reply validated against what was sent,
  each placeholder of "redact" put back (a reply that lost one is refused);
* the reply's schema, for the dialects that can ask for one.

`PhiBlocked` from the guard propagates: the caller decides what a refusal
means (a job fails, an evaluation leaves those segments out).

`call_healing` is the call itself, healing the provider's dialect when the
endpoint refuses one of its parameters (stored on the provider, audited).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from translations import dialects, llm, phi_allow
from translations.models import GlossaryTerm, Provider
from translations.phi import guard_outbound, restore
from translations.phi.guard import placeholders_in
from translations.provider_services import provider_dialect_heal
from translations.providers import effective_phi_policy, provider_may_send_unredacted


@dataclass
class OutboundRequest:
    """The messages to send, how to read the reply (id -> text), and the reply's shape for the dialect."""

    messages: list[dict]
    parse: Callable[[str], dict[str, str]]
    schema: dict | None
    schema_name: str
    # What was sent for each id, after the guard (placeholders instead of identifiers under "redact").
    sent: dict[str, str]


def glossary_in(texts: Iterable[str], source: str, target: str) -> list[dict]:
    """Only the approved terms that occur in these texts: the rest would cost tokens and distract."""
    joined = " ".join(texts).lower()
    terms = GlossaryTerm.objects.filter(source_language=source, target_language=target, approved=True)
    return [{"source": t.source_term, "target": t.target_term} for t in terms if t.source_term.lower() in joined]


def segments_request(
    *,
    provider: Provider,
    source: str,
    target: str,
    version: str,
    texts: dict[str, str],
    labels: dict[str, str],
    glossary: list[dict],
    leaflet_id: int | None,
) -> OutboundRequest:
    """The request translating `texts` (id -> text) from `source` to `target` with prompt `version`.

    `labels` names each id the way the author reads it ("title", "segment 3"):
    the guard's refusal points there. Raises PhiBlocked when the policy
    forbids sending what was found.
    """
    pieces = {labels[sid]: text for sid, text in texts.items()}
    pieces.update({f"glossary {i + 1}": f"{g['source']} = {g['target']}" for i, g in enumerate(glossary)})
    # Re-checked at call time: a provider row edited in a shell, or a host
    # no longer listed in WORKBENCH_INTERNAL_HOSTS, loses "allow".
    guarded = guard_outbound(
        pieces=pieces,
        policy=effective_phi_policy(provider),
        on_premises=provider_may_send_unredacted(provider),
        **phi_allow.guard_names(leaflet_id=leaflet_id),
    )
    by_label = dict(zip(pieces, guarded.pieces.values(), strict=True))
    send = {sid: by_label[labels[sid]] for sid in texts}
    send_glossary = [
        dict(zip(("source", "target"), by_label[f"glossary {i + 1}"].split(" = ", 1), strict=False))
        for i in range(len(glossary))
    ]

    def parse(content: str) -> dict[str, str]:
        translated = llm.parse_segments_reply(content, list(send), send)
        if guarded.placeholders:
            translated = {
                sid: restore(text, guarded.placeholders, expected=placeholders_in(send[sid]))
                for sid, text in translated.items()
            }
        return translated

    messages = llm.translate_messages(
        version=version, source=source, target=target, segments=send, glossary=send_glossary
    )
    return OutboundRequest(
        messages=messages,
        parse=parse,
        schema=dialects.segments_schema(list(send)),
        schema_name="segments",
        sent=send,
    )


def call_healing(provider: Provider, *, messages: list[dict], schema: dict | None, schema_name: str) -> llm.CallResult:
    """The call, once more for each dialect parameter the endpoint refuses (stored on the provider, audited).

    Each retry changes a different setting, so this ends; a refusal with
    nothing left to change is final, like any other 400. Raises only
    llm.ModelError (TruncatedReply carries the call's usage).
    """
    for _attempt in range(len(dialects.SETTINGS) + 1):
        try:
            return llm.call_model(provider, messages, schema=schema, schema_name=schema_name)
        except llm.DialectRefused as refused:
            if refused.healed is None:
                raise
            provider_dialect_heal(
                provider=provider, settings=refused.healed, refused=refused.refused, reason=str(refused)
            )
            for key, value in refused.healed.items():
                setattr(provider, key, value)
    raise llm.FinalModelError(_("The model endpoint kept refusing the request's parameters."))
