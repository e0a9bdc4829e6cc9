"""llm.call_model turns every failure of the call into the project's own exceptions, never openai's."""

import pytest

from tests.support.fake_llm import Step
from translations import llm

MESSAGES = [
    {"role": "system", "content": "PROMPT_VERSION: t\nTranslate."},
    {
        "role": "user",
        "content": '{"task":"translate","source_language":"en","target_language":"ms",'
        '"segments":{"s1":"i will send you an image"}}',
    },
]


def call(provider):
    return llm.call_model(provider, MESSAGES)


def test_a_good_reply_comes_back_with_its_usage(provider, model_server):
    result = call(provider)
    assert llm.parse_segments_reply(result.content, ["s1"], {"s1": "i will send you an image"}) == {
        "s1": "saya akan hantarkan imej kepada anda"
    }
    assert result.reported_model == "scripted-model-1" and result.tokens_in > 0 and result.tokens_out > 0


def test_a_rate_limit_is_retryable_no_sooner_than_retry_after(provider, model_server):
    model_server.script(Step.status(429, retry_after=2.5))
    with pytest.raises(llm.RetryableModelError, match="HTTP 429") as caught:
        call(provider)
    assert caught.value.retry_after == 2.5


@pytest.mark.parametrize(
    "step",
    [Step.status(500), Step.status(503), Step.disconnect(), Step.hang(2)],
    ids=["500", "503", "disconnect", "timeout"],
)
def test_server_errors_timeouts_and_dropped_connections_are_retryable(provider, model_server, step):
    provider.timeout_s = 1
    provider.save()
    model_server.script(step)
    with pytest.raises(llm.RetryableModelError) as caught:
        call(provider)
    assert caught.value.retry_after is None and str(caught.value)


@pytest.mark.parametrize("code", [400, 401, 403, 404, 422])
def test_client_errors_are_final(provider, model_server, code):
    model_server.script(Step.status(code))
    with pytest.raises(llm.FinalModelError, match=f"HTTP {code}"):
        call(provider)


def test_a_cut_off_reply_is_truncated_and_keeps_its_usage(provider, model_server):
    model_server.script(Step.truncated())
    with pytest.raises(llm.TruncatedReply) as caught:
        call(provider)
    assert caught.value.result.tokens_in > 0


@pytest.mark.parametrize(
    "content",
    [
        "Sure! Here is your translation.",
        '{"segments": [{"id": "s1", "text": "x"}]}',
        '{"segments": {"s2": "x"}}',
        '{"segments": {"s1": "x", "s1": "y"}}',
        '{"segments": {"s1": ""}}',
        '{"segments": {}, "note": "publish"}',
        '{"segments": {"s1": 7}}',
    ],
    ids=["prose", "list", "unknown-id", "repeated-id", "empty", "extra-key", "not-a-string"],
)
def test_a_reply_that_is_not_what_was_asked_is_malformed(content):
    with pytest.raises(llm.MalformedReply):
        llm.parse_segments_reply(content, ["s1"], {"s1": "i will send you an image"})


def test_a_fenced_reply_is_read():
    assert llm.parse_segments_reply('```json\n{"segments": {"s1": "ok"}}\n```', ["s1"], {"s1": "x"}) == {"s1": "ok"}


def test_no_openai_exception_leaves_the_module(provider, model_server):
    import openai

    for step in (Step.status(429), Step.status(500), Step.status(401), Step.disconnect(), Step.truncated()):
        model_server.script(step)
        with pytest.raises(llm.ModelError) as caught:
            call(provider)
        assert not isinstance(caught.value, openai.OpenAIError)
