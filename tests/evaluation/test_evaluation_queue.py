"""Queueing an evaluation (the dashboard's button) and the task that runs it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review.models import AuditEvent
from tests.evaluation.conftest import write_tsv
from translations import evaluation
from translations.models import EvaluationResult, EvaluationRun


@pytest.fixture
def references(settings, tmp_path):
    folder = tmp_path / "references"
    folder.mkdir()
    write_tsv(
        folder / "small.tsv",
        [
            {"id": "1", "source": "i will send you an image", "reference": "saya akan hantarkan imej kepada anda"},
            {
                "id": "2",
                "source": "about how long have these symptoms been going on?",
                "reference": "agak-agak sudah berapa lamakah simptom ini berterusan?",
            },
        ],
    )
    settings.EVALUATION_REFERENCE_DIR = folder
    return folder


def queue(user, providers, *, reference="small.tsv", language="ms"):
    return evaluation.evaluation_queue(actor=user, language=language, reference=reference, providers=providers)


def test_an_author_cannot_queue_an_evaluation(personas, good, references):
    with pytest.raises(PermissionDenied):
        queue(personas.author, [good])

    assert not EvaluationRun.objects.exists()


def test_someone_who_manages_providers_queues_a_run_sent_after_the_commit(
    provider_manager, good, dropper, references, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = queue(provider_manager, [good, dropper])

    assert len(callbacks) == 1
    assert run.state == EvaluationRun.State.QUEUED and run.created_by == provider_manager
    assert run.reference == "small.tsv" and run.language == "ms" and run.source_language == "en"
    assert sorted(EvaluationResult.objects.filter(run=run).values_list("provider_name", flat=True)) == [
        "dropper",
        "good",
    ]
    event = AuditEvent.objects.get(verb="evaluation.queued")
    assert event.actor == provider_manager and event.data["providers"] == ["good", "dropper"]


def test_the_task_runs_the_queued_run_once_however_often_it_is_delivered(
    provider_manager, good, dropper, references, quality_server
):
    run = queue(provider_manager, [good, dropper])

    evaluation.evaluation_run_queued(run_id=run.pk)
    calls = len(quality_server.requests)
    assert evaluation.evaluation_run_queued(run_id=run.pk) is None  # a second delivery finds nothing to claim

    run.refresh_from_db()
    assert run.state == EvaluationRun.State.SUCCEEDED and run.segments == 2 and run.started_at and run.finished_at
    assert calls == 2 == len(quality_server.requests)
    results = {r.provider_name: r for r in run.results.all()}
    assert results["good"].chrf == 100.0 and results["dropper"].chrf < 100.0
    assert AuditEvent.objects.filter(verb="evaluation.ran", object_id=str(run.pk)).count() == 1


def test_a_run_whose_reference_went_missing_ends_failed_with_the_reason(provider_manager, good, references):
    run = queue(provider_manager, [good])
    (references / "small.tsv").unlink()

    evaluation.evaluation_run_queued(run_id=run.pk)

    run.refresh_from_db()
    assert run.state == EvaluationRun.State.FAILED
    assert "There is no reference file small.tsv" in run.error
    assert AuditEvent.objects.get(verb="evaluation.failed").data["reason"] == run.error


def test_a_run_that_crashes_ends_failed_instead_of_running_for_ever(provider_manager, good, references, monkeypatch):
    run = queue(provider_manager, [good])

    def broken(*args, **kwargs):
        raise RuntimeError("the QA tables are missing")

    monkeypatch.setattr(evaluation, "_qa_rates", broken)
    evaluation.evaluation_run_queued(run_id=run.pk)

    run.refresh_from_db()
    assert run.state == EvaluationRun.State.FAILED and "the QA tables are missing" in run.error


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("../small.tsv", "must be a file name inside the reference folder"),
        ("/etc/passwd", "must be a file name inside the reference folder"),
        ("other.tsv", "There is no reference file other.tsv"),
        ("memory", "no approved translation memory"),
    ],
)
def test_it_refuses_a_reference_a_queued_run_could_not_read(provider_manager, good, references, reference, message):
    with pytest.raises(ValidationError, match=message):
        queue(provider_manager, [good], reference=reference)

    assert not EvaluationRun.objects.exists()


def test_it_refuses_a_run_without_providers_or_in_a_language_that_is_not_a_content_language(
    provider_manager, good, references
):
    with pytest.raises(ValidationError, match="at least one provider"):
        queue(provider_manager, [])
    with pytest.raises(ValidationError, match="id_ID is not a content language"):
        queue(provider_manager, [good], language="id_ID")
