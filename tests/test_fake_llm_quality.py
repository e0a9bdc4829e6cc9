"""The scripted model server's quality variants, exercised through the real openai client."""

from __future__ import annotations

import json

import pytest
from openai import OpenAI

from tests.support.fake_llm import FakeLLMServer, Step
from tests.support.fake_llm_data import drop_words, paraphrase, wrong_numbers

PROMPT = "PROMPT_VERSION: translate-v3\nTranslate English to Malay."
SYMPTOMS_EN = "about how long have these symptoms been going on?"
SYMPTOMS_MS = "agak-agak sudah berapa lamakah simptom ini berterusan?"
IMAGE_EN = "i will send you an image"
IMAGE_MS = "saya akan hantarkan imej kepada anda"
DOSE_EN = "Take 2 tablets every 6 hours."
DOSE_MS = "Makan 2 biji setiap 6 jam."


@pytest.fixture
def server():
    with FakeLLMServer(
        qualities={
            "good-model": "exact",
            "dropper-model": "drops_words",
            "numbers-model": "wrong_numbers",
            "neighbour-model": "neighbour",
            "paraphraser": "paraphraser",
            "parrot": "untranslated",
        }
    ) as running:
        running.add_translation(DOSE_EN, "ms", DOSE_MS)
        yield running


@pytest.fixture
def client(server):
    with OpenAI(base_url=server.base_url, api_key="test", max_retries=0, timeout=10) as openai_client:
        yield openai_client


def translate(client, model: str, segments: dict[str, str]):
    response = client.chat.completions.create(
        model=model,
        messages=[
            {"role": "system", "content": PROMPT},
            {"role": "user", "content": json.dumps({"to": "ms", "segments": segments})},
        ],
    )
    return response.model, json.loads(response.choices[0].message.content)["segments"]


def test_the_good_model_answers_with_the_tico_reference(client):
    model, segments = translate(client, "good-model", {"s1": SYMPTOMS_EN, "s2": IMAGE_EN})

    assert model == "good-model"
    assert segments == {"s1": SYMPTOMS_MS, "s2": IMAGE_MS}


def test_the_dropper_leaves_out_words_the_same_way_every_time(client):
    _, first = translate(client, "dropper-model", {"s1": SYMPTOMS_EN})
    _, again = translate(client, "dropper-model", {"s1": SYMPTOMS_EN})

    words = first["s1"].split()
    assert first == again
    assert 0 < len(words) < len(SYMPTOMS_MS.split())
    assert set(words) <= set(SYMPTOMS_MS.split())


def test_the_numbers_model_changes_every_number_and_nothing_else(client):
    _, segments = translate(client, "numbers-model", {"s1": DOSE_EN, "s2": IMAGE_EN})

    assert segments == {"s1": "Makan 3 biji setiap 7 jam.", "s2": IMAGE_MS}


def test_the_neighbour_model_gives_each_segment_the_next_ones_translation(client):
    _, segments = translate(client, "neighbour-model", {"s1": SYMPTOMS_EN, "s2": IMAGE_EN})

    assert segments == {"s1": IMAGE_MS, "s2": SYMPTOMS_MS}


def test_the_paraphraser_keeps_the_words_but_not_their_order(client):
    _, segments = translate(client, "paraphraser", {"s1": SYMPTOMS_EN})

    assert segments["s1"] != SYMPTOMS_MS
    assert sorted(segments["s1"].split()) == sorted(SYMPTOMS_MS.split())


def test_the_parrot_answers_with_the_source_text(client):
    _, segments = translate(client, "parrot", {"s1": SYMPTOMS_EN})

    assert segments == {"s1": SYMPTOMS_EN}


def test_a_model_it_was_not_told_about_answers_correctly_as_the_servers_model(client, server):
    model, segments = translate(client, "some-other-model", {"s1": SYMPTOMS_EN})

    assert model == server.model == "scripted-model-1"
    assert segments == {"s1": SYMPTOMS_MS}


def test_a_test_can_change_the_model_an_endpoint_reports(client, server):
    server.reported_models["good-model"] = "good-model-2025-06"

    model, segments = translate(client, "good-model", {"s1": SYMPTOMS_EN})

    assert model == "good-model-2025-06"
    assert segments == {"s1": SYMPTOMS_MS}
    assert "good-model-2025-06" in [m.id for m in client.models.list()]


def test_the_models_list_names_every_variant(client, server):
    listed = [m.id for m in client.models.list()]

    assert listed[0] == server.model
    assert {"good-model", "dropper-model", "numbers-model", "parrot"} <= set(listed)


def test_scripted_failures_still_apply_to_a_variant(client, server):
    server.script(Step.drop_segment())

    _, segments = translate(client, "numbers-model", {"s1": DOSE_EN, "s2": IMAGE_EN})

    assert segments == {"s1": "Makan 3 biji setiap 7 jam."}


def test_reset_restores_the_variants_and_forgets_reported_names(client, server):
    server.qualities["good-model"] = "drops_words"
    server.reported_models["good-model"] = "renamed"

    server.reset()

    assert translate(client, "good-model", {"s1": SYMPTOMS_EN}) == ("good-model", {"s1": SYMPTOMS_MS})


def test_it_refuses_a_quality_it_does_not_know():
    with pytest.raises(ValueError, match="unknown qualities"):
        FakeLLMServer(qualities={"m": "brilliant"})


def test_the_corruptions_are_deterministic_and_leave_chinese_as_characters():
    text = "这些症状已持续多长时间？"

    assert drop_words(text) == drop_words(text) != text
    assert len(drop_words(text)) < len(text) and " " not in drop_words(text)
    assert wrong_numbers("Call 995 or 1777") == "Call 996 or 1778"
    assert paraphrase("one") == "one"
