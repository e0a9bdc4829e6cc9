"""A draft citing a passage it was not sent is refused: retried once, then the job fails naming the id."""

import pytest

from tests.support.fake_llm import UNSENT_PASSAGE_ID, Step
from translations import batches, jobs, llm
from translations.models import Job, JobBatch
from workbench.models import Citation, Leaflet

BRIEF = {"topic": "Dengue fever", "audience": "adults", "key_messages": ["Drink plenty of fluids"]}


def queue(personas):
    return jobs.job_queue_draft(
        leaflet_or_none=None, user=personas.author, brief=BRIEF, title="Dengue at home", required_languages=["en"]
    )


def test_it_refuses_a_draft_citing_an_id_that_was_not_sent_twice_and_fails_with_the_id(
    personas, provider, model_server, add_source
):
    add_source()
    model_server.set_default(Step.cite_unsent(), task="draft")
    job = queue(personas)

    assert batches.draft_run(job_id=job.pk).retry_in == 0.0
    batches.draft_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "malformed twice" in job.error and UNSENT_PASSAGE_ID in job.error and "not sent" in job.error
    assert JobBatch.objects.get(job=job).malformed_replies == 1
    assert not Leaflet.objects.exists() and not Citation.objects.exists()


def test_a_draft_citing_an_unsent_id_once_is_retried_and_then_stored(personas, provider, model_server, add_source):
    add_source()
    model_server.script(Step.cite_unsent(), task="draft")
    job = queue(personas)

    batches.draft_run(job_id=job.pk)
    batches.draft_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    assert Citation.objects.filter(segment__revision=job.result_revision).count() == 1


def test_it_refuses_any_citation_when_no_passage_was_sent():
    reply = '{"title": "Dengue", "segments": [{"kind": "paragraph", "text": "Rest.", "citations": ["P1"]}]}'
    with pytest.raises(llm.MalformedReply, match="'P1', a passage that was not sent"):
        llm.parse_draft_reply(reply, max_segments=10, max_chars=500)


def test_it_refuses_citations_that_are_not_a_list_of_ids():
    reply = '{"title": "Dengue", "segments": [{"kind": "paragraph", "text": "Rest.", "citations": "P1"}]}'
    with pytest.raises(llm.MalformedReply, match="not a list of passage ids"):
        llm.parse_draft_reply(reply, max_segments=10, max_chars=500, passage_ids=frozenset({"P1"}))


def test_citations_are_optional_per_segment_and_repeats_count_once():
    reply = (
        '{"title": "Dengue", "segments": [{"kind": "paragraph", "text": "Rest.", "citations": ["P1", "P1"]},'
        '{"kind": "red_flag", "text": "Call 995."}]}'
    )
    parsed = llm.parse_draft_reply(reply, max_segments=10, max_chars=500, passage_ids=frozenset({"P1", "P2"}))
    assert parsed.citations == [["P1"], []]
