"""Queueing a dual language: two independent versions per segment, from two providers, kept apart from the text."""

from review.models import AuditEvent
from tests.conftest import TICO, TITLES, text_of
from tests.dual_forward.conftest import MALAY_B, translate_twice
from translations.models import ForwardTranslation, Job, JobBatch, TargetSegment, TextVersion


def test_two_providers_each_store_a_version_and_neither_touches_the_segments(
    dual_leaflet, providers, servers, personas
):
    malay = translate_twice(dual_leaflet, personas.author)

    segments = list(TargetSegment.objects.filter(text_version=malay).select_related("source_segment"))
    assert len(segments) == 3 and all(s.text == "" and s.updated_by is None for s in segments)
    versions = ForwardTranslation.objects.filter(text_version=malay)
    assert versions.count() == 6
    by = {(v.key, v.slot): v for v in versions}
    first = next(s for s in segments if s.source_segment.text == TICO[0]["en"])
    assert by[(first.key, "a")].text == TICO[0]["ms"] and by[(first.key, "b")].text == MALAY_B
    assert {v.provider for v in versions if v.slot == "a"} == {providers["a"]}
    assert {v.provider for v in versions if v.slot == "b"} == {providers["b"]}
    assert {v.reported_model for v in versions} == {"model-a", "model-b"}
    assert all(v.origin == "model" and v.number == 1 and v.job_id and v.prompt_version for v in versions)
    title = next(s for s in segments if s.source_segment.kind == "title")
    assert by[(title.key, "a")].text == by[(title.key, "b")].text == TITLES["Symptoms check"]["ms"]


def test_the_text_waits_for_reconciliation_and_the_job_says_how_much_it_did(dual_leaflet, providers, personas):
    malay = translate_twice(dual_leaflet, personas.author)

    assert malay.state == TextVersion.State.AWAITING_RECONCILIATION
    job = Job.objects.get(text_version=malay)
    assert job.state == Job.State.SUCCEEDED and job.progress_done == job.progress_total == 6
    assert set(JobBatch.objects.filter(job=job).values_list("phase", "slot")) == {
        ("translate", "a"),
        ("translate", "b"),
    }


def test_each_version_is_audited_with_its_provider_and_model(dual_leaflet, providers, personas):
    malay = translate_twice(dual_leaflet, personas.author)

    events = AuditEvent.objects.filter(verb="forward_translation.stored", leaflet=dual_leaflet).order_by("id")
    assert sorted((e.data["slot"], e.data["provider"], e.data["model"]) for e in events) == [
        ("a", "scripted", "model-a"),
        ("b", "scripted-b", "model-b"),
    ]
    assert all(len(e.data["segments"]) == 3 and e.data["language"] == "ms" for e in events)
    assert all(str(malay.pk) == e.object_id for e in events)


def test_nothing_is_back_translated_before_reconciliation(dual_leaflet, providers, servers, personas):
    translate_twice(dual_leaflet, personas.author)

    assert [r.task for r in servers["a"].requests] == ["translate"]
    assert [r.task for r in servers["b"].requests] == ["translate"]
    assert servers["c"].requests == []


def test_a_language_not_listed_is_translated_once_into_its_segments(providers, servers, personas):
    from tests.jobs.helpers import run_job_inline
    from translations import jobs
    from workbench.services import SegmentInput, leaflet_create

    leaflet = leaflet_create(
        user=personas.author,
        title="Symptoms check",
        required_languages=["en", "ms", "ta"],
        dual_forward_languages=["ms"],
        segments=[SegmentInput(kind="paragraph", text=row["en"]) for row in TICO],
    )
    (job,) = jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])
    run_job_inline(job)

    tamil = text_of(leaflet, "ta")
    assert not TargetSegment.objects.filter(text_version=tamil, text="").exists()
    assert not ForwardTranslation.objects.filter(text_version=tamil).exists()
    assert tamil.state == TextVersion.State.IN_REVIEW
