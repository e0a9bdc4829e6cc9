"""The fake LLM's dialects, each driven through the real openai client (AzureOpenAI for "azure")."""

from __future__ import annotations

import http.client
import json
import math
import re
import signal
import subprocess
import sys

import openai
import pytest
from openai import AzureOpenAI, OpenAI

from tests.support.fake_llm import DIALECT_MODELS, DIALECTS, REASONING_MULTIPLIERS, FakeLLMServer, Step, main
from tests.support.fake_llm_data import DECOY_JSON
from tests.test_fake_llm import (
    BRIEF,
    DRAFT_PROMPT,
    IMAGE_EN,
    IMAGE_ZH,
    PROJECT_ROOT,
    SYMPTOMS,
    SYMPTOMS_EN,
    object_request,
)

# System prompts that do and do not mention JSON (the json_object rule looks for the word).
JSON_PROMPT = "PROMPT_VERSION: translate-v2\nTranslate English to Chinese. Reply with a JSON object."
SILENT_PROMPT = "PROMPT_VERSION: translate-v2\nTranslate English to Chinese."
DRAFT_JSON_PROMPT = DRAFT_PROMPT + "\nReply with a JSON object."
AZURE_API_VERSION = "2024-10-21"
THINKERS = ("vllm-think", "ollama-think")
LOCAL = ("vllm-think", "ollama-think", "llamacpp")

# What the application's protocol expects back for the request built by object_request().
TRANSLATION = {"segments": {"s1": SYMPTOMS["zh"], "s2": IMAGE_ZH}}

