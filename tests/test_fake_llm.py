"""The scripted fake LLM, exercised through the real openai client as the application uses it."""

from __future__ import annotations

import http.client
import json
import math
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import openai
import pytest
from openai import OpenAI

from tests.support.fake_llm import FakeLLMServer, Step

PROJECT_ROOT = Path(__file__).resolve().parents[1]

SYMPTOMS_EN = "about how long have these symptoms been going on?"
SYMPTOMS = {
    "zh": "这些症状已持续多长时间？",
    "ms": "agak-agak sudah berapa lamakah simptom ini berterusan?",
    "ta": "இந்த அறிகுறிகள் எவ்வளவு காலமாக இருந்து வருகின்றன?",
}
IMAGE_EN = "i will send you an image"
IMAGE_ZH = "我会发给您一张图像"

TRANSLATE_PROMPT = "You translate patient leaflets faithfully.\nPROMPT_VERSION: translate-v1"
BACK_TRANSLATE_PROMPT = "You translate patient leaflets back into English.\nPROMPT_VERSION: back-translate-v1"
DRAFT_PROMPT = "You draft patient leaflets in plain language.\nPROMPT_VERSION: draft-v1"

BRIEF = {
    "topic": "Dengue fever",
    "audience": "Adults caring for a family member at home",
    "key_messages": ["dengue spreads through mosquito bites", "Most people recover in a week"],
    "actions": ["Drink plenty of fluids", "take paracetamol for fever, not ibuprofen"],
    "seek_help": "see a doctor if you have severe stomach pain or bleeding gums",
    "emergency_contacts": "995",
    "reading_level": "primary 6",
}


@pytest.fixture
def server():
    with FakeLLMServer() as running:
        yield running


@pytest.fixture
def client(server):
    with OpenAI(base_url=server.base_url, api_key="test", max_retries=0, timeout=10) as openai_client:
        yield openai_client


def ask(client, payload, *, system=TRANSLATE_PROMPT, **options):
    user = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return client.chat.completions.create(
        model="gpt-test",
        messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
        **options,
    )


def translate_request(*texts, target="zh", source="en"):
    return {
        "task": "translate",
        "source_language": source,
        "target_language": target,
        "glossary": [{"source": "fever", "target": "发烧"}],
        "segments": [{"id": f"s{number}", "text": text} for number, text in enumerate(texts, start=1)],
    }


def draft_request(brief=BRIEF):
    return {"task": "draft", "language": "en", "brief": brief}


def reply_json(completion):
    return json.loads(completion.choices[0].message.content)


def translated_texts(completion):
    return [segment["text"] for segment in reply_json(completion)["segments"]]


# Normal behaviour


@pytest.mark.parametrize("language", ["zh", "ms", "ta"])
def test_a_tico_sentence_translates_to_its_reference_translation(client, language):
    completion = ask(client, translate_request(SYMPTOMS_EN, target=language))

    assert translated_texts(completion) == [SYMPTOMS[language]]
    assert completion.choices[0].finish_reason == "stop"


def test_lookup_ignores_extra_whitespace_and_letter_case(client):
    completion = ask(client, translate_request("  About how LONG have these\n symptoms been going on? "))

    assert translated_texts(completion) == [SYMPTOMS["zh"]]


def test_an_unknown_sentence_comes_back_marked_with_the_target_language(client):
    completion = ask(client, translate_request("Wash your hands before meals.", target="ta"))

    assert translated_texts(completion) == ["[ta] Wash your hands before meals."]


def test_every_segment_id_is_answered_once_in_request_order(client):
    completion = ask(client, translate_request(IMAGE_EN, "Unknown sentence.", SYMPTOMS_EN))

    assert reply_json(completion) == {
        "segments": [
            {"id": "s1", "text": IMAGE_ZH},
            {"id": "s2", "text": "[zh] Unknown sentence."},
            {"id": "s3", "text": SYMPTOMS["zh"]},
        ]
    }


def object_request(*texts, target="zh", source="en", task="translate"):
    """The application's form: segments as an object of id -> text."""
    return {
        "task": task,
        "source_language": source,
        "target_language": target,
        "segments": {f"s{number}": text for number, text in enumerate(texts, start=1)},
    }


def test_segments_sent_as_an_object_come_back_as_an_object(client):
    completion = ask(client, object_request(IMAGE_EN, "Unknown sentence.", SYMPTOMS_EN))

    assert reply_json(completion) == {
        "segments": {"s1": IMAGE_ZH, "s2": "[zh] Unknown sentence.", "s3": SYMPTOMS["zh"]}
    }


