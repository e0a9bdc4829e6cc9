"""How each family of OpenAI-compatible endpoint wants to be spoken to.

The chat-completions API is one shape with many dialects. OpenAI's reasoning
models (the GPT-5 family, the o-series) refuse `max_tokens` and any
`temperature` but the default with HTTP 400; DeepSeek offers `json_object`
but not a JSON schema; vLLM, Ollama and llama.cpp take a JSON schema; R1-style
models served without a reasoning parser put their thinking inline in
`<think>` blocks, DeepSeek's reasoner beside the answer in `reasoning_content`.

A provider row holds five settings (`token_param`, `send_temperature`,
`reasoning_effort`, `structured_output`, `inline_thinking`), defaulted from its
family and model here. When an endpoint refuses one of them with a 400
(`unsupported_parameter` / `unsupported_value`), `healed_settings` says what to
send instead; the job runner retries once with that and stores it (audited),
so a misconfigured provider heals instead of failing every job.

Nothing here calls anything: it builds keyword arguments and reads replies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from translations.models import Provider

# The values themselves live on the Provider model (its choices are what the admin and
# provider_save validate); these are them, for the JSON configuration's own messages.
FAMILIES = tuple(Provider.Family.values)
TOKEN_PARAMS = tuple(Provider.TokenParam.values)
STRUCTURED_OUTPUTS = tuple(Provider.StructuredOutput.values)
REASONING_EFFORTS = tuple(Provider.ReasoningEffort.values)
SETTINGS = ("token_param", "send_temperature", "reasoning_effort", "structured_output", "inline_thinking")

# OpenAI's reasoning models: o1, o3, o4-mini, gpt-5, gpt-5.1, gpt-5-mini ...
# (not gpt-5-chat-latest, the non-reasoning chat model). Azure deployments
# carry the same model names.
_OPENAI_REASONING = re.compile(r"^(?:o\d+(?:-[a-z0-9.-]+)?|gpt-5(?:\.\d+)?(?!-chat)(?:-[a-z0-9.-]+)?)$", re.IGNORECASE)


def is_openai_reasoning_model(model: str) -> bool:
    return bool(_OPENAI_REASONING.match(model.strip()))


def settings_of(provider: Provider) -> dict[str, Any]:
    """The dialect settings a provider row holds now."""
    return {key: getattr(provider, key) for key in SETTINGS}


def default_settings(family: str, model: str) -> dict[str, Any]:
    """The settings that work for this family (and, for OpenAI and Azure, this model) as documented."""
    if family in ("openai", "azure"):
        reasoning = is_openai_reasoning_model(model)
        # max_completion_tokens is accepted by every current OpenAI chat model
        # and required by the reasoning ones; they take only the default temperature.
        return {
            "token_param": "max_completion_tokens",
            "send_temperature": not reasoning,
            "reasoning_effort": "",
            "structured_output": "json_schema",
            "inline_thinking": False,
        }
    if family == "deepseek":
        # JSON output is json_object only; deepseek-reasoner returns its
        # thinking in reasoning_content and ignores temperature without an error.
        return {
            "token_param": "max_tokens",
            "send_temperature": True,
            "reasoning_effort": "",
            "structured_output": "json_object",
            "inline_thinking": False,
        }
    if family in ("vllm", "ollama", "llamacpp"):
        # Guided decoding / grammar-constrained output takes a JSON schema; a
        # self-hosted R1-style model without a reasoning parser thinks inline.
        return {
            "token_param": "max_tokens",
            "send_temperature": True,
            "reasoning_effort": "",
            "structured_output": "json_schema",
            "inline_thinking": True,
        }
    # An endpoint we know nothing about: the oldest, most widely accepted form.
    return {
        "token_param": "max_tokens",
        "send_temperature": True,
        "reasoning_effort": "",
        "structured_output": "none",
        "inline_thinking": True,
    }


def settings_errors(settings: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with a provider's dialect settings (from JSON or the admin), by key."""
    errors = {}
    if settings.get("family", "generic") not in FAMILIES:
        errors["family"] = f"must be one of {', '.join(FAMILIES)}"
    if "token_param" in settings and settings["token_param"] not in TOKEN_PARAMS:
        errors["token_param"] = f"must be one of {', '.join(TOKEN_PARAMS)}"
    if "structured_output" in settings and settings["structured_output"] not in STRUCTURED_OUTPUTS:
        errors["structured_output"] = f"must be one of {', '.join(STRUCTURED_OUTPUTS)}"
    if "reasoning_effort" in settings and settings["reasoning_effort"] not in REASONING_EFFORTS:
        errors["reasoning_effort"] = f"must be empty or one of {', '.join(e for e in REASONING_EFFORTS if e)}"
    for key in ("send_temperature", "inline_thinking"):
        if key in settings and not isinstance(settings[key], bool):
            errors[key] = "must be true or false"
    return errors


def completion_arguments(
    *,
    settings: Mapping[str, Any],
    max_tokens: int,
    temperature: float,
    schema: Mapping[str, Any] | None,
    schema_name: str,
) -> dict[str, Any]:
    """The keyword arguments of `chat.completions.create` besides model and messages."""
    arguments: dict[str, Any] = {settings["token_param"]: max_tokens}
    if settings["send_temperature"]:
        arguments["temperature"] = temperature
    if settings["reasoning_effort"]:
        arguments["reasoning_effort"] = settings["reasoning_effort"]
    structured = settings["structured_output"]
    if structured == "json_schema" and schema is not None:
        arguments["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": schema_name, "schema": dict(schema), "strict": True},
        }
    elif structured in ("json_schema", "json_object"):
        # json_object needs the word "JSON" in the messages (OpenAI, DeepSeek): every prompt has it.
        arguments["response_format"] = {"type": "json_object"}
    return arguments


