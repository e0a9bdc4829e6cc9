"""A Malay text translated twice: two scripted providers that disagree on one sentence, and a third to back-translate.

Each provider is its own scripted server, so a test can tell exactly what
each one was sent. Providers without routes serve every kind and language in
the order they were added: slot "a" is `scripted`, slot "b" `scripted-b`, and
the blind back-translation goes to `scripted-c`, the one that wrote neither.
"""

from __future__ import annotations

import pytest

from tests.conftest import TICO, TITLES, text_of
from tests.jobs.helpers import run_job_inline
from translations import jobs
from translations.models import Provider, TextVersion
from workbench.models import Leaflet
from workbench.services import SegmentInput, leaflet_create

# Model B's Malay for the first TICO sentence: a different, also plausible wording.
MALAY_B = "sudah berapa lama simptom-simptom ini berlarutan?"


def _scripted(server, *, b_variant: bool = False):
    for english, translated in TITLES.items():
        for language, text in translated.items():
            server.add_translation(english, language, text)
            server.add_translation(text, "en", english)
    if b_variant:
        server.add_translation(TICO[0]["en"], "ms", MALAY_B)


def _provider(name: str, server) -> Provider:
    return Provider.objects.create(
        name=name,
        base_url=server.base_url,
        model=f"{name}-model",
        timeout_s=5,
        max_tokens=4000,
        price_in_per_1k="0.0005",
        price_out_per_1k="0.0015",
        max_concurrency=4,
    )


@pytest.fixture
def servers():
    """Three scripted endpoints: a (the usual wording), b (another wording of one sentence), c (back-translates)."""
    from tests.support.fake_llm import FakeLLMServer

    with (
        FakeLLMServer(model="model-a") as a,
        FakeLLMServer(model="model-b") as b,
        FakeLLMServer(model="model-c") as c,
    ):
        _scripted(a)
        _scripted(b, b_variant=True)
        _scripted(c)
        yield {"a": a, "b": b, "c": c}


@pytest.fixture
def providers(db, servers, needs_redis) -> dict[str, Provider]:
    return {
        slot: _provider(name, servers[slot])
        for slot, name in (("a", "scripted"), ("b", "scripted-b"), ("c", "scripted-c"))
    }


@pytest.fixture
def dual_leaflet(personas) -> Leaflet:
    """English source, Malay translated twice."""
    return leaflet_create(
        user=personas.author,
        title="Symptoms check",
        required_languages=["en", "ms"],
        dual_forward_languages=["ms"],
        segments=[SegmentInput(kind="paragraph", text=row["en"]) for row in TICO],
    )


def translate_twice(leaflet: Leaflet, user) -> TextVersion:
    """Queue the Malay translation and run it as a worker would; the text version afterwards."""
    (job,) = jobs.job_queue_translation(leaflet=leaflet, user=user, languages=["ms"])
    run_job_inline(job)
    return text_of(leaflet, "ms")


@pytest.fixture
def awaiting(dual_leaflet, providers, personas) -> TextVersion:
    """The Malay text with both versions of every segment stored and nothing reconciled."""
    return translate_twice(dual_leaflet, personas.author)