def test_segments_as_an_object_back_translate_to_the_english_reference(client):
    completion = ask(
        client,
        object_request(SYMPTOMS["ta"], source="ta", target="en", task="back_translate"),
        system=BACK_TRANSLATE_PROMPT,
    )

    assert reply_json(completion) == {"segments": {"s1": SYMPTOMS_EN}}


def test_the_compact_form_takes_its_task_from_the_prompt_version_and_its_languages_from_from_and_to(server, client):
    ask(
        client,
        {"from": "en", "to": "ms", "segments": {"s1": SYMPTOMS_EN}},
        system="PROMPT_VERSION: translate-v2\nTranslate English to Malay.",
    )
    back = ask(
        client,
        {"from": "ta", "to": "en", "segments": {"s1": SYMPTOMS["ta"]}},
        system="PROMPT_VERSION: back-translate-v2\nTranslate Tamil to English literally.",
    )

    assert [(r.task, r.prompt_version) for r in server.requests] == [
        ("translate", "translate-v2"),
        ("back_translate", "back-translate-v2"),
    ]
    assert reply_json(back) == {"segments": {"s1": SYMPTOMS_EN}}


def test_wrong_segment_sets_in_the_object_form(server, client):
    server.script(Step.drop_segment(), Step.extra_segment(), Step.duplicate_segment())

    dropped, extra, duplicate = (ask(client, object_request(SYMPTOMS_EN, IMAGE_EN)) for _ in range(3))

    assert reply_json(dropped) == {"segments": {"s1": SYMPTOMS["zh"]}}
    assert list(reply_json(extra)["segments"])[:2] == ["s1", "s2"] and len(reply_json(extra)["segments"]) == 3
    # An object cannot hold a key twice; the reply's text does.
    pairs = json.loads(duplicate.choices[0].message.content, object_pairs_hook=list)[0][1]
    assert [key for key, _text in pairs] == ["s1", "s1", "s2"]


def test_object_form_batches_above_the_segment_limit_are_cut_off(server, client):
    server.truncate_above_segments = 1

    completion = ask(client, object_request(SYMPTOMS_EN, IMAGE_EN))

    assert completion.choices[0].finish_reason == "length"


def test_back_translation_returns_the_english_reference(client):
    payload = {
        "task": "back_translate",
        "source_language": "ta",
        "target_language": "en",
        "segments": [{"id": "s1", "text": SYMPTOMS["ta"]}, {"id": "s2", "text": "புதிய வாக்கியம்"}],
    }

    completion = ask(client, payload, system=BACK_TRANSLATE_PROMPT)

    assert translated_texts(completion) == [SYMPTOMS_EN, "[en] புதிய வாக்கியம்"]


def test_a_registered_translation_takes_precedence_over_tico(server, client):
    server.add_translation(SYMPTOMS_EN, "zh", "症状持续多久了？")
    server.add_translation("Take one tablet twice a day.", "ms", "Ambil satu tablet dua kali sehari.")

    completion = ask(client, translate_request(SYMPTOMS_EN, "take one tablet twice a day."))
    malay = ask(client, translate_request("Take one tablet twice a day.", target="ms"))

    assert translated_texts(completion) == ["症状持续多久了？", "[zh] take one tablet twice a day."]
    assert translated_texts(malay) == ["Ambil satu tablet dua kali sehari."]


def test_a_draft_turns_the_brief_into_heading_paragraphs_actions_and_a_red_flag(client):
    leaflet = reply_json(ask(client, draft_request(), system=DRAFT_PROMPT))

    assert leaflet["title"] == "Dengue fever"
    assert leaflet["segments"] == [
        {"kind": "heading", "text": "Dengue fever"},
        {"kind": "paragraph", "text": "Dengue spreads through mosquito bites."},
        {"kind": "paragraph", "text": "Most people recover in a week."},
        {"kind": "list_item", "text": "Drink plenty of fluids."},
        {"kind": "list_item", "text": "Take paracetamol for fever, not ibuprofen."},
        {
            "kind": "red_flag",
            "text": "See a doctor if you have severe stomach pain or bleeding gums. Call 995 in an emergency.",
        },
    ]


def test_a_draft_always_carries_a_red_flag_even_from_a_thin_brief(client):
    leaflet = reply_json(ask(client, draft_request({"topic": "Sleep"}), system=DRAFT_PROMPT))

    assert [segment["kind"] for segment in leaflet["segments"]] == ["heading", "red_flag"]