# --- Replies -------------------------------------------------------------------------------------
_THINK_BLOCK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_THINK_OPEN = re.compile(r"<think>", re.IGNORECASE)


class UnfinishedThinking(ValueError):
    """A <think> block that never closes: the model ran out of tokens (or words) before answering."""


def without_thinking(content: str) -> str:
    """The answer with inline <think>…</think> blocks removed; never parse or store the thinking.

    R1-style models put one block before the answer; a block anywhere is
    removed, since text inside it is the model talking to itself, not the
    translation. An opened block that never closes leaves no answer.
    """
    stripped = _THINK_BLOCK.sub("", content)
    if _THINK_OPEN.search(stripped):
        raise UnfinishedThinking("the reply's thinking never ended")
    # A closing tag without its opening one: the endpoint cut the opening
    # tag (some chat templates add it to the prompt), so what precedes is thinking.
    if "</think>" in stripped.lower():
        stripped = stripped[stripped.lower().rindex("</think>") + len("</think>") :]
    return stripped.strip()


# --- Self-healing ----------------------------------------------------------------------------------
# Codes that say the request is fine but something else is wrong: never a dialect problem.
_OTHER_CODES = {
    "invalid_api_key",
    "model_not_found",
    "context_length_exceeded",
    "rate_limit_exceeded",
    "insufficient_quota",
    "content_filter",
    "content_policy_violation",
    "invalid_prompt",
}
_REFUSAL_WORDS = (
    "unsupported",
    "not supported",
    "unrecognized",
    "unavailable",
    "invalid schema",
    "not allowed",
    "does not support",
)
_QUOTED_PARAM = re.compile(r"'([a-z_]+)'")
_CANDIDATES = ("max_tokens", "max_completion_tokens", "temperature", "reasoning_effort", "response_format")


def refused_parameter(*, code: str | None, param: str | None, message: str) -> str | None:
    """Which of our dialect parameters a 400 refuses, if that is what it says.

    OpenAI and Azure name it in `param` (code unsupported_parameter or
    unsupported_value); DeepSeek and the self-hosted servers only in the
    message ("This response_format type is unavailable now", "Unsupported
    parameter: 'max_tokens'"), so the message must say it refuses something
    and name the parameter. Anything else (a bad prompt, an unknown model, a
    context too long) is not ours to heal.
    """
    if code in _OTHER_CODES:
        return None
    lowered = message.lower()
    refuses = any(word in lowered for word in _REFUSAL_WORDS)
    name = (param or "").split(".")[0].split("[")[0]
    if name in _CANDIDATES and (code in ("unsupported_parameter", "unsupported_value") or refuses):
        return name
    if not refuses:
        return None
    quoted = [q for q in _QUOTED_PARAM.findall(message) if q in _CANDIDATES]
    if quoted:
        return quoted[0]
    named = [candidate for candidate in _CANDIDATES if candidate in lowered]
    return named[0] if len(named) == 1 else None


def healed_settings(settings: Mapping[str, Any], refused: str) -> dict[str, Any] | None:
    """The settings changed so the refused parameter is not sent again; None when nothing is left to try."""
    healed = dict(settings)
    if refused == "max_tokens" and settings["token_param"] == "max_tokens":
        healed["token_param"] = "max_completion_tokens"
    elif refused == "max_completion_tokens" and settings["token_param"] == "max_completion_tokens":
        healed["token_param"] = "max_tokens"
    elif refused == "temperature" and settings["send_temperature"]:
        healed["send_temperature"] = False
    elif refused == "reasoning_effort" and settings["reasoning_effort"]:
        healed["reasoning_effort"] = ""
    elif refused == "response_format" and settings["structured_output"] != "none":
        healed["structured_output"] = "json_object" if settings["structured_output"] == "json_schema" else "none"
    else:
        return None
    return healed


# --- Schemas ------------------------------------------------------------------------------------
def segments_schema(ids: list[str]) -> dict[str, Any]:
    """{"segments": {id: text}} with exactly these ids: strict mode needs every key listed and required."""
    return {
        "type": "object",
        "properties": {
            "segments": {
                "type": "object",
                "properties": {sid: {"type": "string"} for sid in ids},
                "required": list(ids),
                "additionalProperties": False,
            }
        },
        "required": ["segments"],
        "additionalProperties": False,
    }


def draft_schema(kinds: list[str], passage_ids: list[str] | None = None) -> dict[str, Any]:
    """The draft's shape; with passages, each segment's `citations` is a list of the sent ids (and only those)."""
    segment: dict[str, Any] = {
        "type": "object",
        "properties": {"kind": {"type": "string", "enum": list(kinds)}, "text": {"type": "string"}},
        "required": ["kind", "text"],
        "additionalProperties": False,
    }
    if passage_ids:
        # Strict mode needs every key required; an empty list says "no passage supports this".
        segment["properties"]["citations"] = {"type": "array", "items": {"type": "string", "enum": list(passage_ids)}}
        segment["required"] = ["kind", "text", "citations"]
    return {
        "type": "object",
        "properties": {"title": {"type": "string"}, "segments": {"type": "array", "items": segment}},
        "required": ["title", "segments"],
        "additionalProperties": False,
    }