SEGMENTS_SCHEMA = {
    "type": "object",
    "properties": {
        "segments": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["segments"],
    "additionalProperties": False,
}


@pytest.fixture
def serve():
    """Start a server in a dialect; every server started is stopped at teardown."""
    started = []

    def start(dialect="plain", **options):
        server = FakeLLMServer(dialect=dialect, **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def client_for(server, **options):
    options = {"api_key": "test", "max_retries": 0, "timeout": 10, **options}
    if server.dialect == "azure":
        return AzureOpenAI(azure_endpoint=server.azure_endpoint, api_version=AZURE_API_VERSION, **options)
    return OpenAI(base_url=server.base_url, **options)


def chat(client, payload=None, *, system=JSON_PROMPT, model="gpt-test", messages=None, **params):
    if messages is None:
        payload = object_request(SYMPTOMS_EN, IMAGE_EN) if payload is None else payload
        user = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    return client.chat.completions.create(model=model, messages=messages, **params)


def refused(client, **kwargs):
    """The BadRequestError a request gets, with its parsed body."""
    with pytest.raises(openai.BadRequestError) as raised:
        chat(client, **kwargs)
    return raised.value, raised.value.response.json()


def accepted_params(dialect):
    """Sampling parameters the dialect takes (what the application sends, unless the endpoint refuses it)."""
    if dialect == "openai-reasoning":
        return {"max_completion_tokens": 4000}
    return {"max_tokens": 4000, "temperature": 0.2}


def protocol_json(dialect, content):
    """The application's JSON out of a reply, removing what the dialect wraps around it."""
    if dialect in THINKERS:
        assert content.startswith("<think>\n")
        thinking, separator, content = content.partition("\n</think>\n\n")
        assert separator and DECOY_JSON in thinking
    elif dialect == "ignores-response-format":
        prose, _, fenced = content.partition("\n\n")
        assert prose.startswith("Here is the") and prose.endswith(":")
        assert fenced.startswith("```json\n") and fenced.endswith("\n```")
        content = fenced[len("```json\n") : -len("\n```")]
    return json.loads(content)


def tokens(text):
    return math.ceil(len(text.encode("utf-8")) / 4)


def raw_request(server, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


# Every dialect


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_dialect_answers_translations_and_drafts_in_the_protocol_once_unwrapped(serve, dialect):
    server = serve(dialect)
    with client_for(server) as client:
        translation = chat(client, response_format={"type": "json_object"}, **accepted_params(dialect))
        draft = chat(
            client,
            {"task": "draft", "language": "en", "brief": BRIEF},
            system=DRAFT_JSON_PROMPT,
            **accepted_params(dialect),
        )

    assert protocol_json(dialect, translation.choices[0].message.content) == TRANSLATION
    leaflet = protocol_json(dialect, draft.choices[0].message.content)
    assert leaflet["title"] == "Dengue fever"
    assert [segment["kind"] for segment in leaflet["segments"]][-1] == "red_flag"
    assert translation.choices[0].finish_reason == "stop"
    assert translation.model == DIALECT_MODELS[dialect]
    assert server.requests[0].dialect == dialect


@pytest.mark.parametrize("dialect", DIALECTS)
def test_scripted_steps_work_in_every_dialect(serve, dialect):
    server = serve(dialect)
    server.script(Step.status(429, retry_after=1), Step.reply('{"segments": {}}'), Step.truncated(), Step.disconnect())
    with client_for(server) as client:
        with pytest.raises(openai.RateLimitError) as limited:
            chat(client, **accepted_params(dialect))
        verbatim = chat(client, **accepted_params(dialect))
        cut = chat(client, **accepted_params(dialect))
        with pytest.raises(openai.APIConnectionError):
            chat(client, **accepted_params(dialect))
        normal = chat(client, **accepted_params(dialect)).choices[0].message.content

    assert limited.value.response.headers["retry-after"] == "1"
    # Scripted content is sent as is: no think block, fence or prose around it.
    assert verbatim.choices[0].message.content == '{"segments": {}}'
    # Truncation cuts the dressed reply (think block and all) in half.
    assert cut.choices[0].finish_reason == "length"
    assert cut.choices[0].message.content == normal[: len(normal) // 2]


def test_the_dialect_is_plain_by_default_can_change_at_runtime_and_reset_restores_it(serve):
    server = serve()
    assert server.dialect == "plain" and server.model == "scripted-model-1"
    with client_for(server) as client:
        server.dialect = "openai-reasoning"
        assert server.model == "gpt-5-mini"
        with pytest.raises(openai.BadRequestError):
            chat(client, max_tokens=100)
        server.reset()
        assert server.dialect == "plain"
        assert chat(client, max_tokens=100).model == "scripted-model-1"

    deepseek = serve("deepseek-chat", model="my-deepseek")
    deepseek.dialect = "openai"
    deepseek.reset()
    assert (deepseek.dialect, deepseek.model) == ("deepseek-chat", "my-deepseek")


def test_an_unknown_dialect_is_refused():
    with pytest.raises(ValueError, match="unknown dialect"):
        FakeLLMServer(dialect="gpt-2")
    server = FakeLLMServer()
    with pytest.raises(ValueError):
        server.dialect = "openai-reasonning"
    with pytest.raises(SystemExit):
        main(["--dialect", "bogus"])


def test_requests_record_the_parameters_and_query_they_were_sent_with(serve):
    server = serve("openai")
    with client_for(server) as client:
        chat(client, max_tokens=4000, temperature=0.2, response_format={"type": "json_object"})

    (recorded,) = server.requests
    assert recorded.params == {
        "model": "gpt-test",
        "max_tokens": 4000,
        "temperature": 0.2,
        "response_format": {"type": "json_object"},
    }
    assert "max_completion_tokens" not in recorded.params
    assert (recorded.query, recorded.dialect) == ({}, "openai")


def test_status_steps_can_script_the_code_param_and_type(serve):
    server = serve("openai")
    server.script(
        Step.unsupported_parameter("max_tokens"),
        Step.status(400, message="Nope.", code_name=None, param="messages", error_type="invalid_request_error"),
        Step.unsupported_value("temperature", 0.2),
    )
    with client_for(server) as client:
        first, first_body = refused(client)
        second, _ = refused(client)
        third, _ = refused(client)

    assert first_body == {
        "error": {
            "message": "Unsupported parameter: 'max_tokens' is not supported with this model.",
            "type": "invalid_request_error",
            "param": "max_tokens",
            "code": "unsupported_parameter",
        }
    }
    assert (second.code, second.param, second.type) == (None, "messages", "invalid_request_error")
    assert "Nope." in second.message
    assert (third.code, third.param) == ("unsupported_value", "temperature")
    assert "does not support 0.2 with this model" in third.message


# openai-reasoning


def test_reasoning_models_refuse_max_tokens_exactly_as_the_hosted_api_does(serve):
    server = serve("openai-reasoning")
    with client_for(server) as client:
        error, body = refused(client, max_tokens=4000, temperature=0.2)

    # max_tokens is reported first, as for the application's current request.
    assert body == {
        "error": {
            "message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
            "Use 'max_completion_tokens' instead.",
            "type": "invalid_request_error",
            "param": "max_tokens",
            "code": "unsupported_parameter",
        }
    }
    assert (error.code, error.param) == ("unsupported_parameter", "max_tokens")
    assert server.pending_scripts == 0 and len(server.requests) == 1


@pytest.mark.parametrize(("temperature", "quoted"), [(0.2, "0.2"), (0, "0"), (0.0, "0.0"), (1.5, "1.5")])
def test_reasoning_models_refuse_any_temperature_but_1(serve, temperature, quoted):
    server = serve("openai-reasoning")
    with client_for(server) as client:
        _, body = refused(client, max_completion_tokens=4000, temperature=temperature)
        assert chat(client, max_completion_tokens=4000, temperature=1).choices[0].finish_reason == "stop"

    assert body == {
        "error": {
            "message": f"Unsupported value: 'temperature' does not support {quoted} with this model. "
            "Only the default (1) value is supported.",
            "type": "invalid_request_error",
            "param": "temperature",
            "code": "unsupported_value",
        }
    }


@pytest.mark.parametrize("effort", ["minimal", "low", "medium", "high", "none"])
def test_reasoning_tokens_are_a_fixed_multiple_of_the_answer_and_included_in_completion_tokens(serve, effort):
    server = serve("openai-reasoning")
    with client_for(server) as client:
        completion = chat(client, max_completion_tokens=4000, reasoning_effort=effort)

    content = completion.choices[0].message.content
    usage = completion.usage
    assert json.loads(content) == TRANSLATION  # no thinking in content
    assert usage.completion_tokens_details.reasoning_tokens == REASONING_MULTIPLIERS[effort] * tokens(content)
    assert usage.completion_tokens == tokens(content) + usage.completion_tokens_details.reasoning_tokens
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert usage.prompt_tokens_details.cached_tokens == 0
    assert server.requests[0].params["reasoning_effort"] == effort


def test_the_default_effort_reasons_four_times_the_answer(serve):
    server = serve("openai-reasoning")
    with client_for(server) as client:
        completion = chat(client)

    reasoning = completion.usage.completion_tokens_details.reasoning_tokens
    assert reasoning == 4 * tokens(completion.choices[0].message.content) > 0


def test_an_unknown_reasoning_effort_is_an_unsupported_value(serve):
    server = serve("openai-reasoning")
    with client_for(server) as client:
        error, body = refused(client, reasoning_effort="extreme")

    assert (error.code, error.param) == ("unsupported_value", "reasoning_effort")
    assert body["error"]["message"] == (
        "Unsupported value: 'reasoning_effort' does not support 'extreme' with this model. "
        "Supported values are: 'minimal', 'low', 'medium', 'high', and 'none'."
    )


def test_reasoning_counts_against_max_completion_tokens(serve):
    server = serve("openai-reasoning")
    with client_for(server) as client:
        full = chat(client, max_completion_tokens=4000)
        answer_tokens = tokens(full.choices[0].message.content)
        starved = chat(client, max_completion_tokens=4 * answer_tokens)
        short = chat(client, max_completion_tokens=4 * answer_tokens + answer_tokens // 2)

    # The reasoning used the whole budget: an empty answer cut off by the limit.
    assert (starved.choices[0].message.content, starved.choices[0].finish_reason) == ("", "length")
    assert starved.usage.completion_tokens == starved.usage.completion_tokens_details.reasoning_tokens
    assert short.choices[0].finish_reason == "length"
    assert full.choices[0].message.content.startswith(short.choices[0].message.content)
    assert 0 < len(short.choices[0].message.content) < len(full.choices[0].message.content)


def test_reasoning_models_validate_response_format_like_the_other_openai_models(serve):
    server = serve("openai-reasoning")
    with client_for(server) as client:
        _, json_word = refused(client, system=SILENT_PROMPT, response_format={"type": "json_object"})
        loose = {
            "type": "json_schema",
            "json_schema": {"name": "reply", "strict": True, "schema": {"type": "object", "properties": {}}},
        }
        _, strict = refused(client, response_format=loose)

    assert json_word["error"]["param"] == "messages"
    assert strict["error"]["message"].startswith("Invalid schema for response_format 'reply': In context=()")


# openai


def test_openai_accepts_max_tokens_max_completion_tokens_and_temperature(serve):
    server = serve("openai")
    with client_for(server) as client:
        old = chat(client, max_tokens=4000, temperature=0.2)
        new = chat(client, max_completion_tokens=4000, temperature=0)

    for completion in (old, new):
        assert json.loads(completion.choices[0].message.content) == TRANSLATION
        assert completion.usage.completion_tokens_details.reasoning_tokens == 0
        assert completion.usage.completion_tokens == tokens(completion.choices[0].message.content)
        assert completion.usage.prompt_tokens_details.cached_tokens == 0
    assert old.model == "gpt-4.1"


def test_openai_refuses_reasoning_effort_and_out_of_range_temperatures(serve):
    server = serve("openai")
    with client_for(server) as client:
        effort, _ = refused(client, reasoning_effort="low")
        _, hot = refused(client, temperature=3)

    assert (effort.code, effort.param) == ("unsupported_parameter", "reasoning_effort")
    assert hot["error"] == {
        "message": "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
        "type": "invalid_request_error",
        "param": "temperature",
        "code": "decimal_above_max_value",
    }


def test_json_mode_needs_the_word_json_somewhere_in_the_messages(serve):
    server = serve("openai")
    json_object = {"type": "json_object"}
    with client_for(server) as client:
        error, body = refused(client, system=SILENT_PROMPT, response_format=json_object)
        in_capitals = chat(
            client, system=SILENT_PROMPT.replace("Chinese.", "Chinese as JSON."), response_format=json_object
        )
        # Any message counts, including text parts of an earlier user message.
        in_an_earlier_message = chat(
            client,
            response_format=json_object,
            messages=[
                {"role": "system", "content": SILENT_PROMPT},
                {"role": "user", "content": [{"type": "text", "text": "Answer in Json, please."}]},
                {"role": "user", "content": json.dumps(object_request(SYMPTOMS_EN, IMAGE_EN))},
            ],
        )
        plain_text = chat(client, system=SILENT_PROMPT, response_format={"type": "text"})

    assert body == {
        "error": {
            "message": "'messages' must contain the word 'json' in some form, to use 'response_format' of type "
            "'json_object'.",
            "type": "invalid_request_error",
            "param": "messages",
            "code": None,
        }
    }
    assert error.code is None
    # A user message that is itself JSON text does not count: the word has to be there.
    assert json.loads(in_capitals.choices[0].message.content) == TRANSLATION
    assert json.loads(in_an_earlier_message.choices[0].message.content) == TRANSLATION
    assert json.loads(plain_text.choices[0].message.content) == TRANSLATION


def schema_format(schema, name="translation", strict=True):
    return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": strict}}


def test_a_strict_schema_that_follows_the_rules_is_accepted(serve):
    server = serve("openai")
    with client_for(server) as client:
        completion = chat(client, system=SILENT_PROMPT, response_format=schema_format(SEGMENTS_SCHEMA))

    # json_schema has no "json" word rule.
    assert json.loads(completion.choices[0].message.content) == TRANSLATION


def without(schema, *path_and_key):
    """A deep copy of ``schema`` with one key removed at the given path."""
    copy = json.loads(json.dumps(schema))
    node = copy
    for step in path_and_key[:-1]:
        node = node[step]
    del node[path_and_key[-1]]
    return copy


@pytest.mark.parametrize(
    ("schema", "problem"),
    [
        (
            without(SEGMENTS_SCHEMA, "additionalProperties"),
            "In context=(), 'additionalProperties' is required to be supplied and to be false.",
        ),
        (
            without(SEGMENTS_SCHEMA, "properties", "segments", "items", "additionalProperties"),
            "In context=('properties', 'segments', 'items'), 'additionalProperties' is required to be supplied "
            "and to be false.",
        ),
        (
            {**SEGMENTS_SCHEMA, "required": []},
            "In context=(), 'required' is required to be supplied and to be an array including every key in "
            "properties. Missing 'segments'.",
        ),
        (
            without(SEGMENTS_SCHEMA, "properties", "segments", "items", "required"),
            "In context=('properties', 'segments', 'items'), 'required' is required to be supplied and to be an "
            "array including every key in properties. Missing 'id'.",
        ),
        (
            without(SEGMENTS_SCHEMA, "properties", "segments", "items"),
            "In context=('properties', 'segments'), array schema missing items.",
        ),
        (
            {"type": "array", "items": {"type": "string"}},
            "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"array\"'.",
        ),
        # The application's id -> text object cannot be expressed in strict mode.
        (
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["segments"],
                "properties": {"segments": {"type": "object", "additionalProperties": {"type": "string"}}},
            },
            "In context=('properties', 'segments'), 'additionalProperties' is required to be supplied and to be false.",
        ),
    ],
    ids=[
        "root-additional",
        "nested-additional",
        "root-required",
        "nested-required",
        "array-items",
        "root-array",
        "dynamic-keys",
    ],
)
def test_strict_schemas_are_validated_as_structured_outputs_does(serve, schema, problem):
    server = serve("openai")
    with client_for(server) as client:
        error, body = refused(client, response_format=schema_format(schema))
        # Without strict the same schema is only a hint, and accepted.
        assert chat(client, response_format=schema_format(schema, strict=False)).choices[0].finish_reason == "stop"

    assert body == {
        "error": {
            "message": f"Invalid schema for response_format 'translation': {problem}",
            "type": "invalid_request_error",
            "param": "response_format",
            "code": None,
        }
    }
    assert error.param == "response_format"


@pytest.mark.parametrize(
    ("name", "code", "fragment"),
    [
        (
            "segment reply",
            "invalid_value",
            "string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
        ),
        (
            "x" * 65,
            "string_above_max_length",
            "string too long. Expected a string with maximum length 64, but got a string with length 65 instead.",
        ),
    ],
)
def test_a_schema_name_must_match_the_documented_pattern(serve, name, code, fragment):
    server = serve("openai")
    with client_for(server) as client:
        error, body = refused(client, response_format=schema_format(SEGMENTS_SCHEMA, name=name))
        assert chat(client, response_format=schema_format(SEGMENTS_SCHEMA, name="x" * 64)) is not None

    assert body["error"]["message"] == f"Invalid 'response_format.json_schema.name': {fragment}"
    assert (error.code, error.param) == (code, "response_format.json_schema.name")


def test_an_unknown_response_format_type_is_an_invalid_value(serve):
    server = serve("openai")
    with client_for(server) as client:
        error, body = refused(client, response_format={"type": "xml"})

    assert (error.code, error.param) == ("invalid_value", "response_format.type")
    assert body["error"]["message"].startswith("Invalid value: 'xml'.")


# deepseek-chat


def test_deepseek_chat_reports_cache_hits_and_misses_and_takes_max_tokens_and_temperature(serve):
    server = serve("deepseek-chat")
    with client_for(server) as client:
        completion = chat(client, max_tokens=4000, temperature=0.2)

    usage = completion.usage
    assert json.loads(completion.choices[0].message.content) == TRANSLATION
    assert (usage.prompt_cache_hit_tokens, usage.prompt_cache_miss_tokens) == (0, usage.prompt_tokens)
    assert usage.completion_tokens == tokens(completion.choices[0].message.content)
    assert getattr(completion.choices[0].message, "reasoning_content", None) is None
    assert completion.model == "deepseek-chat"


def test_deepseek_json_output_needs_the_word_json_in_the_prompt(serve):
    server = serve("deepseek-chat")
    with client_for(server) as client:
        error, body = refused(client, system=SILENT_PROMPT, response_format={"type": "json_object"})
        with_word = chat(client, response_format={"type": "json_object"})
        as_text = chat(client, system=SILENT_PROMPT, response_format={"type": "text"})

    assert body == {
        "error": {
            "message": "Prompt must contain the word 'json' in some form to use 'response_format' of type "
            "'json_object'.",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_request_error",
        }
    }
    assert error.code == "invalid_request_error"
    assert json.loads(with_word.choices[0].message.content) == TRANSLATION
    assert json.loads(as_text.choices[0].message.content) == TRANSLATION


@pytest.mark.parametrize("dialect", ["deepseek-chat", "deepseek-reasoner"])
def test_deepseek_refuses_json_schema(serve, dialect):
    server = serve(dialect)
    with client_for(server) as client:
        _, body = refused(client, response_format=schema_format(SEGMENTS_SCHEMA))

    assert body == {
        "error": {
            "message": "This response_format type is unavailable now",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_request_error",
        }
    }


def test_deepseek_also_answers_without_the_v1_prefix_and_lists_both_models(serve):
    server = serve("deepseek-chat")
    with OpenAI(base_url=server.azure_endpoint, api_key="test", max_retries=0, timeout=10) as client:
        completion = chat(client)
        models = client.models.list()

    assert json.loads(completion.choices[0].message.content) == TRANSLATION
    assert server.requests[0].path == "/chat/completions"
    assert [(model.id, model.owned_by) for model in models] == [
        ("deepseek-chat", "deepseek"),
        ("deepseek-reasoner", "deepseek"),
    ]


# deepseek-reasoner


def test_deepseek_reasoner_puts_thinking_with_a_decoy_beside_clean_content(serve):
    server = serve("deepseek-reasoner")
    with client_for(server) as client:
        completion = chat(client, max_tokens=4000)

    message = completion.choices[0].message
    assert json.loads(message.content) == TRANSLATION
    assert DECOY_JSON in message.reasoning_content and "2 segment(s)" in message.reasoning_content
    # A client that scrapes JSON out of the thinking gets the wrong object.
    scraped = json.loads(re.search(r"\{.*?\}", message.reasoning_content).group(0))
    assert scraped == {"segments": "not this"}
    usage = completion.usage
    assert usage.completion_tokens_details.reasoning_tokens == tokens(message.reasoning_content)
    assert usage.completion_tokens == tokens(message.content) + tokens(message.reasoning_content)
    assert (usage.prompt_cache_hit_tokens, usage.prompt_cache_miss_tokens) == (0, usage.prompt_tokens)


def test_deepseek_reasoner_accepts_and_ignores_temperature_and_top_p(serve):
    server = serve("deepseek-reasoner")
    with client_for(server) as client:
        default = chat(client)
        tuned = chat(client, temperature=0.2, top_p=0.5)

    assert tuned.choices[0].message.content == default.choices[0].message.content
    assert server.requests[1].params["top_p"] == 0.5


@pytest.mark.parametrize("params", [{"logprobs": True}, {"logprobs": False}, {"top_logprobs": 2}])
def test_deepseek_reasoner_refuses_logprobs(serve, params):
    server = serve("deepseek-reasoner")
    with client_for(server) as client:
        error, body = refused(client, **params)

    assert error.code == "invalid_request_error"
    assert body["error"]["type"] == "invalid_request_error"


def test_deepseek_reasoner_keeps_the_json_word_rule(serve):
    server = serve("deepseek-reasoner")
    with client_for(server) as client:
        refused(client, system=SILENT_PROMPT, response_format={"type": "json_object"})
        assert (
            json.loads(chat(client, response_format={"type": "json_object"}).choices[0].message.content) == TRANSLATION
        )


# vllm-think and ollama-think


@pytest.mark.parametrize("dialect", THINKERS)
def test_think_models_put_a_think_block_with_a_decoy_before_the_json(serve, dialect):
    server = serve(dialect)
    with client_for(server) as client:
        completion = chat(client, max_tokens=4000, temperature=0.2)

    content = completion.choices[0].message.content
    assert re.match(r"<think>\n[^<]*\{\"segments\": \"not this\"\}[^<]*\n</think>\n\n\{", content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(content)
    assert protocol_json(dialect, content) == TRANSLATION
    assert completion.usage.completion_tokens == tokens(content)


@pytest.mark.parametrize("dialect", THINKERS)
@pytest.mark.parametrize(
    "response_format",
    [
        {"type": "json_object"},
        # Guided decoding takes any schema, including the application's id -> text object.
        schema_format(
            {
                "type": "object",
                "properties": {"segments": {"type": "object", "additionalProperties": {"type": "string"}}},
            }
        ),
        schema_format(SEGMENTS_SCHEMA),
    ],
    ids=["json_object", "dynamic-keys", "strict"],
)
def test_think_models_accept_json_object_and_any_json_schema(serve, dialect, response_format):
    server = serve(dialect)
    with client_for(server) as client:
        # No "json" word rule either.
        completion = chat(client, system=SILENT_PROMPT, response_format=response_format, max_tokens=4000)

    assert protocol_json(dialect, completion.choices[0].message.content) == TRANSLATION


def test_ollama_usage_has_no_completion_details_and_its_models_are_owned_by_library(serve):
    server = serve("ollama-think")
    with client_for(server) as client:
        completion = chat(client)
        (model,) = client.models.list()

    assert completion.usage.completion_tokens_details is None
    assert completion.usage.model_dump(exclude_none=True).keys() == {
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
    }
    assert (completion.model, model.id, model.owned_by) == ("deepseek-r1:7b", "deepseek-r1:7b", "library")


def test_vllm_lists_its_model_with_max_model_len_and_answers_errors_in_its_own_shape(serve):
    server = serve("vllm-think")
    server.script(Step.status(503, message="The engine is busy."))
    with client_for(server) as client:
        (model,) = client.models.list()
        with pytest.raises(openai.InternalServerError) as busy:
            chat(client)
        error, body = refused(client, response_format={"type": "xml"})

    assert (model.id, model.owned_by, model.max_model_len) == ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "vllm", 32768)
    assert busy.value.response.json() == {
        "object": "error",
        "message": "The engine is busy.",
        "type": "ServiceUnavailable",
        "param": None,
        "code": 503,
    }
    assert body["object"] == "error" and body["type"] == "BadRequestError" and body["code"] == 400
    assert error.code == "400"


@pytest.mark.parametrize("dialect", LOCAL)
def test_local_servers_need_no_api_key(serve, dialect):
    server = serve(dialect)

    status, listing = raw_request(server, "GET", "/v1/models")

    assert status == 200 and listing["data"][0]["id"] == DIALECT_MODELS[dialect]


# llamacpp


def test_llamacpp_reports_its_loaded_file_whatever_model_was_asked_for(serve):
    server = serve("llamacpp")
    with client_for(server) as client:
        completion = chat(
            client, model="gpt-4o", max_tokens=4000, temperature=0.2, response_format=schema_format(SEGMENTS_SCHEMA)
        )
        (model,) = client.models.list()

    assert completion.model == "qwen2.5-7b-instruct-q4_k_m.gguf"
    assert (model.id, model.owned_by) == ("qwen2.5-7b-instruct-q4_k_m.gguf", "llamacpp")
    assert json.loads(completion.choices[0].message.content) == TRANSLATION
    assert completion.timings["predicted_n"] == completion.usage.completion_tokens

    other = serve("llamacpp", model="mistral-7b-instruct-v0.2.Q4_K_M.gguf")
    with client_for(other) as client:
        assert chat(client, response_format={"type": "json_object"}).model == "mistral-7b-instruct-v0.2.Q4_K_M.gguf"


def test_llamacpp_errors_have_its_shape(serve):
    server = serve("llamacpp")
    server.script(Step.status(500, message="failed to decode"))
    with client_for(server) as client:
        with pytest.raises(openai.InternalServerError) as failed:
            chat(client)

    assert failed.value.response.json() == {
        "error": {"code": 500, "message": "failed to decode", "type": "server_error"}
    }


# ignores-response-format


def test_a_chatty_endpoint_ignores_response_format_and_fences_its_json_after_prose(serve):
    server = serve("ignores-response-format")
    with client_for(server) as client:
        completion = chat(
            client,
            system=SILENT_PROMPT,
            max_tokens=4000,
            reasoning_effort="bogus",
            response_format=schema_format({"type": "array"}),
        )

    content = completion.choices[0].message.content
    assert content.startswith("Here is the translation:\n\n```json\n{")
    assert content.endswith("}\n```")
    assert protocol_json("ignores-response-format", content) == TRANSLATION
    with pytest.raises(json.JSONDecodeError):
        json.loads(content)


# azure


def test_azure_serves_deployments_with_an_api_version_and_reports_the_model_not_the_deployment(serve):
    server = serve("azure")
    with AzureOpenAI(
        azure_endpoint=server.azure_endpoint,
        azure_deployment="translator-prod",
        api_version="2025-01-01-preview",
        api_key="secret",
        max_retries=0,
        timeout=10,
    ) as client:
        completion = chat(client, max_tokens=4000, temperature=0.2)

    (recorded,) = server.requests
    assert recorded.path.startswith("/openai/deployments/translator-prod/chat/completions?")
    assert recorded.query == {"api-version": "2025-01-01-preview"}
    assert recorded.headers["api-key"] == "secret"
    assert completion.model == "gpt-4.1"
    assert json.loads(completion.choices[0].message.content) == TRANSLATION
    assert completion.choices[0].content_filter_results["hate"] == {"filtered": False, "severity": "safe"}
    assert completion.prompt_filter_results[0]["prompt_index"] == 0


def test_azure_refuses_a_request_without_an_api_version(serve):
    server = serve("azure")
    base_url = f"{server.azure_endpoint}/openai/deployments/translator-prod"
    with OpenAI(base_url=base_url, api_key="secret", max_retries=0, timeout=10) as client:
        error, body = refused(client)

    assert body == {"error": {"code": "BadRequest", "message": "Missing required query parameter: api-version"}}
    assert error.code == "BadRequest"


def test_azure_refuses_a_malformed_api_version(serve):
    server = serve("azure")
    with AzureOpenAI(
        azure_endpoint=server.azure_endpoint, api_version="latest", api_key="secret", max_retries=0, timeout=10
    ) as client:
        _, body = refused(client)

    assert body["error"]["code"] == "BadRequest"


def test_azure_needs_an_api_key_header_or_a_bearer_token(serve):
    server = serve("azure")
    path = f"/openai/deployments/d/chat/completions?api-version={AZURE_API_VERSION}"
    body = json.dumps({"model": "d", "messages": [{"role": "user", "content": "hi"}]})

    status, answer = raw_request(server, "POST", path, body, {"Content-Type": "application/json"})
    with AzureOpenAI(
        azure_endpoint=server.azure_endpoint,
        api_version=AZURE_API_VERSION,
        azure_ad_token="token",
        max_retries=0,
        timeout=10,
    ) as client:
        with_token = chat(client)

    assert status == 401
    assert answer["error"]["code"] == "401"
    assert answer["error"]["message"].startswith("Access denied due to invalid subscription key")
    assert server.requests[-1].headers["authorization"] == "Bearer token"
    assert json.loads(with_token.choices[0].message.content) == TRANSLATION


def test_azure_serves_the_v1_route_without_an_api_version_but_not_the_openai_path(serve):
    server = serve("azure")
    with OpenAI(base_url=server.azure_v1_base_url, api_key="secret", max_retries=0, timeout=10) as client:
        completion = chat(client, max_tokens=4000)
    with OpenAI(base_url=server.base_url, api_key="secret", max_retries=0, timeout=10) as misconfigured:
        with pytest.raises(openai.NotFoundError) as missing:
            chat(misconfigured)

    assert server.requests[0].path == "/openai/v1/chat/completions"
    assert json.loads(completion.choices[0].message.content) == TRANSLATION
    assert missing.value.response.json() == {"error": {"code": "404", "message": "Resource not found"}}


def test_azure_serving_a_reasoning_model_behaves_as_openai_reasoning(serve):
    server = serve("azure", model="gpt-5-mini")
    with client_for(server) as client:
        error, _ = refused(client, max_tokens=4000)
        completion = chat(client, max_completion_tokens=4000, reasoning_effort="low")

    assert (error.code, error.param) == ("unsupported_parameter", "max_tokens")
    content = completion.choices[0].message.content
    assert completion.usage.completion_tokens_details.reasoning_tokens == 2 * tokens(content)
    assert completion.model == "gpt-5-mini"


def test_azure_keeps_the_json_word_rule_and_strict_schemas(serve):
    server = serve("azure")
    with client_for(server) as client:
        _, json_word = refused(client, system=SILENT_PROMPT, response_format={"type": "json_object"})
        _, strict = refused(client, response_format=schema_format({"type": "object", "properties": {}}))

    assert json_word["error"]["param"] == "messages"
    assert strict["error"]["param"] == "response_format"


# Command line


def test_the_command_line_server_takes_a_dialect():
    command = [sys.executable, "-m", "tests.support.fake_llm", "--port", "0", "--dialect", "azure", "--model", "gpt-5"]
    with subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            endpoint = process.stdout.readline().strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+", endpoint)
            with AzureOpenAI(
                azure_endpoint=endpoint, api_version=AZURE_API_VERSION, api_key="k", max_retries=0, timeout=10
            ) as client:
                with pytest.raises(openai.BadRequestError):
                    chat(client, max_tokens=10)
                assert chat(client, max_completion_tokens=4000).model == "gpt-5"
            process.send_signal(signal.SIGTERM)
            _, errors = process.communicate(timeout=10)
            assert process.returncode == 0, errors
            assert "dialect 'azure'" in errors
        finally:
            if process.poll() is None:
                process.kill()