def test_drafting_the_same_brief_twice_gives_the_same_leaflet(client):
    first = ask(client, draft_request(), system=DRAFT_PROMPT)
    second = ask(client, draft_request(), system=DRAFT_PROMPT)

    assert first.choices[0].message.content == second.choices[0].message.content


def test_the_reply_reports_the_configured_model_and_deterministic_token_usage(client):
    payload = json.dumps(translate_request(SYMPTOMS_EN), ensure_ascii=False)

    completion = ask(client, payload)

    content = completion.choices[0].message.content
    prompt_bytes = len((TRANSLATE_PROMPT + payload).encode("utf-8"))
    assert completion.model == "scripted-model-1"
    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-")
    assert completion.choices[0].message.role == "assistant"
    assert completion.usage.prompt_tokens == math.ceil(prompt_bytes / 4)
    assert completion.usage.completion_tokens == math.ceil(len(content.encode("utf-8")) / 4)
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens


def test_the_models_endpoint_lists_the_configured_model():
    with FakeLLMServer(model="tiny-model") as server:
        with OpenAI(base_url=server.base_url, api_key="test", max_retries=0) as openai_client:
            assert [model.id for model in openai_client.models.list()] == ["tiny-model"]
            assert openai_client.models.retrieve("tiny-model").id == "tiny-model"
            with pytest.raises(openai.NotFoundError):
                openai_client.models.retrieve("another-model")


def test_a_user_message_that_is_not_json_gets_a_could_not_parse_reply(client):
    completion = ask(client, "Please translate: fever")

    assert reply_json(completion) == {"error": "could not parse request"}


def test_a_translate_request_without_segments_gets_a_could_not_parse_reply(client):
    completion = ask(client, {"task": "translate", "target_language": "zh"})

    assert reply_json(completion) == {"error": "could not parse request"}


def test_a_streaming_request_is_refused_with_bad_request(client):
    with pytest.raises(openai.BadRequestError) as raised:
        ask(client, translate_request(SYMPTOMS_EN), stream=True)

    assert raised.value.param == "stream"


# Scripted steps


def test_a_rate_limit_step_raises_rate_limit_error_with_its_retry_after_visible(server, client):
    server.script(Step.status(429, retry_after=2))

    with pytest.raises(openai.RateLimitError) as raised:
        ask(client, translate_request(SYMPTOMS_EN))

    assert raised.value.response.headers["retry-after"] == "2"
    assert raised.value.code == "rate_limit_exceeded"


def test_a_fractional_retry_after_is_sent_as_a_decimal(server, client):
    server.script(Step.status(503, retry_after=0.5))

    with pytest.raises(openai.InternalServerError) as raised:
        ask(client, translate_request(SYMPTOMS_EN))

    assert raised.value.response.headers["retry-after"] == "0.5"


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, openai.BadRequestError),
        (401, openai.AuthenticationError),
        (500, openai.InternalServerError),
        (503, openai.InternalServerError),
    ],
)
def test_an_error_status_step_raises_the_matching_openai_error(server, client, status, error_class):
    server.script(Step.status(status, message="scripted failure"))

    with pytest.raises(error_class) as raised:
        ask(client, translate_request(SYMPTOMS_EN))

    assert raised.value.status_code == status
    assert "scripted failure" in str(raised.value)
    assert raised.value.response.json()["error"]["message"] == "scripted failure"
    assert "retry-after" not in raised.value.response.headers


def test_a_malformed_step_answers_200_with_text_that_is_not_json(server, client):
    server.script(Step.malformed())

    completion = ask(client, translate_request(SYMPTOMS_EN))

    assert completion.choices[0].message.content == "this is not json"
    assert completion.choices[0].finish_reason == "stop"


def test_a_reply_step_answers_with_exactly_that_content(server, client):
    server.script(Step.reply('{"segments": []}'))

    completion = ask(client, translate_request(SYMPTOMS_EN))

    assert completion.choices[0].message.content == '{"segments": []}'


