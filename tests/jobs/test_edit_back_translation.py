"""A reviewer's edit makes the segment's back-translation stale: it is cleared, and a new one is queued."""

from unittest import mock

from review import rules
from tests.conftest import TICO, make_leaflet, text_of
from tests.jobs.helpers import run_job_inline
from translations import batches, edits, jobs
from translations.edits import target_segment_edit
from translations.models import Job, JobBatch, TargetSegment
from translations.qa_runner import current_findings
from translations.text_versions import text_version_apply_translations

# A Tamil rewording of TICO[0] ("about how long have these symptoms been going on?").
BETTER_TA = "இந்த அறிகுறிகள் எத்தனை நாட்களாக இருக்கின்றன?"


def back_translation_warnings(tv, segment):
    tv.refresh_from_db()
    return current_findings(tv).filter(check_id="back_translation", segment_key=segment.key)


def tamil_with_a_poor_back_translation(personas, model_server):
    """A Tamil text translated by a job whose back-translation of segment 1 drifted (a chrF warning)."""
    model_server.add_translation(TICO[0]["ta"], "en", "The weather was sunny at the seaside last week.")
    model_server.add_translation(BETTER_TA, "en", TICO[0]["en"])
    leaflet = make_leaflet(personas.author)
    job = run_job_inline(jobs.job_queue_translation(leaflet=leaflet, user=personas.author, languages=["ta"])[0])
    assert job.state == Job.State.SUCCEEDED, job.error
    tv = text_of(leaflet, "ta")
    segment = TargetSegment.objects.get(text_version=tv, position=1)
    assert segment.back_translation_chrf < 50 and back_translation_warnings(tv, segment).exists()
    return tv, segment


def edit(personas, segment, text, capture):
    segment.refresh_from_db()
    with capture(execute=True):
        return target_segment_edit(
            segment=segment, editor=personas.reviewer("ta", "native"), text=text, expected_seq=segment.edit_seq
        )


def test_an_edit_clears_the_stale_back_translation_and_a_new_one_arrives(
    personas, provider, model_server, django_capture_on_commit_callbacks
):
    tv, segment = tamil_with_a_poor_back_translation(personas, model_server)
    model_server.reset()
    model_server.add_translation(BETTER_TA, "en", TICO[0]["en"])

    edit(personas, segment, BETTER_TA, django_capture_on_commit_callbacks)

    segment.refresh_from_db()
    assert (segment.text, segment.back_translation, segment.back_translation_chrf) == (BETTER_TA, "", None)
    assert not back_translation_warnings(tv, segment).exists()  # QA has no stale figure to warn about
    job = Job.objects.get(rules.job_active(), text_version=tv)
    assert job.created_by == personas.reviewer("ta", "native")
    assert list(JobBatch.objects.filter(job=job).values_list("phase", "segment_keys")) == [
        ("back_translate", [str(segment.key)])
    ]

    job = run_job_inline(job)

    assert job.state == Job.State.SUCCEEDED, job.error
    segment.refresh_from_db()
    assert (segment.back_translation, segment.back_translation_chrf) == (TICO[0]["en"], 100.0)
    assert not back_translation_warnings(tv, segment).exists()
    # Only the edited segment went to the model, and only to be back-translated.
    assert [(r.task, r.payload["segments"]) for r in model_server.requests] == [("back_translate", {"s1": BETTER_TA})]


def test_queueing_the_same_back_translation_twice_queues_it_once(
    personas, provider, model_server, django_capture_on_commit_callbacks
):
    tv, segment = tamil_with_a_poor_back_translation(personas, model_server)

    edit(personas, segment, BETTER_TA, django_capture_on_commit_callbacks)
    again = jobs.back_translation_queue(
        text_version_id=tv.pk, keys=[segment.key], user_id=personas.reviewer("ta", "native").pk
    )
    edit(personas, segment, BETTER_TA + " ", django_capture_on_commit_callbacks)  # the same text: no change
    edit(personas, segment, "இந்த அறிகுறிகள் எத்தனை நாட்களாக உள்ளன?", django_capture_on_commit_callbacks)

    job = Job.objects.get(rules.job_active(), text_version=tv)
    assert again == job
    # The queued batch reads the text when it runs: the second edit needs no batch of its own.
    assert JobBatch.objects.filter(job=job).count() == 1


def test_a_back_translation_of_the_old_text_never_lands_on_the_edited_one(
    personas, provider, model_server, django_capture_on_commit_callbacks
):
    tv, segment = tamil_with_a_poor_back_translation(personas, model_server)
    edit(personas, segment, BETTER_TA, django_capture_on_commit_callbacks)
    batch = JobBatch.objects.get(job__text_version=tv, job__state="running")

    # The batch is claimed and its call answered; a reviewer edits the segment before the answer is stored.
    claimed = batches._claim(batch.pk)
    request = batches._segments_request(claimed)
    result, parsed = batches._call(claimed, request)
    edit(personas, segment, TICO[1]["ta"], django_capture_on_commit_callbacks)
    batches._store_back_translation(claimed, request, result, parsed)

    segment.refresh_from_db()
    assert (segment.text, segment.back_translation) == (TICO[1]["ta"], "")
    newer = JobBatch.objects.filter(job=batch.job, state="queued").get()
    assert newer.segment_keys == [str(segment.key)]
    run_job_inline(batch.job)
    segment.refresh_from_db()
    assert segment.back_translation == TICO[1]["en"]


def test_without_a_model_provider_an_edit_clears_the_back_translation_and_queues_nothing(
    personas, translated_leaflet, django_capture_on_commit_callbacks
):
    tv = text_of(translated_leaflet, "ta")
    segment = TargetSegment.objects.get(text_version=tv, position=1)
    text_version_apply_translations(
        text_version=tv,
        translations={},
        origin=TargetSegment.Origin.MODEL,
        back_translations={segment.key: ("Something else entirely.", 12.0)},
    )

    answers = []
    queue = jobs.back_translation_queue
    with mock.patch.object(edits, "back_translation_queue", lambda **kw: answers.append(queue(**kw))):
        edit(personas, segment, BETTER_TA, django_capture_on_commit_callbacks)

    segment.refresh_from_db()
    assert (segment.text, segment.back_translation, segment.back_translation_chrf) == (BETTER_TA, "", None)
    assert answers == [None]  # asked, and nothing to queue it on
    assert not Job.objects.exists() and not JobBatch.objects.exists()
    assert not back_translation_warnings(tv, segment).exists()
