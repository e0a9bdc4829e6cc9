"""Citations follow a segment into the next revision while its key and text are unchanged."""

from review.models import AuditEvent
from tests.conftest import text_of
from tests.grounded_drafting.conftest import cited_ids, passages_of
from translations.edits import source_segment_edit
from workbench.models import Citation
from workbench.services import SegmentInput, leaflet_create, revision_save, segment_citations_set

FLUIDS = "Drink plenty of fluids such as water and soup."
REST = "Rest at home until the fever goes."


def cited_leaflet(personas, add_source):
    source = add_source()
    leaflet = leaflet_create(
        user=personas.author,
        title="Dengue at home",
        required_languages=["en"],
        segments=[SegmentInput(kind="paragraph", text=FLUIDS), SegmentInput(kind="paragraph", text=REST)],
    )
    revision = leaflet.current_revision
    fluids, rest = revision.segments.get(text=FLUIDS), revision.segments.get(text=REST)
    passage = passages_of(source)[1]
    segment_citations_set(segment=fluids, user=personas.author, passage_ids=[passage.pk])
    segment_citations_set(segment=rest, user=personas.author, passage_ids=[passages_of(source)[0].pk])
    return leaflet, fluids, rest, passage


def body(revision, **changed):
    return [SegmentInput(kind=s.kind, text=changed.get(s.text, s.text), key=s.key) for s in revision.segments.all()]


def test_an_unchanged_segment_keeps_its_citations_and_a_changed_one_loses_them(personas, add_source):
    leaflet, fluids, rest, passage = cited_leaflet(personas, add_source)

    result = revision_save(
        leaflet=leaflet,
        user=personas.second_author,
        segments=body(leaflet.current_revision, **{REST: "Rest at home for three days."}),
        base_revision_number=1,
    )

    new = result.revision
    assert new.number == 2
    kept = new.segments.get(key=fluids.key)
    assert cited_ids(kept) == [passage.pk]
    citation = Citation.objects.get(segment=kept)
    assert (citation.origin, citation.created_by) == (Citation.Origin.AUTHOR, personas.author)
    assert cited_ids(new.segments.get(key=rest.key)) == []
    assert cited_ids(fluids) == [passage.pk]  # the old revision keeps what it cited
    assert not AuditEvent.objects.filter(verb="citations.changed", data__revision=2).exists()


def test_an_edit_on_the_review_screen_carries_the_other_segments_citations(personas, add_source):
    leaflet, fluids, rest, passage = cited_leaflet(personas, add_source)

    result = source_segment_edit(
        text_version=text_of(leaflet, "en"), key=rest.key, editor=personas.author, text="Rest for three days."
    )

    assert cited_ids(result.revision.segments.get(key=fluids.key)) == [passage.pk]
    assert cited_ids(result.revision.segments.get(key=rest.key)) == []


def test_a_model_citation_stays_a_model_citation(personas, provider, model_server, add_source):
    from translations import batches, jobs

    add_source()
    job = jobs.job_queue_draft(
        leaflet_or_none=None,
        user=personas.author,
        brief={"topic": "Dengue fever", "audience": "adults", "key_messages": ["Drink plenty of fluids"]},
        title="Dengue at home",
        required_languages=["en"],
    )
    batches.draft_run(job_id=job.pk)
    job.refresh_from_db()
    leaflet = job.result_revision.leaflet
    heading = job.result_revision.segments.filter(kind="heading").first()
    assert heading is not None

    result = revision_save(
        leaflet=leaflet,
        user=personas.author,
        segments=body(job.result_revision, **{heading.text: "Dengue fever at home"}),
        base_revision_number=1,
    )

    carried = Citation.objects.get(segment__revision=result.revision)
    assert carried.origin == Citation.Origin.MODEL and carried.created_by is None
