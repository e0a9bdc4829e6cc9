"""An evaluation run whose worker was lost is taken back and counted; one that keeps losing its worker
fails with the reason instead of calling every provider again after each lease, for ever."""

from datetime import timedelta

from django.utils import timezone, translation

from review.models import AuditEvent
from translations import evaluation
from translations.models import EvaluationRun


def _lost_run(recoveries: int = 0) -> EvaluationRun:
    started = timezone.now() - evaluation.LEASE - timedelta(seconds=1)
    return EvaluationRun.objects.create(
        language="ta", reference="memory", state="running", started_at=started, recoveries=recoveries
    )


def test_a_run_taken_back_from_a_lost_worker_is_counted(db):
    run = _lost_run()

    claimed = evaluation.evaluation_claim(run_id=run.pk)

    assert claimed is not None and (claimed.state, claimed.recoveries) == ("running", 1)
    assert evaluation.evaluation_claim(run_id=run.pk) is None  # a second delivery finds it taken


def test_it_refuses_to_run_again_a_run_that_keeps_losing_its_worker(db, settings):
    settings.RECOVERY_MAX_PER_BATCH = 2
    run = _lost_run(recoveries=2)

    assert evaluation.evaluation_claim(run_id=run.pk) is None

    run.refresh_from_db()
    assert (run.state, run.error, run.recoveries) == ("failed", evaluation.LOST_TOO_OFTEN, 2)
    failed = AuditEvent.objects.get(verb="evaluation.failed", object_id=str(run.pk))
    assert failed.data["reason"] == evaluation.LOST_TOO_OFTEN


def test_the_reason_is_shown_in_the_readers_language(db):
    with translation.override("zh-hans"):
        assert translation.gettext(evaluation.LOST_TOO_OFTEN) != evaluation.LOST_TOO_OFTEN
