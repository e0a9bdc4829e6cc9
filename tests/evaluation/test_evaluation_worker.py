"""A queued evaluation run by a real Celery worker, as the dashboard's button queues it."""

from __future__ import annotations

import pytest

from tests.support.worker import wait_until
from translations import evaluation
from translations.models import EvaluationRun, MemoryEntry

pytestmark = pytest.mark.worker

PAIRS = [
    ("about how long have these symptoms been going on?", "agak-agak sudah berapa lamakah simptom ini berterusan?"),
    ("i will send you an image", "saya akan hantarkan imej kepada anda"),
]


def test_a_worker_runs_the_queued_evaluation_and_ranks_the_providers(
    provider_manager, good, dropper, quality_server, worker
):
    for i, (english, malay) in enumerate(PAIRS):
        MemoryEntry.objects.create(
            source_language="en", target_language="ms", source_hash=f"h{i}", source_text=english, target_text=malay
        )

    run = evaluation.evaluation_queue(
        actor=provider_manager, language="ms", reference="memory", providers=[good, dropper]
    )

    done = wait_until(
        lambda: EvaluationRun.objects.filter(pk=run.pk, state__in=["succeeded", "failed"]).first(), timeout=60
    )
    assert done.state == EvaluationRun.State.SUCCEEDED, done.error
    results = {r.provider_name: r for r in done.results.all()}
    assert results["good"].chrf == 100.0 and results["dropper"].chrf < results["good"].chrf
    assert results["good"].reported_model == "good-model" and results["good"].segments == 2
    assert len(quality_server.requests) == 2  # one call per provider, from the worker's process
