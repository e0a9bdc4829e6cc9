"""A reply carrying characters no leaflet holds is a malformed reply, not text to store.

PostgreSQL cannot store a NUL at all (the store would raise half-way through a
job), and a lone surrogate cannot even be encoded as UTF-8; bidirectional
overrides and other controls would make the stored text read differently from
what a reviewer sees. The model's output is untrusted input: it is refused at
the parse step, retried once like any malformed reply, then fails the job with
its reason, on SQLite and PostgreSQL alike.
"""

import json

import pytest

from tests.conftest import make_leaflet, text_of
from tests.jobs.helpers import run_job_inline
from tests.jobs.test_draft import draft
from tests.support.fake_llm import Step
from translations import batches, jobs
from translations.models import Job, TargetSegment

BAD = {
    "nul": "Minum\u0000 air",
    "escape": "Minum \u001b[31m air",
    "c1-control": "Minum \u0085 air",
    "lone-surrogate": "Minum \ud800 air",
    "noncharacter": "Minum \uffff air",
    "right-to-left-override": "Ambil \u202e2 biji\u202c sehari",
}


def _reply_with(text: str) -> Step:
    # The title and two paragraphs the fixture leaflet has, as s1..s3; one carries the bad text.
    body = {"segments": {"s1": "Tajuk", "s2": text, "s3": "Rehat secukupnya."}}
    # ensure_ascii keeps a lone surrogate sendable as JSON (\ud800), exactly as a broken model would send it.
    return Step.reply(json.dumps(body, ensure_ascii=True))


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_it_refuses_a_translation_carrying_control_characters(personas, provider, model_server, text):
    leaflet = make_leaflet(personas.author)
    model_server.set_default(_reply_with(text), task="translate")
    job = jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ms"])[0]

    job = run_job_inline(job)

    assert job.state == Job.State.FAILED
    assert "malformed twice" in job.error and "character" in job.error
    assert not TargetSegment.objects.filter(text_version=text_of(leaflet, "ms")).exclude(text="").exists()


def test_it_keeps_the_joiners_tamil_needs(personas, provider, model_server):
    leaflet = make_leaflet(personas.author)
    # ZWNJ/ZWJ are legitimate in Tamil and emoji sequences: not a reason to refuse.
    model_server.set_default(_reply_with("மருந்\u200cதை உட்கொள்ளவும்"), task="translate")
    job = jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])[0]

    job = run_job_inline(job)

    assert job.state == Job.State.SUCCEEDED, job.error
    assert TargetSegment.objects.filter(text_version=text_of(leaflet, "ta"), text__contains="\u200c").exists()


@pytest.mark.parametrize(
    "reply",
    [
        {"title": "Demam\u0000", "segments": [{"kind": "paragraph", "text": "Minum air."}]},
        {"title": "Demam", "segments": [{"kind": "paragraph", "text": "Ambil \u202e2 biji\u202c sehari."}]},
    ],
    ids=["nul-in-title", "override-in-segment"],
)
def test_it_refuses_a_draft_carrying_control_characters(personas, provider, model_server, reply):
    model_server.set_default(Step.reply(json.dumps(reply)), task="draft")
    job = draft(personas)

    batches.draft_run(job_id=job.pk)
    batches.draft_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "malformed twice" in job.error and "U+" in job.error
    assert job.leaflet is None and job.result_revision is None