def test_a_truncated_step_cuts_the_normal_json_in_half_and_reports_length(server, client):
    normal = ask(client, translate_request(SYMPTOMS_EN, IMAGE_EN)).choices[0].message.content
    server.script(Step.truncated())

    completion = ask(client, translate_request(SYMPTOMS_EN, IMAGE_EN))

    assert completion.choices[0].finish_reason == "length"
    assert completion.choices[0].message.content == normal[: len(normal) // 2]
    with pytest.raises(json.JSONDecodeError):
        reply_json(completion)


def test_drop_segment_omits_the_last_segment(server, client):
    server.script(Step.drop_segment())

    completion = ask(client, translate_request(SYMPTOMS_EN, IMAGE_EN))

    assert reply_json(completion) == {"segments": [{"id": "s1", "text": SYMPTOMS["zh"]}]}


def test_extra_segment_adds_an_id_that_was_never_sent(server, client):
    server.script(Step.extra_segment())

    completion = ask(client, translate_request(SYMPTOMS_EN, IMAGE_EN))

    ids = [segment["id"] for segment in reply_json(completion)["segments"]]
    assert ids[:2] == ["s1", "s2"]
    assert len(ids) == 3 and ids[2] not in {"s1", "s2"}


def test_duplicate_segment_repeats_the_first_id(server, client):
    server.script(Step.duplicate_segment())

    completion = ask(client, translate_request(SYMPTOMS_EN, IMAGE_EN))

    assert [segment["id"] for segment in reply_json(completion)["segments"]] == ["s1", "s1", "s2"]


def test_a_hang_longer_than_the_client_timeout_raises_api_timeout_error(server, client):
    server.script(Step.hang(3))

    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        ask(client.with_options(timeout=0.3), translate_request(SYMPTOMS_EN))

    assert time.monotonic() - started < 2
    # The abandoned connection must not disturb the next request.
    assert translated_texts(ask(client, translate_request(SYMPTOMS_EN))) == [SYMPTOMS["zh"]]


def test_a_hang_shorter_than_the_client_timeout_still_answers_normally(server, client):
    server.script(Step.hang(0.3))

    started = time.monotonic()
    completion = ask(client, translate_request(SYMPTOMS_EN))

    assert time.monotonic() - started >= 0.3
    assert translated_texts(completion) == [SYMPTOMS["zh"]]


def test_a_delay_step_answers_normally_after_the_extra_delay(server, client):
    server.script(Step.delay(0.3))

    started = time.monotonic()
    completion = ask(client, translate_request(SYMPTOMS_EN))

    assert time.monotonic() - started >= 0.3
    assert translated_texts(completion) == [SYMPTOMS["zh"]]


def test_a_disconnect_raises_api_connection_error_rather_than_a_timeout(server, client):
    server.script(Step.disconnect())

    with pytest.raises(openai.APIConnectionError) as raised:
        ask(client, translate_request(SYMPTOMS_EN))

    assert not isinstance(raised.value, openai.APITimeoutError)
    assert translated_texts(ask(client, translate_request(SYMPTOMS_EN))) == [SYMPTOMS["zh"]]


def test_an_error_status_must_be_4xx_or_5xx():
    with pytest.raises(ValueError):
        Step.status(200)


# Scripting rules


def test_scripts_are_consumed_in_fifo_order_then_behaviour_returns_to_normal(server, client):
    server.script(Step.status(500), Step.malformed("first"), Step.reply("second"))

    with pytest.raises(openai.InternalServerError):
        ask(client, translate_request(SYMPTOMS_EN))
    contents = [ask(client, translate_request(SYMPTOMS_EN)).choices[0].message.content for _ in range(3)]

    assert contents[:2] == ["first", "second"]
    assert json.loads(contents[2])["segments"][0]["text"] == SYMPTOMS["zh"]
    assert server.pending_scripts == 0


def test_a_script_for_one_task_waits_for_a_request_of_that_task(server, client):
    server.script(Step.status(503), task="back_translate")
    server.script(Step.reply("any task"))

    draft = ask(client, draft_request(), system=DRAFT_PROMPT)
    translation = ask(client, translate_request(SYMPTOMS_EN))
    with pytest.raises(openai.InternalServerError):
        ask(client, {**translate_request(SYMPTOMS["zh"], target="en"), "task": "back_translate"})

    assert draft.choices[0].message.content == "any task"
    assert translated_texts(translation) == [SYMPTOMS["zh"]]


def test_a_default_persists_until_removed(server, client):
    server.set_default(Step.status(500))

    for _ in range(3):
        with pytest.raises(openai.InternalServerError):
            ask(client, translate_request(SYMPTOMS_EN))
    server.set_default(None)

    assert translated_texts(ask(client, translate_request(SYMPTOMS_EN))) == [SYMPTOMS["zh"]]


def test_a_script_takes_precedence_over_a_default(server, client):
    server.set_default(Step.status(500))
    server.script(Step.ok())

    assert translated_texts(ask(client, translate_request(SYMPTOMS_EN))) == [SYMPTOMS["zh"]]
    with pytest.raises(openai.InternalServerError):
        ask(client, translate_request(SYMPTOMS_EN))


def test_a_task_default_beats_the_catch_all_default(server, client):
    server.set_default(Step.reply("catch-all"))
    server.set_default(Step.status(429), task="draft")

    assert ask(client, translate_request(SYMPTOMS_EN)).choices[0].message.content == "catch-all"
    with pytest.raises(openai.RateLimitError):
        ask(client, draft_request(), system=DRAFT_PROMPT)


def test_batches_above_the_segment_limit_are_cut_off_by_the_token_limit(server, client):
    server.truncate_above_segments = 2

    short = ask(client, translate_request(SYMPTOMS_EN, IMAGE_EN))
    long = ask(client, translate_request(SYMPTOMS_EN, IMAGE_EN, "A third sentence."))

    assert short.choices[0].finish_reason == "stop"
    assert long.choices[0].finish_reason == "length"
    with pytest.raises(json.JSONDecodeError):
        reply_json(long)


def test_latency_delays_every_answer_and_can_change_at_any_time(server, client):
    server.latency = 0.3
    started = time.monotonic()
    ask(client, translate_request(SYMPTOMS_EN))
    slow = time.monotonic() - started

    server.latency = 0.0
    started = time.monotonic()
    ask(client, translate_request(SYMPTOMS_EN))
    fast = time.monotonic() - started

    assert slow >= 0.3
    assert fast < 0.3


def test_reset_returns_the_server_to_its_freshly_constructed_behaviour(server, client):
    client.models.list()
    server.script(Step.status(500))
    server.set_default(Step.status(503))
    server.add_translation("Rest well.", "zh", "好好休息。")
    server.truncate_above_segments = 0
    server.latency = 0.5

    server.reset()

    completion = ask(client, translate_request("Rest well.", SYMPTOMS_EN))

    assert translated_texts(completion) == ["[zh] Rest well.", SYMPTOMS["zh"]]
    assert completion.choices[0].finish_reason == "stop"
    assert server.latency == 0.0
    assert len(server.requests) == 1


# Recording


def test_every_request_is_recorded_with_its_task_payload_and_prompt_version(server, client):
    ask(client, translate_request(SYMPTOMS_EN))
    ask(client, draft_request(), system=DRAFT_PROMPT)
    client.models.list()

    translate, draft, models = server.requests
    assert (translate.method, translate.path) == ("POST", "/v1/chat/completions")
    assert translate.task == "translate"
    assert translate.prompt_version == "translate-v1"
    assert translate.payload == translate_request(SYMPTOMS_EN)
    assert translate.body["model"] == "gpt-test"
    assert translate.headers["authorization"] == "Bearer test"
    assert draft.task == "draft"
    assert draft.prompt_version == "draft-v1"
    assert (models.method, models.path, models.body, models.task) == ("GET", "/v1/models", None, None)
    assert translate.received_at <= draft.received_at <= models.received_at


def test_raw_bytes_received_contains_every_body_sent(server, client):
    ask(client, translate_request(SYMPTOMS_EN))
    ask(client, translate_request(IMAGE_EN))

    received = server.raw_bytes_received()

    assert received == b"".join(request.raw for request in server.requests)
    assert b"these symptoms" in received and b"send you an image" in received
    assert b"S1234567D" not in received


def test_text_received_sees_identifiers_even_when_the_client_escaped_them(server, client):
    # json.dumps escapes non-ASCII by default, hiding the name from a byte search.
    ask(client, json.dumps(translate_request("Patient 张三 has a fever.")))

    assert "张三".encode() not in server.raw_bytes_received()
    assert "张三" in server.text_received()


def test_requests_from_another_process_are_served_and_recorded(server):
    script = (
        "import json, sys\n"
        "from openai import OpenAI\n"
        "client = OpenAI(base_url=sys.argv[1], api_key='worker', max_retries=0)\n"
        "payload = {'task': 'translate', 'source_language': 'en', 'target_language': 'ms',\n"
        "           'segments': [{'id': 's1', 'text': sys.argv[2]}]}\n"
        "reply = client.chat.completions.create(model='gpt-test', messages=[\n"
        "    {'role': 'system', 'content': 'PROMPT_VERSION: translate-v1'},\n"
        "    {'role': 'user', 'content': json.dumps(payload)}])\n"
        "print(reply.choices[0].message.content)\n"
    )

    finished = subprocess.run(
        [sys.executable, "-c", script, server.base_url, SYMPTOMS_EN],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert json.loads(finished.stdout)["segments"][0]["text"] == SYMPTOMS["ms"]
    (recorded,) = server.wait_for_requests(1)
    assert recorded.headers["authorization"] == "Bearer worker"


def test_max_in_flight_counts_requests_handled_at_the_same_time(server, client):
    # A full second of latency: on a loaded two-core machine five threads can
    # start far enough apart that 0.3 s answers stop overlapping.
    server.latency = 1.0
    workers = 5
    barrier = threading.Barrier(workers)
    failures = []

    def translate_once():
        barrier.wait()
        try:
            ask(client, translate_request(SYMPTOMS_EN))
        except Exception as error:  # the assertion below reports it
            failures.append(error)

    threads = [threading.Thread(target=translate_once) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert failures == []
    assert server.max_in_flight == workers
    # The server thread finishes its bookkeeping just after the client has
    # its answer; give it a moment.
    deadline = time.monotonic() + 2
    while server.in_flight and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.in_flight == 0


def test_sequential_requests_never_overlap(server, client):
    for _ in range(3):
        ask(client, translate_request(SYMPTOMS_EN))

    assert server.max_in_flight == 1


# Robustness


def raw_request(server, method, path, body=None, *, api_key="test"):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request(method, path, body=body, headers={"Authorization": f"Bearer {api_key}"} if api_key else {})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/v1/chat/completions", b"", 400),
        ("POST", "/v1/chat/completions", b"{not json", 400),
        ("POST", "/v1/chat/completions", b"\xff\xfe\x00", 400),
        ("POST", "/v1/chat/completions", b"[1, 2]", 400),
        ("POST", "/v1/chat/completions", b'{"model": "m", "messages": []}', 400),
        ("POST", "/v1/chat/completions", b'{"messages": [{"role": "user", "content": "hi"}]}', 400),
        ("GET", "/v1/chat/completions", None, 405),
        ("POST", "/v1/embeddings", b"{}", 404),
        ("GET", "/", None, 404),
    ],
)
def test_odd_input_gets_an_openai_style_json_error_and_the_server_carries_on(
    server, client, method, path, body, status
):
    answered_status, content_type, answer = raw_request(server, method, path, body)

    assert answered_status == status
    assert content_type == "application/json"
    assert set(answer["error"]) >= {"message", "type", "code"}
    assert translated_texts(ask(client, translate_request(SYMPTOMS_EN))) == [SYMPTOMS["zh"]]


def test_a_request_without_an_api_key_is_refused_with_401(server):
    status, _, answer = raw_request(server, "GET", "/v1/models", api_key=None)

    assert status == 401
    assert answer["error"]["type"] == "invalid_request_error"


def test_stopping_does_not_wait_for_a_hanging_request():
    server = FakeLLMServer().start()
    server.script(Step.hang(30))
    with OpenAI(base_url=server.base_url, api_key="test", max_retries=0, timeout=0.2) as openai_client:
        try:
            with pytest.raises(openai.APITimeoutError):
                ask(openai_client, translate_request(SYMPTOMS_EN))
        finally:
            started = time.monotonic()
            server.stop()

    assert time.monotonic() - started < 2


def test_a_stopped_server_refuses_further_requests_even_on_kept_alive_connections(server, client):
    ask(client, translate_request(SYMPTOMS_EN))
    server.stop()

    with pytest.raises(openai.APIConnectionError):
        ask(client, translate_request(SYMPTOMS_EN))


def test_the_command_line_server_prints_its_url_and_stops_on_sigterm():
    command = [sys.executable, "-m", "tests.support.fake_llm", "--port", "0", "--latency", "0"]
    with subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            base_url = process.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
            with OpenAI(base_url=base_url, api_key="test", max_retries=0, timeout=10) as openai_client:
                assert translated_texts(ask(openai_client, translate_request(SYMPTOMS_EN))) == [SYMPTOMS["zh"]]

            process.send_signal(signal.SIGTERM)
            _, errors = process.communicate(timeout=10)

            assert process.returncode == 0, errors
        finally:
            if process.poll() is None:
                process.kill()
