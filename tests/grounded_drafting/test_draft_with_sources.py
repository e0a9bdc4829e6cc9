"""Drafting with sources: the brief's passages are sent with their ids, the reply's citations stored and audited."""

import json

from django.test import override_settings

from review.models import AuditEvent
from tests.grounded_drafting.conftest import cited_ids, passages_of
from translations import batches, jobs
from translations.models import Job
from workbench.models import Citation, Segment
from workbench.services import SegmentInput, leaflet_create

BRIEF = {
    "topic": "Dengue fever",
    "audience": "adults",
    "key_messages": ["Drink plenty of fluids"],
    "actions": "Take paracetamol 500 mg every 6 hours for fever",
    "seek_help": "bleeding gums",
    "emergency_contacts": "995",
}


def draft(personas, brief=BRIEF, leaflet=None):
    job = jobs.job_queue_draft(
        leaflet_or_none=leaflet, user=personas.author, brief=brief, title="Dengue at home", required_languages=["en"]
    )
    batches.draft_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_a_draft_sends_the_briefs_passages_with_their_ids_and_stores_the_citations(
    personas, provider, model_server, add_source
):
    source = add_source()
    fluids = passages_of(source)[1]

    job = draft(personas)

    assert job.state == Job.State.SUCCEEDED, job.error
    request = model_server.requests[0]
    assert request.prompt_version == "draft-v2"
    sent = request.payload["passages"]
    assert f"P{fluids.pk}" in sent and sent[f"P{fluids.pk}"] == fluids.text
    revision = job.result_revision
    assert revision.prompt_version == "draft-v2"
    # The scripted model cites the first passage it was sent on each key message.
    first = int(next(iter(sent))[1:])
    paragraph = revision.segments.get(kind=Segment.Kind.PARAGRAPH)
    assert cited_ids(paragraph) == [first]
    assert Citation.objects.get(segment=paragraph).origin == Citation.Origin.MODEL
    assert not Citation.objects.filter(segment__revision=revision).exclude(segment=paragraph).exists()


def test_the_draft_audit_records_every_passage_sent_with_its_source_and_version(
    personas, provider, model_server, add_source
):
    source = add_source()

    job = draft(personas)

    event = AuditEvent.objects.get(verb="job.succeeded", object_id=str(job.pk))
    sent = sorted(int(pid[1:]) for pid in model_server.requests[0].payload["passages"])
    assert sorted(p["passage"] for p in event.data["passages"]) == sent
    assert {(p["source"], p["source_version"]) for p in event.data["passages"]} == {(source.pk, 1)}
    assert event.data["prompt_version"] == "draft-v2" and event.data["citations"] == 1
    assert event.data["passages_withheld"] == []


def test_a_passage_carrying_a_phone_number_never_reaches_the_model(
    personas, provider, model_server, add_source, raw_passage
):
    add_source()
    leaked = raw_passage("Dengue fluids advice: Mdm Tan drank plenty of fluids, call her on 9123 4567.")

    job = draft(personas)

    assert job.state == Job.State.SUCCEEDED, job.error
    assert "9123" not in model_server.text_received()
    assert f"P{leaked.pk}" not in model_server.requests[0].payload["passages"]
    event = AuditEvent.objects.get(verb="job.succeeded", object_id=str(job.pk))
    assert event.data["passages_withheld"] == [leaked.pk]
    assert leaked.pk not in [p["passage"] for p in event.data["passages"]]


def test_with_no_passage_found_the_draft_proceeds_and_the_revision_says_so(personas, provider, model_server):
    job = draft(personas)

    assert job.state == Job.State.SUCCEEDED, job.error
    request = model_server.requests[0]
    assert request.prompt_version == "draft-v2" and "passages" not in request.payload
    assert "cite" not in request.body["messages"][0]["content"]
    assert "without sources" in job.result_revision.note
    assert not Citation.objects.exists()


@override_settings(DRAFT_PASSAGES=2)
def test_it_sends_at_most_the_configured_number_of_passages(personas, provider, model_server, add_source):
    for n in range(4):
        add_source(f"Dengue fever patients should drink plenty of fluids, advice number {n}.", title=f"Guide {n}")

    draft(personas)

    assert len(model_server.requests[0].payload["passages"]) == 2


def test_a_chinese_draft_searches_chinese_and_english_sources(personas, provider, model_server, add_source):
    english = add_source()
    chinese = add_source("登革热患者应该多喝水，例如水、汤和果汁。", language="zh", title="登革热")
    leaflet = leaflet_create(
        user=personas.author,
        title="登革热",
        source_language="zh",
        required_languages=["zh"],
        segments=[SegmentInput(kind="paragraph", text="登革热是由蚊子传播的。")],
    )

    draft(personas, {**BRIEF, "topic": "登革热", "key_messages": ["多喝水", "Drink plenty of fluids"]}, leaflet)

    sent = model_server.requests[0].payload["passages"]
    assert {f"P{p.pk}" for p in passages_of(chinese)} <= set(sent)
    assert any(f"P{p.pk}" in sent for p in passages_of(english))


def test_the_reply_schema_allows_only_the_sent_ids(personas, provider, model_server, add_source):
    add_source()
    provider.structured_output = "json_schema"
    provider.save()

    draft(personas)

    request = model_server.requests[0]
    schema = request.params["response_format"]["json_schema"]["schema"]
    citations = schema["properties"]["segments"]["items"]["properties"]["citations"]
    assert sorted(citations["items"]["enum"]) == sorted(request.payload["passages"])
    assert json.loads(request.body["messages"][1]["content"])["passages"] == request.payload["passages"]
