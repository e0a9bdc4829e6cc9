"""The dialect rules on their own: defaults per family, the arguments sent, thinking removed, what heals what."""

import pytest

from translations.dialects import (
    UnfinishedThinking,
    completion_arguments,
    default_settings,
    healed_settings,
    is_openai_reasoning_model,
    refused_parameter,
    segments_schema,
    settings_errors,
    without_thinking,
)


@pytest.mark.parametrize(
    "model", ["gpt-5", "gpt-5-mini", "gpt-5.1", "gpt-5-nano-2025-08-07", "o1", "o3-mini", "o4-mini"]
)
def test_openai_reasoning_models_are_recognised(model):
    assert is_openai_reasoning_model(model)


@pytest.mark.parametrize("model", ["gpt-4.1", "gpt-4o-mini", "gpt-5-chat-latest", "deepseek-reasoner", "omni-x"])
def test_other_models_are_not_openai_reasoning_models(model):
    assert not is_openai_reasoning_model(model)


def test_a_reasoning_model_gets_max_completion_tokens_and_no_temperature():
    settings = default_settings("openai", "gpt-5-mini")
    arguments = completion_arguments(
        settings=settings, max_tokens=800, temperature=0.2, schema=segments_schema(["s1"]), schema_name="segments"
    )
    assert arguments["max_completion_tokens"] == 800
    assert "max_tokens" not in arguments and "temperature" not in arguments
    assert arguments["response_format"]["type"] == "json_schema"
    assert arguments["response_format"]["json_schema"]["strict"] is True


def test_deepseek_is_asked_for_a_json_object_not_a_schema():
    arguments = completion_arguments(
        settings=default_settings("deepseek", "deepseek-chat"),
        max_tokens=800,
        temperature=0.2,
        schema=segments_schema(["s1"]),
        schema_name="segments",
    )
    assert arguments == {"max_tokens": 800, "temperature": 0.2, "response_format": {"type": "json_object"}}


def test_an_unknown_endpoint_gets_the_oldest_form_and_no_response_format():
    arguments = completion_arguments(
        settings=default_settings("generic", "whatever"), max_tokens=10, temperature=0.3, schema=None, schema_name=""
    )
    assert arguments == {"max_tokens": 10, "temperature": 0.3}


def test_the_segments_schema_lists_and_requires_exactly_the_ids_sent():
    schema = segments_schema(["s1", "s2"])
    inner = schema["properties"]["segments"]
    assert set(inner["properties"]) == {"s1", "s2"} and inner["required"] == ["s1", "s2"]
    assert inner["additionalProperties"] is False and schema["additionalProperties"] is False


def test_inline_thinking_is_removed_with_its_decoy_json():
    content = '<think>\nThe user wants {"segments": "not this"}. Fine.\n</think>\n\n{"segments": {"s1": "Minum air."}}'
    assert without_thinking(content) == '{"segments": {"s1": "Minum air."}}'


def test_thinking_whose_opening_tag_the_template_swallowed_is_removed_too():
    assert without_thinking('Let me think {"a": 1}.\n</think>\n{"segments": {}}') == '{"segments": {}}'


def test_thinking_that_never_ends_leaves_no_answer():
    with pytest.raises(UnfinishedThinking):
        without_thinking('<think>I should translate {"segments"')


def test_the_openai_refusal_of_max_tokens_heals_to_max_completion_tokens():
    refused = refused_parameter(
        code="unsupported_parameter",
        param="max_tokens",
        message="Unsupported parameter: 'max_tokens' is not supported with this model. "
        "Use 'max_completion_tokens' instead.",
    )
    assert refused == "max_tokens"
    healed = healed_settings(default_settings("generic", "gpt-5"), refused)
    assert healed is not None and healed["token_param"] == "max_completion_tokens"


def test_a_refused_temperature_is_no_longer_sent():
    refused = refused_parameter(
        code="unsupported_value",
        param="temperature",
        message="Unsupported value: 'temperature' does not support 0.2 with this model.",
    )
    healed = healed_settings(default_settings("openai", "gpt-4.1"), refused)
    assert healed is not None and healed["send_temperature"] is False


def test_a_server_that_names_the_parameter_only_in_its_message_is_understood():
    assert (
        refused_parameter(code=None, param=None, message="Unsupported parameter: 'max_completion_tokens'")
        == "max_completion_tokens"
    )


def test_a_refused_schema_steps_down_to_json_object_then_to_nothing():
    settings = default_settings("vllm", "qwen")
    once = healed_settings(settings, "response_format")
    assert once is not None and once["structured_output"] == "json_object"
    twice = healed_settings(once, "response_format")
    assert twice is not None and twice["structured_output"] == "none"
    assert healed_settings(twice, "response_format") is None


def test_other_400s_are_not_healed():
    assert refused_parameter(code="invalid_api_key", param=None, message="Incorrect API key provided.") is None
    assert refused_parameter(code=None, param="messages", message="'messages' must be a non-empty array") is None
    assert (
        refused_parameter(
            code="context_length_exceeded",
            param="messages",
            message="This model's maximum context length is 8192 tokens.",
        )
        is None
    )


def test_a_setting_already_off_cannot_be_healed_again():
    settings = {**default_settings("openai", "gpt-5"), "send_temperature": False}
    assert healed_settings(settings, "temperature") is None


def test_bad_settings_are_named():
    errors = settings_errors(
        {
            "family": "bard",
            "token_param": "max_length",
            "structured_output": "xml",
            "reasoning_effort": "extreme",
            "send_temperature": "yes",
        }
    )
    assert set(errors) == {"family", "token_param", "structured_output", "reasoning_effort", "send_temperature"}
